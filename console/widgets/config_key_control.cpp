#include "console/widgets/config_key_control.h"

#include "console/app/error_text.h"
#include "shared/client/api_client.h"

#include <QCoreApplication>
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

const spk::wire::ConfigKey &integerKey(const char *name)
{
    const spk::wire::ConfigKey *k = spk::wire::findConfigKey(name);
    Q_ASSERT_X(k && k->type == spk::wire::ConfigValueType::Integer, "ConfigKeyControl",
               "kConfigKeySliders names a key that is not an integer key of kConfigKeys");
    return *k;
}

// "led_brightness" -> "ledBrightness": the prefix of the widgets' object names (ledBrightnessSlider).
QString objectPrefix(const char *key)
{
    QString out;
    bool upper = false;
    for (const char *c = key; *c; ++c) {
        if (*c == '_') {
            upper = true;
            continue;
        }
        out += upper ? QChar::fromLatin1(*c).toUpper() : QChar::fromLatin1(*c);
        upper = false;
    }
    return out;
}
} // namespace

ConfigKeyControl::ConfigKeyControl(spk::client::ApiClient *api, const ConfigKeySlider &slider,
                                   QWidget *parent)
    : QWidget(parent), api_(api), key_(integerKey(slider.key)), slider_(slider), label_(new QLabel(this)),
      input_(new QSlider(Qt::Horizontal, this)), value_(new QLabel(this)), status_(new QLabel(this)),
      debounce_(new QTimer(this))
{
    const QString prefix = objectPrefix(key_.name);
    setObjectName(prefix + QStringLiteral("Control"));
    input_->setObjectName(prefix + QStringLiteral("Slider"));
    status_->setObjectName(prefix + QStringLiteral("Status"));
    input_->setRange(key_.min, key_.max);
    input_->setPageStep(qMax(1, (key_.max - key_.min) / 10));
    value_->setMinimumWidth(40);
    status_->setWordWrap(true);
    debounce_->setSingleShot(true);
    debounce_->setInterval(kDebounceMs);

    auto *row = new QHBoxLayout;
    row->addWidget(label_);
    row->addWidget(input_, 1);
    row->addWidget(value_);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(status_);

    connect(input_, &QSlider::valueChanged, this, [this](int v) {
        value_->setText(valueText(v));
        if (!settingProgrammatically_)
            debounce_->start();
    });
    connect(debounce_, &QTimer::timeout, this, [this] { requestValue(input_->value()); });
    retranslateUi();
    setDevice({}, std::nullopt);
}

QString ConfigKeyControl::label() const
{
    return QCoreApplication::translate("spk::console::ConfigKeySlider", slider_.label);
}

QString ConfigKeyControl::valueText(int value) const
{
    return *slider_.unit ? QStringLiteral("%1 %2").arg(value).arg(QLatin1String(slider_.unit))
                         : QString::number(value);
}

void ConfigKeyControl::retranslateUi()
{
    label_->setText(label());
    setState(state_, detail_);
}

void ConfigKeyControl::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

int ConfigKeyControl::value() const
{
    return input_->value();
}
QString ConfigKeyControl::stateText() const
{
    return status_->text();
}

void ConfigKeyControl::setDevice(const QString &deviceId, std::optional<int> value)
{
    deviceId_ = deviceId;
    ++generation_; // replies for the previous device are ignored from now on
    inFlight_ = nullptr;
    queued_.reset();
    debounce_->stop();
    settingProgrammatically_ = true;
    input_->setValue(value.value_or(key_.min));
    settingProgrammatically_ = false;
    value_->setText(value ? valueText(*value) : QStringLiteral("–"));
    setState(State::Idle);
}

void ConfigKeyControl::showReported(int value)
{
    if (input_->isSliderDown() || debounce_->isActive() || state_ == State::Pending)
        return;
    settingProgrammatically_ = true;
    input_->setValue(value);
    settingProgrammatically_ = false;
}

void ConfigKeyControl::acknowledgeFromLive(const QString &deviceId, int value)
{
    if (deviceId == deviceId_ && state_ == State::Pending && value == sentValue_)
        setState(State::Acknowledged);
}

void ConfigKeyControl::setControlsEnabled(bool enabled, const QString &whyNot)
{
    input_->setEnabled(enabled);
    input_->setToolTip(enabled ? QString() : whyNot);
}

void ConfigKeyControl::requestValue(int value)
{
    if (deviceId_.isEmpty() || value < key_.min || value > key_.max)
        return;
    debounce_->stop();
    if (inFlight_) {
        queued_ = value; // the latest wish goes out when the current request ends
        return;
    }
    send(value);
}

void ConfigKeyControl::send(int value)
{
    sentValue_ = value;
    setState(State::Pending);
    const QString deviceId = deviceId_;
    const int generation = generation_;
    inFlight_ = api_->setConfig(deviceId, QJsonObject{{QLatin1String(key_.name), value}});
    inFlight_->then(this, [this, deviceId, value, generation](const spk::client::ApiResult &r) {
        if (generation != generation_)
            return; // the person moved on to another device
        inFlight_ = nullptr;
        if (r.ok) {
            setState(State::Acknowledged);
            emit acknowledged(deviceId, value);
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
            if (next != value || state_ != State::Acknowledged)
                send(next);
        }
    });
}

void ConfigKeyControl::setState(State state, const QString &detail)
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
        text = tr("%1: sending %2… waiting for the device to confirm.").arg(label(), valueText(sentValue_));
        color = QStringLiteral("#8a6d00");
        break;
    case State::Acknowledged:
        text = tr("%1 %2 confirmed by the device.").arg(label(), valueText(sentValue_));
        color = QStringLiteral("#1b7f37");
        break;
    case State::TimedOut:
        text = tr("Timed out: %1 %2 was not confirmed by the device in time. It is saved and will be applied "
                  "when the device reconnects.")
                   .arg(label(), valueText(sentValue_));
        color = QStringLiteral("#b35c00");
        break;
    case State::Denied:
        text = tr("Permission denied: your role may not change this device.") + QLatin1Char(' ') + detail;
        color = QStringLiteral("#b00020");
        break;
    case State::Failed:
        text = tr("%1 not changed: %2").arg(label(), detail);
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
