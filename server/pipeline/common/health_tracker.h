#pragma once
// Remembers recent failures of a remote backend so a caller can skip it for a while (circuit breaker)
// instead of waiting for one more time-out on every session.
#include <QDeadlineTimer>
#include <QString>

namespace spk::server::pipeline {

class HealthTracker
{
public:
    explicit HealthTracker(int backoffMs = 30000) : backoffMs_(backoffMs) {}

    bool healthy() const { return unhealthyUntil_.hasExpired(); }
    void reportSuccess() { unhealthyUntil_ = QDeadlineTimer(0); }
    void reportFailure(const QString &reason);
    QString lastFailure() const { return lastFailure_; }

private:
    int backoffMs_;
    QDeadlineTimer unhealthyUntil_{0};
    QString lastFailure_;
};

} // namespace spk::server::pipeline
