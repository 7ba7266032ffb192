#pragma once
// Plays one recorded track of a session (GET /api/sessions/{id}/audio?track=…, Ogg Opus) with
// Qt Multimedia: play, pause, seek, export. The audio is downloaded asynchronously to a private
// temporary file first, so seeking is local and export is a copy.
#include "shared/client/queries.h"

#include <QPointer>
#include <QTemporaryDir>
#include <QWidget>

class QAudioOutput;
class QLabel;
class QMediaPlayer;
class QPushButton;
class QSlider;

namespace spk::client {
class ApiClient;
class ApiReply;
} // namespace spk::client

namespace spk::console {

class TrackPlayer : public QWidget
{
    Q_OBJECT
public:
    enum class State { Empty, Downloading, Ready, NotRecorded, Failed };
    Q_ENUM(State)

    TrackPlayer(spk::client::ApiClient *api, spk::client::AudioTrack track, QWidget *parent = nullptr);
    ~TrackPlayer() override;

    // Downloads the track of this session (cancels a download in progress).
    void load(qint64 sessionId);
    // Plays an Ogg Opus file already on disk (what load() does once the download is complete).
    void loadLocalFile(const QString &path);
    void unload();

    State state() const { return state_; }
    QString localFile() const { return localFile_; }
    QString statusText() const;
    QMediaPlayer *mediaPlayer() const { return player_; }
    // Copies the downloaded track to path; false (with statusText) when there is nothing or it fails.
    bool exportTo(const QString &path);

public slots:
    void togglePlay();
    void exportWithDialog();

signals:
    void stateChanged(spk::console::TrackPlayer::State state);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void setState(State state, const QString &detail = {});
    void updateTime();
    void updateButtons();

    spk::client::ApiClient *api_;
    spk::client::AudioTrack track_;
    QMediaPlayer *player_;
    QAudioOutput *output_;
    QLabel *title_;
    QPushButton *playButton_;
    QSlider *position_;
    QLabel *time_;
    QPushButton *exportButton_;
    QLabel *status_;
    QTemporaryDir dir_;
    QPointer<spk::client::ApiReply> download_;
    QString localFile_;
    qint64 sessionId_ = 0;
    State state_ = State::Empty;
    QString detail_;
    bool scrubbing_ = false;
};

} // namespace spk::console
