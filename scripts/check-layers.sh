#!/usr/bin/env bash
# Checks every #include of the modules against the layer table in docs/architecture.md (the one place
# the allowed dependencies are written down), so the layers keep pointing one way.
#   scripts/check-layers.sh [SOURCE_DIR]        exit 0 = clean, 1 = violations, 2 = table missing
# Table rows, between the layer-rules markers:  | `module` | `allowed` `allowed/file.h` … | Qt yes/no |
# A module is a folder; an include belongs to the module with the longest matching folder. An allowed
# entry is a module or a single file. Qt "no" also forbids Qt headers in the module and in the single
# files it may include. bash, grep and awk only: the test machines have no python3.
set -euo pipefail

root=$(cd "${1:-$(dirname "$0")/..}" && pwd)
doc="$root/docs/architecture.md"
cd "$root"

rules=$(awk '/<!-- BEGIN layer-rules/ { on = 1; next } /<!-- END layer-rules/ { on = 0 } on && /^\| *`/' "$doc")
if [ -z "$rules" ]; then
    echo "check-layers: no layer table (<!-- BEGIN layer-rules --> … <!-- END layer-rules -->) in $doc" >&2
    exit 2
fi

# The top folders holding modules ("server", "shared", "firmware", …): every source file in them is checked.
tops=$(printf '%s\n' "$rules" | awk -F'|' '{ gsub(/[` ]/, "", $2); split($2, p, "/"); print p[1] }' | sort -u)
# Top-level folders of the repository: an include starting with one of them is one of ours.
ours=$(find . -mindepth 1 -maxdepth 1 -type d ! -name '.*' ! -name build -printf '%f ')

# shellcheck disable=SC2086 # tops is a list of folder names
mapfile -t files < <(find $tops -type f \( -name '*.h' -o -name '*.hpp' -o -name '*.c' -o -name '*.cpp' \) | sort)
{
    printf '%s\n' "$rules"
    echo '@@includes'
    # "file:line:text" for every include line; files without includes still count as checked.
    grep -HnE '^[[:space:]]*#[[:space:]]*include' "${files[@]}" || true
    echo '@@files'
    printf '%s\n' "${files[@]}"
} | awk -v ours="$ours" '
function moduleOf(path,    best, m) {
    best = ""
    for (m in allowed)
        if ((index(path, m "/") == 1 || path == m) && length(m) > length(best))
            best = m
    return best
}
function hasToken(list, token) { return token != "" && index(" " list " ", " " token " ") > 0 }
function isOurs(path,    first) {
    first = path
    sub(/\/.*/, "", first)
    return index(path, "/") > 0 && hasToken(ours, first)
}
function isQt(path) { return path ~ /^Q[A-Za-z]/ || path ~ /^[Qq]t[A-Za-z]*\// }
function mayInclude(module, target, targetModule) {
    return targetModule == module || hasToken(allowed[module], targetModule) || hasToken(allowed[module], target)
}
function fail(where, message) { printf "%s: %s\n", where, message; ++violations }

section == "" && /^@@includes$/ { section = "includes"; next }
section == "includes" && /^@@files$/ { section = "files"; next }
section == "" {
    n = split($0, cell, "|")
    module = cell[2]; gsub(/[` ]/, "", module)
    list = ""
    rest = cell[3]
    while (match(rest, /`[^`]+`/)) { # the backticked names; anything else in the cell is prose
        list = list " " substr(rest, RSTART + 1, RLENGTH - 2)
        rest = substr(rest, RSTART + RLENGTH)
    }
    qt = cell[4]; gsub(/[ `]/, "", qt)
    allowed[module] = list
    noQt[module] = (qt == "no")
    next
}
section == "includes" {
    file = $0; sub(/:.*/, "", file)
    rest = substr($0, length(file) + 2)
    line = rest; sub(/:.*/, "", line)
    text = substr(rest, length(line) + 2)
    if (!match(text, /["<][^">]+[">]/))
        next
    target = substr(text, RSTART + 1, RLENGTH - 2)
    inc[file] = inc[file] SUBSEP line SUBSEP target
    ++includes
    next
}
section == "files" { checkFile[++nfiles] = $0 }

END {
    for (i = 1; i <= nfiles; ++i) {
        file = checkFile[i]
        module = moduleOf(file)
        if (module == "") {
            fail(file, "is in no module of the layer table (docs/architecture.md)")
            continue
        }
        n = split(substr(inc[file], 2), part, SUBSEP)
        for (j = 1; j + 1 <= n; j += 2) {
            line = part[j]; target = part[j + 1]
            where = file ":" line
            if (noQt[module] && isQt(target))
                fail(where, module " must not use Qt (" target ")")
            if (!isOurs(target))
                continue
            targetModule = moduleOf(target)
            if (targetModule == "")
                fail(where, module " includes " target ", which is in no module")
            else if (!mayInclude(module, target, targetModule))
                fail(where, module " may not include " targetModule " (" target ")")
        }
    }
    # The single files a Qt-free module may include must themselves stay Qt-free and need nothing else.
    for (module in allowed) {
        if (!noQt[module])
            continue
        m = split(allowed[module], entry, " ")
        for (k = 1; k <= m; ++k) {
            if (entry[k] == "" || entry[k] in allowed)
                continue
            n = split(substr(inc[entry[k]], 2), part, SUBSEP)
            for (j = 1; j + 1 <= n; j += 2) {
                target = part[j + 1]
                where = entry[k] ":" part[j]
                if (isQt(target))
                    fail(where, "is included by " module ", which has no Qt (" target ")")
                else if (isOurs(target) && moduleOf(target) != module && !mayInclude(module, target, ""))
                    fail(where, "is included by " module ", which may not include " target)
            }
        }
    }
    if (violations) {
        printf "check-layers: %d violation(s); the allowed dependencies are in docs/architecture.md\n", violations
        exit 1
    }
    printf "check-layers: %d files, %d includes, all follow the layer table\n", nfiles, includes
}'
