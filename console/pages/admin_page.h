#pragma once
// Administration (admin role only): accounts, the audit log, registering devices.
#include <QWidget>

class QLabel;
class QPushButton;
class QTabWidget;
class QTableView;

namespace spk::console {

class AuditTableModel;
class Connection;
class DeviceTableModel;
class UserTableModel;

class AdminPage : public QWidget
{
    Q_OBJECT
public:
    AdminPage(Connection *connection, DeviceTableModel *devices, QWidget *parent = nullptr);

    UserTableModel *users() const { return users_; }
    AuditTableModel *audit() const { return audit_; }

public slots:
    void reload();
    void reloadUsers();
    void reloadAudit();
    void loadOlderAudit();
    void addUser();
    void removeSelectedUser();
    void addDevice();

signals:
    // The user list changed: owner names for the device table.
    void ownerNamesChanged(const QHash<qint64, QString> &names);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void showMessage(const QString &text, bool error);

    Connection *connection_;
    DeviceTableModel *devices_;
    UserTableModel *users_;
    AuditTableModel *audit_;
    QTabWidget *tabs_;
    QWidget *usersTab_;
    QWidget *auditTab_;
    QTableView *usersTable_;
    QTableView *auditTable_;
    QPushButton *addUser_;
    QPushButton *removeUser_;
    QPushButton *addDevice_;
    QPushButton *refreshAudit_;
    QPushButton *olderAudit_;
    QLabel *message_;
};

} // namespace spk::console
