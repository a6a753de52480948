# SPDX-FileCopyrightText: 2026 the zmqx developers
# SPDX-License-Identifier: MIT
# Sourced by bench/paths.sh and bench/loop.sh (from the project's root).
# shellcheck shell=bash
count() { # file repeats command... : the median Ir (callgrind) and syscalls
    local f=$1 reps=$2 r ir sys # (strace -f -c) of the whole run, over repeats runs
    shift 2
    # every thread of the run on one CPU (this job's): how the two threads of
    # reqrep and blocked-send interleave under valgrind then varies little
    local cpu=$((${SLOT:-0} % $(nproc)))
    for ((r = 0; r < reps; r++)); do
        ZMQX_BENCH_PRELOADED=1 taskset -c "$cpu" valgrind --tool=callgrind --callgrind-out-file="$f.out" "$@" \
            >"$f.log" 2>&1 || { echo "failed under callgrind: $*" >&2; cat "$f.log" >&2; return 1; }
        ZMQX_BENCH_PRELOADED=1 taskset -c "$cpu" strace -f -c -o "$f.strace" "$@" >>"$f.log" 2>&1 ||
            { echo "failed under strace: $*" >&2; cat "$f.log" >&2; return 1; }
        ir=$(awk '/^summary:/ { print $2 }' "$f.out")
        sys=$(awk '$NF == "total" { print ($4 ~ /^[0-9]+$/) ? $4 : $3 }' "$f.strace")
        echo "$ir" >>"$f.irs"
        echo "$sys" >>"$f.syss"
    done
    med() { sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
    echo "$(med "$f.irs") $(med "$f.syss")" >"$f.cg"
    rm -f "$f.out"
}
