#pragma once
// The public JSON shapes of protocol.md §1 for stored records.
#include "server/storage/records.h"
#include "server/storage/session_store.h"

#include <QJsonObject>

namespace spk::server {

QString rfc3339(const QDateTime &t); // UTC with milliseconds and 'Z'; empty → null in JSON
QJsonObject userJson(const UserRecord &u);
QJsonObject deviceJson(const DeviceRecord &d);
QJsonObject sessionJson(const SessionRecord &s);
// Session with "turns" and "timings" (GET /api/sessions/{id}).
QJsonObject sessionDetailJson(const SessionRecord &s, const QList<TranscriptRecord> &transcripts);
QJsonObject auditJson(const AuditRecord &a);

} // namespace spk::server
