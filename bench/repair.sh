#!/bin/sh
# bench/repair.sh - time `cckit repair` on synthetic cartridges next to
# `cckit validate` on the same input (the target: repair of large, 1 GiB
# mostly media, in at most 2x validate's time) and `unzip -tq` (reading
# and inflating every entry once: the floor of a full re-write).
#
# and `cp && sync` (writing the same number of bytes durably: repair
# fsyncs its output before the rename, so this is the disk's floor).
#
# Usage: bench/repair.sh [-n RUNS] [PRESET...]
#   PRESET  large (default), medium, wide, small
#   -n      runs per command (default 3); the median is reported
# Environment: CCKIT (default ./cckit), CCKIT_SHARED (default ../shared
# beside the source tree), CCKIT_SCHEMA_DIR (default the source tree's).
# Needs python3, /usr/bin/time, unzip.
# What to look for: repair validates the input once and the output once
# and copies every entry; the ratio repair/validate is the figure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bench_args 3 large "$@"
CCKIT_SCHEMA_DIR=${CCKIT_SCHEMA_DIR:-$here/../schemas}; export CCKIT_SCHEMA_DIR
bench_setup repair unzip

bench_before='rm -f "$WORK/out.imscc"'
bench() {
    label=$1; shift
    bench_measure "$@" || [ "$rc" = 1 ] || { bench_fail "$label"; exit 1; }
    printf '%-34s %8s s %8s MiB\n' "$label" "$wall" "$rss"
}

echo "runs per command: $runs (median); $(nproc) CPUs"
for preset in $presets; do
    bench_gen "$preset" "$WORK/$preset.imscc" || exit 1
    echo "== $preset: $(du -h "$WORK/$preset.imscc" | cut -f1)"
    bench "cckit validate" "$CCKIT" validate "$WORK/$preset.imscc"
    v=$wall
    bench "cckit repair" "$CCKIT" repair "$WORK/$preset.imscc" -o "$WORK/out.imscc"
    r=$wall
    bench "cp && sync" sh -c 'cp "$1" "$2" && sync "$2"' sh "$WORK/$preset.imscc" "$WORK/out.imscc"
    c=$wall
    bench "unzip -tq" unzip -tq "$WORK/$preset.imscc"
    echo "repair / validate: $(ratio "$r" "$v"); repair / (cp && sync): $(ratio "$r" "$c")"
    rm -f "$WORK/$preset.imscc" "$WORK/out.imscc"
done
