#include "console/pages/admin_page.h"

#include "console/app/connection.h"
#include "console/app/error_text.h"
#include "console/models/audit_table_model.h"
#include "console/models/device_table_model.h"
#include "console/models/user_table_model.h"
#include "console/widgets/add_device_dialog.h"
#include "console/widgets/add_user_dialog.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace spk::console {

namespace {
constexpr int kAuditPage = 200;

QTableView *makeTable(QAbstractItemModel *model, QWidget *parent)
{
    auto *table = new QTableView(parent);
    table->setModel(model);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setWordWrap(false);
    return table;
}
} // namespace

AdminPage::AdminPage(Connection *connection, DeviceTableModel *devices, QWidget *parent)
    : QWidget(parent), connection_(connection), devices_(devices), users_(new UserTableModel(this)),
      audit_(new AuditTableModel(this)), tabs_(new QTabWidget(this)), usersTab_(new QWidget(this)),
      auditTab_(new QWidget(this)), usersTable_(makeTable(users_, usersTab_)),
      auditTable_(makeTable(audit_, auditTab_)), addUser_(new QPushButton(usersTab_)),
      removeUser_(new QPushButton(usersTab_)), addDevice_(new QPushButton(this)),
      refreshAudit_(new QPushButton(auditTab_)), olderAudit_(new QPushButton(auditTab_)),
      message_(new QLabel(this))
{
    setObjectName(QStringLiteral("adminPage"));
    usersTable_->setObjectName(QStringLiteral("usersTable"));
    auditTable_->setObjectName(QStringLiteral("auditTable"));
    auditTable_->setColumnWidth(AuditTableModel::When, 150);
    message_->setWordWrap(true);
    message_->hide();

    auto *userButtons = new QHBoxLayout;
    userButtons->addWidget(addUser_);
    userButtons->addWidget(removeUser_);
    userButtons->addStretch();
    auto *usersLayout = new QVBoxLayout(usersTab_);
    usersLayout->addLayout(userButtons);
    usersLayout->addWidget(usersTable_);

    auto *auditButtons = new QHBoxLayout;
    auditButtons->addWidget(refreshAudit_);
    auditButtons->addWidget(olderAudit_);
    auditButtons->addStretch();
    auto *auditLayout = new QVBoxLayout(auditTab_);
    auditLayout->addLayout(auditButtons);
    auditLayout->addWidget(auditTable_);

    tabs_->addTab(usersTab_, QString());
    tabs_->addTab(auditTab_, QString());
    auto *top = new QHBoxLayout;
    top->addWidget(message_, 1);
    top->addWidget(addDevice_, 0, Qt::AlignRight);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(tabs_, 1);

    connect(addUser_, &QPushButton::clicked, this, &AdminPage::addUser);
    connect(removeUser_, &QPushButton::clicked, this, &AdminPage::removeSelectedUser);
    connect(addDevice_, &QPushButton::clicked, this, &AdminPage::addDevice);
    connect(refreshAudit_, &QPushButton::clicked, this, &AdminPage::reloadAudit);
    connect(olderAudit_, &QPushButton::clicked, this, &AdminPage::loadOlderAudit);
    retranslateUi();
}

void AdminPage::retranslateUi()
{
    tabs_->setTabText(0, tr("Users"));
    tabs_->setTabText(1, tr("Audit log"));
    addUser_->setText(tr("Add user…"));
    removeUser_->setText(tr("Remove user…"));
    addDevice_->setText(tr("Add device…"));
    refreshAudit_->setText(tr("Refresh"));
    olderAudit_->setText(tr("Load older entries"));
    users_->retranslate();
    audit_->retranslate();
}

void AdminPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void AdminPage::showMessage(const QString &text, bool error)
{
    message_->setText(text);
    message_->setStyleSheet(error ? QStringLiteral("color: #b00020;") : QStringLiteral("color: #1b7f37;"));
    message_->setVisible(!text.isEmpty());
}

void AdminPage::reload()
{
    reloadUsers();
    reloadAudit();
}

void AdminPage::reloadUsers()
{
    connection_->api()->listUsers()->then(this, [this](const spk::client::ApiResult &r) {
        if (!r.ok) {
            showMessage(tr("Cannot load users: %1").arg(ErrorText::describe(r)), true);
            return;
        }
        users_->setUsers(spk::client::User::listFromJson(r.json));
        emit ownerNamesChanged(users_->namesById());
    });
}

void AdminPage::reloadAudit()
{
    spk::client::AuditQuery q;
    q.limit = kAuditPage;
    connection_->api()->audit(q)->then(this, [this](const spk::client::ApiResult &r) {
        if (!r.ok) {
            showMessage(tr("Cannot load the audit log: %1").arg(ErrorText::describe(r)), true);
            return;
        }
        const auto entries = spk::client::AuditEntry::listFromJson(r.json);
        audit_->setEntries(entries);
        olderAudit_->setEnabled(entries.size() >= kAuditPage);
    });
}

void AdminPage::loadOlderAudit()
{
    spk::client::AuditQuery q;
    q.limit = kAuditPage;
    q.before = audit_->oldestCursor();
    if (q.before.isEmpty())
        return;
    connection_->api()->audit(q)->then(this, [this](const spk::client::ApiResult &r) {
        if (!r.ok) {
            showMessage(tr("Cannot load the audit log: %1").arg(ErrorText::describe(r)), true);
            return;
        }
        const auto entries = spk::client::AuditEntry::listFromJson(r.json);
        audit_->appendEntries(entries);
        olderAudit_->setEnabled(entries.size() >= kAuditPage);
    });
}

void AdminPage::addUser()
{
    AddUserDialog dialog(this);
    connect(&dialog, &AddUserDialog::submitted, &dialog, [this, &dialog] {
        dialog.setBusy(true);
        connection_->api()
            ->addUser(dialog.username(), dialog.password(), dialog.role())
            ->then(&dialog, [this, &dialog](const spk::client::ApiResult &r) {
                dialog.setBusy(false);
                if (!r.ok) {
                    dialog.showError(ErrorText::describe(r));
                    return;
                }
                showMessage(tr("User %1 added.").arg(dialog.username()), false);
                dialog.accept();
            });
    });
    if (dialog.exec() == QDialog::Accepted)
        reload();
}

void AdminPage::removeSelectedUser()
{
    const QModelIndexList rows = usersTable_->selectionModel()->selectedRows();
    const spk::client::User *user = rows.isEmpty() ? nullptr : users_->userAt(rows.first().row());
    if (!user) {
        showMessage(tr("Select the user to remove first."), true);
        return;
    }
    if (user->id == connection_->user().id) {
        showMessage(tr("You cannot remove your own account."), true);
        return;
    }
    const qint64 id = user->id;
    const QString name = user->username;
    QMessageBox box(QMessageBox::Warning, tr("Remove user"),
                    tr("Remove the account %1? They will no longer be able to log in.").arg(name),
                    QMessageBox::NoButton, this);
    QPushButton *yes = box.addButton(tr("Remove"), QMessageBox::DestructiveRole);
    box.addButton(tr("Cancel"), QMessageBox::RejectRole);
    box.exec();
    if (box.clickedButton() != yes)
        return;
    connection_->api()->removeUser(id)->then(this, [this, name](const spk::client::ApiResult &r) {
        if (!r.ok) {
            showMessage(tr("Cannot remove %1: %2").arg(name, ErrorText::describe(r)), true);
            return;
        }
        showMessage(tr("User %1 removed.").arg(name), false);
        reload();
    });
}

void AdminPage::addDevice()
{
    QList<spk::client::User> owners;
    for (int i = 0; i < users_->rowCount(); ++i)
        owners.append(*users_->userAt(i));
    if (owners.isEmpty())
        owners.append(connection_->user());
    AddDeviceDialog dialog(owners, this);
    QString secret;
    spk::client::Device added;
    connect(&dialog, &AddDeviceDialog::submitted, &dialog, [this, &dialog, &secret, &added] {
        dialog.setBusy(true);
        connection_->api()
            ->addDevice(dialog.deviceId(), dialog.name(), dialog.ownerId())
            ->then(&dialog, [&dialog, &secret, &added](const spk::client::ApiResult &r) {
                dialog.setBusy(false);
                if (!r.ok) {
                    dialog.showError(ErrorText::describe(r));
                    return;
                }
                added = spk::client::Device::fromJson(r.json);
                secret = added.secret;
                dialog.accept();
            });
    });
    if (dialog.exec() != QDialog::Accepted)
        return;
    added.secret.clear(); // the table never keeps the credential
    devices_->upsertDevice(added);
    reloadAudit();
    DeviceSecretDialog secretDialog(added.id, secret, DeviceSecretDialog::Reason::Added, this);
    secretDialog.exec();
}

} // namespace spk::console
