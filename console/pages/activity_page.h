#pragma once
// Live activity: every session's progress (listening, recognizing, thinking, speaking…) as it happens.
#include <QWidget>

class QCheckBox;
class QLabel;
class QListView;
class QPushButton;

namespace spk::console {

class ActivityListModel;

class ActivityPage : public QWidget
{
    Q_OBJECT
public:
    explicit ActivityPage(QWidget *parent = nullptr);
    ActivityListModel *model() const { return model_; }

public slots:
    void addProgress(const QJsonObject &message);

signals:
    void openSessionRequested(qint64 sessionId);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();

    ActivityListModel *model_;
    QLabel *hint_;
    QCheckBox *pause_;
    QPushButton *clear_;
    QListView *list_;
};

} // namespace spk::console
