#pragma once
// One in-flight REST call. Emits finished() exactly once, then deletes itself (deleteLater), like a
// QNetworkReply with auto-delete: read result() inside the slot, do not keep the pointer.
#include "shared/client/api_result.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <functional>

class QNetworkReply;
class QTimer;
class QIODevice;
class QSaveFile;

namespace spk::client {

class ApiReply : public QObject
{
    Q_OBJECT
public:
    // Built by ApiClient; sink (optional) receives a binary body instead of result().raw.
    ApiReply(QNetworkReply *reply, int timeoutMs, QIODevice *sink, QObject *parent = nullptr);
    ~ApiReply() override;
    // A reply that fails (asynchronously, like any other) without touching the network.
    static ApiReply *makeFailed(const QString &code, const QString &message, QObject *parent = nullptr);

    const ApiResult &result() const { return result_; }
    bool isFinished() const { return finished_; }

    // Stops the call; finished() is emitted with error code "canceled".
    void abort();

    // Convenience: calls fn(result) when finished, unless context has been destroyed by then.
    void then(QObject *context, std::function<void(const ApiResult &)> fn);

signals:
    void finished();
    // Download progress of the body; total is -1 when unknown.
    void downloadProgress(qint64 received, qint64 total);

private:
    friend class ApiClient;
    // The reply owns file: committed when the call succeeds, discarded otherwise.
    void setSaveFile(QSaveFile *file);
    void onReadyRead();
    void onNetworkFinished();
    void onTimeout();
    void finish(ApiResult result);

    QPointer<QNetworkReply> reply_;
    QTimer *timer_ = nullptr;
    QIODevice *sink_ = nullptr;
    QSaveFile *saveFile_ = nullptr;
    bool sinkFailed_ = false;
    bool timedOut_ = false;
    bool aborted_ = false;
    bool finished_ = false;
    QStringList sslErrors_; // what the TLS layer refused, before the reply finished
    ApiResult result_;
};

} // namespace spk::client
