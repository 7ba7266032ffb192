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

void SessionRecorder::giveUp(const char *what, const QString &error)
{
    qCWarning(lcBridge).noquote() << what << "session" << sessionId_ << ":" << error;
}

void SessionRecorder::write(Track track, const QByteArray &opus)
{
    TrackFile &f = file(track);
    if (f.failed)
        return;
    if (!f.writer) { // the file is opened on the first packet
        QString error;
        spk::media::OggOpusPacketWriterSettings settings; // pre-skip of libopus at 16 kHz, both sides
        settings.title = title();
        if (!QDir().mkpath(audioDir_) ||
            !(f.writer = spk::media::OggOpusPacketWriter::toFile(pathOf(track), settings, &error))) {
            giveUp("cannot record",
                   error.isEmpty() ? QStringLiteral("cannot create %1").arg(audioDir_) : error);
            f.failed = true;
            return;
        }
    }
    if (!(opus.isEmpty() ? f.writer->writeLost() : f.writer->writePacket(opus))) {
        giveUp("recording failed:", f.writer->errorString());
        f.failed = true;
        f.writer.reset();
    }
}

void SessionRecorder::writeUserPacket(const QByteArray &opus)
{
    write(Track::User, opus);
}

void SessionRecorder::writeAssistantPacket(const QByteArray &opus)
{
    if (!opus.isEmpty())
        write(Track::Assistant, opus);
}

QString SessionRecorder::finish(Track track)
{
    TrackFile &f = file(track);
    if (!f.writer)
        return {};
    const bool ok = f.writer->finish();
    if (!ok)
        giveUp("cannot finish recording of", f.writer->errorString());
    f.writer.reset();
    f.failed = true; // closed: later writes are ignored
    return ok ? pathOf(track) : QString();
}

} // namespace spk::server
