#pragma once
// Small helpers shared by the voice benchmarks: percentiles, CPU time of a process, a blocking HTTP
// call and a Prometheus /metrics scrape. A benchmark driver, not product code.
#include <QByteArray>
#include <QMap>
#include <QString>
#include <functional>
#include <vector>

namespace spk::bench {

struct Summary
{
    int count = 0;
    double p50 = 0, p95 = 0, max = 0;
};
Summary summarize(std::vector<double> values);
QString formatMs(const Summary &s); // "p50 12.3 ms  p95 45.6 ms  max 78.9 ms  (n=10)"

// utime + stime of a process in seconds (from /proc/<pid>/stat); -1 when it cannot be read.
double processCpuSeconds(qint64 pid);
// One thread of a process (/proc/<pid>/task/<tid>/schedstat; tid = pid is the main thread): seconds
// on a CPU and seconds runnable but waiting for one. {-1, -1} when it cannot be read.
struct ThreadSched
{
    double running = -1, waiting = -1;
};
ThreadSched threadSched(qint64 pid, qint64 tid);
// The threads of a process whose name (/proc/<pid>/task/<tid>/comm) starts with prefix.
QList<qint64> threadsNamed(qint64 pid, const QByteArray &prefix);
// CPU time of this process in seconds.
double selfCpuSeconds();

// Blocking HTTP request with a time-out; returns the status (0 on a network error) and the body.
int httpRequest(const QByteArray &method, const QString &url, const QByteArray &token, const QByteArray &body,
                QByteArray *reply, int timeoutMs = 10000);

// GET <base>/metrics, parsed into "name{labels}" -> value. Empty on failure.
QMap<QString, double> scrapeMetrics(const QString &baseUrl);
// Sum over every sample of a metric family (all label sets).
double metricSum(const QMap<QString, double> &metrics, const QString &name);

// Runs the event loop until condition() is true or timeoutMs passed; returns condition().
bool waitFor(const std::function<bool()> &condition, int timeoutMs);

} // namespace spk::bench
