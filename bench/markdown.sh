#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 the zmqx developers
# SPDX-License-Identifier: MIT
# The zmqx-bench CSV (--csv) as one markdown table, for docs/performance.md:
# a row per case with the raw libzmq figures and every other style's ratio.
#
#   bench/markdown.sh RESULTS.csv
set -euo pipefail
[ $# -eq 1 ] || { sed -n '5p' "$0" >&2; exit 2; }
awk -F, '
    function size(s) { return s >= 1048576 ? s / 1048576 " MiB" : s >= 1024 ? s / 1024 " KiB" : s " B" }
    function num(v, u) { return u == "us/rtt" ? sprintf("%.1f us", v) : sprintf("%.0fk/s", v / 1000) }
    NR == 1 { next }
    {
        key = $1 " " $2 " " $3
        if (!(key in seen)) { seen[key] = 1; keys[++nk] = key; what[key] = ($1 == "thr" ? "throughput" : $1 == "lat" ? "round trip" : "fan-out 1:4") " | " $2 " | " size($3) }
        if (!($4 in scol)) { scol[$4] = ++ns; styles[ns] = $4; base[$4] = ($4 == $6) }
        cell[key, $4] = base[$4] ? num($9, $10) : sprintf("%.2f", $11)
    }
    END {
        printf "| case | transport | size |"
        for (s = 1; s <= ns; s++) printf " %s%s |", styles[s], base[styles[s]] ? " (raw)" : ""
        printf "\n|---|---|---|"
        for (s = 1; s <= ns; s++) printf "---:|"
        print ""
        for (k = 1; k <= nk; k++) {
            printf "| %s |", what[keys[k]]
            for (s = 1; s <= ns; s++) printf " %s |", cell[keys[k], styles[s]]
            print ""
        }
    }' "$1"
