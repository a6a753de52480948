#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 the zmqx developers
# SPDX-License-Identifier: MIT
# Instructions per message for every style, counted by callgrind.
#
#   bench/callgrind.sh [-b BUILD_DIR] [-s "1 64 1024"] [-o FILE.csv] [-j JOBS] [STYLE ...]
#
# Each style runs its single-thread inproc loop (zmqx-bench --instr: send a
# batch of 500, receive it, repeat) in a process of its own under
# valgrind --tool=callgrind, once with N1 and once with N2 messages; the
# difference removes the setup (contexts, sockets, the warm-up batch):
#   instructions/message = (I(N2) - I(N1)) / (N2 - N1)
# One message = sent and received (both sides' instructions, every thread).
# Instruction counts do not depend on machine load the way wall time does.
set -euo pipefail
cd "$(dirname "$0")/.."

build=build
sizes="1 64 1024"
out=
jobs=$(nproc)
N1=${N1:-5000}
N2=${N2:-105000}
while getopts "b:s:o:j:" opt; do
    case $opt in
    b) build=$OPTARG ;;
    s) sizes=$OPTARG ;;
    o) out=$OPTARG ;;
    j) jobs=$OPTARG ;;
    *) sed -n '2,4p' "$0"; exit 2 ;;
    esac
done
shift $((OPTIND - 1))

exe=$build/bench/zmqx-bench
[ -x "$exe" ] || { echo "no $exe: build first (meson setup $build && meson compile -C $build)" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 1; }

if [ $# -gt 0 ]; then styles=("$@"); else mapfile -t styles < <("$exe" --list | awk '{print $1}'); fi
declare -A baseline
while read -r name _ base _; do baseline[$name]=$base; done < <("$exe" --list)
# every ratio needs its baseline, and libzmq-msg for the last column
for style in "${styles[@]}" libzmq-msg; do
    b=${baseline[$style]:-}
    [ -n "$b" ] || { echo "unknown style $style" >&2; exit 2; }
    for need in "$style" "$b"; do
        [[ " ${styles[*]} " == *" $need "* ]] || styles+=("$need")
    done
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Total instructions (Ir) of one run: the "summary:" line of the out file.
count() { # style size n
    local f="$tmp/$1.$2.$3"
    valgrind --tool=callgrind --callgrind-out-file="$f.out" \
        "$exe" --instr "$1" --size "$2" --messages "$3" >"$f.log" 2>&1 ||
        { echo "failed: $exe --instr $1 --size $2 --messages $3" >&2; cat "$f.log" >&2; return 1; }
    awk '/^summary:/ {print $2}' "$f.out" >"$f.ir"
}
export -f count
export exe tmp

for size in $sizes; do
    for style in "${styles[@]}"; do
        echo "$style $size $N1"
        echo "$style $size $N2"
    done
done | xargs -P "$jobs" -L 1 bash -c 'count "$0" "$1" "$2"'

per() { # style size -> instructions per message
    local a b
    a=$(cat "$tmp/$1.$2.$N1.ir") b=$(cat "$tmp/$1.$2.$N2.ir")
    awk -v a="$a" -v b="$b" -v n1="$N1" -v n2="$N2" 'BEGIN { printf "%.1f", (b - a) / (n2 - n1) }'
}

div() { [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }' || true; }

[ -n "$out" ] && echo "size,style,baseline,instr_per_msg,ratio,ratio_to_libzmq_msg" >"$out"
printf "instructions per message (callgrind; inproc; send + receive; N1=%d N2=%d)\n" "$N1" "$N2"
for size in $sizes; do
    printf "\n%7s B  %-12s %10s  %7s  %-12s %s\n" "$size" style instr/msg ratio vs "vs libzmq-msg"
    for style in "${styles[@]}"; do
        v=$(per "$style" "$size")
        base=${baseline[$style]}
        b=$(per "$base" "$size" 2>/dev/null || echo "")
        m=$(per libzmq-msg "$size" 2>/dev/null || echo "")
        r=$(div "$v" "$b")
        rm_=$(div "$v" "$m")
        printf "%7s    %-12s %10s  %7s  %-12s %s\n" "" "$style" "$v" "$r" "$base" "$rm_"
        [ -n "$out" ] && echo "$size,$style,$base,$v,$r,$rm_" >>"$out"
    done
done
