#!/usr/bin/env bash
# The naming style of docs/contributing.md, checked by clang-tidy's readability-identifier-naming (its
# options are in the repo's .clang-tidy) over the project's own sources, with the compile commands of a
# build. Every .cpp of the modules is checked; a header is checked through the .cpp files that include it
# (reported once). Generated code (build/: moc, *.pb.h, spk_version.h) is not checked.
#   scripts/check-naming.sh [BUILD_DIR]     exit 0 = clean, 1 = findings or clang-tidy failed,
#                                           77 = skipped (no clang-tidy, and CI is not "true")
# Env: CLANG_TIDY (default clang-tidy-14, else clang-tidy), JOBS (default 2).
# bash, grep, sed and xargs only: the test machines have no python3 (so no run-clang-tidy).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
jobs=${JOBS:-2}
# The module folders whose sources are checked.
modules='bench|cli|console|firmware|server|shared|simulator|tests'

tidy=${CLANG_TIDY:-}
if [ -z "$tidy" ]; then
    for t in clang-tidy-14 clang-tidy; do
        if command -v "$t" >/dev/null 2>&1; then tidy=$t; break; fi
    done
fi
if [ -z "$tidy" ] || ! command -v "$tidy" >/dev/null 2>&1; then
    if [ "${CI:-}" = true ]; then
        echo "check-naming: FAIL: clang-tidy not found (CI=true; scripts/install-deps.sh installs clang-tidy-14)" >&2
        exit 1
    fi
    echo "check-naming: SKIP: clang-tidy not found (apt-get install clang-tidy-14)"
    exit 77
fi

db="$build/compile_commands.json"
if [ ! -f "$db" ]; then
    echo "check-naming: no $db (configure with CMAKE_EXPORT_COMPILE_COMMANDS=ON)" >&2
    exit 1
fi

# CMake writes one  "file": "/abs/path.cpp"  per entry; keep ours, outside the build tree.
mapfile -t files < <(sed -n 's/^ *"file": *"\(.*\)",\{0,1\} *$/\1/p' "$db" |
    grep -E "^$root/($modules)/" | grep -v "^$build/" | sort -u)
if [ ${#files[@]} -eq 0 ]; then
    echo "check-naming: no sources of $root in $db" >&2
    exit 1
fi

out=$(mktemp)
trap 'rm -f "$out"' EXIT
start=$SECONDS
# Headers of the modules only: not build/ (moc, protobuf, the version header), not Qt or system ones.
status=0
printf '%s\n' "${files[@]}" |
    xargs -P "$jobs" -n 4 "$tidy" -p "$build" --quiet --header-filter="^$root/($modules)/" >"$out" 2>&1 ||
    status=$?

# A finding: "path:line:col: warning|error: text [check]". The same header finding comes from every .cpp
# including it: print each once, with the source line and the caret that follow it.
findings=$(awk '
    /^\/.*:[0-9]+:[0-9]+: (warning|error): / { keep = !seen[$0]++; n = 0; if (keep) print; next }
    keep && n < 2 { print; ++n }
' "$out")
count=$(printf '%s\n' "$findings" | grep -cE '^/.*:[0-9]+:[0-9]+: (warning|error): ' || true)
elapsed=$((SECONDS - start))

if [ "$count" -gt 0 ]; then
    printf '%s\n' "$findings"
    echo "check-naming: FAIL: $count finding(s) in ${#files[@]} files (${elapsed}s); style: docs/contributing.md, options: .clang-tidy"
    exit 1
fi
if [ "$status" -ne 0 ]; then
    cat "$out"
    echo "check-naming: FAIL: $tidy exited with $status (is $build built? generated headers are needed)"
    exit 1
fi
echo "check-naming: OK: ${#files[@]} files, no naming findings (${elapsed}s, $jobs jobs)"
