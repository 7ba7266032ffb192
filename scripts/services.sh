#!/usr/bin/env bash
# Private PostgreSQL 15, Redis and Mosquitto instances on 127.0.0.1 for tests and benchmarks.
#
#   scripts/services.sh start DIR   start all three under DIR, write DIR/env (source it)
#   scripts/services.sh stop DIR    stop each by its own PID and remove DIR
#   scripts/services.sh status DIR  show what runs
#
# Works as root on a fresh Debian 12 (PostgreSQL then runs as user postgres) and as a normal user.
# Nothing is stopped by name: every process is found through the PID file it wrote under DIR.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

die() {
    echo "services: $*" >&2
    exit 1
}

usage() {
    echo "usage: $0 start|stop|status DIR" >&2
    exit 2
}

# A TCP port nobody listens on (random, so parallel runs rarely collide), not in $used_ports.
used_ports=""
free_port() {
    local p i
    for i in $(seq 1 200); do
        p=$((20000 + RANDOM % 40000))
        case " $used_ports " in *" $p "*) continue ;; esac
        if command -v ss >/dev/null 2>&1; then
            [ -z "$(ss -Htln "sport = :$p" 2>/dev/null)" ] || continue
        elif (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            continue
        fi
        used_ports="$used_ports $p"
        echo "$p"
        return 0
    done
    die "no free TCP port found"
}

pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
pid_from() { if [ -f "$1" ]; then head -n1 "$1" | tr -dc '0-9'; fi; }

# Waits until something accepts TCP connections on 127.0.0.1:$1 (at most ~10 s).
wait_port() {
    local i
    for i in $(seq 1 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# Runs a command as the PostgreSQL owner: postgres when we are root, else ourselves.
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start_postgres() {
    local dir=$1 port password
    port=$(free_port)
    password=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
    [ -x "$PG_BIN/initdb" ] || die "PostgreSQL 15 not found in $PG_BIN (apt-get install postgresql)"
    mkdir -p "$dir/pg" "$dir/pg-sock"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$dir/pg" "$dir/pg-sock"
        chmod 755 "$dir"
    fi
    as_pg "$PG_BIN/initdb" -D "$dir/pg" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$dir/pg-initdb.log" 2>&1 ||
        die "initdb failed, see $dir/pg-initdb.log"
    # A throwaway test instance: durability is not needed, speed is.
    as_pg "$PG_BIN/pg_ctl" -D "$dir/pg" -l "$dir/pg/server.log" -w -t 30 \
        -o "-p $port -c listen_addresses=127.0.0.1 -k $dir/pg-sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null || die "PostgreSQL did not start, see $dir/pg/server.log"
    as_pg "$PG_BIN/psql" -h "$dir/pg-sock" -p "$port" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 \
        -c "CREATE ROLE spk LOGIN CREATEDB PASSWORD '$password'" -c "CREATE DATABASE spk OWNER spk" >/dev/null ||
        die "could not create role/database spk"
    echo "export SPK_TEST_PG_URL=postgresql://spk:$password@127.0.0.1:$port/spk" >>"$dir/env.tmp"
    echo "services: PostgreSQL 15 on 127.0.0.1:$port (pid $(pid_from "$dir/pg/postmaster.pid"), db spk, user spk)"
}

start_redis() {
    local dir=$1 port
    port=$(free_port)
    command -v redis-server >/dev/null || die "redis-server not found (apt-get install redis-server)"
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
        --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir" >/dev/null ||
        die "redis-server failed, see $dir/redis.log"
    wait_port "$port" || die "Redis does not accept connections on $port, see $dir/redis.log"
    echo "export SPK_TEST_REDIS_URL=redis://127.0.0.1:$port" >>"$dir/env.tmp"
    echo "services: Redis on 127.0.0.1:$port (pid $(pid_from "$dir/redis.pid"))"
}

start_mosquitto() {
    local dir=$1 port
    port=$(free_port)
    command -v mosquitto >/dev/null || die "mosquitto not found (apt-get install mosquitto)"
    # set_tcp_nodelay: without it every loopback round trip costs ~40 ms (Nagle + delayed ACK).
    cat >"$dir/mosquitto.conf" <<EOF
listener $port 127.0.0.1
allow_anonymous true
set_tcp_nodelay true
persistence false
pid_file $dir/mosquitto/mosquitto.pid
log_dest file $dir/mosquitto/mosquitto.log
max_queued_messages 10000
EOF
    mkdir -p "$dir/mosquitto"
    if [ "$(id -u)" -eq 0 ] && id mosquitto >/dev/null 2>&1; then
        # As root, mosquitto drops to user mosquitto before it writes its PID file and log.
        chown mosquitto: "$dir/mosquitto"
    fi
    mosquitto -c "$dir/mosquitto.conf" -d || die "mosquitto failed, see $dir/mosquitto/mosquitto.log"
    wait_port "$port" || die "Mosquitto does not accept connections on $port, see $dir/mosquitto/mosquitto.log"
    echo "export SPK_TEST_MQTT_URL=tcp://127.0.0.1:$port" >>"$dir/env.tmp"
    echo "services: Mosquitto on 127.0.0.1:$port (pid $(pid_from "$dir/mosquitto/mosquitto.pid"))"
}

all_running() {
    local dir=$1
    pid_alive "$(pid_from "$dir/pg/postmaster.pid")" &&
        pid_alive "$(pid_from "$dir/redis.pid")" &&
        pid_alive "$(pid_from "$dir/mosquitto/mosquitto.pid")"
}

# Sends TERM to the PID in $2 and waits for it to go (then KILL).
stop_pid() {
    local name=$1 pid i
    pid=$(pid_from "$2")
    pid_alive "$pid" || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 100); do
        pid_alive "$pid" || {
            echo "services: stopped $name (pid $pid)"
            return 0
        }
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    echo "services: killed $name (pid $pid)"
}

# Only a directory this script made (it holds the marker) is ever removed.
is_ours() { [ -f "$1/.spk-services" ]; }

cmd_stop() {
    local dir=$1
    [ -d "$dir" ] || return 0
    is_ours "$dir" || die "$dir was not made by services.sh (no .spk-services marker); not touching it"
    # PostgreSQL: SIGINT is its "fast" shutdown (disconnect clients, then exit).
    local pgpid
    pgpid=$(pid_from "$dir/pg/postmaster.pid")
    if pid_alive "$pgpid"; then
        kill -INT "$pgpid" 2>/dev/null || true
        stop_pid PostgreSQL "$dir/pg/postmaster.pid"
    fi
    stop_pid Redis "$dir/redis.pid"
    stop_pid Mosquitto "$dir/mosquitto/mosquitto.pid"
    rm -rf "$dir"
}

cmd_start() {
    local dir=$1
    if [ -f "$dir/env" ] && all_running "$dir"; then
        echo "services: already running under $dir"
        cat "$dir/env"
        return 0
    fi
    # Leftovers of an earlier, partial run: stop them before starting afresh.
    if [ -d "$dir" ] && ! is_ours "$dir" && [ -n "$(ls -A "$dir")" ]; then
        die "$dir exists, is not empty and was not made by services.sh"
    fi
    [ -d "$dir" ] && is_ours "$dir" && cmd_stop "$dir"
    mkdir -p "$dir"
    touch "$dir/.spk-services"
    rm -f "$dir/env.tmp"
    # Any failure (die exits) stops what did start, so no half-started set lingers.
    trap 'rc=$?; if [ $rc -ne 0 ]; then echo "services: start failed; cleaning up" >&2; cmd_stop "'"$dir"'"; fi' EXIT
    start_postgres "$dir"
    start_redis "$dir"
    start_mosquitto "$dir"
    trap - EXIT
    mv "$dir/env.tmp" "$dir/env"
    echo "services: environment in $dir/env (source it):"
    cat "$dir/env"
}

cmd_status() {
    local dir=$1
    local name file
    for pair in "PostgreSQL:$dir/pg/postmaster.pid" "Redis:$dir/redis.pid" "Mosquitto:$dir/mosquitto/mosquitto.pid"; do
        name=${pair%%:*}
        file=${pair#*:}
        if pid_alive "$(pid_from "$file")"; then
            echo "services: $name running (pid $(pid_from "$file"))"
        else
            echo "services: $name not running"
        fi
    done
}

[ $# -eq 2 ] || usage
DIR=$2
case "$DIR" in /*) ;; *) DIR="$(pwd)/$DIR" ;; esac
[ "$DIR" != "/" ] || die "refusing to use / as the services directory"
case "$1" in
start) cmd_start "$DIR" ;;
stop) cmd_stop "$DIR" ;;
status) cmd_status "$DIR" ;;
*) usage ;;
esac
