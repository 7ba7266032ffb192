# shellcheck shell=bash
# Shared by scripts/services.sh and scripts/cluster.sh (sourced, not run): free ports, PID files, and
# private PostgreSQL 15 and Redis instances on 127.0.0.1. One copy, so both scripts start them alike.
#
# The caller sets SVC_TAG (the prefix of every message, e.g. "services") and may set PG_BIN.
# start_postgres/start_redis set PG_PORT + PG_URL / REDIS_PORT + REDIS_URL for the caller and print
# one line each. Nothing is stopped by name: every process is found through its PID file.

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
SVC_TAG=${SVC_TAG:-services}

die() {
    echo "$SVC_TAG: $*" >&2
    exit 1
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

# pick_port VAR [tcp|udp]: sets VAR to a port no socket uses, below the kernel's ephemeral range (so
# outgoing connections and "any port" sockets do not take it before its server binds it), and not
# picked before by this shell (free_port, run in $(…), cannot remember its picks).
pick_port() {
    # Locals are prefixed so that VAR may be any name the caller uses (even "p").
    local _pp_var=$1 _pp_flag=-Htan _pp_lo=20000 _pp_hi _pp_p _pp_i
    [ "${2:-tcp}" = udp ] && _pp_flag=-Huan
    _pp_hi=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
    [ "$_pp_hi" -gt $((_pp_lo + 2000)) ] 2>/dev/null || _pp_hi=60000
    for _pp_i in $(seq 1 200); do
        _pp_p=$((_pp_lo + RANDOM % (_pp_hi - _pp_lo)))
        case " $used_ports " in *" $_pp_p "*) continue ;; esac
        [ -z "$(ss "$_pp_flag" "sport = :$_pp_p" 2>/dev/null)" ] || continue
        used_ports="$used_ports $_pp_p"
        printf -v "$_pp_var" '%s' "$_pp_p"
        return 0
    done
    die "no free ${2:-tcp} port found"
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

# pg_start DIR PORT: starts the cluster in DIR/pg (made by start_postgres) on 127.0.0.1:PORT.
pg_start() {
    local dir=$1 port=$2
    # A throwaway test instance: durability is not needed, speed is.
    as_pg "$PG_BIN/pg_ctl" -D "$dir/pg" -l "$dir/pg/server.log" -w -t 30 \
        -o "-p $port -c listen_addresses=127.0.0.1 -k $dir/pg-sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null || die "PostgreSQL did not start, see $dir/pg/server.log"
}

# start_postgres DIR: a new cluster in DIR/pg with role and database "spk" (random password).
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
    pg_start "$dir" "$port"
    as_pg "$PG_BIN/psql" -h "$dir/pg-sock" -p "$port" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 \
        -c "CREATE ROLE spk LOGIN CREATEDB PASSWORD '$password'" -c "CREATE DATABASE spk OWNER spk" >/dev/null ||
        die "could not create role/database spk"
    PG_PORT=$port
    PG_URL="postgresql://spk:$password@127.0.0.1:$port/spk"
    echo "$SVC_TAG: PostgreSQL 15 on 127.0.0.1:$port (pid $(pid_from "$dir/pg/postmaster.pid"), db spk, user spk)"
}

# start_redis DIR [PORT]: Redis without persistence, PID file DIR/redis.pid, log DIR/redis.log.
start_redis() {
    local dir=$1 port=${2:-}
    [ -n "$port" ] || port=$(free_port)
    command -v redis-server >/dev/null || die "redis-server not found (apt-get install redis-server)"
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
        --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir" >/dev/null ||
        die "redis-server failed, see $dir/redis.log"
    wait_port "$port" || die "Redis does not accept connections on $port, see $dir/redis.log"
    REDIS_PORT=$port
    REDIS_URL="redis://127.0.0.1:$port"
    echo "$SVC_TAG: Redis on 127.0.0.1:$port (pid $(pid_from "$dir/redis.pid"))"
}

# Sends TERM to the PID in file $2 and waits for it to go (then KILL); $1 names it in the message.
stop_pid() {
    local name=$1 pid i
    pid=$(pid_from "$2")
    pid_alive "$pid" || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 100); do
        pid_alive "$pid" || {
            echo "$SVC_TAG: stopped $name (pid $pid)"
            return 0
        }
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    echo "$SVC_TAG: killed $name (pid $pid)"
}

# PostgreSQL in DIR/pg: SIGINT is its "fast" shutdown (disconnect clients, then exit).
stop_postgres() {
    local dir=$1 pgpid
    pgpid=$(pid_from "$dir/pg/postmaster.pid")
    if pid_alive "$pgpid"; then
        kill -INT "$pgpid" 2>/dev/null || true
        stop_pid PostgreSQL "$dir/pg/postmaster.pid"
    fi
}
