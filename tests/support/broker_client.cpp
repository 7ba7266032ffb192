#include "tests/support/broker_client.h"

#include <QDeadlineTimer>

namespace spk::test {

BrokerClient::BrokerClient(const QString &url, const QString &clientId)
    : client_(url.toStdString(), clientId.toStdString(), 0, nullptr)
{
    client_.start_consuming();
}

BrokerClient::~BrokerClient()
{
    try {
        if (client_.is_connected())
            client_.disconnect()->wait_for(std::chrono::seconds(2));
    } catch (const mqtt::exception &) {
    }
}

int BrokerClient::connect(const QString &username, const QString &password)
{
    mqtt::connect_options o;
    o.set_clean_session(true);
    o.set_connect_timeout(5);
    if (!username.isNull())
        o.set_user_name(username.toStdString());
    if (!password.isNull())
        o.set_password(password.toStdString());
    try {
        client_.connect(o)->wait_for(std::chrono::seconds(6));
        return client_.is_connected() ? 0 : -1;
    } catch (const mqtt::exception &e) {
        return e.get_return_code() == 0 ? -1 : e.get_return_code();
    }
}

int BrokerClient::subscribe(const QString &filter)
{
    try {
        auto token = client_.subscribe(filter.toStdString(), 1);
        token->wait_for(std::chrono::seconds(5));
        const auto codes = token->get_subscribe_response().get_reason_codes();
        return codes.empty() ? -1 : int(codes.front());
    } catch (const mqtt::exception &) {
        return 0x80; // Paho reports a 0x80 SUBACK as a failed token
    }
}

void BrokerClient::publish(const QString &topic, const QByteArray &payload)
{
    try {
        client_.publish(topic.toStdString(), payload.constData(), size_t(payload.size()), 1, false)
            ->wait_for(std::chrono::seconds(5));
    } catch (const mqtt::exception &) {
    }
}

QStringList BrokerClient::receive(int ms)
{
    QStringList out;
    for (const auto &m : receiveMessages(ms))
        out << m.first;
    return out;
}

QList<QPair<QString, QByteArray>> BrokerClient::receiveMessages(int ms, int count)
{
    QList<QPair<QString, QByteArray>> out;
    const QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired() && (count == 0 || out.size() < count)) {
        mqtt::const_message_ptr m;
        if (client_.try_consume_message_for(&m, std::chrono::milliseconds(20)) && m) {
            const std::string payload = m->get_payload_str();
            out.append({QString::fromStdString(m->get_topic()),
                        QByteArray(payload.data(), qsizetype(payload.size()))});
        }
    }
    return out;
}

} // namespace spk::test
