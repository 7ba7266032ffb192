// UdpIngest with several media workers, over real UDP on 127.0.0.1: each stream lands on the worker
// that owns its ssrc even when every stream is sent from one client socket (so the kernel's address
// hash alone would put them all on one worker); frames arrive in order and decodable; the end flag
// ends speech; garbage, forged, closed and removed streams are counted by reason and never delivered.
#include "server/bridge/udp_ingest.h"
#include "server/core/metrics.h"
#include "shared/media/opus_frame_encoder.h"
#include "shared/media/udp_packet.h"

#include <QElapsedTimer>
#include <QTest>
#include <QUdpSocket>

#include <cmath>
#include <map>

using namespace spk::server;
using spk::media::Pcm16;

namespace {
struct Heard
{
    int audio = 0;
    int frames = 0;
    int concealed = 0;
    int loud = 0; // decoded frames with the tone in them
    bool ended = false;
    bool heavyLoss = false;
};

Pcm16 tone(int frame)
{
    Pcm16 pcm(spk::media::kFrameSamples);
    for (std::size_t i = 0; i < pcm.size(); ++i)
        pcm[i] = std::int16_t(8000 * std::sin(2 * M_PI * 440 * double(frame * 320 + int(i)) / 16000));
    return pcm;
}

double rms(const Pcm16 &pcm)
{
    double sum = 0;
    for (std::int16_t s : pcm)
        sum += double(s) * s;
    return std::sqrt(sum / double(pcm.size()));
}
} // namespace

class TestUdpIngest : public QObject
{
    Q_OBJECT

private:
    Metrics metrics_;
    spk::media::OpusFrameEncoder encoder_;
    std::vector<QByteArray> opus_;

    void send(QUdpSocket &socket, quint16 port, quint32 ssrc, const spk::media::SessionKey &key, quint32 seq,
              bool end = false)
    {
        spk::media::UdpHeader header;
        header.ssrc = ssrc;
        header.seq = seq;
        header.timestamp = seq * 20;
        header.flags = end ? spk::media::kUdpFlagEndOfSpeech : 0;
        const QByteArray &frame = opus_.at(seq % opus_.size());
        const auto packet =
            spk::media::encodePacket(header, reinterpret_cast<const std::uint8_t *>(frame.constData()),
                                     std::size_t(frame.size()), key);
        QVERIFY(packet.ok());
        socket.writeDatagram(reinterpret_cast<const char *>(packet.datagram.data()),
                             qint64(packet.datagram.size()), QHostAddress::LocalHost, port);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(encoder_.isValid());
        for (int i = 0; i < 10; ++i)
            opus_.push_back(encoder_.encode(tone(i)));
    }

    void streamsSpreadOverWorkersAndArriveWhole()
    {
        UdpIngest ingest(metrics_, {});
        QString error;
        QVERIFY2(ingest.bind(QHostAddress::LocalHost, 0, &error, 3), qPrintable(error));
        // Linux >= 4.5 accepts the steering program; a kernel that refuses it gets one worker (and
        // a warning), and everything below must hold all the same.
        const int workers = ingest.workerCount();
        QVERIFY2(workers == 3 || workers == 1, qPrintable(QString::number(workers)));
        if (workers == 1)
            qWarning("this kernel refused SO_ATTACH_REUSEPORT_CBPF: testing the one-worker fallback");
        QVERIFY(ingest.port() != 0);

        constexpr int kStreams = 6;
        constexpr int kFrames = 25;
        std::map<quint32, Heard> heard;
        std::map<quint32, spk::media::SessionKey> keys;
        std::map<int, int> perWorker;
        for (int s = 0; s < kStreams; ++s) {
            const auto key = spk::media::randomSessionKey();
            auto slot = std::make_shared<quint32>(0);
            UplinkSink sink;
            sink.onAudio = [&heard, slot] { ++heard[*slot].audio; };
            sink.onPcm = [&heard, slot](const Pcm16 &pcm) {
                QCOMPARE(int(pcm.size()), spk::media::kFrameSamples);
                ++heard[*slot].frames;
                if (rms(pcm) > 1000)
                    ++heard[*slot].loud;
            };
            sink.onOpus = [&heard, slot](const QByteArray &opus) {
                if (opus.isEmpty())
                    ++heard[*slot].concealed;
            };
            sink.onEndOfSpeech = [&heard, slot] { heard[*slot].ended = true; };
            sink.onHeavyLoss = [&heard, slot] { heard[*slot].heavyLoss = true; };
            const quint32 ssrc = ingest.addStream(key, std::move(sink));
            *slot = ssrc;
            QVERIFY(ssrc != 0);
            keys[ssrc] = key;
            heard[ssrc] = {};
            ++perWorker[int(ssrc % quint32(workers))];
        }
        // Least busy worker first: two streams each.
        QCOMPARE(perWorker.size(), std::size_t(workers));
        for (const auto &w : perWorker)
            QCOMPARE(w.second, kStreams / workers);
        QCOMPARE(ingest.streamCount(), kStreams);

        QUdpSocket client; // one source address and port for every stream
        QVERIFY(client.bind(QHostAddress::LocalHost, 0));
        for (int f = 0; f < kFrames; ++f) {
            for (const auto &k : keys)
                send(client, ingest.port(), k.first, k.second, quint32(f), f == kFrames - 1);
            QTest::qWait(5);
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(heard.begin(), heard.end(), [](const auto &h) { return h.second.ended; }), 5000);
        for (const auto &h : heard) {
            QCOMPARE(h.second.frames, kFrames);
            QCOMPARE(h.second.concealed, 0);
            QVERIFY2(h.second.loud >= kFrames - 2, qPrintable(QString::number(h.second.loud)));
            QVERIFY(h.second.audio >= 1);
            QVERIFY(!h.second.heavyLoss);
        }
        QCOMPARE(ingest.dropped("unknown_ssrc") + ingest.dropped("auth_failed"), 0);

        // After the end of speech: closed; after removal: unknown.
        const quint32 first = keys.begin()->first;
        const quint32 second = std::next(keys.begin())->first;
        send(client, ingest.port(), first, keys[first], kFrames + 1);
        ingest.removeStream(second);
        send(client, ingest.port(), second, keys[second], kFrames + 1);
        QTRY_COMPARE_WITH_TIMEOUT(ingest.dropped("session_closed"), 1, 3000);
        QTRY_COMPARE_WITH_TIMEOUT(ingest.dropped("unknown_ssrc"), 1, 3000);
        QCOMPARE(ingest.streamCount(), kStreams - 1);
    }

    void garbageIsCountedOnEveryWorker()
    {
        UdpIngest ingest(metrics_, {});
        QString error;
        QVERIFY2(ingest.bind(QHostAddress::LocalHost, 0, &error, 2), qPrintable(error));
        const auto key = spk::media::randomSessionKey();
        int frames = 0;
        UplinkSink sink;
        sink.onPcm = [&frames](const Pcm16 &) { ++frames; };
        const quint32 ssrc = ingest.addStream(key, std::move(sink));

        const long long before[] = {ingest.dropped("length_mismatch"), ingest.dropped("bad_version"),
                                    ingest.dropped("auth_failed"), ingest.dropped("unknown_ssrc")};
        QUdpSocket client;
        client.writeDatagram(QByteArray("\x01"
                                        "bc"),
                             QHostAddress::LocalHost, ingest.port()); // shorter than an ssrc
        client.writeDatagram(QByteArray(2000, 'x'), QHostAddress::LocalHost, ingest.port()); // too long
        QByteArray wrongVersion(40, '\0');
        wrongVersion[0] = 9;
        client.writeDatagram(wrongVersion, QHostAddress::LocalHost, ingest.port());
        // The right ssrc with another key: forged.
        send(client, ingest.port(), ssrc, spk::media::randomSessionKey(), 0);
        // Unknown ssrcs steered to both workers.
        send(client, ingest.port(), ssrc + 1, key, 0);
        send(client, ingest.port(), ssrc + 2, key, 0);
        QTRY_COMPARE_WITH_TIMEOUT(ingest.dropped("length_mismatch") - before[0], 2, 3000);
        QTRY_COMPARE_WITH_TIMEOUT(ingest.dropped("bad_version") - before[1], 1, 3000);
        QTRY_COMPARE_WITH_TIMEOUT(ingest.dropped("auth_failed") - before[2], 1, 3000);
        QTRY_COMPARE_WITH_TIMEOUT(ingest.dropped("unknown_ssrc") - before[3], 2, 3000);
        QCOMPARE(frames, 0);

        // The session itself still works.
        send(client, ingest.port(), ssrc, key, 0);
        QTRY_VERIFY_WITH_TIMEOUT(frames >= 1, 3000);
    }

    void fixedPortInUseIsRefused()
    {
        QUdpSocket holder;
        QVERIFY(holder.bind(QHostAddress::LocalHost, 0));
        UdpIngest ingest(metrics_, {});
        QString error;
        QVERIFY(!ingest.bind(QHostAddress::LocalHost, holder.localPort(), &error, 2));
        QVERIFY2(error.contains(QString::number(holder.localPort())), qPrintable(error));
    }

    void twoIngestsNeverShareAFixedPort()
    {
        UdpIngest first(metrics_, {});
        QString error;
        QVERIFY2(first.bind(QHostAddress::LocalHost, 0, &error, 2), qPrintable(error));
        UdpIngest second(metrics_, {});
        QVERIFY(!second.bind(QHostAddress::LocalHost, first.port(), &error, 2));
    }
};

QTEST_GUILESS_MAIN(TestUdpIngest)
#include "tst_udp_ingest.moc"
