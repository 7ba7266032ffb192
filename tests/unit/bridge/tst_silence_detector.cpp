// Server-side end of speech: synthetic levels for the rules, and real recorded speech (Debian's
// pocketsphinx-testdata) for the verdict that matters.
#include "server/bridge/silence_detector.h"
#include "tests/support/require_service.h"

#include <QFile>
#include <QRandomGenerator>
#include <QtTest>

#include <cmath>
#include <vector>

using namespace spk::server;

namespace {
constexpr int kFrame = 320;

std::vector<std::int16_t> noise(int ms, double amplitude, quint32 seed = 1)
{
    QRandomGenerator rng(seed);
    std::vector<std::int16_t> out(std::size_t(ms) * 16);
    for (auto &s : out)
        s = std::int16_t((rng.generateDouble() * 2 - 1) * amplitude);
    return out;
}

std::vector<std::int16_t> tone(int ms, double amplitude)
{
    std::vector<std::int16_t> out(std::size_t(ms) * 16);
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = std::int16_t(amplitude * std::sin(2 * M_PI * 220 * double(i) / 16000.0));
    return out;
}

void append(std::vector<std::int16_t> &a, const std::vector<std::int16_t> &b)
{
    a.insert(a.end(), b.begin(), b.end());
}

// Feeds frame by frame; returns the ms at which EndOfSpeech was first returned (-1 if never), and the ms
// at which speech was first seen in *speechAt.
int run(SilenceDetector &d, const std::vector<std::int16_t> &pcm, int *speechAt = nullptr)
{
    if (speechAt)
        *speechAt = -1;
    for (std::size_t i = 0; i + kFrame <= pcm.size(); i += kFrame) {
        const auto v = d.feed(pcm.data() + i, kFrame);
        const int ms = int(i / 16) + 20;
        if (speechAt && *speechAt < 0 && v != SilenceDetector::Verdict::NoSpeechYet)
            *speechAt = ms;
        if (v == SilenceDetector::Verdict::EndOfSpeech)
            return ms;
    }
    return -1;
}
} // namespace

class TestSilenceDetector : public QObject
{
    Q_OBJECT

private slots:
    void levels()
    {
        const auto loud = tone(20, 32767);
        QVERIFY(std::abs(SilenceDetector::levelDbfs(loud.data(), loud.size()) + 3.01) < 0.1); // sine RMS
        const std::vector<std::int16_t> zero(320, 0);
        QCOMPARE(SilenceDetector::levelDbfs(zero.data(), zero.size()), -120.0);
        QCOMPARE(SilenceDetector::levelDbfs(nullptr, 0), -120.0);
    }

    void speechThenSilenceEndsAfterTheConfiguredSilence()
    {
        std::vector<std::int16_t> pcm = noise(500, 30);
        append(pcm, tone(1000, 6000));
        append(pcm, noise(2000, 30, 2));
        SilenceDetector d;
        int speechAt = 0;
        const int end = run(d, pcm, &speechAt);
        QVERIFY2(speechAt >= 540 && speechAt <= 600, qPrintable(QString::number(speechAt)));
        QCOMPARE(end, 1500 + 800);
    }

    void shortPausesDoNotEndTheUtterance()
    {
        std::vector<std::int16_t> pcm;
        for (int word = 0; word < 4; ++word) {
            append(pcm, tone(300, 6000));
            append(pcm, noise(500, 30, quint32(word + 10))); // 500 ms pause < 800 ms
        }
        SilenceDetector d;
        QCOMPARE(run(d, pcm), -1);
        QCOMPARE(d.verdict(), SilenceDetector::Verdict::Speaking);
    }

    void noiseAloneAndClicksAreNotSpeech()
    {
        SilenceDetector quiet;
        QCOMPARE(run(quiet, noise(3000, 30)), -1);
        QVERIFY(!quiet.heardSpeech());

        // Steady loud noise (a fan): once the floor window has filled, the floor is the fan's level,
        // so the fan stops counting as speech and the utterance ends (instead of never).
        SilenceDetector fan;
        std::vector<std::int16_t> pcm = noise(4000, 3000);
        const int end = run(fan, pcm);
        QVERIFY2(end > 0 && end <= 1500 + 800 + 40, qPrintable(QString::number(end)));
        QVERIFY(fan.noiseFloorDbfs() > -30);

        // A 40 ms click is shorter than speechStartMs.
        SilenceDetector click;
        std::vector<std::int16_t> c = noise(500, 30);
        append(c, tone(40, 20000));
        append(c, noise(1500, 30, 3));
        QCOMPARE(run(click, c), -1);
        QVERIFY(!click.heardSpeech());
    }

    void endOfSpeechLatches()
    {
        SilenceDetectorSettings s;
        s.silenceEndMs = 200;
        SilenceDetector d(s);
        std::vector<std::int16_t> pcm = tone(200, 6000);
        append(pcm, noise(400, 10));
        QVERIFY(run(d, pcm) > 0);
        const auto loud = tone(20, 10000);
        QCOMPARE(d.feed(loud.data(), loud.size()), SilenceDetector::Verdict::EndOfSpeech);
    }

    void realSpeechIsHeardAndItsEndFound()
    {
        QFile f(QStringLiteral("/usr/share/pocketsphinx/test/data/goforward.raw")); // 16 kHz s16le mono
        SPK_REQUIRE_AVAILABLE("pocketsphinx-testdata", f.open(QIODevice::ReadOnly),
                              "apt-get install pocketsphinx-testdata");
        const QByteArray raw = f.readAll();
        std::vector<std::int16_t> pcm(std::size_t(raw.size() / 2));
        std::memcpy(pcm.data(), raw.constData(), pcm.size() * 2);
        const int speechMs = int(pcm.size() / 16);
        append(pcm, noise(1500, 20)); // the speaker stops talking
        SilenceDetector d;
        int speechAt = 0;
        const int end = run(d, pcm, &speechAt);
        QVERIFY2(speechAt > 0 && speechAt < speechMs, qPrintable(QString::number(speechAt)));
        // The recording is "go forward ten meters" with pauses under 800 ms: no early end; the end comes
        // 800 ms after the last voiced frame, which is inside the recording or its trailing silence.
        QVERIFY2(end > speechMs - 800 && end <= speechMs + 800 + 40,
                 qPrintable(QStringLiteral("end %1, speech %2").arg(end).arg(speechMs)));
    }
};

QTEST_APPLESS_MAIN(TestSilenceDetector)
#include "tst_silence_detector.moc"
