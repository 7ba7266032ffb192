#include "bench/voice/conversation_bench.h"

#include "bench/voice/bench_support.h"
#include "bench/voice/conversation_device.h"
#include "bench/voice/uplink_pacer.h"

#include <QRandomGenerator>
#include <QTimer>

#include <cstdio>
#include <memory>

namespace spk::bench {

int runConversationBench(const ConversationBenchOptions &o, const QList<BenchDevice> &devices,
                         const SpeechClip &clip)
{
    if (devices.size() < o.concurrency) {
        std::fprintf(stderr, "need %d devices, have %lld\n", o.concurrency, qint64(devices.size()));
        return 2;
    }
    QElapsedTimer clock;
    clock.start();
    QString wsUrl = o.baseUrl;
    wsUrl.replace(QStringLiteral("http"), QStringLiteral("ws"));
    wsUrl += QStringLiteral("/ws/audio");

    std::vector<std::unique_ptr<ConversationDevice>> speakers;
    UplinkPacer pacer(clip); // declared after the speakers: destroyed first
    for (int i = 0; i < o.concurrency; ++i) {
        speakers.push_back(
            std::make_unique<ConversationDevice>(devices.at(i), o.brokerUrl, wsUrl, pacer, clock));
        speakers.back()->connectAll();
    }
    const bool allReady = waitFor(
        [&] {
            for (const auto &s : speakers)
                if (!s->ready())
                    return false;
            return true;
        },
        15000);
    if (!allReady) {
        std::fprintf(stderr, "not every device connected (MQTT + /ws/audio) within 15 s\n");
        return 2;
    }
    waitFor([] { return false; }, 300); // SUBACKs

    std::vector<ConversationResult> results;
    std::vector<bool> firstWave; // per result: the device's first conversation (a cold server)
    const int total = o.concurrency * o.sessionsPerDevice;
    QRandomGenerator rng(42);
    for (int i = 0; i < o.concurrency; ++i) {
        ConversationDevice *d = speakers[size_t(i)].get();
        auto next = std::make_shared<int>(0);
        QObject::connect(d, &ConversationDevice::finished, d, [&, d, i, next](const ConversationResult &r) {
            results.push_back(r);
            firstWave.push_back(*next == 1);
            if (*next < o.sessionsPerDevice)
                QTimer::singleShot(int(rng.bounded(500)), d, [&, d, i, next] {
                    d->converse(QStringLiteral("%1-%2-%3").arg(o.runTag).arg(i).arg((*next)++),
                                o.sessionTimeoutMs);
                });
        });
        // Spread the first wakes over one utterance, so the conversations overlap at every stage.
        QTimer::singleShot(i * clip.durationMs() / o.concurrency, d, [&, d, i, next] {
            d->converse(QStringLiteral("%1-%2-%3").arg(o.runTag).arg(i).arg((*next)++), o.sessionTimeoutMs);
        });
    }
    const QMap<QString, double> before = scrapeMetrics(o.baseUrl);
    const double cpu0 = processCpuSeconds(o.spkdPid);
    const double wall0 = double(clock.elapsed()) / 1000.0;
    const int budgetMs = o.sessionsPerDevice * (clip.durationMs() + o.sessionTimeoutMs + 1000) + 5000;
    waitFor([&] { return int(results.size()) >= total; }, budgetMs);
    const double cpu1 = processCpuSeconds(o.spkdPid);
    const double wall1 = double(clock.elapsed()) / 1000.0;
    const QMap<QString, double> after = scrapeMetrics(o.baseUrl);

    std::vector<double> ack, first, finals, whole, firstCold, firstWarm;
    QMap<QString, int> failures;
    int early = 0;
    for (std::size_t i = 0; i < results.size(); ++i) {
        const ConversationResult &r = results[i];
        if (r.wakeAckMs >= 0)
            ack.push_back(r.wakeAckMs);
        if (!r.ok) {
            failures[r.failure]++;
            continue;
        }
        if (r.replyBeforeEndFlag)
            ++early;
        else
            first.push_back(r.firstFrameMs);
        if (!r.replyBeforeEndFlag)
            (firstWave[i] ? firstCold : firstWarm).push_back(r.firstFrameMs);
        if (r.finalMs >= 0)
            finals.push_back(r.finalMs);
        whole.push_back(r.totalMs);
    }
    const int completed = int(results.size()) - [&] {
        int n = 0;
        for (int v : failures)
            n += v;
        return n;
    }();
    const int missing = total - int(results.size());
    std::printf("   concurrency %d: %d sessions, %d completed, %d failed", o.concurrency, total, completed,
                total - completed);
    for (auto it = failures.cbegin(); it != failures.cend(); ++it)
        std::printf(" [%s %d]", qPrintable(it.key()), it.value());
    if (missing > 0)
        std::printf(" [unfinished %d]", missing);
    std::printf("\n");
    std::printf("     wake -> wake/ack                    %s\n", qPrintable(formatMs(summarize(ack))));
    std::printf("     end of speech -> final transcript   %s\n", qPrintable(formatMs(summarize(finals))));
    std::printf("     end of speech -> first audio frame  %s\n", qPrintable(formatMs(summarize(first))));
    if (o.sessionsPerDevice > 1) {
        // A fresh spkd: the first wave also pays for loading decoders as they are needed.
        std::printf("       first wave (fresh server)         %s\n",
                    qPrintable(formatMs(summarize(firstCold))));
        std::printf("       later waves                       %s\n",
                    qPrintable(formatMs(summarize(firstWarm))));
    }
    if (early > 0)
        std::printf(
            "     (%d replies started before the clip's end flag: server VAD; not in the row above)\n",
            early);
    std::printf("     wake -> play_end                    %s\n", qPrintable(formatMs(summarize(whole))));
    const QString h = QStringLiteral("spk_bridge_first_reply_frame_seconds");
    const double n =
        metricSum(after, h + QStringLiteral("_count")) - metricSum(before, h + QStringLiteral("_count"));
    if (n > 0)
        std::printf(
            "     server side, end of speech -> first frame pushed: mean %.1f ms over %.0f sessions\n",
            1000.0 *
                (metricSum(after, h + QStringLiteral("_sum")) -
                 metricSum(before, h + QStringLiteral("_sum"))) /
                n,
            n);
    if (cpu0 >= 0 && cpu1 >= 0)
        std::printf("     spkd CPU: %.1f s over %.1f s wall = %.2f cores\n", cpu1 - cpu0, wall1 - wall0,
                    (cpu1 - cpu0) / (wall1 - wall0));
    std::fflush(stdout);
    return completed == total ? 0 : 1;
}

} // namespace spk::bench
