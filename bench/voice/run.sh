#!/usr/bin/env bash
# Voice benchmarks (issue 3, seed scene 3) on this machine, references measured in the same run:
#  1. Conversations with the built-in backends (pocketsphinx, intents, espeak-ng): 1, 10 and 50
#     simulated speakers at once over MQTT + UDP + /ws/audio; wake -> wake/ack and end of speech ->
#     first reply audio frame, p50/p95/max.
#  2. The media path alone (spkd on the null ASR and TTS): 100, 400 and 1,000 concurrent 20 ms streams,
#     spkd CPU per stream and frames lost, beside bare libopus decoding of as many frames.
#  1b. The same with pocketsphinx in grammar mode and 10 decoders (defaults: lm, 2).
#  3. The same media run at 100 streams with recording on (spkd's default), for its cost.
# Usage: bench/voice/run.sh [build-dir]      Every step is bounded in time; load stays on 127.0.0.1.
# Env: BENCH_CONCURRENCY (1,10,50), BENCH_SESSIONS (auto = >= 40 per level, >= 2 per device), BENCH_STREAMS (100,400,1000),
#      BENCH_WINDOW (15 s), BENCH_WAKE_RATE (200/s), BENCH_LOG_LEVEL (warning), BENCH_PARTS (conversations,tuned,media,recording),
#      BENCH_TUNED_MODE (grammar; or lm), BENCH_TUNED_DECODERS (10).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
parts=${BENCH_PARTS:-conversations,tuned,media,recording}
audio=/usr/share/pocketsphinx/test/data/goforward.raw # Debian pocketsphinx-testdata
[ -r "$audio" ] || { echo "missing $audio (apt-get install pocketsphinx-testdata)" >&2; exit 2; }
load="$build/bench/voice/voice_load"
work=$(mktemp -d /tmp/spk-bench-voice.XXXXXX)
spkd_pid=
# shellcheck disable=SC2317 # called by the trap
cleanup() { stop_spkd; if [ -n "${BENCH_KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT

port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
stop_spkd() {
    if [ -n "$spkd_pid" ]; then
        kill "$spkd_pid" 2>/dev/null || true
        wait "$spkd_pid" 2>/dev/null || true
        spkd_pid=
    fi
}
# start_spkd NAME [VAR=value…]: a fresh spkd on embedded defaults (SQLite, embedded Mosquitto), free ports.
start_spkd() {
    local name=$1
    shift
    stop_spkd
    mkdir -p "$work/$name"
    SPK_HTTP_PORT=$(port)
    SPK_MQTT_EMBEDDED_PORT=$(port)
    export SPK_DATA_DIR=$work/$name/data SPK_HTTP_PORT SPK_MQTT_EMBEDDED_PORT SPK_LOG_LEVEL=${BENCH_LOG_LEVEL:-warning}
    url=http://127.0.0.1:$SPK_HTTP_PORT
    broker=tcp://127.0.0.1:$SPK_MQTT_EMBEDDED_PORT
    echo 'Bench-pass-123' | "$build/server/spkd" user add admin --role admin --password-stdin >/dev/null
    env "$@" "$build/server/spkd" serve >"$work/$name/spkd.log" 2>&1 &
    spkd_pid=$!
    for _ in $(seq 1 600); do curl -fs "$url/readyz" >/dev/null 2>&1 && return 0; sleep 0.1; done
    echo "spkd ($name) did not become ready; log:" >&2
    tail -20 "$work/$name/spkd.log" >&2
    exit 1
}
voice_load() { timeout 900 "$load" "$@" --url "$url" --broker "$broker" --spkd-pid "$spkd_pid" --password Bench-pass-123 --audio "$audio"; }

echo "== machine: $(nproc) cores, $(uname -r); load average $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
conversations_args=(--concurrency "${BENCH_CONCURRENCY:-1,10,50}" --sessions "${BENCH_SESSIONS:-auto}")
if [[ $parts == *conversations* ]]; then
    echo "== 1a. conversations, built-in backends (pocketsphinx, intents, espeak-ng), spkd defaults"
    start_spkd conversations
    voice_load conversations "${conversations_args[@]}" || status=1
fi
if [[ $parts == *tuned* ]]; then
    # pocketsphinx in command-grammar mode (docs/pipeline.md) with 10 decoders (default: lm, 2).
    decoders=${BENCH_TUNED_DECODERS:-10}
    echo "== 1b. conversations, built-in backends, asr.pocketsphinx.decoders=$decoders, ${BENCH_TUNED_MODE:-grammar} mode"
    start_spkd tuned SPK_ASR_POCKETSPHINX_DECODERS="$decoders" SPK_ASR_POCKETSPHINX_MODE="${BENCH_TUNED_MODE:-grammar}"
    voice_load conversations "${conversations_args[@]}" || status=1
fi
# The null backends: no recognition or synthesis, so what is measured is UDP ingest, AEAD, jitter
# buffer, Opus decode, VAD. One looping utterance per stream: silence_end_ms at its maximum (5 s) so
# the pauses of the looped clip do not end speech, and the utterance limits above the run length.
media_env=(SPK_ASR_PRIMARY=null SPK_TTS_BACKEND=null SPK_BRIDGE_SILENCE_END_MS=5000
    SPK_BRIDGE_MAX_UTTERANCE_MS=600000 SPK_ASR_MAX_UTTERANCE_MS=600000)
media_args=(--window "${BENCH_WINDOW:-15}" --wake-rate "${BENCH_WAKE_RATE:-200}")
if [[ $parts == *media* ]]; then
    echo "== 2. media path alone: null ASR + TTS, recording off"
    start_spkd media "${media_env[@]}" SPK_BRIDGE_RECORD_AUDIO=false
    voice_load media --streams "${BENCH_STREAMS:-100,400,1000}" "${media_args[@]}" || status=1
fi
if [[ $parts == *recording* ]]; then
    echo "== 3. media path with both tracks recorded (spkd's default): null ASR + TTS, recording on"
    start_spkd recording "${media_env[@]}" SPK_BRIDGE_RECORD_AUDIO=true
    voice_load media --streams 100 "${media_args[@]}" || status=1
fi
stop_spkd
exit $status
