#pragma once
// Filters the device table by free text (id, name, owner, firmware) and by online state; sorts on
// raw values (DeviceTableModel::SortRole) so "9 %" sorts below "10 %".
//
// Why a re-sort interval: with a sorted view of 10,000 rows every changed sort key makes Qt's proxy
// emit a layout change, and a QTableView relayouts all rows for each one (measured: ~15 ms per 50 ms
// frame, see bench/console). Values still update at once; only the row ORDER (and membership in a
// filter) catches up at most once per interval.
#include <QSortFilterProxyModel>
#include <QTimer>

namespace spk::console {

class DeviceFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum class OnlineFilter { All, OnlineOnly, OfflineOnly };
    static constexpr int kDefaultResortIntervalMs = 1000;

    explicit DeviceFilterModel(QObject *parent = nullptr);

    void setText(const QString &text);
    QString text() const { return text_; }
    void setOnlineFilter(OnlineFilter filter);
    OnlineFilter onlineFilter() const { return online_; }

    // 0: re-sort/re-filter on every change (Qt's dynamic sorting). Otherwise at most once per interval.
    void setResortInterval(int ms);
    int resortInterval() const { return resortInterval_; }
    // Applies a pending re-sort now.
    void resortNow();
    bool resortPending() const { return resortTimer_.isActive(); }

    void setSourceModel(QAbstractItemModel *model) override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    void onSourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    bool affectsOrderOrFilter(int firstColumn, int lastColumn) const;

    QString text_;
    OnlineFilter online_ = OnlineFilter::All;
    int resortInterval_ = kDefaultResortIntervalMs;
    QTimer resortTimer_;
    QMetaObject::Connection sourceConnection_;
};

} // namespace spk::console
