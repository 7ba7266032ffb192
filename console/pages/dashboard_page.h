#pragma once
// Fleet at a glance (Qt Charts): devices online over time (sampled from the live table), sessions per
// minute (loaded once, then counted from live progress), latency percentiles per pipeline stage.
#include "console/stats/latency_stats.h"
#include "console/stats/online_history.h"
#include "console/stats/session_rate.h"

#include <QWidget>

class QChart;
class QChartView;
class QLabel;
class QPushButton;
class QTimer;

namespace spk::console {

class Connection;
class DeviceTableModel;

class DashboardPage : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kMinutesShown = 30;

    DashboardPage(Connection *connection, DeviceTableModel *devices, QWidget *parent = nullptr);

    const OnlineHistory &onlineHistory() const { return online_; }
    const SessionRate &sessionRate() const { return rate_; }
    const LatencyStats &latency() const { return latency_; }

public slots:
    // Loads the last half hour of sessions and the timings of the newest ones.
    void reload();
    void sampleOnline();
    void onSessionProgress(const QJsonObject &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void fetchTimings(qint64 sessionId);
    void redrawOnline();
    void redrawRate();
    void redrawLatency();

    Connection *connection_;
    DeviceTableModel *devices_;
    OnlineHistory online_;
    SessionRate rate_;
    LatencyStats latency_;
    QChartView *onlineView_;
    QChartView *rateView_;
    QChartView *latencyView_;
    QLabel *summary_;
    QPushButton *refresh_;
    QTimer *sampleTimer_;
    int timingFetches_ = 0;
};

} // namespace spk::console
