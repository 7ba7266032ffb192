#include "server/pipeline/common/serial_executor.h"

#include <QThreadPool>

namespace spk::server::pipeline {

SerialExecutor::SerialExecutor(QThreadPool *pool) : m_pool(pool), m_state(std::make_shared<State>()) {}

SerialExecutor::~SerialExecutor()
{
    QMutexLocker lock(&m_state->mutex);
    m_state->jobs.clear();
    while (m_state->running)
        m_state->idle.wait(&m_state->mutex);
}

void SerialExecutor::post(std::function<void()> job)
{
    QMutexLocker lock(&m_state->mutex);
    m_state->jobs.push_back(std::move(job));
    if (m_state->running)
        return;
    m_state->running = true;
    std::shared_ptr<State> state = m_state;
    m_pool->start([state] { drain(state); });
}

void SerialExecutor::waitForIdle()
{
    QMutexLocker lock(&m_state->mutex);
    while (m_state->running)
        m_state->idle.wait(&m_state->mutex);
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
