#include "console/widgets/stage_timeline_widget.h"

#include "console/models/activity_list_model.h"

#include <QEvent>
#include <QPainter>
#include <algorithm>

namespace spk::console {

namespace {
constexpr int kMargin = 8;
constexpr int kBarTop = 8;
constexpr int kBarHeight = 22;
constexpr int kLabelRows = 2;

QColor segmentColor(int i)
{
    static const QColor palette[] = {QColor(0x4e, 0x79, 0xa7), QColor(0xf2, 0x8e, 0x2b),
                                     QColor(0x59, 0xa1, 0x4f), QColor(0xb0, 0x7a, 0xa1),
                                     QColor(0x76, 0xb7, 0xb2), QColor(0xed, 0xc9, 0x48),
                                     QColor(0xe1, 0x57, 0x59), QColor(0x9c, 0x75, 0x5f)};
    return palette[i % int(std::size(palette))];
}
} // namespace

StageTimelineWidget::StageTimelineWidget(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void StageTimelineWidget::setTimings(const QList<QPair<QString, qint64>> &timings, qint64 totalMs)
{
    timings_.clear();
    for (const auto &t : timings) {
        if (!t.first.isEmpty() && t.second >= 0)
            timings_.append(t);
    }
    std::stable_sort(timings_.begin(), timings_.end(),
                     [](const auto &a, const auto &b) { return a.second < b.second; });
    totalMs_ = qMax<qint64>(0, totalMs);
    update();
}

qint64 StageTimelineWidget::axisEndMs() const
{
    const qint64 last = timings_.isEmpty() ? 0 : timings_.last().second;
    return qMax<qint64>(qMax(last, totalMs_), 1);
}

QSize StageTimelineWidget::sizeHint() const
{
    const int line = fontMetrics().height();
    return {600, kBarTop + kBarHeight + 6 + kLabelRows * (line + 2) + line + kMargin};
}

QSize StageTimelineWidget::minimumSizeHint() const
{
    return {200, sizeHint().height()};
}

QString StageTimelineWidget::stageLabel(const QString &stage)
{
    const QString known = ActivityListModel::stageLabel(stage);
    if (known != stage)
        return known;
    QString text = stage;
    text.replace(QLatin1Char('_'), QLatin1Char(' '));
    text.replace(QLatin1String("asr"), QLatin1String("ASR"));
    text.replace(QLatin1String("llm"), QLatin1String("LLM"));
    text.replace(QLatin1String("tts"), QLatin1String("TTS"));
    return text;
}

void StageTimelineWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        update();
    QWidget::changeEvent(event);
}

void StageTimelineWidget::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics fm = fontMetrics();
    const QRect bar(kMargin, kBarTop, width() - 2 * kMargin, kBarHeight);
    p.setPen(palette().color(QPalette::Mid));
    p.setBrush(palette().color(QPalette::Base));
    p.drawRect(bar);
    if (timings_.isEmpty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(bar, Qt::AlignCenter, tr("No stage timings recorded"));
        return;
    }
    const double scale = double(bar.width()) / double(axisEndMs());
    auto xFor = [&](qint64 ms) { return bar.left() + int(ms * scale); };

    qint64 previous = 0;
    for (int i = 0; i < timings_.size(); ++i) {
        const auto &[stage, ms] = timings_.at(i);
        QRect segment(QPoint(xFor(previous), bar.top()), QPoint(xFor(ms), bar.bottom()));
        if (segment.width() < 2)
            segment.setWidth(2);
        p.setPen(Qt::NoPen);
        p.setBrush(segmentColor(i));
        p.drawRect(segment);
        const QString duration = tr("%1 ms").arg(ms - previous);
        if (fm.horizontalAdvance(duration) + 4 < segment.width()) {
            p.setPen(Qt::white);
            p.drawText(segment, Qt::AlignCenter, duration);
        }
        // Each mark gets a tick and a label below; labels alternate rows so close marks stay legible.
        const int x = xFor(ms);
        const int row = i % kLabelRows;
        const int labelTop = bar.bottom() + 6 + row * (fm.height() + 2);
        p.setPen(palette().color(QPalette::WindowText));
        p.drawLine(x, bar.bottom(), x, labelTop);
        const QString label = QStringLiteral("%1 %2").arg(stageLabel(stage)).arg(tr("%1 ms").arg(ms));
        const int w = fm.horizontalAdvance(label);
        const int left = std::clamp(x - w / 2, 0, qMax(0, width() - w));
        p.drawText(QRect(left, labelTop, w, fm.height()), Qt::AlignLeft, label);
        previous = ms;
    }
    // Axis end: total duration.
    p.setPen(palette().color(QPalette::PlaceholderText));
    const QString end = tr("total %1 ms").arg(axisEndMs());
    p.drawText(QRect(0, height() - fm.height() - 2, width() - kMargin, fm.height()), Qt::AlignRight, end);
}

} // namespace spk::console
