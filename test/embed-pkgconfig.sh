#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 the zmqx developers
# SPDX-License-Identifier: MIT
# Install this build of zmqx into a temporary DESTDIR and build a consumer
# (test/subproject/main.c) against it with plain cc and pkg-config, the way
# a project outside meson would; run it with LD_LIBRARY_PATH. When the build
# also made a static library (-Ddefault_library=both or static), link a
# second consumer against libzmqx.a and check it does not need libzmqx.so.
# Each event-loop adapter the build made (zmqx-uv, zmqx-event, zmqx-glib)
# must be installed with its .pc file, header and (when man pages were
# installed) the man pages of its functions, and a consumer
# (test/embed_adapter.c) built with its pkg-config name must run. When
# the guides were installed (share/doc/zmqx), the tree holds no build file
# or benchmark data and no relative link in it dangles.
#
# usage: embed-pkgconfig.sh BUILD-DIR SOURCE-DIR [TOP-BUILD-DIR]
#   BUILD-DIR is zmqx's build directory; TOP-BUILD-DIR the one meson
#   installs from, when zmqx is a subproject of another project
#   (-Dzmqx:tests=enabled).
#   env: MESON (meson command), CC (compiler), SANITIZE (b_sanitize value)
set -euo pipefail
usage="usage: embed-pkgconfig.sh BUILD-DIR SOURCE-DIR [TOP-BUILD-DIR]"
build=$(cd "${1:?$usage}" && pwd)
src=$(cd "${2:?$usage}" && pwd)
top=$(cd "${3:-$build}" && pwd)
meson=${MESON:-meson}
cc=${CC:-cc}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/zmqx-pkgconfig.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# An asan/ubsan libzmqx needs its runtime in the consumer too.
cflags=(-std=c11 -Wall -Wextra -Wpedantic -Werror)
if [ -n "${SANITIZE:-}" ] && [ "$SANITIZE" != none ]; then
    cflags+=("-fsanitize=$SANITIZE")
fi

# shellcheck source=test/embed-common.sh
. "$src/test/embed-common.sh"
embed_install "$top" "$tmp/dest"      # sets $pc and $prefix

# The .pc file says prefix=/usr/local (or the configured prefix): point it
# into the DESTDIR, in a copy.
mkdir "$tmp/pkgconfig"
sed "s|^prefix=.*|prefix=$prefix|" "$pc" > "$tmp/pkgconfig/zmqx.pc"
export PKG_CONFIG_PATH="$tmp/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
libdir=$(pkg-config --variable=libdir zmqx)
[ -f "$libdir/libzmqx.so" ] || [ -f "$libdir/libzmqx.a" ] || fail "no libzmqx in $libdir"
echo "zmqx $(pkg-config --modversion zmqx): $(pkg-config --cflags --libs zmqx)"

needs_shared_zmqx() { readelf -d "$1" | grep -q 'NEEDED.*libzmqx\.so'; }

if [ -f "$libdir/libzmqx.so" ]; then
    # shellcheck disable=SC2046 # pkg-config output is meant to be split
    $cc "${cflags[@]}" "$src/test/subproject/main.c" -o "$tmp/consumer" \
        $(pkg-config --cflags --libs zmqx) || fail "compiling against the installed zmqx"
    LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$tmp/consumer" \
        || fail "the consumer failed"
    needs_shared_zmqx "$tmp/consumer" || fail "consumer does not use libzmqx.so"
fi

if [ -f "$libdir/libzmqx.a" ]; then
    # Debian's libzmq.pc has a broken Libs.private (a bare "libprotokit.a"),
    # so not `pkg-config --static`: zmqx's archive, then libzmq shared.
    # shellcheck disable=SC2046
    $cc "${cflags[@]}" "$src/test/subproject/main.c" -o "$tmp/consumer-static" \
        $(pkg-config --cflags zmqx) "$libdir/libzmqx.a" $(pkg-config --libs libzmq) -pthread \
        || fail "linking the consumer against libzmqx.a"
    "$tmp/consumer-static" || fail "the static consumer failed"
    needs_shared_zmqx "$tmp/consumer-static" && fail "static consumer still needs libzmqx.so"
    echo "static: ok"
fi
for name in uv event glib; do
    [ -f "$build/lib/libzmqx-$name.so" ] || continue
    apc=$(find "$tmp/dest" -name "zmqx-$name.pc" | head -n 1)
    [ -n "$apc" ] || fail "no zmqx-$name.pc installed"
    sed "s|^prefix=.*|prefix=$prefix|" "$apc" > "$tmp/pkgconfig/zmqx-$name.pc"
    [ -f "$(pkg-config --variable=includedir zmqx-$name)/zmqx/$name.h" ] || fail "no zmqx/$name.h installed"
    # Man pages are installed when the docs are built (not when embedded).
    if [ -n "$(find "$tmp/dest" -name zmqx.7)" ]; then
        [ -n "$(find "$tmp/dest" -name "zmqx_${name}_*.3")" ] || fail "no zmqx_${name}_*.3 man page installed"
    fi
    define=USE_$(echo "$name" | tr '[:lower:]' '[:upper:]')
    # With -std=c11, libuv's <uv.h> needs POSIX's declarations (pthread_rwlock_t).
    # shellcheck disable=SC2046
    $cc "${cflags[@]}" -D_POSIX_C_SOURCE=200809L -D"$define" "$src/test/embed_adapter.c" -o "$tmp/consumer-$name" \
        $(pkg-config --cflags --libs "zmqx-$name") || fail "compiling against zmqx-$name"
    LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$tmp/consumer-$name" \
        || fail "the zmqx-$name consumer failed"
    echo "zmqx-$name: ok"
done
docdir=$(find "$tmp/dest" -type d -path '*/share/doc/zmqx' | head -n 1)
if [ -n "$docdir" ]; then
    [ -z "$(find "$docdir" -name meson.build -o -name bench -o -name '*.csv')" ] \
        || fail "build files or benchmark data installed in $docdir"
    /usr/bin/python3 "$src/tools/mkguides" check "$docdir" || fail "dangling links in the installed guides"
fi
echo "ok: zmqx installs and works through pkg-config"
