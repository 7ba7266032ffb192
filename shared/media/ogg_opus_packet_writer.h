#pragma once
// Writes already-encoded Opus packets (the uplink's 20 ms frames) into an Ogg Opus stream (RFC 7845)
// with libogg: no decode and re-encode. Into a file (QSaveFile: it appears complete on finish(), never
// half-written) or into memory. A lost frame becomes a one-byte "lost" packet (a TOC with a
// zero-length frame, RFC 6716 §3.2.1): decoders conceal it, and the timeline keeps its length.
#include "shared/media/audio_format.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <memory>

class QIODevice;

namespace spk::media {

struct OggOpusPacketWriterSettings
{
    // Samples at 48 kHz the decoder drops at the start: the encoder's look-ahead. libopus at 16 kHz
    // (OPUS_APPLICATION_VOIP, what the device and OpusFrameEncoder use) reports 104 samples = 312.
    int preSkip = 312;
    int inputRate = kSampleRate; // informational OpusHead field: the rate the audio was captured at
    QString title;               // optional TITLE comment
};

class OggOpusPacketWriter
{
public:
    static std::unique_ptr<OggOpusPacketWriter>
    toFile(const QString &path, const OggOpusPacketWriterSettings &settings, QString *error = nullptr);
    static std::unique_ptr<OggOpusPacketWriter> toMemory(const OggOpusPacketWriterSettings &settings,
                                                         QString *error = nullptr);
    // Without finish(), the output is abandoned (a file is not created).
    ~OggOpusPacketWriter();
    OggOpusPacketWriter(const OggOpusPacketWriter &) = delete;
    OggOpusPacketWriter &operator=(const OggOpusPacketWriter &) = delete;

    // One Opus packet as received. A packet that is not valid Opus is recorded as lost (false is
    // returned only when the output itself fails or the writer is finished).
    bool writePacket(const QByteArray &opus);
    // One lost 20 ms frame: concealed by the decoder, the duration stays right.
    bool writeLost();
    // Writes the last page with the end-of-stream flag and commits the file. Fails (and leaves no
    // file) when no packet was written.
    bool finish();

    // Memory mode: the complete stream after finish() (empty before, or in file mode).
    QByteArray bytes() const;
    QString errorString() const { return error_; }
    std::int64_t packetsWritten() const { return packets_; } // valid Opus packets
    std::int64_t lostWritten() const { return lost_; }
    // Position at the end of the packets written so far, in 48 kHz samples (pre-skip included).
    std::int64_t granulePosition() const { return granule_; }

private:
    OggOpusPacketWriter();
    bool open(std::unique_ptr<QIODevice> device, const OggOpusPacketWriterSettings &settings);
    bool submit(const QByteArray &packet, int samples48k);
    bool putPacket(const QByteArray &packet, bool endOfStream);
    bool writePages(bool flush);
    bool fail(const QString &message);

    std::unique_ptr<QIODevice> device_;
    struct Stream; // libogg's state (an anonymous struct typedef, so it cannot be forward-declared)
    std::unique_ptr<Stream> stream_;
    bool memory_ = false;
    bool finished_ = false;
    bool failed_ = false;
    // The newest packet is held back so finish() can give it the end-of-stream flag.
    QByteArray pending_;
    std::int64_t pendingGranule_ = 0;
    bool hasPending_ = false;
    std::int64_t packetNo_ = 0;
    std::int64_t granule_ = 0;
    std::int64_t lastPageGranule_ = 0;
    std::int64_t packets_ = 0;
    std::int64_t lost_ = 0;
    unsigned char lostToc_ = 0x48; // SILK wideband 20 ms mono; replaced by the last 20 ms packet's TOC
    QString error_;
};

} // namespace spk::media
