#include "bench/voice/conversation_device.h"

#include "shared/media/session_key.h"

#include <QJsonDocument>
#include <QNetworkRequest>

namespace spk::bench {

ConversationDevice::ConversationDevice(BenchDevice device, const QString &brokerUrl, const QString &wsUrl,
                                       UplinkPacer &pacer, const QElapsedTimer &clock, QObject *parent)
    : QObject(parent), device_(std::move(device)), wsUrl_(wsUrl), pacer_(pacer), clock_(clock)
{
    spk::server::MqttClient::Options o;
    o.url = brokerUrl;
    o.clientId = device_.id;
    o.cleanSession = false;
    o.username = device_.id; // protocol.md §7: the broker wants the device's id and secret
    o.password = device_.secret;
    mqtt_ = std::make_unique<spk::server::MqttClient>(o);
    connect(mqtt_.get(), &spk::server::MqttClient::messageReceived, this, &ConversationDevice::onMqtt);
    connect(mqtt_.get(), &spk::server::MqttClient::connected, this, [this] { subscribed_ = true; });
    connect(&ws_, &QWebSocket::textMessageReceived, this, &ConversationDevice::onWsText);
    // protocol.md §5: the device pings every 30 s, or the server drops it after 60 s.
    ping_.setInterval(20000);
    connect(&ping_, &QTimer::timeout, this, [this] { ws_.ping(); });
    deadline_.setSingleShot(true);
    connect(&deadline_, &QTimer::timeout, this, [this] { complete(false, QStringLiteral("timeout")); });
}

ConversationDevice::~ConversationDevice()
{
    ws_.abort();
    mqtt_->stop();
}

void ConversationDevice::connectAll()
{
    mqtt_->subscribe(QStringLiteral("device/%1/#").arg(device_.id), 1);
    mqtt_->start();
    QNetworkRequest req{QUrl(wsUrl_)};
    req.setRawHeader("Authorization", "Bearer " + device_.secret.toUtf8());
    req.setRawHeader("X-Device-Id", device_.id.toUtf8());
    ws_.open(req);
    ping_.start();
}

bool ConversationDevice::ready() const
{
    return subscribed_ && mqtt_->isConnected() && ws_.state() == QAbstractSocket::ConnectedState;
}

void ConversationDevice::converse(const QString &sessionId, int timeoutMs)
{
    session_ = sessionId;
    result_ = {};
    acked_ = false;
    eosAt_ = -1;
    wakeAt_ = now();
    deadline_.start(timeoutMs);
    mqtt_->publish(QStringLiteral("device/%1/wake").arg(device_.id),
                   QJsonDocument(QJsonObject{{"session_id", sessionId}}).toJson(QJsonDocument::Compact), 1,
                   false);
}

void ConversationDevice::onMqtt(const QString &topic, const QByteArray &payload)
{
    const QString prefix = QStringLiteral("device/%1/").arg(device_.id);
    if (session_.isEmpty() || !topic.startsWith(prefix))
        return;
    const QString kind = topic.mid(prefix.size());
    const QJsonObject m = QJsonDocument::fromJson(payload).object();
    if (m.value("session_id").toString() != session_)
        return;
    if (kind == QLatin1String("wake/ack") && !acked_) {
        onWakeAck(m);
    } else if (kind == QLatin1String("transcript") && m.value("is_final").toBool() && result_.finalMs < 0 &&
               eosAt_ >= 0) {
        result_.finalMs = now() - eosAt_;
    } else if (kind == QLatin1String("play")) {
        complete(false, QStringLiteral("fallback")); // the reply did not come over the WebSocket
    }
}

void ConversationDevice::onWakeAck(const QJsonObject &ack)
{
    acked_ = true;
    result_.wakeAckMs = now() - wakeAt_;
    const QJsonObject udp = ack.value("udp").toObject();
    const auto key = spk::media::sessionKeyFromBase64(udp.value("key").toString().toStdString());
    if (!key)
        return complete(false, QStringLiteral("bad_wake_ack"));
    UplinkPacer::Target t;
    t.host = QHostAddress(udp.value("host").toString());
    t.port = quint16(udp.value("port").toInt());
    t.ssrc = quint32(udp.value("ssrc").toDouble());
    t.key = *key;
    const QString session = session_;
    const bool started = pacer_.start(t, false, [this, session] {
        if (session_ == session)
            eosAt_ = now();
    });
    if (!started)
        complete(false, QStringLiteral("duplicate_ssrc"));
}

void ConversationDevice::onWsText(const QString &text)
{
    if (session_.isEmpty())
        return;
    const QJsonObject m = QJsonDocument::fromJson(text.toUtf8()).object();
    if (m.value("session_id").toString() != session_)
        return;
    const QString type = m.value("type").toString();
    if (type == QLatin1String("audio_frame")) {
        if (++result_.framesReceived == 1) {
            if (eosAt_ >= 0)
                result_.firstFrameMs = now() - eosAt_;
            else
                result_.replyBeforeEndFlag = true;
        }
    } else if (type == QLatin1String("play_end")) {
        result_.totalMs = now() - wakeAt_;
        complete(result_.framesReceived > 0,
                 result_.framesReceived > 0 ? QString() : QStringLiteral("no_frames"));
    }
}

void ConversationDevice::complete(bool ok, const QString &failure)
{
    if (session_.isEmpty())
        return;
    deadline_.stop();
    if (!acked_ && failure == QLatin1String("timeout"))
        result_.failure = QStringLiteral("no_wake_ack");
    else
        result_.failure = failure;
    result_.ok = ok;
    // session_end also after a failure: the device is done with this conversation either way.
    mqtt_->publish(QStringLiteral("device/%1/session_end").arg(device_.id),
                   QJsonDocument(QJsonObject{{"session_id", session_}}).toJson(QJsonDocument::Compact), 1,
                   false);
    session_.clear();
    emit finished(result_);
}

} // namespace spk::bench
