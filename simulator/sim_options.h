#pragma once
// spksim's command line: parsing with clear errors, and the help text.
#include "firmware/device_options.h"
#include "simulator/voice/voice_options.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace spk::sim {

struct SimOptions
{
    QString brokerUri = QStringLiteral("tcp://127.0.0.1:1883");
    // --ca / SPK_CA (absolute path; empty = the system's CAs): trusted for a TLS broker (ssl://, mqtts://,
    // wss://) and, in voice mode, for spkd's https:// downloads and wss:// /ws/audio.
    QString caFile;
    QStringList deviceIds; // resolved from --devices/--prefix/--first or --ids-from
    // device id → secret, the MQTT password (protocol.md §7), from "id secret" lines in --ids-from
    QHash<QString, QString> secrets;
    int statusIntervalMs = 30000;
    int durationMs = 0;       // 0: until Ctrl-C / SIGTERM
    double connectRate = 200; // new connections per second
    int ackDelayMs = 0;       // hold every config/reboot ack this long
    bool failAcks = false;    // never send acks (server-side timeout tests)
    bool batteryDrain = false;
    int rebootDowntimeMs = 2000;
    int keepAliveSeconds = 60;
    QString firmwareVersion = QStringLiteral("1.0.0");
    bool json = false;
    bool verbose = false;
    bool progress = true;              // live line on stderr (only when stderr is a terminal)
    std::optional<VoiceOptions> voice; // set with --voice: conversations instead of an idle fleet
};

struct ParsedCommandLine
{
    SimOptions options;
    bool exitNow = false; // --help or --version was printed
    QString error;        // non-empty: print it and exit with status 2
};

ParsedCommandLine parseCommandLine(const QStringList &arguments);

// ssl://, mqtts:// and wss:// broker URIs are TLS.
bool brokerUsesTls(const QString &brokerUri);
// What the device cores carry to their host for the MQTT link.
fw::TlsSettings mqttTlsSettings(const SimOptions &options);

// "500ms", "30s", "2m", "1h"; a bare number is in `bareUnitMs` units. Returns -1 when invalid.
qint64 parseDurationMs(const QString &text, qint64 bareUnitMs);

struct DeviceEntry
{
    QString id;
    QString secret; // empty when the line has none
};

// Lines "id" or "id secret"; blank lines and lines starting with '#' are skipped. Sets *error (with the line
// number) on a bad id or secret, a duplicate id or an unreadable file.
QList<DeviceEntry> readDeviceEntriesFile(const QString &path, QString *error);
// The ids of such a file.
QStringList readDeviceIdsFile(const QString &path, QString *error);

} // namespace spk::sim
