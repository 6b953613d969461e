#!/bin/sh
# bench/diff.sh - time `cckit diff` on two different synthetic cartridges
# of one preset (seeds 1 and 2) and on one against itself, next to two
# baselines: inflating both archives (`unzip -p`, the floor of reading
# every byte once) and `diff -rq` of the two unpacked folders (a byte
# comparison of every file, the extraction not counted).
#
# Usage: bench/diff.sh [-n RUNS] [PRESET...]
#   PRESET  wide (default: 20,000 resources, a 9 MB manifest each),
#           small, medium, large
#   -n      runs per command (default 5); the median is reported
# Environment: CCKIT (default ./cckit), CCKIT_SHARED (default ../shared
# beside the source tree).  Needs python3, /usr/bin/time, unzip, diff.
# Target (issue #13): two wide cartridges in under 2 s.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bench_args 5 wide "$@"
bench_setup diff unzip diff

bench() {
    label=$1; shift
    bench_measure "$@"
    [ "$rc" -le 1 ] || { bench_fail "$label"; exit 1; }
    printf '%-34s %8s s %8s MiB\n' "$label" "$wall" "$rss"
}

echo "runs per command: $runs (median); $(nproc) CPUs; load: $(cut -d' ' -f1-3 /proc/loadavg)"
for preset in $presets; do
    bench_gen "$preset" "$WORK/a.imscc" --seed 1 || exit 1
    bench_gen "$preset" "$WORK/b.imscc" --seed 2 || exit 1
    echo "== $preset: $(du -h "$WORK/a.imscc" | cut -f1) and $(du -h "$WORK/b.imscc" | cut -f1)"
    bench "cckit diff A B" "$CCKIT" diff "$WORK/a.imscc" "$WORK/b.imscc"
    t_diff=$wall
    bench "cckit diff --format json A B" "$CCKIT" diff --format json "$WORK/a.imscc" "$WORK/b.imscc"
    bench "cckit diff A A" "$CCKIT" diff "$WORK/a.imscc" "$WORK/a.imscc"
    bench "unzip -p A; unzip -p B" sh -c 'unzip -p "$1" >/dev/null && unzip -p "$2" >/dev/null' sh \
        "$WORK/a.imscc" "$WORK/b.imscc"
    t_unzip=$wall
    mkdir -p "$WORK/A" "$WORK/B"
    unzip -q "$WORK/a.imscc" -d "$WORK/A" && unzip -q "$WORK/b.imscc" -d "$WORK/B"
    bench "diff -rq (unpacked)" diff -rq "$WORK/A" "$WORK/B"
    echo "cckit diff / unzip -p: $(ratio "$t_diff" "$t_unzip"); / diff -rq: $(ratio "$t_diff" "$wall")"
    rm -rf "$WORK/a.imscc" "$WORK/b.imscc" "$WORK/A" "$WORK/B"
done
