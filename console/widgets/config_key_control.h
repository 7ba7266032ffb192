#pragma once
// One integer device setting (a spk::wire::kConfigKeys row, e.g. volume): slider -> PUT
// /api/devices/{id}/config, with the outcome always visible: pending (waiting for the device),
// acknowledged, timed out (504 device_timeout: saved, delivered on reconnect), denied (403) or failed.
// One request at a time; the latest wish is sent next.
#include "console/widgets/config_key_sliders.h"

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

class ConfigKeyControl : public QWidget
{
    Q_OBJECT
public:
    enum class State { Idle, Pending, Acknowledged, TimedOut, Denied, Failed };
    Q_ENUM(State)

    // `slider.key` must name an integer key of spk::wire::kConfigKeys.
    ConfigKeyControl(spk::client::ApiClient *api, const ConfigKeySlider &slider, QWidget *parent = nullptr);

    const spk::wire::ConfigKey &key() const { return key_; }
    // Shows this device's value; forgets the state of the previous device.
    void setDevice(const QString &deviceId, std::optional<int> value);
    // The device reported its value (live status): moves the slider unless the person is using it.
    void showReported(int value);
    // A config_ack arrived on the live feed for this device.
    void acknowledgeFromLive(const QString &deviceId, int value);
    void setControlsEnabled(bool enabled, const QString &whyNot = {});

    State state() const { return state_; }
    QString stateText() const;
    int value() const;

public slots:
    // Sends the value as the person chose it; outside the key's range nothing is sent.
    void requestValue(int value);

signals:
    void stateChanged(spk::console::ConfigKeyControl::State state);
    // The server acknowledged this value for this device (REST 200).
    void acknowledged(const QString &deviceId, int value);

protected:
    void changeEvent(QEvent *event) override;

private:
    void send(int value);
    void setState(State state, const QString &detail = {});
    void retranslateUi();
    QString label() const;
    QString valueText(int value) const;

    spk::client::ApiClient *api_;
    const spk::wire::ConfigKey &key_;
    ConfigKeySlider slider_;
    QLabel *label_;
    QSlider *input_;
    QLabel *value_;
    QLabel *status_;
    QTimer *debounce_;
    QString deviceId_;
    QPointer<spk::client::ApiReply> inFlight_;
    std::optional<int> queued_;
    int sentValue_ = -1;
    int generation_ = 0;
    State state_ = State::Idle;
    QString detail_;
    bool settingProgrammatically_ = false;
};

} // namespace spk::console
