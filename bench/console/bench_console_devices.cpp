// How the console's fleet table copes with a large fleet: fill it with N devices, then apply N live
// status updates (one per device, as 30 s of heartbeats from N devices), through the sorted/filtered
// proxy and a visible table view, the way the Devices page uses them. Prints times and memory.
#include "console/models/device_filter_model.h"
#include "console/models/device_table_model.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTableView>
#include <cstdio>

using spk::console::DeviceFilterModel;
using spk::console::DeviceTableModel;

namespace {
qint64 procStatusKb(const char *field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

QJsonObject randomStatus(QRandomGenerator &rng, bool flipOnline)
{
    QJsonObject o{{"battery", int(rng.bounded(101))},
                  {"volume", int(rng.bounded(101))},
                  {"temperature", 25.0 + rng.bounded(200) / 10.0},
                  {"firmware", "1.0.0"}};
    o.insert(QStringLiteral("online"), !flipOnline);
    return o;
}
} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const int n = argc > 1 ? qMax(1, atoi(argv[1])) : 10000;
    // model: the table model alone; proxy: + sorted filter proxy; view (default): + a visible table.
    const QByteArray mode = argc > 2 ? QByteArray(argv[2]) : QByteArray("view");
    QRandomGenerator rng(42);
    const qint64 rssStart = procStatusKb("VmRSS:");

    DeviceTableModel model;
    model.setFlushInterval(0); // the benchmark flushes itself, like the 50 ms timer would
    DeviceFilterModel proxy;
    if (mode != "model") {
        proxy.setSourceModel(&model);
        proxy.sort(DeviceTableModel::Battery, Qt::DescendingOrder);
    }
    QTableView view;
    if (mode == "view") {
        view.setModel(&proxy);
        view.setSortingEnabled(true);
        view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
        view.resize(1280, 800);
        view.sortByColumn(DeviceTableModel::Battery, Qt::DescendingOrder);
        view.show();
    }
    app.processEvents();

    QList<spk::client::Device> devices;
    devices.reserve(n);
    for (int i = 0; i < n; ++i) {
        spk::client::Device d;
        d.id = QStringLiteral("dev%1").arg(i, 5, 10, QLatin1Char('0'));
        d.name = QStringLiteral("Speaker %1").arg(i);
        d.ownerId = 1 + i % 50;
        d.online = true;
        d.battery = int(rng.bounded(101));
        d.applied.volume = 50;
        d.temperature = 30.0;
        d.firmware = QStringLiteral("1.0.0");
        d.lastSeen = QDateTime::currentDateTimeUtc();
        devices.append(d);
    }
    QElapsedTimer t;
    t.start();
    model.setDevices(devices);
    app.processEvents();
    const double fillMs = t.nsecsElapsed() / 1e6;

    // One status per device, as a 30 s heartbeat round delivers them: ~N/600 per 50 ms frame.
    const int perFrame = qMax(1, n / 600);
    QVector<double> frameMs;
    t.restart();
    QElapsedTimer frame;
    int sent = 0;
    while (sent < n) {
        frame.start();
        for (int k = 0; k < perFrame && sent < n; ++k, ++sent)
            model.queueStatus(devices.at(sent).id, randomStatus(rng, sent % 20 == 0));
        model.flushPending();
        app.processEvents(); // repaint the visible rows, as the event loop would
        frameMs.append(frame.nsecsElapsed() / 1e6);
    }
    const double streamMs = t.nsecsElapsed() / 1e6;
    std::sort(frameMs.begin(), frameMs.end());
    const double frameP99 = frameMs.at(int(frameMs.size() * 0.99));
    const double frameMax = frameMs.last();

    // The deferred re-sort (at most once per second in the console) after all those changes.
    t.restart();
    proxy.resortNow();
    app.processEvents();
    const double resortMs = t.nsecsElapsed() / 1e6;

    // Worst case: every device's update arrives within one frame (e.g. after a broker restart).
    for (int i = 0; i < n; ++i)
        model.queueStatus(devices.at(i).id, randomStatus(rng, false));
    t.restart();
    const int changed = model.flushPending();
    app.processEvents();
    const double burstMs = t.nsecsElapsed() / 1e6;

    std::printf("devices                         %d (mode %s)\n", n, mode.constData());
    std::printf("fill table (setDevices)         %.1f ms\n", fillMs);
    std::printf("stream %d updates in %d frames  %.1f ms total, frame p99 %.2f ms, max %.2f ms\n", n,
                int(frameMs.size()), streamMs, frameP99, frameMax);
    std::printf("re-sort + relayout of all rows  %.1f ms (at most once per %d ms)\n", resortMs,
                proxy.resortInterval());
    std::printf("burst %d updates in one frame   %.1f ms (%d rows changed)\n", n, burstMs, changed);
    std::printf("online %d offline %d\n", model.onlineCount(), model.offlineCount());
    std::printf("RSS start %lld kB, end %lld kB, peak %lld kB\n", rssStart, procStatusKb("VmRSS:"),
                procStatusKb("VmHWM:"));
    return 0;
}
