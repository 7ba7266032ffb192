// Reply framing (protocol.md §5): play_start, audio_frame seq 1..N with is_final on the last, play_end;
// frames leave while audio still arrives; a missing or lost WebSocket switches to the fallback.
#include "server/bridge/reply_streamer.h"
#include "shared/media/opus_frame_decoder.h"

#include <QJsonArray>
#include <QtTest>

#include <cmath>

using namespace spk::server;

namespace {
QByteArray speechLike(int samples)
{
    QByteArray out(samples * 2, '\0');
    auto *s = reinterpret_cast<std::int16_t *>(out.data());
    for (int i = 0; i < samples; ++i)
        s[i] = std::int16_t(8000 * std::sin(2 * M_PI * 300 * i / 16000.0));
    return out;
}
} // namespace

class TestReplyStreamer : public QObject
{
    Q_OBJECT

private slots:
    void framesStreamInOrderAndDecode()
    {
        QList<QJsonObject> sent;
        ReplyStreamer r(QStringLiteral("s001"), [&](const QJsonObject &m) {
            sent.append(m);
            return true;
        });
        const int samples = 16000 + 123; // 1 s and a partial frame
        const QByteArray pcm = speechLike(samples);
        // Irregular chunks, as TTS delivers them.
        int at = 0;
        for (int chunk : {100, 3000, 7, 5000, 2, 99999}) {
            const int n = qMin(chunk, samples - at);
            r.push(pcm.mid(at * 2, n * 2));
            at += n;
        }
        QVERIFY(!sent.isEmpty()); // streaming: frames left before the end of the reply
        const int beforeFinish = sent.size();
        r.finish();
        QVERIFY(sent.size() > beforeFinish);
        const int frames = (samples + 319) / 320;
        QCOMPARE(r.frameCount(), frames);
        QCOMPARE(sent.size(), frames + 2);
        QCOMPARE(sent.first().value("type").toString(), QStringLiteral("play_start"));
        QCOMPARE(sent.first().value("session_id").toString(), QStringLiteral("s001"));
        QVERIFY(sent.first().value("total_frames").isNull());
        QCOMPARE(sent.last().value("type").toString(), QStringLiteral("play_end"));
        spk::media::OpusFrameDecoder decoder;
        qint64 previousTs = 0;
        for (int i = 1; i <= frames; ++i) {
            const QJsonObject f = sent.at(i);
            QCOMPARE(f.value("type").toString(), QStringLiteral("audio_frame"));
            QCOMPARE(f.value("seq").toInt(), i);
            QCOMPARE(f.value("is_final").toBool(), i == frames);
            const qint64 ts = qint64(f.value("timestamp").toDouble());
            QVERIFY(i == 1 || ts == previousTs + 20);
            previousTs = ts;
            const auto out = decoder.decode(QByteArray::fromBase64(f.value("data").toString().toLatin1()));
            QCOMPARE(int(out.size()), 320);
        }
        QVERIFY(!r.usingFallback());
        QCOMPARE(int(r.pcm().size()), samples);
    }

    void noWebSocketMeansFallback()
    {
        int attempts = 0;
        ReplyStreamer r(QStringLiteral("s002"), [&](const QJsonObject &) {
            ++attempts;
            return false;
        });
        r.push(speechLike(3200));
        r.finish();
        QVERIFY(r.usingFallback());
        QVERIFY(!r.framesSent());
        QCOMPARE(attempts, 1); // one failed play_start, then silence
        QCOMPARE(int(r.pcm().size()), 3200);
    }

    void socketLostMidReplySwitchesToFallback()
    {
        QList<QJsonObject> sent;
        bool open = true;
        ReplyStreamer r(QStringLiteral("s003"), [&](const QJsonObject &m) {
            if (!open)
                return false;
            sent.append(m);
            return true;
        });
        r.push(speechLike(3200)); // 10 frames: 9 sent, one held back
        QCOMPARE(sent.size(), 1 + 9);
        open = false;
        r.push(speechLike(3200));
        QVERIFY(r.usingFallback());
        r.finish();
        QVERIFY(r.framesSent());
        QCOMPARE(sent.size(), 10);
        QCOMPARE(int(r.pcm().size()), 6400); // the fallback gets the whole reply

        ReplyStreamer lost(QStringLiteral("s004"), [](const QJsonObject &) { return true; });
        lost.push(speechLike(1600));
        lost.connectionLost();
        QVERIFY(lost.usingFallback());
    }

    void emptyReplySendsNothing()
    {
        int calls = 0;
        ReplyStreamer r(QStringLiteral("s005"), [&](const QJsonObject &) {
            ++calls;
            return true;
        });
        r.finish();
        QCOMPARE(calls, 0);
        QVERIFY(!r.usingFallback());
        QVERIFY(r.finished());
    }
};

QTEST_MAIN(TestReplyStreamer)
#include "tst_reply_streamer.moc"
