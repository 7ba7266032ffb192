#pragma once
// The /ws events (protocol.md §2) as the server builds them, in one place; spkctl and the console read
// them with the same names (shared/wire/live_events.h, shared/wire/fields.h).
#include <QJsonObject>
#include <QString>

namespace spk::proto {

// {"type":"status_update","device_id":…,"data":{status fields}}
QJsonObject statusUpdateEvent(const QString &deviceId, const QJsonObject &data);
// {"type":"config_ack","device_id":…,"request_id":…,"config":{what the device applied}}
QJsonObject configAckEvent(const QString &deviceId, const QString &requestId, const QJsonObject &config);
// {"type":"session_progress","device_id":…,"session_id":…,"device_session_id":…,"stage":…,"text"?}
QJsonObject sessionProgressEvent(const QString &deviceId, qint64 sessionId, const QString &deviceSessionId,
                                 const QString &stage, const QString &text);
// True for a session_progress event naming a device (what the gateway forwards from the bridge).
bool isSessionProgressEvent(const QJsonObject &event, QString *deviceId);

} // namespace spk::proto
