#!/usr/bin/env bash
# Provisioning N devices through the REST API with broker authentication on (protocol.md §7): how fast
# POST /api/devices runs, how many times the broker credentials file is rewritten meanwhile (writes are
# coalesced), and how soon after the last POST that device can log in to the broker. Beside it, in the
# same run: the same POSTs with mqtt.allow_anonymous (no credentials file), the reference.
#   bench/gateway/provision.sh [N=10000] [PARALLEL=4]        (spkd from SPK_BUILD_DIR, default build/)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${SPK_BUILD_DIR:-build}
count=${1:-10000}
parallel=${2:-4}
work=$(mktemp -d /tmp/spk-provision.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

# run NAME [ENV=value…]: starts spkd, adds $count devices, prints one result line
run() {
    local name=$1
    shift
    local dir=$work/$name http mqtt url token start end
    http=$(port) mqtt=$(port)
    mkdir -p "$dir"
    echo 'Bench-pass-123' | env SPK_DATA_DIR="$dir" "$build/server/spkd" user add admin --role admin \
        --password-stdin >/dev/null
    env SPK_DATA_DIR="$dir" SPK_HTTP_PORT="$http" SPK_MQTT_EMBEDDED_PORT="$mqtt" SPK_LOG_LEVEL=warning \
        SPK_MQTT_PASSWORD=Bench-broker-123 "$@" "$build/server/spkd" serve >"$dir/spkd.log" 2>&1 &
    pids+=($!)
    url=http://127.0.0.1:$http
    for _ in $(seq 1 100); do curl -fs "$url/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
    token=$(curl -fs -XPOST "$url/api/auth/login" -d '{"username":"admin","password":"Bench-pass-123"}' |
        python3 -c 'import sys,json;print(json.load(sys.stdin)["token"])')
    start=$(date +%s.%N)
    seq 1 "$count" | xargs -P "$parallel" -I{} sh -c "curl -fs -XPOST '$url/api/devices' \
        -H 'Authorization: Bearer $token' -d '{\"id\":\"p-{}\",\"name\":\"P {}\",\"owner_id\":1}' >/dev/null"
    end=$(date +%s.%N)
    # The last device: its secret comes from a fresh device added now; time until the broker takes it.
    local secret login_ms=- writes=-
    secret=$(curl -fs -XPOST "$url/api/devices" -H "Authorization: Bearer $token" \
        -d '{"id":"p-last","name":"last","owner_id":1}' | python3 -c 'import sys,json;print(json.load(sys.stdin)["secret"])')
    if [ "$name" = auth ]; then
        local t0 t1
        t0=$(date +%s%N)
        until mosquitto_pub -p "$mqtt" -i p-last -u p-last -P "$secret" -t device/p-last/status -m '{}' \
            2>/dev/null; do sleep 0.01; done
        t1=$(date +%s%N)
        login_ms=$(((t1 - t0) / 1000000))
        writes=$(curl -fs "$url/metrics" -H "Authorization: Bearer $token" |
            sed -n 's/^spk_broker_credential_writes_total{result="ok"} \([0-9]*\)$/\1/p')
    fi
    python3 -c "
n=$count; s=$end-$start
print(f'{\"$name\":<10} {n:>7} devices in {s:6.1f} s = {n/s:7.0f} POST/s; credential file writes: $writes; '
      f'last device logs in after: $login_ms ms')"
    kill "${pids[-1]}"
    wait "${pids[-1]}" 2>/dev/null || true
}

echo "== $(nproc) cores; $count devices, $parallel parallel curl clients"
run anonymous SPK_MQTT_ALLOW_ANONYMOUS=true
run auth
echo "== credentials file at $count devices: $(wc -c <"$work/auth/mosquitto/credentials") bytes"
