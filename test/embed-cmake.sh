#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 the zmqx developers
# SPDX-License-Identifier: MIT
#
# Install this build of zmqx into a temporary DESTDIR and build a CMake
# project (test/cmake/CMakeLists.txt) against it with find_package(zmqx):
# the consumer through zmqx::zmqx, each adapter the build made through its
# component (zmqx::uv ...); run them. Then check that the version file
# refuses what the stability policy says is incompatible: a 0.x release
# satisfies find_package(zmqx 0.x) only for its own minor version.
# Exit 77 (skipped) without cmake.
#
# usage: embed-cmake.sh BUILD-DIR SOURCE-DIR [TOP-BUILD-DIR]
#   env: MESON (meson command), CC (compiler), SANITIZE (b_sanitize value)
set -euo pipefail
usage="usage: embed-cmake.sh BUILD-DIR SOURCE-DIR [TOP-BUILD-DIR]"
build=$(cd "${1:?$usage}" && pwd)
src=$(cd "${2:?$usage}" && pwd)
top=$(cd "${3:-$build}" && pwd)
meson=${MESON:-meson}
command -v cmake > /dev/null || { echo "cmake not installed: skipped"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/zmqx-cmake.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# shellcheck source=test/embed-common.sh
. "$src/test/embed-common.sh"
embed_install "$top" "$tmp/dest"      # sets $pc and $prefix
config=$(find "$tmp/dest" -name zmqxConfig.cmake | head -n 1)
[ -n "$config" ] || fail "no zmqxConfig.cmake installed (was cmake found when the build was configured?)"
[ -f "$(dirname "$config")/zmqxConfigVersion.cmake" ] || fail "no zmqxConfigVersion.cmake installed"
# The config is in <libdir>/cmake/zmqx.
libdir=$(dirname "$(dirname "$(dirname "$config")")")

adapters=()
for name in uv event glib; do
    [ -f "$build/lib/libzmqx-$name.so" ] && adapters+=("$name")
done
list=$(IFS=';'; echo "${adapters[*]}")
flags=()
if [ -n "${SANITIZE:-}" ] && [ "$SANITIZE" != none ]; then
    flags=(-DCMAKE_C_FLAGS="-fsanitize=$SANITIZE" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=$SANITIZE")
fi
# shellcheck disable=SC2086 # CC may hold a command and its arguments
CC=$(command -v ${CC:-cc}) cmake -S "$src/test/cmake" -B "$tmp/build" -DCMAKE_PREFIX_PATH="$prefix" \
    -DZMQX_SOURCE_DIR="$src" -DZMQX_ADAPTERS="$list" "${flags[@]}" > "$tmp/cmake.log" 2>&1 \
    || { cat "$tmp/cmake.log"; fail "cmake configure with find_package(zmqx)"; }
grep "zmqx .* from" "$tmp/cmake.log"
cmake --build "$tmp/build" > "$tmp/cmake-build.log" 2>&1 \
    || { cat "$tmp/cmake-build.log"; fail "cmake --build"; }
export LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
"$tmp/build/consumer" || fail "the CMake consumer failed"
for name in "${adapters[@]}"; do
    "$tmp/build/consumer-$name" || fail "the CMake consumer of zmqx::$name failed"
    echo "zmqx::$name: ok"
done

# The version file: this version is found, another minor (0.x) or major is not.
version=$(project_version "$src")
IFS=. read -r major minor _ <<< "$version"
probe() {   # VERSION-ASKED -> prints found / not-found
    mkdir -p "$tmp/probe-$1"
    printf 'cmake_minimum_required(VERSION 3.13)\nproject(p C)\nfind_package(zmqx %s QUIET)\nif(zmqx_FOUND)\n  message(STATUS "found")\nelse()\n  message(STATUS "not-found")\nendif()\n' "$1" \
        > "$tmp/probe-$1/CMakeLists.txt"
    cmake -S "$tmp/probe-$1" -B "$tmp/probe-$1/b" -DCMAKE_PREFIX_PATH="$prefix" 2>&1 \
        | grep -oE -- '-- (found|not-found)$' | cut -c4-
}
[ "$(probe "$major.$minor")" = found ] || fail "find_package(zmqx $major.$minor) did not find $version"
if [ "$major" = 0 ]; then
    [ "$(probe "0.$((minor + 1))")" = not-found ] || fail "find_package(zmqx 0.$((minor + 1))) took $version"
    [ "$minor" -gt 0 ] && { [ "$(probe "0.$((minor - 1))")" = not-found ] \
        || fail "find_package(zmqx 0.$((minor - 1))) took $version (0.x: minor releases may break)"; }
fi
[ "$(probe "$((major + 1)).0")" = not-found ] || fail "find_package(zmqx $((major + 1)).0) took $version"
echo "ok: find_package(zmqx) works${list:+ (components: $list)}"
