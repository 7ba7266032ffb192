#include "console/models/audit_table_model.h"

#include <QJsonDocument>

namespace spk::console {

AuditTableModel::AuditTableModel(QObject *parent) : QAbstractTableModel(parent) {}

int AuditTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : rows_.size();
}
int AuditTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rows_.size())
        return {};
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    const spk::client::AuditEntry &e = rows_.at(index.row());
    switch (index.column()) {
    case When:
        return e.at.isValid() ? e.at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                              : QString();
    case Actor:
        if (!e.actor.isEmpty())
            return e.actor;
        return e.actorId ? QString::number(e.actorId) : tr("system");
    case Action:
        return e.action;
    case Object:
        return e.objectId.isEmpty() ? e.objectType : QStringLiteral("%1 %2").arg(e.objectType, e.objectId);
    case Source:
        return e.source;
    case Details:
        return e.details.isEmpty()
                   ? QString()
                   : QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact));
    }
    return {};
}

QVariant AuditTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case When:
        return tr("When");
    case Actor:
        return tr("Who");
    case Action:
        return tr("Action");
    case Object:
        return tr("Object");
    case Source:
        return tr("From");
    case Details:
        return tr("Details");
    }
    return {};
}

void AuditTableModel::setEntries(const QList<spk::client::AuditEntry> &entries)
{
    beginResetModel();
    rows_ = entries;
    endResetModel();
}

void AuditTableModel::appendEntries(const QList<spk::client::AuditEntry> &entries)
{
    if (entries.isEmpty())
        return;
    beginInsertRows({}, rows_.size(), rows_.size() + entries.size() - 1);
    rows_.append(entries);
    endInsertRows();
}

QString AuditTableModel::oldestCursor() const
{
    qint64 oldest = 0;
    for (const auto &e : rows_) {
        if (e.id > 0 && (oldest == 0 || e.id < oldest))
            oldest = e.id;
    }
    return oldest ? QString::number(oldest) : QString();
}

void AuditTableModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!rows_.isEmpty())
        emit dataChanged(index(0, Actor), index(rows_.size() - 1, Actor));
}

} // namespace spk::console
