#!/usr/bin/env bash
# A private certificate authority and one server certificate, for tests and small installs.
#
#   scripts/gen-certs.sh DIR [NAME...]
#
# Writes DIR/ca.crt (give it to clients: spkctl/spksim/spk-console --ca, devices), DIR/ca.key
# (keep it offline: it signs more certificates), DIR/server.crt and DIR/server.key (nginx, Mosquitto).
# The server certificate is valid for localhost, 127.0.0.1, ::1 and every NAME given (a DNS name or
# an IP address). An existing CA in DIR is reused, so re-running adds names without re-trusting.
# ECDSA P-256, SHA-256, 825 days (the longest browsers accept for a server certificate).
set -euo pipefail

die() {
    echo "gen-certs: $*" >&2
    exit 1
}
[ $# -ge 1 ] || {
    echo "usage: $0 DIR [NAME...]" >&2
    exit 2
}
command -v openssl >/dev/null || die "openssl not found (apt-get install openssl)"
dir=$1
shift
mkdir -p "$dir"
umask 077

san="DNS:localhost,IP:127.0.0.1,IP:::1"
for name in "$@"; do
    if [[ $name =~ ^[0-9.]+$ || $name == *:* ]]; then san="$san,IP:$name"; else san="$san,DNS:$name"; fi
done

if [ ! -s "$dir/ca.key" ] || [ ! -s "$dir/ca.crt" ]; then
    openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 -days 3650 \
        -subj "/O=spk/CN=spk private CA" -keyout "$dir/ca.key" -out "$dir/ca.crt" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
        2>/dev/null || die "could not create the CA"
fi
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 \
    -subj "/O=spk/CN=${1:-localhost}" -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null ||
    die "could not create the server key"
ext=$(mktemp)
trap 'rm -f "$ext" "$dir/server.csr"' EXIT
printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' \
    "$san" >"$ext"
openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 825 -sha256 -extfile "$ext" -out "$dir/server.crt" 2>/dev/null || die "could not sign the server certificate"
# The CA certificate is public; servers running as another user (mosquitto, nginx workers) read theirs.
chmod 644 "$dir/ca.crt" "$dir/server.crt"
chmod 640 "$dir/server.key"
echo "gen-certs: CA $dir/ca.crt, server certificate $dir/server.crt for $san"
