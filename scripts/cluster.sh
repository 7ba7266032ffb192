#!/usr/bin/env bash
# A production-shaped spk cluster on one machine, in one command (docs/cluster.md):
#
#   scripts/cluster.sh up DIR [--gateways N] [--bridges M]   start it under DIR (empty or absent)
#   scripts/cluster.sh status DIR                            what runs (exit 1 if anything is down)
#   scripts/cluster.sh restart DIR NAME                      stop one process, start it as before
#   scripts/cluster.sh down DIR                              stop every process of the cluster
#
# Why: one spkd on embedded defaults (scripts/quickstart.sh) is not how spk runs in production. This
# starts the real shape on 127.0.0.1: PostgreSQL, Redis, Mosquitto with TLS and device auth, N gateways,
# M bridges and nginx terminating TLS in front of them, for trying it out and for the replica tests.
# Every process is found through DIR/pids/NAME, never by name.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck disable=SC2034 # read by lib/services.sh
SVC_TAG=cluster
# shellcheck source=lib/services.sh
. "$root/scripts/lib/services.sh"
# shellcheck source=lib/cluster_files.sh
. "$root/scripts/lib/cluster_files.sh"

usage() {
    cat <<'TXT'
scripts/cluster.sh — spk as in production (replicas, TLS, an authenticated broker) on 127.0.0.1.

Usage:
  scripts/cluster.sh up DIR [--gateways N] [--bridges M]
      Start PostgreSQL, Redis, Mosquitto (TLS + device auth), N gateways (default 2), M bridges
      (default 2) and nginx (TLS) on free ports; create the user admin; write DIR/env. DIR must be
      empty or not exist. Takes ~5-10 s once built.
  scripts/cluster.sh status DIR
      One line per process: running or not, and where. Exit status 1 if one is not running.
  scripts/cluster.sh restart DIR NAME
      Stop NAME (postgres, redis, mosquitto, nginx, gateway-1…, bridge-1…) and start it again with
      exactly the settings it had (kept in DIR/run/NAME), then wait until it is ready.
  scripts/cluster.sh down DIR
      Stop every process of the cluster (TERM, then KILL after 10 s). DIR stays (logs, data);
      remove it yourself. Running it twice is harmless.

DIR/env (shell assignments; `set -a; . DIR/env; set +a` exports them):
  SPK_URL              https://127.0.0.1:PORT, nginx in front of the gateways
  SPK_CA               DIR/tls/ca.crt, the private CA that signed every server certificate
  SPK_MQTT_URL         mqtts://127.0.0.1:PORT, the broker's TLS listener for devices
  SPK_ADMIN_USER, SPK_ADMIN_PASSWORD
  SPK_GATEWAY_URLS     each gateway's own http://127.0.0.1:PORT, space-separated, gateway-1 first
  SPK_BRIDGE_URLS      each bridge's own http URL, bridge-1 first
  SPK_BRIDGE_UDP_PORTS each bridge's UDP audio port, same order
A bridge N is reached through nginx as $SPK_URL/bridges/N/… (its wake/ack names that URL).

Try it:
  scripts/cluster.sh up /tmp/spk-cluster && . /tmp/spk-cluster/env
  curl --cacert "$SPK_CA" "$SPK_URL/readyz"
  echo "$SPK_ADMIN_PASSWORD" | build/cli/spkctl --server "$SPK_URL" --ca "$SPK_CA" login --user admin --password-stdin
  scripts/cluster.sh restart /tmp/spk-cluster gateway-1
  scripts/cluster.sh down /tmp/spk-cluster && rm -rf /tmp/spk-cluster

Environment: SPK_BUILD_DIR (default build/; spkd, spkctl and the broker plugin are built there if
missing). Any other SPK_* variable you set (e.g. SPK_ASR_PRIMARY=null, SPK_LOG_LEVEL=debug) is
passed to every spkd replica and kept for restarts. Logs: DIR/logs/NAME.log. More: docs/cluster.md.
TXT
}

say() { echo "cluster: $*"; }

# --- processes and their PID files --------------------------------------------------------------
# DIR/pids/NAME: line 1 the PID, line 2 the process's start time (field 22 of /proc/PID/stat), so a
# PID the kernel has since given to another program is never signalled.

start_time() { sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20; }
# Alive and not a zombie (an exited daemon waits for PID 1 to reap it, which can take seconds).
running() { pid_alive "$1" && [ "$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)" != Z ]; }

record_pid() { # NAME PID
    printf '%s\n%s\n' "$2" "$(start_time "$2")" >"$DIR/pids/$1"
}

# Prints NAME's PID when that very process still runs.
live_pid() {
    local file=$DIR/pids/$1 pid
    pid=$(pid_from "$file")
    running "$pid" || return 1
    [ "$(sed -n 2p "$file")" = "$(start_time "$pid")" ] || return 1
    echo "$pid"
}

log_of() {
    case "$1" in
    postgres) echo "$DIR/postgres/pg/server.log" ;;
    redis) echo "$DIR/redis/redis.log" ;;
    *) echo "$DIR/logs/$1.log" ;;
    esac
}

log_tail() { # NAME
    local f
    f=$(log_of "$1")
    echo "--- last lines of $f:" >&2
    tail -n 30 "$f" >&2 2>/dev/null || true
}

# Starts DIR/run/NAME (it execs the process) in a session of its own, output to DIR/logs/NAME.log.
launch() {
    setsid "$DIR/run/$1" >>"$DIR/logs/$1.log" 2>&1 </dev/null &
    record_pid "$1" $!
}

# stop_procs NAME...: TERM to each (INT to PostgreSQL: its fast shutdown), wait ≤ 10 s for all, then KILL
# what is left and wait ≤ 5 s more. Processes of the cluster that do not run are skipped.
stop_procs() {
    local name pid sig i e left="" pending=""
    for name in "$@"; do
        pid=$(live_pid "$name") || continue
        sig=TERM
        [ "$name" = postgres ] && sig=INT
        kill -"$sig" "$pid" 2>/dev/null || true
        pending="$pending $name:$pid"
    done
    for i in $(seq 1 150); do
        [ "$i" = 101 ] && for e in $pending; do kill -KILL "${e#*:}" 2>/dev/null || true; done
        left=""
        for e in $pending; do
            if running "${e#*:}"; then
                left="$left $e"
            elif [ "$i" -le 100 ]; then
                say "stopped ${e%%:*} (pid ${e#*:})"
            else
                say "killed ${e%%:*} (pid ${e#*:}): it did not stop within 10 s"
            fi
        done
        pending=$left
        [ -z "$pending" ] && return 0
        sleep 0.1
    done
    die "still running after SIGKILL:$pending"
}

# --- readiness ----------------------------------------------------------------------------------

http_code() { curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$@" || true; }

# wait_until NAME SECONDS CHECK...: runs CHECK until it succeeds; fails with a log tail when NAME or
# another process of the cluster dies, or time runs out.
wait_until() {
    local name=$1 seconds=$2 deadline
    shift 2
    deadline=$((SECONDS + seconds))
    local f other
    while ! "$@"; do
        # Fail fast when it, or anything it needs (the broker…), died.
        for f in "$DIR"/pids/*; do
            other=${f##*/}
            live_pid "$other" >/dev/null && continue
            log_tail "$other"
            [ "$other" = "$name" ] && die "$name exited while starting"
            die "$other exited while $name was starting"
        done
        if [ $SECONDS -ge $deadline ]; then
            log_tail "$name"
            die "$name not ready after ${seconds}s"
        fi
        sleep 0.2
    done
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
gateway_ready() { [ "$(http_code "http://127.0.0.1:$1/readyz")" = 200 ]; }
# A bridge serves no probe of its own yet: any answer but 503 from its HTTP port means it is up.
bridge_ready() {
    local c
    c=$(http_code "http://127.0.0.1:$1/readyz")
    [ "$c" != 000 ] && [ "$c" != 503 ]
}
front_ready() { [ "$(http_code --cacert "$DIR/tls/ca.crt" "https://127.0.0.1:$NGINX_PORT/readyz")" = 200 ]; }
mosquitto_ready() { port_open "$MQTT_PORT" && port_open "$MQTTS_PORT"; }

# Fails with the log tail of the first process of the cluster that no longer runs.
check_all_running() {
    local name
    for name in $NAMES; do
        live_pid "$name" >/dev/null || {
            log_tail "$name"
            die "$name (pid $(pid_from "$DIR/pids/$name")) is no longer running"
        }
    done
}

# start_one NAME: starts NAME from what DIR holds and waits until it serves.
start_one() {
    local name=$1 n
    case "$name" in
    postgres)
        pg_start "$DIR/postgres" "$PG_PORT"
        record_pid postgres "$(pid_from "$DIR/postgres/pg/postmaster.pid")"
        ;;
    redis)
        start_redis "$DIR/redis" "$REDIS_PORT" >/dev/null
        record_pid redis "$(pid_from "$DIR/redis/redis.pid")"
        ;;
    mosquitto)
        launch mosquitto
        wait_until mosquitto 10 mosquitto_ready
        ;;
    gateway-*)
        n=${name#gateway-}
        launch "$name"
        wait_until "$name" 60 gateway_ready "$(nth "$n" "$GATEWAY_PORTS")"
        ;;
    bridge-*)
        n=${name#bridge-}
        launch "$name"
        wait_until "$name" 60 bridge_ready "$(nth "$n" "$BRIDGE_PORTS")"
        ;;
    nginx)
        launch nginx
        wait_until nginx 10 front_ready
        ;;
    *) die "unknown process $name" ;;
    esac
    say "$name running (pid $(live_pid "$name"))"
}

random_text() { head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | cut -c1-"$1"; }

ensure_binaries() {
    spkd=$build/server/spkd
    spkctl=$build/cli/spkctl
    plugin=$build/server/spk_mosquitto_auth.so
    [ -x "$spkd" ] && [ -x "$spkctl" ] && [ -f "$plugin" ] && return 0
    local log
    log=$(mktemp)
    say "building spkd, spkctl and spk_mosquitto_auth in $build (a first build takes a few minutes)…"
    if ! { cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo &&
        cmake --build "$build" -j2 --target spkd spkctl spk_mosquitto_auth; } >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        die "build failed (full log: $log)"
    fi
    rm -f "$log"
}

cmd_up() {
    local i name names
    for tool in nginx mosquitto redis-server openssl curl setsid ss; do
        command -v "$tool" >/dev/null || die "$tool not found (scripts/install-deps.sh installs it)"
    done
    if [ -e "$DIR" ] && [ -n "$(ls -A "$DIR" 2>/dev/null)" ]; then
        die "$DIR is not empty (down it and remove it, or pick another directory)"
    fi
    ensure_binaries
    mkdir -p "$DIR"
    # PostgreSQL (as root: user postgres) and the nginx workers (as root: nobody) must enter DIR.
    chmod 755 "$DIR"
    if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$DIR" 2>/dev/null; then
        die "user postgres cannot enter $DIR (a parent directory is closed to others?); pick a DIR under /tmp"
    fi
    mkdir -p "$DIR"/{pids,logs,run,data,mosquitto,redis,postgres,nginx}
    touch "$DIR/.spk-cluster"
    chmod 700 "$DIR/run"
    local started=$SECONDS
    # A failed start stops what did start (the logs stay in DIR).
    # shellcheck disable=SC2154 # rc is set inside the trap
    trap 'rc=$?; if [ $rc -ne 0 ]; then echo "cluster: start failed; stopping what runs (logs in $DIR/logs)" >&2; cmd_down >&2; fi' EXIT

    "$root/scripts/gen-certs.sh" "$DIR/tls" >/dev/null
    start_postgres "$DIR/postgres"
    record_pid postgres "$(pid_from "$DIR/postgres/pg/postmaster.pid")"
    start_redis "$DIR/redis"
    record_pid redis "$(pid_from "$DIR/redis/redis.pid")"

    local p
    pick_port MQTT_PORT
    pick_port MQTTS_PORT
    pick_port NGINX_PORT
    GATEWAY_PORTS="" BRIDGE_PORTS="" BRIDGE_UDP_PORTS=""
    for i in $(seq 1 "$GATEWAYS"); do
        pick_port p
        GATEWAY_PORTS="$GATEWAY_PORTS $p"
    done
    for i in $(seq 1 "$BRIDGES"); do
        pick_port p
        BRIDGE_PORTS="$BRIDGE_PORTS $p"
        pick_port p udp
        BRIDGE_UDP_PORTS="$BRIDGE_UDP_PORTS $p"
    done
    GATEWAY_PORTS=${GATEWAY_PORTS# } BRIDGE_PORTS=${BRIDGE_PORTS# } BRIDGE_UDP_PORTS=${BRIDGE_UDP_PORTS# }
    MQTT_PASSWORD=$(random_text 32)
    JWT_SECRET=$(random_text 48)
    names="postgres redis mosquitto"
    for i in $(seq 1 "$GATEWAYS"); do names="$names gateway-$i"; done
    for i in $(seq 1 "$BRIDGES"); do names="$names bridge-$i"; done
    names="$names nginx"
    NAMES=$names
    # What restart and status need; secrets stay in DIR/run (0700) and DIR/env (0600).
    cat >"$DIR/cluster.state" <<STATE
NAMES="$names"
GATEWAYS=$GATEWAYS BRIDGES=$BRIDGES
PG_PORT=$PG_PORT REDIS_PORT=$REDIS_PORT MQTT_PORT=$MQTT_PORT MQTTS_PORT=$MQTTS_PORT NGINX_PORT=$NGINX_PORT
GATEWAY_PORTS="$GATEWAY_PORTS" BRIDGE_PORTS="$BRIDGE_PORTS" BRIDGE_UDP_PORTS="$BRIDGE_UDP_PORTS"
STATE

    write_mosquitto_conf
    write_run mosquitto mosquitto -c "$DIR/mosquitto/mosquitto.conf"
    mapfile -t env_common < <(base_env)
    for i in $(seq 1 "$GATEWAYS"); do
        # Gateways keep the broker's credentials file in step with the device registry (under flock).
        write_run "gateway-$i" env -i "${env_common[@]}" SPK_ROLE=gateway \
            "SPK_HTTP_PORT=$(nth "$i" "$GATEWAY_PORTS")" "SPK_MQTT_CREDENTIALS_FILE=$DIR/mosquitto/credentials" \
            "$spkd" serve --role gateway
    done
    for i in $(seq 1 "$BRIDGES"); do
        write_run "bridge-$i" env -i "${env_common[@]}" SPK_ROLE=bridge "SPK_BRIDGE_ID=bridge-$i" \
            "SPK_HTTP_PORT=$(nth "$i" "$BRIDGE_PORTS")" SPK_BRIDGE_UDP_HOST=127.0.0.1 \
            "SPK_BRIDGE_UDP_PORT=$(nth "$i" "$BRIDGE_UDP_PORTS")" SPK_BRIDGE_UDP_PUBLIC_HOST=127.0.0.1 \
            "SPK_BRIDGE_PUBLIC_URL=https://127.0.0.1:$NGINX_PORT/bridges/$i" \
            "$spkd" serve --role bridge
    done
    write_nginx_conf
    write_run nginx nginx -p "$DIR/nginx/" -c "$DIR/nginx/nginx.conf" -e "$DIR/logs/nginx-error.log"

    # The broker first (it takes nobody until the credentials file exists); gateway-1 then migrates
    # the database and writes that file before it logs in; the other replicas start side by side.
    start_one mosquitto
    start_one gateway-1
    ADMIN_PASSWORD=$(random_text 20)
    echo "$ADMIN_PASSWORD" | env -i "${env_common[@]}" "$spkd" user add admin --role admin --password-stdin \
        >"$DIR/logs/admin.log" 2>&1 || {
        log_tail admin
        die "could not create the admin user"
    }
    say "user admin created"
    local pending=""
    for name in $names; do
        case "$name" in gateway-1) ;; gateway-* | bridge-*)
            launch "$name"
            pending="$pending $name"
            ;;
        esac
    done
    for name in $pending; do
        case "$name" in
        gateway-*) wait_until "$name" 60 gateway_ready "$(nth "${name#gateway-}" "$GATEWAY_PORTS")" ;;
        bridge-*) wait_until "$name" 60 bridge_ready "$(nth "${name#bridge-}" "$BRIDGE_PORTS")" ;;
        esac
        say "$name running (pid $(live_pid "$name"))"
    done
    start_one nginx
    sleep 0.5 # a replica that lost the broker or the database would be gone by now
    check_all_running

    local urls="" burls=""
    for p in $GATEWAY_PORTS; do urls="$urls http://127.0.0.1:$p"; done
    for p in $BRIDGE_PORTS; do burls="$burls http://127.0.0.1:$p"; done
    (
        umask 077
        cat >"$DIR/env.tmp" <<ENV
SPK_URL=https://127.0.0.1:$NGINX_PORT
SPK_CA=$(q "$DIR/tls/ca.crt")
SPK_MQTT_URL=mqtts://127.0.0.1:$MQTTS_PORT
SPK_ADMIN_USER=admin
SPK_ADMIN_PASSWORD=$ADMIN_PASSWORD
SPK_GATEWAY_URLS="${urls# }"
SPK_BRIDGE_URLS="${burls# }"
SPK_BRIDGE_UDP_PORTS="$BRIDGE_UDP_PORTS"
ENV
    )
    mv "$DIR/env.tmp" "$DIR/env"
    trap - EXIT
    say "up in $((SECONDS - started)) s: $GATEWAYS gateways, $BRIDGES bridges behind https://127.0.0.1:$NGINX_PORT"
    say "settings in $DIR/env (. $DIR/env), logs in $DIR/logs; stop with: $0 down $DIR"
    cat "$DIR/env"
}

load_state() {
    [ -f "$DIR/.spk-cluster" ] || die "$DIR was not made by cluster.sh up (no .spk-cluster marker)"
    [ -f "$DIR/cluster.state" ] || return 1
    # shellcheck source=/dev/null
    . "$DIR/cluster.state"
    PG_URL="" # only `up` and the run files need it
}

cmd_down() {
    local f replicas=""
    [ -d "$DIR" ] || return 0
    [ -f "$DIR/.spk-cluster" ] || die "$DIR was not made by cluster.sh up (no .spk-cluster marker)"
    # Every recorded process (also after a failed up): the front first, the replicas side by side,
    # the broker and the databases last.
    for f in "$DIR"/pids/gateway-* "$DIR"/pids/bridge-*; do
        [ -f "$f" ] && replicas="$replicas ${f##*/}"
    done
    stop_procs nginx
    # shellcheck disable=SC2086
    stop_procs $replicas
    stop_procs mosquitto
    stop_procs redis
    stop_procs postgres
}

cmd_status() {
    local name pid down=0
    load_state || die "$DIR has no cluster state (did up fail?)"
    for name in $NAMES; do
        if pid=$(live_pid "$name"); then
            say "$name running (pid $pid)"
        else
            say "$name NOT running (log: $(log_of "$name"))"
            down=1
        fi
    done
    [ -f "$DIR/env" ] && cat "$DIR/env"
    return $down
}

cmd_restart() {
    local name=$1
    load_state || die "$DIR has no cluster state (did up fail?)"
    case " $NAMES " in *" $name "*) ;; *) die "no process $name in this cluster (one of: $NAMES)" ;; esac
    stop_procs "$name"
    start_one "$name"
    sleep 0.5
    check_all_running
}

# --- command line -------------------------------------------------------------------------------
case " $* " in *" --help "* | *" -h "* | " help ") usage && exit 0 ;; esac
[ $# -ge 2 ] || {
    usage >&2
    exit 2
}
cmd=$1
DIR=$2
shift 2
case "$DIR" in /*) ;; *) DIR="$(pwd)/$DIR" ;; esac
DIR=${DIR%/}
if [ -z "$DIR" ] || [ "$DIR" = / ]; then die "refusing to use / as the cluster directory"; fi
build=${SPK_BUILD_DIR:-build}
case "$build" in /*) ;; *) build="$root/$build" ;; esac
GATEWAYS=2
BRIDGES=2
case "$cmd" in
up)
    while [ $# -gt 0 ]; do
        case "$1" in
        --gateways) GATEWAYS=${2:-} && shift 2 ;;
        --bridges) BRIDGES=${2:-} && shift 2 ;;
        *) die "unknown option $1 (see --help)" ;;
        esac
    done
    if ! [[ $GATEWAYS =~ ^[0-9]+$ ]] || [ "$GATEWAYS" -lt 1 ] || [ "$GATEWAYS" -gt 16 ]; then
        die "--gateways must be 1 to 16"
    fi
    if ! [[ $BRIDGES =~ ^[0-9]+$ ]] || [ "$BRIDGES" -gt 16 ]; then die "--bridges must be 0 to 16"; fi
    cmd_up
    ;;
down)
    [ $# -eq 0 ] || die "down takes only DIR"
    cmd_down
    ;;
status)
    [ $# -eq 0 ] || die "status takes only DIR"
    cmd_status
    ;;
restart)
    [ $# -eq 1 ] || die "usage: $0 restart DIR NAME"
    cmd_restart "$1"
    ;;
*)
    usage >&2
    exit 2
    ;;
esac
