#pragma once
// A device's volume: slider -> PUT /api/devices/{id}/config, with the outcome always visible:
// pending (waiting for the device), acknowledged, timed out (504 device_timeout: saved, delivered on
// reconnect), denied (403) or failed. One request at a time; the latest wish is sent next.
#include <QPointer>
#include <QWidget>
#include <optional>

class QLabel;
class QSlider;
class QTimer;

namespace spk::client {
class ApiClient;
class ApiReply;
} // namespace spk::client

namespace spk::console {

class VolumeControl : public QWidget
{
    Q_OBJECT
public:
    enum class State { Idle, Pending, Acknowledged, TimedOut, Denied, Failed };
    Q_ENUM(State)

    explicit VolumeControl(spk::client::ApiClient *api, QWidget *parent = nullptr);

    // Shows this device's volume; forgets the state of the previous device.
    void setDevice(const QString &deviceId, std::optional<int> volume);
    // The device reported a volume (live status): moves the slider unless the person is using it.
    void showReportedVolume(int volume);
    // A config_ack arrived on the live feed for this device.
    void acknowledgeFromLive(const QString &deviceId, int volume);
    void setControlsEnabled(bool enabled, const QString &whyNot = {});

    State state() const { return state_; }
    QString stateText() const;
    int value() const;

public slots:
    // Sends the volume (0–100) as the person chose it.
    void requestVolume(int volume);

signals:
    void stateChanged(spk::console::VolumeControl::State state);
    // The server acknowledged this volume for this device (REST 200).
    void volumeAcknowledged(const QString &deviceId, int volume);

protected:
    void changeEvent(QEvent *event) override;

private:
    void send(int volume);
    void setState(State state, const QString &detail = {});
    void retranslateUi();

    spk::client::ApiClient *api_;
    QLabel *label_;
    QSlider *slider_;
    QLabel *value_;
    QLabel *status_;
    QTimer *debounce_;
    QString deviceId_;
    QPointer<spk::client::ApiReply> inFlight_;
    std::optional<int> queued_;
    int sentVolume_ = -1;
    int generation_ = 0;
    State state_ = State::Idle;
    QString detail_;
    bool settingProgrammatically_ = false;
};

} // namespace spk::console
