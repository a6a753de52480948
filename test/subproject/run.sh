#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 the zmqx developers
# SPDX-License-Identifier: MIT
# Embed zmqx as a meson subproject in a throwaway consumer project, build it
# shared and static, run the consumer, and check that dependency('zmqx')
# came from the subproject and that none of zmqx's tests, samples,
# benchmarks, tool or docs were built. zmqx must compile with the parent's
# warning settings: the consumer's werror=true and warning_level=3 (-Werror
# on zmqx's sources), then a parent that chose werror=false and
# warning_level=1 (no -Werror, no -Wextra on them: an embedded zmqx forces
# no warning option of its own).
#
# usage: run.sh ZMQX-SOURCE-DIR   (env: MESON = meson command, CC = compiler)
set -euo pipefail
src=$(cd "${1:?usage: run.sh ZMQX-SOURCE-DIR}" && pwd)
meson=${MESON:-meson}
here="$src/test/subproject"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/zmqx-subproject.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# The consumer project, with zmqx's wrap file and a copy of this source tree
# in subprojects/zmqx (no build directories, no .git, no subprojects).
mkdir -p "$tmp/consumer/subprojects/zmqx"
cp "$here/meson.build" "$here/main.c" "$src/test/embed_adapter.c" "$tmp/consumer/"
cp "$here/zmqx.wrap" "$tmp/consumer/subprojects/"
for entry in "$src"/* "$src"/.[!.]*; do
    [ -e "$entry" ] || continue
    name=$(basename "$entry")
    case "$name" in .git|subprojects) continue ;; esac
    [ -d "$entry/meson-private" ] && continue     # a build directory
    cp -a "$entry" "$tmp/consumer/subprojects/zmqx/"
done

# What a build of the consumer must hold: the consumer, zmqx's library, and
# nothing from zmqx's test/, samples/, bench/, tools/ or docs/.
check_targets() {
    "$meson" introspect --targets "$1" | /usr/bin/python3 -c '
import json, re, sys
targets = json.load(sys.stdin)
names = sorted(t["name"] for t in targets)
bad = [t["name"] + " (" + t["defined_in"] + ")" for t in targets
       if re.search(r"subprojects/zmqx/(test|samples|bench|tools|docs)/", t["defined_in"])]
if bad:
    sys.exit("built from an embedded zmqx although they default off: " + ", ".join(bad))
if "consumer" not in names or "zmqx" not in names:
    sys.exit("missing targets, have: " + ", ".join(names))
print("targets:", ", ".join(names))
'
}

# Does the consumer binary load libzmqx.so at run time?
needs_shared_zmqx() {
    readelf -d "$1" | grep -q 'NEEDED.*libzmqx\.so'
}

# Does the build compile zmqx's library sources with this flag? (yes/no)
zmqx_compiled_with() {
    /usr/bin/python3 - "$1/compile_commands.json" "$2" <<'PY'
import json, sys
cmds = [c["command"] for c in json.load(open(sys.argv[1]))
        if "subprojects/zmqx/lib/" in c["file"]]
if not cmds:
    sys.exit("no zmqx library source in compile_commands.json")
has = [sys.argv[2] in c.split() for c in cmds]
print("yes" if all(has) else "no" if not any(has) else "mixed")
PY
}

for kind in shared static lenient; do
    build="$tmp/build-$kind"
    echo "== $kind"
    lib=$kind warnings=()
    if [ "$kind" = lenient ]; then
        lib=shared warnings=(-Dwerror=false -Dwarning_level=1)
    fi
    "$meson" setup "$build" "$tmp/consumer" --force-fallback-for=zmqx \
        -Ddefault_library="$lib" "${warnings[@]}" > "$tmp/setup-$kind.log" 2>&1 \
        || { cat "$tmp/setup-$kind.log"; fail "meson setup ($kind)"; }
    want=yes
    [ "$kind" = lenient ] && want=no
    for flag in -Werror -Wextra; do
        got=$(zmqx_compiled_with "$build" "$flag")
        [ "$got" = "$want" ] || fail "$kind: zmqx's sources compiled with $flag: $got (the parent's settings say $want)"
    done
    echo "zmqx compiled with the parent's -Werror and -Wextra: $want"
    grep -E "Dependency zmqx .*found: YES|Subproject zmqx" "$tmp/setup-$kind.log" || true
    "$meson" compile -C "$build" > "$tmp/compile-$kind.log" 2>&1 \
        || { cat "$tmp/compile-$kind.log"; fail "meson compile ($kind)"; }
    check_targets "$build"
    "$build/consumer" || fail "the consumer ($kind) failed"
    # libuv installed: the subproject's libuv adapter, asked for, works.
    if pkg-config --exists libuv; then
        [ -x "$build/consumer-uv" ] || fail "no consumer-uv ($kind) although libuv is installed"
        "$build/consumer-uv" || fail "the zmqx-uv consumer ($kind) failed"
    fi
    if [ "$lib" = shared ]; then
        needs_shared_zmqx "$build/consumer" || fail "shared consumer does not use libzmqx.so"
    else
        needs_shared_zmqx "$build/consumer" && fail "static consumer still needs libzmqx.so"
        [ -n "$(find "$build/subprojects" -name 'libzmqx.a')" ] || fail "no libzmqx.a"
    fi
done
echo "ok: zmqx embeds as a subproject (shared and static, with the parent's warnings)"
