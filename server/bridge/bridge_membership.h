#pragma once
// This bridge among its replicas (docs/replicas.md): claims its id in the shared database at start
// (refusing an id another live bridge holds), fails the sessions its previous run left active, beats
// every bridge.heartbeat_seconds, and declares bridges silent for bridge.dead_after_seconds lost:
// their active sessions become failed (bridge_lost) and their /ws/audio links are forgotten, so new
// wakes go to the survivors. The view of who is alive is refreshed at each beat.
#include <QObject>
#include <QStringList>
#include <QTimer>

namespace spk::server {
struct BridgeConfig;
class BridgeStore;
class SessionStore;
class Metrics;

class BridgeMembership : public QObject
{
    Q_OBJECT
public:
    BridgeMembership(const BridgeConfig &config, BridgeStore &store, SessionStore &sessions, Metrics &metrics,
                     QObject *parent = nullptr);

    bool start(QString *error);
    void stop(); // leaves cleanly: the others stop routing wakes here at once

    const QString &id() const { return id_; }
    // Live bridges as of the last beat, this one included, sorted.
    const QStringList &alive() const { return alive_; }
    bool isAlive(const QString &bridgeId) const { return alive_.contains(bridgeId); }
    void beat(); // public for tests; the timer calls it

private:
    void sweepLost();

    const QString id_;
    const QString instance_;
    const qint64 deadAfterMs_;
    BridgeStore &store_;
    SessionStore &sessions_;
    Metrics &metrics_;
    QTimer timer_;
    QStringList alive_;
};

} // namespace spk::server
