#include "console/widgets/device_detail_panel.h"

#include "console/app/connection.h"
#include "console/app/error_text.h"
#include "console/models/device_table_model.h"
#include "console/models/session_table_model.h"
#include "console/widgets/add_device_dialog.h"
#include "console/widgets/config_key_control.h"

#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace spk::console {

namespace {
constexpr int kRecentSessions = 10;
}

DeviceDetailPanel::DeviceDetailPanel(Connection *connection, DeviceTableModel *devices, QWidget *parent)
    : QWidget(parent), connection_(connection), devices_(devices), title_(new QLabel(this)),
      form_(new QFormLayout), statusValue_(new QLabel(this)), batteryValue_(new QLabel(this)),
      temperatureValue_(new QLabel(this)), firmwareValue_(new QLabel(this)), lastSeenValue_(new QLabel(this)),
      ownerValue_(new QLabel(this)), rebootButton_(new QPushButton(this)),
      newSecretButton_(new QPushButton(this)), rebootStatus_(new QLabel(this)),
      sessionsTitle_(new QLabel(this)), sessions_(new QListWidget(this))
{
    setObjectName(QStringLiteral("deviceDetailPanel"));
    rebootButton_->setObjectName(QStringLiteral("rebootButton"));
    newSecretButton_->setObjectName(QStringLiteral("newSecretButton"));
    sessions_->setObjectName(QStringLiteral("recentSessions"));
    QFont big = title_->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    title_->setFont(big);
    title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    rebootStatus_->setWordWrap(true);

    // Row labels are named in retranslateUi(), in this order.
    for (QLabel *value :
         {statusValue_, batteryValue_, temperatureValue_, firmwareValue_, lastSeenValue_, ownerValue_})
        form_->addRow(new QLabel(this), value);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title_);
    layout->addLayout(form_);
    for (const ConfigKeySlider &slider : kConfigKeySliders) {
        configControls_.push_back(new ConfigKeyControl(connection->api(), slider, this));
        layout->addWidget(configControls_.back());
    }
    auto *actions = new QHBoxLayout;
    actions->addWidget(rebootButton_);
    actions->addWidget(newSecretButton_);
    actions->addStretch();
    layout->addLayout(actions);
    layout->addWidget(rebootStatus_);
    layout->addWidget(sessionsTitle_);
    layout->addWidget(sessions_, 1);

    connect(rebootButton_, &QPushButton::clicked, this, &DeviceDetailPanel::confirmReboot);
    connect(newSecretButton_, &QPushButton::clicked, this, &DeviceDetailPanel::confirmNewSecret);
    connect(devices_, &DeviceTableModel::devicesUpdated, this, &DeviceDetailPanel::onDevicesUpdated);
    connect(sessions_, &QListWidget::itemActivated, this, &DeviceDetailPanel::onSessionActivated);
    connect(connection_->live(), &spk::client::LiveClient::configAck, this,
            [this](const QString &deviceId, const QString &, const QJsonObject &config) {
                for (ConfigKeyControl *c : configControls_)
                    if (config.contains(QLatin1String(c->key().name)))
                        c->acknowledgeFromLive(deviceId, config.value(QLatin1String(c->key().name)).toInt());
            });
    retranslateUi();
    showDevice({});
}

void DeviceDetailPanel::retranslateUi()
{
    static const char *const labels[] = {QT_TR_NOOP("Status:"),      QT_TR_NOOP("Battery:"),
                                         QT_TR_NOOP("Temperature:"), QT_TR_NOOP("Firmware:"),
                                         QT_TR_NOOP("Last seen:"),   QT_TR_NOOP("Owner:")};
    for (int i = 0; i < form_->rowCount(); ++i) {
        if (auto *label = qobject_cast<QLabel *>(form_->itemAt(i, QFormLayout::LabelRole)->widget()))
            label->setText(tr(labels[i]));
    }
    rebootButton_->setText(tr("Reboot…"));
    newSecretButton_->setText(tr("New secret…"));
    sessionsTitle_->setText(tr("Recent sessions (double-click to open)"));
    applyPermissions();
    refreshFields();
}

void DeviceDetailPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void DeviceDetailPanel::applyPermissions()
{
    const bool selected = !deviceId_.isEmpty();
    const bool allowed = connection_->canControlDevices();
    const QString whyNot =
        tr("Your role (%1) may look at devices but not change them.").arg(connection_->user().role);
    for (ConfigKeyControl *c : configControls_)
        c->setControlsEnabled(selected && allowed, allowed ? QString() : whyNot);
    rebootButton_->setEnabled(selected && allowed);
    rebootButton_->setToolTip(allowed ? QString() : whyNot);
    newSecretButton_->setVisible(connection_->isAdmin()); // only an admin handles credentials
    newSecretButton_->setEnabled(selected);
}

void DeviceDetailPanel::showDevice(const QString &deviceId)
{
    const bool changed = deviceId != deviceId_;
    deviceId_ = deviceId;
    const spk::client::Device *d = devices_->device(deviceId);
    if (changed) {
        for (ConfigKeyControl *c : configControls_)
            c->setDevice(deviceId, d ? c->key().get(d->applied) : std::nullopt);
        rebootStatus_->clear();
    }
    refreshFields();
    applyPermissions();
    if (changed)
        reloadSessions();
}

void DeviceDetailPanel::refreshFields()
{
    const spk::client::Device *d = devices_->device(deviceId_);
    if (!d) {
        title_->setText(tr("Select a device"));
        for (QLabel *l :
             {statusValue_, batteryValue_, temperatureValue_, firmwareValue_, lastSeenValue_, ownerValue_})
            l->clear();
        return;
    }
    title_->setText(d->name.isEmpty() ? d->id : QStringLiteral("%1 (%2)").arg(d->name, d->id));
    const int row = devices_->rowOf(d->id);
    auto cell = [&](int column) { return devices_->data(devices_->index(row, column)).toString(); };
    statusValue_->setText(cell(DeviceTableModel::Online));
    batteryValue_->setText(cell(DeviceTableModel::Battery));
    temperatureValue_->setText(cell(DeviceTableModel::Temperature));
    firmwareValue_->setText(cell(DeviceTableModel::Firmware));
    lastSeenValue_->setText(cell(DeviceTableModel::LastSeen));
    ownerValue_->setText(cell(DeviceTableModel::Owner));
}

void DeviceDetailPanel::onDevicesUpdated(const QStringList &ids)
{
    if (deviceId_.isEmpty() || !ids.contains(deviceId_))
        return;
    refreshFields();
    if (const spk::client::Device *d = devices_->device(deviceId_))
        for (ConfigKeyControl *c : configControls_)
            if (const auto v = c->key().get(d->applied))
                c->showReported(*v);
}

ConfigKeyControl *DeviceDetailPanel::configControl(const QString &key) const
{
    for (ConfigKeyControl *c : configControls_)
        if (key == QLatin1String(c->key().name))
            return c;
    return nullptr;
}

QString DeviceDetailPanel::rebootStatus() const
{
    return rebootStatus_->text();
}

void DeviceDetailPanel::confirmReboot()
{
    if (deviceId_.isEmpty())
        return;
    QMessageBox box(QMessageBox::Question, tr("Reboot device"),
                    tr("Reboot %1 now? A conversation in progress on it will be cut off.").arg(deviceId_),
                    QMessageBox::NoButton, this);
    QPushButton *yes = box.addButton(tr("Reboot"), QMessageBox::AcceptRole);
    box.addButton(tr("Cancel"), QMessageBox::RejectRole);
    box.exec();
    if (box.clickedButton() == yes)
        reboot();
}

void DeviceDetailPanel::confirmNewSecret()
{
    if (deviceId_.isEmpty() || !connection_->isAdmin())
        return;
    QMessageBox box(QMessageBox::Warning, tr("New device secret"),
                    tr("Give %1 a new secret? Its current secret stops working at once and the device is "
                       "disconnected until the new one is put on it.")
                        .arg(deviceId_),
                    QMessageBox::NoButton, this);
    QPushButton *yes = box.addButton(tr("New secret"), QMessageBox::DestructiveRole);
    box.addButton(tr("Cancel"), QMessageBox::RejectRole);
    box.exec();
    if (box.clickedButton() != yes)
        return;
    const QString id = deviceId_;
    newSecretButton_->setEnabled(false);
    connection_->api()->rotateDeviceSecret(id)->then(this, [this, id](const spk::client::ApiResult &r) {
        applyPermissions();
        if (!r.ok) {
            rebootStatus_->setText(tr("No new secret: %1").arg(ErrorText::describe(r)));
            return;
        }
        DeviceSecretDialog dialog(id, r.json.value(QLatin1String("secret")).toString(),
                                  DeviceSecretDialog::Reason::Rotated, this);
        dialog.exec();
    });
}

void DeviceDetailPanel::reboot()
{
    const QString id = deviceId_;
    rebootButton_->setEnabled(false);
    rebootStatus_->setText(tr("Reboot sent… waiting for the device to confirm."));
    connection_->api()->reboot(id)->then(this, [this, id](const spk::client::ApiResult &r) {
        if (id != deviceId_)
            return;
        applyPermissions();
        if (r.ok)
            rebootStatus_->setText(tr("The device confirmed the reboot."));
        else if (ErrorText::isDeviceTimeout(r))
            rebootStatus_->setText(tr("Timed out: the device did not confirm the reboot in time."));
        else
            rebootStatus_->setText(tr("Reboot failed: %1").arg(ErrorText::describe(r)));
    });
}

void DeviceDetailPanel::reloadSessions()
{
    sessions_->clear();
    if (sessionsReply_)
        sessionsReply_->abort();
    if (deviceId_.isEmpty())
        return;
    spk::client::SessionQuery query;
    query.deviceId = deviceId_;
    query.limit = kRecentSessions;
    const QString id = deviceId_;
    sessionsReply_ = connection_->api()->listSessions(query);
    sessionsReply_->then(this, [this, id](const spk::client::ApiResult &r) {
        if (id != deviceId_)
            return;
        sessions_->clear();
        if (!r.ok) {
            if (r.errorCode() != QLatin1String(spk::client::errc::kCanceled))
                sessions_->addItem(tr("Cannot load sessions: %1").arg(ErrorText::describe(r)));
            return;
        }
        const auto page = spk::client::SessionPage::fromJson(r.json);
        if (page.sessions.isEmpty())
            sessions_->addItem(tr("No sessions yet."));
        for (const auto &s : page.sessions) {
            const QString when = s.createdAt.toLocalTime().toString(QStringLiteral("MM-dd HH:mm:ss"));
            auto *item =
                new QListWidgetItem(QStringLiteral("#%1  %2  %3  %4")
                                        .arg(s.id)
                                        .arg(when, SessionTableModel::statusLabel(s.status), s.userQuery));
            item->setData(Qt::UserRole, s.id);
            sessions_->addItem(item);
        }
    });
}

void DeviceDetailPanel::onSessionActivated(QListWidgetItem *item)
{
    const qint64 id = item->data(Qt::UserRole).toLongLong();
    if (id > 0)
        emit openSessionRequested(id);
}

} // namespace spk::console
