#include "server/bridge/bridge_membership.h"

#include "server/bridge/bridge_metrics.h"
#include "server/core/bridge_config.h"
#include "server/core/logging.h"
#include "server/core/metrics.h"
#include "server/storage/bridge_store.h"
#include "server/storage/session_store.h"

#include <QUuid>

namespace spk::server {

BridgeMembership::BridgeMembership(const BridgeConfig &config, BridgeStore &store, SessionStore &sessions,
                                   Metrics &metrics, QObject *parent)
    : QObject(parent), id_(config.id), instance_(QUuid::createUuid().toString(QUuid::WithoutBraces)),
      deadAfterMs_(qint64(config.deadAfterSeconds) * 1000), store_(store), sessions_(sessions),
      metrics_(metrics)
{
    timer_.setInterval(config.heartbeatSeconds * 1000);
    connect(&timer_, &QTimer::timeout, this, &BridgeMembership::beat);
}

bool BridgeMembership::start(QString *error)
{
    switch (store_.claim(id_, instance_, deadAfterMs_)) {
    case StoreResult::Ok:
        break;
    case StoreResult::Conflict:
        *error = QStringLiteral("bridge id '%1' belongs to another live bridge; give each bridge its own "
                                "bridge.id (SPK_BRIDGE_ID)")
                     .arg(id_);
        return false;
    default:
        *error = QStringLiteral("could not register bridge '%1' in the database").arg(id_);
        return false;
    }
    sessions_.failActiveSessions(id_, QStringLiteral("server_restart"));
    alive_ = {id_};
    beat();
    timer_.start();
    qCInfo(lcBridge).noquote() << QStringLiteral("bridge replica '%1' registered; alive: %2")
                                      .arg(id_, alive_.join(QLatin1String(", ")));
    return true;
}

void BridgeMembership::stop()
{
    if (!timer_.isActive())
        return;
    timer_.stop();
    store_.remove(id_);
}

void BridgeMembership::beat()
{
    if (store_.heartbeat(id_, instance_) == StoreResult::NotFound) {
        // Declared lost while we were stalled (or the database was away): our sessions are already
        // failed; take the id back so devices can be routed here again.
        qCWarning(lcBridge).noquote()
            << QStringLiteral("bridge '%1' was declared lost; re-registering").arg(id_);
        store_.claim(id_, instance_, deadAfterMs_);
    }
    sweepLost(); // first, so the view below no longer lists what was just declared lost
    if (const auto alive = store_.alive(deadAfterMs_)) {
        alive_ = *alive;
        if (!alive_.contains(id_))
            alive_.append(id_), alive_.sort();
    }
    metrics_.gauge(bridge_metrics::kReplicasAlive).set(alive_.size());
}

void BridgeMembership::sweepLost()
{
    const auto lost = store_.lost(deadAfterMs_);
    if (!lost)
        return;
    for (const QString &bridge : *lost) {
        if (bridge == id_)
            continue;
        const int failed = sessions_.failActiveSessions(bridge, QStringLiteral("bridge_lost"));
        if (failed < 0 || !store_.remove(bridge))
            continue; // the database is away; the next beat tries again
        metrics_.counter(bridge_metrics::kReplicasLost).inc();
        qCWarning(lcBridge).noquote()
            << QStringLiteral("bridge '%1' is lost (no heartbeat for %2 s): %3 active sessions failed")
                   .arg(bridge)
                   .arg(deadAfterMs_ / 1000)
                   .arg(failed);
    }
}

} // namespace spk::server
