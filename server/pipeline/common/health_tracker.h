#pragma once
// Remembers recent failures of a remote backend so a caller can skip it for a while (circuit breaker)
// instead of waiting for one more time-out on every session.
#include <QDeadlineTimer>
#include <QString>

namespace spk::server::pipeline {

class HealthTracker
{
public:
    explicit HealthTracker(int backoffMs = 30000) : m_backoffMs(backoffMs) {}

    bool healthy() const { return m_unhealthyUntil.hasExpired(); }
    void reportSuccess() { m_unhealthyUntil = QDeadlineTimer(0); }
    void reportFailure(const QString &reason);
    QString lastFailure() const { return m_lastFailure; }

private:
    int m_backoffMs;
    QDeadlineTimer m_unhealthyUntil{0};
    QString m_lastFailure;
};

} // namespace spk::server::pipeline
