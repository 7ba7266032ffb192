#include "server/pipeline/tts/openai_speech_backend.h"

#include "server/pipeline/common/openai_http.h"
#include "server/pipeline/pipeline_logging.h"
#include "shared/media/resampler.h"
#include "shared/media/wav.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>

namespace spk::server::pipeline {

namespace {
constexpr int kOpenAiPcmRate = 24000; // OpenAI's "pcm" format: 24 kHz, 16-bit, mono, little-endian
constexpr qsizetype kMaxWavHeader = 64 * 1024;
} // namespace

struct OpenAiSpeechBackend::Download
{
    QPointer<QNetworkReply> reply;
    bool wav = false;
    bool headerParsed = false;
    QByteArray headerBuffer;
    std::unique_ptr<media::Resampler> resampler;
};

OpenAiSpeechBackend::OpenAiSpeechBackend(const OpenAiEndpoint &endpoint, const QString &format,
                                         const QString &defaultVoice, int unhealthyBackoffMs, QObject *parent)
    : TtsBackend(parent), endpoint_(endpoint), format_(format), defaultVoice_(defaultVoice),
      health_(unhealthyBackoffMs), network_(new QNetworkAccessManager(this))
{
}

OpenAiSpeechBackend::~OpenAiSpeechBackend()
{
    const QStringList ids = downloads_.keys();
    for (const QString &id : ids)
        cancel(id);
}

void OpenAiSpeechBackend::synthesize(const QString &requestId, const QString &text, const QString &voice)
{
    if (requestId.isEmpty() || downloads_.contains(requestId))
        return failLater(requestId, requestId.isEmpty() ? QStringLiteral("empty request id")
                                                        : QStringLiteral("request already running"));
    if (text.trimmed().isEmpty() || text.size() > kMaxTextChars)
        return failLater(requestId, QStringLiteral("text must be 1..%1 characters").arg(kMaxTextChars));
    QNetworkRequest http = openAiRequest(endpoint_, QStringLiteral("/audio/speech"));
    http.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    const QJsonObject body{{QStringLiteral("model"), endpoint_.model},
                           {QStringLiteral("input"), text},
                           {QStringLiteral("voice"), voice.isEmpty() ? defaultVoice_ : voice},
                           {QStringLiteral("response_format"), format_}};
    auto download = std::make_shared<Download>();
    download->wav = format_ == QLatin1String("wav");
    if (!download->wav)
        download->resampler = std::make_unique<media::Resampler>(kOpenAiPcmRate, kOutputRate);
    QNetworkReply *reply = network_->post(http, QJsonDocument(body).toJson(QJsonDocument::Compact));
    download->reply = reply;
    downloads_.insert(requestId, download);
    connect(reply, &QNetworkReply::readyRead, this, [this, requestId] { onReadyRead(requestId); });
    connect(reply, &QNetworkReply::finished, this, [this, requestId] { onFinished(requestId); });
}

void OpenAiSpeechBackend::cancel(const QString &requestId)
{
    std::shared_ptr<Download> d = downloads_.take(requestId);
    if (d && d->reply) {
        d->reply->disconnect(this);
        d->reply->abort();
        d->reply->deleteLater();
    }
}

void OpenAiSpeechBackend::onReadyRead(const QString &requestId)
{
    const auto d = downloads_.value(requestId);
    if (!d || !d->reply)
        return;
    if (d->reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
        return; // the error body is read when the reply finishes
    QByteArray bytes = d->reply->readAll();
    if (d->wav && !d->headerParsed) {
        d->headerBuffer += bytes;
        media::WavFormat format;
        QString error;
        if (!media::parseWavHeader(d->headerBuffer, &format, &error, /*complete=*/false)) {
            if (error.contains(QLatin1String("incomplete")) && d->headerBuffer.size() < kMaxWavHeader)
                return; // wait for more of the header
            return fail(requestId, QStringLiteral("speech response is not usable WAV: %1").arg(error));
        }
        if (format.channels != 1)
            return fail(requestId,
                        QStringLiteral("speech response has %1 channels, need mono").arg(format.channels));
        d->headerParsed = true;
        d->resampler = std::make_unique<media::Resampler>(format.sampleRate, kOutputRate);
        bytes = d->headerBuffer.mid(format.dataOffset);
        d->headerBuffer.clear();
    }
    const QByteArray pcm = d->resampler->processBytes(bytes);
    if (!pcm.isEmpty())
        emit audioChunk(requestId, pcm);
}

void OpenAiSpeechBackend::onFinished(const QString &requestId)
{
    const auto d = downloads_.value(requestId);
    if (!d || !d->reply)
        return;
    QNetworkReply *reply = d->reply;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() != QNetworkReply::NoError || status != 200) {
        if (isServerFailure(reply))
            health_.reportFailure(reply->errorString());
        return fail(requestId, openAiErrorText(reply, reply->readAll()));
    }
    onReadyRead(requestId);
    if (!downloads_.contains(requestId))
        return;
    if (d->wav && !d->headerParsed)
        return fail(requestId, QStringLiteral("speech response ended inside the WAV header"));
    const QByteArray tail = d->resampler->flushBytes();
    cancel(requestId);
    health_.reportSuccess();
    if (!tail.isEmpty())
        emit audioChunk(requestId, tail);
    emit finished(requestId);
}

void OpenAiSpeechBackend::fail(const QString &requestId, const QString &message)
{
    cancel(requestId);
    qCWarning(lcPipelineTts) << "openai speech" << requestId << message;
    emit failed(requestId, message);
}

} // namespace spk::server::pipeline
