// The session audio player on a real Ogg Opus file (written with libopusenc): GStreamer decodes it
// headless (needs gstreamer1.0-plugins-good for its fallback audio sink), the duration shows, play,
// pause and seek work, export copies the file.
#include "console/app/connection.h"
#include "console/widgets/track_player.h"
#include "shared/media/ogg_opus_writer.h"

#include <QFile>
#include <QMediaPlayer>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <vector>

using namespace spk::console;

class TestTrackPlayer : public QObject
{
    Q_OBJECT
private slots:
    void playsAndExportsAnOggOpusFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("tone.ogg"));
        QString error;
        auto writer = spk::media::OggOpusWriter::toFile(path, {}, &error);
        QVERIFY2(writer, qPrintable(error));
        std::vector<std::int16_t> pcm(16000); // 1 s of 440 Hz at 16 kHz
        for (size_t i = 0; i < pcm.size(); ++i)
            pcm[i] = std::int16_t(8000 * std::sin(2 * M_PI * 440 * double(i) / 16000.0));
        QVERIFY(writer->write(pcm.data(), pcm.size()));
        QVERIFY(writer->finish());

        Connection connection; // not logged in: the player only needs a client for downloads
        TrackPlayer player(connection.api(), spk::client::AudioTrack::Assistant);
        QCOMPARE(player.state(), TrackPlayer::State::Empty);
        QVERIFY(!player.exportTo(dir.filePath(QStringLiteral("nothing.ogg")))); // nothing loaded yet

        player.loadLocalFile(path);
        QCOMPARE(player.state(), TrackPlayer::State::Ready);
        QTRY_VERIFY_WITH_TIMEOUT(player.mediaPlayer()->mediaStatus() == QMediaPlayer::LoadedMedia ||
                                     player.mediaPlayer()->error() != QMediaPlayer::NoError,
                                 10000);
        QCOMPARE(player.mediaPlayer()->error(), QMediaPlayer::NoError);
        QTRY_VERIFY_WITH_TIMEOUT(std::abs(player.mediaPlayer()->duration() - 1000) < 100, 10000);
        auto *play = player.findChild<QPushButton *>(QStringLiteral("playButton"));
        QVERIFY(play->isEnabled());
        QCOMPARE(play->text(), QStringLiteral("Play"));
        player.togglePlay();
        QTRY_COMPARE_WITH_TIMEOUT(player.mediaPlayer()->playbackState(), QMediaPlayer::PlayingState, 5000);
        QCOMPARE(play->text(), QStringLiteral("Pause"));
        player.togglePlay();
        QTRY_COMPARE_WITH_TIMEOUT(player.mediaPlayer()->playbackState(), QMediaPlayer::PausedState, 5000);
        player.mediaPlayer()->setPosition(500); // what releasing the seek slider does
        QTRY_VERIFY_WITH_TIMEOUT(std::abs(player.mediaPlayer()->position() - 500) < 100, 5000);

        const QString exported = dir.filePath(QStringLiteral("export.ogg"));
        QVERIFY(player.exportTo(exported));
        QFile copy(exported);
        QVERIFY(copy.open(QIODevice::ReadOnly));
        QCOMPARE(copy.read(4), QByteArray("OggS"));
        QVERIFY(player.statusText().contains(exported));

        player.unload();
        QCOMPARE(player.state(), TrackPlayer::State::Empty);
        QVERIFY(QFile::exists(path)); // a file the player did not download is never deleted
    }
};

QTEST_MAIN(TestTrackPlayer)
#include "tst_track_player.moc"
