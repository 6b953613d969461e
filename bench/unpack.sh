#!/bin/sh
# bench/unpack.sh - time `cckit unpack` against `unzip -qq -d` on synthetic
# cartridges (each run into a fresh folder, removed between runs).
#
# Usage: bench/unpack.sh [-n RUNS] [PRESET...]
#   PRESET  wide (default: 20,000 files), medium; also small, large
#   -n      runs per command (default 5); the median is reported
# Environment: CCKIT (default ./cckit), CCKIT_SHARED (default ../shared
# beside the source tree).  Needs python3, /usr/bin/time, unzip.
# Goal: cckit at most 1.0x unzip's time, peak RSS below 64 MiB.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bench_args 5 "wide medium" "$@"
bench_setup unpack unzip

# bench LABEL DEST COMMAND... : RUNS runs into a fresh DEST (removed before
# each); a row with the medians, which sets $wall; exit 1 if COMMAND fails
bench() {
    label=$1; dest=$2; shift 2
    bench_before='rm -rf "$dest"; sync'
    bench_measure "$@" || { bench_fail "$label"; exit 1; }
    printf '%-28s %8s s %8s MiB\n' "$label" "$wall" "$rss"
}

echo "runs per command: $runs (median); $(nproc) CPUs"
for preset in $presets; do
    bench_gen "$preset" "$WORK/$preset.imscc" || exit 1
    files=$(unzip -Z1 "$WORK/$preset.imscc" | grep -vc '/$')
    echo "== $preset: $files files, $(du -h "$WORK/$preset.imscc" | cut -f1) archive"
    bench "cckit unpack" "$WORK/out" "$CCKIT" unpack "$WORK/$preset.imscc" -C "$WORK/out"
    tc=$wall
    bench "unzip -qq -d" "$WORK/out" unzip -qq "$WORK/$preset.imscc" -d "$WORK/out"
    r=$(ratio "$tc" "$wall")
    [ "$r" = - ] || echo "cckit / unzip: ${r}x"
    rm -rf "$WORK/out" "$WORK/$preset.imscc"
done
