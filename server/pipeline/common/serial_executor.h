#pragma once
// Runs jobs one after another on a shared QThreadPool: a "strand". Each pipeline session owns one, so
// its audio chunks are decoded in order while many sessions share a few worker threads.
#include <QMutex>
#include <QWaitCondition>

#include <deque>
#include <functional>
#include <memory>

class QThreadPool;

namespace spk::server::pipeline {

class SerialExecutor
{
public:
    explicit SerialExecutor(QThreadPool *pool);
    // Drops queued jobs and waits for the running one, so no job outlives its owner.
    ~SerialExecutor();
    SerialExecutor(const SerialExecutor &) = delete;
    SerialExecutor &operator=(const SerialExecutor &) = delete;

    void post(std::function<void()> job);
    void waitForIdle();

private:
    struct State
    {
        QMutex mutex;
        QWaitCondition idle;
        std::deque<std::function<void()>> jobs;
        bool running = false;
    };
    static void drain(const std::shared_ptr<State> &state);

    QThreadPool *pool_;
    std::shared_ptr<State> state_;
};

} // namespace spk::server::pipeline
