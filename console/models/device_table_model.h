#pragma once
// The fleet as a table: one row per device, live status applied in place.
//
// Why coalescing: with 10,000 devices each reporting every 30 s, the live socket delivers ~330
// updates/s. Applying each one immediately would emit a dataChanged (and a proxy re-sort) per message;
// instead updates are merged per device and applied once per frame (flushIntervalMs), touching only
// the rows and columns whose values really changed.
#include "shared/client/models.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QJsonObject>
#include <QTimer>
#include <QVector>

namespace spk::console {

class DeviceTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Id, Name, Owner, Online, Battery, Volume, Temperature, Firmware, LastSeen, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole + 1, // raw value for sorting (numbers as numbers, times as ms)
        DeviceIdRole,
        OnlineRole,
    };

    explicit DeviceTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Replaces every row (after GET /api/devices). Pending live updates for listed devices are kept
    // and applied on the next flush, so nothing received during the load is lost.
    void setDevices(const QList<spk::client::Device> &devices);
    // Inserts or refreshes one device (GET /api/devices/{id}, POST /api/devices).
    void upsertDevice(const spk::client::Device &device);
    void removeDevice(const QString &id);
    void clear();

    // Queues a status_update's data object; applied at the next flush.
    void queueStatus(const QString &deviceId, const QJsonObject &data);
    // Applies everything queued now; returns how many rows changed.
    int flushPending();
    int pendingCount() const { return pending_.size(); }
    // 0 disables the timer: the caller calls flushPending() itself (tests, benchmark).
    void setFlushInterval(int ms);

    // Owner id -> username, shown in the Owner column when known.
    void setOwnerNames(const QHash<qint64, QString> &names);

    const spk::client::Device *device(const QString &id) const;
    const spk::client::Device *deviceAt(int row) const;
    int rowOf(const QString &id) const { return rowById_.value(id, -1); }
    int onlineCount() const { return onlineCount_; }
    int offlineCount() const { return rows_.size() - onlineCount_; }

    // Re-reads the header texts after a language change.
    void retranslate();

signals:
    void countsChanged(int online, int offline);
    // A status arrived for a device not in the table (added since the list was loaded): a row was
    // created from the status alone; the owner may fetch the full object.
    void unknownDeviceSeen(const QString &deviceId);
    // Rows changed by a flush (after dataChanged was emitted).
    void devicesUpdated(const QStringList &deviceIds);

private:
    // Applies data to the device; returns a bit mask of the columns whose value changed.
    static quint32 applyStatus(spk::client::Device &device, const QJsonObject &data, const QDateTime &now);
    QVariant displayValue(const spk::client::Device &d, int column) const;
    QVariant sortValue(const spk::client::Device &d, int column) const;
    void rebuildIndex();
    void recountOnline();

    QVector<spk::client::Device> rows_;
    QHash<QString, int> rowById_;
    QHash<QString, QJsonObject> pending_; // device id -> merged status fields
    QHash<qint64, QString> ownerNames_;
    QTimer flushTimer_;
    int onlineCount_ = 0;
};

} // namespace spk::console
