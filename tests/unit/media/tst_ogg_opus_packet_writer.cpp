// Ogg Opus from already-encoded packets: RFC 7845 headers and pages (checked by parsing the bytes
// here), and round trips through OggOpusReader (opusfile) with and without lost frames.
#include "audio_test_util.h"
#include "shared/media/ogg_opus_packet_writer.h"
#include "shared/media/ogg_opus_reader.h"
#include "shared/media/opus_frame_encoder.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

using namespace spk::media;
using namespace spk::media::test;

namespace {

struct Page
{
    quint8 flags = 0;
    qint64 granule = 0;
    quint32 sequence = 0;
    QList<QByteArray> packets; // packets completed on this page (no packet spans pages here)
};

// A minimal Ogg page walker (RFC 3533), independent of libogg, to check what the writer produced.
QList<Page> parsePages(const QByteArray &ogg)
{
    QList<Page> pages;
    qsizetype pos = 0;
    while (pos + 27 <= ogg.size()) {
        if (ogg.mid(pos, 4) != "OggS")
            return {};
        const auto *h = reinterpret_cast<const uchar *>(ogg.constData() + pos);
        Page page;
        page.flags = h[5];
        page.granule = qFromLittleEndian<qint64>(h + 6);
        page.sequence = qFromLittleEndian<quint32>(h + 18);
        const int segments = h[26];
        qsizetype body = pos + 27 + segments;
        QByteArray packet;
        for (int i = 0; i < segments; ++i) {
            const int len = h[27 + i];
            packet += ogg.mid(body, len);
            body += len;
            if (len < 255) {
                page.packets.append(packet);
                packet.clear();
            }
        }
        pages.append(page);
        pos = body;
    }
    return pos == ogg.size() ? pages : QList<Page>{};
}

QList<QByteArray> encodeSine(double hz, int frames)
{
    OpusFrameEncoder encoder;
    const Pcm16 pcm = sine(hz, kSampleRate, std::size_t(frames) * kFrameSamples);
    QList<QByteArray> packets;
    for (int i = 0; i < frames; ++i)
        packets.append(encoder.encode(pcm.data() + i * kFrameSamples, kFrameSamples));
    return packets;
}

} // namespace

class TestOggOpusPacketWriter : public QObject
{
    Q_OBJECT
private slots:
    void headersAndPages()
    {
        OggOpusPacketWriterSettings settings;
        settings.title = QStringLiteral("spk session 7");
        QString error;
        auto writer = OggOpusPacketWriter::toMemory(settings, &error);
        QVERIFY2(writer, qPrintable(error));
        for (const QByteArray &packet : encodeSine(440, 150)) // 3 s
            QVERIFY(writer->writePacket(packet));
        QVERIFY(writer->bytes().isEmpty()); // not before finish()
        QVERIFY2(writer->finish(), qPrintable(writer->errorString()));
        QCOMPARE(writer->packetsWritten(), std::int64_t(150));
        QCOMPARE(writer->granulePosition(), std::int64_t(150 * 960));

        const QList<Page> pages = parsePages(writer->bytes());
        QVERIFY(pages.size() >= 5); // head, tags, and audio cut at least every second
        // First page: OpusHead alone, beginning of stream, granule 0.
        QCOMPARE(pages[0].flags, quint8(0x02));
        QCOMPARE(pages[0].granule, qint64(0));
        QCOMPARE(pages[0].packets.size(), 1);
        const QByteArray head = pages[0].packets[0];
        QCOMPARE(head.size(), 19);
        QVERIFY(head.startsWith("OpusHead"));
        const auto *h = reinterpret_cast<const uchar *>(head.constData());
        QCOMPARE(int(h[8]), 1);                                 // version
        QCOMPARE(int(h[9]), 1);                                 // channels
        QCOMPARE(int(qFromLittleEndian<quint16>(h + 10)), 312); // pre-skip
        QCOMPARE(qFromLittleEndian<quint32>(h + 12), quint32(16000));
        QCOMPARE(qFromLittleEndian<qint16>(h + 16), qint16(0)); // gain
        QCOMPARE(int(h[18]), 0);                                // mapping family
        // Second page: OpusTags alone, with our comment.
        QCOMPARE(pages[1].granule, qint64(0));
        QCOMPARE(pages[1].packets.size(), 1);
        QVERIFY(pages[1].packets[0].startsWith("OpusTags"));
        QVERIFY(pages[1].packets[0].contains("TITLE=spk session 7"));
        // Audio pages: sequence numbers in order, granules rising, ≤ 1 s apart, the last one flagged.
        int audioPackets = 0;
        qint64 previous = 0;
        for (int i = 2; i < pages.size(); ++i) {
            QCOMPARE(pages[i].sequence, quint32(i));
            QVERIFY(pages[i].granule > previous);
            QVERIFY(pages[i].granule - previous <= 48000);
            previous = pages[i].granule;
            audioPackets += int(pages[i].packets.size());
            QCOMPARE(bool(pages[i].flags & 0x04), i == pages.size() - 1);
        }
        QCOMPARE(audioPackets, 150);
        QCOMPARE(pages.last().granule, qint64(150 * 960));
    }

    void sineRoundTrip()
    {
        QString error;
        auto writer = OggOpusPacketWriter::toMemory({}, &error);
        QVERIFY2(writer, qPrintable(error));
        for (const QByteArray &packet : encodeSine(440, 100)) // 2 s
            QVERIFY(writer->writePacket(packet));
        QVERIFY(writer->finish());
        const QByteArray ogg = writer->bytes();
        QVERIFY(!writer->writePacket(encodeSine(440, 1).first())); // finished

        const auto duration = OggOpusReader::durationMs(ogg, &error);
        QVERIFY2(duration, qPrintable(error));
        QVERIFY2(std::abs(*duration - 2000) <= 40, qPrintable(QString::number(*duration)));
        const auto audio = OggOpusReader::readMemory(ogg, kSampleRate, &error);
        QVERIFY2(audio, qPrintable(error));
        QVERIFY2(std::abs(std::int64_t(audio->pcm.size()) - 32000) <= 640,
                 qPrintable(QString::number(audio->pcm.size())));
        const Pcm16 input = sine(440, kSampleRate, 32000);
        const double in = rms(input), out = rms(audio->pcm, 1600, audio->pcm.size() - 1600);
        QVERIFY2(out > 0.75 * in && out < 1.25 * in, qPrintable(QStringLiteral("%1 vs %2").arg(out).arg(in)));
        QVERIFY(std::abs(risingZeroCrossings(audio->pcm) - 880) <= 4);
    }

    // Lost frames (and a packet that is not Opus) keep their 20 ms: the duration and the timing of
    // the audio after the gap stay right.
    void gapsKeepTheTimeline()
    {
        QString error;
        auto writer = OggOpusPacketWriter::toMemory({}, &error);
        QVERIFY(writer);
        const QList<QByteArray> packets = encodeSine(440, 100);
        QVERIFY(writer->writeLost()); // before any packet: the default 20 ms TOC
        for (int i = 1; i < 100; ++i) {
            if (i >= 40 && i < 50)
                QVERIFY(writer->writeLost());
            else if (i == 70)
                QVERIFY(writer->writePacket(QByteArray("\xff\xff\xff", 3))); // code 3 with no count
            else
                QVERIFY(writer->writePacket(packets[i]));
        }
        QVERIFY(writer->writePacket(QByteArray())); // empty: lost too
        QVERIFY(writer->finish());
        QCOMPARE(writer->lostWritten(), std::int64_t(13));
        QCOMPARE(writer->packetsWritten(), std::int64_t(88));
        QCOMPARE(writer->granulePosition(), std::int64_t(101 * 960));

        const QByteArray ogg = writer->bytes();
        const auto audio = OggOpusReader::readMemory(ogg, kSampleRate, &error);
        QVERIFY2(audio, qPrintable(error));
        QVERIFY2(std::abs(audio->durationMs - 2020) <= 40, qPrintable(QString::number(audio->durationMs)));
        QVERIFY2(std::abs(std::int64_t(audio->pcm.size()) - 32320) <= 640,
                 qPrintable(QString::number(audio->pcm.size())));
        // After the gap the tone is back, where it belongs: 1.2–1.3 s has the sine's level and pitch.
        const double level = rms(audio->pcm, 19200, 20800);
        QVERIFY2(level > 0.6 * rms(sine(440, kSampleRate, 1600)), qPrintable(QString::number(level)));
        QVERIFY(std::abs(risingZeroCrossings(audio->pcm, 19200, 20800) - 44) <= 3);
    }

    void fileIsAtomic()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath("1-user.ogg");
        QString error;
        auto writer = OggOpusPacketWriter::toFile(path, {}, &error);
        QVERIFY2(writer, qPrintable(error));
        for (const QByteArray &packet : encodeSine(300, 50))
            QVERIFY(writer->writePacket(packet));
        QVERIFY(!QFile::exists(path)); // nothing half-written is visible
        QVERIFY(writer->finish());
        QVERIFY(QFile::exists(path));
        QVERIFY(writer->bytes().isEmpty()); // file mode
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray ogg = file.readAll();
        QVERIFY(ogg.startsWith("OggS"));
        QCOMPARE(ogg.mid(28, 8), QByteArray("OpusHead")); // 27-byte page header + 1 lacing value
        const auto audio = OggOpusReader::readFile(path, kSampleRate, &error);
        QVERIFY2(audio, qPrintable(error));
        QVERIFY(std::abs(audio->durationMs - 1000) <= 40);
    }

    void badUseFailsCleanly()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("empty.ogg");
        auto writer = OggOpusPacketWriter::toFile(path, {});
        QVERIFY(writer);
        QVERIFY(!writer->finish()); // no packets: no file
        QVERIFY(!writer->errorString().isEmpty());
        QVERIFY(!QFile::exists(path));
        QVERIFY(!writer->writeLost());

        const QString abandoned = dir.filePath("abandoned.ogg");
        {
            auto w = OggOpusPacketWriter::toFile(abandoned, {});
            QVERIFY(w);
            QVERIFY(w->writePacket(encodeSine(300, 1).first()));
        }
        QVERIFY(!QFile::exists(abandoned));

        QString error;
        QVERIFY(!OggOpusPacketWriter::toFile(dir.filePath("no/such/dir/x.ogg"), {}, &error));
        QVERIFY(!error.isEmpty());
        OggOpusPacketWriterSettings bad;
        bad.preSkip = 70000;
        error.clear();
        QVERIFY(!OggOpusPacketWriter::toMemory(bad, &error));
        QVERIFY(error.contains("pre-skip"));
    }
};

QTEST_GUILESS_MAIN(TestOggOpusPacketWriter)
#include "tst_ogg_opus_packet_writer.moc"
