#include "console/pages/sessions_page.h"

#include "console/app/connection.h"
#include "console/app/error_text.h"
#include "console/models/session_table_model.h"
#include "console/widgets/session_detail_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace spk::console {

namespace {
constexpr int kPageSize = 100;
const char *const kStatuses[] = {"", "active", "completed", "failed"};
} // namespace

SessionsPage::SessionsPage(Connection *connection, QWidget *parent)
    : QWidget(parent), connection_(connection), model_(new SessionTableModel(this)),
      proxy_(new QSortFilterProxyModel(this)), device_(new QLineEdit(this)), status_(new QComboBox(this)),
      fromEnabled_(new QCheckBox(this)), from_(new QDateTimeEdit(this)), toEnabled_(new QCheckBox(this)),
      to_(new QDateTimeEdit(this)), searchButton_(new QPushButton(this)), message_(new QLabel(this)),
      table_(new QTableView(this)), moreButton_(new QPushButton(this)),
      detail_(new SessionDetailPanel(connection, this))
{
    setObjectName(QStringLiteral("sessionsPage"));
    table_->setObjectName(QStringLiteral("sessionTable"));
    device_->setClearButtonEnabled(true);
    for (int i = 0; i < int(std::size(kStatuses)); ++i)
        status_->addItem(QString(), QString::fromLatin1(kStatuses[i]));
    const QDateTime now = QDateTime::currentDateTime();
    from_->setDateTime(now.addDays(-1));
    to_->setDateTime(now.addSecs(3600));
    for (QDateTimeEdit *e : {from_, to_}) {
        e->setCalendarPopup(true);
        e->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        e->setEnabled(false);
    }
    message_->setWordWrap(true);
    message_->setStyleSheet(QStringLiteral("color: #b00020;"));
    message_->hide();
    moreButton_->setEnabled(false);

    proxy_->setSourceModel(model_);
    proxy_->setSortRole(SessionTableModel::SortRole);
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(SessionTableModel::Started, Qt::DescendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setWordWrap(false);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setColumnWidth(SessionTableModel::Started, 150);

    auto *bar = new QHBoxLayout;
    bar->addWidget(device_, 1);
    bar->addWidget(status_);
    bar->addWidget(fromEnabled_);
    bar->addWidget(from_);
    bar->addWidget(toEnabled_);
    bar->addWidget(to_);
    bar->addWidget(searchButton_);
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(message_);
    leftLayout->addWidget(table_, 1);
    leftLayout->addWidget(moreButton_, 0, Qt::AlignLeft);
    auto *splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(detail_);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({660, 600});
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(splitter, 1);

    connect(fromEnabled_, &QCheckBox::toggled, from_, &QWidget::setEnabled);
    connect(toEnabled_, &QCheckBox::toggled, to_, &QWidget::setEnabled);
    connect(searchButton_, &QPushButton::clicked, this, &SessionsPage::search);
    connect(device_, &QLineEdit::returnPressed, this, &SessionsPage::search);
    connect(moreButton_, &QPushButton::clicked, this, &SessionsPage::loadMore);
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SessionsPage::onSelectionChanged);
    connect(detail_, &SessionDetailPanel::sessionLoaded, model_,
            [this](const spk::client::Session &s) { model_->updateSession(s); });
    retranslateUi();
}

void SessionsPage::retranslateUi()
{
    device_->setPlaceholderText(tr("Device id (empty: all devices)"));
    status_->setItemText(0, tr("Any status"));
    for (int i = 1; i < status_->count(); ++i)
        status_->setItemText(i, SessionTableModel::statusLabel(status_->itemData(i).toString()));
    fromEnabled_->setText(tr("From"));
    toEnabled_->setText(tr("To"));
    searchButton_->setText(tr("Search"));
    moreButton_->setText(tr("Load older sessions"));
    model_->retranslate();
}

void SessionsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

spk::client::SessionQuery SessionsPage::currentQuery() const
{
    spk::client::SessionQuery q;
    q.deviceId = device_->text().trimmed();
    q.status = status_->currentData().toString();
    if (fromEnabled_->isChecked())
        q.from = from_->dateTime().toUTC();
    if (toEnabled_->isChecked())
        q.to = to_->dateTime().toUTC();
    q.limit = kPageSize;
    return q;
}

void SessionsPage::setDeviceFilter(const QString &deviceId)
{
    device_->setText(deviceId);
    search();
}

void SessionsPage::search()
{
    fetch(false);
}

void SessionsPage::loadMore()
{
    if (!next_.isEmpty())
        fetch(true);
}

void SessionsPage::fetch(bool append)
{
    if (fromEnabled_->isChecked() && toEnabled_->isChecked() && from_->dateTime() > to_->dateTime()) {
        message_->setText(tr("The start of the date range is after its end."));
        message_->show();
        return;
    }
    if (loading_)
        loading_->abort();
    spk::client::SessionQuery q = currentQuery();
    if (append)
        q.before = next_;
    searchButton_->setEnabled(false);
    moreButton_->setEnabled(false);
    loading_ = connection_->api()->listSessions(q);
    loading_->then(this, [this, append](const spk::client::ApiResult &r) {
        searchButton_->setEnabled(true);
        if (!r.ok) {
            if (r.errorCode() == QLatin1String(spk::client::errc::kCanceled))
                return;
            message_->setText(tr("Cannot load sessions: %1").arg(ErrorText::describe(r)));
            message_->show();
            moreButton_->setEnabled(!next_.isEmpty());
            return;
        }
        message_->hide();
        const auto page = spk::client::SessionPage::fromJson(r.json);
        next_ = page.next;
        if (append)
            model_->appendSessions(page.sessions);
        else
            model_->setSessions(page.sessions);
        moreButton_->setEnabled(!next_.isEmpty());
    });
}

void SessionsPage::showSession(qint64 sessionId)
{
    const int row = model_->rowOf(sessionId);
    if (row >= 0) {
        const QModelIndex index = proxy_->mapFromSource(model_->index(row, 0));
        table_->selectionModel()->select(index,
                                         QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        table_->scrollTo(index);
    }
    if (detail_->sessionId() != sessionId)
        detail_->showSession(sessionId);
}

void SessionsPage::onSelectionChanged()
{
    const QModelIndexList rows = table_->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    const qint64 id = rows.first().data(SessionTableModel::SessionIdRole).toLongLong();
    if (id != detail_->sessionId())
        detail_->showSession(id);
}

} // namespace spk::console
