#include "server/mqtt/topic_filter.h"

#include <QList>

namespace spk::server {

QStringView matchingFilter(QStringView filter)
{
    static constexpr QStringView kShare = u"$share/";
    if (!filter.startsWith(kShare))
        return filter;
    const QStringView rest = filter.mid(kShare.size());
    const qsizetype slash = rest.indexOf(u'/');
    if (slash <= 0) // no group, or nothing after it
        return {};
    return rest.mid(slash + 1);
}

bool topicMatchesFilter(QStringView fullFilter, QStringView topic)
{
    const QStringView filter = matchingFilter(fullFilter);
    if (filter.isEmpty() || topic.isEmpty())
        return false;
    // "$SYS/…" and other server topics are invisible to filters that begin with a wildcard.
    if (topic.startsWith(u'$') && (filter.startsWith(u'+') || filter.startsWith(u'#')))
        return false;

    const QList<QStringView> filterLevels = filter.split(u'/');
    const QList<QStringView> topicLevels = topic.split(u'/');
    qsizetype t = 0;
    for (qsizetype f = 0; f < filterLevels.size(); ++f) {
        const QStringView level = filterLevels.at(f);
        if (level == u"#")
            return f == filterLevels.size() - 1; // "#" must be last; "a/#" also matches "a"
        if (t == topicLevels.size())
            return false;
        if (level != u"+" && level != topicLevels.at(t))
            return false;
        ++t;
    }
    return t == topicLevels.size();
}

} // namespace spk::server
