#pragma once
// Why did the TLS connect to the broker fail? Paho (1.3.12 C, 1.2.0 C++) reports a refused certificate
// like any other failed connect, so after the first failure spksim does one TLS handshake of its own to
// the broker, with the same trust (shared/client/tls_trust.h), and reports what it finds.
#include <QObject>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QStringList>
#include <QTimer>

namespace spk::sim {

class TlsProbe : public QObject
{
    Q_OBJECT
public:
    explicit TlsProbe(QObject *parent = nullptr);

    // brokerUri: ssl://, mqtts:// or wss://host:port. Emits finished() once, within timeoutMs.
    void start(const QString &brokerUri, const QSslConfiguration &tls, int timeoutMs = 5000);

signals:
    // certificateProblems: why the broker's certificate was refused ("The issuer certificate … could not
    // be found"); handshakeError: another TLS failure. Both empty when the handshake succeeded or the
    // broker could not be reached at all (nothing to say about TLS then).
    void finished(const QStringList &certificateProblems, const QString &handshakeError);

private:
    void done(const QString &handshakeError);

    QSslSocket socket_;
    QTimer deadline_;
    QStringList sslErrors_;
    bool finished_ = false;
};

} // namespace spk::sim
