#include "simulator/fleet_snapshot.h"

#include <QStringList>

#include <algorithm>
#include <cmath>

namespace spk::sim {

LatencySummary summarizeLatencies(std::vector<qint64> &samples)
{
    LatencySummary out;
    if (samples.empty())
        return out;
    std::sort(samples.begin(), samples.end());
    const auto rank = [&](double q) {
        const auto idx = size_t(std::ceil(q * double(samples.size()))) - 1;
        return samples[std::min(idx, samples.size() - 1)];
    };
    out.samples = int(samples.size());
    out.p50Ms = rank(0.50);
    out.p95Ms = rank(0.95);
    out.p99Ms = rank(0.99);
    out.maxMs = samples.back();
    return out;
}

namespace {

quint64 errors(const FleetSnapshot &s)
{
    return s.core.rejected + s.core.malformed + s.core.oversized + s.host.publishErrors;
}

QString seconds(qint64 ms)
{
    return QString::number(double(ms) / 1000.0, 'f', 1) + QStringLiteral(" s");
}

} // namespace

QString progressLine(const FleetSnapshot &s)
{
    return QStringLiteral("[%1s] online %2/%3  ramp %4/%3  in %5  out %6  acks %7  reconnects %8  errors %9")
        .arg(s.elapsedMs / 1000, 4)
        .arg(s.connectedNow)
        .arg(s.devices)
        .arg(s.started)
        .arg(s.core.messagesIn)
        .arg(s.host.published)
        .arg(s.core.acksSent - s.host.acksWithheld)
        .arg(s.host.reconnects)
        .arg(errors(s));
}

QString summaryTable(const FleetSnapshot &s, int onlineAtStop)
{
    QStringList rows;
    const auto row = [&rows](const QString &name, const QString &value) {
        rows << QStringLiteral("  %1 %2").arg(name, -22).arg(value);
    };
    const auto n = [](quint64 v) { return QString::number(v); };
    rows << QStringLiteral("spksim summary: %1 devices on %2, ran %3")
                .arg(s.devices)
                .arg(s.brokerUri, seconds(s.elapsedMs));
    row(QStringLiteral("online at stop"), QStringLiteral("%1 / %2").arg(onlineAtStop).arg(s.devices));
    row(QStringLiteral("ever connected"), QString::number(s.everConnected));
    row(QStringLiteral("all online after"),
        s.allConnectedAtMs < 0 ? QStringLiteral("never") : seconds(s.allConnectedAtMs));
    row(QStringLiteral("first connect (ms)"), QStringLiteral("p50 %1  p95 %2  p99 %3  max %4")
                                                  .arg(s.firstConnect.p50Ms)
                                                  .arg(s.firstConnect.p95Ms)
                                                  .arg(s.firstConnect.p99Ms)
                                                  .arg(s.firstConnect.maxMs));
    row(QStringLiteral("connect attempts"), n(s.host.connectAttempts));
    row(QStringLiteral("connect failures"), n(s.host.connectFailures));
    row(QStringLiteral("connections lost"), n(s.core.connectionLosses - s.host.connectFailures));
    row(QStringLiteral("reconnects"), n(s.host.reconnects));
    row(QStringLiteral("messages in"), n(s.core.messagesIn));
    row(QStringLiteral("messages out"), n(s.host.published));
    row(QStringLiteral("statuses sent"), n(s.core.statusesSent));
    row(QStringLiteral("acks sent"), n(s.core.acksSent - s.host.acksWithheld));
    row(QStringLiteral("acks delayed/withheld"),
        QStringLiteral("%1 / %2").arg(s.host.acksDelayed).arg(s.host.acksWithheld));
    row(QStringLiteral("configs applied"), n(s.core.configsApplied));
    row(QStringLiteral("duplicate requests"), n(s.core.duplicateRequests));
    row(QStringLiteral("reboots"), n(s.core.reboots));
    row(QStringLiteral("upgrades requested"), n(s.core.upgradesRequested));
    row(QStringLiteral("rejected (invalid)"), n(s.core.rejected));
    row(QStringLiteral("malformed / oversized"),
        QStringLiteral("%1 / %2").arg(s.core.malformed).arg(s.core.oversized));
    row(QStringLiteral("unhandled topics"), n(s.core.unhandled));
    row(QStringLiteral("publish errors"), n(s.host.publishErrors));
    return rows.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QJsonObject summaryJson(const FleetSnapshot &s, int onlineAtStop)
{
    const auto d = [](quint64 v) { return double(v); };
    return QJsonObject{
        {"broker", s.brokerUri},
        {"elapsed_ms", double(s.elapsedMs)},
        {"devices", s.devices},
        {"online_at_stop", onlineAtStop},
        {"ever_connected", s.everConnected},
        {"all_online_after_ms",
         s.allConnectedAtMs < 0 ? QJsonValue() : QJsonValue(double(s.allConnectedAtMs))},
        {"first_connect_ms", QJsonObject{{"samples", s.firstConnect.samples},
                                         {"p50", double(s.firstConnect.p50Ms)},
                                         {"p95", double(s.firstConnect.p95Ms)},
                                         {"p99", double(s.firstConnect.p99Ms)},
                                         {"max", double(s.firstConnect.maxMs)}}},
        {"connect_attempts", d(s.host.connectAttempts)},
        {"connect_failures", d(s.host.connectFailures)},
        {"connections_lost", d(s.core.connectionLosses - s.host.connectFailures)},
        {"reconnects", d(s.host.reconnects)},
        {"messages_in", d(s.core.messagesIn)},
        {"messages_out", d(s.host.published)},
        {"statuses_sent", d(s.core.statusesSent)},
        {"acks_sent", d(s.core.acksSent - s.host.acksWithheld)},
        {"acks_delayed", d(s.host.acksDelayed)},
        {"acks_withheld", d(s.host.acksWithheld)},
        {"configs_applied", d(s.core.configsApplied)},
        {"duplicate_requests", d(s.core.duplicateRequests)},
        {"reboots", d(s.core.reboots)},
        {"upgrades_requested", d(s.core.upgradesRequested)},
        {"rejected", d(s.core.rejected)},
        {"malformed", d(s.core.malformed)},
        {"oversized", d(s.core.oversized)},
        {"unhandled", d(s.core.unhandled)},
        {"publish_errors", d(s.host.publishErrors)},
    };
}

} // namespace spk::sim
