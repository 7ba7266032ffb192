#!/usr/bin/env bash
# Captures spk-console's main screens in English and Simplified Chinese into docs/screenshots/.
# Starts its own Xvfb, spkd (embedded defaults, in a temp dir, on free ports) and spksim, registers
# the simulated speakers, then opens the console once per screen and language and grabs the screen.
#
#   scripts/screenshots.sh [BUILD_DIR]        (default: build-console; needs spkd, spksim, spk-console)
#
# Needs: xvfb, imagemagick (import), curl, fonts-wqy-microhei (Chinese glyphs).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$ROOT/build-console}" && pwd)
OUT="$ROOT/docs/screenshots"
SPKD="$BUILD/server/spkd"
SPKSIM="$BUILD/simulator/spksim"
CONSOLE="$BUILD/console/spk-console"
DEVICES=${SPK_SCREENSHOT_DEVICES:-12}
ADMIN_PASSWORD='Admin-pass-123'

for bin in "$SPKD" "$SPKSIM" "$CONSOLE"; do
  [[ -x "$bin" ]] || { echo "screenshots: $bin is missing; build it first" >&2; exit 1; }
done
for tool in Xvfb import curl python3; do
  command -v "$tool" >/dev/null || { echo "screenshots: $tool is not installed" >&2; exit 1; }
done

WORK=$(mktemp -d /tmp/spk-screenshots.XXXXXX)
PIDS=()
cleanup() {
  # Stop what this script started, newest first, each by its own PID.
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill "${PIDS[$i]}" 2>/dev/null || true
    wait "${PIDS[$i]}" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

DISPLAY_NUM=$(( 90 + RANDOM % 100 ))
Xvfb ":$DISPLAY_NUM" -screen 0 1280x800x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
PIDS+=($!)
export DISPLAY=":$DISPLAY_NUM"
export XDG_CONFIG_HOME="$WORK/config" XDG_RUNTIME_DIR="$WORK/runtime" # the console's settings stay here
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

HTTP_PORT=$(free_port)
MQTT_PORT=$(free_port)
export SPK_DATA_DIR="$WORK/data" SPK_HTTP_PORT="$HTTP_PORT" SPK_MQTT_EMBEDDED_PORT="$MQTT_PORT"
URL="http://127.0.0.1:$HTTP_PORT"

echo "$ADMIN_PASSWORD" | "$SPKD" user add admin --role admin --password-stdin >/dev/null
"$SPKD" serve >"$WORK/spkd.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do
  curl -fs "$URL/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fs "$URL/healthz" >/dev/null || { echo "screenshots: spkd did not start:" >&2; cat "$WORK/spkd.log" >&2; exit 1; }

api() { # METHOD PATH [JSON]
  curl -fsS -X "$1" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    ${3:+--data "$3"} "$URL$2"
}
TOKEN=$(curl -fsS -H 'Content-Type: application/json' \
  --data "{\"username\":\"admin\",\"password\":\"$ADMIN_PASSWORD\"}" "$URL/api/auth/login" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
ADMIN_ID=$(api GET /api/me | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
api POST /api/users '{"username":"li.support","password":"Support-pass-123","role":"support"}' >/dev/null
api POST /api/users '{"username":"wang.user","password":"User-pass-1234","role":"user"}' >/dev/null
ROOMS=(Kitchen "Living room" Bedroom Study Hallway Garage Office Nursery Balcony Attic Porch Cellar)
for i in $(seq 1 "$DEVICES"); do
  id=$(printf 'sim-%04d' "$i")
  name="${ROOMS[$(( (i - 1) % ${#ROOMS[@]} ))]}"
  api POST /api/devices "{\"id\":\"$id\",\"name\":\"$name\",\"owner_id\":$ADMIN_ID}" >/dev/null
done

# Most speakers come online and report every 5 s; the last two stay offline for contrast.
"$SPKSIM" --broker "tcp://127.0.0.1:$MQTT_PORT" --devices $(( DEVICES - 2 )) --status-interval 5s \
  --battery-drain --no-progress >"$WORK/spksim.log" 2>&1 &
PIDS+=($!)
sleep 4
# Leave a trace in the audit log and a confirmed volume change.
api PUT /api/devices/sim-0001/config '{"volume":65}' >/dev/null || true

# A few real conversations (recorded speech over UDP, replies over /ws/audio) for the Sessions page.
: >"$WORK/voice-ids"
for i in 1 2; do
  id=$(printf 'voice-%04d' "$i")
  secret=$(api POST /api/devices "{\"id\":\"$id\",\"name\":\"Voice $i\",\"owner_id\":$ADMIN_ID}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')
  echo "$id $secret" >>"$WORK/voice-ids"
done
"$SPKSIM" --broker "tcp://127.0.0.1:$MQTT_PORT" --server "$URL" --ids-from "$WORK/voice-ids" \
  --voice /usr/share/pocketsphinx/test/data/goforward.raw --conversations 3 --concurrency 1 \
  --no-progress >"$WORK/spksim-voice.log" 2>&1 || echo "screenshots: a conversation failed (see $WORK/spksim-voice.log)"
SESSION_ID=$(api GET '/api/sessions?limit=1' | python3 -c 'import json,sys; s=json.load(sys.stdin)["sessions"]; print(s[0]["id"] if s else "")')
echo "screenshots: $(wc -l <"$WORK/voice-ids") voice speakers, newest session: ${SESSION_ID:-none}"

mkdir -p "$OUT"
shoot() { # NAME LANGUAGE WAIT_S CONSOLE_ARGS...
  local name=$1 lang=$2 wait_s=$3
  shift 3
  SPK_CONSOLE_PASSWORD="$ADMIN_PASSWORD" "$CONSOLE" --server "$URL" --user admin --language "$lang" "$@" \
    >>"$WORK/console.log" 2>&1 &
  local pid=$!
  sleep "$wait_s"
  import -window root "$OUT/console-$name-$lang.png"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "  docs/screenshots/console-$name-$lang.png"
}

echo "screenshots:"
for lang in en zh_CN; do
  shoot login "$lang" 3
  shoot devices "$lang" 5 --password-env SPK_CONSOLE_PASSWORD --page devices --device sim-0001
  shoot sessions "$lang" 6 --password-env SPK_CONSOLE_PASSWORD --page sessions ${SESSION_ID:+--session "$SESSION_ID"}
  shoot dashboard "$lang" 18 --password-env SPK_CONSOLE_PASSWORD --page dashboard
  shoot activity "$lang" 5 --password-env SPK_CONSOLE_PASSWORD --page activity
  shoot admin "$lang" 5 --password-env SPK_CONSOLE_PASSWORD --page admin
done
