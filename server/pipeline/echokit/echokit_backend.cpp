#include "server/pipeline/echokit/echokit_backend.h"

#include "server/pipeline/echokit/echokit_client.h"
#include "server/pipeline/echokit/echokit_logging.h"

#include <QTimer>

Q_LOGGING_CATEGORY(lcEchoKit, "spk.pipeline.echokit")

namespace spk::server::pipeline {

struct EchoKitBackend::Turn
{
    struct Pending
    {
        EchoKitEvent event;
        QString failure; // not empty: the turn failed here instead of an event
    };
    EchoKitClient *client = nullptr; // owned
    bool heardFromServer = false;
    bool transcribed = false;
    bool replyStarted = false;
    bool flushScheduled = false;
    bool spoke = false;
    QString fullText;
    QList<Pending> pending; // reply events not yet delivered

    ~Turn()
    {
        if (client) {
            client->close();
            client->deleteLater(); // it may be emitting the signal that ended this turn
        }
    }
};

EchoKitBackend::EchoKitBackend(EchoKitConfig config, int unhealthyBackoffMs, QObject *parent)
    : AsrBackend(parent), config_(std::move(config)), health_(unhealthyBackoffMs)
{
}

EchoKitBackend::~EchoKitBackend() = default;

QUrl EchoKitBackend::turnUrl(const QString &sessionId) const
{
    // EchoKit serves /ws/{id}; the id names the connection, so every turn gets its own.
    QString base = config_.url;
    if (!base.endsWith(QLatin1Char('/')))
        base += QLatin1Char('/');
    return QUrl(base + QString::fromLatin1(QUrl::toPercentEncoding(sessionId)));
}

void EchoKitBackend::startStream(const QString &sessionId, const AsrStreamOptions &)
{
    drop(sessionId);
    auto turn = std::make_shared<Turn>();
    turn->client = new EchoKitClient(turnUrl(sessionId), config_.connectTimeoutMs, config_.responseTimeoutMs);
    connect(turn->client, &EchoKitClient::eventReceived, this,
            [this, sessionId](const EchoKitEvent &event) { onEvent(sessionId, event); });
    connect(turn->client, &EchoKitClient::failed, this,
            [this, sessionId](const QString &message) { onClientFailed(sessionId, message); });
    turns_.insert(sessionId, turn);
    turn->client->open();
}

void EchoKitBackend::feed(const QString &sessionId, const QByteArray &pcm16k)
{
    const auto it = turns_.constFind(sessionId);
    if (it == turns_.constEnd() || (*it)->transcribed)
        return; // audio still in flight for a stream that ended: nothing to do
    if (!isWholeSamples(pcm16k)) {
        drop(sessionId);
        failLater(sessionId, QStringLiteral("audio with a partial 16-bit sample"));
        return;
    }
    (*it)->client->sendPcm(pcm16k);
}

void EchoKitBackend::finish(const QString &sessionId)
{
    const auto it = turns_.constFind(sessionId);
    if (it == turns_.constEnd()) {
        failLater(sessionId, QStringLiteral("no EchoKit stream for this session"));
        return;
    }
    (*it)->client->submit();
}

void EchoKitBackend::cancel(const QString &sessionId)
{
    drop(sessionId);
}

bool EchoKitBackend::hasReply(const QString &sessionId) const
{
    const auto it = turns_.constFind(sessionId);
    return it != turns_.constEnd() && (*it)->transcribed && !(*it)->replyStarted;
}

bool EchoKitBackend::startReply(const QString &sessionId)
{
    if (!hasReply(sessionId))
        return false;
    Turn &turn = *turns_.value(sessionId);
    turn.replyStarted = true;
    if (!turn.pending.isEmpty() && !turn.flushScheduled) {
        turn.flushScheduled = true;
        QMetaObject::invokeMethod(
            this, [this, sessionId] { flushReply(sessionId); }, Qt::QueuedConnection);
    }
    return true;
}

void EchoKitBackend::cancelReply(const QString &sessionId)
{
    const auto it = turns_.constFind(sessionId);
    if (it != turns_.constEnd() && (*it)->transcribed)
        drop(sessionId);
}

void EchoKitBackend::onEvent(const QString &sessionId, const EchoKitEvent &event)
{
    const auto it = turns_.constFind(sessionId);
    if (it == turns_.constEnd())
        return;
    Turn &turn = **it;
    if (!turn.heardFromServer) {
        turn.heardFromServer = true;
        health_.reportSuccess();
    }
    using Type = EchoKitEvent::Type;
    switch (event.type) {
    case Type::Asr:
        if (turn.transcribed) {
            qCDebug(lcEchoKit) << "session" << sessionId << "extra ASR event ignored";
            return;
        }
        if (event.text.trimmed().isEmpty()) {
            // EchoKit's way of saying the turn failed (nothing heard, or its LLM broke).
            drop(sessionId);
            failLater(sessionId, QStringLiteral("EchoKit returned an empty transcript"));
            return;
        }
        turn.transcribed = true;
        QMetaObject::invokeMethod(
            this,
            [this, sessionId, text = event.text.trimmed()] { emit finalTranscript(sessionId, text, -1.0); },
            Qt::QueuedConnection);
        return;
    case Type::StartAudio:
    case Type::AudioChunk:
    case Type::Action:
    case Type::EndResponse:
        if (!turn.transcribed && event.type == Type::EndResponse) {
            drop(sessionId);
            failLater(sessionId, QStringLiteral("EchoKit ended the turn without a transcript"));
            return;
        }
        queueForReply(sessionId, turn, event, QString());
        return;
    case Type::EndAudio:
    case Type::HelloStart:
    case Type::HelloChunk:
    case Type::HelloEnd:
    case Type::StartVideo:
    case Type::EndVideo:
        return; // nothing the speaker needs: sentence boundaries come from StartAudio
    case Type::Unknown:
        qCDebug(lcEchoKit).noquote() << "session" << sessionId << "unknown EchoKit event" << event.name;
        return;
    }
}

void EchoKitBackend::onClientFailed(const QString &sessionId, const QString &message)
{
    const auto it = turns_.constFind(sessionId);
    if (it == turns_.constEnd())
        return;
    Turn &turn = **it;
    qCWarning(lcEchoKit).noquote() << "session" << sessionId << message;
    if (!turn.heardFromServer)
        health_.reportFailure(message);
    if (!turn.transcribed) {
        drop(sessionId);
        failLater(sessionId, message);
        return;
    }
    queueForReply(sessionId, turn, EchoKitEvent(), message);
}

void EchoKitBackend::queueForReply(const QString &sessionId, Turn &turn, const EchoKitEvent &event,
                                   const QString &failure)
{
    turn.pending.append({event, failure});
    const bool terminal = !failure.isEmpty() || event.type == EchoKitEvent::Type::EndResponse;
    if (turn.replyStarted) {
        if (!turn.flushScheduled) {
            turn.flushScheduled = true;
            QMetaObject::invokeMethod(
                this, [this, sessionId] { flushReply(sessionId); }, Qt::QueuedConnection);
        }
    } else if (terminal) {
        // Nobody asked for this reply yet; if nobody does, do not keep it forever.
        std::weak_ptr<Turn> weak = turns_.value(sessionId);
        QTimer::singleShot(config_.responseTimeoutMs, this, [this, sessionId, weak] {
            const std::shared_ptr<Turn> t = weak.lock();
            if (t && !t->replyStarted && turns_.value(sessionId) == t)
                drop(sessionId);
        });
    }
}

void EchoKitBackend::flushReply(const QString &sessionId)
{
    std::shared_ptr<Turn> turn = turns_.value(sessionId);
    if (!turn)
        return;
    turn->flushScheduled = false;
    while (!turn->pending.isEmpty()) {
        const Turn::Pending next = turn->pending.takeFirst();
        if (!deliver(sessionId, *turn, next.event, next.failure))
            return;
    }
}

// Emits one reply event; false once the turn is over (finished or failed, and dropped).
bool EchoKitBackend::deliver(const QString &sessionId, Turn &turn, const EchoKitEvent &event,
                             const QString &failure)
{
    if (!failure.isEmpty()) {
        drop(sessionId);
        emit replyFailed(sessionId, failure);
        return false;
    }
    switch (event.type) {
    case EchoKitEvent::Type::StartAudio: {
        const QString text = event.text.trimmed();
        if (text.isEmpty())
            return true;
        if (!turn.spoke) {
            turn.spoke = true;
            emit replyFirstToken(sessionId);
        }
        if (!turn.fullText.isEmpty())
            turn.fullText += QLatin1Char(' ');
        turn.fullText += text;
        emit replySentence(sessionId, text);
        return true;
    }
    case EchoKitEvent::Type::AudioChunk:
        if (!isWholeSamples(event.data)) {
            drop(sessionId);
            emit replyFailed(sessionId, QStringLiteral("EchoKit sent audio with a partial 16-bit sample"));
            return false;
        }
        if (!event.data.isEmpty())
            emit replyAudio(sessionId, event.data);
        return true;
    case EchoKitEvent::Type::Action:
        emit replyAction(sessionId, event.text);
        return true;
    case EchoKitEvent::Type::EndResponse: {
        const QString text = turn.fullText;
        drop(sessionId);
        emit replyFinished(sessionId, text);
        return false;
    }
    default:
        return true;
    }
}

void EchoKitBackend::drop(const QString &sessionId)
{
    turns_.remove(sessionId); // ~Turn closes the socket
}

} // namespace spk::server::pipeline
