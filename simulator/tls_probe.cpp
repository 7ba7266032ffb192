#include "simulator/tls_probe.h"

#include "shared/client/tls_trust.h"

#include <QUrl>

namespace spk::sim {

TlsProbe::TlsProbe(QObject *parent) : QObject(parent)
{
    deadline_.setSingleShot(true);
    connect(&deadline_, &QTimer::timeout, this, [this] { done({}); });
    connect(&socket_, &QSslSocket::encrypted, this, [this] { done({}); });
    connect(&socket_, &QSslSocket::sslErrors, this,
            [this](const QList<QSslError> &errors) { sslErrors_ = client::TlsTrust::describe(errors); });
    connect(&socket_, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError e) {
        if (sslErrors_.isEmpty() && e == QAbstractSocket::SslHandshakeFailedError)
            done(socket_.errorString());
        else
            done({}); // the certificate problems, or refused/unreachable: not a TLS matter
    });
}

void TlsProbe::start(const QString &brokerUri, const QSslConfiguration &tls, int timeoutMs)
{
    const QUrl url(brokerUri);
    socket_.setSslConfiguration(tls);
    deadline_.start(timeoutMs);
    const int defaultPort = url.scheme() == QLatin1String("wss") ? 443 : 8883;
    socket_.connectToHostEncrypted(url.host(), quint16(url.port(defaultPort)));
}

void TlsProbe::done(const QString &handshakeError)
{
    if (finished_)
        return;
    finished_ = true;
    deadline_.stop();
    socket_.abort();
    emit finished(sslErrors_, handshakeError);
}

} // namespace spk::sim
