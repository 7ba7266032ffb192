#pragma once
// Rewrites one status line on stderr every second while the fleet runs (only when stderr is a terminal,
// so logs and pipes stay clean).
#include <QObject>
#include <QTimer>

namespace spk::sim {

class Fleet;

class ProgressReporter : public QObject
{
    Q_OBJECT
public:
    ProgressReporter(const Fleet &fleet, QObject *parent = nullptr);
    static bool stderrIsTerminal();
    void start();
    // Ends the live line so later output starts on a fresh line.
    void stop();

private:
    void print();

    const Fleet &fleet_;
    QTimer timer_;
    bool printed_ = false;
};

} // namespace spk::sim
