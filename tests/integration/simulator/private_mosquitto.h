#pragma once
// A throw-away Mosquitto on a free 127.0.0.1 port, stopped by its own PID when the object goes.
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

class PrivateMosquitto
{
public:
    ~PrivateMosquitto();
    // Starts the broker and waits until it accepts connections; false (with *error) otherwise.
    bool start(QString *error);
    quint16 port() const { return port_; }
    QString uri() const { return QStringLiteral("tcp://127.0.0.1:%1").arg(port_); }
    QString log() const;

private:
    QTemporaryDir dir_;
    QProcess process_;
    quint16 port_ = 0;
};
