#pragma once
// Decodes single Opus packets back to 16 kHz mono PCM and conceals lost frames (Opus PLC / FEC).
#include "shared/media/audio_format.h"

#include <QByteArray>
#include <QString>

struct OpusDecoder;

namespace spk::media {

class OpusFrameDecoder
{
public:
    OpusFrameDecoder();
    ~OpusFrameDecoder();
    OpusFrameDecoder(const OpusFrameDecoder &) = delete;
    OpusFrameDecoder &operator=(const OpusFrameDecoder &) = delete;

    bool isValid() const { return decoder_ != nullptr; }
    QString errorString() const { return error_; }

    // One packet in, its PCM out (320 samples for a 20 ms packet). Empty + errorString() on a corrupt
    // or empty packet; the caller can then conceal() instead.
    Pcm16 decode(const QByteArray &packet);
    // Packet loss concealment for one lost 20 ms frame: always kFrameSamples samples (silence only if
    // the decoder itself is broken).
    Pcm16 conceal();
    // Rebuilds the lost frame before `nextPacket` from its in-band FEC data when the sender enabled
    // FEC; Opus falls back to PLC by itself when the packet carries none. Decode nextPacket normally
    // afterwards.
    Pcm16 recoverFromNext(const QByteArray &nextPacket);

private:
    Pcm16 run(const QByteArray *packet, bool fec);

    OpusDecoder *decoder_ = nullptr;
    QString error_;
};

} // namespace spk::media
