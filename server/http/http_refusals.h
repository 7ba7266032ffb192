#pragma once
// Counts what spkd's HTTP front refuses or cuts off (spk_http_refused_total{reason}) and logs it
// rate-limited: the first event of a reason at once, then at most one line per reason every
// kLogIntervalMs with how many were not logged, so a flood of hostile clients cannot flood the log.
#include <QElapsedTimer>
#include <QHostAddress>
#include <QString>
#include <array>

namespace spk::server {
class Counter;
class Metrics;

enum class HttpRefusal {
    BadRequest,
    BodyTooLarge,
    UriTooLong,
    TooManyHeaders,
    HeadersTooLarge,
    HeaderTimeout,
    BodyTimeout,
    IdleTimeout,
    TooManyConnections,
    TooManyConnectionsPerSource,
    WsMessageTooLarge,
    Count
};

class HttpRefusals
{
public:
    static constexpr int kLogIntervalMs = 10000;
    explicit HttpRefusals(Metrics *metrics); // null: logged, not counted

    void record(HttpRefusal reason, const QHostAddress &source);
    static QString name(HttpRefusal reason); // the metric's reason label

private:
    struct Slot
    {
        Counter *counter = nullptr;
        QElapsedTimer lastLog;
        long long unlogged = 0;
    };
    std::array<Slot, size_t(HttpRefusal::Count)> slots_;
};

} // namespace spk::server
