#include "console/pages/devices_page.h"

#include "console/app/connection.h"
#include "console/app/error_text.h"
#include "console/models/device_filter_model.h"
#include "console/models/device_table_model.h"
#include "console/widgets/device_detail_panel.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace spk::console {

DevicesPage::DevicesPage(Connection *connection, DeviceTableModel *devices, QWidget *parent)
    : QWidget(parent), connection_(connection), devices_(devices), proxy_(new DeviceFilterModel(this)),
      filter_(new QLineEdit(this)), onlineFilter_(new QComboBox(this)), refresh_(new QPushButton(this)),
      message_(new QLabel(this)), table_(new QTableView(this)),
      detail_(new DeviceDetailPanel(connection, devices, this))
{
    setObjectName(QStringLiteral("devicesPage"));
    filter_->setObjectName(QStringLiteral("deviceFilter"));
    table_->setObjectName(QStringLiteral("deviceTable"));
    filter_->setClearButtonEnabled(true);
    message_->setWordWrap(true);
    message_->setStyleSheet(QStringLiteral("color: #b00020;"));
    message_->hide();
    onlineFilter_->addItems({QString(), QString(), QString()});

    proxy_->setSourceModel(devices_);
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(DeviceTableModel::Id, Qt::AscendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setAlternatingRowColors(true);
    table_->setWordWrap(false);
    // Fixed row heights and no per-content resizing: scrolling 10,000 rows stays cheap.
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 8);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    table_->horizontalHeader()->setStretchLastSection(true);
    const int digit = table_->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    static const int widthsInDigits[DeviceTableModel::ColumnCount] = {12, 14, 10, 8, 8, 8, 10, 9, 19};
    for (int c = 0; c < DeviceTableModel::ColumnCount; ++c)
        table_->setColumnWidth(c, widthsInDigits[c] * digit);

    auto *bar = new QHBoxLayout;
    bar->addWidget(filter_, 1);
    bar->addWidget(onlineFilter_);
    bar->addWidget(refresh_);
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(bar);
    leftLayout->addWidget(message_);
    leftLayout->addWidget(table_, 1);
    auto *splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(detail_);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({900, 380});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(filter_, &QLineEdit::textChanged, proxy_, &DeviceFilterModel::setText);
    connect(onlineFilter_, &QComboBox::currentIndexChanged, this,
            [this](int i) { proxy_->setOnlineFilter(DeviceFilterModel::OnlineFilter(i)); });
    connect(refresh_, &QPushButton::clicked, this, &DevicesPage::reload);
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &DevicesPage::onSelectionChanged);
    connect(devices_, &DeviceTableModel::unknownDeviceSeen, this, &DevicesPage::fetchUnknownDevice);
    connect(detail_, &DeviceDetailPanel::openSessionRequested, this, &DevicesPage::openSessionRequested);
    retranslateUi();
}

void DevicesPage::retranslateUi()
{
    filter_->setPlaceholderText(tr("Filter by id, name, owner or firmware"));
    onlineFilter_->setItemText(0, tr("All devices"));
    onlineFilter_->setItemText(1, tr("Online only"));
    onlineFilter_->setItemText(2, tr("Offline only"));
    refresh_->setText(tr("Refresh"));
    devices_->retranslate();
}

void DevicesPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void DevicesPage::reload()
{
    if (loading_)
        return;
    refresh_->setEnabled(false);
    loading_ = connection_->api()->listDevices();
    loading_->then(this, [this](const spk::client::ApiResult &r) {
        refresh_->setEnabled(true);
        if (!r.ok) {
            const QString text = tr("Cannot load the devices: %1").arg(ErrorText::describe(r));
            message_->setText(text);
            message_->show();
            emit loadFailed(text);
            return;
        }
        message_->hide();
        const QString selected = detail_->deviceId();
        devices_->setDevices(spk::client::Device::listFromJson(r.json));
        if (!selected.isEmpty())
            selectDevice(selected);
    });
}

void DevicesPage::fetchUnknownDevice(const QString &deviceId)
{
    connection_->api()->device(deviceId)->then(this, [this](const spk::client::ApiResult &r) {
        if (r.ok)
            devices_->upsertDevice(spk::client::Device::fromJson(r.json));
    });
}

void DevicesPage::selectDevice(const QString &deviceId)
{
    const int sourceRow = devices_->rowOf(deviceId);
    if (sourceRow < 0)
        return;
    const QModelIndex proxyIndex = proxy_->mapFromSource(devices_->index(sourceRow, 0));
    if (!proxyIndex.isValid())
        return;
    table_->selectionModel()->select(proxyIndex,
                                     QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    table_->scrollTo(proxyIndex);
    detail_->showDevice(deviceId);
}

void DevicesPage::onSelectionChanged()
{
    const QModelIndexList rows = table_->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    detail_->showDevice(rows.first().data(DeviceTableModel::DeviceIdRole).toString());
}

} // namespace spk::console
