#pragma once
// Optional filters of the list endpoints; empty members are not sent.
#include <QDateTime>
#include <QString>
#include <QUrlQuery>

namespace spk::client {

struct SessionQuery
{
    QString deviceId;
    QString status; // active | completed | failed
    QDateTime from, to;
    int limit = 0;  // 0 = server default
    QString before; // cursor: SessionPage::next of the previous page

    QUrlQuery toUrlQuery() const;
};

struct AuditQuery
{
    int limit = 0; // 0 = server default
    QString before;

    QUrlQuery toUrlQuery() const;
};

enum class AudioTrack { User, Assistant };
QString audioTrackName(AudioTrack track); // "user" | "assistant"

} // namespace spk::client
