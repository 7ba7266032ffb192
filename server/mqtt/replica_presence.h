#pragma once
// Which spkd replicas are alive, for /metrics (spk_replicas_alive{role}) and alerts that must not
// depend on Prometheus scraping every pod. Each process keeps a retained message on
// spk/events/replicas/{its client id} naming its roles; the broker clears it through the process's
// will when the connection dies (kill -9 included), the process clears it itself on a clean stop.
#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

namespace spk::server {
class Metrics;
class MqttClient;
struct MqttMessage;

class ReplicaPresence : public QObject
{
    Q_OBJECT
public:
    // The topic and will payload to put in this process's MqttClient::Options before it connects.
    static QString topicFor(const QString &clientId);

    ReplicaPresence(MqttClient &mqtt, Metrics &metrics, QStringList roles, QObject *parent = nullptr);
    ~ReplicaPresence() override;

    void start();
    // Clears this process's entry (a clean shutdown is not a lost replica).
    void stop();
    int alive(const QString &role) const;

private:
    void announce();
    void onPresence(const MqttMessage &message);
    void updateGauges();

    MqttClient &mqtt_;
    Metrics &metrics_;
    QStringList roles_;
    bool stopped_ = false;
    QHash<QString, QStringList> replicas_; // client id → roles
};

} // namespace spk::server
