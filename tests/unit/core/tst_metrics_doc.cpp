// docs/metrics.md lists exactly the metrics the modules declare, with their type, label and help text.
#include "server/app/app_metrics.h"
#include "server/bridge/bridge_metrics.h"
#include "server/devices/devices_metrics.h"
#include "server/gateway/gateway_metrics.h"
#include "server/http/http_metrics.h"
#include "server/mqtt/mqtt_metrics.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QtTest>

using namespace spk::server;

namespace {

QString kindName(MetricKind kind)
{
    switch (kind) {
    case MetricKind::Counter:
        return QStringLiteral("counter");
    case MetricKind::Gauge:
        return QStringLiteral("gauge");
    case MetricKind::Histogram:
        return QStringLiteral("histogram");
    }
    return {};
}

// The row docs/metrics.md must have for a declaration.
QString rowFor(const MetricDef &def)
{
    // Several labels are listed as `a`, `b`.
    QStringList labels;
    if (def.label)
        for (const QString &name : QString::fromLatin1(def.label).split(QLatin1Char(',')))
            labels << QStringLiteral("`%1`").arg(name);
    const QString label = labels.join(QStringLiteral(", "));
    return QStringLiteral("| `%1` | %2 | %3 | %4 |")
        .arg(QLatin1String(def.name), kindName(def.kind), label, QString::fromUtf8(def.help))
        .replace(QStringLiteral("|  |"), QStringLiteral("| |"));
}

template <size_t N> void addAll(QList<const MetricDef *> *out, const MetricDef *const (&defs)[N])
{
    for (const MetricDef *d : defs)
        out->append(d);
}

} // namespace

class TestMetricsDoc : public QObject
{
    Q_OBJECT
private slots:
    void docListsEveryDeclaredMetric()
    {
        QList<const MetricDef *> declared;
        addAll(&declared, app_metrics::kAll);
        addAll(&declared, http_metrics::kAll);
        addAll(&declared, mqtt_metrics::kAll);
        addAll(&declared, devices_metrics::kAll);
        addAll(&declared, gateway_metrics::kAll);
        addAll(&declared, bridge_metrics::kAll);

        QFile doc(qEnvironmentVariable("SPK_SOURCE_DIR") + QStringLiteral("/docs/metrics.md"));
        QVERIFY2(doc.open(QIODevice::ReadOnly), qPrintable(doc.fileName()));
        QSet<QString> rows, documentedNames;
        static const QRegularExpression nameCell(QStringLiteral(R"(^\| `(spk_[a-z0-9_]+)` \|)"));
        for (const QByteArray &raw : doc.readAll().split('\n')) {
            const QString line = QString::fromUtf8(raw).trimmed();
            const auto m = nameCell.match(line);
            if (!m.hasMatch())
                continue;
            rows.insert(line);
            QVERIFY2(!documentedNames.contains(m.captured(1)), qPrintable("listed twice: " + m.captured(1)));
            documentedNames.insert(m.captured(1));
        }

        QSet<QString> declaredNames;
        for (const MetricDef *def : declared) {
            const QString name = QLatin1String(def->name);
            QVERIFY2(!declaredNames.contains(name), qPrintable("declared twice: " + name));
            declaredNames.insert(name);
            QVERIFY2(rows.contains(rowFor(*def)),
                     qPrintable("docs/metrics.md lacks the row " + rowFor(*def)));
        }
        for (const QString &name : documentedNames)
            QVERIFY2(declaredNames.contains(name), qPrintable("documented but not declared: " + name));
    }
};

QTEST_GUILESS_MAIN(TestMetricsDoc)
#include "tst_metrics_doc.moc"
