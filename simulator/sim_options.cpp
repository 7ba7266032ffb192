#include "simulator/sim_options.h"

#include "firmware/identifiers.h"
#include "shared/client/tls_trust.h"
#include "spk_version.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTextStream>

#include <cstdio>

namespace spk::sim {

namespace {

constexpr int kMaxDevices = 100000;

const char *kExamples = R"(
Examples:
  # 100 speakers against a local broker, until Ctrl-C
  spksim --broker tcp://127.0.0.1:1883 --devices 100

  # 1,000 speakers connecting at 200/s, heartbeat every 5 s, stop after a minute, JSON summary
  spksim --devices 1000 --status-interval 5s --duration 60s --json > run.json

  # The devices spkd registered ("id secret" lines, the secrets from POST /api/devices), with slow
  # acks to exercise the server's 5 s timeout
  spksim --ids-from devices.txt --ack-delay 6000

  # Devices on a TLS listener (Mosquitto on 8883) with a private CA (scripts/gen-certs.sh)
  spksim --broker mqtts://mqtt.example:8883 --ca ca.crt --ids-from devices.txt

  # A second process for the next 5,000 ids (one process holds at most ~19,000 connections)
  spksim --devices 5000 --first 5001

  # Voice: each speaker in devices.txt ("id secret" lines) asks the question in question.wav twice,
  # 5 at a time, over a lossy network; replies saved as WAV, latencies as JSON
  spksim --voice question.wav --ids-from devices.txt --conversations 20 --concurrency 5 \
         --loss 0.05 --jitter 40ms --reorder 0.02 --save-replies replies/ --json

Device ids are {prefix}{n:04}: sim-0001, sim-0002, ... Each device uses its id as MQTT client id
and, when --ids-from gives its secret, logs in with username = id and password = secret (a broker
that authenticates devices, as spkd's does by default, refuses the others). It keeps a persistent session (clean session false) and a retained will {"online":false} on
device/{id}/status. It answers device/{id}/config and device/{id}/reboot like the firmware does
(same code: spk::fw::DeviceCore). Ctrl-C or SIGTERM disconnects every device cleanly (each first
publishes a retained {"online":false}) and prints the summary; a second Ctrl-C exits at once.

Exit status: 0 when at least one device connected (voice mode: when every conversation completed),
1 otherwise, 2 on bad usage.
)";

bool parsePositiveInt(const QString &text, int min, int max, int *out)
{
    bool ok = false;
    const int v = text.toInt(&ok);
    if (!ok || v < min || v > max)
        return false;
    *out = v;
    return true;
}

QString durationError(const QString &option, const QString &value)
{
    return QStringLiteral("--%1 '%2' is not a duration (e.g. 500ms, 30s, 2m, 1h)").arg(option, value);
}

} // namespace

bool brokerUsesTls(const QString &brokerUri)
{
    return brokerUri.startsWith(QLatin1String("ssl://")) || brokerUri.startsWith(QLatin1String("mqtts://")) ||
           brokerUri.startsWith(QLatin1String("wss://"));
}

fw::TlsSettings mqttTlsSettings(const SimOptions &options)
{
    fw::TlsSettings tls;
    tls.enabled = brokerUsesTls(options.brokerUri);
    if (tls.enabled)
        tls.caFile = options.caFile.toStdString();
    return tls;
}

qint64 parseDurationMs(const QString &text, qint64 bareUnitMs)
{
    static const QRegularExpression re(QStringLiteral("^(\\d{1,9})(ms|s|m|h)?$"));
    const auto m = re.match(text.trimmed());
    if (!m.hasMatch())
        return -1;
    const qint64 n = m.captured(1).toLongLong();
    const QString unit = m.captured(2);
    if (unit.isEmpty())
        return n * bareUnitMs;
    if (unit == QLatin1String("ms"))
        return n;
    if (unit == QLatin1String("s"))
        return n * 1000;
    if (unit == QLatin1String("m"))
        return n * 60 * 1000;
    return n * 3600 * 1000;
}

QList<DeviceEntry> readDeviceEntriesFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        *error = QStringLiteral("cannot read '%1': %2").arg(path, file.errorString());
        return {};
    }
    static const QRegularExpression spaces(QStringLiteral("\\s+"));
    static const QRegularExpression secretChars(QStringLiteral("^[\\x21-\\x7e]{1,256}$"));
    QList<DeviceEntry> entries;
    QSet<QString> seen;
    QTextStream in(&file);
    int lineNo = 0;
    while (!in.atEnd()) {
        const QString line = in.readLine().trimmed();
        ++lineNo;
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const QStringList fields = line.split(spaces);
        if (fields.size() > 2) {
            *error = QStringLiteral("%1:%2: expected 'id' or 'id secret', got %3 fields")
                         .arg(path)
                         .arg(lineNo)
                         .arg(fields.size());
            return {};
        }
        const QString id = fields.first();
        if (!fw::isValidIdentifier(id.toStdString())) {
            *error = QStringLiteral("%1:%2: '%3' is not a device id (1-64 chars of [A-Za-z0-9_-])")
                         .arg(path)
                         .arg(lineNo)
                         .arg(id.left(80));
            return {};
        }
        if (fields.size() == 2 && !secretChars.match(fields[1]).hasMatch()) {
            *error = QStringLiteral("%1:%2: the secret of '%3' must be 1-256 printable ASCII characters")
                         .arg(path)
                         .arg(lineNo)
                         .arg(id);
            return {};
        }
        if (seen.contains(id)) {
            *error = QStringLiteral("%1:%2: device id '%3' appears twice").arg(path).arg(lineNo).arg(id);
            return {};
        }
        seen.insert(id);
        entries.append({id, fields.size() == 2 ? fields[1] : QString()});
        if (entries.size() > kMaxDevices) {
            *error = QStringLiteral("%1: more than %2 ids").arg(path).arg(kMaxDevices);
            return {};
        }
    }
    if (entries.isEmpty())
        *error = QStringLiteral("'%1' has no device ids").arg(path);
    return entries;
}

QStringList readDeviceIdsFile(const QString &path, QString *error)
{
    QString why;
    const QList<DeviceEntry> entries = readDeviceEntriesFile(path, &why);
    if (!why.isEmpty()) {
        *error = QStringLiteral("--ids-from: %1").arg(why);
        return {};
    }
    QStringList ids;
    for (const DeviceEntry &e : entries)
        ids << e.id;
    return ids;
}

ParsedCommandLine parseCommandLine(const QStringList &arguments)
{
    ParsedCommandLine out;
    SimOptions &o = out.options;

    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "spksim: a fleet of simulated spk smart speakers on a real MQTT broker.\n"
        "Each speaker runs the firmware's device core and speaks the device side of the MQTT contract.\n"
        "With --voice, the speakers hold spoken conversations with spkd (wake, UDP audio, /ws/audio "
        "reply)."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Show the version."));
    const QCommandLineOption broker(QStringLiteral("broker"),
                                    QStringLiteral("Broker URI (default %1).").arg(o.brokerUri),
                                    QStringLiteral("uri"));
    const QCommandLineOption ca(
        QStringLiteral("ca"),
        QStringLiteral(
            "Trust the CA certificate(s) in this PEM file for a TLS broker (ssl://, mqtts://, wss://) "
            "and, with --voice, for spkd's https:// and wss:// (default: SPK_CA, else the system's "
            "CAs). Certificates are always verified."),
        QStringLiteral("file"));
    const QCommandLineOption devices(QStringLiteral("devices"),
                                     QStringLiteral("How many speakers (default 10; 1-%1).").arg(kMaxDevices),
                                     QStringLiteral("n"));
    const QCommandLineOption prefix(
        QStringLiteral("prefix"), QStringLiteral("Device id prefix (default sim-)."), QStringLiteral("text"));
    const QCommandLineOption first(QStringLiteral("first"),
                                   QStringLiteral("Number of the first device (default 1: sim-0001)."),
                                   QStringLiteral("n"));
    const QCommandLineOption idsFrom(
        QStringLiteral("ids-from"),
        QStringLiteral("Read devices from a file, lines 'id' or 'id secret' (the secret is the MQTT "
                       "password; with --devices N: the first N)."),
        QStringLiteral("file"));
    const QCommandLineOption statusInterval(
        QStringLiteral("status-interval"), QStringLiteral("Heartbeat period (default 30s; bare number = s)."),
        QStringLiteral("duration"));
    const QCommandLineOption duration(QStringLiteral("duration"),
                                      QStringLiteral("Stop after this long (default: until Ctrl-C)."),
                                      QStringLiteral("duration"));
    const QCommandLineOption rate(QStringLiteral("connect-rate"),
                                  QStringLiteral("New connections per second during the ramp (default 200)."),
                                  QStringLiteral("per-second"));
    const QCommandLineOption ackDelay(
        QStringLiteral("ack-delay"),
        QStringLiteral("Hold every config/reboot ack this long (bare number = ms)."), QStringLiteral("ms"));
    const QCommandLineOption failAcks(QStringLiteral("fail-acks"),
                                      QStringLiteral("Apply commands but never send their acks."));
    const QCommandLineOption drain(
        QStringLiteral("battery-drain"),
        QStringLiteral("Batteries lose 1 point every 10 s (reported with the next status)."));
    const QCommandLineOption downtime(QStringLiteral("reboot-downtime"),
                                      QStringLiteral("How long a rebooting speaker stays away (default 2s)."),
                                      QStringLiteral("duration"));
    const QCommandLineOption keepAlive(QStringLiteral("keep-alive"),
                                       QStringLiteral("MQTT keep-alive (default 60s; bare number = s)."),
                                       QStringLiteral("duration"));
    const QCommandLineOption firmware(QStringLiteral("firmware"),
                                      QStringLiteral("Firmware version to report (default 1.0.0)."),
                                      QStringLiteral("version"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the final summary as JSON on stdout."));
    const QCommandLineOption noProgress(QStringLiteral("no-progress"),
                                        QStringLiteral("No live progress line on stderr."));
    const QCommandLineOption verbose(QStringLiteral("verbose"),
                                     QStringLiteral("Log every device event (reboots, upgrades, …)."));
    p.addOptions({help,     version,        broker,   ca,   devices,    prefix,   first,
                  idsFrom,  statusInterval, duration, rate, ackDelay,   failAcks, drain,
                  downtime, keepAlive,      firmware, json, noProgress, verbose});
    addVoiceOptions(p);

    if (!p.parse(arguments)) {
        out.error = p.errorText() + QStringLiteral(" (see spksim --help)");
        return out;
    }
    if (p.isSet(help)) {
        QString text = p.helpText();
        if (!arguments.isEmpty()) // "Usage: /long/build/path/spksim" reads better as "Usage: spksim"
            text.replace(QStringLiteral("Usage: ") + arguments.first(), QStringLiteral("Usage: spksim"));
        std::fputs(qPrintable(text), stdout);
        std::fputs(kExamples, stdout);
        out.exitNow = true;
        return out;
    }
    if (p.isSet(version)) {
        std::printf("spksim %s\n", spk::kVersion);
        out.exitNow = true;
        return out;
    }
    if (!p.positionalArguments().isEmpty()) {
        out.error = QStringLiteral("unexpected argument '%1' (see spksim --help)")
                        .arg(p.positionalArguments().first());
        return out;
    }

    if (p.isSet(broker)) {
        static const QRegularExpression uri(
            QStringLiteral("^(tcp|mqtt|ssl|mqtts|ws|wss)://[^\\s/:]+(:\\d{1,5})?/?$"));
        o.brokerUri = p.value(broker);
        if (!uri.match(o.brokerUri).hasMatch()) {
            out.error = QStringLiteral("--broker '%1' is not a broker URI like tcp://127.0.0.1:1883")
                            .arg(o.brokerUri);
            return out;
        }
    }
    o.caFile = p.isSet(ca) ? p.value(ca) : qEnvironmentVariable("SPK_CA");
    if (!o.caFile.isEmpty()) {
        o.caFile = QDir::cleanPath(QDir::current().absoluteFilePath(o.caFile));
        QString why;
        if (client::TlsTrust::readCaFile(o.caFile, &why).isEmpty()) {
            out.error = QStringLiteral("%1: %2").arg(
                p.isSet(ca) ? QStringLiteral("--ca") : QStringLiteral("SPK_CA"), why);
            return out;
        }
    }
    int count = 10;
    if (p.isSet(devices) && !parsePositiveInt(p.value(devices), 1, kMaxDevices, &count)) {
        out.error = QStringLiteral("--devices '%1' must be a whole number from 1 to %2")
                        .arg(p.value(devices))
                        .arg(kMaxDevices);
        return out;
    }
    if (p.isSet(idsFrom)) {
        if (p.isSet(prefix) || p.isSet(first)) {
            out.error = QStringLiteral("--ids-from cannot be combined with --prefix or --first");
            return out;
        }
        const QList<DeviceEntry> entries = readDeviceEntriesFile(p.value(idsFrom), &out.error);
        if (!out.error.isEmpty())
            return out;
        for (const DeviceEntry &e : entries) {
            o.deviceIds << e.id;
            if (!e.secret.isEmpty())
                o.secrets.insert(e.id, e.secret);
        }
        if (p.isSet(devices)) {
            if (count > o.deviceIds.size()) {
                out.error = QStringLiteral("--devices %1 but '%2' has only %3 ids")
                                .arg(count)
                                .arg(p.value(idsFrom))
                                .arg(o.deviceIds.size());
                return out;
            }
            o.deviceIds = o.deviceIds.mid(0, count);
        }
    } else {
        const QString pre = p.isSet(prefix) ? p.value(prefix) : QStringLiteral("sim-");
        int firstNo = 1;
        if (p.isSet(first) && !parsePositiveInt(p.value(first), 0, 99999999, &firstNo)) {
            out.error =
                QStringLiteral("--first '%1' must be a whole number from 0 to 99999999").arg(p.value(first));
            return out;
        }
        for (int i = 0; i < count; ++i) {
            const QString id = pre + QStringLiteral("%1").arg(firstNo + i, 4, 10, QLatin1Char('0'));
            if (!fw::isValidIdentifier(id.toStdString())) {
                out.error = QStringLiteral("--prefix '%1' gives device id '%2', which is not 1-64 chars of "
                                           "[A-Za-z0-9_-]")
                                .arg(pre, id);
                return out;
            }
            o.deviceIds << id;
        }
    }

    struct DurationOption
    {
        const QCommandLineOption &option;
        qint64 bareUnitMs;
        qint64 minMs;
        qint64 maxMs;
        int *target;
    };
    const DurationOption durations[] = {
        {statusInterval, 1000, 100, 24LL * 3600 * 1000, &o.statusIntervalMs},
        {duration, 1000, 0, 30LL * 24 * 3600 * 1000, &o.durationMs},
        {ackDelay, 1, 0, 3600 * 1000, &o.ackDelayMs},
        {downtime, 1000, 0, 3600 * 1000, &o.rebootDowntimeMs},
    };
    for (const auto &d : durations) {
        if (!p.isSet(d.option))
            continue;
        const QString name = d.option.names().constFirst();
        const qint64 ms = parseDurationMs(p.value(d.option), d.bareUnitMs);
        if (ms < 0) {
            out.error = durationError(name, p.value(d.option));
            return out;
        }
        if (ms < d.minMs || ms > d.maxMs) {
            out.error =
                QStringLiteral("--%1 must be between %2 ms and %3 ms").arg(name).arg(d.minMs).arg(d.maxMs);
            return out;
        }
        *d.target = int(ms);
    }
    if (p.isSet(keepAlive)) {
        const qint64 ms = parseDurationMs(p.value(keepAlive), 1000);
        if (ms < 5000 || ms > 65535000) {
            out.error =
                QStringLiteral("--keep-alive '%1' must be between 5s and 65535s").arg(p.value(keepAlive));
            return out;
        }
        o.keepAliveSeconds = int(ms / 1000);
    }
    if (p.isSet(rate)) {
        bool ok = false;
        o.connectRate = p.value(rate).toDouble(&ok);
        if (!ok || !(o.connectRate >= 0.1 && o.connectRate <= 100000)) {
            out.error =
                QStringLiteral("--connect-rate '%1' must be a number from 0.1 to 100000").arg(p.value(rate));
            return out;
        }
    }
    if (p.isSet(firmware)) {
        o.firmwareVersion = p.value(firmware);
        if (o.firmwareVersion.isEmpty() || o.firmwareVersion.size() > 32) {
            out.error = QStringLiteral("--firmware must be 1-32 characters");
            return out;
        }
    }
    if (p.isSet(failAcks) && p.isSet(ackDelay)) {
        out.error = QStringLiteral("--fail-acks and --ack-delay exclude each other");
        return out;
    }
    if (!readVoiceOptions(p, o.deviceIds, p.isSet(idsFrom) ? p.value(idsFrom) : QString(), &o.voice,
                          &out.error))
        return out;
    o.failAcks = p.isSet(failAcks);
    o.batteryDrain = p.isSet(drain);
    o.json = p.isSet(json);
    o.verbose = p.isSet(verbose);
    o.progress = !p.isSet(noProgress);
    return out;
}

} // namespace spk::sim
