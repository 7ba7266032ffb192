#pragma once
// Event types of the live WebSocket /ws (protocol.md §2), pushed by the gateway and read by spkctl and
// the console. Each event is an object {"type": …, "device_id": …, …}. Qt-free.
namespace spk::wire::live {

inline constexpr char kStatusUpdate[] = "status_update";       // + "data": the status fields
inline constexpr char kConfigAck[] = "config_ack";             // + "request_id", "config"
inline constexpr char kSessionProgress[] = "session_progress"; // + "session_id", "stage", "text", …

} // namespace spk::wire::live
