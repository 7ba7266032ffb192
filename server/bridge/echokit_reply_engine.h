#pragma once
// The bridge's ReplyEngine when EchoKit runs the turn: the reply EchoKitBackend already holds for a
// session (its transcript came from EchoKit) is streamed from there; any other turn (the ASR
// fallback produced the transcript) goes to the normal pipeline engine. Header-only and without
// Q_OBJECT on purpose: it adds no signals of its own. It is bridge code (a ReplyEngine) over the
// pipeline's EchoKitBackend, so it lives here: the pipeline never includes the bridge.
// EchoKit "Action" events name LLM actions in EchoKit's own vocabulary, not spk device actions
// (protocol.md §5), so they are logged, not forwarded.
#include "server/bridge/reply_engine.h"
#include "server/pipeline/echokit/echokit_backend.h"
#include "server/pipeline/echokit/echokit_logging.h"

namespace spk::server {

class EchoKitReplyEngine : public ReplyEngine
{
public:
    // Neither is owned; both must outlive this engine.
    EchoKitReplyEngine(pipeline::EchoKitBackend &echokit, ReplyEngine &fallback, QObject *parent = nullptr)
        : ReplyEngine(parent), echokit_(echokit), fallback_(fallback)
    {
        using B = pipeline::EchoKitBackend;
        connect(&echokit, &B::replyFirstToken, this, &ReplyEngine::firstToken);
        connect(&echokit, &B::replySentence, this, &ReplyEngine::sentence);
        connect(&echokit, &B::replyAudio, this, &ReplyEngine::audio);
        connect(&echokit, &B::replyFinished, this, &ReplyEngine::finished);
        connect(&echokit, &B::replyFailed, this, &ReplyEngine::failed);
        connect(&echokit, &B::replyAction, this, [](const QString &id, const QString &action) {
            qCInfo(lcEchoKit).noquote() << "session" << id << "EchoKit action not forwarded:" << action;
        });
        connect(&fallback, &ReplyEngine::firstToken, this, &ReplyEngine::firstToken);
        connect(&fallback, &ReplyEngine::sentence, this, &ReplyEngine::sentence);
        connect(&fallback, &ReplyEngine::audio, this, &ReplyEngine::audio);
        connect(&fallback, &ReplyEngine::action, this, &ReplyEngine::action);
        connect(&fallback, &ReplyEngine::finished, this, &ReplyEngine::finished);
        connect(&fallback, &ReplyEngine::failed, this, &ReplyEngine::failed);
    }

    void start(const ReplyRequest &request) override
    {
        if (!echokit_.startReply(request.turnId))
            fallback_.start(request);
    }

    void cancel(const QString &turnId) override
    {
        echokit_.cancelReply(turnId);
        fallback_.cancel(turnId);
    }

private:
    pipeline::EchoKitBackend &echokit_;
    ReplyEngine &fallback_;
};

} // namespace spk::server
