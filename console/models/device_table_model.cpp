#include "console/models/device_table_model.h"

#include "shared/wire/fields.h"
#include <QColor>
#include <QCoreApplication>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcDeviceModel, "spk.console.devices")

namespace spk::console {

using spk::client::Device;

namespace {
constexpr int kDefaultFlushMs = 50; // about one frame at 20 fps: invisible delay, bounded work

quint32 bit(int column)
{
    return 1u << column;
}

QString percent(const std::optional<int> &v)
{
    return v ? QStringLiteral("%1 %").arg(*v) : QString();
}
} // namespace

DeviceTableModel::DeviceTableModel(QObject *parent) : QAbstractTableModel(parent)
{
    flushTimer_.setSingleShot(true);
    flushTimer_.setInterval(kDefaultFlushMs);
    connect(&flushTimer_, &QTimer::timeout, this, &DeviceTableModel::flushPending);
}

int DeviceTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : rows_.size();
}

int DeviceTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DeviceTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rows_.size() || index.column() >= ColumnCount)
        return {};
    const Device &d = rows_.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(d, index.column());
    case SortRole:
        return sortValue(d, index.column());
    case DeviceIdRole:
        return d.id;
    case OnlineRole:
        return d.online;
    case Qt::TextAlignmentRole:
        if (index.column() == Battery || index.column() == Volume || index.column() == Temperature)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ForegroundRole:
        if (index.column() == Online)
            return QColor(d.online ? QColor(0x1b, 0x7f, 0x37) : QColor(0x80, 0x80, 0x80));
        return {};
    default:
        return {};
    }
}

QVariant DeviceTableModel::displayValue(const Device &d, int column) const
{
    switch (column) {
    case Id:
        return d.id;
    case Name:
        return d.name;
    case Owner: {
        const QString name = ownerNames_.value(d.ownerId);
        if (!name.isEmpty())
            return name;
        return d.ownerId ? QString::number(d.ownerId) : QString();
    }
    case Online:
        return d.online ? tr("Online") : tr("Offline");
    case Battery:
        return percent(d.battery);
    case Volume:
        return percent(d.applied.volume);
    case Temperature:
        return d.temperature ? QStringLiteral("%1 °C").arg(*d.temperature, 0, 'f', 1) : QString();
    case Firmware:
        return d.firmware;
    case LastSeen:
        return d.lastSeen.isValid() ? d.lastSeen.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                                    : tr("never");
    }
    return {};
}

QVariant DeviceTableModel::sortValue(const Device &d, int column) const
{
    switch (column) {
    case Owner:
        return d.ownerId;
    case Online:
        return d.online ? 1 : 0;
    case Battery:
        return d.battery.value_or(-1);
    case Volume:
        return d.applied.volume.value_or(-1);
    case Temperature:
        return d.temperature.value_or(-1000.0);
    case LastSeen:
        return d.lastSeen.isValid() ? d.lastSeen.toMSecsSinceEpoch() : qint64(0);
    default:
        return displayValue(d, column);
    }
}

QVariant DeviceTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Id:
        return tr("ID");
    case Name:
        return tr("Name");
    case Owner:
        return tr("Owner");
    case Online:
        return tr("Status");
    case Battery:
        return tr("Battery");
    case Volume:
        return tr("Volume");
    case Temperature:
        return tr("Temperature");
    case Firmware:
        return tr("Firmware");
    case LastSeen:
        return tr("Last seen");
    }
    return {};
}

void DeviceTableModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!rows_.isEmpty()) // Online and LastSeen ("never") carry translated text
        emit dataChanged(index(0, 0), index(rows_.size() - 1, ColumnCount - 1), {Qt::DisplayRole});
}

void DeviceTableModel::setDevices(const QList<Device> &devices)
{
    beginResetModel();
    rows_.clear();
    rowById_.clear();
    rows_.reserve(devices.size());
    rowById_.reserve(devices.size());
    for (const Device &d : devices) {
        if (d.id.isEmpty())
            continue;
        // A list repeats an id only if the server is broken: keep the last copy.
        auto it = rowById_.find(d.id);
        if (it != rowById_.end()) {
            rows_[*it] = d;
        } else {
            rowById_.insert(d.id, rows_.size());
            rows_.append(d);
        }
    }
    recountOnline();
    endResetModel();
    emit countsChanged(onlineCount_, offlineCount());
}

void DeviceTableModel::upsertDevice(const Device &device)
{
    if (device.id.isEmpty())
        return;
    const int row = rowById_.value(device.id, -1);
    if (row >= 0) {
        rows_[row] = device;
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    } else {
        beginInsertRows({}, rows_.size(), rows_.size());
        rowById_.insert(device.id, rows_.size());
        rows_.append(device);
        endInsertRows();
    }
    recountOnline();
    emit countsChanged(onlineCount_, offlineCount());
}

void DeviceTableModel::removeDevice(const QString &id)
{
    const int row = rowById_.value(id, -1);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    rows_.removeAt(row);
    pending_.remove(id);
    rebuildIndex();
    endRemoveRows();
    recountOnline();
    emit countsChanged(onlineCount_, offlineCount());
}

void DeviceTableModel::clear()
{
    setDevices({});
}

void DeviceTableModel::queueStatus(const QString &deviceId, const QJsonObject &data)
{
    if (deviceId.isEmpty())
        return;
    QJsonObject &merged = pending_[deviceId];
    for (auto it = data.begin(); it != data.end(); ++it)
        merged.insert(it.key(), it.value());
    if (flushTimer_.interval() > 0 && !flushTimer_.isActive())
        flushTimer_.start();
}

void DeviceTableModel::setFlushInterval(int ms)
{
    flushTimer_.setInterval(qMax(0, ms));
    if (ms <= 0)
        flushTimer_.stop();
}

void DeviceTableModel::setOwnerNames(const QHash<qint64, QString> &names)
{
    ownerNames_ = names;
    if (!rows_.isEmpty())
        emit dataChanged(index(0, Owner), index(rows_.size() - 1, Owner), {Qt::DisplayRole});
}

quint32 DeviceTableModel::applyStatus(Device &d, const QJsonObject &data, const QDateTime &now)
{
    namespace json = spk::client::json;
    quint32 changed = 0;
    if (data.contains(QLatin1String(spk::wire::field::kOnline))) {
        const bool online = data.value(QLatin1String(spk::wire::field::kOnline)).toBool();
        if (online != d.online) {
            d.online = online;
            changed |= bit(Online);
        }
    }
    auto setInt = [&](const char *key, std::optional<int> &field, int column) {
        const auto v = json::optionalInt64(data, QLatin1String(key));
        if (v && field != int(*v)) {
            field = int(*v);
            changed |= bit(column);
        }
    };
    setInt("battery", d.battery, Battery);
    setInt("volume", d.applied.volume, Volume);
    const auto temperature = json::optionalNumber(data, QLatin1String(spk::wire::field::kTemperature));
    if (temperature && d.temperature != *temperature) {
        d.temperature = *temperature;
        changed |= bit(Temperature);
    }
    const QString firmware = json::string(data, QLatin1String(spk::wire::field::kFirmware));
    if (!firmware.isEmpty() && firmware != d.firmware) {
        d.firmware = firmware;
        changed |= bit(Firmware);
    }
    if (const QString name = json::string(data, QLatin1String(spk::wire::field::kName));
        !name.isEmpty() && name != d.name) {
        d.name = name;
        changed |= bit(Name);
    }
    // The server's own last_seen wins; otherwise a status the device sent means "seen now" (an
    // offline notice comes from the broker's will, not from the device, so it does not count).
    QDateTime seen = json::dateTime(data, QLatin1String(spk::wire::field::kLastSeen));
    if (!seen.isValid() && d.online && data.value(QLatin1String(spk::wire::field::kOnline)).toBool(true))
        seen = now;
    if (seen.isValid() && seen != d.lastSeen) {
        d.lastSeen = seen;
        changed |= bit(LastSeen);
    }
    return changed;
}

int DeviceTableModel::flushPending()
{
    flushTimer_.stop();
    if (pending_.isEmpty())
        return 0;
    const QHash<QString, QJsonObject> batch = std::exchange(pending_, {});
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QStringList updated;
    updated.reserve(batch.size());
    int onlineDelta = 0;
    for (auto it = batch.begin(); it != batch.end(); ++it) {
        int row = rowById_.value(it.key(), -1);
        if (row < 0) {
            Device d;
            d.id = it.key();
            applyStatus(d, it.value(), now);
            beginInsertRows({}, rows_.size(), rows_.size());
            rowById_.insert(d.id, rows_.size());
            rows_.append(d);
            endInsertRows();
            onlineDelta += d.online ? 1 : 0;
            updated.append(d.id);
            qCDebug(lcDeviceModel) << "status for a device not listed yet:" << d.id;
            emit unknownDeviceSeen(d.id);
            continue;
        }
        Device &d = rows_[row];
        const bool wasOnline = d.online;
        const quint32 changed = applyStatus(d, it.value(), now);
        if (!changed)
            continue;
        onlineDelta += int(d.online) - int(wasOnline);
        int first = 0;
        while (!(changed & bit(first)))
            ++first;
        int last = ColumnCount - 1;
        while (!(changed & bit(last)))
            --last;
        emit dataChanged(index(row, first), index(row, last), {Qt::DisplayRole, SortRole, OnlineRole});
        updated.append(d.id);
    }
    if (onlineDelta != 0) {
        onlineCount_ += onlineDelta;
    }
    if (!updated.isEmpty()) {
        emit countsChanged(onlineCount_, offlineCount());
        emit devicesUpdated(updated);
    }
    return updated.size();
}

const Device *DeviceTableModel::device(const QString &id) const
{
    const int row = rowById_.value(id, -1);
    return row >= 0 ? &rows_.at(row) : nullptr;
}

const Device *DeviceTableModel::deviceAt(int row) const
{
    return row >= 0 && row < rows_.size() ? &rows_.at(row) : nullptr;
}

void DeviceTableModel::rebuildIndex()
{
    rowById_.clear();
    rowById_.reserve(rows_.size());
    for (int i = 0; i < rows_.size(); ++i)
        rowById_.insert(rows_.at(i).id, i);
}

void DeviceTableModel::recountOnline()
{
    onlineCount_ = 0;
    for (const Device &d : std::as_const(rows_))
        onlineCount_ += d.online ? 1 : 0;
}

} // namespace spk::console
