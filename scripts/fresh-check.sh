#!/usr/bin/env bash
# Runs a README command the way a new user would: as root on a fresh, minimal Debian 12
# (`debootstrap --variant=minbase bookworm`), in a copy of the committed tree. The check before a
# release (docs/contributing.md); not part of CI, since it downloads and builds everything anew.
#
#   scripts/fresh-check.sh [options] 'COMMAND'
#
#   --until 'CHECK'   COMMAND keeps running (quickstart): run it in the background and pass as soon as
#                     CHECK succeeds inside the chroot (polled every 5 s); fail if COMMAND exits first.
#   --timeout S       give up after S seconds (default 5400)
#   --keep            leave the chroot in place (its path is printed) for a look afterwards
#   --mirror URL      Debian mirror (default http://deb.debian.org/debian)
#
# Examples (the two README commands):
#   scripts/fresh-check.sh scripts/test.sh
#   scripts/fresh-check.sh --until 'build/cli/spkctl devices ls | grep -q sim-0005' scripts/quickstart.sh
#
# Downloaded base-system packages are kept in /var/cache/spk-fresh-check (only the .debs debootstrap
# fetches; the system itself is new each run). A log of the whole run is left in /tmp.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
    sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
}

until_check="" timeout_s=5400 keep=0 mirror=http://deb.debian.org/debian
while [ $# -gt 0 ]; do
    case "$1" in
    --until) until_check=$2; shift 2 ;;
    --timeout) timeout_s=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --mirror) mirror=$2; shift 2 ;;
    -h | --help) usage ;;
    --*) echo "fresh-check: unknown option $1" >&2; usage ;;
    *) break ;;
    esac
done
[ $# -eq 1 ] || usage
command=$1
[ "$(id -u)" = 0 ] || { echo "fresh-check: run as root (debootstrap and chroot need it)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "fresh-check: apt-get install debootstrap" >&2; exit 2; }

root=$(mktemp -d /var/tmp/spk-fresh.XXXXXX)
log=$(mktemp /tmp/spk-fresh-check.XXXXXX.log)
cache=/var/cache/spk-fresh-check
mkdir -p "$cache"
echo "fresh-check: chroot $root, log $log"

# Every process whose root is the chroot (servers a command left running), then the mounts.
cleanup() {
    local pid
    for pid in $(ls /proc | grep -E '^[0-9]+$'); do
        [ "$(readlink "/proc/$pid/root" 2>/dev/null)" = "$root" ] && kill -9 "$pid" 2>/dev/null || true
    done
    sleep 1
    for m in dev/shm dev/pts dev sys proc; do
        mountpoint -q "$root/$m" && umount -l "$root/$m" || true
    done
    if [ "$keep" = 1 ]; then
        echo "fresh-check: kept $root"
    else
        rm -rf --one-file-system "$root"
    fi
}
trap cleanup EXIT

started=$(date +%s)
echo "fresh-check: debootstrap --variant=minbase bookworm…"
debootstrap --variant=minbase --cache-dir="$cache" bookworm "$root" "$mirror" >>"$log" 2>&1 ||
    { tail -20 "$log"; echo "fresh-check: debootstrap failed" >&2; exit 1; }
cp /etc/resolv.conf "$root/etc/resolv.conf"
# Package scripts must not start Debian's own PostgreSQL/Redis/… inside the host's network; a real
# machine starts them and scripts/install-deps.sh disables them again.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod +x "$root/usr/sbin/policy-rc.d"
mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
# POSIX shared memory (PostgreSQL needs it) is its own mount, which the bind of /dev does not carry.
mount -t tmpfs -o mode=1777 shm "$root/dev/shm"

# The committed tree, as a fresh clone has it (CI checks out the same).
mkdir -p "$root/src/spk"
git archive HEAD | tar -x -C "$root/src/spk"
# The handout beside the repository, where the tests expect it.
if [ -d ../shared ]; then cp -r ../shared "$root/src/shared"; fi

# A clean environment, as root's login on a new machine has.
chroot_shell=(chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
    LANG=C.UTF-8 TERM=dumb /bin/bash -c)
in_chroot() { "${chroot_shell[@]}" "cd /src/spk && $1"; }

echo "fresh-check: running: $command"
status=0
if [ -z "$until_check" ]; then
    timeout "$timeout_s" "${chroot_shell[@]}" "cd /src/spk && $command" >>"$log" 2>&1 || status=$?
else
    in_chroot "$command" >>"$log" 2>&1 &
    runner=$!
    status=124
    while [ $(($(date +%s) - started)) -lt "$timeout_s" ]; do
        if ! kill -0 "$runner" 2>/dev/null; then
            wait "$runner" || true
            echo "fresh-check: the command exited before the check passed" >>"$log"
            status=1
            break
        fi
        if in_chroot "$until_check" >>"$log" 2>&1; then
            status=0
            break
        fi
        sleep 5
    done
fi

elapsed=$(($(date +%s) - started))
tail -25 "$log"
if [ "$status" = 0 ]; then
    echo "fresh-check: PASSED in $((elapsed / 60)) m $((elapsed % 60)) s: $command"
else
    [ "$status" = 124 ] && echo "fresh-check: timed out after $timeout_s s" >&2
    echo "fresh-check: FAILED (exit $status) after $((elapsed / 60)) m $((elapsed % 60)) s: $command" >&2
fi
exit "$status"
