#!/bin/sh
# bench/preview.sh - time `cckit preview` against `cckit unpack` and
# `unzip -qq -d` (the floor: writing the cartridge's files, which preview
# also copies) on synthetic cartridges, each run into a fresh folder.
#
# Usage: bench/preview.sh [-n RUNS] [PRESET...]
#   PRESET  medium (default: 2,000 resources, 100 assessments); also
#           small, wide, large
#   -n      runs per command (default 5); the median is reported
# Environment: CCKIT (default ./cckit), CCKIT_SHARED (default ../shared
# beside the source tree).  Needs python3, /usr/bin/time, unzip.
# Goal: the medium preview under 2 s.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bench_args 5 "medium" "$@"
bench_setup preview unzip

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
    bench "cckit preview" "$WORK/out" "$CCKIT" preview -q "$WORK/$preset.imscc" -o "$WORK/out"
    tp=$wall
    bench "cckit unpack" "$WORK/out" "$CCKIT" unpack "$WORK/$preset.imscc" -C "$WORK/out"
    tc=$wall
    bench "unzip -qq -d" "$WORK/out" unzip -qq "$WORK/$preset.imscc" -d "$WORK/out"
    r=$(ratio "$tp" "$wall")
    [ "$r" = - ] || echo "preview / unzip: ${r}x"
    r=$(ratio "$tp" "$tc")
    [ "$r" = - ] || echo "preview / unpack: ${r}x"
    rm -rf "$WORK/out" "$WORK/$preset.imscc"
done
