#!/usr/bin/env bash
# Private PostgreSQL 15, Redis and Mosquitto instances on 127.0.0.1 for tests and benchmarks.
#
#   scripts/services.sh start DIR   start all three under DIR, write DIR/env (source it)
#   scripts/services.sh stop DIR    stop each by its own PID and remove DIR
#   scripts/services.sh status DIR  show what runs
#
# Works as root on a fresh Debian 12 (PostgreSQL then runs as user postgres) and as a normal user.
# Nothing is stopped by name: every process is found through the PID file it wrote under DIR.
# PostgreSQL and Redis are started by scripts/lib/services.sh, shared with scripts/cluster.sh.
set -euo pipefail

SVC_TAG=services
# shellcheck source=lib/services.sh
. "$(dirname "$0")/lib/services.sh"

usage() {
    echo "usage: $0 start|stop|status DIR" >&2
    exit 2
}

start_mosquitto() {
    local dir=$1 port
    port=$(free_port)
    command -v mosquitto >/dev/null || die "mosquitto not found (apt-get install mosquitto)"
    # set_tcp_nodelay: without it every loopback round trip costs ~40 ms (Nagle + delayed ACK).
    cat >"$dir/mosquitto.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
set_tcp_nodelay true
persistence false
pid_file $dir/mosquitto/mosquitto.pid
log_dest file $dir/mosquitto/mosquitto.log
max_queued_messages 10000
CONF
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

# Only a directory this script made (it holds the marker) is ever removed.
is_ours() { [ -f "$1/.spk-services" ]; }

cmd_stop() {
    local dir=$1
    [ -d "$dir" ] || return 0
    is_ours "$dir" || die "$dir was not made by services.sh (no .spk-services marker); not touching it"
    stop_postgres "$dir"
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
    echo "export SPK_TEST_PG_URL=$PG_URL" >>"$dir/env.tmp"
    start_redis "$dir"
    echo "export SPK_TEST_REDIS_URL=$REDIS_URL" >>"$dir/env.tmp"
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
