#include "server/gateway/password_gate.h"

#include "server/auth/passwords.h"
#include "server/core/metrics.h"
#include "server/devices/audit_log.h"
#include "server/gateway/gateway_metrics.h"
#include "server/gateway/gateway_services.h"
#include "server/gateway/login_throttle.h"
#include "server/gateway/password_checks.h"

namespace spk::server {

namespace {

void refuse(const ExchangePtr &ex, const QString &code, const QString &message, int wait)
{
    ex->reply(429, "application/json", spk::proto::ApiError{429, code, message}.toBody(),
              {{"Retry-After", QByteArray::number(std::max(1, wait))}});
}

} // namespace

bool checkTypedPassword(GatewayServices &s, const ExchangePtr &ex, const QString &username,
                        const QString &hash, const QString &password, std::function<void(bool right)> done)
{
    const QString source = ex->source();
    // Room first: a refused attempt is then never counted (all of this runs on the gateway thread).
    if (!s.passwordChecks.hasRoom(source)) {
        s.metrics.counter(gateway_metrics::kLoginBusy).inc();
        refuse(ex, QStringLiteral("login_busy"),
               QStringLiteral("too many password checks under way; try again"), 1);
        return false;
    }
    LoginThrottle::Attempt attempt;
    if (const int wait = s.limiter.begin(username, source, &attempt); wait > 0) {
        s.metrics.counter(gateway_metrics::kLoginsLocked).inc();
        refuse(ex, QStringLiteral("too_many_attempts"),
               QStringLiteral("too many failed logins; try again in %1 s").arg(wait), wait);
        return false;
    }
    static const QString dummyHash = auth::hashPassword(QStringLiteral("spk-timing-equaliser"));
    const bool known = !hash.isEmpty();
    const QString checked = known ? hash : dummyHash;
    s.passwordChecks.submit(
        source, [checked, password] { return auth::verifyPassword(checked, password); },
        [&s, ex, username, source, attempt, known, done = std::move(done)](bool ok) {
            const bool right = ok && known;
            if (right) {
                s.limiter.succeeded(username, source, attempt);
            } else {
                s.limiter.failed(username, source, attempt);
                s.audit.recordAnonymous(username, source, QStringLiteral("auth.login_failed"),
                                        QStringLiteral("user"), username);
                s.metrics.counter(gateway_metrics::kLogins, QStringLiteral("failed")).inc();
            }
            done(right);
        });
    return true;
}

void hashNewPassword(GatewayServices &s, const QString &password, std::function<void(const QString &)> done)
{
    s.passwordChecks.hash(password, std::move(done));
}

} // namespace spk::server
