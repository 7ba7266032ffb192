#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a running fleet: installs the packages (as root),
# builds, starts spkd on embedded defaults (SQLite in ./.spk-data, a private Mosquitto, in-process
# cache) with a few simulated speakers, and prints how to log in. Ctrl-C stops everything.
#   SPK_HTTP_PORT (8080), SPK_MQTT_EMBEDDED_PORT (1883) and SPK_SIM_DEVICES (5) change the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if [ "$(id -u)" = 0 ]; then
    scripts/install-deps.sh
else
    echo "quickstart: not root, assuming the packages of scripts/install-deps.sh are installed"
fi

build=${SPK_BUILD_DIR:-build}
echo "quickstart: building (a first build takes a few minutes)…"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j2 --target spkd spkctl spksim spk-console 2>&1 | grep -E "error|Built target (spkd|spkctl|spksim|spk-console)$" || true
cmake --build "$build" -j2 --target spkd spkctl spksim spk-console >/dev/null

export SPK_DATA_DIR=${SPK_DATA_DIR:-$root/.spk-data}
export SPK_HTTP_PORT=${SPK_HTTP_PORT:-8080}
export SPK_MQTT_EMBEDDED_PORT=${SPK_MQTT_EMBEDDED_PORT:-1883}
devices=${SPK_SIM_DEVICES:-5}
server="http://127.0.0.1:$SPK_HTTP_PORT"
spkd="$build/server/spkd"
spkctl="$build/cli/spkctl"
spksim="$build/simulator/spksim"
mkdir -p "$SPK_DATA_DIR"

password_file="$SPK_DATA_DIR/admin-password"
if [ ! -s "$password_file" ]; then
    password=$(head -c 12 /dev/urandom | base64 | tr -d '/+=' | cut -c1-14)
    echo "$password" | "$spkd" user add admin --role admin --password-stdin
    (umask 077 && echo "$password" >"$password_file")
fi
password=$(cat "$password_file")

pids=()
cleanup() {
    echo
    echo "quickstart: stopping"
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$spkd" serve >"$SPK_DATA_DIR/spkd.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
    curl -fs "$server/readyz" >/dev/null 2>&1 && break
    kill -0 "${pids[0]}" 2>/dev/null || { cat "$SPK_DATA_DIR/spkd.log"; exit 1; }
    sleep 0.2
done
curl -fs "$server/readyz" >/dev/null || { echo "spkd did not become ready:"; tail -20 "$SPK_DATA_DIR/spkd.log"; exit 1; }

echo "$password" | "$spkctl" --server "$server" login --user admin --password-stdin >/dev/null
# The speakers log in to the broker with their id and secret (protocol.md §7). A secret is shown only
# when a device is added or re-keyed, so the "id secret" lines are kept for the next run; a device whose
# secret is not in the file (added before, or the file was lost) gets a new one.
secret_of() { # ID NAME FILE → prints the device's secret, adding or re-keying the device as needed
    local known
    known=$(sed -n "s/^$1 \(.*\)$/\1/p" "$3" 2>/dev/null || true)
    if "$spkctl" devices show "$1" >/dev/null 2>&1; then
        if [ -n "$known" ]; then
            echo "$known"
            return
        fi
        "$spkctl" --json devices secret "$1" | json_secret
    else
        "$spkctl" --json devices add "$1" --name "$2" --owner 1 | json_secret
    fi
}
json_secret() { sed -n 's/.*"secret" *: *"\([^"]*\)".*/\1/p'; }
ids="$SPK_DATA_DIR/sim-ids.txt"
next=$(umask 077 && mktemp "$SPK_DATA_DIR/sim-ids.XXXXXX")
for i in $(seq 1 "$devices"); do
    id=$(printf "sim-%04d" "$i")
    echo "$id $(secret_of "$id" "Speaker $i" "$ids")" >>"$next"
done
mv "$next" "$ids"
# A speaker for voice conversations (spksim --voice also needs its secret for /ws/audio).
voice="$SPK_DATA_DIR/voice-devices.txt"
secret=$(secret_of voice-0001 "Voice speaker" "$voice")
(umask 077 && echo "voice-0001 $secret" >"$voice")
"$spksim" --broker "tcp://127.0.0.1:$SPK_MQTT_EMBEDDED_PORT" --ids-from "$ids" --status-interval 10s \
    --no-progress >"$SPK_DATA_DIR/spksim.log" 2>&1 &
pids+=($!)

cat <<TXT

spk is running.
  server     $server          (logs: $SPK_DATA_DIR/spkd.log)
  login      admin / $password
  devices    $devices simulated speakers (sim-0001…), status every 10 s

spkctl is logged in already. Try, in another terminal:
  $spkctl devices ls
  $spkctl config sim-0001 volume=80
  $spkctl watch
  $build/console/spk-console          (desktop console; log in with the password above)

A spoken conversation (voice-0001 says "go forward ten meters"; the reply is saved as WAV):
  $spksim --broker tcp://127.0.0.1:$SPK_MQTT_EMBEDDED_PORT --server $server --ids-from $voice \\
      --voice /usr/share/pocketsphinx/test/data/goforward.raw --save-replies /tmp/spk-replies
  $spkctl sessions ls

Ctrl-C stops spkd and the simulated speakers.
TXT
wait "${pids[0]}"
