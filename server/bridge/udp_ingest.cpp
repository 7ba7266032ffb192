#include "server/bridge/udp_ingest.h"

#include "server/bridge/bridge_metrics.h"
#include "server/bridge/uplink_shard.h"
#include "server/core/logging.h"
#include "server/core/metrics.h"

#include <QPointer>
#include <QRandomGenerator>
#include <QThread>

#include <algorithm>

namespace spk::server {

namespace {
using spk::media::DropReason;
// The packet-level reasons share DropReason's order, one place lower (DropReason starts with None).
constexpr int kPacketReasons = int(UplinkDrop::OutOfRange);
static_assert(int(DropReason::BadVersion) == 1 && int(DropReason::TooOld) == kPacketReasons &&
                  int(UplinkDrop::TooOld) == kPacketReasons - 1,
              "UplinkDrop must list DropReason's reasons first, in the same order");
} // namespace

UplinkDrop uplinkDropOf(DropReason reason)
{
    return UplinkDrop(int(reason) - 1);
}

const char *uplinkDropLabel(UplinkDrop reason)
{
    if (int(reason) < kPacketReasons)
        return spk::media::dropReasonName(DropReason(int(reason) + 1));
    if (reason == UplinkDrop::OutOfRange)
        return "out_of_range";
    if (reason == UplinkDrop::SessionClosed)
        return "session_closed";
    return "unknown";
}

UdpIngest::UdpIngest(Metrics &metrics, const spk::media::JitterBufferSettings &jitter, QObject *parent)
    : QObject(parent), metrics_(metrics), jitterSettings_(jitter)
{
    for (int r = 0; r < int(UplinkDrop::Count); ++r)
        counters_.dropped[std::size_t(r)] =
            &metrics_.counter(bridge_metrics::kUdpDropped, QLatin1String(uplinkDropLabel(UplinkDrop(r))));
    counters_.framesIn = &metrics_.counter(bridge_metrics::kUdpFrames);
    counters_.framesOut = &metrics_.counter(bridge_metrics::kUplinkFramesPlayed);
    counters_.concealed = &metrics_.counter(bridge_metrics::kUplinkFramesConcealed);
    streamsGauge_ = &metrics_.gauge(bridge_metrics::kUplinkStreams);
}

UdpIngest::~UdpIngest()
{
    close();
}

bool UdpIngest::bind(const QHostAddress &address, quint16 port, QString *error, int workers)
{
    close();
    if (workers <= 0)
        workers = qBound(1, QThread::idealThreadCount(), 16);
    QString warning;
    if (!sockets_.open(address, port, workers, error, &warning))
        return false;
    if (!warning.isEmpty())
        qCWarning(lcBridge).noquote() << warning;
    QPointer<UdpIngest> self(this);
    for (int i = 0; i < sockets_.count(); ++i) {
        // Each batch is posted to this thread; a batch still queued when this object dies is dropped.
        auto deliver = [self](UplinkBatch &&batch) {
            auto shared = std::make_shared<UplinkBatch>(std::move(batch));
            QMetaObject::invokeMethod(
                self.data(),
                [self, shared] {
                    if (self)
                        self->dispatch(*shared);
                },
                Qt::QueuedConnection);
        };
        shards_.push_back(
            std::make_unique<UplinkShard>(i, sockets_.fd(i), jitterSettings_, counters_, std::move(deliver)));
        shards_.back()->start();
    }
    shardLoad_.assign(shards_.size(), 0);
    qCInfo(lcBridge).noquote() << QStringLiteral(
                                      "UDP uplink on %1:%2, %3 media worker(s), %4 KiB receive buffer each")
                                      .arg(address.toString())
                                      .arg(sockets_.port())
                                      .arg(shards_.size())
                                      .arg(sockets_.receiveBufferBytes() / 1024);
    return true;
}

void UdpIngest::close()
{
    for (auto &shard : shards_)
        shard->stop(); // joins the worker before its socket closes
    shards_.clear();
    shardLoad_.clear();
    sockets_.close();
    sinks_.clear(); // later close/removeStream calls (conversations ending after shutdown) do nothing
    streamsGauge_->set(0);
}

quint32 UdpIngest::addStream(const spk::media::SessionKey &key, UplinkSink sink)
{
    if (shards_.empty()) { // not bound (or closed): nothing can arrive
        qCWarning(lcBridge) << "UDP uplink is not open; stream not registered";
        return 0;
    }
    const int shard = int(std::min_element(shardLoad_.begin(), shardLoad_.end()) - shardLoad_.begin());
    const quint32 count = quint32(shards_.size());
    quint32 ssrc = 0;
    do { // a random ssrc that the kernel steers to the chosen worker (ssrc % count == shard)
        const quint32 r = QRandomGenerator::system()->generate();
        ssrc = r - r % count + quint32(shard);
    } while (ssrc == 0 || sockets_.shardOf(ssrc) != shard || sinks_.count(ssrc) != 0);
    auto entry = std::make_shared<Registered>();
    entry->sink = std::move(sink);
    entry->shard = shard;
    sinks_.emplace(ssrc, std::move(entry));
    ++shardLoad_[std::size_t(shard)];
    shards_[std::size_t(shard)]->addStream(ssrc, key);
    streamsGauge_->set(double(sinks_.size()));
    return ssrc;
}

void UdpIngest::closeStream(quint32 ssrc)
{
    const auto it = sinks_.find(ssrc);
    if (it == sinks_.end())
        return;
    it->second->closed = true;
    shards_[std::size_t(it->second->shard)]->closeStream(ssrc);
}

void UdpIngest::removeStream(quint32 ssrc)
{
    const auto it = sinks_.find(ssrc);
    if (it == sinks_.end())
        return;
    const int shard = it->second->shard;
    it->second->removed = true; // a callback of this stream may be on the stack: dispatch checks it
    sinks_.erase(it);
    --shardLoad_[std::size_t(shard)];
    shards_[std::size_t(shard)]->removeStream(ssrc);
    streamsGauge_->set(double(sinks_.size()));
}

long long UdpIngest::dropped(const QString &reason) const
{
    for (int r = 0; r < int(UplinkDrop::Count); ++r)
        if (reason == QLatin1String(uplinkDropLabel(UplinkDrop(r))))
            return counters_.dropped[std::size_t(r)]->value();
    return 0;
}

void UdpIngest::dispatch(UplinkBatch &batch)
{
    for (const UplinkEvent &event : batch) {
        const auto it = sinks_.find(event.ssrc);
        if (it == sinks_.end())
            continue;                                         // removed while the batch was on its way
        const std::shared_ptr<Registered> entry = it->second; // alive through its callbacks
        deliver(*entry, event);
    }
}

void UdpIngest::deliver(const Registered &entry, const UplinkEvent &event)
{
    const UplinkSink &sink = entry.sink;
    switch (event.kind) {
    case UplinkEvent::Kind::Audio:
        if (!entry.closed && sink.onAudio)
            sink.onAudio();
        return;
    case UplinkEvent::Kind::Frame:
        if (entry.closed) // ended here (VAD, time-out) while the worker was still playing it out
            return;
        if (sink.onOpus)
            sink.onOpus(event.opus);
        if (!entry.removed && !entry.closed && sink.onPcm)
            sink.onPcm(event.pcm);
        return;
    case UplinkEvent::Kind::EndOfSpeech:
        if (!entry.closed && sink.onEndOfSpeech)
            sink.onEndOfSpeech();
        return;
    case UplinkEvent::Kind::HeavyLoss:
        if (!entry.closed && sink.onHeavyLoss)
            sink.onHeavyLoss();
        return;
    }
}

} // namespace spk::server
