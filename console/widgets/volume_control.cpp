#include "console/widgets/volume_control.h"

#include "console/app/error_text.h"
#include "shared/client/api_client.h"

#include "shared/wire/fields.h"
#include <QEvent>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QSlider>
#include <QTimer>
#include <QVBoxLayout>

namespace spk::console {

namespace {
constexpr int kDebounceMs = 250; // dragging sends one request when the hand rests, not one per pixel
}

VolumeControl::VolumeControl(spk::client::ApiClient *api, QWidget *parent)
    : QWidget(parent), api_(api), label_(new QLabel(this)), slider_(new QSlider(Qt::Horizontal, this)),
      value_(new QLabel(this)), status_(new QLabel(this)), debounce_(new QTimer(this))
{
    setObjectName(QStringLiteral("volumeControl"));
    slider_->setObjectName(QStringLiteral("volumeSlider"));
    status_->setObjectName(QStringLiteral("volumeStatus"));
    slider_->setRange(0, 100);
    slider_->setPageStep(10);
    value_->setMinimumWidth(40);
    status_->setWordWrap(true);
    debounce_->setSingleShot(true);
    debounce_->setInterval(kDebounceMs);

    auto *row = new QHBoxLayout;
    row->addWidget(label_);
    row->addWidget(slider_, 1);
    row->addWidget(value_);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(status_);

    connect(slider_, &QSlider::valueChanged, this, [this](int v) {
        value_->setText(QStringLiteral("%1 %").arg(v));
        if (!settingProgrammatically_)
            debounce_->start();
    });
    connect(debounce_, &QTimer::timeout, this, [this] { requestVolume(slider_->value()); });
    retranslateUi();
    setDevice({}, std::nullopt);
}

void VolumeControl::retranslateUi()
{
    label_->setText(tr("Volume"));
    setState(state_, detail_);
}

void VolumeControl::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

int VolumeControl::value() const
{
    return slider_->value();
}
QString VolumeControl::stateText() const
{
    return status_->text();
}

void VolumeControl::setDevice(const QString &deviceId, std::optional<int> volume)
{
    deviceId_ = deviceId;
    ++generation_; // replies for the previous device are ignored from now on
    inFlight_ = nullptr;
    queued_.reset();
    debounce_->stop();
    settingProgrammatically_ = true;
    slider_->setValue(volume.value_or(0));
    settingProgrammatically_ = false;
    value_->setText(volume ? QStringLiteral("%1 %").arg(*volume) : QStringLiteral("–"));
    setState(State::Idle);
}

void VolumeControl::showReportedVolume(int volume)
{
    if (slider_->isSliderDown() || debounce_->isActive() || state_ == State::Pending)
        return;
    settingProgrammatically_ = true;
    slider_->setValue(volume);
    settingProgrammatically_ = false;
}

void VolumeControl::acknowledgeFromLive(const QString &deviceId, int volume)
{
    if (deviceId == deviceId_ && state_ == State::Pending && volume == sentVolume_)
        setState(State::Acknowledged);
}

void VolumeControl::setControlsEnabled(bool enabled, const QString &whyNot)
{
    slider_->setEnabled(enabled);
    slider_->setToolTip(enabled ? QString() : whyNot);
}

void VolumeControl::requestVolume(int volume)
{
    if (deviceId_.isEmpty() || volume < 0 || volume > 100)
        return;
    debounce_->stop();
    if (inFlight_) {
        queued_ = volume; // the latest wish goes out when the current request ends
        return;
    }
    send(volume);
}

void VolumeControl::send(int volume)
{
    sentVolume_ = volume;
    setState(State::Pending);
    const QString deviceId = deviceId_;
    const int generation = generation_;
    inFlight_ = api_->setConfig(deviceId, QJsonObject{{QLatin1String(spk::wire::field::kVolume), volume}});
    inFlight_->then(this, [this, deviceId, volume, generation](const spk::client::ApiResult &r) {
        if (generation != generation_)
            return; // the person moved on to another device
        inFlight_ = nullptr;
        if (r.ok) {
            setState(State::Acknowledged);
            emit volumeAcknowledged(deviceId, volume);
        } else if (ErrorText::isDeviceTimeout(r)) {
            setState(State::TimedOut);
        } else if (ErrorText::isPermissionDenied(r)) {
            setState(State::Denied, ErrorText::describe(r));
        } else {
            setState(State::Failed, ErrorText::describe(r));
        }
        if (queued_) {
            const int next = *queued_;
            queued_.reset();
            if (next != volume || state_ != State::Acknowledged)
                send(next);
        }
    });
}

void VolumeControl::setState(State state, const QString &detail)
{
    const bool changed = state != state_;
    state_ = state;
    detail_ = detail;
    QString text;
    QString color;
    switch (state) {
    case State::Idle:
        break;
    case State::Pending:
        text = tr("Sending volume %1 %… waiting for the device to confirm.").arg(sentVolume_);
        color = QStringLiteral("#8a6d00");
        break;
    case State::Acknowledged:
        text = tr("Volume %1 % confirmed by the device.").arg(sentVolume_);
        color = QStringLiteral("#1b7f37");
        break;
    case State::TimedOut:
        text = tr("Timed out: the device did not confirm volume %1 % in time. It is saved and will be "
                  "applied when the device reconnects.")
                   .arg(sentVolume_);
        color = QStringLiteral("#b35c00");
        break;
    case State::Denied:
        text = tr("Permission denied: your role may not change this device.") + QLatin1Char(' ') + detail;
        color = QStringLiteral("#b00020");
        break;
    case State::Failed:
        text = tr("Volume not changed: %1").arg(detail);
        color = QStringLiteral("#b00020");
        break;
    }
    status_->setText(text);
    status_->setStyleSheet(color.isEmpty() ? QString() : QStringLiteral("color: %1;").arg(color));
    status_->setVisible(!text.isEmpty());
    if (changed)
        emit stateChanged(state);
}

} // namespace spk::console
