#include "server/pipeline/common/serial_executor.h"

#include <QThreadPool>

namespace spk::server::pipeline {

SerialExecutor::SerialExecutor(QThreadPool *pool) : pool_(pool), state_(std::make_shared<State>()) {}

SerialExecutor::~SerialExecutor()
{
    QMutexLocker lock(&state_->mutex);
    state_->jobs.clear();
    while (state_->running)
        state_->idle.wait(&state_->mutex);
}

void SerialExecutor::post(std::function<void()> job)
{
    QMutexLocker lock(&state_->mutex);
    state_->jobs.push_back(std::move(job));
    if (state_->running)
        return;
    state_->running = true;
    std::shared_ptr<State> state = state_;
    pool_->start([state] { drain(state); });
}

void SerialExecutor::waitForIdle()
{
    QMutexLocker lock(&state_->mutex);
    while (state_->running)
        state_->idle.wait(&state_->mutex);
}

void SerialExecutor::drain(const std::shared_ptr<State> &state)
{
    for (;;) {
        std::function<void()> job;
        {
            QMutexLocker lock(&state->mutex);
            if (state->jobs.empty()) {
                state->running = false;
                state->idle.wakeAll();
                return;
            }
            job = std::move(state->jobs.front());
            state->jobs.pop_front();
        }
        job();
    }
}

} // namespace spk::server::pipeline
