#!/usr/bin/env bash
# ctest cluster_failover: a production-shaped cluster (scripts/cluster.sh: 2 gateways, 2 bridges,
# nginx TLS, Mosquitto TLS + device auth) under real traffic, then one gateway and one bridge killed
# with SIGKILL mid-run.
#   bash tests/integration/cluster/cluster_failover.sh      (SPK_BUILD_DIR = the build, default build/)
# 1. configs through either gateway, logout on one gateway refused at once on the other;
# 2. 20 spoken conversations (spksim --voice over mqtts + wss) spread over both bridges;
# 3. a stream of config PUTs through nginx and conversations in flight; kill -9 gateway-1 and
#    bridge-2: no acknowledged config is lost, no session is left active (the dead bridge's are
#    failed with bridge_lost by the survivor), the survivors serve the API;
# 4. new conversations all complete.
# Exit 0 = pass, 1 = fail, 77 = skipped (a tool is missing and CI is not "true").
set -euo pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
build=${SPK_BUILD_DIR:-$root/build}
cluster=$root/scripts/cluster.sh
spksim=$build/simulator/spksim
clip=/usr/share/pocketsphinx/test/data/goforward.raw

fail() {
    echo "cluster_failover: FAIL: $*" >&2
    exit 1
}
ok() { echo "cluster_failover: ok: $*"; }

for tool in nginx mosquitto redis-server curl python3 /usr/lib/postgresql/15/bin/initdb "$clip"; do
    if ! command -v "$tool" >/dev/null 2>&1 && [ ! -e "$tool" ]; then
        [ "${CI:-}" = true ] && fail "$tool not found (CI=true; scripts/install-deps.sh installs it)"
        echo "cluster_failover: SKIP: $tool not found"
        exit 77
    fi
done
[ -x "$spksim" ] || fail "$spksim is not built"

WORK=$(mktemp -d /tmp/spk-failover.XXXXXX)
chmod 755 "$WORK" # PostgreSQL runs as user postgres (when we are root) and must reach DIR
DIR=$WORK/cluster # cluster.sh wants an empty or new directory; the test's files live beside it
bg_pids=()
cleanup() {
    for p in "${bg_pids[@]}"; do kill "$p" 2>/dev/null || true; done
    "$cluster" down "$DIR" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# A bridge is declared lost 5 s after its last heartbeat (default 15 s), so the test waits less.
SPK_BRIDGE_HEARTBEAT_SECONDS=1 SPK_BRIDGE_DEAD_AFTER_SECONDS=5 \
    timeout 180 "$cluster" up "$DIR" --gateways 2 --bridges 2 >"$WORK/up.log" 2>&1 ||
    { tail -20 "$WORK/up.log"; fail "cluster.sh up failed"; }
# shellcheck source=/dev/null
. "$DIR/env"
read -r -a gateways <<<"$SPK_GATEWAY_URLS"
read -r -a bridges <<<"$SPK_BRIDGE_URLS"
ok "cluster up: ${#gateways[@]} gateways, ${#bridges[@]} bridges behind $SPK_URL"

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
login() { # URL USER PASSWORD -> token
    curl -s --max-time 10 --cacert "$SPK_CA" -H 'Content-Type: application/json' \
        -d "{\"username\":\"$2\",\"password\":\"$3\"}" "$1/api/auth/login" | json 'd["token"]'
}
token=$(login "$SPK_URL" "$SPK_ADMIN_USER" "$SPK_ADMIN_PASSWORD")
api() { curl -s --max-time 15 --cacert "$SPK_CA" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
code() { curl -s -o /dev/null -w '%{http_code}' --max-time 15 --cacert "$SPK_CA" -H 'Content-Type: application/json' "$@" || true; }
metric() { # URL NAME_WITH_LABELS -> value (0 when absent)
    curl -s --max-time 5 -H "Authorization: Bearer $token" "$1/metrics" |
        awk -v n="$2" '$1 == n { v = $2 } END { print v + 0 }'
}

add_devices() { # PREFIX COUNT FILE: "id secret" lines
    local i id
    : >"$3"
    for i in $(seq -w 1 "$2"); do
        id=$1$i
        api -d "{\"id\":\"$id\",\"name\":\"$id\",\"owner_id\":1}" "$SPK_URL/api/devices" |
            json "'$id ' + d['secret']" >>"$3"
    done
    [ "$(wc -l <"$3")" = "$2" ] || fail "could not add the $1 devices"
}
add_devices cfg- 6 "$WORK/cfg.txt"
add_devices voice- 12 "$WORK/voice.txt"

# Speakers that answer configs, over the broker's TLS listener with their credentials.
"$spksim" --broker "$SPK_MQTT_URL" --ca "$SPK_CA" --ids-from "$WORK/cfg.txt" --status-interval 5s \
    --no-progress >"$WORK/cfg-sim.log" 2>&1 &
bg_pids+=($!)
for _ in $(seq 1 100); do
    online=$(api "$SPK_URL/api/devices?limit=100" | json 'sum(1 for x in d["devices"] if x["id"].startswith("cfg-") and x["online"])')
    [ "$online" = 6 ] && break
    sleep 0.2
done
[ "$online" = 6 ] || fail "only $online of 6 config speakers online"

# --- 1. configs through either gateway, logout across gateways ------------------------------------
for i in 0 1 2 3; do
    g=${gateways[$((i % 2))]}
    body=$(api -X PUT -d "{\"volume\":$((20 + i))}" "$g/api/devices/cfg-1/config")
    [ "$(echo "$body" | json 'd["config"]["volume"]')" = $((20 + i)) ] || fail "PUT config via $g: $body"
done
ok "configs acknowledged through both gateways"
t2=$(login "${gateways[0]}" "$SPK_ADMIN_USER" "$SPK_ADMIN_PASSWORD")
[ "$(code -H "Authorization: Bearer $t2" "${gateways[1]}/api/me")" = 200 ] || fail "token of gateway-1 refused on gateway-2"
[ "$(code -X POST -H "Authorization: Bearer $t2" "${gateways[0]}/api/auth/logout")" = 204 ] || fail "logout"
[ "$(code -H "Authorization: Bearer $t2" "${gateways[1]}/api/me")" = 401 ] || fail "gateway-2 still accepts a token logged out on gateway-1"
ok "logout on gateway-1 refused at once on gateway-2"

# --- 2. conversations over both bridges ---------------------------------------------------------
voice() { # CONVERSATIONS CONCURRENCY OUT
    "$spksim" --broker "$SPK_MQTT_URL" --ca "$SPK_CA" --ids-from "$WORK/voice.txt" --voice "$clip" \
        --conversations "$1" --concurrency "$2" --duration 120s --json --no-progress >"$3" 2>"$3.log"
}
voice 20 6 "$WORK/voice1.json" || fail "not every conversation completed: $(tail -5 "$WORK/voice1.json.log")"
completed=$(json 'sum(1 for s in d["sessions"] if s["completed"])' <"$WORK/voice1.json")
[ "$completed" = 20 ] || fail "$completed of 20 conversations completed"
per_bridge=()
for b in "${bridges[@]}"; do per_bridge+=("$(metric "$b" 'spk_bridge_sessions_total{status="completed"}')"); done
for n in "${per_bridge[@]}"; do [ "${n%.*}" -gt 0 ] || fail "a bridge took no conversation: ${per_bridge[*]}"; done
ok "20 conversations completed, per bridge: ${per_bridge[*]}"

# --- 3. kill -9 gateway-1 and bridge-2 mid-run ---------------------------------------------------
configs() { # a stream of config PUTs through nginx: "device volume status" lines
    local i dev vol
    for i in $(seq 1 36); do
        dev=cfg-$((i % 6 + 1))
        vol=$((30 + i))
        echo "$dev $vol $(code -X PUT -H "Authorization: Bearer $token" -d "{\"volume\":$vol}" "$SPK_URL/api/devices/$dev/config")"
        sleep 0.15
    done
}
configs >"$WORK/configs.txt" &
configs_pid=$!
voice 16 4 "$WORK/voice2.json" &
voice_pid=$!
sleep 3
kill -9 "$(head -n1 "$DIR/pids/gateway-1")" "$(head -n1 "$DIR/pids/bridge-2")"
ok "killed gateway-1 and bridge-2 mid-run"
wait "$configs_pid" || true
wait "$voice_pid" || true

acked=$(awk '$3 == 200' "$WORK/configs.txt" | wc -l)
[ "$acked" -gt 18 ] || fail "only $acked of 36 config PUTs acknowledged: $(awk '{print $3}' "$WORK/configs.txt" | sort | uniq -c | tr '\n' ' ')"
# Each device's stored volume is its last acknowledged one, or a later one that was sent but whose
# answer was lost with gateway-1 — never an older one.
for i in 1 2 3 4 5 6; do
    dev=cfg-$i
    last=$(awk -v d="$dev" '$1 == d && $3 == 200 { v = $2 } END { print v }' "$WORK/configs.txt")
    [ -n "$last" ] || continue
    later=$(awk -v d="$dev" -v l="$last" '$1 == d && $2 > l { printf "%s ", $2 }' "$WORK/configs.txt")
    stored=$(api "$SPK_URL/api/devices/$dev" | json 'd["volume"]')
    [ "$stored" = "$last" ] || [[ " $later" == *" $stored "* ]] ||
        fail "$dev: stored volume $stored, last acknowledged $last (later tries: ${later:-none})"
done
ok "$acked configs acknowledged during the failure, none lost"

# The dead bridge's sessions are failed by the survivor (dead after 5 s), none stays active.
for _ in $(seq 1 60); do
    active=$(api "$SPK_URL/api/sessions?limit=500" | json 'sum(1 for s in d["sessions"] if s["status"] == "active")')
    [ "$active" = 0 ] && break
    sleep 0.5
done
[ "$active" = 0 ] || fail "$active sessions still active 30 s after bridge-2 died"
lost=$(api "$SPK_URL/api/sessions?limit=500" | json 'sum(1 for s in d["sessions"] if s.get("failure_reason") == "bridge_lost")')
[ "$lost" -gt 0 ] || fail "no session of bridge-2 was failed as bridge_lost"
ok "no session left active; $lost failed as bridge_lost"
[ "$(code -H "Authorization: Bearer $token" "$SPK_URL/api/devices?limit=100")" = 200 ] || fail "the surviving gateway does not serve the device list"
[ "$(metric "${bridges[0]}" spk_bridge_replicas_alive)" = 1 ] || fail "bridge-1 still counts bridge-2 alive"

# --- 4. new conversations all complete on the survivor ---------------------------------------------
voice 6 3 "$WORK/voice3.json" || fail "new conversations failed after the failover: $(tail -5 "$WORK/voice3.json.log")"
ok "6 new conversations completed after the failover"
echo "cluster_failover: PASS"
