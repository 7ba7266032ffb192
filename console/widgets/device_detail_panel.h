#pragma once
// One device in detail: live status, a slider per setting (volume, …) with its confirmation state, reboot
// (after a confirmation), a new secret (admin) and the device's recent sessions.
#include <QPointer>
#include <QWidget>
#include <vector>

class QFormLayout;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;

namespace spk::client {
class ApiReply;
}

namespace spk::console {

class Connection;
class DeviceTableModel;
class ConfigKeyControl;

class DeviceDetailPanel : public QWidget
{
    Q_OBJECT
public:
    DeviceDetailPanel(Connection *connection, DeviceTableModel *devices, QWidget *parent = nullptr);

    void showDevice(const QString &deviceId);
    QString deviceId() const { return deviceId_; }
    // The slider of this config key ("volume"), or nullptr when the console shows none for it.
    ConfigKeyControl *configControl(const QString &key) const;
    QString rebootStatus() const;
    // Applies what the logged-in role may do (support: read only).
    void applyPermissions();

public slots:
    // Asks for confirmation, then sends the reboot.
    void confirmReboot();
    // Admin: asks for confirmation, then gives the device a new secret and shows it once.
    void confirmNewSecret();
    void reloadSessions();

signals:
    void openSessionRequested(qint64 sessionId);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void refreshFields();
    void reboot();
    void onDevicesUpdated(const QStringList &ids);
    void onSessionActivated(QListWidgetItem *item);

    Connection *connection_;
    DeviceTableModel *devices_;
    QString deviceId_;
    QLabel *title_;
    QFormLayout *form_;
    QLabel *statusValue_;
    QLabel *batteryValue_;
    QLabel *temperatureValue_;
    QLabel *firmwareValue_;
    QLabel *lastSeenValue_;
    QLabel *ownerValue_;
    std::vector<ConfigKeyControl *> configControls_; // in kConfigKeySliders order
    QPushButton *rebootButton_;
    QPushButton *newSecretButton_;
    QLabel *rebootStatus_;
    QLabel *sessionsTitle_;
    QListWidget *sessions_;
    QPointer<spk::client::ApiReply> sessionsReply_;
};

} // namespace spk::console
