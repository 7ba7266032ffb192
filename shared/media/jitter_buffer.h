#pragma once
// Receive-side jitter buffer for one session's uplink (protocol.md §4), wrapping speexdsp's adaptive
// jitter buffer. Frames go in by seq in any order; get(), called once per 20 ms, hands them back in
// order, says when a frame is lost (conceal it with Opus PLC) and tracks loss for the heavy-loss
// verdict. Not thread-safe: one session, one thread. See docs/media.md for how speexdsp is driven.
#include "shared/media/loss_monitor.h"
#include "shared/media/replay_window.h"

#include <QByteArray>

#include <cstdint>
#include <optional>
#include <set>

struct JitterBuffer_; // speexdsp

namespace spk::media {

struct JitterBufferSettings
{
    int targetDelayMs = 60;       // buffered before playout starts, and again after running dry (20..400)
    int maxConcealFrames = 5;     // a longer gap is skipped in one step instead of concealed frame by frame
    int maxAheadFrames = 150;     // frames this far beyond the playout point are refused (bounds memory)
    int lossWindowFrames = 50;    // heavy-loss verdict: lost share over this many frames...
    double heavyLossRatio = 0.30; // ...above this...
    int heavyLossHoldFrames = 25; // ...for this many consecutive frames
    std::uint32_t firstSeq = 0;   // protocol.md §4: the first frame of a session is seq 0
};

struct JitterStats
{
    std::uint64_t received = 0;   // frames accepted
    std::uint64_t duplicates = 0; // seq already buffered or played
    std::uint64_t late = 0;       // arrived after its slot was played, concealed or skipped
    std::uint64_t outOfRange = 0; // too far ahead, after the end-of-speech frame, or buffer full
    std::uint64_t invalid = 0;    // empty or over 1000 bytes
    std::uint64_t delivered = 0;  // Frame outputs
    std::uint64_t lost = 0;       // seqs never delivered (concealed or skipped)
    std::uint64_t concealed = 0;  // Lost outputs: PLC frames the caller had to make
    std::uint64_t stretched = 0;  // of those, frames speexdsp inserted to grow the delay (seq not lost)
    std::uint64_t underruns = 0;  // the buffer ran dry and re-buffered
};

class JitterBuffer
{
public:
    enum class PutResult { Accepted, Duplicate, Late, OutOfRange, Invalid };

    struct Output
    {
        enum class Kind { Frame, Lost, NotYet };
        Kind kind = Kind::NotYet;
        std::uint32_t seq = 0;         // Frame: its seq; Lost: the seq being concealed
        std::uint32_t timestampMs = 0; // Frame: the device's timestamp field
        QByteArray opus;               // Frame only
        bool endOfSpeech = false;      // Frame only: the last frame of the utterance
    };

    explicit JitterBuffer(const JitterBufferSettings &settings = {});
    ~JitterBuffer();
    JitterBuffer(const JitterBuffer &) = delete;
    JitterBuffer &operator=(const JitterBuffer &) = delete;

    PutResult put(std::uint32_t seq, std::uint32_t timestampMs, const QByteArray &opus, bool endOfSpeech);
    // One 20 ms playout tick.
    Output get();

    // The end-of-speech frame is buffered and not yet delivered: call get() back to back, no waiting.
    bool draining() const { return endSeq_.has_value() && !finished_; }
    // The end-of-speech frame has been delivered; get() returns NotYet from now on.
    bool finished() const { return finished_; }
    bool heavyLoss() const { return loss_.heavy(); }
    double recentLossRatio() const { return loss_.recentLossRatio(); }
    const JitterStats &stats() const { return stats_; }
    std::size_t bufferedFrames() const { return pending_.size(); }

    static const char *putResultName(PutResult result);

private:
    std::uint32_t toTimestamp(std::uint32_t seq) const;
    std::uint32_t toSeq(std::uint32_t timestamp) const;
    bool gateOpen();
    Output fetch(bool &stretched, bool forceJump);
    void recordLost(std::uint32_t frames);

    JitterBufferSettings settings_;
    int targetFrames_;
    JitterBuffer_ *speex_ = nullptr;
    ReplayWindow seen_;
    LossMonitor loss_;
    JitterStats stats_;
    std::set<std::uint32_t> pending_; // seqs inside speexdsp's buffer
    bool haveBase_ = false;
    std::uint32_t baseSeq_ = 0; // seq mapped to speexdsp timestamp 0
    bool started_ = false;      // nextSeq_ is known (speexdsp has synchronised)
    std::uint32_t nextSeq_ = 0; // the seq the next get() plays
    bool playing_ = false;      // prefill done
    int gateTicks_ = 0;
    std::optional<std::uint32_t> endSeq_;
    bool finished_ = false;
};

} // namespace spk::media
