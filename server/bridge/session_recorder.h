#pragma once
// Records both sides of one conversation as Ogg Opus files, muxing Opus packets that already exist
// (no re-encoding): <audioDir>/<session id>-user.ogg (the device's packets as received; a lost frame
// is kept as a "lost" packet that players conceal, so the timeline matches what the pipeline heard)
// and -assistant.ogg (the reply's frames as sent to the device). Files appear complete at finish() or
// not at all (the writers go through QSaveFile).
#include "shared/media/audio_format.h"
#include "shared/media/ogg_opus_packet_writer.h"

#include <QByteArray>
#include <QString>
#include <memory>

namespace spk::server {

class SessionRecorder
{
public:
    enum class Track { User, Assistant };

    SessionRecorder(QString audioDir, qint64 sessionId);
    ~SessionRecorder();

    // User track: one uplink Opus packet in play-out order; empty = the frame was lost (concealed).
    void writeUserPacket(const QByteArray &opus);
    // Assistant track: one reply Opus frame (20 ms, as ReplyStreamer encodes them).
    void writeAssistantPacket(const QByteArray &opus);
    // Closes the track; returns its file path, or empty when nothing was recorded or writing failed.
    QString finish(Track track);

private:
    struct TrackFile
    {
        std::unique_ptr<spk::media::OggOpusPacketWriter> writer;
        bool failed = false; // given up (or finished): later writes are ignored
    };
    TrackFile &file(Track track) { return track == Track::User ? user_ : assistant_; }
    void write(Track track, const QByteArray &opus);
    QString pathOf(Track track) const;
    QString title() const { return QStringLiteral("spk session %1").arg(sessionId_); }
    void giveUp(const char *what, const QString &error);

    QString audioDir_;
    qint64 sessionId_;
    TrackFile user_;
    TrackFile assistant_;
};

} // namespace spk::server
