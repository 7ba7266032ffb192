#include "server/auth/verification_queue.h"

#include <algorithm>

namespace spk::server::auth {

VerificationQueue::VerificationQueue(Limits limits) : limits_(limits) {}

bool VerificationQueue::mayStart(const QString &source) const
{
    return running_ < limits_.maxRunning && runningBySource_.value(source) < limits_.maxRunningPerSource;
}

bool VerificationQueue::hasRoom(const QString &source) const
{
    if (!queues_.contains(source) && mayStart(source))
        return true;
    const auto it = queues_.constFind(source);
    const int queuedHere = it == queues_.cend() ? 0 : int(it->size());
    return waiting_ < limits_.queueLength && queuedHere < limits_.queuePerSource;
}

bool VerificationQueue::submit(const QString &source, Job start)
{
    // Nobody of this source waits ahead of it (they would go first): start at once when allowed.
    if (!queues_.contains(source) && mayStart(source)) {
        ++running_;
        ++runningBySource_[source];
        start();
        return true;
    }
    if (!hasRoom(source))
        return false;
    auto it = queues_.find(source);
    if (it == queues_.end()) {
        it = queues_.insert(source, {});
        turn_.push_back(source);
    }
    it->push_back(std::move(start));
    ++waiting_;
    return true;
}

void VerificationQueue::finished(const QString &source)
{
    running_ = std::max(0, running_ - 1);
    auto it = runningBySource_.find(source);
    if (it != runningBySource_.end() && --*it <= 0)
        runningBySource_.erase(it);
    pump();
}

void VerificationQueue::pump()
{
    // Round-robin: the first source in turn that may run gets one slot and goes to the back.
    bool started = true;
    while (started && running_ < limits_.maxRunning && !turn_.empty()) {
        started = false;
        for (auto t = turn_.begin(); t != turn_.end(); ++t) {
            const QString source = *t;
            if (!mayStart(source))
                continue;
            turn_.erase(t);
            auto q = queues_.find(source);
            Job job = std::move(q->front());
            q->pop_front();
            --waiting_;
            if (q->empty())
                queues_.erase(q);
            else
                turn_.push_back(source);
            ++running_;
            ++runningBySource_[source];
            job(); // may submit or finish (re-entering): the state above is complete already
            started = true;
            break;
        }
    }
}

} // namespace spk::server::auth
