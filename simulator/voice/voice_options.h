#pragma once
// spksim's voice mode options (--voice and friends): what each simulated speaker says, how many
// conversations, the injected network faults, where replies go, and the device secrets for /ws/audio.
#include "simulator/voice/network_impairment.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

class QCommandLineParser;

namespace spk::sim {

struct VoiceOptions
{
    QString path;          // --voice FILE_OR_DIR
    int conversations = 0; // total; default: one per device
    int concurrency = 0;   // at most this many at once; default and cap: the number of devices
    NetworkImpairment impairment;
    QString saveRepliesDir; // empty: replies are not saved
    QUrl audioUrl; // from --server: {server}/ws/audio instead of wake/ack's ws_url; empty: use ws_url
    QHash<QString, QString> secrets; // device id → device secret (every voice device has one)
};

// Registers --voice, --conversations, --concurrency, --loss, --jitter, --reorder, --seed, --save-replies,
// --server and --secrets on the parser.
void addVoiceOptions(QCommandLineParser &parser);

// Reads the voice options after parsing. *out stays empty without --voice (and any other voice option is then
// an error). Secrets come from idsFromFile ("id secret" lines) and/or --secrets FILE.
bool readVoiceOptions(const QCommandLineParser &parser, const QStringList &deviceIds,
                      const QString &idsFromFile, std::optional<VoiceOptions> *out, QString *error);

// "0.05" or "5%" → 0.05; -1 when it is not a fraction 0..1.
double parseFraction(const QString &text);

} // namespace spk::sim
