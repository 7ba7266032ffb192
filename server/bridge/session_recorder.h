#pragma once
// Records both sides of one conversation as Ogg Opus files: <audioDir>/<session id>-user.ogg (the
// device's Opus packets as received, muxed without re-encoding; a lost frame is kept as a "lost"
// packet that players conceal, so the timeline matches what the pipeline heard) and -assistant.ogg
// (the PCM that was played, encoded). Files appear complete at finish() or not at all (both writers
// go through QSaveFile).
#include "shared/media/audio_format.h"
#include "shared/media/ogg_opus_packet_writer.h"
#include "shared/media/ogg_opus_writer.h"

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
    // Assistant track: 16 kHz mono PCM.
    void writeAssistant(const spk::media::Pcm16 &pcm);
    void writeAssistant(const std::int16_t *pcm, std::size_t samples);
    // Closes the track; returns its file path, or empty when nothing was recorded or writing failed.
    QString finish(Track track);

private:
    // Opens a track's file on its first write; false (and the track is given up) on failure.
    bool ensureUser();
    bool ensureAssistant();
    QString pathOf(Track track) const;
    QString title() const { return QStringLiteral("spk session %1").arg(sessionId_); }
    void giveUp(const char *what, const QString &error);

    QString audioDir_;
    qint64 sessionId_;
    std::unique_ptr<spk::media::OggOpusPacketWriter> user_;
    std::unique_ptr<spk::media::OggOpusWriter> assistant_;
    bool userFailed_ = false;
    bool assistantFailed_ = false;
};

} // namespace spk::server
