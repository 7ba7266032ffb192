#pragma once
// Per-route request metrics (docs/metrics.md): one object per registered route (pattern + method) and
// one per method for every unmatched path, created when the route is registered, so answering a request
// costs a clock read, an uncontended lock and a short scan of the statuses seen, not a registry lookup.
#include <QString>
#include <mutex>
#include <utility>
#include <vector>

namespace spk::server {
class Counter;
class Histogram;
class Metrics;

class HttpRouteStats
{
public:
    // route: the registered pattern, e.g. "/api/devices/{id}" (or "unmatched"); method: "GET", ….
    HttpRouteStats(Metrics &metrics, QString route, QString method);
    // One answered request: its status and the time from receipt to the answer.
    void record(int status, double elapsedSeconds);

private:
    Metrics &metrics_;
    QString route_, method_;
    Histogram &latency_;
    std::mutex mutex_;
    std::vector<std::pair<int, Counter *>> byStatus_; // a handful per route
};

// "GET", "POST", … ("OTHER" for what Qt does not name).
QString httpMethodName(int qtMethod);

} // namespace spk::server
