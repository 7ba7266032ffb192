#include "simulator/voice/voice_options.h"

#include "simulator/sim_options.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>

namespace spk::sim {

namespace {

const QString kVoice = QStringLiteral("voice");
const QString kConversations = QStringLiteral("conversations");
const QString kConcurrency = QStringLiteral("concurrency");
const QString kLoss = QStringLiteral("loss");
const QString kJitter = QStringLiteral("jitter");
const QString kReorder = QStringLiteral("reorder");
const QString kSeed = QStringLiteral("seed");
const QString kSaveReplies = QStringLiteral("save-replies");
const QString kServer = QStringLiteral("server");
const QString kSecrets = QStringLiteral("secrets");

constexpr int kMaxConversations = 1000000;
constexpr int kMaxJitterMs = 1000;

bool readCount(const QCommandLineParser &p, const QString &name, int *out, QString *error)
{
    if (!p.isSet(name))
        return true;
    bool ok = false;
    const int v = p.value(name).toInt(&ok);
    if (!ok || v < 1 || v > kMaxConversations) {
        *error = QStringLiteral("--%1 '%2' must be a whole number from 1 to %3")
                     .arg(name, p.value(name))
                     .arg(kMaxConversations);
        return false;
    }
    *out = v;
    return true;
}

bool readFraction(const QCommandLineParser &p, const QString &name, double *out, QString *error)
{
    if (!p.isSet(name))
        return true;
    const double v = parseFraction(p.value(name));
    if (v < 0) {
        *error =
            QStringLiteral("--%1 '%2' must be a fraction from 0 to 1 (0.05 or 5%)").arg(name, p.value(name));
        return false;
    }
    *out = v;
    return true;
}

bool readSecrets(const QString &path, const QString &option, QHash<QString, QString> *secrets, QString *error)
{
    QString why;
    const QList<DeviceEntry> entries = readDeviceEntriesFile(path, &why);
    if (!why.isEmpty()) {
        *error = QStringLiteral("--%1: %2").arg(option, why);
        return false;
    }
    for (const DeviceEntry &e : entries)
        if (!e.secret.isEmpty())
            secrets->insert(e.id, e.secret);
    return true;
}

// http://host:port[/base] → ws://host:port[/base]/ws/audio
bool audioUrlFromServer(const QString &text, QUrl *out, QString *error)
{
    QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme();
    if (!url.isValid() || url.host().isEmpty() ||
        (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        *error = QStringLiteral("--server '%1' is not a URL like http://127.0.0.1:8080").arg(text);
        return false;
    }
    url.setScheme(scheme == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path + QStringLiteral("/ws/audio"));
    *out = url;
    return true;
}

} // namespace

double parseFraction(const QString &text)
{
    QString t = text.trimmed();
    double scale = 1.0;
    if (t.endsWith(QLatin1Char('%'))) {
        t.chop(1);
        scale = 0.01;
    }
    bool ok = false;
    const double v = t.toDouble(&ok) * scale;
    return ok && v >= 0.0 && v <= 1.0 ? v : -1.0;
}

void addVoiceOptions(QCommandLineParser &p)
{
    p.addOptions({
        {kVoice,
         QStringLiteral(
             "Voice mode: every speaker holds spoken conversations with this .wav/.raw file, or the "
             "files of this directory in turn (see docs/simulator.md)."),
         QStringLiteral("file-or-dir")},
        {kConversations, QStringLiteral("Voice: conversations in total (default: one per device)."),
         QStringLiteral("n")},
        {kConcurrency, QStringLiteral("Voice: at most this many at once (default: all devices)."),
         QStringLiteral("n")},
        {kLoss, QStringLiteral("Voice: drop this fraction of uplink datagrams (0.05 or 5%)."),
         QStringLiteral("fraction")},
        {kJitter, QStringLiteral("Voice: delay each datagram by a random 0..D (e.g. 40ms)."),
         QStringLiteral("duration")},
        {kReorder, QStringLiteral("Voice: hold this fraction of datagrams back 40 ms (reordering)."),
         QStringLiteral("fraction")},
        {kSeed, QStringLiteral("Voice: seed of the fault injection RNG (default 1)."), QStringLiteral("n")},
        {kSaveReplies, QStringLiteral("Voice: save each reply heard as DIR/{device}_{session}.wav."),
         QStringLiteral("dir")},
        {kServer,
         QStringLiteral("Voice: spkd's base URL; the device WebSocket goes to {server}/ws/audio instead of "
                        "wake/ack's ws_url."),
         QStringLiteral("url")},
        {kSecrets, QStringLiteral("Voice: device secrets, lines 'id secret' (or put them in --ids-from)."),
         QStringLiteral("file")},
    });
}

bool readVoiceOptions(const QCommandLineParser &p, const QStringList &deviceIds, const QString &idsFromFile,
                      std::optional<VoiceOptions> *out, QString *error)
{
    out->reset();
    if (!p.isSet(kVoice)) {
        for (const QString &name :
             {kConversations, kConcurrency, kLoss, kJitter, kReorder, kSeed, kSaveReplies, kServer, kSecrets})
            if (p.isSet(name)) {
                *error = QStringLiteral("--%1 needs --voice").arg(name);
                return false;
            }
        return true;
    }
    VoiceOptions v;
    v.path = p.value(kVoice);
    if (!QFileInfo::exists(v.path)) {
        *error = QStringLiteral("--voice '%1' does not exist").arg(v.path);
        return false;
    }
    if (!readCount(p, kConversations, &v.conversations, error) ||
        !readCount(p, kConcurrency, &v.concurrency, error) ||
        !readFraction(p, kLoss, &v.impairment.loss, error) ||
        !readFraction(p, kReorder, &v.impairment.reorder, error))
        return false;
    if (v.conversations == 0)
        v.conversations = int(deviceIds.size());
    if (v.concurrency == 0 || v.concurrency > deviceIds.size())
        v.concurrency = int(deviceIds.size()); // a speaker holds one conversation at a time
    if (p.isSet(kJitter)) {
        const qint64 ms = parseDurationMs(p.value(kJitter), 1);
        if (ms < 0 || ms > kMaxJitterMs) {
            *error = QStringLiteral("--jitter '%1' must be a duration from 0 to %2ms (bare number = ms)")
                         .arg(p.value(kJitter))
                         .arg(kMaxJitterMs);
            return false;
        }
        v.impairment.jitterMs = int(ms);
    }
    if (p.isSet(kSeed)) {
        bool ok = false;
        v.impairment.seed = p.value(kSeed).toUInt(&ok);
        if (!ok) {
            *error =
                QStringLiteral("--seed '%1' must be a whole number from 0 to 4294967295").arg(p.value(kSeed));
            return false;
        }
    }
    if (p.isSet(kSaveReplies)) {
        v.saveRepliesDir = p.value(kSaveReplies);
        if (!QDir().mkpath(v.saveRepliesDir) || !QFileInfo(v.saveRepliesDir).isWritable()) {
            *error = QStringLiteral("--save-replies '%1' is not a writable directory").arg(v.saveRepliesDir);
            return false;
        }
    }
    if (p.isSet(kServer) && !audioUrlFromServer(p.value(kServer), &v.audioUrl, error))
        return false;
    if (!idsFromFile.isEmpty() && !readSecrets(idsFromFile, QStringLiteral("ids-from"), &v.secrets, error))
        return false;
    if (p.isSet(kSecrets) && !readSecrets(p.value(kSecrets), kSecrets, &v.secrets, error))
        return false;
    for (const QString &id : deviceIds)
        if (!v.secrets.contains(id)) {
            *error =
                QStringLiteral("no secret for device '%1': voice devices need theirs for /ws/audio (lines "
                               "'id secret' in --ids-from or --secrets)")
                    .arg(id);
            return false;
        }
    *out = std::move(v);
    return true;
}

} // namespace spk::sim
