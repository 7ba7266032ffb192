#!/usr/bin/env bash
# The cluster's REST front under load (issue 9 item 8), with a reference run in the same session:
#  1. GET /api/devices (warm cache) through nginx + TLS against 1 and then 2 gateway replicas,
#     next to nginx serving the same JSON as a static file over TLS;
#  2. PUT config round trip through the cluster (HTTPS → nginx → a gateway → Mosquitto → simulated
#     speaker over mqtts → ack consumed by any gateway → 200), next to a bare Mosquitto round trip.
# Usage: bench/cluster/run.sh [build-dir]   (needs wrk, nginx: scripts/install-deps.sh). ~2 minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
devices=${BENCH_DEVICES:-100}
duration=${BENCH_DURATION:-10s}
connections=${BENCH_CONNECTIONS:-50}
work=$(mktemp -d /tmp/spk-bench-cluster.XXXXXX)
chmod 755 "$work" # PostgreSQL runs as user postgres when we are root
pids=()
clusters=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for c in "${clusters[@]}"; do scripts/cluster.sh down "$c" >/dev/null 2>&1 || true; done
    rm -rf "$work"
}
trap cleanup EXIT
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
wrk_run() { wrk -t2 -c"$connections" -d"$duration" --latency "$@"; }
summary() { grep -E "Requests/sec|50%|99%" "$1" | tr -s ' ' | tr '\n' ' '; echo; }

echo "== machine: $(nproc) cores, $(uname -r); $devices devices; wrk -t2 -c$connections -d$duration"

# One cluster with N gateways: the device list through nginx, then the config round trip.
run_cluster() {
    local n=$1
    local dir=$work/cluster-$n
    clusters+=("$dir")
    SPK_LOG_LEVEL=warning scripts/cluster.sh up "$dir" --gateways "$n" --bridges 1 >"$work/up-$n.log" 2>&1 ||
        { tail -20 "$work/up-$n.log"; exit 1; }
    # shellcheck source=/dev/null
    (
        . "$dir/env"
        token=$(curl -fs --cacert "$SPK_CA" -H 'Content-Type: application/json' \
            -d "{\"username\":\"$SPK_ADMIN_USER\",\"password\":\"$SPK_ADMIN_PASSWORD\"}" "$SPK_URL/api/auth/login" |
            json 'd["token"]')
        for i in $(seq 1 "$devices"); do
            id=$(printf "bench-%04d" "$i")
            curl -fs --cacert "$SPK_CA" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
                -d "{\"id\":\"$id\",\"name\":\"Bench $i\",\"owner_id\":1}" "$SPK_URL/api/devices" |
                json 'd["id"] + " " + d["secret"]'
        done >"$work/ids-$n"
        "$build/simulator/spksim" --broker "$SPK_MQTT_URL" --ca "$SPK_CA" --ids-from "$work/ids-$n" \
            --status-interval 30s --no-progress >"$work/spksim-$n.log" 2>&1 &
        sim=$!
        sleep 3
        curl -fs --cacert "$SPK_CA" -H "Authorization: Bearer $token" "$SPK_URL/api/devices" >"$work/devices.json"
        echo "== 1. GET /api/devices through nginx (TLS), $n gateway(s); response $(wc -c <"$work/devices.json") bytes"
        wrk_run -H "Authorization: Bearer $token" "$SPK_URL/api/devices" >"$work/wrk-$n.txt"
        summary "$work/wrk-$n.txt"
        # spkd's own broker login, for the bare Mosquitto reference (the plaintext loopback listener)
        run=$dir/run/gateway-1
        broker=$(grep -o "SPK_MQTT_URL=tcp://[0-9.:]*" "$run" | head -1 | cut -d= -f2)
        password=$(grep -o "SPK_MQTT_PASSWORD=[^ ']*" "$run" | head -1 | cut -d= -f2)
        echo "== 2. config round trip through the cluster, $n gateway(s)"
        SPK_MQTT_USERNAME=spkd SPK_MQTT_PASSWORD=$password "$build/bench/gateway/bench_config_roundtrip" \
            --url "$SPK_URL" --ca "$SPK_CA" --token "$token" --device bench-0001 --broker "$broker" \
            --count "${BENCH_COUNT:-300}"
        kill "$sim" 2>/dev/null || true
    )
    scripts/cluster.sh down "$dir" >/dev/null
}
run_cluster 1
run_cluster 2

# Reference: nginx (1 worker) serving the same JSON as a static file over TLS.
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
scripts/gen-certs.sh "$work/tls" >/dev/null
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
  server {
    listen 127.0.0.1:$port ssl;
    ssl_certificate $work/tls/server.crt;
    ssl_certificate_key $work/tls/server.key;
    root $work/nginx/www;
  }
}
CONF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" &
pids+=($!)
sleep 0.5
echo "== 1. reference: nginx static file over TLS, 1 worker"
wrk_run "https://127.0.0.1:$port/api/devices" >"$work/wrk-static.txt"
summary "$work/wrk-static.txt"
rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
python3 -c "print('   ratio 2 gateways / 1 gateway: %.2f; 1 gateway / nginx static: %.2f; 2 gateways / nginx static: %.2f' % ($(rps "$work/wrk-2.txt")/$(rps "$work/wrk-1.txt"), $(rps "$work/wrk-1.txt")/$(rps "$work/wrk-static.txt"), $(rps "$work/wrk-2.txt")/$(rps "$work/wrk-static.txt")))"
