#pragma once
// MQTT topic filter matching (MQTT 3.1.1 §4.7): "+" is one level, a trailing "#" is the parent level and
// everything below it, and wildcards never match topics that begin with "$". A shared subscription
// "$share/{group}/{filter}" matches as its {filter}.
#include <QStringView>

namespace spk::server {

// The filter a message is matched against: {filter} of "$share/{group}/{filter}", else the filter itself.
// Empty for a malformed shared subscription (no group or no filter).
QStringView matchingFilter(QStringView filter);

bool topicMatchesFilter(QStringView filter, QStringView topic);

} // namespace spk::server
