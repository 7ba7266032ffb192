#pragma once
// CONTRACT §4 receive side: one UDP socket for every session. Datagrams are authenticated with the
// session key found by ssrc, then put into that session's jitter buffer; ONE 20 ms timer drains all
// sessions (no timer per session: this must carry 1,000 streams), decoding or concealing each frame.
// Every dropped datagram is counted in spk_bridge_udp_dropped_total{reason=…}.
#include "server/bridge/uplink_stream.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QTimer>
#include <QUdpSocket>

#include <array>
#include <memory>
#include <unordered_map>
#include <vector>

namespace spk::server {
class Counter;
class Gauge;
class Metrics;

class UdpIngest : public QObject
{
    Q_OBJECT
public:
    UdpIngest(Metrics &metrics, const spk::media::JitterBufferSettings &jitter, QObject *parent = nullptr);
    ~UdpIngest() override;

    // Binds the socket; false + *error when the address is in use or invalid.
    bool bind(const QHostAddress &address, quint16 port, QString *error);
    quint16 port() const { return socket_.localPort(); }

    // Registers a session's uplink; returns its fresh random ssrc (never 0, never in use).
    quint32 addStream(const spk::media::SessionKey &key, UplinkSink sink);
    // Later datagrams of this ssrc are dropped (reason "session_closed"); the key stays known.
    void closeStream(quint32 ssrc);
    // Forgets the ssrc (its datagrams become "unknown_ssrc"). Safe from inside a sink callback.
    void removeStream(quint32 ssrc);
    int streamCount() const { return int(streams_.size()); }

    // Frames dropped so far for one reason label (tests, benchmarks).
    long long dropped(const QString &reason) const;

private:
    enum Reason {
        BadVersion,
        LengthMismatch,
        UnknownSsrc,
        AuthFailed,
        Duplicate,
        TooOld,
        OutOfRange,
        SessionClosed,
        ReasonCount
    };
    static const char *reasonLabel(Reason r);
    void onReadyRead();
    void handleDatagram(const std::uint8_t *data, std::size_t size);
    void onTick();
    // Plays out one 20 ms slot (or, while draining, everything up to the end frame).
    void playOut(quint32 ssrc, UplinkStream &stream);
    void drop(Reason reason);

    Metrics &metrics_;
    spk::media::JitterBufferSettings jitterSettings_;
    QUdpSocket socket_;
    QTimer tick_;
    QElapsedTimer clock_;
    qint64 ticksDone_ = 0;
    std::vector<std::uint8_t> buffer_;
    std::unordered_map<quint32, std::unique_ptr<UplinkStream>> streams_;
    std::vector<std::unique_ptr<UplinkStream>> retired_; // removed during a callback; freed later
    std::array<Counter *, ReasonCount> dropCounters_{};
    Counter *framesIn_ = nullptr;
    Counter *framesOut_ = nullptr;
    Counter *concealed_ = nullptr;
    Gauge *streamsGauge_ = nullptr;
};

} // namespace spk::server
