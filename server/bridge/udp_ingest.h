#pragma once
// protocol.md §4 receive side. One UDP port, served by N media workers (UplinkShard, a thread each; the
// kernel steers each datagram to the worker owning its ssrc, see UplinkSocketGroup). The workers
// authenticate, buffer, decode and conceal; this object lives on the conversations' thread, registers
// the sessions' streams and hands each worker's batch of frames and events to the sessions' sinks.
// Every dropped datagram is counted in spk_bridge_udp_dropped_total{reason=…}.
#include "server/bridge/uplink_socket_group.h"
#include "server/bridge/uplink_stream.h"

#include <QHostAddress>
#include <QObject>

#include <memory>
#include <unordered_map>
#include <vector>

namespace spk::server {
class Gauge;
class Metrics;
class UplinkShard;

class UdpIngest : public QObject
{
    Q_OBJECT
public:
    UdpIngest(Metrics &metrics, const spk::media::JitterBufferSettings &jitter, QObject *parent = nullptr);
    ~UdpIngest() override;

    // Binds the port with `workers` media threads (0: one per CPU core); false + *error when the
    // address is in use or invalid.
    bool bind(const QHostAddress &address, quint16 port, QString *error, int workers = 1);
    // Stops the workers and closes the port.
    void close();
    quint16 port() const { return sockets_.port(); }
    int workerCount() const { return int(shards_.size()); }

    // Registers a session's uplink; returns its fresh random ssrc (never in use), on the least busy
    // worker; 0 when the port is not open.
    quint32 addStream(const spk::media::SessionKey &key, UplinkSink sink);
    // Later datagrams of this ssrc are dropped (reason "session_closed"); the key stays known.
    void closeStream(quint32 ssrc);
    // Forgets the ssrc (its datagrams become "unknown_ssrc"). Safe from inside a sink callback.
    void removeStream(quint32 ssrc);
    int streamCount() const { return int(sinks_.size()); }

    // Frames dropped so far for one reason label (tests, benchmarks).
    long long dropped(const QString &reason) const;

private:
    struct Registered
    {
        UplinkSink sink;
        int shard = 0;
        bool closed = false;
        bool removed = false;
    };
    void dispatch(UplinkBatch &batch);
    void deliver(const Registered &entry, const UplinkEvent &event);

    Metrics &metrics_;
    spk::media::JitterBufferSettings jitterSettings_;
    UplinkCounters counters_;
    Gauge *streamsGauge_ = nullptr;
    UplinkSocketGroup sockets_;
    std::vector<std::unique_ptr<UplinkShard>> shards_;
    std::vector<int> shardLoad_; // live streams per worker
    std::unordered_map<quint32, std::shared_ptr<Registered>> sinks_;
};

} // namespace spk::server
