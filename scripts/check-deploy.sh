#!/usr/bin/env bash
# Checks deploy/ with what runs offline here: no cluster, no Docker daemon (ctest deploy_checks).
#
#   scripts/check-deploy.sh [SPKD]     SPKD: a built spkd, so `spkd config` loads every configuration
#
# - promtool: check rules (alerts.yml), check config (prometheus.yml), test rules (tests/deploy/alerts_test.yml);
# - tests/deploy/check_deploy.py: YAML/JSON parsing, SPK_ names, spkd config, the structure of the
#   Kubernetes manifests, the compose file and the systemd units, metric names (see its docstring);
# - systemd-analyze verify and security --offline on each unit;
# - Mosquitto loads each deploy/*/mosquitto*.conf with the spk plugin (next to SPKD) and stays up;
# - nginx -t on each nginx configuration (deploy/nginx/*.conf, deploy/*/nginx*.conf), with throwaway
#   certificates (scripts/gen-certs.sh), deploy/nginx/snippets beside it for its includes, and the
#   upstream host names (compose service names) pointed at 127.0.0.1, in a private prefix.
# A missing tool skips the whole check (exit 77) but fails it under CI=true.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
spkd=${1:-}
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3 # Debian's, with python3-yaml (install-deps.sh)
export PYTHONDONTWRITEBYTECODE=1                # no __pycache__ in the source tree

missing=()
command -v promtool >/dev/null || missing+=("promtool (apt-get install prometheus)")
command -v systemd-analyze >/dev/null || missing+=("systemd-analyze (systemd)")
command -v nginx >/dev/null || missing+=("nginx")
command -v openssl >/dev/null || missing+=("openssl")
command -v mosquitto >/dev/null || missing+=("mosquitto")
"$py" -c 'import yaml' 2>/dev/null || missing+=("PyYAML (apt-get install python3-yaml)")
if [ ${#missing[@]} -gt 0 ]; then
    echo "check-deploy: missing: ${missing[*]}" >&2
    [ "${CI:-}" = true ] && exit 1
    exit 77
fi
if [ -n "$spkd" ]; then
    [ -x "$spkd" ] || { echo "check-deploy: $spkd is not an executable spkd" >&2; exit 1; }
    spkd=$(realpath "$spkd")
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
step() { # step NAME COMMAND...: run it; print its output when it fails (or always, with SHOW=1)
    if "${@:2}" >"$tmp/out" 2>&1; then
        echo "check-deploy: ok   $1"
        [ -z "${SHOW:-}" ] || sed 's/^/    /' "$tmp/out"
    else
        echo "check-deploy: FAIL $1" >&2
        sed 's/^/    /' "$tmp/out" >&2
        failed=1
    fi
}

cd "$root"
step "promtool check rules" promtool check rules deploy/prometheus/alerts.yml
step "promtool check config" promtool check config deploy/prometheus/prometheus.yml
step "promtool test rules" promtool test rules tests/deploy/alerts_test.yml
SHOW=1 step "structure (check_deploy.py)" "$py" tests/deploy/check_deploy.py "$root" ${spkd:+--spkd "$spkd"}

# systemd: verify wants ExecStart= to exist, so each unit is checked as a copy that runs /bin/true
# (or the spkd given). It exits 0 on unknown directives, hence any output counts as a failure.
verify_unit() {
    local copy=$tmp/systemd/$(basename "$1")
    mkdir -p "$tmp/systemd"
    sed "s#/usr/bin/spkd#${spkd:-/bin/true}#g" "$1" >"$copy"
    systemd-analyze verify "$copy" >"$tmp/verify" 2>&1 || { cat "$tmp/verify"; return 1; }
    if [ -s "$tmp/verify" ]; then cat "$tmp/verify"; return 1; fi
    # Exposure 0 (locked down) to 10 (unprotected); the units score 1.7.
    systemd-analyze security --offline=yes --threshold=20 "$copy" >"$tmp/security" 2>&1 ||
        { grep -E 'Overall|✗' "$tmp/security"; return 1; }
}
for unit in deploy/systemd/*.service; do
    step "systemd-analyze $unit" verify_unit "$unit"
done

# Mosquitto has no config test mode: start it on a copy with free loopback ports, throwaway
# certificates and the plugin of this build, see that it is still running after a second, stop it.
mosquitto_test() {
    local conf=$1 dir=$tmp/mosquitto/$(basename "$1" .conf) ports pid alive=0
    mkdir -p "$dir"
    [ -f "$tmp/certs/server.crt" ] || bash scripts/gen-certs.sh "$tmp/certs" >/dev/null
    read -r -a ports < <("$py" -c 'import socket
s = [socket.socket() for _ in range(4)]
[x.bind(("127.0.0.1", 0)) for x in s]
print(*[x.getsockname()[1] for x in s])')
    awk -v p0="${ports[0]}" -v p1="${ports[1]}" -v p2="${ports[2]}" -v p3="${ports[3]}" \
        -v certs="$tmp/certs" -v plugin="$(dirname "$spkd")/spk_mosquitto_auth.so" -v creds="$dir/credentials" '
        BEGIN { split(p0 " " p1 " " p2 " " p3, port, " ") }
        $1 == "listener" { n++; print "listener " port[n] " 127.0.0.1"; next }
        $1 == "certfile" { print "certfile " certs "/server.crt"; next }
        $1 == "keyfile" { print "keyfile " certs "/server.key"; next }
        $1 == "cafile" { print "cafile " certs "/ca.crt"; next }
        $1 == "plugin" { print "plugin " plugin; next }
        $1 == "plugin_opt_credentials_file" { print $1 " " creds; next }
        $1 ~ /^(log_dest|persistence_location|pid_file|user)$/ { next }
        { print }
        END { print "log_dest stdout"; print "user " ENVIRON["USER_NAME"] }' "$conf" >"$dir/mosquitto.conf"
    mosquitto -c "$dir/mosquitto.conf" >"$dir/log" 2>&1 &
    pid=$!
    sleep 1
    kill -0 "$pid" 2>/dev/null && alive=1
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    cat "$dir/log"
    [ $alive -eq 1 ] && ! grep -q '^[0-9]*: Error' "$dir/log"
}
export USER_NAME=$(id -un)
for conf in deploy/*/mosquitto*.conf; do
    if [ -n "$spkd" ]; then
        step "mosquitto loads $conf" mosquitto_test "$conf"
    else
        echo "check-deploy: note: $conf not loaded (no spkd given, so no spk plugin)"
    fi
done

# nginx: each config as a whole nginx.conf, or inside http {} when it is a server-level file.
nginx_test() {
    local conf=$1 dir=$tmp/nginx/${1//\//_} kind
    mkdir -p "$dir/logs"
    # Relative includes resolve against the directory of nginx.conf, as /etc/nginx/snippets/ does;
    # nginx-prepare points absolute ones (/etc/nginx/snippets/X, compose) at this copy too.
    [ -d deploy/nginx/snippets ] && cp -r deploy/nginx/snippets "$dir/"
    [ -f "$tmp/certs/server.crt" ] || bash scripts/gen-certs.sh "$tmp/certs" >/dev/null
    kind=$("$py" tests/deploy/check_deploy.py nginx-prepare "$conf" "$dir/site.conf" "$tmp/certs")
    if [ "$kind" = main ]; then
        mv "$dir/site.conf" "$dir/nginx.conf"
    else
        printf 'events {}\nhttp {\n    include /etc/nginx/mime.types;\n    include %s/site.conf;\n}\n' "$dir" >"$dir/nginx.conf"
    fi
    nginx -t -q -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log" -g "pid $dir/nginx.pid;"
}
shopt -s nullglob
confs=(deploy/nginx/*.conf deploy/*/nginx*.conf)
for conf in "${confs[@]}"; do
    step "nginx -t $conf" nginx_test "$conf"
done
[ ${#confs[@]} -gt 0 ] || echo "check-deploy: note: no nginx configuration under deploy/ yet"

if [ $failed -ne 0 ]; then
    echo "check-deploy: FAILED" >&2
    exit 1
fi
echo "check-deploy: all passed"
