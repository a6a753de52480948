# SPDX-FileCopyrightText: 2026 the zmqx developers
# SPDX-License-Identifier: MIT
#
# Sourced by the embed tests (embed-pkgconfig.sh, embed-cmake.sh,
# embed-wrap.sh): what they all do. Expects $meson and fail().

# Install into DESTDIR from TOP-BUILD-DIR: zmqx's build directory, or the
# parent project's when zmqx is its subproject (-Dzmqx:tests=enabled).
# meson test builds only what tests depend on, not the guides, nor a
# parent's targets: the install builds what is missing (the tests that
# install are not run in parallel with others: test/meson.build).
# Sets $pc to the installed zmqx.pc and $prefix to the install prefix
# inside DESTDIR (from zmqx.pc).
embed_install() {   # TOP-BUILD-DIR DESTDIR
    "$meson" install -C "$1" --destdir "$2" --quiet > "$2.install.log" 2>&1 \
        || { cat "$2.install.log"; fail "meson install"; }
    pc=$(find "$2" -name zmqx.pc | head -n 1)
    [ -n "$pc" ] || fail "no zmqx.pc installed"
    prefix="$2$(sed -n 's/^prefix=//p' "$pc")"
}

# meson.build's project version.
project_version() {   # SOURCE-DIR
    "$meson" introspect --projectinfo "$1/meson.build" \
        | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["version"])'
}
