#!/bin/sh
# bench/compat.sh - time `cckit compat` against every shipped target beside
# `cckit validate` on the same input, in the same run.  The goal: compat
# costs at most 1.2 x validate, as one read, one validation and one pass of
# the check vocabulary feed every target.
#
# Usage: bench/compat.sh [-n RUNS] [PRESET...]   (default: medium)
# Inputs: each generated PRESET and, when the shared corpus is there, one
# real cartridge of it (BENCH_CORPUS, default canvas-large-cc1.3.imscc).
# Environment: CCKIT (default ./cckit), CCKIT_SHARED (default ../shared
# beside the source tree), BENCH_DIR (ready-made PRESET.imscc, read-only).
# Prints the medians of wall time (s) and peak RSS (MiB) and the ratio.
# Not part of `make check`.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bench_args 5 "medium" "$@"
bench_gen_lazy=1
bench_setup compat

bench() {
    label=$1; shift
    bench_measure "$@" || [ "$rc" -eq 1 ] || { bench_fail "$label"; exit 2; }
    printf '%-30s %-26s %7s s %8s MiB\n' "$input" "$label" "$wall" "$rss"
}

one() {
    input=$1 f=$2
    bench "cckit validate" "$CCKIT" validate "$f"; v=$wall
    bench "cckit compat (all targets)" "$CCKIT" compat "$f"; c=$wall
    echo "$input  compat / validate = $(ratio "$c" "$v")  (goal <= 1.2)"
}

for preset in $presets; do
    f=${BENCH_DIR:+$BENCH_DIR/$preset.imscc}
    if [ -z "$f" ] || [ ! -f "$f" ]; then
        f=$WORK/$preset.imscc
        bench_gen "$preset" "$f" || exit 2
    fi
    one "$preset" "$f"
done
real=$CCKIT_SHARED/corpus/${BENCH_CORPUS:-canvas-large-cc1.3.imscc}
if [ -f "$real" ]; then
    one "$(basename "$real")" "$real"
else
    echo "corpus cartridge $real absent: skipped"
fi
