#include "console/models/session_table_model.h"

#include <QColor>

namespace spk::console {

using spk::client::Session;

SessionTableModel::SessionTableModel(QObject *parent) : QAbstractTableModel(parent) {}

int SessionTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : rows_.size();
}

int SessionTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString SessionTableModel::statusLabel(const QString &status)
{
    if (status == QLatin1String("active"))
        return tr("active");
    if (status == QLatin1String("completed"))
        return tr("completed");
    if (status == QLatin1String("failed"))
        return tr("failed");
    return status;
}

QString SessionTableModel::formatDuration(qint64 ms)
{
    if (ms < 1000)
        return tr("%1 ms").arg(ms);
    if (ms < 60000)
        return tr("%1 s").arg(ms / 1000.0, 0, 'f', 1);
    return tr("%1 min %2 s").arg(ms / 60000).arg((ms % 60000) / 1000);
}

QVariant SessionTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rows_.size())
        return {};
    const Session &s = rows_.at(index.row());
    if (role == SessionIdRole)
        return s.id;
    if (role == Qt::ForegroundRole && index.column() == Status && s.status == QLatin1String("failed"))
        return QColor(0xb0, 0x00, 0x20);
    if (role == Qt::ToolTipRole && (index.column() == UserQuery || index.column() == AiResponse))
        return index.column() == UserQuery ? s.userQuery : s.aiResponse;
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    const bool sort = role == SortRole;
    switch (index.column()) {
    case Id:
        return sort ? QVariant(s.id) : QVariant(QString::number(s.id));
    case Device:
        return s.deviceId;
    case Status:
        return statusLabel(s.status);
    case Started:
        if (sort)
            return s.createdAt.toMSecsSinceEpoch();
        return s.createdAt.isValid()
                   ? s.createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                   : QString();
    case Duration:
        if (sort)
            return s.durationMs.value_or(-1);
        return s.durationMs ? formatDuration(*s.durationMs) : QString();
    case UserQuery:
        return s.userQuery;
    case AiResponse:
        return s.aiResponse;
    }
    return {};
}

QVariant SessionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Id:
        return tr("ID");
    case Device:
        return tr("Device");
    case Status:
        return tr("Status");
    case Started:
        return tr("Started");
    case Duration:
        return tr("Duration");
    case UserQuery:
        return tr("User said");
    case AiResponse:
        return tr("Speaker answered");
    }
    return {};
}

void SessionTableModel::setSessions(const QList<Session> &sessions)
{
    beginResetModel();
    rows_ = QVector<Session>(sessions.begin(), sessions.end());
    endResetModel();
}

void SessionTableModel::appendSessions(const QList<Session> &sessions)
{
    QList<Session> fresh;
    for (const Session &s : sessions) {
        if (!updateSession(s))
            fresh.append(s);
    }
    if (fresh.isEmpty())
        return;
    beginInsertRows({}, rows_.size(), rows_.size() + fresh.size() - 1);
    for (const Session &s : std::as_const(fresh))
        rows_.append(s);
    endInsertRows();
}

bool SessionTableModel::updateSession(const Session &session)
{
    const int row = rowOf(session.id);
    if (row < 0)
        return false;
    Session merged = session;
    // A list item carries no turns/timings: do not wipe what a detail load brought.
    if (merged.turns.isEmpty())
        merged.turns = rows_[row].turns;
    if (merged.timings.isEmpty())
        merged.timings = rows_[row].timings;
    rows_[row] = merged;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    return true;
}

const Session *SessionTableModel::sessionAt(int row) const
{
    return row >= 0 && row < rows_.size() ? &rows_.at(row) : nullptr;
}

int SessionTableModel::rowOf(qint64 id) const
{
    for (int i = 0; i < rows_.size(); ++i) {
        if (rows_.at(i).id == id)
            return i;
    }
    return -1;
}

void SessionTableModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!rows_.isEmpty())
        emit dataChanged(index(0, 0), index(rows_.size() - 1, ColumnCount - 1), {Qt::DisplayRole});
}

} // namespace spk::console
