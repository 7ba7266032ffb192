#include "server/bridge/session_recorder.h"

#include "server/core/logging.h"

#include <QDir>

namespace spk::server {

SessionRecorder::SessionRecorder(QString audioDir, qint64 sessionId)
    : audioDir_(std::move(audioDir)), sessionId_(sessionId)
{
}

SessionRecorder::~SessionRecorder() = default;

QString SessionRecorder::pathOf(Track track) const
{
    return QDir(audioDir_).absoluteFilePath(
        QStringLiteral("%1-%2.ogg").arg(sessionId_).arg(track == Track::User ? "user" : "assistant"));
}

void SessionRecorder::write(Track track, const spk::media::Pcm16 &pcm)
{
    write(track, pcm.data(), pcm.size());
}

void SessionRecorder::write(Track track, const std::int16_t *pcm, std::size_t samples)
{
    Side &s = side(track);
    if (s.failed || samples == 0)
        return;
    if (!s.writer) {
        QString error;
        spk::media::OggOpusWriterSettings settings;
        settings.title = QStringLiteral("spk session %1").arg(sessionId_);
        if (!QDir().mkpath(audioDir_) ||
            !(s.writer = spk::media::OggOpusWriter::toFile(pathOf(track), settings, &error))) {
            qCWarning(lcBridge).noquote() << "cannot record session" << sessionId_ << ":" << error;
            s.failed = true;
            return;
        }
    }
    if (!s.writer->write(pcm, samples)) {
        qCWarning(lcBridge).noquote()
            << "recording session" << sessionId_ << "failed:" << s.writer->errorString();
        s.failed = true;
        s.writer.reset();
    }
}

QString SessionRecorder::finish(Track track)
{
    Side &s = side(track);
    if (!s.writer)
        return {};
    const bool ok = s.writer->finish();
    if (!ok)
        qCWarning(lcBridge).noquote()
            << "cannot finish recording of session" << sessionId_ << ":" << s.writer->errorString();
    s.writer.reset();
    s.failed = true; // closed: later writes are ignored
    return ok ? pathOf(track) : QString();
}

} // namespace spk::server
