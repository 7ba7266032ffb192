#include "console/models/device_filter_model.h"

#include "console/models/device_table_model.h"

namespace spk::console {

DeviceFilterModel::DeviceFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(DeviceTableModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    resortTimer_.setSingleShot(true);
    connect(&resortTimer_, &QTimer::timeout, this, &DeviceFilterModel::resortNow);
    setResortInterval(kDefaultResortIntervalMs);
}

void DeviceFilterModel::setSourceModel(QAbstractItemModel *model)
{
    disconnect(sourceConnection_);
    QSortFilterProxyModel::setSourceModel(model);
    if (model)
        sourceConnection_ =
            connect(model, &QAbstractItemModel::dataChanged, this, &DeviceFilterModel::onSourceDataChanged);
}

void DeviceFilterModel::setResortInterval(int ms)
{
    resortInterval_ = qMax(0, ms);
    resortTimer_.setInterval(resortInterval_);
    setDynamicSortFilter(resortInterval_ == 0);
    if (resortInterval_ == 0 && resortTimer_.isActive())
        resortNow();
}

void DeviceFilterModel::resortNow()
{
    resortTimer_.stop();
    invalidate(); // re-filter and, when a sort column is set, re-sort
}

bool DeviceFilterModel::affectsOrderOrFilter(int firstColumn, int lastColumn) const
{
    auto touches = [&](int column) { return column >= firstColumn && column <= lastColumn; };
    if (sortColumn() >= 0 && touches(sortColumn()))
        return true;
    if (online_ != OnlineFilter::All && touches(DeviceTableModel::Online))
        return true;
    // The text filter reads id, name, owner and firmware.
    return !text_.isEmpty() && (touches(DeviceTableModel::Name) || touches(DeviceTableModel::Owner) ||
                                touches(DeviceTableModel::Firmware));
}

void DeviceFilterModel::onSourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    if (resortInterval_ == 0 || resortTimer_.isActive())
        return;
    if (affectsOrderOrFilter(topLeft.column(), bottomRight.column()))
        resortTimer_.start();
}

void DeviceFilterModel::setText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == text_)
        return;
    text_ = trimmed;
    invalidateFilter();
}

void DeviceFilterModel::setOnlineFilter(OnlineFilter filter)
{
    if (filter == online_)
        return;
    online_ = filter;
    invalidateFilter();
}

bool DeviceFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (sourceParent.isValid())
        return false;
    const auto *devices = qobject_cast<const DeviceTableModel *>(sourceModel());
    if (!devices)
        return true;
    const spk::client::Device *d = devices->deviceAt(sourceRow);
    if (!d)
        return false;
    if (online_ == OnlineFilter::OnlineOnly && !d->online)
        return false;
    if (online_ == OnlineFilter::OfflineOnly && d->online)
        return false;
    if (text_.isEmpty())
        return true;
    const QString owner = devices->data(devices->index(sourceRow, DeviceTableModel::Owner)).toString();
    return d->id.contains(text_, Qt::CaseInsensitive) || d->name.contains(text_, Qt::CaseInsensitive) ||
           d->firmware.contains(text_, Qt::CaseInsensitive) || owner.contains(text_, Qt::CaseInsensitive);
}

} // namespace spk::console
