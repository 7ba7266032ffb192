// The pieces of spksim's voice mode without a server: WAVE reading (encodings, channels, bad files),
// clips (resampling to 20 ms Opus frames), the seeded fault injection, and the voice command line.
#include "shared/media/opus_frame_decoder.h"
#include "simulator/sim_options.h"
#include "simulator/voice/impaired_udp_sender.h"
#include "simulator/voice/voice_clip.h"
#include "simulator/voice/wav_file.h"

#include <QNetworkDatagram>
#include <QSet>
#include <QTemporaryDir>
#include <QUdpSocket>
#include <QtEndian>
#include <QtTest>

#include <cmath>

using namespace spk::sim;
using spk::media::parseWav; // spksim reads WAVE with the shared codec

namespace {

// A WAVE file with the given format; samples are written by `put` (frame index, channel, bytes out).
QByteArray makeWav(quint16 tag, int channels, int rate, int bits, int frames,
                   const std::function<void(int, int, char *)> &put, bool extensible = false)
{
    const int block = channels * bits / 8;
    const int fmtSize = extensible ? 40 : 16;
    QByteArray out;
    out.append("RIFF", 4);
    out.append(4, '\0');
    out.append("WAVE", 4);
    out.append("LIST", 4); // an unrelated chunk first, odd-sized (padded)
    char size[4];
    qToLittleEndian<quint32>(3, size);
    out.append(size, 4);
    out.append("abc\0", 4);
    out.append("fmt ", 4);
    qToLittleEndian<quint32>(quint32(fmtSize), size);
    out.append(size, 4);
    QByteArray fmt(fmtSize, '\0');
    qToLittleEndian<quint16>(extensible ? 0xFFFE : tag, fmt.data());
    qToLittleEndian<quint16>(quint16(channels), fmt.data() + 2);
    qToLittleEndian<quint32>(quint32(rate), fmt.data() + 4);
    qToLittleEndian<quint32>(quint32(rate * block), fmt.data() + 8);
    qToLittleEndian<quint16>(quint16(block), fmt.data() + 12);
    qToLittleEndian<quint16>(quint16(bits), fmt.data() + 14);
    if (extensible)
        qToLittleEndian<quint16>(tag, fmt.data() + 24);
    out.append(fmt);
    out.append("data", 4);
    qToLittleEndian<quint32>(quint32(frames * block), size);
    out.append(size, 4);
    QByteArray data(frames * block, '\0');
    for (int i = 0; i < frames; ++i)
        for (int c = 0; c < channels; ++c)
            put(i, c, data.data() + i * block + c * bits / 8);
    out.append(data);
    qToLittleEndian<quint32>(quint32(out.size() - 8), out.data() + 4);
    return out;
}

double sine(int i, int rate, double hz = 440.0, double amplitude = 0.5)
{
    return amplitude * std::sin(2 * M_PI * hz * i / rate);
}

double rms(const spk::media::Pcm16 &pcm)
{
    double sum = 0;
    for (const qint16 s : pcm)
        sum += double(s) * s;
    return pcm.empty() ? 0 : std::sqrt(sum / double(pcm.size()));
}

} // namespace

class TestSpksimVoiceParts : public QObject
{
    Q_OBJECT
private slots:
    void readsEveryWaveEncoding_data()
    {
        QTest::addColumn<int>("tag");
        QTest::addColumn<int>("bits");
        QTest::addColumn<bool>("extensible");
        QTest::newRow("pcm8") << 1 << 8 << false;
        QTest::newRow("pcm16") << 1 << 16 << false;
        QTest::newRow("pcm24") << 1 << 24 << false;
        QTest::newRow("pcm32") << 1 << 32 << false;
        QTest::newRow("float32") << 3 << 32 << false;
        QTest::newRow("float64") << 3 << 64 << false;
        QTest::newRow("extensible pcm24") << 1 << 24 << true;
    }

    void readsEveryWaveEncoding()
    {
        QFETCH(int, tag);
        QFETCH(int, bits);
        QFETCH(bool, extensible);
        const int rate = 44100, frames = 4410;
        // Left: a sine; right: its negative plus a little offset, so the down-mix is a small known signal.
        const auto put = [&](int i, int c, char *out) {
            const double v = c == 0 ? sine(i, rate) : -sine(i, rate) + 0.25;
            if (tag == 3 && bits == 32)
                qToLittleEndian<float>(float(v), out);
            else if (tag == 3)
                qToLittleEndian<double>(v, out);
            else if (bits == 8)
                *out = char(quint8(std::lround(v * 127 + 128)));
            else if (bits == 16)
                qToLittleEndian<qint16>(qint16(std::lround(v * 32767)), out);
            else if (bits == 24) {
                const qint32 s = qint32(std::lround(v * 8388607));
                out[0] = char(s & 0xff), out[1] = char((s >> 8) & 0xff), out[2] = char((s >> 16) & 0xff);
            } else
                qToLittleEndian<qint32>(qint32(std::lround(v * 2147483647.0)), out);
        };
        QString error;
        const auto audio = parseWav(makeWav(quint16(tag), 2, rate, bits, frames, put, extensible), &error);
        QVERIFY2(audio, qPrintable(error));
        QCOMPARE(audio->sampleRate, rate);
        QCOMPARE(int(audio->samples.size()), frames);
        for (int i = 0; i < frames; i += 97) // (L + R) / 2 = 0.125
            QVERIFY2(std::abs(audio->samples[size_t(i)] - 0.125 * 32767) < 300,
                     qPrintable(QString::number(audio->samples[size_t(i)])));

        // Mono keeps the sine.
        const auto mono = parseWav(makeWav(quint16(tag), 1, rate, bits, frames, put, extensible), &error);
        QVERIFY(mono);
        QVERIFY(std::abs(rms(mono->samples) - 0.5 / std::sqrt(2.0) * 32767) < 400);
    }

    void refusesWhatIsNotUsableAudio()
    {
        const auto pcm16 = [](int, int, char *out) { qToLittleEndian<qint16>(1000, out); };
        QString error;
        QVERIFY(!parseWav("garbage", &error));
        QVERIFY(error.contains("RIFF"));
        QVERIFY(!parseWav(makeWav(2, 1, 8000, 4, 10, [](int, int, char *) {}), &error)); // ADPCM
        QVERIFY(error.contains("unsupported"));
        QByteArray noData = makeWav(1, 1, 16000, 16, 10, pcm16);
        noData.truncate(noData.indexOf("data"));
        QVERIFY(!parseWav(noData, &error));
        QVERIFY(error.contains("data"));
        QVERIFY(!parseWav(makeWav(1, 1, 16000, 16, 0, pcm16), &error));
        QVERIFY(error.contains("no samples"));
        QByteArray badRate = makeWav(1, 1, 16000, 16, 10, pcm16);
        qToLittleEndian<quint32>(5, badRate.data() + badRate.indexOf("fmt ") + 12); // 5 Hz
        QVERIFY(!parseWav(badRate, &error));
        // A data size beyond the file (a stream cut short) is read as far as it goes.
        QByteArray cut = makeWav(1, 1, 16000, 16, 100, pcm16);
        cut.chop(50);
        const auto partial = parseWav(cut, &error);
        QVERIFY(partial);
        QCOMPARE(int(partial->samples.size()), 75);
    }

    void writesAndReadsBack()
    {
        QTemporaryDir dir;
        spk::media::Pcm16 pcm(16000);
        for (size_t i = 0; i < pcm.size(); ++i)
            pcm[i] = qint16(std::lround(sine(int(i), 16000) * 32767));
        QString error;
        const QString path = dir.filePath("x.wav");
        QVERIFY2(writeWav(path, pcm, 16000, &error), qPrintable(error));
        const auto back = readAudioFile(path, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->sampleRate, 16000);
        QCOMPARE(back->samples, pcm);
        QVERIFY(!writeWav(dir.filePath("no/such/dir/x.wav"), pcm, 16000, &error));
        QVERIFY(!readAudioFile(dir.filePath("missing.wav"), &error));
    }

    void clipIsResampledInto20msOpusFrames()
    {
        QTemporaryDir dir;
        const int rate = 22050; // espeak-ng's rate
        const auto put = [&](int i, int, char *out) {
            qToLittleEndian<qint16>(qint16(std::lround(sine(i, rate) * 32767)), out);
        };
        QFile f(dir.filePath("b.wav"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(makeWav(1, 1, rate, 16, rate, put)); // 1 s
        f.close();
        QFile raw(dir.filePath("a.raw"));
        QVERIFY(raw.open(QIODevice::WriteOnly));
        raw.write(QByteArray(16000 * 2 / 2, '\0')); // 0.5 s of 16 kHz silence
        raw.close();
        QFile other(dir.filePath("notes.txt"));
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.close();

        QString error;
        const VoiceClips clips = loadVoiceClips(dir.path(), &error);
        QVERIFY2(clips.size() == 2, qPrintable(error));
        QCOMPARE(clips[0]->name, QStringLiteral("a.raw")); // by name
        QCOMPARE(clips[0]->frames.size(), size_t(25));
        QCOMPARE(clips[1]->sourceRate, rate);
        QCOMPARE(clips[1]->frames.size(), size_t(50));
        QCOMPARE(clips[1]->durationMs(), 1000);
        spk::media::OpusFrameDecoder decoder;
        spk::media::Pcm16 decoded;
        for (const QByteArray &frame : clips[1]->frames) {
            const auto pcm = decoder.decode(frame);
            QCOMPARE(int(pcm.size()), 320);
            decoded.insert(decoded.end(), pcm.begin(), pcm.end());
        }
        QVERIFY2(rms(decoded) > 0.3 * 32767, qPrintable(QString::number(rms(decoded))));

        QTemporaryDir empty;
        QVERIFY(loadVoiceClips(empty.path(), &error).empty());
        QVERIFY(error.contains("no .wav or .raw"));
    }

    void faultInjectionIsSeededAndCounted()
    {
        QUdpSocket receiver;
        QVERIFY(receiver.bind(QHostAddress::LocalHost, 0));
        const auto run = [&](quint32 seed) {
            NetworkImpairment faults;
            faults.loss = 0.1;
            faults.jitterMs = 30;
            faults.reorder = 0.05;
            faults.seed = seed;
            ImpairedUdpSender sender(faults);
            QString error;
            if (!sender.open(&error))
                qFatal("%s", qPrintable(error));
            for (int i = 0; i < 400; ++i) {
                const std::vector<uint8_t> bytes = {uint8_t(i >> 8), uint8_t(i)};
                sender.send("127.0.0.1", receiver.localPort(), bytes);
            }
            QList<int> order;
            // (QTRY_* cannot be used in a lambda that returns a value.)
            const bool settled = QTest::qWaitFor(
                [&] {
                    while (receiver.hasPendingDatagrams()) {
                        const QByteArray d = receiver.receiveDatagram().data();
                        order << ((quint8(d[0]) << 8) | quint8(d[1]));
                    }
                    return sender.pending() == 0 && quint64(order.size()) == sender.counters().sent;
                },
                5000);
            const UdpSendCounters c = sender.counters();
            if (!settled)
                order.clear(); // makes the size check below fail
            return std::make_pair(order, c);
        };
        const auto [first, c1] = run(42);
        QCOMPARE(quint64(first.size()), c1.sent); // every datagram not lost arrived
        QCOMPARE(c1.offered, 400u);
        QCOMPARE(c1.sent + c1.lost, 400u);
        QVERIFY2(c1.lost >= 20 && c1.lost <= 65, qPrintable(QString::number(c1.lost))); // ~10 %
        QVERIFY(c1.reordered >= 5 && c1.reordered <= 40);
        QVERIFY(c1.delayed > 300);
        QCOMPARE(c1.errors, 0u);
        QVERIFY(!std::is_sorted(first.begin(), first.end())); // jitter and reordering
        const auto [second, c2] = run(42);
        QCOMPARE(QSet<int>(second.begin(), second.end()),
                 QSet<int>(first.begin(), first.end())); // same losses
        const auto [third, c3] = run(43);
        QVERIFY(QSet<int>(third.begin(), third.end()) != QSet<int>(first.begin(), first.end()));
    }

    void voiceCommandLine()
    {
        QTemporaryDir dir;
        const QString clip = dir.filePath("q.raw");
        QFile(clip).open(QIODevice::WriteOnly);
        const QString ids = dir.filePath("ids.txt");
        QFile f(ids);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# comment\nsp-1 s3cret\n\nsp-2   other-secret\n");
        f.close();
        const auto parse = [](QStringList args) { return parseCommandLine(QStringList{"spksim"} + args); };

        auto r = parse({"--voice", clip, "--ids-from", ids, "--loss", "5%", "--jitter", "40ms", "--reorder",
                        "0.02", "--server", "http://127.0.0.1:8080/", "--concurrency", "9", "--save-replies",
                        dir.filePath("out")});
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QVERIFY(r.options.voice);
        const VoiceOptions &v = *r.options.voice;
        QCOMPARE(r.options.deviceIds, QStringList({"sp-1", "sp-2"}));
        QCOMPARE(v.secrets.value("sp-2"), QStringLiteral("other-secret"));
        QCOMPARE(v.impairment.loss, 0.05);
        QCOMPARE(v.impairment.jitterMs, 40);
        QCOMPARE(v.impairment.reorder, 0.02);
        QCOMPARE(v.impairment.seed, 1u);
        QCOMPARE(v.conversations, 2); // one per device
        QCOMPARE(v.concurrency, 2);   // capped: one conversation per speaker at a time
        QCOMPARE(v.audioUrl.toString(), QStringLiteral("ws://127.0.0.1:8080/ws/audio"));
        QVERIFY(QFileInfo(dir.filePath("out")).isDir());

        // Without --voice the fleet is as before, and "id secret" lines still give ids.
        r = parse({"--ids-from", ids});
        QVERIFY(r.error.isEmpty());
        QVERIFY(!r.options.voice);
        QCOMPARE(r.options.deviceIds.size(), 2);

        const QString noSecret = dir.filePath("nosecret.txt");
        QFile n(noSecret);
        QVERIFY(n.open(QIODevice::WriteOnly));
        n.write("sp-1\n");
        n.close();
        const QString secrets = dir.filePath("secrets.txt");
        QFile s(secrets);
        QVERIFY(s.open(QIODevice::WriteOnly));
        s.write("sp-1 from-secrets-file\n");
        s.close();
        r = parse({"--voice", clip, "--ids-from", noSecret, "--secrets", secrets});
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.options.voice->secrets.value("sp-1"), QStringLiteral("from-secrets-file"));

        const QList<QStringList> bad = {
            {"--voice", clip, "--ids-from", noSecret},
            {"--voice", clip, "--ids-from", ids, "--loss", "1.5"},
            {"--voice", clip, "--ids-from", ids, "--loss", "x"},
            {"--voice", clip, "--ids-from", ids, "--jitter", "2s"},
            {"--voice", clip, "--ids-from", ids, "--conversations", "0"},
            {"--voice", clip, "--ids-from", ids, "--seed", "-1"},
            {"--voice", clip, "--ids-from", ids, "--server", "ftp://x"},
            {"--voice", dir.filePath("nothing.wav"), "--ids-from", ids},
            {"--reorder", "0.1"},
            {"--secrets", secrets},
        };
        for (const QStringList &args : bad) {
            r = parse(args);
            QVERIFY2(!r.error.isEmpty(), qPrintable(args.join(' ')));
        }
        QFile three(dir.filePath("three.txt"));
        QVERIFY(three.open(QIODevice::WriteOnly));
        three.write("sp-1 a b\n");
        three.close();
        r = parse({"--ids-from", three.fileName()});
        QVERIFY(r.error.contains(":1:"));
    }
};

QTEST_GUILESS_MAIN(TestSpksimVoiceParts)
#include "tst_spksim_voice_parts.moc"
