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

bool SessionRecorder::ensureUser()
{
    if (user_)
        return true;
    QString error;
    spk::media::OggOpusPacketWriterSettings settings; // pre-skip of the device's libopus at 16 kHz
    settings.title = title();
    if (!QDir().mkpath(audioDir_) ||
        !(user_ = spk::media::OggOpusPacketWriter::toFile(pathOf(Track::User), settings, &error))) {
        giveUp("cannot record", error.isEmpty() ? QStringLiteral("cannot create %1").arg(audioDir_) : error);
        userFailed_ = true;
        return false;
    }
    return true;
}

bool SessionRecorder::ensureAssistant()
{
    if (assistant_)
        return true;
    QString error;
    spk::media::OggOpusWriterSettings settings;
    settings.title = title();
    if (!QDir().mkpath(audioDir_) ||
        !(assistant_ = spk::media::OggOpusWriter::toFile(pathOf(Track::Assistant), settings, &error))) {
        giveUp("cannot record", error.isEmpty() ? QStringLiteral("cannot create %1").arg(audioDir_) : error);
        assistantFailed_ = true;
        return false;
    }
    return true;
}

void SessionRecorder::writeUserPacket(const QByteArray &opus)
{
    if (userFailed_ || !ensureUser())
        return;
    const bool ok = opus.isEmpty() ? user_->writeLost() : user_->writePacket(opus);
    if (!ok) {
        giveUp("recording failed:", user_->errorString());
        userFailed_ = true;
        user_.reset();
    }
}

void SessionRecorder::writeAssistant(const spk::media::Pcm16 &pcm)
{
    writeAssistant(pcm.data(), pcm.size());
}

void SessionRecorder::writeAssistant(const std::int16_t *pcm, std::size_t samples)
{
    if (assistantFailed_ || samples == 0 || !ensureAssistant())
        return;
    if (!assistant_->write(pcm, samples)) {
        giveUp("recording failed:", assistant_->errorString());
        assistantFailed_ = true;
        assistant_.reset();
    }
}

QString SessionRecorder::finish(Track track)
{
    const bool user = track == Track::User;
    bool ok = false;
    QString error;
    if (user && user_) {
        ok = user_->finish();
        error = user_->errorString();
        user_.reset();
    } else if (!user && assistant_) {
        ok = assistant_->finish();
        error = assistant_->errorString();
        assistant_.reset();
    } else {
        return {};
    }
    if (!ok)
        giveUp("cannot finish recording of", error);
    (user ? userFailed_ : assistantFailed_) = true; // closed: later writes are ignored
    return ok ? pathOf(track) : QString();
}

} // namespace spk::server
