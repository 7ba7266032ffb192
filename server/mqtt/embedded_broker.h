#pragma once
// The private Mosquitto that spkd starts on loopback in its embedded mode, and stops on exit. By default
// it authenticates every client through the spk auth plugin against the credentials file spkd keeps
// (protocol.md §7); without a plugin it is the anonymous development broker (mqtt.allow_anonymous).
#include <QObject>
#include <QProcess>
#include <QString>

namespace spk::server {

class EmbeddedBroker : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString mosquittoBin = QStringLiteral("/usr/sbin/mosquitto");
        QString dataDir; // the broker's files go to <dataDir>/mosquitto
        int port = 1883;
        // spk_mosquitto_auth.so and the file it reads; an empty plugin = anyone may connect and use any topic
        QString authPlugin;
        QString credentialsFile;
        int maxMessageBytes = 262144; // bigger PUBLISHes are refused by the broker
    };
    explicit EmbeddedBroker(Options options, QObject *parent = nullptr);
    // The anonymous development broker (tests that bring their own unauthenticated devices).
    EmbeddedBroker(QString mosquittoBin, QString dataDir, int port, QObject *parent = nullptr);
    ~EmbeddedBroker() override;

    // Writes the config, starts mosquitto and waits (up to 5 s) until it accepts connections.
    bool start(QString *error);
    void stop();
    QString url() const;

signals:
    void crashed(const QString &reason);

private:
    QString writeConfig();
    Options options_;
    QProcess process_;
    bool stopping_ = false;
};

} // namespace spk::server
