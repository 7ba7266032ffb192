// Prometheus registry: the rendered text is parsed back line by line and checked against the format.
#include "server/core/metrics.h"

#include <QRegularExpression>
#include <QtTest>
#include <cmath>
#include <thread>

using namespace spk::server;

namespace {

struct Exposition
{
    QMap<QString, QString> help, type; // family -> text
    QMap<QString, QString> samples;    // "name{labels}" -> value
    QStringList order;                 // sample keys in output order
    QString error;                     // first format violation
};

// A strict reader for the subset of text format 0.0.4 we emit.
Exposition parse(const QByteArray &text)
{
    Exposition e;
    static const QRegularExpression sampleRe(QStringLiteral(
        R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*")*)\})? (\S+)$)"));
    static const QRegularExpression metaRe(
        QStringLiteral(R"(^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$)"));
    if (!text.isEmpty() && !text.endsWith('\n'))
        e.error = QStringLiteral("no final newline");
    QString lastTyped;
    for (const QByteArray &raw : text.split('\n')) {
        const QString line = QString::fromUtf8(raw);
        if (line.isEmpty())
            continue;
        if (line.startsWith(QLatin1Char('#'))) {
            const auto m = metaRe.match(line);
            if (!m.hasMatch()) {
                e.error = QStringLiteral("bad comment: ") + line;
                break;
            }
            (m.captured(1) == QLatin1String("HELP") ? e.help : e.type)[m.captured(2)] = m.captured(3);
            if (m.captured(1) == QLatin1String("TYPE"))
                lastTyped = m.captured(2);
            continue;
        }
        const auto m = sampleRe.match(line);
        if (!m.hasMatch()) {
            e.error = QStringLiteral("bad sample: ") + line;
            break;
        }
        const QString name = m.captured(1);
        if (name != lastTyped &&
            !(name.startsWith(lastTyped) && e.type[lastTyped] == QLatin1String("histogram"))) {
            e.error = QStringLiteral("sample outside its family: ") + line;
            break;
        }
        bool ok = false;
        const QString value = m.captured(4);
        value.toDouble(&ok);
        if (!ok && value != QLatin1String("+Inf") && value != QLatin1String("-Inf") &&
            value != QLatin1String("NaN")) {
            e.error = QStringLiteral("bad value: ") + line;
            break;
        }
        const QString key = name + QLatin1Char('{') + m.captured(3) + QLatin1Char('}');
        e.samples[key] = value;
        e.order << key;
    }
    return e;
}

} // namespace

class TestMetrics : public QObject
{
    Q_OBJECT
private slots:
    void emptyRegistryRendersNothing() { QCOMPARE(Metrics().render(), QByteArray()); }

    void counterAndGauge()
    {
        Metrics m;
        Counter &c = m.counter(QStringLiteral("spk_logins_total"), QStringLiteral("Login attempts."),
                               QStringLiteral(R"(result="ok")"));
        c.inc();
        c.inc(2);
        c.inc(-5); // ignored: counters never go down
        m.counter(QStringLiteral("spk_logins_total"), QStringLiteral("Login attempts."),
                  QStringLiteral(R"(result="denied")"))
            .inc();
        QCOMPARE(&m.counter(QStringLiteral("spk_logins_total"), QString(), QStringLiteral(R"(result="ok")")),
                 &c);
        Gauge &g = m.gauge(QStringLiteral("spk_devices_online"), QStringLiteral("Devices online."));
        g.set(3);
        g.add(2.5);
        g.add(-1);

        const Exposition e = parse(m.render());
        QVERIFY2(e.error.isEmpty(), qPrintable(e.error));
        QCOMPARE(e.type.value(QStringLiteral("spk_logins_total")), QStringLiteral("counter"));
        QCOMPARE(e.help.value(QStringLiteral("spk_logins_total")), QStringLiteral("Login attempts."));
        QCOMPARE(e.samples.value(QStringLiteral(R"(spk_logins_total{result="ok"})")), QStringLiteral("3"));
        QCOMPARE(e.samples.value(QStringLiteral(R"(spk_logins_total{result="denied"})")),
                 QStringLiteral("1"));
        QCOMPARE(e.type.value(QStringLiteral("spk_devices_online")), QStringLiteral("gauge"));
        QCOMPARE(e.samples.value(QStringLiteral("spk_devices_online{}")), QStringLiteral("4.5"));
        QCOMPARE(e.samples.size(), 3);
    }

    void exactTextForOneCounter()
    {
        Metrics m;
        m.counter(QStringLiteral("a_total"), QStringLiteral("Line one\nback\\slash")).inc(7);
        QCOMPARE(m.render(),
                 QByteArray("# HELP a_total Line one\\nback\\\\slash\n# TYPE a_total counter\na_total 7\n"));
    }

    void histogram()
    {
        Metrics m;
        Histogram &h = m.histogram(QStringLiteral("spk_request_seconds"), QStringLiteral("Request latency."),
                                   {0.5, 0.1, 1, 0.1}, QStringLiteral(R"(route="login",method="POST")"));
        QCOMPARE(h.bounds(), (std::vector<double>{0.1, 0.5, 1}));
        for (double v : {0.05, 0.1, 0.2, 0.7, 3.0})
            h.observe(v);
        h.observe(std::nan(""));
        QCOMPARE(h.count(), 5);
        QCOMPARE(h.bucketCounts(), (std::vector<long long>{2, 1, 1, 1}));

        const Exposition e = parse(m.render());
        QVERIFY2(e.error.isEmpty(), qPrintable(e.error));
        QCOMPARE(e.type.value(QStringLiteral("spk_request_seconds")), QStringLiteral("histogram"));
        const QString labels = QStringLiteral(R"(route="login",method="POST")");
        auto bucket = [&](const char *le) {
            return e.samples.value(
                QStringLiteral("spk_request_seconds_bucket{%1,le=\"%2\"}").arg(labels, QLatin1String(le)),
                QStringLiteral("missing"));
        };
        QCOMPARE(bucket("0.1"), QStringLiteral("2")); // cumulative, le is inclusive
        QCOMPARE(bucket("0.5"), QStringLiteral("3"));
        QCOMPARE(bucket("1"), QStringLiteral("4"));
        QCOMPARE(bucket("+Inf"), QStringLiteral("5"));
        QCOMPARE(e.samples.value(QStringLiteral("spk_request_seconds_count{%1}").arg(labels)),
                 QStringLiteral("5"));
        QCOMPARE(e.samples.value(QStringLiteral("spk_request_seconds_sum{%1}").arg(labels)).toDouble(), 4.05);
        // Buckets in increasing le order, then _sum and _count.
        const QStringList names = e.order;
        QVERIFY(names.indexOf(QRegularExpression(QStringLiteral(".*le=\"\\+Inf\".*"))) <
                names.indexOf(QRegularExpression(QStringLiteral(".*_sum.*"))));
    }

    void histogramWithoutLabels()
    {
        Metrics m;
        m.histogram(QStringLiteral("h"), QStringLiteral("H."), {1}).observe(2);
        const Exposition e = parse(m.render());
        QVERIFY2(e.error.isEmpty(), qPrintable(e.error));
        QCOMPARE(e.samples.value(QStringLiteral("h_bucket{le=\"1\"}")), QStringLiteral("0"));
        QCOMPARE(e.samples.value(QStringLiteral("h_bucket{le=\"+Inf\"}")), QStringLiteral("1"));
        QCOMPARE(e.samples.value(QStringLiteral("h_count{}")), QStringLiteral("1"));
    }

    void declaredMetrics()
    {
        static constexpr MetricDef kDropped{"spk_x_dropped_total", MetricKind::Counter, "Dropped, by reason",
                                            "reason"};
        static constexpr MetricDef kOpen{"spk_x_open", MetricKind::Gauge, "Open things"};
        static constexpr MetricDef kLatency{
            "spk_x_ms", MetricKind::Histogram, "Latency, ms", nullptr, {10, 1, 5}};
        Metrics m;
        m.counter(kDropped, QStringLiteral("too_big")).inc(2);
        m.counter(kDropped, QStringLiteral("odd \"quoted\"\\")).inc();
        QCOMPARE(&m.counter(kDropped, QStringLiteral("too_big")),
                 &m.counter(QStringLiteral("spk_x_dropped_total"), QStringLiteral("Dropped, by reason"),
                            QStringLiteral(R"(reason="too_big")")));
        m.gauge(kOpen, QStringLiteral("ignored: no label")).set(3);
        QCOMPARE(m.histogram(kLatency).bounds(), (std::vector<double>{1, 5, 10}));
        m.histogram(kLatency).observe(4);

        const Exposition e = parse(m.render());
        QVERIFY2(e.error.isEmpty(), qPrintable(e.error));
        QCOMPARE(e.help.value(QStringLiteral("spk_x_dropped_total")), QStringLiteral("Dropped, by reason"));
        QCOMPARE(e.samples.value(QStringLiteral(R"(spk_x_dropped_total{reason="too_big"})")),
                 QStringLiteral("2"));
        QCOMPARE(e.samples.value(QStringLiteral("spk_x_dropped_total{reason=\"odd \\\"quoted\\\"\\\\\"}")),
                 QStringLiteral("1"));
        QCOMPARE(e.samples.value(QStringLiteral("spk_x_open{}")), QStringLiteral("3"));
        QCOMPARE(e.samples.value(QStringLiteral(R"(spk_x_ms_bucket{le="5"})")), QStringLiteral("1"));
    }

    void declaredMetricsWithSeveralLabels()
    {
        static constexpr MetricDef kRequests{"spk_x_requests_total", MetricKind::Counter, "Requests",
                                             "route,method,status"};
        static constexpr MetricDef kMs{
            "spk_x_request_ms", MetricKind::Histogram, "Request latency, ms", "route,method", {1, 10}};
        Metrics m;
        Counter &ok = m.counter(kRequests, QStringList{QStringLiteral("/api/devices/{id}"),
                                                       QStringLiteral("GET"), QStringLiteral("200")});
        ok.inc(3);
        QCOMPARE(&m.counter(kRequests, QStringList{QStringLiteral("/api/devices/{id}"), QStringLiteral("GET"),
                                                   QStringLiteral("200")}),
                 &ok);
        m.histogram(kMs, QStringList{QStringLiteral("/a\"b"), QStringLiteral("PUT")}).observe(5);
        // A wrong number of values is a programming error: a detached object, never rendered.
        m.counter(kRequests, QStringList{QStringLiteral("/x")}).inc();

        const QByteArray text = m.render();
        const Exposition e = parse(text);
        QVERIFY2(e.error.isEmpty(), qPrintable(e.error));
        QCOMPARE(e.samples.value(QStringLiteral(
                     R"(spk_x_requests_total{route="/api/devices/{id}",method="GET",status="200"})")),
                 QStringLiteral("3"));
        QCOMPARE(e.samples.value(
                     QStringLiteral("spk_x_request_ms_bucket{route=\"/a\\\"b\",method=\"PUT\",le=\"10\"}")),
                 QStringLiteral("1"));
        QVERIFY(!text.contains("/x"));
    }

    void familiesSortedAndDeclaredOnce()
    {
        Metrics m;
        m.gauge(QStringLiteral("zz"), QStringLiteral("Z."), QStringLiteral(R"(a="1")")).set(1);
        m.gauge(QStringLiteral("aa"), QStringLiteral("A.")).set(0.25);
        m.gauge(QStringLiteral("zz"), QStringLiteral("Z."), QStringLiteral(R"(a="2")")).set(-1e-9);
        const QByteArray text = m.render();
        QCOMPARE(text.count("# TYPE zz"), 1);
        QVERIFY(text.indexOf("# TYPE aa") < text.indexOf("# TYPE zz"));
        const Exposition e = parse(text);
        QVERIFY2(e.error.isEmpty(), qPrintable(e.error));
        QCOMPARE(e.samples.value(QStringLiteral("aa{}")), QStringLiteral("0.25"));
        QCOMPARE(e.samples.value(QStringLiteral("zz{a=\"2\"}")).toDouble(), -1e-9);
    }

    void specialGaugeValues()
    {
        Metrics m;
        m.gauge(QStringLiteral("inf"), QStringLiteral("I.")).set(INFINITY);
        m.gauge(QStringLiteral("nan"), QStringLiteral("N.")).set(NAN);
        const Exposition e = parse(m.render());
        QVERIFY2(e.error.isEmpty(), qPrintable(e.error));
        QCOMPARE(e.samples.value(QStringLiteral("inf{}")), QStringLiteral("+Inf"));
        QCOMPARE(e.samples.value(QStringLiteral("nan{}")), QStringLiteral("NaN"));
    }

    void misuseIsNotExported_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("labels");
        QTest::newRow("bad name") << QStringLiteral("9lives") << QString();
        QTest::newRow("name with dash") << QStringLiteral("a-b") << QString();
        QTest::newRow("unquoted label") << QStringLiteral("ok_name") << QStringLiteral("a=b");
        QTest::newRow("label injection")
            << QStringLiteral("ok_name") << QStringLiteral("a=\"1\"} 5\nevil{b=\"2\"");
        QTest::newRow("reserved le") << QStringLiteral("ok_name") << QStringLiteral(R"(le="1")");
        QTest::newRow("type clash") << QStringLiteral("taken") << QString();
    }
    void misuseIsNotExported()
    {
        QFETCH(QString, name);
        QFETCH(QString, labels);
        Metrics m;
        m.gauge(QStringLiteral("taken"), QStringLiteral("T.")).set(1);
        const QByteArray before = m.render();
        QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(QStringLiteral("not exported")));
        Counter &c = m.counter(name, QStringLiteral("X."), labels);
        c.inc(); // still usable
        QCOMPARE(c.value(), 1);
        QCOMPARE(m.render(), before);
    }

    void countersFromManyThreads()
    {
        Metrics m;
        Counter &c = m.counter(QStringLiteral("t_total"), QStringLiteral("T."));
        Histogram &h = m.histogram(QStringLiteral("t_seconds"), QStringLiteral("T."), {1});
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&] {
                for (int i = 0; i < 10000; ++i) {
                    c.inc();
                    h.observe(0.5);
                }
            });
        for (auto &t : threads)
            t.join();
        QCOMPARE(c.value(), 40000);
        QCOMPARE(h.count(), 40000);
        const Histogram::Snapshot s = h.snapshot();
        QCOMPARE(s.bucketCounts[0] + s.bucketCounts[1], s.count);
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
