#pragma once
// The private Mosquitto that spkd starts on loopback in its embedded mode, and stops on exit.
#include <QObject>
#include <QProcess>
#include <QString>

namespace spk::server {

class EmbeddedBroker : public QObject
{
    Q_OBJECT
public:
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
    QString bin_, dataDir_;
    int port_;
    QProcess process_;
    bool stopping_ = false;
};

} // namespace spk::server
