#include "console/models/user_table_model.h"

namespace spk::console {

UserTableModel::UserTableModel(QObject *parent) : QAbstractTableModel(parent) {}

int UserTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : rows_.size();
}
int UserTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString UserTableModel::roleLabel(const QString &role)
{
    if (role == QLatin1String("admin"))
        return tr("Administrator");
    if (role == QLatin1String("support"))
        return tr("Support");
    if (role == QLatin1String("user"))
        return tr("User");
    return role;
}

QVariant UserTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rows_.size())
        return {};
    const spk::client::User &u = rows_.at(index.row());
    if (role == UserIdRole)
        return u.id;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Id:
        return QString::number(u.id);
    case Username:
        return u.username;
    case Role:
        return roleLabel(u.role);
    case Created:
        return u.createdAt.isValid() ? u.createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                                     : QString();
    }
    return {};
}

QVariant UserTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Id:
        return tr("ID");
    case Username:
        return tr("User name");
    case Role:
        return tr("Role");
    case Created:
        return tr("Created");
    }
    return {};
}

void UserTableModel::setUsers(const QList<spk::client::User> &users)
{
    beginResetModel();
    rows_ = users;
    endResetModel();
}

const spk::client::User *UserTableModel::userAt(int row) const
{
    return row >= 0 && row < rows_.size() ? &rows_.at(row) : nullptr;
}

QHash<qint64, QString> UserTableModel::namesById() const
{
    QHash<qint64, QString> names;
    for (const auto &u : rows_)
        names.insert(u.id, u.username);
    return names;
}

void UserTableModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!rows_.isEmpty())
        emit dataChanged(index(0, Role), index(rows_.size() - 1, Role));
}

} // namespace spk::console
