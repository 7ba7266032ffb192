#include "console/models/activity_list_model.h"

#include "shared/client/models.h"

#include "shared/wire/fields.h"
#include <QColor>

namespace spk::console {

ActivityListModel::ActivityListModel(QObject *parent) : QAbstractListModel(parent) {}

int ActivityListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : events_.size();
}

QString ActivityListModel::stageLabel(const QString &stage)
{
    if (stage == QLatin1String("listening"))
        return tr("listening");
    if (stage == QLatin1String("recognizing"))
        return tr("recognizing");
    if (stage == QLatin1String("thinking"))
        return tr("thinking");
    if (stage == QLatin1String("speaking"))
        return tr("speaking");
    if (stage == QLatin1String("completed"))
        return tr("completed");
    if (stage == QLatin1String("failed"))
        return tr("failed");
    return stage;
}

QString ActivityListModel::describe(const ActivityEvent &e) const
{
    const QString time = e.at.toString(QStringLiteral("HH:mm:ss"));
    QString line =
        tr("%1  %2  session %3: %4").arg(time, e.deviceId).arg(e.sessionId).arg(stageLabel(e.stage));
    if (!e.text.isEmpty())
        line += QStringLiteral(" — “%1”").arg(e.text);
    return line;
}

QVariant ActivityListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= events_.size())
        return {};
    const ActivityEvent &e = events_.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return describe(e);
    case SessionIdRole:
        return e.sessionId;
    case StageRole:
        return e.stage;
    case DeviceIdRole:
        return e.deviceId;
    case Qt::ForegroundRole:
        if (e.stage == QLatin1String("failed"))
            return QColor(0xb0, 0x00, 0x20);
        if (e.stage == QLatin1String("completed"))
            return QColor(0x1b, 0x7f, 0x37);
        return {};
    }
    return {};
}

bool ActivityListModel::addProgress(const QJsonObject &message, const QDateTime &at)
{
    namespace json = spk::client::json;
    ActivityEvent e;
    e.at = at;
    e.deviceId = json::string(message, QLatin1String(spk::wire::field::kDeviceId));
    e.sessionId = json::int64(message, QLatin1String(spk::wire::field::kSessionId));
    e.deviceSessionId = json::string(message, QLatin1String(spk::wire::field::kDeviceSessionId));
    e.stage = json::string(message, QLatin1String(spk::wire::field::kStage));
    e.text = json::string(message, QLatin1String(spk::wire::field::kText));
    if (e.deviceId.isEmpty() || e.stage.isEmpty())
        return false;
    if (events_.size() >= capacity_) {
        beginRemoveRows({}, capacity_ - 1, events_.size() - 1);
        events_.resize(capacity_ - 1);
        endRemoveRows();
    }
    beginInsertRows({}, 0, 0);
    events_.prepend(e);
    endInsertRows();
    return true;
}

void ActivityListModel::setCapacity(int events)
{
    capacity_ = qMax(1, events);
    if (events_.size() > capacity_) {
        beginRemoveRows({}, capacity_, events_.size() - 1);
        events_.resize(capacity_);
        endRemoveRows();
    }
}

void ActivityListModel::clear()
{
    beginResetModel();
    events_.clear();
    endResetModel();
}

const ActivityEvent *ActivityListModel::eventAt(int row) const
{
    return row >= 0 && row < events_.size() ? &events_.at(row) : nullptr;
}

void ActivityListModel::retranslate()
{
    if (!events_.isEmpty())
        emit dataChanged(index(0), index(events_.size() - 1), {Qt::DisplayRole});
}

} // namespace spk::console
