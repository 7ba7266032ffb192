#pragma once
// One human line per /ws message for `spkctl watch`.
#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace spk::cli {

// "14:03:22  kitchen-1  status   online battery=85 volume=80"; empty for messages not worth a line.
QString formatLiveEvent(const QJsonObject &message, const QDateTime &receivedAt);

} // namespace spk::cli
