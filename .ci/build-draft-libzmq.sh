#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 the zmqx developers
# SPDX-License-Identifier: MIT
# Build Debian's libzmq source package (zeromq3) WITH the draft API into a
# private prefix, for CI jobs that exercise zmqx's draft-only features
# (ZMQ_PEER / zmq_connect_peer, ZMQ_SERVER/CLIENT, RADIO/DISH, ...).
#
# Usage: .ci/build-draft-libzmq.sh PREFIX [WORKDIR]
#   PREFIX   install prefix, e.g. /opt/zmq-draft
#   WORKDIR  where the Debian source is fetched/built (default /tmp/zmq-draft-src)
#
# Afterwards build zmqx against it with:
#   PKG_CONFIG_PATH=PREFIX/lib/pkgconfig   (and LD_LIBRARY_PATH=PREFIX/lib or an rpath)
#
# Needs root (or passwordless sudo) for apt-get. Idempotent: exits early when
# PREFIX/lib/pkgconfig/libzmq.pc and PREFIX/.draft-ok both exist.
set -euo pipefail

if [ $# -lt 1 ] || [ -z "${1:-}" ]; then
    echo "usage: $0 PREFIX [WORKDIR]" >&2
    exit 2
fi

START=$SECONDS
PREFIX=$1
WORK=${2:-/tmp/zmq-draft-src}
case "$PREFIX" in /*) ;; *) PREFIX="$(pwd)/$PREFIX" ;; esac
case "$WORK" in /*) ;; *) WORK="$(pwd)/$WORK" ;; esac
PREFIX=${PREFIX%/}

log() { printf '[build-draft-libzmq] %s\n' "$*"; }
elapsed() { log "elapsed: $((SECONDS - START))s"; }
TMPD=
on_exit() {
    local rc=$?
    [ -n "$TMPD" ] && rm -rf "$TMPD"
    [ "$rc" -ne 0 ] && log "FAILED (exit $rc) after $((SECONDS - START))s"
    return "$rc"
}
trap on_exit EXIT

if [ -f "$PREFIX/lib/pkgconfig/libzmq.pc" ] && [ -f "$PREFIX/.draft-ok" ]; then
    log "draft libzmq already installed and verified in $PREFIX (remove $PREFIX/.draft-ok to rebuild)"
    exit 0
fi

SUDO=
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "error: need root or sudo for apt-get" >&2; exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
APT_OPTS=(-o APT::Sandbox::User=root -o Dpkg::Use-Pty=0)

# ---------------------------------------------------------------------------
# 1. deb-src entry for this machine's suite, reusing the configured mirror.
# ---------------------------------------------------------------------------
# shellcheck disable=SC1091
CODENAME=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
if [ -z "$CODENAME" ]; then
    echo "error: VERSION_CODENAME not set in /etc/os-release" >&2
    exit 1
fi
OUR_LIST=/etc/apt/sources.list.d/zmqx-deb-src.list

# Print "URI<TAB>SIGNED_BY" for the first enabled binary (deb) source of
# $CODENAME (deb822 *.sources first, then one-line *.list / sources.list).
# Also print "HAVE_SRC" if a deb-src for $CODENAME already exists.
detect_mirror() {
    local f
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        awk -v cn="$CODENAME" '
            function flush() {
                if (types != "" && enabled != "no") {
                    n = split(suites, s, /[ \t]+/); hit = 0
                    for (i = 1; i <= n; i++) if (s[i] == cn) hit = 1
                    if (hit) {
                        m = split(types, t, /[ \t]+/)
                        for (i = 1; i <= m; i++) {
                            if (t[i] == "deb-src") print "HAVE_SRC"
                            if (t[i] == "deb") { split(uris, u, /[ \t]+/); print "MIRROR\t" u[1] "\t" sb }
                        }
                    }
                }
                types = suites = uris = sb = enabled = ""
            }
            /^[ \t]*#/ { next }
            /^[ \t]*$/ { flush(); next }
            {
                key = tolower($0); sub(/:.*/, "", key)
                val = $0; sub(/^[^:]*:[ \t]*/, "", val); sub(/[ \t]+$/, "", val)
                if (key == "types") types = val
                else if (key == "suites") suites = val
                else if (key == "uris") uris = val
                else if (key == "signed-by") sb = val
                else if (key == "enabled") enabled = tolower(val)
            }
            END { flush() }' "$f"
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        [ "$f" = "$OUR_LIST" ] && continue
        awk -v cn="$CODENAME" '
            /^[ \t]*#/ { next }
            $1 == "deb" || $1 == "deb-src" {
                type = $1; opts = ""; i = 2
                if ($2 ~ /^\[/) {
                    while (i <= NF) { opts = opts " " $i; if ($i ~ /\]$/) { i++; break } ; i++ }
                }
                uri = $i; suite = $(i + 1)
                if (suite != cn) next
                if (type == "deb-src") { print "HAVE_SRC"; next }
                sb = ""
                if (match(opts, /signed-by=[^] \t]+/)) sb = substr(opts, RSTART + 10, RLENGTH - 10)
                print "MIRROR\t" uri "\t" sb
            }' "$f"
    done
}

DETECTED=$(detect_mirror || true)
if grep -qx HAVE_SRC <<<"$DETECTED"; then
    log "a deb-src entry for $CODENAME is already configured; not adding one"
    $SUDO rm -f "$OUR_LIST"
else
    MIRROR_LINE=$(grep '^MIRROR' <<<"$DETECTED" | grep -v -i security | head -n1 || true)
    MIRROR=$(cut -f2 <<<"$MIRROR_LINE")
    SIGNED_BY=$(cut -f3 <<<"$MIRROR_LINE")
    MIRROR=${MIRROR:-http://deb.debian.org/debian}
    # apt refuses two entries for the same URI+suite with differing Signed-By,
    # so the deb-src line must carry the same signed-by as the deb entry.
    OPTS=""
    if [ -n "$SIGNED_BY" ]; then
        case "$SIGNED_BY" in
            /*) OPTS="[signed-by=$SIGNED_BY] " ;;
            *) log "warning: inline Signed-By key in apt sources; writing deb-src without signed-by" ;;
        esac
    fi
    LINE="deb-src ${OPTS}${MIRROR%/} $CODENAME main"
    log "writing $OUR_LIST: $LINE"
    echo "$LINE" | $SUDO tee "$OUR_LIST" >/dev/null
fi

# ---------------------------------------------------------------------------
# 2. Minimal build dependencies + source package.
# ---------------------------------------------------------------------------
log "apt-get update"
$SUDO apt-get "${APT_OPTS[@]}" update -qq
# Only install what is missing: 'apt-get install' of an already installed
# package would upgrade it (e.g. dpkg-dev) as a side effect.
DEPS=(build-essential autoconf automake libtool pkg-config libsodium-dev dpkg-dev)
MISSING=()
for p in "${DEPS[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        MISSING+=("$p")
    fi
done
if [ ${#MISSING[@]} -gt 0 ]; then
    log "installing build dependencies: ${MISSING[*]}"
    $SUDO apt-get "${APT_OPTS[@]}" install -y -qq --no-install-recommends "${MISSING[@]}" >/dev/null
else
    log "build dependencies already installed"
fi

mkdir -p "$WORK"
cd "$WORK"
rm -rf zeromq3-* zeromq3_*
log "apt-get source zeromq3 (in $WORK)"
apt-get "${APT_OPTS[@]}" source -qq zeromq3
SRC=$(find "$WORK" -maxdepth 1 -mindepth 1 -type d -name 'zeromq3-*' | head -n1)
[ -n "$SRC" ] || { echo "error: unpacked zeromq3 source not found in $WORK" >&2; exit 1; }
DSC=$(ls "$WORK"/zeromq3_*.dsc)
log "source: $(basename "$DSC") -> $SRC"
cd "$SRC"

# ---------------------------------------------------------------------------
# 3. Configure / build / install.
# ---------------------------------------------------------------------------
# Debian's orig tarball is a git snapshot without ./configure: regenerate it
# (Debian's own build does the same via dh --with=autoreconf).
if [ ! -x configure ]; then
    log "running autogen.sh"
    ./autogen.sh >/dev/null 2>&1 || { echo "error: autogen.sh failed" >&2; ./autogen.sh; exit 1; }
fi
# Tests are check_PROGRAMS (only built by 'make check'), so plain 'make' does
# not build them. perf tools and curve_keygen are skipped to save time.
log "configure --prefix=$PREFIX --enable-drafts --with-libsodium"
./configure -q \
    --prefix="$PREFIX" --libdir="$PREFIX/lib" \
    --enable-drafts --with-libsodium \
    --disable-static --without-docs \
    --disable-perf --disable-curve-keygen --disable-Werror
grep -q '^#define ZMQ_BUILD_DRAFT_API 1' src/platform.hpp \
    || { echo "error: configure did not enable the draft API" >&2; exit 1; }
grep -q '^#define ZMQ_USE_LIBSODIUM 1' src/platform.hpp \
    || { echo "error: configure did not enable libsodium" >&2; exit 1; }

log "make -j$(nproc) (log: $WORK/make.log)"
if ! make -j"$(nproc)" >"$WORK/make.log" 2>&1; then
    tail -n 60 "$WORK/make.log" >&2
    echo "error: make failed (full log: $WORK/make.log)" >&2
    exit 1
fi

INSTALL_SUDO=
if ! mkdir -p "$PREFIX" 2>/dev/null || [ ! -w "$PREFIX" ]; then INSTALL_SUDO=$SUDO; fi
log "make install"
$INSTALL_SUDO make -s install >/dev/null

# ---------------------------------------------------------------------------
# 4. Verify.
# ---------------------------------------------------------------------------
LIB="$PREFIX/lib/libzmq.so"
[ -e "$LIB" ] || { echo "error: $LIB not installed" >&2; exit 1; }
if ! nm -D --defined-only "$LIB" | awk '{print $NF}' | grep -qx zmq_connect_peer; then
    echo "error: $LIB does not export zmq_connect_peer (draft API missing)" >&2
    exit 1
fi
log "nm -D: zmq_connect_peer exported"

TMPD=$(mktemp -d)
cat > "$TMPD/t.c" <<'CEOF'
#include <stdint.h>
#include <stdio.h>
#include <zmq.h>
int main(void)
{
    int maj, min, pat;
    zmq_version(&maj, &min, &pat);
    /* Referencing draft-only symbols proves the header exposes them. */
    uint32_t (*peer)(void *, const char *) = zmq_connect_peer;
    int d = zmq_has("draft"), c = zmq_has("curve");
    printf("libzmq %d.%d.%d ZMQ_PEER=%d connect_peer=%p\n",
           maj, min, pat, ZMQ_PEER, (void *)(size_t)peer);
    printf("zmq_has(\"draft\")==%d\nzmq_has(\"curve\")==%d\n", d, c);
    return (d == 1 && c == 1) ? 0 : 1;
}
CEOF
export PKG_CONFIG_PATH="$PREFIX/lib/pkgconfig"
log "pkg-config --cflags libzmq: $(pkg-config --cflags libzmq)"
# shellcheck disable=SC2046
cc -Wall -Werror -DZMQ_BUILD_DRAFT_API -o "$TMPD/t" "$TMPD/t.c" \
    $(pkg-config --cflags --libs libzmq) -Wl,-rpath,"$PREFIX/lib"
OUT=$(LD_LIBRARY_PATH="$PREFIX/lib" "$TMPD/t") || { echo "$OUT"; echo "error: runtime check failed" >&2; exit 1; }
echo "$OUT"
grep -qx 'zmq_has("draft")==1' <<<"$OUT"
grep -qx 'zmq_has("curve")==1' <<<"$OUT"

$INSTALL_SUDO touch "$PREFIX/.draft-ok"
log "OK: draft libzmq $(pkg-config --modversion libzmq) installed in $PREFIX"
log "use: PKG_CONFIG_PATH=$PREFIX/lib/pkgconfig (runtime: LD_LIBRARY_PATH=$PREFIX/lib or -Wl,-rpath,$PREFIX/lib)"
elapsed
