#pragma once
// Turns SIGINT/SIGTERM into a Qt signal (self-pipe), so long-running commands end cleanly.
#include <QObject>

class QSocketNotifier;

namespace spk::cli {

class InterruptWatcher : public QObject
{
    Q_OBJECT
public:
    explicit InterruptWatcher(QObject *parent = nullptr);
    ~InterruptWatcher() override;

signals:
    void interrupted(int signalNumber);

private:
    QSocketNotifier *notifier_ = nullptr;
};

} // namespace spk::cli
