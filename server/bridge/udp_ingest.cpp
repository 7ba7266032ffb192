#include "server/bridge/udp_ingest.h"

#include "server/core/logging.h"
#include "server/core/metrics.h"
#include "shared/media/udp_packet.h"

#include <QRandomGenerator>

namespace spk::server {

using spk::media::JitterBuffer;

namespace {
constexpr int kTickMs = 20;
constexpr int kMaxCatchUpTicks = 5; // after a stall, play at most 100 ms at once per stream
} // namespace

const char *UdpIngest::reasonLabel(Reason r)
{
    switch (r) {
    case BadVersion:
        return "bad_version";
    case LengthMismatch:
        return "length_mismatch";
    case UnknownSsrc:
        return "unknown_ssrc";
    case AuthFailed:
        return "auth_failed";
    case Duplicate:
        return "duplicate";
    case TooOld:
        return "too_old";
    case OutOfRange:
        return "out_of_range";
    case SessionClosed:
        return "session_closed";
    case ReasonCount:
        break;
    }
    return "unknown";
}

UdpIngest::UdpIngest(Metrics &metrics, const spk::media::JitterBufferSettings &jitter, QObject *parent)
    : QObject(parent), metrics_(metrics), jitterSettings_(jitter), socket_(this)
{
    const QString dropHelp = QStringLiteral("UDP audio datagrams dropped by the bridge, by reason");
    for (int r = 0; r < ReasonCount; ++r)
        dropCounters_[r] = &metrics_.counter(QStringLiteral("spk_bridge_udp_dropped_total"), dropHelp,
                                             QStringLiteral("reason=\"%1\"").arg(reasonLabel(Reason(r))));
    framesIn_ = &metrics_.counter(QStringLiteral("spk_bridge_udp_frames_total"),
                                  QStringLiteral("Authentic UDP audio frames accepted"));
    framesOut_ = &metrics_.counter(QStringLiteral("spk_bridge_uplink_frames_played_total"),
                                   QStringLiteral("Uplink frames played out of the jitter buffers"));
    concealed_ = &metrics_.counter(QStringLiteral("spk_bridge_uplink_frames_concealed_total"),
                                   QStringLiteral("Uplink frames concealed with Opus PLC"));
    streamsGauge_ = &metrics_.gauge(QStringLiteral("spk_bridge_uplink_streams"),
                                    QStringLiteral("Sessions with a registered UDP uplink"));
    buffer_.resize(spk::media::kUdpMaxDatagram + 1);
    tick_.setTimerType(Qt::PreciseTimer);
    tick_.setInterval(kTickMs);
    connect(&tick_, &QTimer::timeout, this, &UdpIngest::onTick);
    connect(&socket_, &QUdpSocket::readyRead, this, &UdpIngest::onReadyRead);
}

UdpIngest::~UdpIngest() = default;

bool UdpIngest::bind(const QHostAddress &address, quint16 port, QString *error)
{
    if (!socket_.bind(address, port)) {
        *error = QStringLiteral("cannot bind UDP %1:%2: %3")
                     .arg(address.toString())
                     .arg(port)
                     .arg(socket_.errorString());
        return false;
    }
    // Many streams arrive at once: a larger receive buffer rides out a busy event loop.
    socket_.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4 * 1024 * 1024);
    return true;
}

quint32 UdpIngest::addStream(const spk::media::SessionKey &key, UplinkSink sink)
{
    quint32 ssrc = 0;
    do
        ssrc = QRandomGenerator::system()->generate();
    while (ssrc == 0 || streams_.count(ssrc) != 0);
    streams_.emplace(ssrc, std::make_unique<UplinkStream>(key, jitterSettings_, std::move(sink)));
    streamsGauge_->set(double(streams_.size()));
    if (!tick_.isActive()) {
        clock_.start();
        ticksDone_ = 0;
        tick_.start();
    }
    return ssrc;
}

void UdpIngest::closeStream(quint32 ssrc)
{
    if (auto it = streams_.find(ssrc); it != streams_.end())
        it->second->closed = true;
}

void UdpIngest::removeStream(quint32 ssrc)
{
    auto it = streams_.find(ssrc);
    if (it == streams_.end())
        return;
    it->second->removed = true;
    retired_.push_back(std::move(it->second)); // a callback of this stream may be on the stack
    streams_.erase(it);
    streamsGauge_->set(double(streams_.size()));
    if (streams_.empty())
        tick_.stop();
}

long long UdpIngest::dropped(const QString &reason) const
{
    for (int r = 0; r < ReasonCount; ++r)
        if (reason == QLatin1String(reasonLabel(Reason(r))))
            return dropCounters_[r]->value();
    return 0;
}

void UdpIngest::drop(Reason reason)
{
    dropCounters_[reason]->inc();
}

void UdpIngest::onReadyRead()
{
    retired_.clear();
    while (socket_.hasPendingDatagrams()) {
        const qint64 size = socket_.pendingDatagramSize();
        if (size < 0)
            break;
        if (std::size_t(size) > buffer_.size()) {
            socket_.readDatagram(nullptr, 0); // discard: larger than any valid datagram
            drop(LengthMismatch);
            continue;
        }
        const qint64 got =
            socket_.readDatagram(reinterpret_cast<char *>(buffer_.data()), qint64(buffer_.size()));
        if (got < 0)
            break;
        handleDatagram(buffer_.data(), std::size_t(got));
    }
}

void UdpIngest::handleDatagram(const std::uint8_t *data, std::size_t size)
{
    UplinkStream *stream = nullptr;
    const auto lookup = [&](std::uint32_t ssrc) -> std::optional<spk::media::SessionKey> {
        const auto it = streams_.find(ssrc);
        if (it == streams_.end())
            return std::nullopt;
        stream = it->second.get();
        return stream->key;
    };
    const spk::media::DecodedPacket packet = spk::media::decodePacket(data, size, lookup);
    switch (packet.reason) {
    case spk::media::DropReason::None:
        break;
    case spk::media::DropReason::BadVersion:
        return drop(BadVersion);
    case spk::media::DropReason::LengthMismatch:
        return drop(LengthMismatch);
    case spk::media::DropReason::UnknownSsrc:
        return drop(UnknownSsrc);
    case spk::media::DropReason::AuthFailed:
        return drop(AuthFailed);
    case spk::media::DropReason::Duplicate:
        return drop(Duplicate);
    case spk::media::DropReason::TooOld:
        return drop(TooOld);
    }
    if (stream->closed)
        return drop(SessionClosed);
    const QByteArray opus(reinterpret_cast<const char *>(packet.opus.data()), qsizetype(packet.opus.size()));
    switch (
        stream->jitter.put(packet.header.seq, packet.header.timestamp, opus, packet.header.endOfSpeech())) {
    case JitterBuffer::PutResult::Accepted:
        break;
    case JitterBuffer::PutResult::Duplicate:
        return drop(Duplicate);
    case JitterBuffer::PutResult::Late:
        return drop(TooOld);
    case JitterBuffer::PutResult::OutOfRange:
        return drop(OutOfRange);
    case JitterBuffer::PutResult::Invalid:
        return drop(LengthMismatch);
    }
    framesIn_->inc();
    if (stream->sink.onAudio)
        stream->sink.onAudio();
}

void UdpIngest::onTick()
{
    retired_.clear();
    // Catch up when the event loop was late, so playout keeps pace with real time.
    const qint64 due = clock_.elapsed() / kTickMs - ticksDone_;
    const int ticks = int(qBound<qint64>(1, due, qint64(kMaxCatchUpTicks)));
    ticksDone_ = clock_.elapsed() / kTickMs;
    std::vector<quint32> ssrcs;
    ssrcs.reserve(streams_.size());
    for (const auto &entry : streams_)
        ssrcs.push_back(entry.first);
    for (int t = 0; t < ticks; ++t) {
        for (quint32 ssrc : ssrcs) {
            const auto it = streams_.find(ssrc);
            if (it != streams_.end() && !it->second->closed)
                playOut(ssrc, *it->second);
        }
    }
}

void UdpIngest::playOut(quint32 ssrc, UplinkStream &stream)
{
    do {
        JitterBuffer::Output out = stream.jitter.get();
        if (out.kind == JitterBuffer::Output::Kind::NotYet)
            return;
        spk::media::Pcm16 pcm;
        if (out.kind == JitterBuffer::Output::Kind::Frame)
            pcm = stream.decoder.decode(out.opus);
        const bool decoded = !pcm.empty();
        if (!decoded) { // lost, or a corrupt packet: conceal it
            pcm = stream.decoder.conceal();
            concealed_->inc();
        }
        framesOut_->inc();
        if (stream.sink.onOpus) // the recording muxes the packets; empty = concealed here
            stream.sink.onOpus(decoded ? out.opus : QByteArray());
        if (stream.sink.onPcm)
            stream.sink.onPcm(pcm);
        if (stream.removed || stream.closed)
            return;
        if (stream.jitter.heavyLoss() && !stream.lossReported) {
            stream.lossReported = true;
            qCInfo(lcBridge) << "heavy uplink loss on ssrc" << ssrc << "ratio"
                             << stream.jitter.recentLossRatio();
            if (stream.sink.onHeavyLoss)
                stream.sink.onHeavyLoss();
            return;
        }
        if (stream.jitter.finished()) {
            stream.closed = true;
            if (stream.sink.onEndOfSpeech)
                stream.sink.onEndOfSpeech();
            return;
        }
    } while (stream.jitter.draining()); // the end flag is in: play the rest without waiting
}

} // namespace spk::server
