#include "shared/protocol/ids.h"

#include "shared/wire/identifiers.h"

namespace spk::proto {

static bool isSafeToken(const QString &id)
{
    if (id.isEmpty() || id.size() > qsizetype(spk::wire::kMaxIdentifierLength))
        return false;
    for (const QChar c : id)
        if (c.unicode() > 0x7f || !spk::wire::isIdentifierChar(char(c.unicode())))
            return false;
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
