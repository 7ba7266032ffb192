#pragma once
// Who may run a password check now (issue 10, finding 3). argon2id costs tens of milliseconds and
// 64 MiB on purpose, so checks are bounded: at most maxRunning at once, at most maxRunningPerSource
// for one source address. The rest wait in a bounded queue, served round-robin by source, so one
// source flooding logins cannot starve the others: every waiting source gets the next free slot in
// turn. Beyond the queue (queueLength in total, queuePerSource for one source) a check is refused.
// Only schedules: the caller runs the jobs (on a thread pool) and reports each end. One thread only.
#include <QHash>
#include <QString>
#include <deque>
#include <functional>

namespace spk::server::auth {

class VerificationQueue
{
public:
    struct Limits
    {
        int maxRunning = 4;
        int maxRunningPerSource = 2;
        int queueLength = 64;
        int queuePerSource = 8;
    };
    using Job = std::function<void()>; // starts the check; the caller calls finished(source) at its end

    explicit VerificationQueue(Limits limits);

    // Whether submit(source, …) would take a job now (start it or queue it).
    bool hasRoom(const QString &source) const;
    // Starts the job now or queues it; false (job dropped) when the queue has no room for it.
    bool submit(const QString &source, Job start);
    // A started job of source ended: the next waiting ones start.
    void finished(const QString &source);

    int running() const { return running_; }
    int waiting() const { return waiting_; }

private:
    bool mayStart(const QString &source) const;
    void pump();

    const Limits limits_;
    int running_ = 0, waiting_ = 0;
    QHash<QString, int> runningBySource_;
    QHash<QString, std::deque<Job>> queues_;
    std::deque<QString> turn_; // sources with waiting jobs, the next to be served first
};

} // namespace spk::server::auth
