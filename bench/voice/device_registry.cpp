#include "bench/voice/device_registry.h"

#include "bench/voice/bench_support.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace spk::bench {

QList<BenchDevice> registerDevices(const QString &baseUrl, const QString &user, const QString &password,
                                   const QString &prefix, int count, QString *error)
{
    QByteArray body;
    const QByteArray login =
        QJsonDocument(QJsonObject{{"username", user}, {"password", password}}).toJson(QJsonDocument::Compact);
    if (httpRequest("POST", baseUrl + QStringLiteral("/api/auth/login"), {}, login, &body) != 200) {
        *error = QStringLiteral("login as %1 failed: %2").arg(user, QString::fromUtf8(body));
        return {};
    }
    const QJsonObject session = QJsonDocument::fromJson(body).object();
    const QByteArray token = session.value("token").toString().toUtf8();
    const int ownerId = session.value("user").toObject().value("id").toInt();
    QList<BenchDevice> devices;
    for (int i = 1; i <= count; ++i) {
        const QString id = prefix + QStringLiteral("%1").arg(i, 4, 10, QLatin1Char('0'));
        const QByteArray create = QJsonDocument(QJsonObject{{"id", id}, {"name", id}, {"owner_id", ownerId}})
                                      .toJson(QJsonDocument::Compact);
        if (httpRequest("POST", baseUrl + QStringLiteral("/api/devices"), token, create, &body) != 201) {
            *error = QStringLiteral("creating device %1 failed: %2").arg(id, QString::fromUtf8(body));
            return {};
        }
        devices.append({id, QJsonDocument::fromJson(body).object().value("secret").toString()});
    }
    return devices;
}

} // namespace spk::bench
