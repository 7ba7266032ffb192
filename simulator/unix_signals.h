#pragma once
// Turns SIGINT/SIGTERM into a Qt signal on the main thread (self-pipe: the handler only writes a byte).
#include <QObject>

class QSocketNotifier;

namespace spk::sim {

class UnixSignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit UnixSignalWatcher(QObject *parent = nullptr);
    ~UnixSignalWatcher() override;
    // Installs the handlers; false if the pipe could not be created.
    bool watch(std::initializer_list<int> signalNumbers);

signals:
    void received(int signalNumber);

private:
    void readPipe();
    QSocketNotifier *notifier_ = nullptr;
};

} // namespace spk::sim
