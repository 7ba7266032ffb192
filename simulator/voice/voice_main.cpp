#include "simulator/voice/voice_main.h"

#include "simulator/open_file_limit.h"
#include "simulator/progress_reporter.h"
#include "simulator/unix_signals.h"
#include "simulator/voice/voice_clip.h"
#include "simulator/voice/voice_run.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QTimer>

#include <csignal>
#include <cstdio>

namespace spk::sim {

int runVoiceMode(QCoreApplication &app, const SimOptions &options)
{
    QString error;
    const VoiceClips clips = loadVoiceClips(options.voice->path, &error);
    if (clips.empty()) {
        std::fprintf(stderr, "spksim: %s\n", qPrintable(error));
        return 2;
    }
    // Each speaker holds an MQTT connection and a WebSocket; the UDP socket is shared.
    if (!ensureOpenFileLimit(int(options.deviceIds.size()) * 2, &error)) {
        std::fprintf(stderr, "spksim: %s\n", qPrintable(error));
        return 2;
    }
    VoiceRun run(options, clips);
    if (!run.create(&error)) {
        std::fprintf(stderr, "spksim: %s\n", qPrintable(error));
        return 2;
    }

    QTimer progress;
    bool progressPrinted = false;
    progress.setInterval(1000);
    QObject::connect(&progress, &QTimer::timeout, &run, [&] {
        std::fprintf(stderr, "\r\033[K%s", qPrintable(voiceProgressLine(run.snapshot())));
        std::fflush(stderr);
        progressPrinted = true;
    });

    UnixSignalWatcher unixSignals;
    unixSignals.watch({SIGINT, SIGTERM});
    QObject::connect(&unixSignals, &UnixSignalWatcher::received, &run, [&run](int) {
        if (run.isStopping())
            run.abort(); // second Ctrl-C: do not wait for the goodbyes
        else
            run.stop();
    });
    QObject::connect(&run, &VoiceRun::finished, &app, [&] {
        progress.stop();
        if (progressPrinted)
            std::fputs("\n", stderr);
        const VoiceRunSnapshot s = run.snapshot();
        if (options.json)
            std::fputs(QJsonDocument(voiceSummaryJson(s)).toJson(QJsonDocument::Indented).constData(),
                       stdout);
        else
            std::fputs(qPrintable(voiceSummaryTable(s)), stdout);
        std::fflush(stdout);
        const bool allCompleted = s.completed() == s.requested;
        app.exit(allCompleted ? 0 : 1);
    });

    run.start();
    if (options.progress && ProgressReporter::stderrIsTerminal())
        progress.start();
    return app.exec();
}

} // namespace spk::sim
