#include "shared/protocol/ids.h"

namespace spk::proto {

static bool isSafeToken(const QString &id)
{
    if (id.isEmpty() || id.size() > 64)
        return false;
    for (QChar c : id) {
        const ushort u = c.unicode();
        const bool ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
                        u == '_' || u == '-';
        if (!ok)
            return false;
    }
    return true;
}

bool isValidDeviceId(const QString &id)
{
    return isSafeToken(id);
}
bool isValidDeviceSessionId(const QString &id)
{
    return isSafeToken(id);
}

} // namespace spk::proto
