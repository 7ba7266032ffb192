#pragma once
// What spkd's HTTP front (server/http) accepts from clients: the http.* keys of docs/configuration.md
// (ServerConfig::httpLimits; http.max_body_bytes stays ServerConfig::maxBodyBytes, copied in at start).
// A value of 0 turns a connection cap off; every other limit is always on.
#include <QtGlobal>

namespace spk::server {

struct HttpLimits
{
    qint64 maxBodyBytes = 1024 * 1024;      // larger bodies: 413, refused by Content-Length before reading
    int maxUrlBytes = 8192;                 // request target: 414
    int maxHeaders = 100;                   // header lines: 431
    int maxHeaderBytes = 32 * 1024;         // request line and headers together: 431
    int headerTimeoutMs = 10000;            // first byte of a request to the end of its headers: 408, close
    int bodyTimeoutMs = 60000;              // end of the headers to the end of the body: 408, close
    int idleTimeoutMs = 30000;              // no byte of a next request on an open connection: close
    int maxConnections = 16000;             // open TCP connections in all (WebSockets included): 503
    int maxConnectionsPerSource = 2000;     // open connections of one client address: 429
    qint64 wsMaxFrameBytes = 1024 * 1024;   // one incoming WebSocket frame on /ws, /ws/audio
    qint64 wsMaxMessageBytes = 1024 * 1024; // one incoming WebSocket message
};

} // namespace spk::server
