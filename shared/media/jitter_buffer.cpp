#include "shared/media/jitter_buffer.h"

#include "shared/media/audio_format.h"
#include "shared/media/media_log.h"
#include "shared/media/udp_packet.h"

#include <speex/speex_jitter.h>

#include <algorithm>

namespace spk::media {
namespace {
// speexdsp keeps at most SPEEX_JITTER_MAX_BUFFER_SIZE (200) packets and silently evicts the oldest
// beyond that; staying below keeps our pending_ set and its buffer in agreement.
constexpr std::size_t kSpeexCapacity = 190;
// How often get() asks again when speexdsp stretches while draining.
constexpr int kDrainRetries = 4;
} // namespace

JitterBuffer::JitterBuffer(const JitterBufferSettings &settings)
    : settings_(settings), targetFrames_(std::clamp(settings.targetDelayMs, kFrameMs, 400) / kFrameMs),
      loss_(static_cast<std::size_t>(std::max(settings.lossWindowFrames, 1)), settings.heavyLossRatio,
            static_cast<std::size_t>(std::max(settings.heavyLossHoldFrames, 1)))
{
    nextSeq_ = settings.firstSeq;
    settings_.maxConcealFrames = std::clamp(settings_.maxConcealFrames, 1, 20);
    settings_.maxAheadFrames = std::clamp(settings_.maxAheadFrames, 1, static_cast<int>(kSpeexCapacity));
    // Timestamps are in ms and every frame spans 20 ms, so the step is one frame.
    speex_ = jitter_buffer_init(kFrameMs);
    spx_int32_t margin = targetFrames_ * kFrameMs;
    jitter_buffer_ctl(speex_, JITTER_BUFFER_SET_MARGIN, &margin);
    // Calling update_delay() by hand turns speexdsp's auto-adjust off (with no timings yet it changes
    // nothing). Auto-adjust would also *shrink* the delay by skipping buffered frames, i.e. throw away
    // speech the ASR needs; growing the delay on late arrivals still happens inside get().
    jitter_buffer_update_delay(speex_, nullptr, nullptr);
}

JitterBuffer::~JitterBuffer()
{
    if (speex_)
        jitter_buffer_destroy(speex_);
}

std::uint32_t JitterBuffer::toTimestamp(std::uint32_t seq) const
{
    // Relative to the first seq, wrapping like speexdsp's own 32-bit timestamp arithmetic.
    return static_cast<std::uint32_t>((static_cast<std::int64_t>(seq) - baseSeq_) * kFrameMs);
}

std::uint32_t JitterBuffer::toSeq(std::uint32_t timestamp) const
{
    return static_cast<std::uint32_t>(baseSeq_ + static_cast<std::int32_t>(timestamp) / kFrameMs);
}

JitterBuffer::PutResult JitterBuffer::put(std::uint32_t seq, std::uint32_t timestampMs,
                                          const QByteArray &opus, bool endOfSpeech)
{
    if (opus.isEmpty() || static_cast<std::size_t>(opus.size()) > kUdpMaxPayload) {
        ++stats_.invalid;
        return PutResult::Invalid;
    }
    if (seq < nextSeq_) {
        if (seen_.check(seq) == DropReason::Duplicate) {
            ++stats_.duplicates;
            return PutResult::Duplicate;
        }
        ++stats_.late;
        return PutResult::Late;
    }
    const std::int64_t reference = started_ ? nextSeq_ : (pending_.empty() ? seq : *pending_.begin());
    const bool afterEnd = endSeq_ && seq > *endSeq_;
    if (afterEnd || static_cast<std::int64_t>(seq) - reference >= settings_.maxAheadFrames ||
        pending_.size() >= kSpeexCapacity) {
        ++stats_.outOfRange;
        return PutResult::OutOfRange;
    }
    switch (seen_.accept(seq)) {
    case DropReason::Duplicate:
        ++stats_.duplicates;
        return PutResult::Duplicate;
    case DropReason::TooOld:
        ++stats_.late;
        return PutResult::Late;
    default:
        break;
    }
    if (!haveBase_) {
        haveBase_ = true;
        baseSeq_ = seq;
    }
    JitterBufferPacket packet{};
    packet.data = const_cast<char *>(opus.constData()); // speexdsp copies it
    packet.len = static_cast<spx_uint32_t>(opus.size());
    packet.timestamp = toTimestamp(seq);
    packet.span = kFrameMs;
    packet.user_data = timestampMs;
    jitter_buffer_put(speex_, &packet);
    pending_.insert(seq);
    ++stats_.received;
    if (endOfSpeech && (!endSeq_ || seq < *endSeq_))
        endSeq_ = seq;
    return PutResult::Accepted;
}

bool JitterBuffer::gateOpen()
{
    if (playing_ || endSeq_)
        return true;
    if (pending_.empty())
        return false;
    // Start once the target delay is buffered, or once the first frame has waited that long.
    if (static_cast<int>(pending_.size()) >= targetFrames_ || ++gateTicks_ >= targetFrames_) {
        playing_ = true;
        gateTicks_ = 0;
    }
    return playing_;
}

JitterBuffer::Output JitterBuffer::get()
{
    if (finished_ || !gateOpen())
        return {};
    if (pending_.empty()) {
        // Ran dry: the sender stalled (or everything after nextSeq_ is lost). Rather than conceal
        // an unknown stretch, wait for audio again and re-buffer to the target delay.
        ++stats_.underruns;
        playing_ = false;
        return {};
    }
    bool stretched = false;
    Output out = fetch(stretched, false);
    // While draining, a stretch (speexdsp growing its delay) is pointless: no more audio is coming.
    // Ask again; if speexdsp insists, jump to the next buffered frame so draining always ends.
    for (int retry = 0; retry < kDrainRetries && stretched && draining(); ++retry)
        out = fetch(stretched, retry + 1 == kDrainRetries);
    if (stretched) {
        ++stats_.concealed;
        ++stats_.stretched;
    }
    return out;
}

JitterBuffer::Output JitterBuffer::fetch(bool &stretched, bool forceJump)
{
    stretched = false;
    // A long gap is skipped in one step: asking for a span that reaches the next buffered frame makes
    // speexdsp return it (with a start offset) instead of twenty-odd concealed frames, and keeps its
    // "20 consecutive losses -> reset and discard everything" rule from ever firing.
    spx_int32_t span = kFrameMs;
    if (started_) {
        const std::uint32_t gap = *pending_.begin() - nextSeq_;
        if (gap > static_cast<std::uint32_t>(settings_.maxConcealFrames) || (forceJump && gap > 0))
            span = static_cast<spx_int32_t>((gap + 1) * kFrameMs);
    }
    char buffer[kUdpMaxPayload];
    JitterBufferPacket packet{};
    packet.data = buffer;
    packet.len = sizeof(buffer);
    spx_int32_t offset = 0;
    const int rc = jitter_buffer_get(speex_, &packet, span, &offset);
    jitter_buffer_tick(speex_);

    Output out;
    switch (rc) {
    case JITTER_BUFFER_OK: {
        const std::uint32_t seq = toSeq(packet.timestamp);
        if (!started_ && seq - nextSeq_ >= static_cast<std::uint32_t>(settings_.maxAheadFrames))
            qCWarning(lcMedia) << "uplink starts at seq" << seq << "instead of" << nextSeq_;
        else if (seq > nextSeq_)
            recordLost(seq - nextSeq_); // includes frames before the first one we got
        started_ = true;
        nextSeq_ = seq + 1;
        pending_.erase(seq);
        ++stats_.delivered;
        loss_.record(false);
        out.kind = Output::Kind::Frame;
        out.seq = seq;
        out.timestampMs = packet.user_data;
        out.opus = QByteArray(buffer, static_cast<int>(packet.len));
        out.endOfSpeech = endSeq_ && seq == *endSeq_;
        finished_ = out.endOfSpeech;
        return out;
    }
    case JITTER_BUFFER_MISSING: {
        if (!started_)
            return out; // cannot happen while frames are pending; stay safe
        out.kind = Output::Kind::Lost;
        out.seq = nextSeq_;
        const std::uint32_t frames = std::max<std::uint32_t>(1, packet.span / kFrameMs);
        nextSeq_ += frames;
        recordLost(frames);
        ++stats_.concealed;
        return out;
    }
    case JITTER_BUFFER_INSERTION:
        // speexdsp saw late arrivals and grows its delay by one frame: conceal, but nothing is lost.
        out.kind = Output::Kind::Lost;
        out.seq = nextSeq_;
        stretched = true;
        return out;
    default:
        qCWarning(lcMedia) << "speexdsp jitter_buffer_get returned" << rc;
        return out;
    }
}

void JitterBuffer::recordLost(std::uint32_t frames)
{
    stats_.lost += frames;
    const std::uint32_t window = static_cast<std::uint32_t>(loss_.window());
    for (std::uint32_t i = 0; i < std::min(frames, window); ++i)
        loss_.record(true);
}

const char *JitterBuffer::putResultName(PutResult result)
{
    switch (result) {
    case PutResult::Accepted:
        return "accepted";
    case PutResult::Duplicate:
        return "duplicate";
    case PutResult::Late:
        return "too_old";
    case PutResult::OutOfRange:
        return "out_of_range";
    case PutResult::Invalid:
        return "invalid";
    }
    return "unknown";
}

} // namespace spk::media
