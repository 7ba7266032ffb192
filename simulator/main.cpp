// spksim: a fleet of simulated speakers on a real MQTT broker. See docs/simulator.md and --help.
#include "simulator/fleet.h"
#include "simulator/open_file_limit.h"
#include "simulator/progress_reporter.h"
#include "simulator/sim_logging.h"
#include "simulator/sim_options.h"
#include "simulator/unix_signals.h"
#include "simulator/voice/voice_main.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QLoggingCategory>

#include <csignal>
#include <cstdio>

using namespace spk::sim;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("spksim"));

    const ParsedCommandLine cmd = parseCommandLine(QCoreApplication::arguments());
    if (cmd.exitNow)
        return 0;
    if (!cmd.error.isEmpty()) {
        std::fprintf(stderr, "spksim: %s\n", qPrintable(cmd.error));
        return 2;
    }
    const SimOptions &options = cmd.options;
    // Per-device chatter (reboots, lost links) only with --verbose; QT_LOGGING_RULES still wins.
    if (!options.verbose)
        QLoggingCategory::setFilterRules(
            QStringLiteral("spk.sim.device.info=false\nspk.sim.device.debug=false\n"
                           "spk.sim.info=false\nspk.sim.debug=false"));

    if (options.voice)
        return runVoiceMode(app, options);

    QString error;
    if (!ensureOpenFileLimit(options.deviceIds.size(), &error)) {
        std::fprintf(stderr, "spksim: %s\n", qPrintable(error));
        return 2;
    }

    Fleet fleet(options);
    if (!fleet.create(&error)) {
        std::fprintf(stderr, "spksim: %s\n", qPrintable(error));
        return 2;
    }

    ProgressReporter progress(fleet);
    UnixSignalWatcher unixSignals;
    unixSignals.watch({SIGINT, SIGTERM});
    QObject::connect(&unixSignals, &UnixSignalWatcher::received, &fleet, [&fleet](int) {
        if (fleet.isStopping())
            fleet.abort(); // second Ctrl-C: do not wait for the goodbyes
        else
            fleet.stop();
    });
    QObject::connect(&fleet, &Fleet::finished, &app, [&] {
        progress.stop();
        const FleetSnapshot s = fleet.snapshot();
        if (options.json)
            std::fputs(QJsonDocument(summaryJson(s, fleet.onlineAtStop()))
                           .toJson(QJsonDocument::Indented)
                           .constData(),
                       stdout);
        else
            std::fputs(qPrintable(summaryTable(s, fleet.onlineAtStop())), stdout);
        std::fflush(stdout);
        if (s.everConnected == 0)
            std::fprintf(stderr, "spksim: no device could connect to %s\n", qPrintable(options.brokerUri));
        app.exit(s.everConnected > 0 ? 0 : 1);
    });

    fleet.start();
    if (options.progress && ProgressReporter::stderrIsTerminal())
        progress.start();
    return app.exec();
}
