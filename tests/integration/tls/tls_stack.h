#pragma once
// A production-shaped TLS front on loopback for the client tests: certificates from
// scripts/gen-certs.sh, a real spkd (tests/support/spkd_process.h), nginx terminating HTTPS/WSS in front
// of it, and optionally a Mosquitto of our own with a TLS listener for devices (mqtts://) and a plain
// loopback listener for spkd, both checked by the spk auth plugin against the credentials file that
// spkd writes from its device registry (mqtt.credentials_file). spkd's public URL (bridge.public_url) is
// the nginx one, so devices get wss:// and https:// URLs. Everything on free ports, stopped by PID.
#include "tests/support/spkd_process.h"

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace spk::test {

class TlsStack
{
public:
    struct Options
    {
        bool ownBroker = true; // false: spkd's embedded (plain) broker, enough for HTTPS-only tests
    };

    TlsStack();
    ~TlsStack();

    // What is missing to run at all (nginx, mosquitto, openssl, the auth plugin), empty when fine.
    static QString missingTools(bool ownBroker);
    bool start(const Options &options, QString *error);
    void stop();

    QString httpsUrl() const;                // https://127.0.0.1:P, nginx in front of spkd
    QString mqttsUrl() const;                // mqtts://127.0.0.1:P, the broker's TLS listener
    QString caFile() const;                  // the CA that signed nginx's and the broker's certificate
    QString otherCaFile() const;             // a CA that signed nothing here
    QString garbageCaFile() const;           // not a certificate at all
    QString path(const QString &name) const; // a file in the stack's directory
    SpkdProcess &spkd() { return *spkd_; }
    QString logs() const;

private:
    bool generateCertificates(QString *error);
    bool startBroker(QString *error);
    bool startNginx(QString *error);

    QTemporaryDir dir_;
    std::unique_ptr<SpkdProcess> spkd_;
    QProcess broker_, nginx_;
    quint16 httpsPort_ = 0, mqttsPort_ = 0, mqttPlainPort_ = 0;
};

} // namespace spk::test
