// voice_load: the voice benchmark driver (issue 3, item 6). Simulated speakers over the real protocols
// against a running spkd; run by bench/voice/run.sh, which starts spkd and prints the results.
//   voice_load conversations --concurrency C …   ASR -> dialogue -> TTS latency, built-in backends
//   voice_load media --streams N …               media path alone (spkd on the null ASR / TTS)
#include "bench/voice/conversation_bench.h"
#include "bench/voice/device_registry.h"
#include "bench/voice/media_bench.h"
#include "bench/voice/speech_clip.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>

#include <algorithm>
#include <cstdio>

using namespace spk::bench;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Voice benchmark driver: conversations | media"));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("mode"), QStringLiteral("conversations or media"));
    const QCommandLineOption url(QStringLiteral("url"), QStringLiteral("spkd base URL"),
                                 QStringLiteral("url"));
    const QCommandLineOption broker(QStringLiteral("broker"), QStringLiteral("MQTT broker"),
                                    QStringLiteral("url"));
    const QCommandLineOption pid(QStringLiteral("spkd-pid"), QStringLiteral("spkd process id (CPU)"),
                                 QStringLiteral("pid"));
    const QCommandLineOption user(QStringLiteral("admin"), QStringLiteral("admin user"),
                                  QStringLiteral("name"), QStringLiteral("admin"));
    const QCommandLineOption password(QStringLiteral("password"), QStringLiteral("admin password"),
                                      QStringLiteral("text"));
    const QCommandLineOption audio(QStringLiteral("audio"), QStringLiteral("16 kHz s16le raw speech"),
                                   QStringLiteral("file"),
                                   QStringLiteral("/usr/share/pocketsphinx/test/data/goforward.raw"));
    const QCommandLineOption concurrency(QStringLiteral("concurrency"),
                                         QStringLiteral("conversations: comma-separated levels"),
                                         QStringLiteral("list"), QStringLiteral("1,10,50"));
    const QCommandLineOption sessions(
        QStringLiteral("sessions"),
        QStringLiteral("conversations per device (auto: at least 40 per level, 2 per device)"),
        QStringLiteral("n"), QStringLiteral("auto"));
    const QCommandLineOption streams(QStringLiteral("streams"),
                                     QStringLiteral("media: comma-separated counts"), QStringLiteral("list"),
                                     QStringLiteral("100"));
    const QCommandLineOption window(QStringLiteral("window"), QStringLiteral("media: measured seconds"),
                                    QStringLiteral("s"), QStringLiteral("15"));
    const QCommandLineOption wakeRate(QStringLiteral("wake-rate"), QStringLiteral("media: wakes per second"),
                                      QStringLiteral("n"), QStringLiteral("200"));
    p.addOptions({url, broker, pid, user, password, audio, concurrency, sessions, streams, window, wakeRate});
    p.process(app);

    const QString mode = p.positionalArguments().value(0);
    if ((mode != QLatin1String("conversations") && mode != QLatin1String("media")) || !p.isSet(url) ||
        !p.isSet(broker) || !p.isSet(password)) {
        std::fprintf(stderr, "usage: voice_load conversations|media --url URL --broker URL --password PW "
                             "[--spkd-pid PID] …  (see --help)\n");
        return 2;
    }
    QString error;
    const SpeechClip clip = loadSpeechClip(p.value(audio), &error);
    if (clip.frames.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    QList<int> levels;
    for (const QString &v :
         p.value(mode == QLatin1String("media") ? streams : concurrency).split(QLatin1Char(','))) {
        bool ok = false;
        const int n = v.trimmed().toInt(&ok);
        if (!ok || n < 1 || n > 5000) {
            std::fprintf(stderr, "bad count '%s' (1..5000)\n", qPrintable(v));
            return 2;
        }
        levels << n;
    }
    const int most = *std::max_element(levels.cbegin(), levels.cend());
    const QString tag = QString::number(QDateTime::currentMSecsSinceEpoch() % 100000000);
    const QList<BenchDevice> devices = registerDevices(p.value(url), p.value(user), p.value(password),
                                                       QStringLiteral("voice-%1-").arg(tag), most, &error);
    if (devices.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    std::printf("   clip %s: %d frames (%.2f s), %lld Opus bytes; %d devices registered\n",
                qPrintable(p.value(audio)), int(clip.frames.size()), clip.durationMs() / 1000.0,
                clip.opusBytes(), int(devices.size()));
    int worst = 0;
    for (int n : levels) {
        int rc = 0;
        if (mode == QLatin1String("media")) {
            MediaBenchOptions o;
            o.baseUrl = p.value(url);
            o.brokerUrl = p.value(broker);
            o.spkdPid = p.value(pid).toLongLong();
            o.streams = n;
            o.windowSeconds = qBound(1, p.value(window).toInt(), 600);
            o.wakesPerSecond = qBound(1, p.value(wakeRate).toInt(), 10000);
            o.runTag = QStringLiteral("%1n%2").arg(tag).arg(n);
            rc = runMediaBench(o, devices, clip);
        } else {
            ConversationBenchOptions o;
            o.baseUrl = p.value(url);
            o.brokerUrl = p.value(broker);
            o.spkdPid = p.value(pid).toLongLong();
            o.concurrency = n;
            const bool autoCount = p.value(sessions) == QLatin1String("auto");
            o.sessionsPerDevice =
                autoCount ? std::max(2, (40 + n - 1) / n) : qBound(1, p.value(sessions).toInt(), 1000);
            o.runTag = QStringLiteral("%1c%2").arg(tag).arg(n);
            rc = runConversationBench(o, devices, clip);
        }
        worst = std::max(worst, rc);
    }
    return worst;
}
