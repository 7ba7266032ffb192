// Ogg Opus recordings: write (memory, file) -> read back, duration and energy, error paths.
#include "audio_test_util.h"
#include "shared/media/ogg_opus_reader.h"
#include "shared/media/ogg_opus_writer.h"
#include "shared/media/opus_frame_decoder.h"
#include "shared/media/opus_frame_encoder.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace spk::media;
using namespace spk::media::test;

namespace {

OggOpusWriterSettings titled(const QString &title)
{
    OggOpusWriterSettings s;
    s.title = title;
    return s;
}

OggOpusWriterSettings withRate(int rate)
{
    OggOpusWriterSettings s;
    s.inputRate = rate;
    return s;
}

OggOpusWriterSettings withBitrate(int bitrate)
{
    OggOpusWriterSettings s;
    s.bitrate = bitrate;
    return s;
}

bool writeInFrames(OggOpusWriter &writer, const Pcm16 &pcm)
{
    for (std::size_t pos = 0; pos < pcm.size(); pos += kFrameSamples)
        if (!writer.write(pcm.data() + pos, std::min<std::size_t>(kFrameSamples, pcm.size() - pos)))
            return false;
    return true;
}

} // namespace

class TestOggOpus : public QObject
{
    Q_OBJECT
private slots:
    void memoryRoundTrip()
    {
        QString error;
        auto writer = OggOpusWriter::toMemory(titled("reply"), &error);
        QVERIFY2(writer, qPrintable(error));
        const Pcm16 input = sine(440, kSampleRate, 2 * kSampleRate); // 2 s
        QVERIFY(writeInFrames(*writer, input));
        QVERIFY(writer->bytes().isEmpty()); // not before finish()
        QVERIFY2(writer->finish(), qPrintable(writer->errorString()));
        QCOMPARE(writer->samplesWritten(), std::int64_t(input.size()));
        const QByteArray ogg = writer->bytes();
        QVERIFY(ogg.startsWith("OggS"));
        QVERIFY(ogg.contains("OpusHead"));
        QVERIFY(ogg.contains("TITLE=reply"));
        QVERIFY(!writer->write(input)); // finished

        const auto duration = OggOpusReader::durationMs(ogg, &error);
        QVERIFY2(duration, qPrintable(error));
        QVERIFY2(std::abs(*duration - 2000) <= 40, qPrintable(QString::number(*duration)));
        const auto audio = OggOpusReader::readMemory(ogg, kSampleRate, &error);
        QVERIFY2(audio, qPrintable(error));
        QCOMPARE(audio->sampleRate, kSampleRate);
        QVERIFY(std::abs(audio->durationMs - 2000) <= 40);
        QVERIFY2(std::abs(std::int64_t(audio->pcm.size()) - 32000) <= 640,
                 qPrintable(QString::number(audio->pcm.size())));
        const double in = rms(input), out = rms(audio->pcm, 1600, audio->pcm.size() - 1600);
        QVERIFY2(out > 0.75 * in && out < 1.25 * in, qPrintable(QStringLiteral("%1 vs %2").arg(out).arg(in)));
        QVERIFY(std::abs(risingZeroCrossings(audio->pcm) - 880) <= 4);
    }

    void fileIsAtomic()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath("session-user.ogg");
        QString error;
        auto writer = OggOpusWriter::toFile(path, OggOpusWriterSettings{}, &error);
        QVERIFY2(writer, qPrintable(error));
        QVERIFY(writeInFrames(*writer, sine(300, kSampleRate, kSampleRate)));
        QVERIFY(!QFile::exists(path)); // nothing half-written is visible
        QVERIFY(writer->finish());
        QVERIFY(QFile::exists(path));
        QVERIFY(writer->bytes().isEmpty()); // file mode
        const auto audio = OggOpusReader::readFile(path, kSampleRate, &error);
        QVERIFY2(audio, qPrintable(error));
        QVERIFY(std::abs(audio->durationMs - 1000) <= 40);
        // Read at 48 kHz too.
        const auto wide = OggOpusReader::readFile(path, 48000, &error);
        QVERIFY(wide);
        QVERIFY(std::abs(std::int64_t(wide->pcm.size()) - 48000) <= 48 * 40);
    }

    void abandonedFileNeverAppears()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("abandoned.ogg");
        {
            auto writer = OggOpusWriter::toFile(path, OggOpusWriterSettings{});
            QVERIFY(writer);
            QVERIFY(writeInFrames(*writer, sine(300, kSampleRate, 8000)));
        }
        QVERIFY(!QFile::exists(path));
    }

    // The user track: Opus frames from the uplink are decoded (with PLC for a lost one) and
    // re-encoded into the recording.
    void userTrackFromFrames()
    {
        OpusFrameEncoder device;
        OpusFrameDecoder bridge;
        auto writer = OggOpusWriter::toMemory(OggOpusWriterSettings{});
        QVERIFY(writer);
        const Pcm16 input = sine(440, kSampleRate, kSampleRate);
        for (std::size_t f = 0; f < 50; ++f) {
            const QByteArray packet =
                device.encode(input.data() + f * kFrameSamples, static_cast<std::size_t>(kFrameSamples));
            const Pcm16 pcm = (f == 25) ? bridge.conceal() : bridge.decode(packet);
            QVERIFY(writer->write(pcm));
        }
        QVERIFY(writer->finish());
        const auto audio = OggOpusReader::readMemory(writer->bytes());
        QVERIFY(audio);
        QVERIFY(std::abs(audio->durationMs - 1000) <= 40);
        QVERIFY(rms(audio->pcm, 1600) > 0.6 * rms(input));
    }

    void badInput()
    {
        QString error;
        QVERIFY(!OggOpusReader::readMemory(QByteArray("definitely not ogg"), kSampleRate, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!OggOpusReader::readMemory(QByteArray(), kSampleRate, &error));
        QVERIFY(!OggOpusReader::durationMs(QByteArray("OggS garbage"), &error));
        QVERIFY(!OggOpusReader::readFile("/nonexistent/x.ogg", kSampleRate, &error));
        QVERIFY(error.contains("/nonexistent/x.ogg"));
        QVERIFY(!OggOpusWriter::toFile("/nonexistent/dir/x.ogg", OggOpusWriterSettings{}, &error));
        QVERIFY(!OggOpusWriter::toMemory(withRate(1000), &error));
        QVERIFY(!OggOpusWriter::toMemory(withBitrate(-3), &error));
        // A truncated stream decodes what is there or fails cleanly; it never crashes.
        auto writer = OggOpusWriter::toMemory(OggOpusWriterSettings{});
        QVERIFY(writeInFrames(*writer, sine(440, kSampleRate, kSampleRate)));
        QVERIFY(writer->finish());
        const QByteArray ogg = writer->bytes();
        for (qsizetype cut : {qsizetype(10), qsizetype(100), ogg.size() / 2, ogg.size() - 7}) {
            const auto partial = OggOpusReader::readMemory(ogg.left(cut));
            if (partial)
                QVERIFY(partial->pcm.size() <= 16000 + 640);
        }
    }
};

QTEST_GUILESS_MAIN(TestOggOpus)
#include "tst_ogg_opus.moc"
