#pragma once
// The accounts (GET /api/users) as a table for the administration page.
#include "shared/client/models.h"

#include <QAbstractTableModel>
#include <QHash>

namespace spk::console {

class UserTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Id, Username, Role, Created, ColumnCount };
    enum RoleId { UserIdRole = Qt::UserRole + 1 };

    explicit UserTableModel(QObject *parent = nullptr);
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setUsers(const QList<spk::client::User> &users);
    const spk::client::User *userAt(int row) const;
    // id -> user name, for showing owners by name.
    QHash<qint64, QString> namesById() const;
    void retranslate();

    // "support" -> translated role name.
    static QString roleLabel(const QString &role);

private:
    QList<spk::client::User> rows_;
};

} // namespace spk::console
