#include "server/mqtt/replica_presence.h"

#include "server/core/metrics.h"
#include "server/mqtt/mqtt_client.h"
#include "server/mqtt/mqtt_metrics.h"
#include "shared/wire/topics.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace spk::server {

namespace {
using mqtt_metrics::kReplicasAlive;
constexpr int kMaxRoles = 4;       // a presence naming more is not ours
constexpr int kMaxReplicas = 4096; // only spkd's service account may publish here; bounded all the same
} // namespace

QString ReplicaPresence::topicFor(const QString &clientId)
{
    return QLatin1String(spk::wire::kReplicaPresencePrefix) + clientId;
}

ReplicaPresence::ReplicaPresence(MqttClient &mqtt, Metrics &metrics, QStringList roles, QObject *parent)
    : QObject(parent), mqtt_(mqtt), metrics_(metrics), roles_(std::move(roles))
{
    for (const char *role : {"gateway", "bridge"})
        metrics_.gauge(kReplicasAlive, QString::fromLatin1(role)).set(0);
}

ReplicaPresence::~ReplicaPresence()
{
    stop();
}

void ReplicaPresence::start()
{
    mqtt_.subscribe(QLatin1String(spk::wire::kReplicaPresencePrefix) + QLatin1Char('+'), 1, this,
                    [this](const MqttMessage &m) { onPresence(m); });
    // A broker that restarted without persistence forgot the retained entry: say it again each time.
    connect(&mqtt_, &MqttClient::connected, this, &ReplicaPresence::announce);
    if (mqtt_.isConnected())
        announce();
}

void ReplicaPresence::stop()
{
    if (stopped_)
        return;
    stopped_ = true;
    if (mqtt_.isConnected())
        mqtt_.publish(topicFor(mqtt_.clientId()), {}, 1, true);
}

int ReplicaPresence::alive(const QString &role) const
{
    int n = 0;
    for (const QStringList &roles : replicas_)
        n += roles.contains(role) ? 1 : 0;
    return n;
}

void ReplicaPresence::announce()
{
    if (stopped_)
        return;
    const QJsonObject body{{QStringLiteral("roles"), QJsonArray::fromStringList(roles_)}};
    mqtt_.publish(topicFor(mqtt_.clientId()), QJsonDocument(body).toJson(QJsonDocument::Compact), 1, true);
}

void ReplicaPresence::onPresence(const MqttMessage &message)
{
    const QString clientId = message.topic.mid(int(qstrlen(spk::wire::kReplicaPresencePrefix)));
    if (clientId.isEmpty())
        return;
    QStringList roles;
    const QJsonArray list =
        QJsonDocument::fromJson(message.payload).object().value(QStringLiteral("roles")).toArray();
    for (const QJsonValue &v : list)
        if (v.isString() && roles.size() < kMaxRoles)
            roles << v.toString();
    if (roles.isEmpty()) // cleared by a will or a clean stop (or garbage: not a replica either)
        replicas_.remove(clientId);
    else if (replicas_.contains(clientId) || replicas_.size() < kMaxReplicas)
        replicas_.insert(clientId, roles);
    updateGauges();
}

void ReplicaPresence::updateGauges()
{
    for (const char *role : {"gateway", "bridge"})
        metrics_.gauge(kReplicasAlive, QString::fromLatin1(role)).set(alive(QString::fromLatin1(role)));
}

} // namespace spk::server
