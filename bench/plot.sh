#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 the zmqx developers
# SPDX-License-Identifier: MIT
# Render zmqx-bench results as one SVG chart (gnuplot; Debian: gnuplot-nox).
#
#   bench/plot.sh RESULTS.csv [CALLGRIND.csv] [-o OUT.svg|OUT.png]
#
# RESULTS.csv: zmqx-bench --csv; CALLGRIND.csv: bench/callgrind.sh -o.
# Panels: throughput and round-trip speed of every zmqx and CZMQ style as a
# ratio to its raw libzmq baseline (1 = as fast as raw libzmq, higher is
# faster), and, with the second file, instructions per message as a ratio
# to the baseline (lower is cheaper).
set -euo pipefail

out=docs/performance.svg
files=()
while [ $# -gt 0 ]; do
    case $1 in
    -o) out=$2; shift 2 ;;
    -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
    *) files+=("$1"); shift ;;
    esac
done
[ ${#files[@]} -ge 1 ] || { sed -n '4p' "$0" >&2; exit 2; }
command -v gnuplot >/dev/null || { echo "gnuplot is not installed (apt-get install gnuplot-nox)" >&2; exit 1; }
results=${files[0]}
instr=${files[1]:-}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A table for gnuplot from lines "case<TAB>style<TAB>ratio": one row per
# case, one column per style, in the order they come. $1: output file.
widen() {
    awk -F'\t' '
        {
            if (!($1 in seen)) { seen[$1] = 1; keys[++nk] = $1 }
            if (!($2 in scol)) { scol[$2] = ++ns; styles[ns] = $2 }
            v[$1, $2] = $3
        }
        END {
            printf "case"
            for (s = 1; s <= ns; s++) printf " %s", styles[s]
            print ""
            for (k = 1; k <= nk; k++) {
                printf "\"%s\"", keys[k]
                for (s = 1; s <= ns; s++) printf " %s", ((keys[k], styles[s]) in v) ? v[keys[k], styles[s]] : "NaN"
                print ""
            }
        }' >"$1"
}

# The results of one pattern (regexp $1), every style but the baselines.
cases() {
    awk -F, -v pat="$1" -v OFS='\t' '
        function size(s) { return s >= 1048576 ? s / 1048576 "M" : s >= 1024 ? s / 1024 "K" : s }
        NR == 1 || $1 !~ pat || $4 == $6 { next }
        { print ($1 == "fanout" ? "fan-out\\n" $2 : $2 "\\n" size($3) "B"), $4, $11 }' "$results"
}
cases '^(thr|fanout)$' | widen "$tmp/thr.dat"
cases '^lat$' | widen "$tmp/lat.dat"
panels=2
if [ -n "$instr" ]; then # size,style,baseline,instr_per_msg,ratio,...
    awk -F, -v OFS='\t' 'NR > 1 && $2 != $3 { print "inproc " $1 "B", $2, $5 }' "$instr" |
        widen "$tmp/instr.dat"
    panels=3
fi
ncols() { head -1 "$1" | awk '{print NF}'; }

case $out in
*.png) term="pngcairo size 1400,$((360 * panels)) font \"sans,10\" background \"white\"" ;;
*) term="svg size 1400,$((360 * panels)) dynamic font \"sans,11\" background \"white\"" ;;
esac
cat >"$tmp/plot.gp" <<EOF
set terminal $term
set output "$out"
set multiplot layout $panels,1 title "zmqx and CZMQ against raw libzmq 4.3.4 (ratio to the raw libzmq style each one is paired with)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set grid ytics
set key outside right top
set ytics 0.25
set arrow 1 from graph 0, first 1 to graph 1, first 1 nohead lc rgb "black" dt 2 front
set yrange [0:1.5]
set title "Throughput (PUSH/PULL; PUB to 4 SUBs): messages per second / raw (higher is faster)"
plot for [i=2:$(ncols "$tmp/thr.dat")] "$tmp/thr.dat" using i:xtic(1) title columnheader(i)
set title "Latency (REQ/REP round trips): round trips per second / raw (higher is faster)"
plot for [i=2:$(ncols "$tmp/lat.dat")] "$tmp/lat.dat" using i:xtic(1) title columnheader(i)
EOF
if [ -n "$instr" ]; then
    cat >>"$tmp/plot.gp" <<EOF
set yrange [0:6]
set ytics 0.5
set title "Instructions per message (callgrind; sent and received) / raw (lower is cheaper)"
plot for [i=2:$(ncols "$tmp/instr.dat")] "$tmp/instr.dat" using i:xtic(1) title columnheader(i)
EOF
fi
echo "unset multiplot" >>"$tmp/plot.gp"
gnuplot "$tmp/plot.gp"
echo "wrote $out"
