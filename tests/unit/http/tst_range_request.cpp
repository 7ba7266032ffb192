// The Range header parser (RFC 9110 §14): which ranges are served, ignored or refused with 416.
#include "server/http/range_request.h"

#include <QTest>

using spk::server::parseRange;

class TestRangeRequest : public QObject
{
    Q_OBJECT

    // Returns "first-last", "whole" (ignored: serve 200) or "416".
    static QString outcome(const QByteArray &header, qint64 size)
    {
        bool unsatisfiable = true;
        const auto r = parseRange(header, size, &unsatisfiable);
        if (r)
            return QStringLiteral("%1-%2").arg(r->first).arg(r->last);
        return unsatisfiable ? QStringLiteral("416") : QStringLiteral("whole");
    }

private slots:
    void ranges_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<qint64>("size");
        QTest::addColumn<QString>("expected");
        QTest::newRow("closed") << QByteArray("bytes=0-99") << qint64(1000) << "0-99";
        QTest::newRow("open") << QByteArray("bytes=900-") << qint64(1000) << "900-999";
        QTest::newRow("last clamped") << QByteArray("bytes=10-5000") << qint64(1000) << "10-999";
        QTest::newRow("suffix") << QByteArray("bytes=-100") << qint64(1000) << "900-999";
        QTest::newRow("suffix longer than body") << QByteArray("bytes=-5000") << qint64(1000) << "0-999";
        // The review's case: an open range past the end answered 200 with the whole file.
        QTest::newRow("open past end") << QByteArray("bytes=99999999-") << qint64(1000) << "416";
        QTest::newRow("closed past end") << QByteArray("bytes=1000-1001") << qint64(1000) << "416";
        QTest::newRow("first too large for qint64")
            << QByteArray("bytes=99999999999999999999999-") << qint64(1000) << "416";
        QTest::newRow("last too large for qint64")
            << QByteArray("bytes=5-99999999999999999999999") << qint64(1000) << "5-999";
        QTest::newRow("suffix zero") << QByteArray("bytes=-0") << qint64(1000) << "416";
        QTest::newRow("empty body") << QByteArray("bytes=0-") << qint64(0) << "416";
        QTest::newRow("reversed: ignored") << QByteArray("bytes=50-10") << qint64(1000) << "whole";
        QTest::newRow("negative: ignored") << QByteArray("bytes=-5-10") << qint64(1000) << "whole";
        QTest::newRow("signs: ignored") << QByteArray("bytes=+5-10") << qint64(1000) << "whole";
        QTest::newRow("multi-range: ignored") << QByteArray("bytes=0-1,5-6") << qint64(1000) << "whole";
        QTest::newRow("other unit: ignored") << QByteArray("items=0-1") << qint64(1000) << "whole";
        QTest::newRow("garbage: ignored") << QByteArray("bytes=abc") << qint64(1000) << "whole";
    }
    void ranges()
    {
        QFETCH(QByteArray, header);
        QFETCH(qint64, size);
        QFETCH(QString, expected);
        QCOMPARE(outcome(header, size), expected);
    }
};

QTEST_GUILESS_MAIN(TestRangeRequest)
#include "tst_range_request.moc"
