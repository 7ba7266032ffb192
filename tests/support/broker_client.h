#pragma once
// A bare, synchronous Paho client for tests that act as a device or an attacker on the broker: the
// CONNACK code, the SUBACK codes and what arrives, with no retries of its own.
#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <mqtt/async_client.h>

namespace spk::test {

class BrokerClient
{
public:
    BrokerClient(const QString &url, const QString &clientId);
    ~BrokerClient();
    // 0 = accepted; 4/5 = refused (bad credentials / not authorised); -1 = no answer.
    int connect(const QString &username, const QString &password);
    // The granted QoS, or 0x80 when the broker refused the subscription.
    int subscribe(const QString &filter);
    void publish(const QString &topic, const QByteArray &payload);
    // Topics received within ms.
    QStringList receive(int ms);
    // (topic, payload) received within ms; stops early once `count` messages arrived (0 = no limit).
    QList<QPair<QString, QByteArray>> receiveMessages(int ms, int count = 0);
    bool isConnected() const { return client_.is_connected(); }

private:
    mqtt::async_client client_;
};

} // namespace spk::test
