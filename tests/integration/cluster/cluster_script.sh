#!/usr/bin/env bash
# ctest cluster_script: scripts/cluster.sh end to end, as a user would drive it.
#   bash tests/integration/cluster/cluster_script.sh      (SPK_BUILD_DIR = the build, default build/)
# `up` with 2 gateways and 2 bridges; every process alive; DIR/env complete; TLS through nginx (and
# refused without the CA); one admin token valid on every gateway (a shared JWT key); a device made
# through nginx logs in to the broker's TLS listener with its id and secret and gets its config, while
# a wrong password, an anonymous client and another device's topic are refused; /bridges/N/ reaches
# bridge N; `restart gateway-1` gives a new live process; `down` leaves nothing, twice.
# Exit 0 = pass, 1 = fail, 77 = skipped (a tool is missing and CI is not "true").
set -euo pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
cluster=$root/scripts/cluster.sh
started=$SECONDS

fail() {
    echo "cluster_script: FAIL: $*" >&2
    exit 1
}
ok() { echo "cluster_script: ok: $*"; }

for tool in nginx mosquitto mosquitto_sub redis-server curl openssl /usr/lib/postgresql/15/bin/initdb; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        [ "${CI:-}" = true ] && fail "$tool not found (CI=true; scripts/install-deps.sh installs it)"
        echo "cluster_script: SKIP: $tool not found"
        exit 77
    fi
done

DIR=$(mktemp -d /tmp/spk-cluster-test.XXXXXX)
cleanup() {
    "$cluster" down "$DIR" >/dev/null 2>&1 || true
    rm -rf "$DIR"
}
trap cleanup EXIT

# --- up -------------------------------------------------------------------------------------------
t0=$SECONDS
timeout 180 "$cluster" up "$DIR" --gateways 2 --bridges 2 || fail "cluster.sh up failed"
up_seconds=$((SECONDS - t0))
ok "up in ${up_seconds}s"

# The process of a PID file runs (a zombie waiting for PID 1 does not count).
running() { kill -0 "$1" 2>/dev/null && [ "$(sed 's/^.*) //' "/proc/$1/stat" | cut -d' ' -f1)" != Z ]; }
pid_of() { head -n1 "$DIR/pids/$1"; }
names="postgres redis mosquitto nginx gateway-1 gateway-2 bridge-1 bridge-2"
for name in $names; do
    [ -s "$DIR/pids/$name" ] || fail "no pid file $DIR/pids/$name"
    running "$(pid_of "$name")" || fail "$name (pid $(pid_of "$name")) is not running"
done
[ "$(ls "$DIR/pids" | wc -l)" = 8 ] || fail "expected 8 pid files, found: $(ls "$DIR/pids" | tr '\n' ' ')"
ok "8 processes running: $names"

# shellcheck source=/dev/null
. "$DIR/env"
for v in SPK_URL SPK_CA SPK_MQTT_URL SPK_ADMIN_USER SPK_ADMIN_PASSWORD SPK_GATEWAY_URLS SPK_BRIDGE_URLS \
    SPK_BRIDGE_UDP_PORTS; do
    [ -n "${!v:-}" ] || fail "$v missing from $DIR/env"
done
[[ $SPK_URL =~ ^https://127\.0\.0\.1:[0-9]+$ ]] || fail "SPK_URL=$SPK_URL"
[[ $SPK_MQTT_URL =~ ^mqtts://127\.0\.0\.1:[0-9]+$ ]] || fail "SPK_MQTT_URL=$SPK_MQTT_URL"
[ -s "$SPK_CA" ] || fail "SPK_CA=$SPK_CA is not a file"
read -r -a gateways <<<"$SPK_GATEWAY_URLS"
read -r -a bridges <<<"$SPK_BRIDGE_URLS"
read -r -a udp_ports <<<"$SPK_BRIDGE_UDP_PORTS"
[ ${#gateways[@]} = 2 ] && [ ${#bridges[@]} = 2 ] && [ ${#udp_ports[@]} = 2 ] ||
    fail "expected 2 gateway URLs, 2 bridge URLs, 2 UDP ports: $SPK_GATEWAY_URLS / $SPK_BRIDGE_URLS / $SPK_BRIDGE_UDP_PORTS"
for p in "${udp_ports[@]}"; do [[ $p =~ ^[0-9]+$ ]] || fail "UDP port '$p'"; done
ok "DIR/env has all 8 variables"

# --- TLS through nginx ----------------------------------------------------------------------------
code() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@" || true; }
c=$(code --cacert "$SPK_CA" "$SPK_URL/readyz")
[ "$c" = 200 ] || fail "GET $SPK_URL/readyz with the CA: $c"
rc=0
curl -s -o /dev/null --max-time 5 "$SPK_URL/readyz" || rc=$?
# 60: the certificate is not trusted; 77: no trust store at all (a machine without ca-certificates)
[ $rc = 60 ] || [ $rc = 77 ] ||
    fail "GET $SPK_URL/readyz without the CA: curl exit $rc, expected 60 (certificate not trusted)"
c=$(code --cacert "$SPK_CA" "$SPK_URL/metrics")
[ "$c" = 404 ] || fail "/metrics is public through nginx: $c"
ok "/readyz 200 over TLS; untrusted without the CA; /metrics not public"

# --- one token, every gateway ---------------------------------------------------------------------
json_field() { sed -n "s/.*\"$1\" *: *\"\\([^\"]*\\)\".*/\\1/p"; }
api() { curl -s --max-time 10 --cacert "$SPK_CA" -H "Authorization: Bearer $token" "$@"; }
token=$(curl -s --max-time 10 --cacert "$SPK_CA" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$SPK_ADMIN_USER\",\"password\":\"$SPK_ADMIN_PASSWORD\"}" "$SPK_URL/api/auth/login" |
    json_field token)
[ -n "$token" ] || fail "admin login through nginx gave no token"
for g in "${gateways[@]}"; do
    c=$(code -H "Authorization: Bearer $token" "$g/api/me")
    [ "$c" = 200 ] || fail "GET $g/api/me with the token from nginx: $c (gateways do not share the JWT key?)"
done
ok "admin token from nginx accepted by ${gateways[*]}"
ws_head() { # URL [HEADER...]: the response head of a WebSocket handshake (the socket is dropped after 2 s)
    local url=$1
    shift
    curl -s -i -N --http1.1 --cacert "$SPK_CA" --max-time 2 -H "Connection: Upgrade" -H "Upgrade: websocket" \
        -H "Sec-WebSocket-Version: 13" -H "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==" "$@" "$url" || true
}
head=$(ws_head "$SPK_URL/ws?token=$token")
grep -q "^HTTP/1.1 101" <<<"$head" || fail "live WebSocket /ws through nginx: $(head -n1 <<<"$head")"
ok "live WebSocket /ws upgrades through nginx"

# --- a device on the broker's TLS listener --------------------------------------------------------
device=clt-0001
secret=$(api -H 'Content-Type: application/json' -d "{\"id\":\"$device\",\"name\":\"Cluster test\",\"owner_id\":1}" \
    "$SPK_URL/api/devices" | json_field secret)
[ -n "$secret" ] || fail "POST /api/devices gave no secret"
mqtt_port=${SPK_MQTT_URL##*:}
sub() { timeout 15 mosquitto_sub --cafile "$SPK_CA" -h 127.0.0.1 -p "$mqtt_port" "$@"; }
# The gateway rewrites the broker's credentials within ~100 ms of the POST ("within a second").
for i in $(seq 1 15); do
    out=$(sub -i "$device" -u "$device" -P "$secret" -t "device/$device/config" -W 1 2>&1) || true
    grep -q "not authorised" <<<"$out" || break
    [ "$i" = 15 ] && fail "the new device cannot log in to the broker within 3 s: $out"
    sleep 0.2
done
# Its own config topic: it receives what an admin PUTs (the PUT itself then waits for an ack: 504).
sub -i "$device" -u "$device" -P "$secret" -t "device/$device/config" -C 1 -W 12 >"$DIR/config.msg" 2>&1 &
sub_pid=$!
sleep 1
api -o /dev/null -X PUT -H 'Content-Type: application/json' -d '{"volume":42}' --max-time 8 \
    "$SPK_URL/api/devices/$device/config" || true
wait "$sub_pid" || fail "the device did not get its config over mqtts: $(cat "$DIR/config.msg")"
grep -q '"volume":42' "$DIR/config.msg" || fail "unexpected config message: $(cat "$DIR/config.msg")"
out=$(sub -i "$device" -u "$device" -P "wrong-$secret" -t "device/$device/config" -W 3 2>&1) &&
    fail "a wrong password was accepted"
grep -q "not authorised" <<<"$out" || fail "wrong password: $out"
out=$(sub -t "device/$device/config" -W 3 2>&1) && fail "an anonymous client was accepted"
grep -q "not authorised" <<<"$out" || fail "anonymous: $out"
out=$(sub -i "$device" -u "$device" -P "$secret" -t "device/other-device/config" -W 3 2>&1) || true
grep -q "denied" <<<"$out" || fail "subscribing to another device's topic was not denied: $out"
ok "device $device: own topic over mqtts allowed; wrong password, anonymous, other topic refused"

# --- /bridges/N reaches bridge N ------------------------------------------------------------------
connected() { grep -c "device \"$device\" connected to /ws/audio" "$DIR/logs/bridge-$1.log" || true; }
for n in 1 2; do
    # shellcheck disable=SC2034 # read through eval below
    before1=$(connected 1) before2=$(connected 2)
    head=$(ws_head "$SPK_URL/bridges/$n/ws/audio" -H "X-Device-Id: $device" -H "Authorization: Bearer $secret")
    grep -q "^HTTP/1.1 101" <<<"$head" || fail "WebSocket upgrade on /bridges/$n/ws/audio: $(head -n1 <<<"$head")"
    sleep 0.3
    other=$((3 - n))
    [ "$(connected "$n")" -gt "$(eval echo "\$before$n")" ] || fail "/bridges/$n/ws/audio did not reach bridge-$n"
    [ "$(connected "$other")" = "$(eval echo "\$before$other")" ] || fail "/bridges/$n/ws/audio reached bridge-$other"
    body=$(curl -s --cacert "$SPK_CA" --max-time 5 "$SPK_URL/bridges/$n/audio/fallback/no-such-token")
    grep -q '"code":"not_found"' <<<"$body" || fail "/bridges/$n/audio/fallback/… not answered by a bridge: $body"
done
c=$(code --cacert "$SPK_CA" "$SPK_URL/bridges/3/audio/fallback/x")
[ "$c" = 404 ] || fail "/bridges/3 (no such bridge): $c"
ok "/bridges/1 and /bridges/2 reach their own bridge (WebSocket and fallback URLs)"

# --- restart one replica --------------------------------------------------------------------------
old=$(pid_of gateway-1)
timeout 90 "$cluster" restart "$DIR" gateway-1 || fail "restart gateway-1 failed"
new=$(pid_of gateway-1)
[ "$new" != "$old" ] || fail "restart gateway-1 kept pid $old"
running "$new" || fail "gateway-1 (pid $new) not running after restart"
running "$old" && fail "the old gateway-1 (pid $old) still runs"
c=$(code --cacert "$SPK_CA" "$SPK_URL/readyz")
[ "$c" = 200 ] || fail "/readyz after restarting gateway-1: $c"
c=$(code "${gateways[0]}/readyz")
[ "$c" = 200 ] || fail "gateway-1's own /readyz after restart: $c"
ok "restart gateway-1: pid $old -> $new, /readyz 200"

# --- down -----------------------------------------------------------------------------------------
pids=""
for name in $names; do pids="$pids $(pid_of "$name")"; done
timeout 60 "$cluster" down "$DIR" || fail "cluster.sh down failed"
for p in $pids; do running "$p" && fail "pid $p still runs after down"; done
timeout 60 "$cluster" down "$DIR" >/dev/null || fail "a second down failed"
ok "down: none of$pids runs; a second down is harmless"
echo "cluster_script: PASS in $((SECONDS - started))s (up ${up_seconds}s)"
