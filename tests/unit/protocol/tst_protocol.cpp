#include "shared/protocol/api_error.h"
#include "shared/protocol/device_messages.h"
#include "shared/protocol/ids.h"
#include "shared/protocol/topics.h"

#include <QJsonDocument>
#include <QtTest>

using namespace spk::proto;

class TestProtocol : public QObject
{
    Q_OBJECT
private slots:
    void topicsRoundTrip()
    {
        QCOMPARE(deviceTopic("dev123", DeviceTopic::ConfigAck), QString("device/dev123/config/ack"));
        QCOMPARE(allDevicesFilter(DeviceTopic::Status), QString("device/+/status"));
        const auto p = parseDeviceTopic("device/dev-1_a/reboot/ack");
        QCOMPARE(p.deviceId, QString("dev-1_a"));
        QCOMPARE(p.kind, DeviceTopic::RebootAck);
        QCOMPARE(parseDeviceTopic("device/a b/status").kind, DeviceTopic::Unknown);
        QCOMPARE(parseDeviceTopic("device/x/nope").kind, DeviceTopic::Unknown);
        QCOMPARE(parseDeviceTopic("other/x/status").kind, DeviceTopic::Unknown);
        QCOMPARE(parseDeviceTopic("device//status").kind, DeviceTopic::Unknown);
    }
    void ids()
    {
        QVERIFY(isValidDeviceId("abc-_09"));
        QVERIFY(!isValidDeviceId(""));
        QVERIFY(!isValidDeviceId(QString(65, 'a')));
        QVERIFY(isValidDeviceId(QString(64, 'a')));
        QVERIFY(!isValidDeviceId("a/b"));
        QVERIFY(!isValidDeviceId("a+"));
        QVERIFY(!isValidDeviceSessionId("s#1"));
    }
    void statusParsing()
    {
        QString err;
        auto s = parseDeviceStatus(
            R"({"online":true,"battery":85,"volume":80,"temperature":35.5,"firmware":"1.0.0"})", &err);
        QVERIFY2(s, qPrintable(err));
        QCOMPARE(*s->battery, 85);
        QCOMPARE(*s->temperature, 35.5);
        QVERIFY(parseDeviceStatus(R"({"online":false})", &err));
        QVERIFY(!parseDeviceStatus("{not json", &err));
        QVERIFY(err.contains("malformed"));
        QVERIFY(!parseDeviceStatus(R"({"battery":"85"})", &err));
        QVERIFY(!parseDeviceStatus(R"({"battery":101})", &err));
        QVERIFY(!parseDeviceStatus(R"({"battery":50.5})", &err));
        QVERIFY(!parseDeviceStatus(R"([1,2])", &err));
        QVERIFY(!parseDeviceStatus(R"({})", &err));
        QVERIFY(!parseDeviceStatus(QByteArray(70000, ' ') + "{}", &err));
    }
    void configParsing()
    {
        QString err;
        auto c = parseDeviceConfig(QJsonDocument::fromJson(R"({"volume":80})").object(), &err);
        QVERIFY(c);
        QCOMPARE(*c->volume, 80);
        QVERIFY(!parseDeviceConfig(QJsonDocument::fromJson(R"({"volume":150})").object(), &err));
        QVERIFY(err.contains("between 0 and 100"));
        QVERIFY(!parseDeviceConfig(QJsonDocument::fromJson(R"({"volume":"80"})").object(), &err));
        QVERIFY(!parseDeviceConfig(QJsonDocument::fromJson(R"({"volume":-1})").object(), &err));
        QVERIFY(!parseDeviceConfig(QJsonDocument::fromJson(R"({"bass":3})").object(), &err));
        QVERIFY(!parseDeviceConfig(QJsonObject(), &err));
        DeviceConfig base;
        base.volume = 10;
        base.muted = false;
        DeviceConfig patch;
        patch.volume = 90;
        const auto merged = base.mergedWith(patch);
        QCOMPARE(*merged.volume, 90);
        QCOMPARE(*merged.muted, false);
    }
    void acks()
    {
        QString err;
        QJsonObject rest;
        auto id = parseAck(R"({"request_id":"r-1","volume":80})", &rest, &err);
        QCOMPARE(*id, QString("r-1"));
        QCOMPARE(rest.value("volume").toInt(), 80);
        QVERIFY(!rest.contains("request_id"));
        QVERIFY(!parseAck(R"({"request_id":5})", &rest, &err));
        QVERIFY(!parseAck(R"({"request_id":"a b"})", &rest, &err));
        QVERIFY(isValidRequestId(newRequestId()));
        QCOMPARE(*parseSessionIdPayload(R"({"session_id":"s001"})", &err), QString("s001"));
        QVERIFY(!parseSessionIdPayload(R"({"session_id":""})", &err));
    }
    void errorEnvelope()
    {
        ApiError e{400, "invalid_input", "bad"};
        ApiError back;
        QVERIFY(ApiError::fromBody(e.toBody(), 400, &back));
        QCOMPARE(back.code, QString("invalid_input"));
        QVERIFY(!ApiError::fromBody("{}", 500, &back));
    }
};

QTEST_GUILESS_MAIN(TestProtocol)
#include "tst_protocol.moc"
