// The fleet table: live status applied in place, coalesced, counted, filtered and sorted.
#include "console/models/device_filter_model.h"
#include "console/models/device_table_model.h"

#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using spk::client::Device;
using spk::console::DeviceFilterModel;
using spk::console::DeviceTableModel;

namespace {
Device makeDevice(const QString &id, bool online, int battery, int volume = 50)
{
    Device d;
    d.id = id;
    d.name = QStringLiteral("Speaker ") + id;
    d.ownerId = 7;
    d.online = online;
    d.battery = battery;
    d.applied.volume = volume;
    d.temperature = 30.0;
    d.firmware = QStringLiteral("1.0.0");
    return d;
}

QList<Device> threeDevices()
{
    return {makeDevice(QStringLiteral("dev-a"), true, 80), makeDevice(QStringLiteral("dev-b"), false, 9),
            makeDevice(QStringLiteral("dev-c"), true, 100)};
}
} // namespace

class TestDeviceModel : public QObject
{
    Q_OBJECT
private slots:
    void loadsDevicesAndCounts()
    {
        DeviceTableModel model;
        QSignalSpy counts(&model, &DeviceTableModel::countsChanged);
        model.setDevices(threeDevices());
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), int(DeviceTableModel::ColumnCount));
        QCOMPARE(model.onlineCount(), 2);
        QCOMPARE(model.offlineCount(), 1);
        QCOMPARE(counts.count(), 1);
        QCOMPARE(model.data(model.index(1, DeviceTableModel::Battery)).toString(), QStringLiteral("9 %"));
        QCOMPARE(model.data(model.index(1, DeviceTableModel::Online)).toString(), QStringLiteral("Offline"));
        QCOMPARE(model.data(model.index(0, DeviceTableModel::LastSeen)).toString(), QStringLiteral("never"));
    }

    void duplicateIdsKeepLastCopy()
    {
        DeviceTableModel model;
        model.setDevices(
            {makeDevice(QStringLiteral("x"), false, 1), makeDevice(QStringLiteral("x"), true, 2)});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.device(QStringLiteral("x"))->battery.value(), 2);
        QCOMPARE(model.onlineCount(), 1);
    }

    void statusUpdateChangesOnlyItsCells()
    {
        DeviceTableModel model;
        model.setFlushInterval(0);
        model.setDevices(threeDevices());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.queueStatus(QStringLiteral("dev-b"), QJsonObject{{"battery", 55}});
        QCOMPARE(changed.count(), 0); // nothing before the flush
        QCOMPARE(model.flushPending(), 1);
        QCOMPARE(changed.count(), 1);
        const QModelIndex from = changed.at(0).at(0).toModelIndex();
        const QModelIndex to = changed.at(0).at(1).toModelIndex();
        QCOMPARE(from.row(), 1);
        QCOMPARE(to.row(), 1);
        QCOMPARE(from.column(), int(DeviceTableModel::Battery));
        QCOMPARE(to.column(), int(DeviceTableModel::Battery)); // offline device: last seen untouched
        QCOMPARE(model.data(model.index(1, DeviceTableModel::Battery)).toString(), QStringLiteral("55 %"));
    }

    void unchangedStatusEmitsNothing()
    {
        DeviceTableModel model;
        model.setFlushInterval(0);
        model.setDevices({makeDevice(QStringLiteral("dev-b"), false, 9)});
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.queueStatus(QStringLiteral("dev-b"), QJsonObject{{"battery", 9}, {"online", false}});
        QCOMPARE(model.flushPending(), 0);
        QCOMPARE(changed.count(), 0);
    }

    void updatesAreCoalescedPerDevice()
    {
        DeviceTableModel model;
        model.setFlushInterval(0);
        model.setDevices(threeDevices());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy counts(&model, &DeviceTableModel::countsChanged);
        model.queueStatus(QStringLiteral("dev-b"), QJsonObject{{"online", true}, {"battery", 20}});
        model.queueStatus(QStringLiteral("dev-b"), QJsonObject{{"battery", 21}});
        model.queueStatus(QStringLiteral("dev-a"), QJsonObject{{"online", false}});
        QCOMPARE(model.pendingCount(), 2);
        QCOMPARE(model.flushPending(), 2);
        QCOMPARE(changed.count(), 2);
        QCOMPARE(counts.count(), 1);
        QCOMPARE(model.device(QStringLiteral("dev-b"))->battery.value(), 21);
        QVERIFY(model.device(QStringLiteral("dev-b"))->online);
        QVERIFY(model.device(QStringLiteral("dev-b"))->lastSeen.isValid()); // it spoke: seen now
        QVERIFY(!model.device(QStringLiteral("dev-a"))->online);
        QCOMPARE(model.onlineCount(), 2);
        QCOMPARE(model.offlineCount(), 1);
    }

    void timerFlushesAutomatically()
    {
        DeviceTableModel model;
        model.setFlushInterval(10);
        model.setDevices(threeDevices());
        QSignalSpy updated(&model, &DeviceTableModel::devicesUpdated);
        model.queueStatus(QStringLiteral("dev-c"), QJsonObject{{"volume", 12}});
        QVERIFY(updated.wait(2000));
        QCOMPARE(updated.at(0).at(0).toStringList(), QStringList{QStringLiteral("dev-c")});
        QCOMPARE(model.device(QStringLiteral("dev-c"))->applied.volume.value(), 12);
    }

    void unknownDeviceGetsARow()
    {
        DeviceTableModel model;
        model.setFlushInterval(0);
        model.setDevices(threeDevices());
        QSignalSpy unknown(&model, &DeviceTableModel::unknownDeviceSeen);
        model.queueStatus(QStringLiteral("dev-new"), QJsonObject{{"online", true}, {"firmware", "2.0.0"}});
        model.flushPending();
        QCOMPARE(unknown.count(), 1);
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.rowOf(QStringLiteral("dev-new")), 3);
        QCOMPARE(model.device(QStringLiteral("dev-new"))->firmware, QStringLiteral("2.0.0"));
        QCOMPARE(model.onlineCount(), 3);
    }

    void badStatusFieldsAreIgnored()
    {
        DeviceTableModel model;
        model.setFlushInterval(0);
        model.setDevices(threeDevices());
        model.queueStatus(QStringLiteral("dev-a"),
                          QJsonObject{{"battery", "lots"}, {"temperature", QJsonValue()}});
        model.queueStatus(QString(), QJsonObject{{"online", true}});
        model.flushPending();
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.device(QStringLiteral("dev-a"))->battery.value(), 80);
        QCOMPARE(*model.device(QStringLiteral("dev-a"))->temperature, 30.0);
    }

    void removeKeepsIndexConsistent()
    {
        DeviceTableModel model;
        model.setFlushInterval(0);
        model.setDevices(threeDevices());
        model.removeDevice(QStringLiteral("dev-a"));
        QCOMPARE(model.rowOf(QStringLiteral("dev-c")), 1);
        model.queueStatus(QStringLiteral("dev-c"), QJsonObject{{"battery", 1}});
        model.flushPending();
        QCOMPARE(model.data(model.index(1, DeviceTableModel::Battery)).toString(), QStringLiteral("1 %"));
        QCOMPARE(model.onlineCount(), 1);
    }

    void filterByTextAndOnline()
    {
        DeviceTableModel model;
        model.setFlushInterval(0);
        model.setDevices(threeDevices());
        DeviceFilterModel proxy;
        proxy.setResortInterval(0);
        proxy.setSourceModel(&model);
        QCOMPARE(proxy.rowCount(), 3);
        proxy.setText(QStringLiteral("DEV-B"));
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setText({});
        proxy.setOnlineFilter(DeviceFilterModel::OnlineFilter::OnlineOnly);
        QCOMPARE(proxy.rowCount(), 2);
        // A live change moves a device in or out of the filtered view.
        model.queueStatus(QStringLiteral("dev-b"), QJsonObject{{"online", true}});
        model.flushPending();
        QCOMPARE(proxy.rowCount(), 3);
        proxy.setOnlineFilter(DeviceFilterModel::OnlineFilter::OfflineOnly);
        QCOMPARE(proxy.rowCount(), 0);
    }

    void sortsNumbersAsNumbers()
    {
        DeviceTableModel model;
        model.setFlushInterval(0);
        model.setDevices(threeDevices());
        DeviceFilterModel proxy;
        proxy.setResortInterval(0);
        proxy.setSourceModel(&model);
        proxy.sort(DeviceTableModel::Battery, Qt::AscendingOrder);
        auto idAt = [&](int row) { return proxy.data(proxy.index(row, DeviceTableModel::Id)).toString(); };
        QCOMPARE(idAt(0), QStringLiteral("dev-b")); // 9 % before 80 % before 100 %
        QCOMPARE(idAt(2), QStringLiteral("dev-c"));
        // The sort follows live updates.
        model.queueStatus(QStringLiteral("dev-c"), QJsonObject{{"battery", 1}});
        model.flushPending();
        QCOMPARE(idAt(0), QStringLiteral("dev-c"));
    }

    void deferredResortShowsValuesAtOnceAndOrderLater()
    {
        DeviceTableModel model;
        model.setFlushInterval(0);
        model.setDevices(threeDevices());
        DeviceFilterModel proxy;
        proxy.setResortInterval(20);
        proxy.setSourceModel(&model);
        proxy.sort(DeviceTableModel::Battery, Qt::AscendingOrder);
        auto idAt = [&](int row) { return proxy.data(proxy.index(row, DeviceTableModel::Id)).toString(); };
        QCOMPARE(idAt(2), QStringLiteral("dev-c"));
        model.queueStatus(QStringLiteral("dev-c"), QJsonObject{{"battery", 1}});
        model.flushPending();
        // The value is visible at once, in the old position...
        QCOMPARE(proxy.data(proxy.index(2, DeviceTableModel::Battery)).toString(), QStringLiteral("1 %"));
        QVERIFY(proxy.resortPending());
        // ...and the row moves when the re-sort runs.
        QTRY_COMPARE_WITH_TIMEOUT(idAt(0), QStringLiteral("dev-c"), 2000);
        QVERIFY(!proxy.resortPending());
        // A change of a column that neither sorts nor filters schedules nothing.
        model.queueStatus(QStringLiteral("dev-a"), QJsonObject{{"firmware", "9.9.9"}});
        model.flushPending();
        QVERIFY(!proxy.resortPending());
    }
};

QTEST_MAIN(TestDeviceModel)
#include "tst_device_model.moc"
