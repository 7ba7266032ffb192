#include "console/pages/dashboard_page.h"

#include "console/app/connection.h"
#include "console/models/device_table_model.h"
#include "console/widgets/stage_timeline_widget.h"

#include "shared/wire/fields.h"
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QTimer>
#include <QValueAxis>

namespace spk::console {

namespace {
constexpr int kSampleMs = 5000;
constexpr int kMaxTimingFetches = 30; // newest sessions whose timings the percentiles start from
constexpr int kSessionsLoaded = 500;

QChartView *makeView(QWidget *parent)
{
    auto *view = new QChartView(new QChart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(220);
    view->chart()->legend()->setAlignment(Qt::AlignBottom);
    return view;
}

// A 0..max axis with whole-number ticks (a 0..1 range would otherwise label 0, 0, 0, 0, 1).
QValueAxis *countAxis(qint64 maxValue)
{
    auto *axis = new QValueAxis;
    constexpr int kTicks = 4;
    const qint64 step = qMax<qint64>(1, (maxValue + kTicks - 1) / kTicks);
    axis->setRange(0, double(step * kTicks));
    axis->setTickCount(kTicks + 1);
    axis->setLabelFormat(QStringLiteral("%d"));
    return axis;
}

void resetChart(QChart *chart)
{
    chart->removeAllSeries();
    for (QAbstractAxis *axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
}
} // namespace

DashboardPage::DashboardPage(Connection *connection, DeviceTableModel *devices, QWidget *parent)
    : QWidget(parent), connection_(connection), devices_(devices), onlineView_(makeView(this)),
      rateView_(makeView(this)), latencyView_(makeView(this)), summary_(new QLabel(this)),
      refresh_(new QPushButton(this)), sampleTimer_(new QTimer(this))
{
    setObjectName(QStringLiteral("dashboardPage"));
    auto *bar = new QHBoxLayout;
    bar->addWidget(summary_, 1);
    bar->addWidget(refresh_);
    auto *grid = new QGridLayout(this);
    grid->addLayout(bar, 0, 0, 1, 2);
    grid->addWidget(onlineView_, 1, 0);
    grid->addWidget(rateView_, 1, 1);
    grid->addWidget(latencyView_, 2, 0, 1, 2);

    sampleTimer_->setInterval(kSampleMs);
    connect(sampleTimer_, &QTimer::timeout, this, &DashboardPage::sampleOnline);
    sampleTimer_->start();
    connect(refresh_, &QPushButton::clicked, this, &DashboardPage::reload);
    connect(devices_, &DeviceTableModel::countsChanged, this, [this](int online, int offline) {
        summary_->setText(tr("%1 devices online, %2 offline").arg(online).arg(offline));
    });
    retranslateUi();
}

void DashboardPage::retranslateUi()
{
    refresh_->setText(tr("Refresh"));
    summary_->setText(
        tr("%1 devices online, %2 offline").arg(devices_->onlineCount()).arg(devices_->offlineCount()));
    onlineView_->chart()->setTitle(tr("Devices online"));
    rateView_->chart()->setTitle(tr("Sessions per minute (last %1 minutes)").arg(kMinutesShown));
    latencyView_->chart()->setTitle(tr("Latency by stage, ms since wake word"));
    redrawOnline();
    redrawRate();
    redrawLatency();
}

void DashboardPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void DashboardPage::sampleOnline()
{
    online_.addSample(QDateTime::currentDateTime(), devices_->onlineCount(), devices_->rowCount());
    redrawOnline();
    redrawRate(); // the minute window moves on even without new sessions
}

void DashboardPage::reload()
{
    spk::client::SessionQuery q;
    q.from = QDateTime::currentDateTimeUtc().addSecs(-60 * kMinutesShown);
    q.limit = kSessionsLoaded;
    connection_->api()->listSessions(q)->then(this, [this](const spk::client::ApiResult &r) {
        if (!r.ok)
            return; // the other pages report connection problems; the charts just keep their data
        const auto page = spk::client::SessionPage::fromJson(r.json);
        timingFetches_ = 0;
        for (const auto &s : page.sessions) {
            rate_.addSession(s.id, s.createdAt);
            if (!latency_.addSession(s) && s.status == QLatin1String("completed") &&
                timingFetches_ < kMaxTimingFetches) {
                ++timingFetches_;
                fetchTimings(s.id);
            }
        }
        rate_.prune(QDateTime::currentDateTimeUtc());
        redrawRate();
        redrawLatency();
    });
}

void DashboardPage::fetchTimings(qint64 sessionId)
{
    connection_->api()->session(sessionId)->then(this, [this](const spk::client::ApiResult &r) {
        if (r.ok && latency_.addSession(spk::client::Session::fromJson(r.json)))
            redrawLatency();
    });
}

void DashboardPage::onSessionProgress(const QJsonObject &message)
{
    const qint64 id = spk::client::json::int64(message, QLatin1String(spk::wire::field::kSessionId));
    if (id <= 0)
        return;
    if (rate_.addSession(id, QDateTime::currentDateTimeUtc()))
        redrawRate();
    if (message.value(QLatin1String(spk::wire::field::kStage)).toString() == QLatin1String("completed"))
        fetchTimings(id);
}

void DashboardPage::redrawOnline()
{
    QChart *chart = onlineView_->chart();
    resetChart(chart);
    auto *online = new QLineSeries;
    online->setName(tr("online"));
    auto *total = new QLineSeries;
    total->setName(tr("known devices"));
    int maxY = 1;
    for (const OnlineSample &s : online_.samples()) {
        online->append(double(s.at.toMSecsSinceEpoch()), s.online);
        total->append(double(s.at.toMSecsSinceEpoch()), s.total);
        maxY = qMax(maxY, s.total);
    }
    chart->addSeries(total);
    chart->addSeries(online);
    auto *x = new QDateTimeAxis;
    x->setFormat(QStringLiteral("HH:mm:ss"));
    const QDateTime now = QDateTime::currentDateTime();
    x->setRange(online_.samples().isEmpty() ? now.addSecs(-60) : online_.samples().first().at,
                online_.samples().isEmpty() ? now : qMax(online_.samples().last().at, now.addSecs(-55)));
    auto *y = countAxis(maxY);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QLineSeries *series : {online, total}) {
        series->attachAxis(x);
        series->attachAxis(y);
    }
}

void DashboardPage::redrawRate()
{
    // A stepped line over a time axis: 30 bars would be too narrow for their minute labels.
    QChart *chart = rateView_->chart();
    resetChart(chart);
    const QDateTime now = QDateTime::currentDateTime();
    const QVector<int> counts = rate_.perMinute(now, kMinutesShown);
    const qint64 lastMinute = now.toMSecsSinceEpoch() / 60000 * 60000;
    auto *series = new QLineSeries;
    series->setName(tr("sessions"));
    int maxY = 1;
    for (int i = 0; i < counts.size(); ++i) {
        const qint64 start = lastMinute - qint64(counts.size() - 1 - i) * 60000;
        series->append(double(start), counts.at(i));
        series->append(double(start + 60000), counts.at(i));
        maxY = qMax(maxY, counts.at(i));
    }
    chart->addSeries(series);
    auto *x = new QDateTimeAxis;
    x->setFormat(QStringLiteral("HH:mm"));
    x->setTickCount(7);
    x->setRange(QDateTime::fromMSecsSinceEpoch(lastMinute - qint64(counts.size() - 1) * 60000),
                QDateTime::fromMSecsSinceEpoch(lastMinute + 60000));
    auto *y = countAxis(maxY);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    chart->legend()->hide();
}

void DashboardPage::redrawLatency()
{
    QChart *chart = latencyView_->chart();
    resetChart(chart);
    const QList<StagePercentiles> stages = latency_.percentiles();
    auto *p50 = new QBarSet(tr("p50"));
    auto *p90 = new QBarSet(tr("p90"));
    auto *p99 = new QBarSet(tr("p99"));
    QStringList labels;
    qint64 maxY = 1;
    for (const StagePercentiles &s : stages) {
        *p50 << s.p50;
        *p90 << s.p90;
        *p99 << s.p99;
        maxY = qMax(maxY, s.p99);
        labels << StageTimelineWidget::stageLabel(s.stage);
    }
    auto *series = new QBarSeries;
    series->append({p50, p90, p99});
    chart->addSeries(series);
    auto *x = new QBarCategoryAxis;
    x->append(labels.isEmpty() ? QStringList{tr("no completed sessions yet")} : labels);
    auto *y = countAxis(maxY + maxY / 10); // milliseconds: the chart title says so
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    chart->legend()->setVisible(true);
}

} // namespace spk::console
