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
    quint16 port() const { return m_port; }
    QString uri() const { return QStringLiteral("tcp://127.0.0.1:%1").arg(m_port); }
    QString log() const;

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
};
