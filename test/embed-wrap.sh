#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 the zmqx developers
# SPDX-License-Identifier: MIT
#
# The wrap files docs/embedding.md shows, used verbatim by a consumer
# project, with only where zmqx is fetched from replaced by a local copy:
#   - [wrap-git]: the url becomes a bare clone of this repository in which
#     the release tag the wrap names (v<project version>) points at HEAD;
#   - [wrap-file]: the tarball `meson dist` makes of HEAD (and tests, as a
#     release does: docs/releasing.md), served from a
#     file:// URL; source_hash becomes that tarball's sha256 (a release
#     publishes its own hash next to the tarball: docs/releasing.md).
# The consumer is the Markdown's own meson.build snippet and
# test/subproject/main.c; it is configured with --force-fallback-for=zmqx
# (an installed zmqx must not stand in for the wrap), built and run.
# Needs git and a git checkout (CI's clone); tests committed state (HEAD).
#
# usage: embed-wrap.sh SOURCE-DIR   (env: MESON = meson command)
set -euo pipefail
src=$(cd "${1:?usage: embed-wrap.sh SOURCE-DIR}" && pwd)
meson=${MESON:-meson}
doc="$src/docs/embedding.md"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/zmqx-wrap.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# The fenced block after the marker <!-- NAME --> in docs/embedding.md.
block() {
    awk -v mark="<!-- $1 -->" '
        $0 == mark { found = 1; next }
        found && /^```/ { if (inside) exit; inside = 1; next }
        inside { print }' "$doc"
}
# shellcheck source=test/embed-common.sh
. "$src/test/embed-common.sh"
version=$(project_version "$src")
[ -n "$version" ] || fail "no project version"

# Replace the value of KEY in a wrap (stdin) by VALUE; the key must be there.
set_key() {
    /usr/bin/python3 -c '
import sys
key, value = sys.argv[1], sys.argv[2]
lines, done = [], False
for line in sys.stdin:
    k = line.split("=", 1)[0].strip()
    if "=" in line and k == key:
        line, done = key + " = " + value + "\n", True
    lines.append(line)
if not done:
    sys.exit("the wrap has no " + key)
sys.stdout.write("".join(lines))' "$1" "$2"
}

consumer() {   # DIR WRAP-FILE: a consumer project in DIR with that wrap
    mkdir -p "$1/subprojects"
    block consumer-meson > "$1/meson.build.body"
    [ -s "$1/meson.build.body" ] || fail "no <!-- consumer-meson --> block in $doc"
    { echo "project('app', 'c', default_options : ['c_std=c11'])"; cat "$1/meson.build.body"; } \
        > "$1/meson.build"
    cp "$src/test/subproject/main.c" "$1/app.c"
    cp "$2" "$1/subprojects/zmqx.wrap"
}

build_and_run() {   # DIR NAME
    "$meson" setup "$1/build" "$1" --force-fallback-for=zmqx > "$tmp/$2-setup.log" 2>&1 \
        || { cat "$tmp/$2-setup.log"; fail "$2: meson setup"; }
    grep -q "Subproject zmqx finished\|Dependency zmqx from subproject" "$tmp/$2-setup.log" \
        || { cat "$tmp/$2-setup.log"; fail "$2: zmqx did not come from the wrap"; }
    "$meson" compile -C "$1/build" > "$tmp/$2-compile.log" 2>&1 \
        || { cat "$tmp/$2-compile.log"; fail "$2: meson compile"; }
    "$1/build/app" || fail "$2: the consumer failed"
    echo "ok: the documented $2 wrap works verbatim (zmqx $version)"
}

# ---- [wrap-git]
block wrap-git > "$tmp/git.wrap"
grep -q '^\[wrap-git\]' "$tmp/git.wrap" || fail "no [wrap-git] block after <!-- wrap-git -->"
grep -qx "revision = v$version" "$tmp/git.wrap" \
    || fail "the documented wrap-git revision is not the release tag v$version"
git clone -q --bare "$src" "$tmp/zmqx.git"
git -C "$tmp/zmqx.git" tag -f "v$version" HEAD > /dev/null
set_key url "file://$tmp/zmqx.git" < "$tmp/git.wrap" > "$tmp/git.wrap.local"
consumer "$tmp/git-consumer" "$tmp/git.wrap.local"
build_and_run "$tmp/git-consumer" wrap-git

# ---- [wrap-file], from the tarball of `meson dist`
block wrap-file > "$tmp/file.wrap"
grep -q '^\[wrap-file\]' "$tmp/file.wrap" || fail "no [wrap-file] block after <!-- wrap-file -->"
# meson dist archives HEAD of a git checkout: a clone of it, so that no
# build directory or uncommitted file of SOURCE-DIR is involved.
git clone -q "$src" "$tmp/dist-src"
# The commands of docs/releasing.md, step 4: meson dist also builds the
# tarball in a fresh directory and runs the whole test suite on it.
"$meson" setup "$tmp/dist-build" "$tmp/dist-src" > "$tmp/dist-setup.log" 2>&1 \
    || { cat "$tmp/dist-setup.log"; fail "meson setup for meson dist"; }
"$meson" dist -C "$tmp/dist-build" --formats xztar > "$tmp/dist.log" 2>&1 \
    || { tail -80 "$tmp/dist.log"; fail "meson dist (the tarball's build or tests failed)"; }
grep -E "^(Ok|Fail):" "$tmp/dist.log" | tr -s ' ' | paste -sd' ' | sed 's/^/meson dist tested the tarball: /'
tarball="$tmp/dist-build/meson-dist/zmqx-$version.tar.xz"
[ -f "$tarball" ] || fail "meson dist made no zmqx-$version.tar.xz"
grep -qx "source_filename = zmqx-$version.tar.xz" "$tmp/file.wrap" \
    || fail "the documented wrap-file does not name zmqx-$version.tar.xz"
grep -qx "directory = zmqx-$version" "$tmp/file.wrap" \
    || fail "the documented wrap-file's directory is not zmqx-$version"
hash=$(cut -d' ' -f1 "$tarball.sha256sum")
set_key source_url "file://$tarball" < "$tmp/file.wrap" | set_key source_hash "$hash" \
    > "$tmp/file.wrap.local"
consumer "$tmp/file-consumer" "$tmp/file.wrap.local"
build_and_run "$tmp/file-consumer" wrap-file
