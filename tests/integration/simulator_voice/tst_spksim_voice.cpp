// spksim --voice against a real spkd (embedded defaults: SQLite, its private Mosquitto, the built-in
// pocketsphinx / intents / espeak-ng pipeline): real recorded speech from Debian's pocketsphinx-testdata
// goes up over UDP, the reply comes back over /ws/audio (or the fallback URL) and is saved as WAV, and
// the session is completed in GET /api/sessions.
#include "tests/support/require_service.h"
#include "tests/support/spkd_process.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QUdpSocket>
#include <QtEndian>
#include <QtTest>

#include <cmath>

using namespace spk::test;

namespace {

const QString kSpeech = QStringLiteral("/usr/share/pocketsphinx/test/data/goforward.raw"); // 16 kHz s16le
const QStringList kWords = {QStringLiteral("go"), QStringLiteral("forward"), QStringLiteral("ten"),
                            QStringLiteral("meters")};
constexpr int kSimTimeoutMs = 60000;

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// A UDP port on 127.0.0.1 that was free a moment ago (the bridge's default 7000 may be taken).
quint16 freeUdpPort()
{
    QUdpSocket s;
    s.bind(QHostAddress::LocalHost, 0);
    return s.localPort();
}

// The recording as a 16-bit mono 16 kHz WAVE file, written here independently of spksim's own writer.
bool writeSpeechWav(const QString &path)
{
    QFile raw(kSpeech);
    if (!raw.open(QIODevice::ReadOnly))
        return false;
    const QByteArray pcm = raw.readAll();
    QByteArray header(44, '\0');
    char *h = header.data();
    memcpy(h, "RIFF", 4);
    qToLittleEndian<quint32>(quint32(36 + pcm.size()), h + 4);
    memcpy(h + 8, "WAVEfmt ", 8);
    qToLittleEndian<quint32>(16, h + 16);
    qToLittleEndian<quint16>(1, h + 20);
    qToLittleEndian<quint16>(1, h + 22);
    qToLittleEndian<quint32>(16000, h + 24);
    qToLittleEndian<quint32>(32000, h + 28);
    qToLittleEndian<quint16>(2, h + 32);
    qToLittleEndian<quint16>(16, h + 34);
    memcpy(h + 36, "data", 4);
    qToLittleEndian<quint32>(quint32(pcm.size()), h + 40);
    QFile out(path);
    return out.open(QIODevice::WriteOnly) && out.write(header + pcm) == header.size() + pcm.size();
}

struct WavStats
{
    int sampleRate = 0;
    double seconds = 0;
    double rms = 0;
};

// Reads a 16-bit mono WAVE file as spksim writes it (44-byte header).
std::optional<WavStats> wavStats(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray b = f.readAll();
    if (b.size() < 44 || !b.startsWith("RIFF") || b.mid(8, 4) != "WAVE" || b.mid(36, 4) != "data" ||
        qFromLittleEndian<quint16>(b.constData() + 22) != 1 ||
        qFromLittleEndian<quint16>(b.constData() + 34) != 16)
        return std::nullopt;
    WavStats s;
    s.sampleRate = int(qFromLittleEndian<quint32>(b.constData() + 24));
    const qsizetype samples = (b.size() - 44) / 2;
    double sum = 0;
    for (qsizetype i = 0; i < samples; ++i) {
        const double v = qFromLittleEndian<qint16>(b.constData() + 44 + 2 * i);
        sum += v * v;
    }
    s.seconds = double(samples) / s.sampleRate;
    s.rms = samples > 0 ? std::sqrt(sum / double(samples)) : 0;
    return s;
}

int matchingWords(const QString &text)
{
    const QStringList heard = text.toLower().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    return int(
        std::count_if(kWords.begin(), kWords.end(), [&](const QString &w) { return heard.contains(w); }));
}

struct SimRun
{
    int exitCode = -1;
    QJsonObject summary;
    QByteArray stderrText;
};

} // namespace

class TestSpksimVoice : public QObject
{
    Q_OBJECT

    std::unique_ptr<SpkdProcess> spkd_;
    QString admin_;
    QTemporaryDir dir_;
    QString wavPath_;
    QStringList ids_;
    QHash<QString, QString> secrets_;

    SimRun runSim(const QStringList &args)
    {
        QProcess p;
        p.start(QStringLiteral(SPKSIM_PATH),
                QStringList{QStringLiteral("--broker"), spkd_->mqttUrl(), QStringLiteral("--no-progress")} +
                    args);
        SimRun r;
        if (!p.waitForStarted(5000) || !p.waitForFinished(kSimTimeoutMs)) {
            p.kill();
            p.waitForFinished(2000);
            r.stderrText = "spksim did not finish in time: " + p.readAllStandardError();
            return r;
        }
        r.exitCode = p.exitCode();
        r.stderrText = p.readAllStandardError();
        r.summary = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        return r;
    }

    QString writeIdsFile(const QString &name, const QList<QPair<QString, QString>> &lines)
    {
        const QString path = dir_.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Text))
            return {};
        f.write("# id secret, as `POST /api/devices` returned them\n");
        for (const auto &[id, secret] : lines)
            f.write((id + QLatin1Char(' ') + secret + QLatin1Char('\n')).toUtf8());
        return path;
    }

    QJsonObject serverSession(const QString &deviceId, const QString &deviceSessionId)
    {
        const auto r =
            spkd_->api("GET", QStringLiteral("/api/sessions?device_id=%1&limit=50").arg(deviceId), admin_);
        for (const QJsonValue &v : r.json.value("sessions").toArray())
            if (v.toObject().value("device_session_id").toString() == deviceSessionId)
                return v.toObject();
        return {};
    }

    // What every completed conversation must show, on spksim's side and on spkd's.
    void verifyCompleted(const QJsonObject &session)
    {
        const QString deviceId = session.value("device_id").toString();
        const QString sessionId = session.value("session_id").toString();
        QVERIFY2(session.value("completed").toBool(), qPrintable(session.value("failure").toString()));
        const QString heard = session.value("final_transcript").toString();
        QVERIFY2(!heard.trimmed().isEmpty(), "empty final transcript");
        QVERIFY2(matchingWords(heard) >= 2, qPrintable(heard));
        QVERIFY(session.value("frames_sent").toInt() > 100); // 2.8 s of speech in 20 ms frames
        QVERIFY(session.value("wake_ack_ms").toDouble(-1) >= 0);
        QVERIFY(session.value("final_transcript_ms").toDouble(-1) >= 0);
        QVERIFY(session.value("first_audio_ms").toDouble(-1) >= 0);
        // Frames are paced in real time, so a conversation lasts at least as long as the speech.
        QVERIFY(session.value("total_ms").toDouble() >= 20.0 * (session.value("frames_sent").toInt() - 1));

        const QString saved = session.value("saved_reply").toString();
        const auto wav = wavStats(saved);
        QVERIFY2(wav, qPrintable("no readable reply WAV at '" + saved + "'"));
        QCOMPARE(wav->sampleRate, 16000);
        QVERIFY2(wav->seconds > 0.5, qPrintable(QString::number(wav->seconds)));
        QVERIFY2(wav->rms > 300, qPrintable(QStringLiteral("reply RMS %1: silent").arg(wav->rms)));

        QJsonObject row;
        QTRY_VERIFY_WITH_TIMEOUT(!(row = serverSession(deviceId, sessionId)).isEmpty(), 5000);
        QTRY_COMPARE_WITH_TIMEOUT((row = serverSession(deviceId, sessionId)).value("status").toString(),
                                  QStringLiteral("completed"), 5000);
        QCOMPARE(row.value("user_query").toString(), heard);
        QVERIFY(!row.value("ai_response").toString().isEmpty());
    }

private slots:
    void initTestCase()
    {
        SPK_REQUIRE_AVAILABLE("pocketsphinx-testdata", QFile::exists(kSpeech),
                              "apt-get install pocketsphinx-testdata");
        QVERIFY(dir_.isValid());
        wavPath_ = dir_.filePath(QStringLiteral("goforward.wav"));
        QVERIFY(writeSpeechWav(wavPath_));
        spkd_ = std::make_unique<SpkdProcess>();
        SpkdProcess::Options o;
        o.env << QStringLiteral("SPK_BRIDGE_UDP_PORT=%1").arg(freeUdpPort());
        QString error;
        QVERIFY2(spkd_->start(o, &error), qPrintable(error));
        admin_ = spkd_->adminToken();
        QVERIFY(!admin_.isEmpty());
        const qint64 adminId = spkd_->api("GET", "/api/me", admin_).json.value("id").toInteger();
        for (const QString &id : {QStringLiteral("voice-0001"), QStringLiteral("voice-0002")}) {
            const auto r = spkd_->api("POST", "/api/devices", admin_,
                                      json({{"id", id}, {"name", "Voice " + id}, {"owner_id", adminId}}));
            QCOMPARE(r.status, 201);
            const QString secret = r.json.value("secret").toString();
            QVERIFY(!secret.isEmpty());
            ids_ << id;
            secrets_.insert(id, secret);
        }
    }

    void cleanupTestCase() { spkd_.reset(); }

    void badUsageExitsWithStatus2()
    {
        const QString idsOnly = writeIdsFile(QStringLiteral("ids-only.txt"), {});
        QFile f(idsOnly);
        QVERIFY(f.open(QIODevice::Append | QIODevice::Text));
        f.write("voice-0001\n");
        f.close();
        SimRun r = runSim({QStringLiteral("--voice"), wavPath_, QStringLiteral("--ids-from"), idsOnly});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.stderrText.contains("no secret for device 'voice-0001'"), r.stderrText.constData());
        r = runSim({QStringLiteral("--voice"), dir_.filePath(QStringLiteral("missing.wav")),
                    QStringLiteral("--devices"), QStringLiteral("1")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.stderrText.contains("missing.wav"), r.stderrText.constData());
        r = runSim({QStringLiteral("--jitter"), QStringLiteral("40ms")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.stderrText.contains("--jitter needs --voice"), r.stderrText.constData());
    }

    void conversationCompletes()
    {
        const QString idsFile = writeIdsFile(QStringLiteral("ids.txt"), {{ids_[0], secrets_[ids_[0]]}});
        const QString replies = dir_.filePath(QStringLiteral("replies"));
        const SimRun r = runSim({QStringLiteral("--voice"), wavPath_, QStringLiteral("--ids-from"), idsFile,
                                 QStringLiteral("--save-replies"), replies, QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.stderrText.constData());
        QCOMPARE(r.summary.value("conversations").toInt(), 1);
        QCOMPARE(r.summary.value("completed").toInt(), 1);
        const QJsonObject latency = r.summary.value("latency_ms").toObject();
        for (const char *stage : {"wake_ack", "final_transcript", "first_audio", "total"}) {
            const QJsonObject l = latency.value(QLatin1String(stage)).toObject();
            QVERIFY2(l.value("samples").toInt() == 1, stage);
            QVERIFY2(l.value("p50").toDouble(-1) >= 0 &&
                         l.value("p95").toDouble() >= l.value("p50").toDouble() &&
                         l.value("max").toDouble() >= l.value("p95").toDouble(),
                     stage);
        }
        const QJsonArray sessions = r.summary.value("sessions").toArray();
        QCOMPARE(sessions.size(), 1);
        const QJsonObject s = sessions.first().toObject();
        QCOMPARE(s.value("fallback").toBool(), false);
        QVERIFY(s.value("reply_frames").toInt() > 0);
        QCOMPARE(r.summary.value("udp").toObject().value("lost").toInt(), 0);
        verifyCompleted(s);
        qInfo("latency: wake->ack %d ms, end of speech->final %d ms, ->first audio %d ms, total %d ms",
              s.value("wake_ack_ms").toInt(), s.value("final_transcript_ms").toInt(),
              s.value("first_audio_ms").toInt(), s.value("total_ms").toInt());
    }

    void lossyNetworkStillCompletes()
    {
        const QString idsFile = writeIdsFile(QStringLiteral("ids2.txt"),
                                             {{ids_[0], secrets_[ids_[0]]}, {ids_[1], secrets_[ids_[1]]}});
        const QString replies = dir_.filePath(QStringLiteral("replies-lossy"));
        // The raw recording this time (spksim reads .raw as 16 kHz s16le).
        const SimRun r = runSim({QStringLiteral("--voice"), kSpeech, QStringLiteral("--ids-from"), idsFile,
                                 QStringLiteral("--conversations"), QStringLiteral("2"),
                                 QStringLiteral("--loss"), QStringLiteral("0.05"), QStringLiteral("--jitter"),
                                 QStringLiteral("40ms"), QStringLiteral("--reorder"), QStringLiteral("0.02"),
                                 QStringLiteral("--seed"), QStringLiteral("7"),
                                 QStringLiteral("--save-replies"), replies, QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.stderrText.constData());
        QCOMPARE(r.summary.value("completed").toInt(), 2);
        const QJsonObject udp = r.summary.value("udp").toObject();
        QVERIFY2(udp.value("lost").toInt() > 0, "no datagram was dropped");
        QVERIFY(udp.value("reordered").toInt() > 0);
        QVERIFY(udp.value("delayed").toInt() > udp.value("sent").toInt() / 2);
        QCOMPARE(udp.value("sent").toInt() + udp.value("lost").toInt(), udp.value("offered").toInt());
        QSet<QString> devices;
        for (const QJsonValue &v : r.summary.value("sessions").toArray()) {
            devices.insert(v.toObject().value("device_id").toString());
            verifyCompleted(v.toObject());
        }
        QCOMPARE(devices.size(), 2); // both speakers talked, at the same time
    }

    void unreachableAudioSocketGetsTheFallbackUrl()
    {
        // The speaker cannot open /ws/audio (--server names a port where no one listens), so the bridge
        // stores the reply behind a one-time URL and publishes `play`; spksim downloads and decodes the
        // Ogg Opus reply. (A wrong secret no longer gets this far: the broker refuses it, protocol.md §7.)
        const QString idsFile =
            writeIdsFile(QStringLiteral("ids-fallback.txt"), {{ids_[1], secrets_.value(ids_[1])}});
        const QString replies = dir_.filePath(QStringLiteral("replies-fallback"));
        const QString nowhere = QStringLiteral("http://127.0.0.1:%1").arg(freePort());
        const SimRun r = runSim({QStringLiteral("--voice"), wavPath_, QStringLiteral("--ids-from"), idsFile,
                                 QStringLiteral("--server"), nowhere, QStringLiteral("--save-replies"),
                                 replies, QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.stderrText.constData());
        QCOMPARE(r.summary.value("audio_socket_failures").toInt(), 1);
        QCOMPARE(r.summary.value("fallback_replies").toInt(), 1);
        const QJsonObject s = r.summary.value("sessions").toArray().first().toObject();
        QCOMPARE(s.value("fallback").toBool(), true);
        QCOMPARE(s.value("reply_frames").toInt(), 0);
        verifyCompleted(s);
    }
};

QTEST_GUILESS_MAIN(TestSpksimVoice)
#include "tst_spksim_voice.moc"
