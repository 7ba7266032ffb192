#!/usr/bin/env bash
# Installs every Debian 12 package spk needs to build, test and benchmark. Run as root.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
PKGS=(
  qt6-base-dev libqt6opengl6-dev qt6-websockets-dev qt6-httpserver-dev qt6-multimedia-dev qt6-charts-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libqt6sql6-sqlite libqt6sql6-psql gstreamer1.0-plugins-base
  libopus-dev libopusfile-dev libopusenc-dev libogg-dev libspeexdsp-dev libpaho-mqtt-dev libpaho-mqttpp-dev
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libpocketsphinx-dev pocketsphinx-en-us pocketsphinx-testdata libespeak-ng-dev espeak-ng libhiredis-dev
  gstreamer1.0-plugins-good fonts-wqy-microhei
  libsodium-dev libcpp-jwt-dev libyaml-cpp-dev libssl-dev libhttp-parser-dev libmsgpack-cxx-dev qtkeychain-qt6-dev libcjson-dev
  mosquitto mosquitto-dev libmosquitto-dev mosquitto-clients postgresql redis-server nginx wrk
  openssl ca-certificates ccache cmake make g++ pkg-config clang-format clang-tidy-14 xvfb xauth sox imagemagick curl tmux
  prometheus python3-yaml systemd
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PKGS[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${#missing[@]} packages: ${missing[*]}"
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
# Debian starts these services on install; spk runs its own private instances (prometheus: only
# its promtool is used, by scripts/check-deploy.sh).
for s in mosquitto postgresql redis-server nginx prometheus; do
  if command -v systemctl >/dev/null 2>&1; then systemctl disable --now "$s" >/dev/null 2>&1 || true; fi
done
