#include "shared/client/api_reply.h"

#include "shared/client/client_log.h"
#include "shared/client/tls_trust.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSaveFile>
#include <QTimer>

namespace spk::client {

namespace {

bool isSuccess(int status)
{
    return status >= 200 && status < 300;
}

ApiResult failure(int httpStatus, const QString &code, const QString &message)
{
    ApiResult r;
    r.httpStatus = httpStatus;
    r.error.httpStatus = httpStatus;
    r.error.code = code;
    r.error.message = message;
    return r;
}

} // namespace

ApiReply::ApiReply(QNetworkReply *reply, int timeoutMs, QIODevice *sink, QObject *parent)
    : QObject(parent), reply_(reply), timer_(new QTimer(this)), sink_(sink)
{
    timer_->setSingleShot(true);
    connect(timer_, &QTimer::timeout, this, &ApiReply::onTimeout);
    if (!reply)
        return;
    reply->setParent(this);
    connect(reply, &QNetworkReply::finished, this, &ApiReply::onNetworkFinished);
    connect(reply, &QNetworkReply::downloadProgress, this, [this](qint64 received, qint64 total) {
        // For streamed downloads the timeout guards silence, not the whole transfer.
        if (sink_ && timer_->isActive())
            timer_->start();
        emit downloadProgress(received, total);
    });
    // Never ignored: the reply then fails with SslHandshakeFailedError and we say why.
    connect(reply, &QNetworkReply::sslErrors, this,
            [this](const QList<QSslError> &errors) { sslErrors_ = TlsTrust::describe(errors); });
    if (sink_)
        connect(reply, &QNetworkReply::readyRead, this, &ApiReply::onReadyRead);
    if (timeoutMs > 0)
        timer_->start(timeoutMs);
}

ApiReply::~ApiReply()
{
    // Destroyed before finishing (its ApiClient is going away): stop quietly, no finished().
    if (reply_) {
        reply_->disconnect(this);
        if (reply_->isRunning())
            reply_->abort();
    }
}

ApiReply *ApiReply::makeFailed(const QString &code, const QString &message, QObject *parent)
{
    auto *r = new ApiReply(nullptr, 0, nullptr, parent);
    QTimer::singleShot(0, r, [r, code, message] { r->finish(failure(0, code, message)); });
    return r;
}

void ApiReply::setSaveFile(QSaveFile *file)
{
    saveFile_ = file;
    file->setParent(this);
}

void ApiReply::abort()
{
    if (finished_)
        return;
    aborted_ = true;
    if (reply_ && reply_->isRunning())
        reply_->abort(); // emits finished -> onNetworkFinished
    else
        finish(failure(0, QString::fromLatin1(errc::kCanceled), tr("The request was canceled.")));
}

void ApiReply::then(QObject *context, std::function<void(const ApiResult &)> fn)
{
    connect(this, &ApiReply::finished, context, [this, fn = std::move(fn)] { fn(result_); });
}

void ApiReply::onReadyRead()
{
    // Error bodies stay in the reply (read as JSON at the end); only a 2xx body goes to the sink.
    const int status = reply_->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (!isSuccess(status) || sinkFailed_)
        return;
    const QByteArray chunk = reply_->readAll();
    if (sink_->write(chunk) != chunk.size()) {
        sinkFailed_ = true;
        qCWarning(lcClient) << "writing the download failed:" << sink_->errorString();
        reply_->abort();
    }
}

void ApiReply::onTimeout()
{
    timedOut_ = true;
    if (reply_ && reply_->isRunning())
        reply_->abort();
}

void ApiReply::onNetworkFinished()
{
    timer_->stop();
    const int status = reply_->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();

    if (timedOut_) {
        finish(failure(
            0, QString::fromLatin1(errc::kTimeout),
            tr("The server did not answer within %1 s.").arg(QString::number(timer_->interval() / 1000.0))));
        return;
    }
    if (sinkFailed_) {
        finish(failure(status, QString::fromLatin1(errc::kFileError),
                       tr("Could not write the download: %1").arg(sink_->errorString())));
        return;
    }
    if (aborted_) {
        finish(failure(0, QString::fromLatin1(errc::kCanceled), tr("The request was canceled.")));
        return;
    }
    if (status == 0 && (!sslErrors_.isEmpty() || reply_->error() == QNetworkReply::SslHandshakeFailedError)) {
        ApiResult r =
            failure(0, QString::fromLatin1(errc::kTlsError),
                    sslErrors_.isEmpty()
                        ? tr("The TLS handshake with %1 failed: %2")
                              .arg(reply_->url().adjusted(QUrl::RemovePath | QUrl::RemoveQuery).toString(),
                                   reply_->errorString())
                        : TlsTrust::untrustedMessage(sslErrors_));
        r.tlsErrors = sslErrors_;
        finish(std::move(r));
        return;
    }
    if (status == 0) {
        finish(failure(0, QString::fromLatin1(errc::kNetworkError),
                       tr("Cannot reach the server at %1: %2")
                           .arg(reply_->url().adjusted(QUrl::RemovePath | QUrl::RemoveQuery).toString(),
                                reply_->errorString())));
        return;
    }

    if (sink_ && isSuccess(status))
        onReadyRead(); // whatever is still buffered
    const QByteArray body = reply_->readAll();
    const QJsonDocument doc = QJsonDocument::fromJson(body);

    if (!isSuccess(status)) {
        ApiResult r =
            failure(status, QString::fromLatin1(errc::kHttpError),
                    tr("HTTP %1 %2")
                        .arg(status)
                        .arg(reply_->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString()));
        r.raw = body;
        r.json = doc.object();
        spk::proto::ApiError parsed;
        if (spk::proto::ApiError::fromBody(body, status, &parsed))
            r.error = parsed;
        finish(std::move(r));
        return;
    }

    ApiResult r;
    r.ok = true;
    r.httpStatus = status;
    if (!sink_) {
        r.raw = body;
        const QString type = reply_->header(QNetworkRequest::ContentTypeHeader).toString();
        if (!body.isEmpty() && type.contains(QLatin1String("json"))) {
            if (!doc.isObject()) {
                ApiResult bad = failure(status, QString::fromLatin1(errc::kInvalidResponse),
                                        tr("The server sent a response that is not a JSON object."));
                bad.raw = body;
                finish(std::move(bad));
                return;
            }
            r.json = doc.object();
        }
    }
    finish(std::move(r));
}

void ApiReply::finish(ApiResult result)
{
    if (finished_)
        return;
    if (saveFile_) {
        if (result.ok && !saveFile_->commit()) {
            result =
                failure(result.httpStatus, QString::fromLatin1(errc::kFileError),
                        tr("Could not save %1: %2").arg(saveFile_->fileName(), saveFile_->errorString()));
        } else if (!result.ok) {
            saveFile_->cancelWriting();
        }
    }
    finished_ = true;
    result_ = std::move(result);
    if (!result_.ok)
        qCDebug(lcClient) << "request failed:" << result_.httpStatus << result_.error.code
                          << result_.error.message;
    emit finished();
    deleteLater();
}

} // namespace spk::client
