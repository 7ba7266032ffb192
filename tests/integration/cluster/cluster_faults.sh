#!/usr/bin/env bash
# ctest cluster_faults: what the API answers while a dependency is dead (issue 10, fault injection).
#   bash tests/integration/cluster/cluster_faults.sh      (SPK_BUILD_DIR = the build, default build/)
# On a scripts/cluster.sh cluster (1 gateway, no bridge):
# 1. PostgreSQL stopped (fast shutdown): /readyz, reads, writes, token checks and logins all answer
#    503 database_unavailable within 1 s (never 200 [] / 404 / 401 / 500, never a hang); started again,
#    the same gateway serves within 5 s without a restart, and the committed device is still there.
# 2. Redis killed: the gateway degrades to the database (logins, reads and writes keep working).
# Exit 0 = pass, 1 = fail, 77 = skipped (a tool is missing and CI is not "true").
set -euo pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
cluster=$root/scripts/cluster.sh

fail() {
    echo "cluster_faults: FAIL: $*" >&2
    exit 1
}
ok() { echo "cluster_faults: ok: $*"; }

for tool in nginx mosquitto redis-server curl python3 /usr/lib/postgresql/15/bin/initdb; do
    if ! command -v "$tool" >/dev/null 2>&1 && [ ! -e "$tool" ]; then
        [ "${CI:-}" = true ] && fail "$tool not found (CI=true; scripts/install-deps.sh installs it)"
        echo "cluster_faults: SKIP: $tool not found"
        exit 77
    fi
done

WORK=$(mktemp -d /tmp/spk-faults.XXXXXX)
chmod 755 "$WORK" # PostgreSQL runs as user postgres (when we are root) and must reach DIR
DIR=$WORK/cluster
cleanup() {
    "$cluster" down "$DIR" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

timeout 180 "$cluster" up "$DIR" --gateways 1 --bridges 0 >"$WORK/up.log" 2>&1 ||
    { tail -20 "$WORK/up.log"; fail "cluster.sh up failed"; }
# shellcheck source=/dev/null
. "$DIR/env"
gw=${SPK_GATEWAY_URLS%% *}

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
# call METHOD PATH [curl args...]: prints "STATUS SECONDS BODY"; a hang shows as status 000 after 3 s.
call() {
    local method=$1 path=$2
    shift 2
    curl -s --max-time 3 -X "$method" -w '\n%{http_code} %{time_total}' "$@" "$gw$path" |
        python3 -c 'import sys; *body, last = sys.stdin.read().split("\n"); print(last, "".join(body))' ||
        true
}
login_body="{\"username\":\"$SPK_ADMIN_USER\",\"password\":\"$SPK_ADMIN_PASSWORD\"}"
token=$(curl -s --max-time 10 -H 'Content-Type: application/json' -d "$login_body" "$gw/api/auth/login" |
    json 'd["token"]')
auth=(-H "Authorization: Bearer $token")
jsonh=(-H 'Content-Type: application/json')
out=$(call POST /api/devices "${auth[@]}" "${jsonh[@]}" -d '{"id":"flt-0001","name":"Fault test","owner_id":1}')
[ "${out%% *}" = 201 ] || fail "POST /api/devices before the fault: $out"
ok "cluster up, device flt-0001 committed"

# expect_unavailable WHAT METHOD PATH [curl args...]
expect_unavailable() {
    local what=$1
    shift
    local out status seconds
    out=$(call "$@")
    read -r status seconds _ <<<"$out"
    [ "$status" = 503 ] || fail "$what with PostgreSQL down: expected 503, got: $out"
    grep -q '"database_unavailable"' <<<"$out" || fail "$what with PostgreSQL down: not database_unavailable: $out"
    python3 -c "import sys; sys.exit(0 if float('$seconds') <= 1.0 else 1)" ||
        fail "$what with PostgreSQL down took $seconds s (limit 1 s)"
}

# --- 1. PostgreSQL down -----------------------------------------------------------------------------
pg_pid=$(head -1 "$DIR/pids/postgres")
kill -INT "$pg_pid" # fast shutdown: open connections are closed (SIGTERM would keep serving them)
for _ in $(seq 1 100); do kill -0 "$pg_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pg_pid" 2>/dev/null && fail "PostgreSQL did not stop within 10 s"

out=$(call GET /readyz)
[ "${out%% *}" = 503 ] || fail "/readyz with PostgreSQL down: $out"
expect_unavailable "GET /api/devices" GET /api/devices "${auth[@]}"
expect_unavailable "GET /api/devices/{id}" GET /api/devices/flt-0001 "${auth[@]}"
expect_unavailable "GET /api/me" GET /api/me "${auth[@]}"
expect_unavailable "POST /api/auth/login" POST /api/auth/login "${jsonh[@]}" -d "$login_body"
expect_unavailable "POST /api/devices" POST /api/devices "${auth[@]}" "${jsonh[@]}" \
    -d '{"id":"flt-0002","name":"During the fault","owner_id":1}'
expect_unavailable "PUT config" PUT /api/devices/flt-0001/config "${auth[@]}" "${jsonh[@]}" -d '{"volume":30}'
ok "PostgreSQL down: readyz, reads, writes, token checks and logins answer 503 database_unavailable within 1 s"

# --- PostgreSQL back: the same gateway serves within 5 s --------------------------------------------
"$cluster" restart "$DIR" postgres >"$WORK/restart.log" 2>&1 || { cat "$WORK/restart.log"; fail "restart postgres"; }
back=
for i in $(seq 1 50); do
    out=$(call GET /api/devices/flt-0001 "${auth[@]}")
    if [ "${out%% *}" = 200 ]; then back=$i; break; fi
    sleep 0.1
done
[ -n "$back" ] || fail "the gateway did not serve within 5 s of PostgreSQL returning: $out"
out=$(call GET /readyz)
[ "${out%% *}" = 200 ] || fail "/readyz after PostgreSQL returned: $out"
out=$(call GET /api/devices "${auth[@]}")
grep -q '"flt-0001"' <<<"$out" || fail "the committed device is gone: $out"
grep -q '"flt-0002"' <<<"$out" && fail "a create refused with 503 was stored anyway: $out"
out=$(call POST /api/auth/login "${jsonh[@]}" -d "$login_body")
[ "${out%% *}" = 200 ] || fail "login after PostgreSQL returned: $out"
ok "PostgreSQL back: served again after $((back * 100)) ms, no restart, committed row intact"

# --- 2. Redis down: degrade to the database ---------------------------------------------------------
redis_pid=$(head -1 "$DIR/pids/redis")
kill -9 "$redis_pid"
sleep 0.5
out=$(call POST /api/auth/login "${jsonh[@]}" -d "$login_body")
[ "${out%% *}" = 200 ] || fail "login with Redis down: $out"
out=$(call GET /api/devices/flt-0001 "${auth[@]}")
[ "${out%% *}" = 200 ] || fail "GET a device with Redis down: $out"
out=$(call POST /api/devices "${auth[@]}" "${jsonh[@]}" -d '{"id":"flt-0003","name":"No Redis","owner_id":1}')
[ "${out%% *}" = 201 ] || fail "POST /api/devices with Redis down: $out"
out=$(call GET /api/devices "${auth[@]}")
grep -q '"flt-0003"' <<<"$out" || fail "the list with Redis down misses the new device: $out"
ok "Redis down: logins, reads and writes go on against the database"
echo "cluster_faults: PASS"
