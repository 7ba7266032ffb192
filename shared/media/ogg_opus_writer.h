#pragma once
// Encodes 16 kHz mono PCM into an Ogg Opus stream (RFC 7845) with libopusenc, into a file (written
// atomically: the file appears complete on finish(), never half-written) or into memory (the
// one-time fallback URL of protocol.md §5).
#include "shared/media/audio_format.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <memory>

class QIODevice;
struct OggOpusEnc;
struct OggOpusComments;

namespace spk::media {

struct OggOpusWriterSettings
{
    int inputRate = kSampleRate; // of the PCM given to write(); libopusenc resamples if needed
    int bitrate = 24000;         // bits/s
    int complexity = 5;          // 0..10; libopusenc's default 10 costs ~1.4x the CPU for speech
    QString title;               // optional TITLE comment
};

class OggOpusWriter
{
public:
    static std::unique_ptr<OggOpusWriter> toFile(const QString &path, const OggOpusWriterSettings &settings,
                                                 QString *error = nullptr);
    static std::unique_ptr<OggOpusWriter> toMemory(const OggOpusWriterSettings &settings,
                                                   QString *error = nullptr);
    // Without finish(), the output is abandoned (a file is not created).
    ~OggOpusWriter();
    OggOpusWriter(const OggOpusWriter &) = delete;
    OggOpusWriter &operator=(const OggOpusWriter &) = delete;

    bool write(const std::int16_t *pcm, std::size_t samples);
    bool write(const Pcm16 &pcm) { return write(pcm.data(), pcm.size()); }
    // Flushes the last pages; commits the file. Further writes fail.
    bool finish();

    // Memory mode: the complete stream after finish() (empty before, or in file mode).
    QByteArray bytes() const;
    QString errorString() const { return error_; }
    std::int64_t samplesWritten() const { return samplesWritten_; }

private:
    OggOpusWriter() = default;
    bool open(std::unique_ptr<QIODevice> device, const OggOpusWriterSettings &settings);
    void close();
    static int writeCallback(void *self, const unsigned char *data, int length);
    static int closeCallback(void *self);

    std::unique_ptr<QIODevice> device_;
    bool memory_ = false;
    OggOpusEnc *encoder_ = nullptr;
    OggOpusComments *comments_ = nullptr;
    bool finished_ = false;
    bool failed_ = false;
    std::int64_t samplesWritten_ = 0;
    QString error_;
};

} // namespace spk::media
