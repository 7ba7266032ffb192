#pragma once
// Messages among spkd replicas on the broker's internal topics (shared/wire/topics.h). Each carries
// its sender's id, so a replica skips what it sent itself, and each device topic that exactly one
// replica must consume is subscribed as an MQTT shared subscription ("$share/{group}/{filter}").
#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace spk::server {

struct ReplicaEvent
{
    QString origin;   // the sender's MQTT client id
    QJsonObject body; // everything else
};

QByteArray encodeReplicaEvent(const QString &origin, QJsonObject body);
// nullopt for anything but a JSON object with a string "origin" (at most kMaxMqttPayload bytes).
std::optional<ReplicaEvent> decodeReplicaEvent(const QByteArray &payload);

// "$share/{group}/{filter}": the broker hands each matching message to one member of the group.
QString sharedSubscription(const char *group, const QString &filter);

} // namespace spk::server
