#pragma once
// Records both sides of one conversation as Ogg Opus files: <audioDir>/<session id>-user.ogg (what the
// device sent, as the pipeline heard it, concealed frames included) and -assistant.ogg (what was
// played). Files appear complete at finish() or not at all (OggOpusWriter writes through QSaveFile).
#include "shared/media/audio_format.h"
#include "shared/media/ogg_opus_writer.h"

#include <QString>
#include <memory>

namespace spk::server {

class SessionRecorder
{
public:
    enum class Track { User, Assistant };

    SessionRecorder(QString audioDir, qint64 sessionId);
    ~SessionRecorder();

    void write(Track track, const spk::media::Pcm16 &pcm);
    void write(Track track, const std::int16_t *pcm, std::size_t samples);
    // Closes the track; returns its file path, or empty when nothing was recorded or writing failed.
    QString finish(Track track);

private:
    struct Side
    {
        std::unique_ptr<spk::media::OggOpusWriter> writer;
        bool failed = false;
    };
    Side &side(Track track) { return track == Track::User ? user_ : assistant_; }
    QString pathOf(Track track) const;

    QString audioDir_;
    qint64 sessionId_;
    Side user_, assistant_;
};

} // namespace spk::server
