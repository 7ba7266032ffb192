#pragma once
// JSON field names of the wire (protocol.md): REST bodies, /ws events and MQTT payloads use the same
// name for the same thing, so there is one list. Qt-free; Qt code wraps them in QLatin1String.
namespace spk::wire::field {

// Shared by many messages.
inline constexpr char kType[] = "type";
inline constexpr char kId[] = "id";
inline constexpr char kName[] = "name";
inline constexpr char kDeviceId[] = "device_id";
inline constexpr char kRequestId[] = "request_id";
inline constexpr char kSessionId[] = "session_id";
inline constexpr char kData[] = "data";
inline constexpr char kText[] = "text";
inline constexpr char kCreatedAt[] = "created_at";
inline constexpr char kUpdatedAt[] = "updated_at";
inline constexpr char kAt[] = "at";

// Device status (MQTT device/{id}/status, REST device objects, /ws status_update).
inline constexpr char kOnline[] = "online";
inline constexpr char kBattery[] = "battery";
inline constexpr char kVolume[] = "volume";
inline constexpr char kMuted[] = "muted";
inline constexpr char kTemperature[] = "temperature";
inline constexpr char kFirmware[] = "firmware";
inline constexpr char kLastSeen[] = "last_seen";

// Devices (REST).
inline constexpr char kOwnerId[] = "owner_id";
inline constexpr char kSecret[] = "secret";
inline constexpr char kConfig[] = "config";
inline constexpr char kConfigPending[] = "config_pending";
inline constexpr char kDevices[] = "devices";

// Users and login (REST).
inline constexpr char kUsername[] = "username";
inline constexpr char kRole[] = "role";
inline constexpr char kToken[] = "token";
inline constexpr char kExpiresAt[] = "expires_at";
inline constexpr char kUser[] = "user";
inline constexpr char kUsers[] = "users";

// Sessions (REST, /ws session_progress).
inline constexpr char kDeviceSessionId[] = "device_session_id";
inline constexpr char kStatus[] = "status";
inline constexpr char kStage[] = "stage";
inline constexpr char kUserQuery[] = "user_query";
inline constexpr char kAiResponse[] = "ai_response";
inline constexpr char kDurationMs[] = "duration_ms";
inline constexpr char kEndedAt[] = "ended_at";
inline constexpr char kFailureReason[] = "failure_reason";
inline constexpr char kHasUserAudio[] = "has_user_audio";
inline constexpr char kHasAssistantAudio[] = "has_assistant_audio";
inline constexpr char kTurns[] = "turns";
inline constexpr char kTimings[] = "timings";
inline constexpr char kTranscripts[] = "transcripts";
inline constexpr char kIsFinal[] = "is_final";
inline constexpr char kSessions[] = "sessions";
inline constexpr char kNext[] = "next";

// Audit log (REST).
inline constexpr char kActorId[] = "actor_id";
inline constexpr char kActor[] = "actor";
inline constexpr char kAction[] = "action";
inline constexpr char kObjectType[] = "object_type";
inline constexpr char kObjectId[] = "object_id";
inline constexpr char kSource[] = "source";
inline constexpr char kDetails[] = "details";
inline constexpr char kEntries[] = "entries";

} // namespace spk::wire::field
