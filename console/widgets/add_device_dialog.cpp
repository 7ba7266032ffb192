#include "console/widgets/add_device_dialog.h"

#include "console/models/user_table_model.h"
#include "shared/protocol/ids.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace spk::console {

AddDeviceDialog::AddDeviceDialog(const QList<spk::client::User> &owners, QWidget *parent)
    : FormDialog(tr("Add device"), tr("Add device"), parent), id_(new QLineEdit(this)),
      name_(new QLineEdit(this)), owner_(new QComboBox(this))
{
    id_->setPlaceholderText(tr("e.g. dev123"));
    for (const auto &u : owners)
        owner_->addItem(QStringLiteral("%1 (%2)").arg(u.username, UserTableModel::roleLabel(u.role)), u.id);
    addRow(tr("Device id:"), id_);
    addRow(tr("Name:"), name_);
    addRow(tr("Owner:"), owner_);
}

QString AddDeviceDialog::deviceId() const
{
    return id_->text().trimmed();
}
QString AddDeviceDialog::name() const
{
    return name_->text().trimmed();
}
qint64 AddDeviceDialog::ownerId() const
{
    return owner_->currentData().toLongLong();
}

QString AddDeviceDialog::validationError() const
{
    if (!spk::proto::isValidDeviceId(deviceId()))
        return tr("The device id must be 1–64 letters, digits, _ or -.");
    if (name().isEmpty())
        return tr("Give the device a name.");
    if (ownerId() <= 0)
        return tr("Choose the owner.");
    return {};
}

DeviceSecretDialog::DeviceSecretDialog(const QString &deviceId, const QString &secret, Reason reason,
                                       QWidget *parent)
    : QDialog(parent), secret_(new QLineEdit(secret, this)), copied_(new QLabel(this))
{
    setObjectName(QStringLiteral("deviceSecretDialog"));
    setWindowTitle(tr("Device secret"));
    secret_->setReadOnly(true);
    secret_->setObjectName(QStringLiteral("secretEdit"));
    secret_->setMinimumWidth(360);
    auto *warning = new QLabel(
        (reason == Reason::Added
             ? tr("Device %1 was added. This is its secret: copy it into the device now. It is shown only "
                  "this "
                  "once and cannot be shown again.")
             : tr("Device %1 has a new secret; the old one no longer works and the device stays disconnected "
                  "until it has this one. Copy it into the device now: it is shown only this once."))
            .arg(deviceId),
        this);
    warning->setWordWrap(true);
    auto *copy = new QPushButton(tr("Copy"), this);
    copy->setObjectName(QStringLiteral("copyButton"));
    auto *close = new QPushButton(tr("I have saved it"), this);
    auto *row = new QHBoxLayout;
    row->addWidget(secret_, 1);
    row->addWidget(copy);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(copied_, 1);
    buttons->addWidget(close);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(warning);
    layout->addLayout(row);
    layout->addLayout(buttons);
    connect(copy, &QPushButton::clicked, this, &DeviceSecretDialog::copyToClipboard);
    connect(close, &QPushButton::clicked, this, &QDialog::accept);
}

QString DeviceSecretDialog::secret() const
{
    return secret_->text();
}

void DeviceSecretDialog::copyToClipboard()
{
    QApplication::clipboard()->setText(secret_->text());
    copied_->setText(tr("Copied to the clipboard."));
}

} // namespace spk::console
