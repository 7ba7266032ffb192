#include "server/storage/records.h"

namespace spk::server {

qint64 SessionRecord::durationMs() const
{
    // 0 while the session is still active: the duration is only known once it has ended.
    if (!createdAt.isValid() || !endedAt.isValid())
        return 0;
    return qMax<qint64>(0, createdAt.msecsTo(endedAt));
}

} // namespace spk::server
