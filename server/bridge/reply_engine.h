#pragma once
// What the bridge needs from the voice pipeline after the final transcript: the dialogue (intents,
// else the LLM) and speech synthesis for one turn, streamed. The bridge depends only on this small
// interface; pipeline_reply_engine.* adapts the pipeline's DialogueManager and TTS to it.
// All signals are queued/asynchronous (never emitted from inside start()/cancel()).
#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <optional>

namespace spk::server {

struct ReplyTurn // one earlier exchange, oldest first
{
    QString userQuery;
    QString aiResponse;
};

struct ReplyRequest
{
    QString turnId; // unique while the turn runs (the bridge uses the server session id)
    QString deviceId;
    QString transcript;
    QString language = QStringLiteral("en");
    QList<ReplyTurn> history; // the device's last turns (protocol.md §6.1: 5)
    std::optional<int> volume;
    std::optional<int> battery;
    std::optional<double> temperature;
    bool online = true;
};

class ReplyEngine : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    virtual void start(const ReplyRequest &request) = 0;
    // No more signals for this turn.
    virtual void cancel(const QString &turnId) = 0;

signals:
    void firstToken(const QString &turnId);                      // the answer has begun (LLM token / intent)
    void sentence(const QString &turnId, const QString &text);   // reply text, sentence by sentence
    void audio(const QString &turnId, const QByteArray &pcm16k); // synthesized speech, s16le mono, in order
    // Something to do for the device, e.g. {"type":"set_volume","volume":60}.
    void action(const QString &turnId, const QJsonObject &action);
    void finished(const QString &turnId, const QString &fullText); // all audio has been emitted
    void failed(const QString &turnId, const QString &message);
};

} // namespace spk::server
