#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 the zmqx developers
# SPDX-License-Identifier: MIT
# The paths off the ready-message path, zmqx side by side with raw libzmq,
# CZMQ and pyzmq: instructions and syscalls per operation (callgrind, every
# thread), allocations per operation (malloc_count, every thread) and wall
# clock; a table with the ratios to raw libzmq, and CSV.
#
#   bench/paths.sh [-b BUILD_DIR] [-o FILE.csv] [-j JOBS] [-p PAIRS] [-x PIN] [-P] [PATH ...]
#
# PATH: eagain poll0 poll16 poll16r blocked-send more reqrep ready (default:
# all). -P leaves pyzmq out; -p sets the reqrep wall-clock pairs (21) and -x
# where their threads run: same (default: both on one CPU, the round trip is
# two context switches; on a 2-CPU VM a cross-CPU wake-up costs 50-100 us
# and varies more than the libraries do), split or none (zmqx-paths --pin).
#
# Each contender (zmqx-paths --list; pyzmq: bench/paths.py) runs in a process
# of its own twice, with A and B calls, under valgrind --tool=callgrind
# (instructions) and under strace -f -c (syscalls, exact and native; the
# same A and B); the difference removes the setup and the teardown:
#   per op = (I(B) - I(A)) / (B - A)        (instructions and syscalls alike)
# 'more' differences the part count instead: the same messages with 1 and
# with 2 parts, so one op is one extra part received (with its raw
# zmq_send(ZMQ_SNDMORE) by the sender, the same code for every contender).
# Every callgrind and strace run has all its threads on one CPU (taskset):
# unpinned, how the two threads of reqrep interleave under valgrind varied
# (per round trip 6256 or ~7300 instructions from run to run; pinned, within
# 0.5%). reqrep and blocked-send take the median of 3 runs of each A and B.
# Allocations and ns per op come from one native run with malloc_count
# preloaded (the counter and the clock around the measured loop only; 'more':
# the difference of two runs). reqrep's wall clock: zmqx-paths --pairs,
# the median of the paired time ratios. Ratios are contender / raw: > 1
# costs more. Native runs go one at a time, before the callgrind runs.
set -euo pipefail
cd "$(dirname "$0")/.."

build=build
out=
jobs=$(nproc)
npairs=21
pin=same
python=/usr/bin/python3
while getopts "b:o:j:p:x:P" opt; do
    case $opt in
    b) build=$OPTARG ;;
    o) out=$OPTARG ;;
    j) jobs=$OPTARG ;;
    p) npairs=$OPTARG ;;
    x) pin=$OPTARG ;;
    P) python= ;;
    *) sed -n '7,13p' "$0"; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
all_paths="eagain poll0 poll16 poll16r blocked-send more reqrep ready"
paths=${*:-$all_paths}

exe=$build/bench/zmqx-paths
[ -x "$exe" ] || { echo "no $exe: build first (meson setup $build && meson compile -C $build)" >&2; exit 1; }
for tool in valgrind strace; do
    command -v $tool >/dev/null || { echo "$tool is not installed" >&2; exit 1; }
done
if [ -n "$python" ] && ! "$python" -c 'import zmq' 2>/dev/null; then
    echo "no pyzmq for $python: pyzmq left out" >&2
    python=
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The calls of one path: "A-args;B-args;units;native-args" (native-args
# empty: no native run; 'more': native runs A and B too). pyzmq gets fewer.
spec() { # path size py(0|1)
    local s="--size $2" k=1
    [ "$3" = 1 ] && k=4
    case $1 in
    eagain | poll0) echo "--calls $((2000 / k));--calls $((12000 / k));$((10000 / k));--calls 200000" ;;
    poll16 | poll16r) echo "--calls $((1000 / k));--calls $((6000 / k));$((5000 / k));--calls 20000" ;;
    blocked-send) echo "--calls $((200 / k));--calls $((1200 / k));$((1000 / k));--calls 3000" ;;
    more) echo "--calls $((4000 / k)) --parts 1 $s;--calls $((4000 / k)) --parts 2 $s;$((4000 / k));--calls 50000 --parts 1 $s|--calls 50000 --parts 2 $s" ;;
    reqrep) echo "--calls $((1000 / k));--calls $((6000 / k));$((5000 / k));$([ "$3" = 1 ] && echo --calls 5000)" ;;
    ready) echo "--calls $((5000 / k)) $s;--calls $((25000 / k)) $s;$((20000 / k));--calls 200000 $s" ;;
    esac
}

sizes() { [ "$1" = ready ] && echo "1 64 1024" || { [ "$1" = blocked-send ] && echo 65536 || echo 64; }; }

# the contenders: "path contender baselines"
{
    "$exe" --list | awk '{print $1, $2, $3}'
    if [ -n "$python" ]; then
        echo "eagain pyzmq libzmq-recv"
        for p in poll0 poll16 poll16r; do echo "$p pyzmq libzmq"; done
        echo "blocked-send pyzmq libzmq-send"
        echo "more pyzmq libzmq-recv"
        echo "reqrep pyzmq libzmq-send"
        echo "ready pyzmq libzmq-msg-nc"
    fi
} | while read -r p c b; do
    if [[ " $paths " == *" $p "* ]]; then echo "$p $c $b"; fi
done | awk -v order="$all_paths" 'BEGIN { n = split(order, o, " "); for (i = 1; i <= n; i++) rank[o[i]] = i }
             { print rank[$1], NR, $0 }' | sort -k1,1n -k2,2n | cut -d' ' -f3- >"$tmp/contenders"
[ -s "$tmp/contenders" ] || { echo "no such path: $paths (paths: $all_paths)" >&2; exit 2; }

cmd() { # contender path args... -> the command line
    local c=$1 p=$2
    shift 2
    if [ "$c" = pyzmq ]; then echo "$python bench/paths.py --path $p $*"; else echo "$exe --path $p --contender $c $*"; fi
}

# ---- native runs, one at a time: ns and allocations per op ----
echo "native runs (one at a time) ..." >&2
while read -r p c b; do
    for size in $(sizes "$p"); do
        py=0; [ "$c" = pyzmq ] && py=1
        IFS=';' read -r _ _ units native <<<"$(spec "$p" "$size" $py)"
        f="$tmp/$p.$size.$c"
        if [ "$p" = reqrep ] && [ "$b" != - ] && [ "$c" != pyzmq ]; then
            $(cmd "$c" reqrep --size "$size" --calls 2000 --pairs "$npairs" --pin "$pin") >"$f.pairs" ||
                { echo "failed: $c reqrep --pairs" >&2; exit 1; }
            # again against raw sockets with zmqx's two-minute timeouts
            BENCH_RAW_TIMEOUT_MS=120000 $(cmd "$c" reqrep --size "$size" --calls 2000 \
                --pairs "$npairs" --pin "$pin") >"$f.pairs_to" ||
                { echo "failed: $c reqrep --pairs (raw timeouts)" >&2; exit 1; }
            continue
        fi
        [ -n "$native" ] || continue
        i=0
        IFS='|' read -ra runs <<<"$native"
        pre= # pyzmq's reqrep on one CPU too, as the pairs are (-x same)
        [ "$p" = reqrep ] && [ "$pin" = same ] && pre="taskset -c 0"
        for r in "${runs[@]}"; do
            # shellcheck disable=SC2046
            $pre $(cmd "$c" "$p" $r --size "$size") >"$f.native$i" ||
                { echo "failed: $(cmd "$c" "$p" $r)" >&2; exit 1; }
            i=$((i + 1))
        done
    done
done <"$tmp/contenders"

# ---- callgrind and strace runs, in parallel ----
echo "callgrind and strace runs ($jobs at a time) ..." >&2
. bench/count.sh # count: callgrind and strace runs
export -f count
while read -r p c b; do
    for size in $(sizes "$p"); do
        py=0; [ "$c" = pyzmq ] && py=1
        IFS=';' read -r a bb _ _ <<<"$(spec "$p" "$size" $py)"
        [[ "$a" == *--size* ]] || a="$a --size $size"
        [[ "$bb" == *--size* ]] || bb="$bb --size $size"
        reps=1 # the two-thread paths vary from run to run: the median of 3
        [ "$p" = reqrep ] || [ "$p" = blocked-send ] && reps=3
        echo "$tmp/$p.$size.$c.A $reps $(cmd "$c" "$p" $a)"
        echo "$tmp/$p.$size.$c.B $reps $(cmd "$c" "$p" $bb)"
    done
done <"$tmp/contenders" | xargs -P "$jobs" --process-slot-var=SLOT -L 1 bash -c 'count "$@"' _

# ---- the table ----
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" "$2" 2>/dev/null; } # key=value after a space
fields() { # the ns and allocations per call of a native run, "- -" for none; -1: not counted
    local ns al
    ns=$(field ns_per_call "$1")
    al=$(field allocs_per_call "$1")
    [[ "$al" == -1* ]] && al=
    echo "${ns:--} ${al:--}"
}

# one row per path, size and contender: rank size seq path size contender
# baselines Ir(A) Ir(B) sys(A) sys(B) units ns allocs wall-ratio baseline-ns
seq=0
while read -r p c b; do
    for size in $(sizes "$p"); do
        seq=$((seq + 1))
        py=0; [ "$c" = pyzmq ] && py=1
        IFS=';' read -r _ _ units _ <<<"$(spec "$p" "$size" $py)"
        f="$tmp/$p.$size.$c"
        read -r ia sa <"$f.A.cg"
        read -r ib sb <"$f.B.cg"
        ns=- allocs=- wr=- bns=- wt=-
        if [ -f "$f.native1" ]; then # more: the difference of two runs
            read -r ns0 al0 <<<"$(fields "$f.native0")"
            read -r ns1 al1 <<<"$(fields "$f.native1")"
            ns=$(awk -v a="$ns0" -v b="$ns1" 'BEGIN { printf "%.1f", b - a }')
            [ "$al0" = - ] || allocs=$(awk -v a="$al0" -v b="$al1" 'BEGIN { printf "%.4f", b - a }')
        elif [ -f "$f.native0" ]; then
            read -r ns allocs <<<"$(fields "$f.native0")"
        elif [ -f "$f.pairs" ]; then
            ns=$(field ns_contender "$f.pairs")
            bns=$(field ns_baseline "$f.pairs")
            wr=$(field ratio "$f.pairs")
            wt=$(field ratio "$f.pairs_to")
        fi
        [ "$p" = reqrep ] && allocs=- # bench_run counts its setup
        rank=$(awk -v p="$p" -v o="$all_paths" 'BEGIN { n = split(o, a, " "); for (i = 1; i <= n; i++) if (a[i] == p) print i }')
        echo "$rank $size $seq $p $size $c $b $ia $ib $sa $sb $units $ns $allocs $wr $bns ${wt:--}"
    done
done <"$tmp/contenders" | sort -k1,1n -k2,2n -k3,3n | cut -d' ' -f4- >"$tmp/rows"

awk -v csv="$out" '
function fmt(x) { return x == "-" || x == "" ? "-" : x }
function blank(x) { return x == "-" ? "" : x }
{
    n++; P[n] = $1; S[n] = $2; C[n] = $3; B[n] = $4
    I[n] = ($6 - $5) / $9; Y[n] = ($8 - $7) / $9
    NS[n] = $10; AL[n] = $11; WR[n] = $12; BNS[n] = $13; WT[n] = $14
    key[$1 " " $2 " " $3] = n
}
END {
    print "per operation: instructions (callgrind) and syscalls (strace -f -c), every thread, (X(B)-X(A))/(B-A);"
    print "allocations (malloc_count, every thread) and ns: one native run (reqrep: medians of paired runs, wall = median"
    print "of the paired time ratios; wall/to: the same against raw sockets with zmqx'"'"'s two-minute send and receive"
    print "timeouts). ratio = contender / raw baseline (> 1: costs more); +instr = contender - baseline."
    if (csv != "")
        print "path,size,contender,baseline,instr_per_op,instr_ratio,instr_diff,syscalls_per_op,baseline_syscalls_per_op,allocs_per_op,baseline_allocs_per_op,ns_per_op,baseline_ns_per_op,wall_ratio_pairs,wall_ratio_pairs_raw_timeouts" > csv
    last = ""
    for (i = 1; i <= n; i++) {
        if (P[i] " " S[i] != last) {
            last = P[i] " " S[i]
            printf "\n%-12s %7s B  %-14s %-14s %9s %6s %8s %7s %7s %8s %8s %6s %7s\n", P[i], S[i], "contender", "vs", "instr/op", "ratio", "+instr", "sys/op", "allocs", "ns/op", "vs ns", "wall", "wall/to"
        }
        split(B[i], bs, ",")
        nb = B[i] == "-" ? 1 : length(bs)
        for (j = 1; j <= nb; j++) {
            b = B[i] == "-" ? "" : bs[j]
            k = b == "" ? 0 : key[P[i] " " S[i] " " b]
            r = k ? sprintf("%.3f", I[i] / I[k]) : "-"
            d = k ? sprintf("%+.1f", I[i] - I[k]) : "-"
            bns = BNS[i] != "-" ? BNS[i] : (k ? NS[k] : "-")
            printf "%-12s %7s    %-14s %-14s %9.1f %6s %8s %7.2f %7s %8s %8s %6s %7s\n", "", "", j == 1 ? C[i] : "", b == "" ? "(raw)" : b, I[i], r, d, Y[i], fmt(AL[i]), fmt(NS[i]), fmt(bns), fmt(WR[i]), fmt(WT[i])
            if (csv != "")
                printf "%s,%s,%s,%s,%.1f,%s,%s,%.3f,%s,%s,%s,%s,%s,%s,%s\n", P[i], S[i], C[i], b, I[i], blank(r), blank(d), Y[i], k ? sprintf("%.3f", Y[k]) : "", blank(AL[i]), k ? blank(AL[k]) : "", blank(NS[i]), blank(bns), blank(WR[i]), blank(WT[i]) >> csv
        }
    }
}' "$tmp/rows"
