#pragma once
// A horizontal timeline of one session's stages, painted from the stored timings
// (stage -> ms since wake): one coloured segment per stage, ending at that stage's mark.
#include <QList>
#include <QPair>
#include <QWidget>

namespace spk::console {

class StageTimelineWidget : public QWidget
{
    Q_OBJECT
public:
    explicit StageTimelineWidget(QWidget *parent = nullptr);

    // Marks in any order (sorted here); totalMs extends the axis when the session lasted longer.
    void setTimings(const QList<QPair<QString, qint64>> &timings, qint64 totalMs = 0);
    void clear() { setTimings({}); }
    const QList<QPair<QString, qint64>> &timings() const { return timings_; }
    qint64 axisEndMs() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    // Stage keys as people read them: "asr_final" -> "ASR final", known pipeline stages translated.
    static QString stageLabel(const QString &stage);

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QList<QPair<QString, qint64>> timings_;
    qint64 totalMs_ = 0;
};

} // namespace spk::console
