#include "server/pipeline/asr/openai_transcription_backend.h"

#include "server/pipeline/common/openai_http.h"
#include "server/pipeline/pipeline_logging.h"
#include "shared/media/wav.h"

#include <QHttpMultiPart>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace spk::server::pipeline {

namespace {

QHttpPart formField(const QByteArray &name, const QByteArray &value)
{
    QHttpPart part;
    part.setHeader(QNetworkRequest::ContentDispositionHeader, "form-data; name=\"" + name + "\"");
    part.setBody(value);
    return part;
}

} // namespace

OpenAiTranscriptionBackend::OpenAiTranscriptionBackend(const OpenAiEndpoint &endpoint, int unhealthyBackoffMs,
                                                       QObject *parent)
    : AsrBackend(parent), endpoint_(endpoint), health_(unhealthyBackoffMs),
      network_(new QNetworkAccessManager(this))
{
}

OpenAiTranscriptionBackend::~OpenAiTranscriptionBackend()
{
    const QStringList ids = uploads_.keys();
    for (const QString &id : ids)
        cancel(id);
}

void OpenAiTranscriptionBackend::startStream(const QString &sessionId, const AsrStreamOptions &options)
{
    if (sessionId.isEmpty())
        return failLater(sessionId, QStringLiteral("empty session id"));
    if (uploads_.contains(sessionId))
        return failLater(sessionId, QStringLiteral("stream already active"));
    uploads_.insert(sessionId, Upload{options, {}, {}});
}

void OpenAiTranscriptionBackend::feed(const QString &sessionId, const QByteArray &pcm)
{
    auto it = uploads_.find(sessionId);
    if (it == uploads_.end())
        return failLater(sessionId, QStringLiteral("no active stream"));
    if (!isWholeSamples(pcm) || it->reply) {
        const QString why = it->reply ? QStringLiteral("audio after end of speech")
                                      : QStringLiteral("PCM chunk is not whole 16-bit samples");
        cancel(sessionId);
        return failLater(sessionId, why);
    }
    it->audio.append(pcm);
}

void OpenAiTranscriptionBackend::finish(const QString &sessionId)
{
    auto it = uploads_.find(sessionId);
    if (it == uploads_.end())
        return failLater(sessionId, QStringLiteral("no active stream"));
    if (it->reply)
        return;
    if (it->audio.isEmpty()) { // nothing said: no need to ask the server
        uploads_.erase(it);
        QMetaObject::invokeMethod(
            this, [this, sessionId] { emit finalTranscript(sessionId, QString(), -1.0); },
            Qt::QueuedConnection);
        return;
    }
    auto *form = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    QHttpPart file;
    file.setHeader(QNetworkRequest::ContentTypeHeader, "audio/wav");
    file.setHeader(QNetworkRequest::ContentDispositionHeader,
                   "form-data; name=\"file\"; filename=\"speech.wav\"");
    file.setBody(media::encodeWav(it->audio, 16000));
    form->append(file);
    form->append(formField("model", endpoint_.model.toUtf8()));
    form->append(formField("response_format", "json"));
    if (!it->options.language.isEmpty())
        form->append(formField("language", it->options.language.left(2).toUtf8())); // ISO-639-1
    QNetworkReply *reply =
        network_->post(openAiRequest(endpoint_, QStringLiteral("/audio/transcriptions")), form);
    form->setParent(reply);
    it->reply = reply;
    it->audio.clear();
    connect(reply, &QNetworkReply::finished, this,
            [this, sessionId, reply] { onReplyFinished(sessionId, reply); });
}

void OpenAiTranscriptionBackend::cancel(const QString &sessionId)
{
    Upload upload = uploads_.take(sessionId);
    if (upload.reply) {
        upload.reply->disconnect(this);
        upload.reply->abort();
        upload.reply->deleteLater();
    }
}

void OpenAiTranscriptionBackend::onReplyFinished(const QString &sessionId, QNetworkReply *reply)
{
    reply->deleteLater();
    auto it = uploads_.find(sessionId);
    if (it == uploads_.end() || it->reply != reply)
        return;
    uploads_.erase(it);
    const QByteArray body = reply->readAll();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() != QNetworkReply::NoError || status != 200) {
        const QString message = openAiErrorText(reply, body);
        if (isServerFailure(reply))
            health_.reportFailure(message);
        qCWarning(lcPipelineAsr) << "openai transcription failed:" << message;
        emit streamFailed(sessionId, message);
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    const QJsonValue text = doc.object().value(QLatin1String("text"));
    if (parseError.error != QJsonParseError::NoError || !text.isString()) {
        emit streamFailed(sessionId, QStringLiteral("transcription response has no \"text\" string"));
        return;
    }
    health_.reportSuccess();
    emit finalTranscript(sessionId, text.toString().simplified(), -1.0);
}

} // namespace spk::server::pipeline
