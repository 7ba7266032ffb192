#include "server/bridge/uplink_shard.h"

#include "server/core/logging.h"
#include "server/core/metrics.h"
#include "shared/media/udp_packet.h"

#include <QSocketNotifier>
#include <QTimer>

#include <array>
#include <cerrno>

#include <sys/socket.h>

namespace spk::server {

using spk::media::JitterBuffer;

namespace {
constexpr int kTickMs = 20;
constexpr int kMaxCatchUpTicks = 5; // after a stall, play at most 100 ms at once per stream
constexpr int kBatch = 64;          // datagrams per recvmmsg
constexpr int kReadBudget = 16;     // recvmmsg calls per wake-up, so the tick is never starved
} // namespace

// recvmmsg's buffers, set up once.
struct UplinkShard::Receive
{
    Receive()
    {
        for (int i = 0; i < kBatch; ++i) {
            iov[i].iov_base = buffers[i].data();
            iov[i].iov_len = buffers[i].size();
            msgs[i].msg_hdr = {};
            msgs[i].msg_hdr.msg_iov = &iov[i];
            msgs[i].msg_hdr.msg_iovlen = 1;
        }
    }
    // One byte more than any valid datagram: a longer one shows as truncated.
    std::array<std::array<std::uint8_t, spk::media::kUdpMaxDatagram + 1>, kBatch> buffers;
    std::array<iovec, kBatch> iov;
    std::array<mmsghdr, kBatch> msgs;
};

UplinkShard::UplinkShard(int index, int fd, const spk::media::JitterBufferSettings &jitter,
                         const UplinkCounters &counters, Deliver deliver)
    : index_(index), fd_(fd), jitterSettings_(jitter), counters_(counters), deliver_(std::move(deliver)),
      receive_(std::make_unique<Receive>())
{
    thread_.setObjectName(QStringLiteral("spk-uplink-%1").arg(index));
}

UplinkShard::~UplinkShard()
{
    stop();
}

void UplinkShard::start()
{
    if (thread_.isRunning())
        return;
    moveToThread(&thread_);
    thread_.start();
    QMetaObject::invokeMethod(
        this, [this] { setUpOnThread(); }, Qt::BlockingQueuedConnection);
}

void UplinkShard::stop()
{
    if (!thread_.isRunning())
        return;
    QMetaObject::invokeMethod(
        this, [this] { tearDownOnThread(); }, Qt::BlockingQueuedConnection);
    thread_.quit();
    thread_.wait();
}

void UplinkShard::setUpOnThread()
{
    notifier_ = new QSocketNotifier(qintptr(fd_), QSocketNotifier::Read, this);
    connect(notifier_, &QSocketNotifier::activated, this, &UplinkShard::onReadable);
    tick_ = new QTimer(this);
    tick_->setTimerType(Qt::PreciseTimer);
    tick_->setInterval(kTickMs);
    connect(tick_, &QTimer::timeout, this, &UplinkShard::onTick);
}

void UplinkShard::tearDownOnThread()
{
    delete notifier_;
    delete tick_;
    notifier_ = nullptr;
    tick_ = nullptr;
}

void UplinkShard::addStream(quint32 ssrc, const spk::media::SessionKey &key)
{
    {
        std::lock_guard<std::mutex> lock(mutex_);
        streams_.emplace(ssrc, std::make_unique<UplinkStream>(key, jitterSettings_));
    }
    QMetaObject::invokeMethod(
        this, [this] { startTicking(); }, Qt::QueuedConnection);
}

void UplinkShard::closeStream(quint32 ssrc)
{
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = streams_.find(ssrc); it != streams_.end())
        it->second->closed = true;
}

void UplinkShard::removeStream(quint32 ssrc)
{
    std::unique_ptr<UplinkStream> gone; // freed outside the lock
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = streams_.find(ssrc); it != streams_.end()) {
        gone = std::move(it->second);
        streams_.erase(it);
    }
}

int UplinkShard::streamCount() const
{
    std::lock_guard<std::mutex> lock(mutex_);
    return int(streams_.size());
}

void UplinkShard::drop(UplinkDrop reason)
{
    counters_.dropped[std::size_t(reason)]->inc();
}

void UplinkShard::startTicking()
{
    if (tick_ && !tick_->isActive()) {
        clock_.start();
        ticksDone_ = 0;
        tick_->start();
    }
}

void UplinkShard::onReadable()
{
    Receive &r = *receive_;
    firstAudio_ = false;
    for (int round = 0; round < kReadBudget; ++round) {
        for (int i = 0; i < kBatch; ++i)
            r.msgs[i].msg_hdr.msg_flags = 0;
        const int n = ::recvmmsg(fd_, r.msgs.data(), kBatch, MSG_DONTWAIT, nullptr);
        if (n <= 0) {
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
                qCWarning(lcBridge) << "uplink worker" << index_
                                    << "receive failed:" << qt_error_string(errno);
            break;
        }
        {
            std::lock_guard<std::mutex> lock(mutex_);
            for (int i = 0; i < n; ++i) {
                if (r.msgs[i].msg_hdr.msg_flags & MSG_TRUNC)
                    drop(UplinkDrop::LengthMismatch); // larger than any valid datagram
                else
                    handleDatagram(r.buffers[i].data(), r.msgs[i].msg_len);
            }
        }
        if (n < kBatch)
            break;
    }
    if (firstAudio_) // a session's first audio is timed: report it now, not at the next tick
        flush();
}

// Called with mutex_ held.
void UplinkShard::handleDatagram(const std::uint8_t *data, std::size_t size)
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
    if (!packet.ok())
        return drop(uplinkDropOf(packet.reason));
    if (stream->closed)
        return drop(UplinkDrop::SessionClosed);
    const QByteArray opus(reinterpret_cast<const char *>(packet.opus.data()), qsizetype(packet.opus.size()));
    switch (
        stream->jitter.put(packet.header.seq, packet.header.timestamp, opus, packet.header.endOfSpeech())) {
    case JitterBuffer::PutResult::Accepted:
        break;
    case JitterBuffer::PutResult::Duplicate:
        return drop(UplinkDrop::Duplicate);
    case JitterBuffer::PutResult::Late:
        return drop(UplinkDrop::TooOld);
    case JitterBuffer::PutResult::OutOfRange:
        return drop(UplinkDrop::OutOfRange);
    case JitterBuffer::PutResult::Invalid:
        return drop(UplinkDrop::LengthMismatch);
    }
    counters_.framesIn->inc();
    if (!stream->heardAudio) {
        stream->heardAudio = true;
        heard_.push_back(packet.header.ssrc);
        if (!stream->everHeard)
            stream->everHeard = firstAudio_ = true;
    }
}

void UplinkShard::onTick()
{
    // Catch up when the thread was late, so playout keeps pace with real time.
    const qint64 due = clock_.elapsed() / kTickMs - ticksDone_;
    const int ticks = int(qBound<qint64>(1, due, qint64(kMaxCatchUpTicks)));
    ticksDone_ = clock_.elapsed() / kTickMs;
    std::vector<quint32> ssrcs;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        ssrcs.reserve(streams_.size());
        for (const auto &entry : streams_)
            ssrcs.push_back(entry.first);
    }
    if (ssrcs.empty()) {
        tick_->stop();
        return flush();
    }
    for (int t = 0; t < ticks; ++t) {
        for (quint32 ssrc : ssrcs) {
            std::lock_guard<std::mutex> lock(mutex_); // per stream: the owner never waits for a whole tick
            const auto it = streams_.find(ssrc);
            if (it != streams_.end() && !it->second->closed)
                playOut(ssrc, *it->second);
        }
    }
    flush();
}

// Called with mutex_ held.
void UplinkShard::playOut(quint32 ssrc, UplinkStream &stream)
{
    do {
        JitterBuffer::Output out = stream.jitter.get();
        if (out.kind == JitterBuffer::Output::Kind::NotYet)
            return;
        UplinkEvent frame;
        frame.ssrc = ssrc;
        frame.kind = UplinkEvent::Kind::Frame;
        if (out.kind == JitterBuffer::Output::Kind::Frame)
            frame.pcm = stream.decoder.decode(out.opus);
        if (frame.pcm.empty()) { // lost, or a corrupt packet: conceal it
            frame.pcm = stream.decoder.conceal();
            counters_.concealed->inc();
        } else {
            frame.opus = out.opus; // the recording muxes the packets; empty = concealed
        }
        counters_.framesOut->inc();
        pending_.push_back(std::move(frame));
        if (stream.jitter.heavyLoss() && !stream.lossReported) {
            stream.lossReported = true;
            stream.closed = true;
            qCInfo(lcBridge) << "heavy uplink loss on ssrc" << ssrc << "ratio"
                             << stream.jitter.recentLossRatio();
            pending_.push_back({ssrc, UplinkEvent::Kind::HeavyLoss, {}, {}});
            return;
        }
        if (stream.jitter.finished()) {
            stream.closed = true;
            pending_.push_back({ssrc, UplinkEvent::Kind::EndOfSpeech, {}, {}});
            return;
        }
    } while (stream.jitter.draining()); // the end flag is in: play the rest without waiting
}

void UplinkShard::flush()
{
    if (!heard_.empty()) {
        std::lock_guard<std::mutex> lock(mutex_);
        UplinkBatch audio;
        audio.reserve(heard_.size());
        for (quint32 ssrc : heard_) {
            if (const auto it = streams_.find(ssrc); it != streams_.end())
                it->second->heardAudio = false;
            audio.push_back({ssrc, UplinkEvent::Kind::Audio, {}, {}});
        }
        heard_.clear();
        // "audio arrived" goes first: it resets the no-audio time-out before the frames are judged.
        pending_.insert(pending_.begin(), std::make_move_iterator(audio.begin()),
                        std::make_move_iterator(audio.end()));
    }
    if (pending_.empty())
        return;
    UplinkBatch batch;
    batch.swap(pending_);
    pending_.reserve(batch.size());
    deliver_(std::move(batch));
}

} // namespace spk::server
