// AuditStore and RevokedTokenStore on every backend.
#include "server/storage/audit_store.h"
#include "tests/unit/storage/storage_test_db.h"

#include <QtTest>

using namespace spk::server;

class TestAuditStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data() { spk::server::testing::addBackendRows(); }

    void appendAndRead();
    void pagesNewestFirst();
    void refusesEmptyAction();
    void revokedTokens();
    void revokedTokensSurviveReopen();
};

void TestAuditStore::appendAndRead()
{
    SPK_OPEN_TEST_DB(t, true);
    AuditStore audit(*t->db);
    QVERIFY(audit.list(10).isEmpty());

    AuditRecord e;
    e.actorId = 7;
    e.actorName = QStringLiteral("alice");
    e.action = QStringLiteral("device.config");
    e.objectType = QStringLiteral("device");
    e.objectId = QStringLiteral("dev1");
    e.source = QStringLiteral("127.0.0.1");
    e.details = QJsonObject{{"volume", 80}, {"note", QStringLiteral("音量")}};
    qint64 id = 0;
    QVERIFY(audit.append(e, &id));
    QVERIFY(id > 0);

    AuditRecord system; // no actor, explicit time
    system.action = QStringLiteral("auth.login_failed");
    system.at = QDateTime::fromMSecsSinceEpoch(1700000000456, Qt::UTC);
    QVERIFY(audit.append(system));

    const auto list = audit.list(10);
    QCOMPARE(list.size(), 2);
    QCOMPARE(list[0].action, QStringLiteral("auth.login_failed"));
    QCOMPARE(list[0].at, system.at);
    QCOMPARE(list[0].actorId, 0);
    QVERIFY(list[0].actorName.isEmpty());
    QVERIFY(list[0].details.isEmpty());

    const AuditRecord &r = list[1];
    QCOMPARE(r.id, id);
    QCOMPARE(r.actorId, 7);
    QCOMPARE(r.actorName, QStringLiteral("alice"));
    QCOMPARE(r.objectType, QStringLiteral("device"));
    QCOMPARE(r.objectId, QStringLiteral("dev1"));
    QCOMPARE(r.source, QStringLiteral("127.0.0.1"));
    QCOMPARE(r.details, e.details);
    QVERIFY(qAbs(r.at.secsTo(QDateTime::currentDateTimeUtc())) < 600); // assigned "now"
    QCOMPARE(r.at.timeSpec(), Qt::UTC);
}

void TestAuditStore::pagesNewestFirst()
{
    SPK_OPEN_TEST_DB(t, true);
    AuditStore audit(*t->db);
    QList<qint64> ids;
    for (int i = 0; i < 25; ++i) {
        AuditRecord e;
        e.action = QStringLiteral("user.add");
        e.objectId = QString::number(i);
        qint64 id = 0;
        QVERIFY(audit.append(e, &id));
        ids << id;
    }
    QList<qint64> seen;
    qint64 before = 0;
    for (int page = 0; page < 10; ++page) {
        const auto entries = audit.list(10, before);
        if (entries.isEmpty())
            break;
        for (const auto &e : entries)
            seen << e.id;
        before = entries.constLast().id;
    }
    std::reverse(ids.begin(), ids.end());
    QCOMPARE(seen, ids);
    QCOMPARE(audit.list(10).first().objectId, QStringLiteral("24"));
    QCOMPARE(audit.list(0).size(), 1);       // clamped up
    QCOMPARE(audit.list(100000).size(), 25); // clamped down to 1000
    QVERIFY(audit.list(10, ids.constLast()).isEmpty());
}

void TestAuditStore::refusesEmptyAction()
{
    SPK_OPEN_TEST_DB(t, true);
    AuditStore audit(*t->db);
    QVERIFY(!audit.append(AuditRecord{}));
    QVERIFY(audit.list(10).isEmpty());
}

void TestAuditStore::revokedTokens()
{
    SPK_OPEN_TEST_DB(t, true);
    RevokedTokenStore revoked(*t->db);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(!revoked.isRevoked(QStringLiteral("j1")));
    QVERIFY(revoked.revoke(QStringLiteral("j1"), now.addSecs(3600)));
    QVERIFY(revoked.revoke(QStringLiteral("j1"), now.addSecs(3600))); // twice is fine
    QVERIFY(revoked.revoke(QStringLiteral("j2"), now.addSecs(60)));
    QVERIFY(revoked.revoke(QStringLiteral("old"), now.addSecs(-60)));
    QVERIFY(!revoked.revoke(QString(), now.addSecs(60)));
    QVERIFY(!revoked.revoke(QStringLiteral("j3"), QDateTime()));

    QVERIFY(revoked.isRevoked(QStringLiteral("j1")));
    QVERIFY(revoked.isRevoked(QStringLiteral("old"))); // until purged
    QVERIFY(!revoked.isRevoked(QStringLiteral("j3")));
    QCOMPARE(revoked.active(), (QStringList{QStringLiteral("j1"), QStringLiteral("j2")}));

    QCOMPARE(revoked.purgeExpired(), 1);
    QVERIFY(!revoked.isRevoked(QStringLiteral("old")));
    QCOMPARE(revoked.purgeExpired(), 0);
    QCOMPARE(revoked.active().size(), 2);
}

void TestAuditStore::revokedTokensSurviveReopen()
{
    SPK_OPEN_TEST_DB(t, true);
    QVERIFY(RevokedTokenStore(*t->db).revoke(QStringLiteral("jti-x"),
                                             QDateTime::currentDateTimeUtc().addSecs(600)));
    AuditRecord e;
    e.action = QStringLiteral("auth.logout");
    QVERIFY(AuditStore(*t->db).append(e));
    QString error;
    QVERIFY2(t->reopen(&error), qPrintable(error));
    QCOMPARE(RevokedTokenStore(*t->db).active(), QStringList{QStringLiteral("jti-x")});
    QCOMPARE(AuditStore(*t->db).list(5).size(), 1);
}

QTEST_GUILESS_MAIN(TestAuditStore)
#include "tst_audit_store.moc"
