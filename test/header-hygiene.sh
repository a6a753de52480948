#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 the zmqx developers
# SPDX-License-Identifier: MIT
#
# zmqx's public headers must compile without a warning under the flags a
# consumer may use, at every optimisation level (gcc's -Og and -O3 find
# "may be used uninitialized" in inline code that -O2 does not), as C11, C99
# and C++; and their inline paths must work. Builds test/header_hygiene.c
# each way against this build and runs it.
#
# usage: header-hygiene.sh BUILD-DIR SOURCE-DIR
#   env: CC (C compiler), CXX (C++ compiler, optional), SANITIZE (b_sanitize
#        value); libzmq's flags come from pkg-config (PKG_CONFIG_PATH)
set -euo pipefail
build=$(cd "${1:?usage: header-hygiene.sh BUILD-DIR SOURCE-DIR}" && pwd)
src=$(cd "${2:?usage: header-hygiene.sh BUILD-DIR SOURCE-DIR}" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/zmqx-hygiene.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
lib=$build/lib/libzmqx.so
[ -f "$lib" ] || lib=$build/lib/libzmqx.a
[ -f "$lib" ] || { echo "no libzmqx in $build/lib"; exit 1; }

warn=(-Wall -Wextra -Wpedantic -Werror -Wshadow -Wconversion -Wsign-conversion
      -Wcast-qual -Wcast-align -Wundef -Wredundant-decls -Wwrite-strings)
cwarn=(-Wstrict-prototypes -Wmissing-prototypes -Wold-style-definition)
inc=(-I"$src/include" -I"$build/include")
# shellcheck disable=SC2207 # pkg-config output is meant to be split
zmq_cflags=($(pkg-config --cflags libzmq)) zmq_libs=($(pkg-config --libs libzmq))
link=("$lib" "${zmq_libs[@]}" -pthread -Wl,-rpath,"$build/lib")
# An asan/ubsan libzmqx needs its runtime in the consumer too.
if [ -n "${SANITIZE:-}" ] && [ "$SANITIZE" != none ]; then
    link+=("-fsanitize=$SANITIZE")
fi

status=0
compile_and_run() {   # name compiler flags...
    local name=$1 compiler=$2; shift 2
    # shellcheck disable=SC2086 # CC may hold a command and its arguments
    if ! $compiler "$@" "${inc[@]}" "${zmq_cflags[@]}" -o "$tmp/$name" "${link[@]}" \
            > "$tmp/$name.log" 2>&1; then
        echo "FAIL: $name: $compiler $*"; cat "$tmp/$name.log"; status=1; return
    fi
    if ! "$tmp/$name" > "$tmp/$name.out" 2>&1; then
        echo "FAIL: $name ran and failed"; cat "$tmp/$name.out"; status=1; return
    fi
    echo "ok: $name"
}

for opt in -O0 -Og -O2 -O3; do
    compile_and_run "c11$opt" "${CC:-cc}" -std=c11 "$opt" "${warn[@]}" "${cwarn[@]}" \
        "$src/test/header_hygiene.c"
done
compile_and_run c99-O2 "${CC:-cc}" -std=c99 -O2 "${warn[@]}" "${cwarn[@]}" "$src/test/header_hygiene.c"
if [ -n "${CXX:-}" ]; then
    for opt in -O0 -O2; do
        compile_and_run "c++11$opt" "$CXX" -x c++ -std=c++11 "$opt" "${warn[@]}" \
            "$src/test/header_hygiene.c" -x none
    done
else
    echo "no C++ compiler: C++ not checked"
fi
exit $status
