#pragma once
// Test harness: a Mosquitto of its own on a free 127.0.0.1 port, shaped as production runs it outside
// spkd — anonymous refused, spk's auth plugin (build/server/spk_mosquitto_auth.so) reading the
// credentials file that the gateways write (mqtt.credentials_file), persistence on. For replica and
// fault tests: several spkd processes share it, and it can be killed and started again on its port.
#include <QProcess>
#include <QString>
#include <memory>

namespace spk::test {

class MosquittoProcess
{
public:
    // dir: where its config, persistence and the credentials file live.
    explicit MosquittoProcess(const QString &dir);
    ~MosquittoProcess();

    // A second listener with TLS (certificates from scripts/gen-certs.sh in certDir: server.crt,
    // server.key, ca.crt), as devices and remote replicas reach the broker. Call before start().
    void enableTls(const QString &certDir) { certDir_ = certDir; }
    bool start(QString *error); // same ports on a restart
    void kill();                // SIGKILL
    QString url() const;        // tcp://127.0.0.1:port
    QString tlsUrl() const;     // mqtts://127.0.0.1:port (after enableTls)
    QString credentialsFile() const;
    QString logs() const;

private:
    QString dir_;
    quint16 port_ = 0, tlsPort_ = 0;
    QString certDir_;
    std::unique_ptr<QProcess> process_;
    mutable QByteArray logs_;
};

} // namespace spk::test
