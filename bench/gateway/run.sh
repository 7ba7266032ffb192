#!/usr/bin/env bash
# Gateway benchmarks (seed scenes 1 and 2) on this machine, with references run in the same session:
#  1. GET /api/devices with a warm cache under wrk, next to nginx serving the same JSON as a static file.
#  2. PUT config round trip (HTTP → MQTT → simulated device ack → HTTP 200), next to a bare Mosquitto
#     round trip.
# Usage: bench/gateway/run.sh [build-dir]     (needs wrk, nginx: scripts/install-deps.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
devices=${BENCH_DEVICES:-100}
duration=${BENCH_DURATION:-10s}
connections=${BENCH_CONNECTIONS:-50}
work=$(mktemp -d /tmp/spk-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
export SPK_DATA_DIR=$work/data SPK_HTTP_PORT=$(port) SPK_MQTT_EMBEDDED_PORT=$(port) SPK_LOG_LEVEL=warning
# spkd's broker login, also used by bench_config_roundtrip's bare MQTT round trip (protocol.md §7)
export SPK_MQTT_USERNAME=spkd SPK_MQTT_PASSWORD=Bench-broker-123
url=http://127.0.0.1:$SPK_HTTP_PORT
echo 'Bench-pass-123' | "$build/server/spkd" user add admin --role admin --password-stdin >/dev/null
"$build/server/spkd" serve >"$work/spkd.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -fs "$url/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
token=$(curl -fs -XPOST "$url/api/auth/login" -d '{"username":"admin","password":"Bench-pass-123"}' |
    python3 -c 'import sys,json;print(json.load(sys.stdin)["token"])')
for i in $(seq 1 "$devices"); do # "id secret" lines: the simulated speakers log in with them
    id=$(printf "bench-%04d" "$i")
    curl -fs -XPOST "$url/api/devices" -H "Authorization: Bearer $token" \
        -d "{\"id\":\"$id\",\"name\":\"Bench $i\",\"owner_id\":1}" |
        python3 -c 'import sys,json;d=json.load(sys.stdin);print(d["id"],d["secret"])'
done >"$work/ids"
"$build/simulator/spksim" --broker "tcp://127.0.0.1:$SPK_MQTT_EMBEDDED_PORT" --ids-from "$work/ids" \
    --status-interval 30s --no-progress >"$work/spksim.log" 2>&1 &
pids+=($!)
sleep 3

echo "== machine: $(nproc) cores, $(uname -r); $devices devices; wrk -t2 -c$connections -d$duration"
curl -fs "$url/api/devices" -H "Authorization: Bearer $token" >"$work/devices.json"
echo "   response size: $(wc -c <"$work/devices.json") bytes"

wrk_run() { wrk -t2 -c"$connections" -d"$duration" --latency "$@" | tee -a "$work/wrk.txt"; }
echo "== 1a. spkd GET /api/devices (warm cache)"
wrk_run -H "Authorization: Bearer $token" "$url/api/devices" >"$work/spkd.txt"
grep -E "Requests/sec|50%|75%|90%|99%" "$work/spkd.txt"

nginx_port=$(port)
mkdir -p "$work/nginx/www/api"
cp "$work/devices.json" "$work/nginx/www/api/devices"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
error_log $work/nginx/error.log;
pid $work/nginx/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  server { listen 127.0.0.1:$nginx_port; root $work/nginx/www; }
}
CONF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" &
pids+=($!)
sleep 0.5
echo "== 1b. nginx, 1 worker, the same JSON as a static file"
wrk_run "http://127.0.0.1:$nginx_port/api/devices" >"$work/nginx.txt"
grep -E "Requests/sec|50%|75%|90%|99%" "$work/nginx.txt"
spkd_rps=$(awk '/Requests\/sec/ {print $2}' "$work/spkd.txt")
nginx_rps=$(awk '/Requests\/sec/ {print $2}' "$work/nginx.txt")
python3 -c "print('   ratio spkd/nginx throughput: %.2f' % ($spkd_rps/$nginx_rps))"

echo "== 2. config round trip vs bare Mosquitto round trip"
"$build/bench/gateway/bench_config_roundtrip" --url "$url" --token "$token" --device bench-0001 \
    --broker "tcp://127.0.0.1:$SPK_MQTT_EMBEDDED_PORT" --count "${BENCH_COUNT:-300}"
