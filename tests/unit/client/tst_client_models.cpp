// Typed REST objects: exact fields, tolerance for additions, missing and differently-typed values.
#include "shared/client/models.h"
#include "shared/client/queries.h"
#include "shared/protocol/api_error.h"

#include <QJsonDocument>
#include <QTest>

using namespace spk::client;

namespace {
QJsonObject obj(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}
} // namespace

class TestClientModels : public QObject
{
    Q_OBJECT
private slots:
    void deviceFull()
    {
        const Device d = Device::fromJson(obj(R"({"id":"kitchen-1","name":"厨房","owner_id":3,"online":true,
            "volume":80,"battery":85,"temperature":35.5,"firmware":"1.0.0","last_seen":"2024-05-01T12:00:03.250Z",
            "created_at":"2024-04-01T00:00:00Z","updated_at":"2024-05-01T12:00:03Z","config":{"volume":80},
            "config_pending":true,"future_field":{"x":1}})"));
        QCOMPARE(d.id, QStringLiteral("kitchen-1"));
        QCOMPARE(d.name, QStringLiteral("厨房"));
        QCOMPARE(d.ownerId, 3);
        QVERIFY(d.online);
        QCOMPARE(d.applied.volume, std::optional<int>(80));
        QCOMPARE(d.battery, std::optional<int>(85));
        QCOMPARE(d.temperature, std::optional<double>(35.5));
        QCOMPARE(d.firmware, QStringLiteral("1.0.0"));
        QCOMPARE(d.lastSeen, QDateTime(QDate(2024, 5, 1), QTime(12, 0, 3, 250), Qt::UTC));
        QCOMPARE(d.createdAt, QDateTime(QDate(2024, 4, 1), QTime(0, 0), Qt::UTC));
        QCOMPARE(d.config.value("volume").toInt(), 80);
        QVERIFY(d.configPending);
        QVERIFY(d.raw.contains("future_field"));
        QVERIFY(d.secret.isEmpty());
    }

    void deviceNullsAndOddTypes()
    {
        // never-seen device: nulls; owner id as a numeric string (tolerated)
        const Device d = Device::fromJson(obj(R"({"id":"d","owner_id":"7","online":false,"volume":null,
            "battery":null,"temperature":null,"firmware":null,"last_seen":null,"secret":"s3cr3t"})"));
        QCOMPARE(d.ownerId, 7);
        QVERIFY(!d.applied.volume);
        QVERIFY(!d.battery);
        QVERIFY(!d.temperature);
        QVERIFY(d.firmware.isEmpty());
        QVERIFY(!d.lastSeen.isValid());
        QCOMPARE(d.secret, QStringLiteral("s3cr3t"));
        const Device garbage = Device::fromJson(obj(R"({"last_seen":"yesterday","volume":"loud"})"));
        QVERIFY(!garbage.lastSeen.isValid());
        QVERIFY(!garbage.applied.volume);
    }

    void deviceList()
    {
        const auto list = Device::listFromJson(obj(R"({"devices":[{"id":"a"},42,{"id":"b"}]})"));
        QCOMPARE(list.size(), 2); // non-objects skipped
        QCOMPARE(list[1].id, QStringLiteral("b"));
        QVERIFY(Device::listFromJson(obj(R"({"nope":[]})")).isEmpty());
    }

    void userAndLogin()
    {
        const LoginResult r =
            LoginResult::fromJson(obj(R"({"token":"t.k.n","expires_at":"2030-01-01T00:00:00Z",
            "user":{"id":1,"username":"admin","role":"admin"}})"));
        QCOMPARE(r.token, QStringLiteral("t.k.n"));
        QCOMPARE(r.expiresAt.date().year(), 2030);
        QCOMPARE(r.user.id, 1);
        QCOMPARE(r.user.role, QStringLiteral("admin"));
        const auto users = User::listFromJson(obj(R"({"users":[{"id":2,"username":"小明","role":"user"}]})"));
        QCOMPARE(users.size(), 1);
        QCOMPARE(users[0].username, QStringLiteral("小明"));
    }

    void sessionDetail()
    {
        const Session s = Session::fromJson(obj(R"({"id":42,"device_id":"d1","device_session_id":"s001",
            "status":"completed","user_query":"what time is it","ai_response":"It is noon.","duration_ms":2300,
            "created_at":"2024-05-01T12:00:00Z","ended_at":"2024-05-01T12:00:02.300Z","failure_reason":null,
            "has_user_audio":true,"has_assistant_audio":false,
            "turns":[{"role":"user","text":"what time is it"},{"role":"assistant","text":"It is noon."}],
            "timings":{"tts_first_audio":900,"asr_final":400,"llm_first_token":650}})"));
        QCOMPARE(s.id, 42);
        QCOMPARE(s.deviceSessionId, QStringLiteral("s001"));
        QCOMPARE(s.status, QStringLiteral("completed"));
        QCOMPARE(s.durationMs, std::optional<qint64>(2300));
        QVERIFY(s.hasUserAudio);
        QVERIFY(!s.hasAssistantAudio);
        QCOMPARE(s.turns.size(), 2);
        QCOMPARE(s.turns[1].role, QStringLiteral("assistant"));
        QCOMPARE(s.turns[1].text, QStringLiteral("It is noon."));
        QCOMPARE(s.timings.size(), 3);
        QCOMPARE(s.timings[0].first, QStringLiteral("asr_final")); // ordered by time
        QCOMPARE(s.timings[2].second, 900);
    }

    void sessionPageCursor()
    {
        SessionPage p = SessionPage::fromJson(obj(R"({"sessions":[{"id":5},{"id":4}],"next":4})"));
        QCOMPARE(p.sessions.size(), 2);
        QCOMPARE(p.next, QStringLiteral("4"));
        p = SessionPage::fromJson(obj(R"({"sessions":[],"next":null})"));
        QVERIFY(p.next.isEmpty());
        p = SessionPage::fromJson(obj(R"({"sessions":[],"next":"opaque-cursor"})"));
        QCOMPARE(p.next, QStringLiteral("opaque-cursor"));
    }

    void auditEntries()
    {
        const auto list = AuditEntry::listFromJson(obj(R"({"entries":[{"id":9,"at":"2024-05-01T12:00:00Z",
            "actor_id":1,"actor":"admin","action":"device.config","object_type":"device","object_id":"d1",
            "source":"127.0.0.1","details":{"volume":80}},{"id":8,"actor_id":null,"actor":"",
            "action":"auth.login_failed"}]})"));
        QCOMPARE(list.size(), 2);
        QCOMPARE(list[0].action, QStringLiteral("device.config"));
        QCOMPARE(list[0].details.value("volume").toInt(), 80);
        QCOMPARE(list[0].at.time().hour(), 12);
        QCOMPARE(list[1].actorId, 0);
    }

    void errorEnvelope()
    {
        spk::proto::ApiError e;
        QVERIFY(spk::proto::ApiError::fromBody(R"({"error":{"code":"not_found","message":"no such device"}})",
                                               404, &e));
        QCOMPARE(e.code, QStringLiteral("not_found"));
        QCOMPARE(e.httpStatus, 404);
        // the 504 of config carries success:false next to the error
        QVERIFY(spk::proto::ApiError::fromBody(
            R"({"success":false,"error":{"code":"device_timeout","message":"no ack"}})", 504, &e));
        QCOMPARE(e.code, QStringLiteral("device_timeout"));
        QVERIFY(!spk::proto::ApiError::fromBody("<html>bad gateway</html>", 502, &e));
    }

    void queries()
    {
        SessionQuery q;
        QVERIFY(q.toUrlQuery().isEmpty());
        q.deviceId = "d1";
        q.status = "failed";
        q.limit = 10;
        q.before = "77";
        q.from = QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5), Qt::UTC);
        const QUrlQuery u = q.toUrlQuery();
        QCOMPARE(u.queryItemValue("device_id"), QStringLiteral("d1"));
        QCOMPARE(u.queryItemValue("status"), QStringLiteral("failed"));
        QCOMPARE(u.queryItemValue("limit"), QStringLiteral("10"));
        QCOMPARE(u.queryItemValue("before"), QStringLiteral("77"));
        QCOMPARE(u.queryItemValue("from"), QStringLiteral("2024-01-02T03:04:05Z"));
        QVERIFY(!u.hasQueryItem("to"));
        QCOMPARE(audioTrackName(AudioTrack::Assistant), QStringLiteral("assistant"));
    }
};

QTEST_GUILESS_MAIN(TestClientModels)
#include "tst_client_models.moc"
