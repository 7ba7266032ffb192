#pragma once
// Wires one spkd process: storage, cache, broker, HTTP, and the roles it runs (gateway, bridge).
#include "server/core/config.h"

#include <QObject>
#include <memory>

namespace spk::server {

class ServerApp : public QObject
{
    Q_OBJECT
public:
    explicit ServerApp(ServerConfig config, QObject *parent = nullptr);
    ~ServerApp() override;

    bool start(QString *error);
    void stop();
    quint16 httpPort() const;

private:
    struct Parts;
    ServerConfig config_;
    std::unique_ptr<Parts> p_;
};

// Reads <data_dir>/jwt.key, creating it (48 random bytes, mode 0600) on first use.
QByteArray loadOrCreateJwtKey(const QString &dataDir, QString *error);

} // namespace spk::server
