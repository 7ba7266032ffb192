#pragma once
// Paho C 1.3.12 (Debian 12) cannot set TCP_NODELAY (the option came later upstream) and does not expose
// its sockets; without it every MQTT round trip on loopback gains ~40 ms (Nagle + delayed ACK). After a
// Paho connection comes up, spkd and spksim switch Nagle off on every TCP socket of the process (for
// HTTP, database and cache sockets that is harmless or better). Linux only (/proc/self/fd).

namespace spk::net {

// Sets TCP_NODELAY on every TCP socket of this process that lacks it; returns how many changed.
int setTcpNoDelayOnAllSockets();

} // namespace spk::net
