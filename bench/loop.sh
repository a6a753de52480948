#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 the zmqx developers
# SPDX-License-Identifier: MIT
# One message dispatched by an event loop with N idle sockets registered
# besides (zmqx-loopbench: zmqx_loop, zmqx_poller_wait, raw zmq_poll, CZMQ's
# zloop; raw zmq_recv without a loop as the floor): instructions and
# syscalls per message (callgrind, strace -f -c), allocations and ns per
# message (native), issue 13's targets checked; a table and CSV.
#
#   bench/loop.sh [-b BUILD_DIR] [-o FILE.csv] [-j JOBS] [-r ROUNDS] [-m MESSAGES]
#                 [-n N,N..] [-t inproc|tcp]
#
# Instructions: each (contender, N) runs in a process of its own twice,
# with 200 and 1,200 messages, under valgrind --tool=callgrind and under
# strace -f -c, every thread on one CPU (taskset; bench/count.sh, shared
# with paths.sh); per message = (X(B) - X(A)) / 1000, so the setup (1,000
# sockets made and registered) and the teardown drop out. Wall clock: one
# native process (zmqx-loopbench --rounds, malloc_count preloaded) holds
# every (contender, N) at once and runs -r rounds (11) of -m messages
# (3000) each, the order rotated from round to round and reversed every
# other round; ns = the median over the rounds, and each wall ratio the
# median over the rounds of the ratio within the round (so drift of a
# loaded machine hits both sides of a ratio alike). The native run goes
# first, alone. Ratios > 1: costs more.
set -euo pipefail
cd "$(dirname "$0")/.."

build=build
out=
jobs=$(nproc)
rounds=11
msgs=3000
idles=0,1,10,100,1000
transport=inproc
while getopts "b:o:j:r:m:n:t:" opt; do
    case $opt in
    b) build=$OPTARG ;;
    o) out=$OPTARG ;;
    j) jobs=$OPTARG ;;
    r) rounds=$OPTARG ;;
    m) msgs=$OPTARG ;;
    n) idles=$OPTARG ;;
    t) transport=$OPTARG ;;
    *) sed -n '8,9p' "$0"; exit 2 ;;
    esac
done

exe=$build/bench/zmqx-loopbench
[ -x "$exe" ] || { echo "no $exe: build first (meson setup $build && meson compile -C $build)" >&2; exit 1; }
for tool in valgrind strace; do
    command -v $tool >/dev/null || { echo "$tool is not installed" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
contenders=$("$exe" --list | awk '{ print $1 }')

# ---- native: every (contender, N) in one process, in rounds ----
echo "native rounds ($rounds x $msgs messages) ..." >&2
"$exe" --rounds "$rounds" --calls "$msgs" --idle "$idles" --transport "$transport" >"$tmp/rounds" ||
    { echo "failed: $exe --rounds" >&2; exit 1; }

# ---- callgrind and strace, in parallel ----
echo "callgrind and strace runs ($jobs at a time) ..." >&2
. bench/count.sh
export -f count
for c in $contenders; do
    for n in ${idles//,/ }; do
        [ "$c" = libzmq-recv ] && [ "$n" != 0 ] && continue
        for calls in 200 1200; do
            echo "$tmp/$c.$n.$calls 1 $exe --contender $c --idle $n --calls $calls --transport $transport"
        done
    done
done | xargs -P "$jobs" --process-slot-var=SLOT -L 1 bash -c 'count "$@"' _

# ---- the table: rows "contender N instr sys" then the rounds ----
for f in "$tmp"/*.200.cg; do
    base=${f%.200.cg}
    cn=${base##*/}
    read -r ia sa <"$f"
    read -r ib sb <"$base.1200.cg"
    echo "cg ${cn%.*} ${cn##*.} $ia $ib $sa $sb"
done >"$tmp/rows"
sed 's/^/rd /; s/[a-z_]*=//g' "$tmp/rounds" >>"$tmp/rows"

awk -v csv="$out" -v transport="$transport" -v order="$contenders" '
function med(list,   n, v, i, j, t) { # the median of a space-separated list
    n = split(list, v, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return n == 0 ? "" : (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2)
}
function r3(x) { return x == "" ? "-" : sprintf("%.3f", x) }
function ratio(a, b) { return a == "" || b == "" || b == 0 ? "" : a / b }
function wall(c, n, bc, bn,   r, list) { # median over the rounds of the ratio within a round
    list = ""
    for (r = 0; r < R; r++)
        if ((c, n, r) in T && (bc, bn, r) in T) list = list " " T[c, n, r] / T[bc, bn, r]
    return med(list)
}
$1 == "cg" { I[$2, $3] = ($5 - $4) / 1000; Y[$2, $3] = ($7 - $6) / 1000; N[$3] = 1 }
$1 == "rd" { T[$3, $4, $2] = $6; A[$3, $4] = A[$3, $4] " " $7; if ($2 + 1 > R) R = $2 + 1 }
END {
    nn = 0; for (n in N) idle[++nn] = n + 0
    for (i = 2; i <= nn; i++) for (j = i; j > 1 && idle[j - 1] > idle[j]; j--) { t = idle[j]; idle[j] = idle[j - 1]; idle[j - 1] = t }
    nc = split(order, C, " ")
    print "one message dispatched (" transport ", 64 B) with N idle PULL sockets registered besides; per message:"
    print "instructions and syscalls (callgrind, strace -f -c; every thread, pinned; (X(1200)-X(200))/1000);"
    print "allocations and ns: native, " R " rounds, medians; wall ratios: medians of the ratios within a round."
    print "vs poll: / libzmq-poll at the same N; vs N=0: / the same contender with no idle socket (> 1: costs more)."
    if (csv != "")
        print "transport,idle,contender,instr_per_msg,instr_vs_poll,instr_vs_idle0,syscalls_per_msg,allocs_per_msg,ns_per_msg,wall_vs_poll,wall_vs_idle0" > csv
    for (k = 1; k <= nn; k++) {
        n = idle[k]
        printf "\nN = %-5d %-12s %9s %8s %7s %6s %6s %9s %8s %7s\n", n, "contender", "instr/msg", "vs poll", "vs N=0", "sys", "allocs", "ns/msg", "wall/poll", "wall/N=0"
        for (i = 1; i <= nc; i++) {
            c = C[i]
            if (!((c, n) in I)) continue
            ns = med(T_list(c, n)); al = med(A[c, n])
            ip = ratio(I[c, n], I["libzmq-poll", n]); i0 = ratio(I[c, n], I[c, 0])
            wp = wall(c, n, "libzmq-poll", n); w0 = wall(c, n, c, 0)
            printf "%-9s %-12s %9.1f %8s %7s %6.2f %6.3f %9.1f %8s %7s\n", "", c, I[c, n], r3(ip), r3(i0), Y[c, n], al, ns, r3(wp), r3(w0)
            if (csv != "")
                printf "%s,%d,%s,%.1f,%s,%s,%.2f,%.4f,%.1f,%s,%s\n", transport, n, c, I[c, n], r3(ip), r3(i0), Y[c, n], al, ns, r3(wp), r3(w0) >> csv
        }
    }
    print "\nissue 13 targets (zmqx-loop):"
    lo = idle[1]; hi = idle[nn]
    t1 = ratio(I["zmqx-loop", hi], I["zmqx-loop", lo]); w1 = wall("zmqx-loop", hi, "zmqx-loop", lo)
    printf "  1. a pass with %d idle sockets / with none <= 1.5: instructions %s, wall %s: %s\n", hi, r3(t1), r3(w1), (t1 <= 1.5 && w1 <= 1.5 ? "met" : "MISSED")
    t2 = ratio(I["libzmq-poll", hi], I["zmqx-loop", hi]); w2 = 1 / wall("zmqx-loop", hi, "libzmq-poll", hi)
    printf "  2. zmq_poll over %d / the loop over %d >= 10: instructions %.1f, wall %.1f: %s\n", hi + 1, hi + 1, t2, w2, (t2 >= 10 && w2 >= 10 ? "met" : "MISSED")
    t3 = ratio(I["zmqx-loop", lo], I["libzmq-poll", lo]); w3 = wall("zmqx-loop", lo, "libzmq-poll", lo)
    printf "  3. the loop / zmq_poll + zmq_recv at one socket <= 1.10: instructions %s, wall %s: %s\n", r3(t3), r3(w3), (t3 <= 1.10 && w3 <= 1.10 ? "met" : "MISSED")
}
function T_list(c, n,   r, list) { list = ""; for (r = 0; r < R; r++) if ((c, n, r) in T) list = list " " T[c, n, r]; return list }
' "$tmp/rows"
