#include "voice_device.h"

#include "shared/media/opus_frame_decoder.h"
#include "shared/media/opus_frame_encoder.h"
#include "shared/media/session_key.h"
#include "shared/media/udp_packet.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

namespace spk::test {

VoiceDevice::VoiceDevice(QString id, QString secret, QObject *parent)
    : QObject(parent), id_(std::move(id)), secret_(std::move(secret))
{
    clock_.start();
    decoder_ = std::make_unique<spk::media::OpusFrameDecoder>();
    udp_.bind(QHostAddress::LocalHost, 0);
}

VoiceDevice::~VoiceDevice()
{
    if (mqtt_)
        mqtt_->stop();
}

bool VoiceDevice::connectMqtt(const QString &url)
{
    spk::server::MqttClient::Options o;
    o.url = url;
    o.clientId = id_;
    o.cleanSession = false;
    o.username = id_; // protocol.md §7: client id = username = device id, password = its secret
    o.password = secret_;
    mqtt_ = std::make_unique<spk::server::MqttClient>(o);
    connect(mqtt_.get(), &spk::server::MqttClient::messageReceived, this,
            [this](const QString &topic, const QByteArray &payload) {
                const QString prefix = QStringLiteral("device/%1/").arg(id_);
                if (!topic.startsWith(prefix))
                    return;
                received_.append(
                    {topic.mid(prefix.size()), QJsonDocument::fromJson(payload).object(), clock_.elapsed()});
            });
    QSignalSpy connected(mqtt_.get(), &spk::server::MqttClient::connected);
    mqtt_->start();
    if (!connected.wait(5000))
        return false;
    mqtt_->subscribe(QStringLiteral("device/%1/#").arg(id_), 1);
    waitFor([] { return false; }, 200); // let the SUBACK arrive before the test publishes
    return true;
}

void VoiceDevice::publish(const QString &suffix, const QByteArray &payload)
{
    mqtt_->publish(QStringLiteral("device/%1/%2").arg(id_, suffix), payload, 1, false);
}

QJsonObject VoiceDevice::wake(const QString &sessionId, qint64 *ackMs)
{
    const qint64 sentAt = clock_.elapsed();
    publish(QStringLiteral("wake"),
            QJsonDocument(QJsonObject{{"session_id", sessionId}}).toJson(QJsonDocument::Compact));
    QJsonObject ack;
    waitFor(
        [&] {
            for (const Received &r : received_)
                if (r.kind == QLatin1String("wake/ack") &&
                    r.message.value("session_id").toString() == sessionId && r.atMs >= sentAt) {
                    ack = r.message;
                    if (ackMs)
                        *ackMs = r.atMs - sentAt;
                    return true;
                }
            return false;
        },
        5000);
    return ack;
}

bool VoiceDevice::openAudio(const QString &wsUrl, const QByteArray &secretOverride)
{
    ws_ = std::make_unique<QWebSocket>();
    connect(ws_.get(), &QWebSocket::textMessageReceived, this, &VoiceDevice::onAudioMessage);
    QNetworkRequest req{QUrl(wsUrl)};
    req.setRawHeader("Authorization",
                     "Bearer " + (secretOverride.isEmpty() ? secret_.toUtf8() : secretOverride));
    req.setRawHeader("X-Device-Id", id_.toUtf8());
    QSignalSpy connected(ws_.get(), &QWebSocket::connected);
    QSignalSpy disconnected(ws_.get(), &QWebSocket::disconnected);
    ws_->open(req);
    waitFor([&] { return connected.size() > 0 || disconnected.size() > 0; }, 5000);
    return connected.size() > 0;
}

bool VoiceDevice::audioOpen() const
{
    return ws_ && ws_->state() == QAbstractSocket::ConnectedState;
}

void VoiceDevice::closeAudio()
{
    if (ws_)
        ws_->close();
}

void VoiceDevice::onAudioMessage(const QString &text)
{
    const QJsonObject m = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = m.value("type").toString();
    received_.append({type, m, clock_.elapsed()});
    if (type == QLatin1String("audio_frame")) {
        if (decoder_->decode(QByteArray::fromBase64(m.value("data").toString().toLatin1())).size() == 320)
            ++decodedFrames_;
        if (closeOnFirstFrame_) {
            closeOnFirstFrame_ = false;
            ws_->abort(); // no close handshake: as a device losing its network
        }
    }
}

qint64 VoiceDevice::speak(const QJsonObject &ack, const QByteArray &pcm16k)
{
    const QJsonObject udp = ack.value("udp").toObject();
    const auto key = spk::media::sessionKeyFromBase64(udp.value("key").toString().toStdString());
    if (!key)
        return -1;
    const quint32 ssrc = quint32(udp.value("ssrc").toDouble());
    const QHostAddress host(udp.value("host").toString());
    const quint16 port = quint16(udp.value("port").toInt());
    spk::media::OpusFrameEncoder encoder;
    const int frames = int(pcm16k.size() / 2 / 320);
    int seq = 0;
    QEventLoop loop;
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    QObject::connect(&timer, &QTimer::timeout, &loop, [&] {
        const auto *samples = reinterpret_cast<const std::int16_t *>(pcm16k.constData()) + seq * 320;
        const QByteArray opus = encoder.encode(samples, 320);
        spk::media::UdpHeader h;
        h.ssrc = ssrc;
        h.seq = std::uint32_t(seq);
        h.timestamp = std::uint32_t(seq * 20);
        h.flags = seq == frames - 1 ? spk::media::kUdpFlagEndOfSpeech : 0;
        const auto packet =
            spk::media::encodePacket(h, std::vector<std::uint8_t>(opus.begin(), opus.end()), *key);
        const bool lost = lossEvery_ > 0 && seq % lossEvery_ == 1 && seq != frames - 1;
        if (!lost)
            udp_.writeDatagram(reinterpret_cast<const char *>(packet.datagram.data()),
                               qint64(packet.datagram.size()), host, port);
        if (++seq >= frames)
            loop.quit();
    });
    timer.start(20);
    loop.exec();
    return clock_.elapsed();
}

void VoiceDevice::sendDatagram(const QByteArray &datagram, quint16 port)
{
    udp_.writeDatagram(datagram, QHostAddress::LocalHost, port);
}

void VoiceDevice::endSession(const QString &sessionId)
{
    publish(QStringLiteral("session_end"),
            QJsonDocument(QJsonObject{{"session_id", sessionId}}).toJson(QJsonDocument::Compact));
}

QList<VoiceDevice::Received> VoiceDevice::received(const QString &kind) const
{
    QList<Received> out;
    for (const Received &r : received_)
        if (r.kind == kind)
            out.append(r);
    return out;
}

bool VoiceDevice::waitFor(const std::function<bool()> &condition, int timeoutMs)
{
    // An event loop, not QTest::qWait: qWait sleeps between polls, and the server runs on this same
    // thread, so sleeping would add up to 10 ms to every latency measured here.
    QElapsedTimer t;
    t.start();
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (condition() || t.elapsed() > timeoutMs)
            loop.quit();
    });
    poll.start(2);
    if (!condition())
        loop.exec();
    return condition();
}

} // namespace spk::test
