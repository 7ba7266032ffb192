#include "server/gateway/password_checks.h"

#include "server/auth/passwords.h"
#include "server/core/metrics.h"
#include "server/gateway/gateway_metrics.h"

#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace spk::server {

PasswordChecks::PasswordChecks(auth::VerificationQueue::Limits limits, Metrics &metrics, QObject *parent)
    : QObject(parent), queue_(limits), metrics_(metrics)
{
    pool_.setMaxThreadCount(std::max(1, limits.maxRunning));
    exportState();
}

PasswordChecks::~PasswordChecks()
{
    pool_.waitForDone();
}

void PasswordChecks::exportState()
{
    metrics_.gauge(gateway_metrics::kPasswordChecksInFlight).set(queue_.running());
    metrics_.gauge(gateway_metrics::kPasswordChecksQueued).set(queue_.waiting());
}

bool PasswordChecks::submit(const QString &source, std::function<bool()> work, std::function<void(bool)> done)
{
    const bool admitted =
        queue_.submit(source, [this, source, work = std::move(work), done = std::move(done)] {
            QtConcurrent::run(&pool_, work).then(this, [this, source, done](bool ok) {
                queue_.finished(source);
                exportState();
                done(ok);
            });
        });
    if (!admitted)
        metrics_.counter(gateway_metrics::kLoginBusy).inc();
    exportState();
    return admitted;
}

void PasswordChecks::hash(const QString &password, std::function<void(const QString &)> done)
{
    QtConcurrent::run(&pool_, [password] {
        return auth::hashPassword(password);
    }).then(this, [done = std::move(done)](const QString &hash) { done(hash); });
}

} // namespace spk::server
