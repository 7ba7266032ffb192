#pragma once
// The response cache of seed scene 1: in-process by default, Redis when configured.
#include <QByteArray>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>

namespace spk::server {

class Cache
{
public:
    virtual ~Cache() = default;
    virtual std::optional<QByteArray> get(const QString &key) = 0;
    virtual void set(const QString &key, const QByteArray &value, int ttlSeconds) = 0;
    virtual void remove(const QStringList &keys) = 0;
    // Removes every key starting with prefix.
    virtual void removePrefix(const QString &prefix) = 0;
    virtual bool ping() = 0;
    virtual QString backendName() const = 0;
};

// url: "memory:" or "redis://host:port[/db]". nullptr and *error on failure.
std::unique_ptr<Cache> openCache(const QString &url, QString *error);

} // namespace spk::server
