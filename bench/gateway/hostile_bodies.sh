#!/usr/bin/env bash
# spkd's RSS while N clients (default 4) each announce a 128 MiB body and send 127 MiB of it, without a
# login (issue 10, finding 1). Prints spkd's RSS before, its peak (VmHWM) while the clients send, and
# how each client was answered.
# Usage: bench/gateway/hostile_bodies.sh [build-dir] [http.max_body_bytes (default: spkd's default)]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
limit=${2:-}
clients=${BENCH_CLIENTS:-4}
work=$(mktemp -d /tmp/spk-hostile.XXXXXX)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
export SPK_DATA_DIR=$work/data SPK_HTTP_PORT=$(port) SPK_MQTT_EMBEDDED_PORT=$(port) SPK_LOG_LEVEL=warning
export SPK_MQTT_USERNAME=spkd SPK_MQTT_PASSWORD=Bench-broker-123
[ -n "$limit" ] && export SPK_HTTP_MAX_BODY_BYTES=$limit
"$build/server/spkd" serve >"$work/spkd.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$SPK_HTTP_PORT/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
rss() { awk -v k="$1:" '$1 == k { print int($2 / 1024) " MB" }' "/proc/$pid/status"; }
echo "spkd RSS before: $(rss VmRSS)  (http.max_body_bytes=${limit:-default})"
python3 - "$SPK_HTTP_PORT" "$clients" <<'PY'
import socket, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
announced, sent_goal, chunk = 128 << 20, 127 << 20, b"a" * (1 << 20)
socks, sent, answers = [], [0] * n, [b""] * n
t0 = time.time()
for i in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"POST /api/auth/login HTTP/1.1\r\nHost: spk\r\nContent-Type: application/json\r\n"
              b"Content-Length: %d\r\n\r\n" % announced)
    s.settimeout(5)
    socks.append(s)
done = [False] * n
while not all(done):
    for i, s in enumerate(socks):
        if done[i]:
            continue
        try:
            s.sendall(chunk)
            sent[i] += len(chunk)
            if sent[i] >= sent_goal:
                done[i] = True
        except OSError:
            done[i] = True  # spkd refused and closed
for i, s in enumerate(socks):
    s.settimeout(1)
    try:
        answers[i] = s.recv(300).split(b"\r\n")[0]
    except OSError as e:
        answers[i] = repr(e).encode()
print("clients: %d; sent %s MiB each in %.1f s; answers: %s" % (
    n, [x >> 20 for x in sent], time.time() - t0, sorted(set(a.decode(errors="replace") for a in answers))))
# keep the connections open while RSS is read
open("/dev/stdout", "w").flush()
time.sleep(1)
PY
echo "spkd RSS after: $(rss VmRSS), peak (VmHWM): $(rss VmHWM)"
