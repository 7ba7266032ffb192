#include "server/mqtt/replica_event.h"

#include "shared/protocol/device_messages.h"
#include "shared/protocol/json_input.h"

#include <QJsonDocument>

namespace spk::server {

namespace {
const QString kOrigin = QStringLiteral("origin");
}

QByteArray encodeReplicaEvent(const QString &origin, QJsonObject body)
{
    body.insert(kOrigin, origin);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

std::optional<ReplicaEvent> decodeReplicaEvent(const QByteArray &payload)
{
    const auto parsed = spk::proto::parseJsonObject(payload, spk::proto::kMaxMqttPayload);
    if (!parsed.ok() || !parsed.object.value(kOrigin).isString())
        return std::nullopt;
    ReplicaEvent event{parsed.object.value(kOrigin).toString(), parsed.object};
    event.body.remove(kOrigin);
    return event;
}

QString sharedSubscription(const char *group, const QString &filter)
{
    return QStringLiteral("$share/%1/%2").arg(QLatin1String(group), filter);
}

} // namespace spk::server
