#include "server/core/log_throttle.h"

namespace spk::server {

bool LogThrottle::allow(int *suppressed)
{
    if (!window_.isValid() || window_.elapsed() >= windowMs_) {
        window_.start();
        inWindow_ = 0;
    }
    if (inWindow_ >= burst_) {
        ++dropped_;
        return false;
    }
    ++inWindow_;
    *suppressed = dropped_;
    dropped_ = 0;
    return true;
}

QString LogThrottle::suffix(int suppressed)
{
    return suppressed > 0 ? QStringLiteral(" (%1 similar lines suppressed)").arg(suppressed) : QString();
}

} // namespace spk::server
