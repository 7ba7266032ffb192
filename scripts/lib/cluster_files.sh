# shellcheck shell=bash
# The files scripts/cluster.sh writes at `up` (sourced by it, not run): each process's start script
# DIR/run/NAME, mosquitto.conf, nginx.conf, and the environment every spkd replica gets.
# Uses cluster.sh's globals: DIR, root, plugin, the *_PORT(S) variables, BRIDGES, PG_URL, secrets.

nth() { echo "$2" | cut -d' ' -f"$1"; } # nth N "a b c"

q() { printf '%q' "$1"; }

# write_run NAME COMMAND...: DIR/run/NAME execs COMMAND (an `env -i …` line keeps its environment exact).
write_run() {
    local name=$1 f=$DIR/run/$1 arg
    shift
    {
        echo '#!/usr/bin/env bash'
        echo "# $name of the cluster in $DIR, written by scripts/cluster.sh up (restart runs it again)."
        printf 'cd %s && exec' "$(q "$DIR")"
        for arg in "$@"; do printf ' %s' "$(q "$arg")"; done
        echo
    } >"$f"
    chmod 700 "$f"
}

write_mosquitto_conf() {
    # Two listeners with the same rules: plaintext on loopback for the spkd replicas, TLS for devices.
    # The plugin reads the credentials file the gateways write from the device registry (docs/mqtt-auth.md).
    cat >"$DIR/mosquitto/mosquitto.conf" <<CONF
per_listener_settings false
allow_anonymous false
plugin $plugin
plugin_opt_credentials_file $DIR/mosquitto/credentials
# As root Mosquitto would switch to user mosquitto and could not read the credentials file.
user $(id -un)
message_size_limit 262144
set_tcp_nodelay true
max_queued_messages 1000
persistence true
persistence_location $DIR/mosquitto/
autosave_interval 10
log_dest stderr
log_type error
log_type warning
log_type notice

listener $MQTT_PORT 127.0.0.1

listener $MQTTS_PORT 127.0.0.1
cafile $DIR/tls/ca.crt
certfile $DIR/tls/server.crt
keyfile $DIR/tls/server.key
CONF
}

write_nginx_conf() {
    local i upstreams="" bridges_map=""
    for i in $(seq 1 "$BRIDGES"); do
        upstreams="$upstreams    upstream spk_bridge_$i {
        server 127.0.0.1:$(nth "$i" "$BRIDGE_PORTS");
        keepalive 8;
    }
"
        bridges_map="$bridges_map        $i spk_bridge_$i;
"
    done
    mkdir -p "$DIR/nginx/tmp"
    # The routes are deploy/nginx/snippets/spk-routes.conf, copied so a restart uses the same rules.
    cp "$root/deploy/nginx/snippets/spk-routes.conf" "$DIR/nginx/spk-routes.conf"
    cat >"$DIR/nginx/nginx.conf" <<CONF
# nginx of the cluster in $DIR (scripts/cluster.sh). Production: deploy/nginx/spk.conf.
daemon off;
worker_processes 2;
pid $DIR/nginx/nginx.pid;
error_log $DIR/logs/nginx-error.log warn;
events {
    worker_connections 4096;
}
http {
    # Which replica served each request, and how fast.
    log_format spk '\$remote_addr [\$time_local] "\$request" \$status \$body_bytes_sent '
                   'upstream=\$upstream_addr \$upstream_status \${request_time}s';
    access_log $DIR/logs/nginx-access.log spk;
    client_body_temp_path $DIR/nginx/tmp/body;
    proxy_temp_path $DIR/nginx/tmp/proxy;
    fastcgi_temp_path $DIR/nginx/tmp/fastcgi;
    uwsgi_temp_path $DIR/nginx/tmp/uwsgi;
    scgi_temp_path $DIR/nginx/tmp/scgi;
    default_type application/octet-stream;
    tcp_nodelay on;
    keepalive_timeout 65s;
    server_tokens off;

    map \$http_upgrade \$spk_connection_upgrade {
        default upgrade;
        "" "";
    }
    upstream spk_gateways {
$(for p in $GATEWAY_PORTS; do echo "        server 127.0.0.1:$p max_fails=1 fail_timeout=2s;"; done)
        keepalive 32;
    }
$upstreams
    map \$host \$spk_gateway_backend {
        default spk_gateways;
    }
    map \$spk_bridge \$spk_bridge_backend {
$bridges_map        default "";
    }
    server {
        listen 127.0.0.1:$NGINX_PORT ssl http2;
        server_name localhost 127.0.0.1;
        ssl_certificate $DIR/tls/server.crt;
        ssl_certificate_key $DIR/tls/server.key;
        include $DIR/nginx/spk-routes.conf;
    }
}
CONF
}

# The environment of every replica: the caller's SPK_* settings, then the cluster's (which win).
# Names that are client settings (DIR/env, spkctl, the test helpers) are not passed on.
base_env() {
    local v
    echo "PATH=$PATH"
    echo "HOME=${HOME:-/root}"
    echo "LANG=C.UTF-8"
    for v in $(compgen -e); do
        case "$v" in
        SPK_URL | SPK_CA | SPK_ADMIN_* | SPK_GATEWAY_URLS | SPK_BRIDGE_URLS | SPK_BRIDGE_UDP_PORTS | \
            SPK_BUILD_DIR | SPK_SOURCE_DIR | SPK_SERVER | SPK_TOKEN | SPK_TEST_*) ;;
        SPK_* | QT_LOGGING_RULES | TMPDIR) echo "$v=${!v}" ;;
        esac
    done
    echo "SPK_LOG_LEVEL=${SPK_LOG_LEVEL:-info}"
    echo "SPK_DATA_DIR=$DIR/data"
    echo "SPK_DATABASE_URL=$PG_URL"
    echo "SPK_CACHE_URL=redis://127.0.0.1:$REDIS_PORT"
    echo "SPK_MQTT_EMBEDDED=false"
    echo "SPK_MQTT_URL=tcp://127.0.0.1:$MQTT_PORT"
    echo "SPK_MQTT_USERNAME=spkd"
    echo "SPK_MQTT_PASSWORD=$MQTT_PASSWORD"
    echo "SPK_AUTH_JWT_SECRET=$JWT_SECRET"
    echo "SPK_HTTP_HOST=127.0.0.1"
    echo "SPK_HTTP_TRUSTED_PROXIES=127.0.0.1/32"
}

