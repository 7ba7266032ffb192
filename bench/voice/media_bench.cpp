#include "bench/voice/media_bench.h"

#include "bench/voice/bench_support.h"
#include "bench/voice/opus_reference.h"
#include "bench/voice/uplink_pacer.h"
#include "server/mqtt/mqtt_client.h"
#include "shared/media/session_key.h"

#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <cstdio>

namespace spk::bench {

namespace {

// UDP receive-buffer overflows of the whole host (/proc/net/snmp "Udp: … RcvbufErrors").
qint64 udpRcvbufErrors()
{
    QFile f(QStringLiteral("/proc/net/snmp"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    QList<QByteArray> header;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (!line.startsWith("Udp: "))
            continue;
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (header.isEmpty()) {
            header = fields;
            continue;
        }
        const int i = int(header.indexOf("RcvbufErrors"));
        return i > 0 && i < fields.size() ? fields[i].toLongLong() : -1;
    }
    return -1;
}

double delta(const QMap<QString, double> &a, const QMap<QString, double> &b, const QString &name)
{
    return metricSum(b, name) - metricSum(a, name);
}

} // namespace

int runMediaBench(const MediaBenchOptions &o, const QList<BenchDevice> &devices, const SpeechClip &clip)
{
    if (devices.size() < o.streams) {
        std::fprintf(stderr, "need %d devices, have %lld\n", o.streams, qint64(devices.size()));
        return 2;
    }
    spk::server::MqttClient::Options mo;
    mo.url = o.brokerUrl;
    mo.clientId = QStringLiteral("voice-load-media-%1").arg(o.runTag);
    spk::server::MqttClient mqtt(mo);
    UplinkPacer pacer(clip);
    QHash<QString, QString> sessionOf; // device id -> its session id
    QHash<QString, quint32> ssrcOf;
    int ended = 0, fallbacks = 0;
    QObject::connect(&mqtt, &spk::server::MqttClient::messageReceived, &mqtt,
                     [&](const QString &topic, const QByteArray &payload) {
                         const QStringList parts = topic.split(QLatin1Char('/'));
                         if (parts.size() < 3 || !sessionOf.contains(parts[1]))
                             return;
                         const QString id = parts[1];
                         const QJsonObject m = QJsonDocument::fromJson(payload).object();
                         if (m.value("session_id").toString() != sessionOf.value(id))
                             return;
                         const QString kind = topic.section(QLatin1Char('/'), 2);
                         if (kind == QLatin1String("wake/ack") && !ssrcOf.contains(id)) {
                             const QJsonObject udp = m.value("udp").toObject();
                             const auto key =
                                 spk::media::sessionKeyFromBase64(udp.value("key").toString().toStdString());
                             if (!key)
                                 return;
                             UplinkPacer::Target t{QHostAddress(udp.value("host").toString()),
                                                   quint16(udp.value("port").toInt()),
                                                   quint32(udp.value("ssrc").toDouble()), *key};
                             ssrcOf.insert(id, t.ssrc);
                             pacer.start(t, true, [&ended] { ++ended; });
                         } else if (kind == QLatin1String("play")) {
                             ++fallbacks; // the reply, via the fallback URL: the session is over
                             const QJsonObject end{{"session_id", sessionOf.value(id)}};
                             mqtt.publish(QStringLiteral("device/%1/session_end").arg(id),
                                          QJsonDocument(end).toJson(QJsonDocument::Compact), 1, false);
                         }
                     });
    mqtt.subscribe(QStringLiteral("device/+/wake/ack"), 1);
    mqtt.subscribe(QStringLiteral("device/+/play"), 1);
    mqtt.start();
    if (!waitFor([&] { return mqtt.isConnected(); }, 10000)) {
        std::fprintf(stderr, "MQTT connect to %s failed\n", qPrintable(o.brokerUrl));
        return 2;
    }
    waitFor([] { return false; }, 300); // SUBACKs

    const QMap<QString, double> m0 = scrapeMetrics(o.baseUrl);
    const qint64 rcvbuf0 = udpRcvbufErrors();
    QElapsedTimer clock;
    clock.start();
    // Wakes at a steady rate, as a fleet would send them.
    int woken = 0;
    QTimer waker;
    const int perTick = std::max(1, o.wakesPerSecond / 50);
    QObject::connect(&waker, &QTimer::timeout, &waker, [&] {
        for (int k = 0; k < perTick && woken < o.streams; ++k, ++woken) {
            const QString id = devices.at(woken).id;
            sessionOf.insert(id, QStringLiteral("m%1-%2").arg(o.runTag).arg(woken));
            mqtt.publish(QStringLiteral("device/%1/wake").arg(id),
                         QJsonDocument(QJsonObject{{"session_id", sessionOf.value(id)}})
                             .toJson(QJsonDocument::Compact),
                         1, false);
        }
        if (woken >= o.streams)
            waker.stop();
    });
    waker.start(20);
    const int rampBudgetMs = 20000 + o.streams * 1000 / std::max(1, o.wakesPerSecond);
    waitFor([&] { return pacer.activeStreams() >= o.streams; }, rampBudgetMs);
    const double rampS = double(clock.elapsed()) / 1000.0;
    const int live = pacer.activeStreams();
    if (live < o.streams)
        std::printf("   only %d of %d streams started (wake/ack missing) after %.1f s\n", live, o.streams,
                    rampS);
    waitFor([] { return false; }, 1000); // let the jitter buffers fill

    const QMap<QString, double> w0 = scrapeMetrics(o.baseUrl);
    const double cpu0 = processCpuSeconds(o.spkdPid), self0 = selfCpuSeconds();
    const QList<qint64> workers = threadsNamed(o.spkdPid, "spk-uplink");
    const auto sched = [&] {
        std::vector<ThreadSched> all{threadSched(o.spkdPid, o.spkdPid)};
        for (qint64 tid : workers)
            all.push_back(threadSched(o.spkdPid, tid));
        return all;
    };
    const std::vector<ThreadSched> threads0 = sched();
    const double t0 = double(clock.nsecsElapsed()) / 1e9;
    waitFor([] { return false; }, o.windowSeconds * 1000);
    const double cpu1 = processCpuSeconds(o.spkdPid), self1 = selfCpuSeconds();
    const std::vector<ThreadSched> threads1 = sched();
    const double t1 = double(clock.nsecsElapsed()) / 1e9;
    const QMap<QString, double> w1 = scrapeMetrics(o.baseUrl);

    for (const QString &id : sessionOf.keys())
        if (ssrcOf.contains(id))
            pacer.finish(ssrcOf.value(id));
    waitFor([&] { return ended >= live; }, 5000);
    // The bridge plays out what is left, then null ASR -> dialogue -> null TTS -> fallback reply.
    waitFor([&] { return fallbacks >= live; }, 20000);
    waitFor([] { return false; }, 500);
    const QMap<QString, double> m1 = scrapeMetrics(o.baseUrl);
    const qint64 rcvbuf1 = udpRcvbufErrors();

    const double window = t1 - t0;
    const double spkdCpu = cpu1 - cpu0;
    const double sent = double(pacer.framesSent());
    const double accepted = delta(m0, m1, QStringLiteral("spk_bridge_udp_frames_total"));
    const double played = delta(m0, m1, QStringLiteral("spk_bridge_uplink_frames_played_total"));
    const double concealed = delta(m0, m1, QStringLiteral("spk_bridge_uplink_frames_concealed_total"));
    const double decoded = played - concealed; // real frames that reached the pipeline
    const double lost = sent - decoded;
    std::printf("   %d streams (%d live; ramp %.1f s at %d wakes/s), window %.1f s\n", o.streams, live, rampS,
                o.wakesPerSecond, window);
    std::printf("     spkd CPU in window: %.2f s = %.1f %% of one core; per stream %.3f %% of a core "
                "(%.3f ms CPU per stream-second)\n",
                spkdCpu, 100.0 * spkdCpu / window, 100.0 * spkdCpu / window / live,
                1000.0 * spkdCpu / window / live);
    // Per thread: the main thread (conversations, VAD, the hand-over) and each media worker
    // (receive, decrypt, jitter buffer, Opus decode).
    for (std::size_t i = 0; i < threads0.size() && i < threads1.size(); ++i) {
        if (threads0[i].running < 0 || threads1[i].running < 0)
            continue;
        std::printf("     spkd %s: running %.1f %%, runnable but waiting for a CPU %.1f %% of the window\n",
                    i == 0 ? "main thread" : qPrintable(QStringLiteral("media worker %1").arg(i - 1)),
                    100.0 * (threads1[i].running - threads0[i].running) / window,
                    100.0 * (threads1[i].waiting - threads0[i].waiting) / window);
    }
    std::printf("     load generator CPU in window: %.1f %% of one core\n", 100.0 * (self1 - self0) / window);
    std::printf("     frames in window: received %.0f, played %.0f (expected %.0f)\n",
                delta(w0, w1, QStringLiteral("spk_bridge_udp_frames_total")),
                delta(w0, w1, QStringLiteral("spk_bridge_uplink_frames_played_total")), live * window * 50.0);
    std::printf("     whole run: sent %.0f, accepted %.0f, played %.0f of which concealed %.0f\n", sent,
                accepted, played, concealed);
    QStringList reasons;
    for (auto it = m1.cbegin(); it != m1.cend(); ++it)
        if (it.key().startsWith(QLatin1String("spk_bridge_udp_dropped_total{"))) {
            const double d = it.value() - m0.value(it.key());
            if (d > 0)
                reasons << QStringLiteral("%1 %2").arg(it.key().section(QLatin1Char('"'), 1, 1)).arg(d);
        }
    std::printf("     dropped by the server: %s; host UDP RcvbufErrors +%lld\n",
                reasons.isEmpty() ? "none" : qPrintable(reasons.join(QStringLiteral(", "))),
                rcvbuf0 >= 0 && rcvbuf1 >= 0 ? rcvbuf1 - rcvbuf0 : -1LL);
    const double lostPct = sent > 0 ? 100.0 * lost / sent : 100.0;
    std::printf("     frames lost (sent, not decoded by the server): %.0f = %.3f %%  [target < 0.1 %%]\n",
                lost, lostPct);
    std::printf("     replies via fallback URL: %d of %d sessions\n", fallbacks, live);

    // Reference, same run: bare libopus decoding of the frames the window carried.
    const qint64 refFrames = qint64(live * window * 50.0);
    const OpusReference ref = decodeLikeStreams(clip, live, refFrames);
    const double refPerStreamSecond = ref.cpuSeconds / (double(ref.frames) / 50.0);
    const double spkdPerStreamSecond = spkdCpu / (window * live);
    std::printf("     bare libopus decode of %lld frames: %.2f s CPU = %.3f ms per stream-second\n",
                qint64(ref.frames), ref.cpuSeconds, 1000.0 * refPerStreamSecond);
    std::printf("     ratio spkd / bare libopus per stream: %.1f\n",
                spkdPerStreamSecond / refPerStreamSecond);
    std::fflush(stdout);
    mqtt.stop();
    return live == o.streams && lostPct < 0.1 ? 0 : 1;
}

} // namespace spk::bench
