// The config key table (shared/wire/device_config.h): every key is validated by its type and range,
// and parsing, JSON and merging follow the table.
#include "shared/protocol/device_messages.h"

#include <QJsonArray>
#include <QTest>

using namespace spk::proto;
using namespace spk::wire;

class TestDeviceConfigKeys : public QObject
{
    Q_OBJECT
private slots:
    void everyKeyIsValidatedByTypeAndRange()
    {
        QVERIFY(kConfigKeyCount >= 2);
        for (const ConfigKey &k : kConfigKeys) {
            const QString name = QLatin1String(k.name);
            QVERIFY2(!name.isEmpty() && QLatin1String(k.appliedColumn).size() > 0, k.name);
            QVERIFY2((k.integer != nullptr) != (k.boolean != nullptr), k.name); // exactly one field
            QString err;
            if (k.type == ConfigValueType::Boolean) {
                QVERIFY2(k.boolean, k.name);
                for (bool b : {false, true}) {
                    const auto c = parseDeviceConfig({{name, b}}, &err);
                    QVERIFY2(c, qPrintable(err));
                    QCOMPARE(k.get(*c), std::optional<int>(b ? 1 : 0));
                    QCOMPARE(toJson(*c), (QJsonObject{{name, b}}));
                }
                QVERIFY(!parseDeviceConfig({{name, 1}}, &err));
                QVERIFY(!parseDeviceConfig({{name, "true"}}, &err));
            } else {
                QVERIFY2(k.integer && k.min <= k.max, k.name);
                for (int v : {k.min, k.max}) {
                    const auto c = parseDeviceConfig({{name, v}}, &err);
                    QVERIFY2(c, qPrintable(err));
                    QCOMPARE(k.get(*c), std::optional<int>(v));
                    QCOMPARE(toJson(*c), (QJsonObject{{name, v}}));
                }
                QVERIFY(!parseDeviceConfig({{name, k.min - 1}}, &err));
                QVERIFY(err.contains(QStringLiteral("between %1 and %2").arg(k.min).arg(k.max)));
                QVERIFY(!parseDeviceConfig({{name, k.max + 1}}, &err));
                QVERIFY(!parseDeviceConfig({{name, k.min + 0.5}}, &err));
                QVERIFY(!parseDeviceConfig({{name, QString::number(k.min)}}, &err));
                QVERIFY(!parseDeviceConfig({{name, true}}, &err));
                DeviceConfig c;
                QVERIFY(!k.set(c, k.max + 1));
                QVERIFY(!k.get(c));
            }
            QVERIFY(!parseDeviceConfig({{name, QJsonValue::Null}}, &err));
            QVERIFY(!parseDeviceConfig({{name, QJsonArray{}}}, &err));
        }
    }
    void unknownAndEmptyNameTheKnownKeys()
    {
        QString err;
        QVERIFY(!parseDeviceConfig({{"bass", 3}}, &err));
        for (const ConfigKey &k : kConfigKeys)
            QVERIFY2(err.contains(QLatin1String(k.name)), qPrintable(err));
        QVERIFY(!parseDeviceConfig({}, &err));
        QVERIFY(err.contains(QStringLiteral("empty")));
    }
    void typedMerge()
    {
        DeviceConfig base;
        base.volume = 10;
        DeviceConfig patch;
        patch.muted = true;
        DeviceConfig merged = base.mergedWith(patch);
        QCOMPARE(merged.volume, std::optional<int>(10));
        QCOMPARE(merged.muted, std::optional<bool>(true));
        DeviceConfig second;
        second.volume = 70;
        second.muted = false;
        merged = merged.mergedWith(second);
        QCOMPARE(merged.volume, std::optional<int>(70));
        QCOMPARE(merged.muted, std::optional<bool>(false)); // false is a value, not "unset"
        QVERIFY(DeviceConfig().isEmpty());
        QVERIFY(!merged.isEmpty());
        QCOMPARE(merged.mergedWith(DeviceConfig()).volume, merged.volume); // an empty patch changes nothing
    }
    void lenientReadKeepsOnlyValidKnownKeys()
    {
        // What an ack reports: unknown keys and invalid values are ignored, valid ones kept.
        const DeviceConfig c = readConfigValues(
            {{"volume", "loud"}, {"muted", true}, {"equalizer", "bass"}, {"request_id", "x"}});
        QVERIFY(!c.volume);
        QCOMPARE(c.muted, std::optional<bool>(true));
        QCOMPARE(toJson(c), (QJsonObject{{"muted", true}}));
        QCOMPARE(readConfigValues({{"volume", 101}}).volume, std::nullopt);
        QCOMPARE(readConfigValues({{"volume", 55}}).volume, std::optional<int>(55));
    }
};

QTEST_APPLESS_MAIN(TestDeviceConfigKeys)
#include "tst_device_config_keys.moc"
