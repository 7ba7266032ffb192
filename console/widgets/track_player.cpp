#include "console/widgets/track_player.h"

#include "console/app/error_text.h"
#include "shared/client/api_client.h"

#include <QAudioDevice>
#include <QAudioOutput>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLoggingCategory>
#include <QMediaDevices>
#include <QMediaPlayer>
#include <QPushButton>
#include <QSlider>
#include <QVBoxLayout>

Q_LOGGING_CATEGORY(lcPlayer, "spk.console.player")

namespace spk::console {

namespace {
QString clock(qint64 ms)
{
    const qint64 s = qMax<qint64>(0, ms) / 1000;
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}
} // namespace

TrackPlayer::TrackPlayer(spk::client::ApiClient *api, spk::client::AudioTrack track, QWidget *parent)
    : QWidget(parent), api_(api), track_(track), player_(new QMediaPlayer(this)),
      output_(new QAudioOutput(this)), title_(new QLabel(this)), playButton_(new QPushButton(this)),
      position_(new QSlider(Qt::Horizontal, this)), time_(new QLabel(this)),
      exportButton_(new QPushButton(this)), status_(new QLabel(this))
{
    const QString name = spk::client::audioTrackName(track);
    setObjectName(name + QStringLiteral("TrackPlayer"));
    playButton_->setObjectName(QStringLiteral("playButton"));
    position_->setObjectName(QStringLiteral("positionSlider"));
    exportButton_->setObjectName(QStringLiteral("exportButton"));
    player_->setAudioOutput(output_);
    title_->setMinimumWidth(90);
    time_->setMinimumWidth(90);
    status_->setWordWrap(true);

    auto *row = new QHBoxLayout;
    row->addWidget(title_);
    row->addWidget(playButton_);
    row->addWidget(position_, 1);
    row->addWidget(time_);
    row->addWidget(exportButton_);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(status_);

    connect(playButton_, &QPushButton::clicked, this, &TrackPlayer::togglePlay);
    connect(exportButton_, &QPushButton::clicked, this, &TrackPlayer::exportWithDialog);
    connect(player_, &QMediaPlayer::durationChanged, this, [this](qint64 d) {
        position_->setRange(0, int(d));
        updateTime();
    });
    connect(player_, &QMediaPlayer::positionChanged, this, [this](qint64 p) {
        if (!scrubbing_)
            position_->setValue(int(p));
        updateTime();
    });
    connect(player_, &QMediaPlayer::playbackStateChanged, this, [this] { updateButtons(); });
    connect(player_, &QMediaPlayer::errorOccurred, this, [this](QMediaPlayer::Error, const QString &text) {
        qCWarning(lcPlayer) << "media error:" << text;
        status_->setText(tr("Cannot play this track: %1").arg(text));
    });
    connect(position_, &QSlider::sliderPressed, this, [this] { scrubbing_ = true; });
    connect(position_, &QSlider::sliderReleased, this, [this] {
        scrubbing_ = false;
        player_->setPosition(position_->value());
    });
    connect(position_, &QSlider::valueChanged, this, [this](int v) {
        if (scrubbing_)
            time_->setText(QStringLiteral("%1 / %2").arg(clock(v), clock(player_->duration())));
    });
    retranslateUi();
    updateButtons();
}

TrackPlayer::~TrackPlayer()
{
    if (download_)
        download_->abort();
    player_->stop();
}

void TrackPlayer::retranslateUi()
{
    title_->setText(track_ == spk::client::AudioTrack::User ? tr("User audio") : tr("Speaker audio"));
    exportButton_->setText(tr("Export…"));
    position_->setToolTip(tr("Drag to seek"));
    updateButtons();
    setState(state_, detail_);
}

void TrackPlayer::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

QString TrackPlayer::statusText() const
{
    return status_->text();
}

void TrackPlayer::setState(State state, const QString &detail)
{
    const bool changed = state != state_;
    state_ = state;
    detail_ = detail;
    switch (state) {
    case State::Empty:
        status_->setText(tr("No session selected."));
        break;
    case State::Downloading:
        status_->setText(tr("Loading audio…"));
        break;
    case State::Ready:
        status_->setText(QMediaDevices::audioOutputs().isEmpty()
                             ? tr("Loaded. No audio output device on this computer: playback is silent.")
                             : tr("Loaded."));
        break;
    case State::NotRecorded:
        status_->setText(tr("This track was not recorded."));
        break;
    case State::Failed:
        status_->setText(tr("Cannot load the audio: %1").arg(detail));
        break;
    }
    updateButtons();
    if (changed)
        emit stateChanged(state);
}

void TrackPlayer::updateButtons()
{
    const bool ready = state_ == State::Ready;
    playButton_->setEnabled(ready);
    position_->setEnabled(ready);
    exportButton_->setEnabled(ready);
    playButton_->setText(player_->playbackState() == QMediaPlayer::PlayingState ? tr("Pause") : tr("Play"));
}

void TrackPlayer::updateTime()
{
    time_->setText(QStringLiteral("%1 / %2").arg(clock(player_->position()), clock(player_->duration())));
}

void TrackPlayer::unload()
{
    if (download_)
        download_->abort();
    player_->stop();
    player_->setSource({});
    if (!localFile_.isEmpty() && localFile_.startsWith(dir_.path())) // only our own downloads
        QFile::remove(localFile_);
    localFile_.clear();
    sessionId_ = 0;
    position_->setRange(0, 0);
    updateTime();
    setState(State::Empty);
}

void TrackPlayer::load(qint64 sessionId)
{
    unload();
    if (!dir_.isValid()) {
        setState(State::Failed, tr("no temporary folder"));
        return;
    }
    sessionId_ = sessionId;
    const QString path = dir_.filePath(
        QStringLiteral("session-%1-%2.ogg").arg(sessionId).arg(spk::client::audioTrackName(track_)));
    setState(State::Downloading);
    download_ = api_->downloadSessionAudio(sessionId, track_, path);
    download_->then(this, [this, sessionId, path](const spk::client::ApiResult &r) {
        if (sessionId != sessionId_)
            return; // a newer load replaced this one
        if (!r.ok) {
            if (r.errorCode() == QLatin1String(spk::client::errc::kCanceled))
                return;
            if (r.httpStatus == 404)
                setState(State::NotRecorded);
            else
                setState(State::Failed, ErrorText::describe(r));
            return;
        }
        loadLocalFile(path);
    });
}

void TrackPlayer::loadLocalFile(const QString &path)
{
    localFile_ = path;
    player_->setSource(QUrl::fromLocalFile(path));
    qCDebug(lcPlayer) << "loaded" << path;
    setState(State::Ready);
}

void TrackPlayer::togglePlay()
{
    if (state_ != State::Ready)
        return;
    if (player_->playbackState() == QMediaPlayer::PlayingState)
        player_->pause();
    else
        player_->play();
}

bool TrackPlayer::exportTo(const QString &path)
{
    if (state_ != State::Ready || localFile_.isEmpty() || path.isEmpty())
        return false;
    if (QFile::exists(path) && !QFile::remove(path)) {
        status_->setText(tr("Cannot replace %1.").arg(path));
        return false;
    }
    if (!QFile::copy(localFile_, path)) {
        status_->setText(tr("Cannot write %1.").arg(path));
        return false;
    }
    status_->setText(tr("Saved to %1.").arg(path));
    return true;
}

void TrackPlayer::exportWithDialog()
{
    const QString suggested =
        QStringLiteral("session-%1-%2.ogg").arg(sessionId_).arg(spk::client::audioTrackName(track_));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export audio"), suggested,
                                                      tr("Ogg Opus audio (*.ogg *.opus)"));
    if (!path.isEmpty())
        exportTo(path);
}

} // namespace spk::console
