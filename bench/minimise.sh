#!/bin/sh
# bench/minimise.sh - time `cckit minimise` on a synthetic cartridge,
# next to what it must at least do: `cckit validate` of the input (it
# validates input and output; the output is tiny) and `unzip -t` (read
# and check every byte once).
#
# Usage: bench/minimise.sh [-n RUNS] [PRESET...]
#   PRESET  large (default: ~1 GiB, mostly media; ~25 s to generate),
#           small, medium, wide
#   -n      runs per command (default 3); the median is reported
# Environment: CCKIT (default ./cckit), CCKIT_SHARED (default ../shared
# beside the source tree).  Needs python3, /usr/bin/time, unzip.
# Target (issue #13): minimise of large in under 5 s.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bench_args 3 large "$@"
bench_setup minimise unzip
bench_before='rm -f "$WORK/out.imscc"'

bench() {
    label=$1; shift
    bench_measure "$@"
    [ "$rc" -le 1 ] || { bench_fail "$label"; exit 1; }
    printf '%-34s %8s s %8s MiB\n' "$label" "$wall" "$rss"
}

echo "runs per command: $runs (median); $(nproc) CPUs; load: $(cut -d' ' -f1-3 /proc/loadavg)"
for preset in $presets; do
    bench_gen "$preset" "$WORK/in.imscc" || exit 1
    n=$(unzip -p "$WORK/in.imscc" imsmanifest.xml | grep -o '<[A-Za-z]' | wc -l)
    lim=
    [ "$n" -gt 100000 ] && lim="--max-xml-elements $((n + 1000))"
    echo "== $preset: $(du -h "$WORK/in.imscc" | cut -f1), manifest $n elements"
    # shellcheck disable=SC2086
    bench "cckit minimise" "$CCKIT" minimise $lim "$WORK/in.imscc" -o "$WORK/out.imscc"
    t_min=$wall
    echo "   output: $(du -h "$WORK/out.imscc" 2>/dev/null | cut -f1)"
    bench "cckit validate (input)" "$CCKIT" validate "$WORK/in.imscc"
    t_val=$wall
    bench "unzip -t" unzip -tq "$WORK/in.imscc"
    echo "cckit minimise / validate: $(ratio "$t_min" "$t_val"); / unzip -t: $(ratio "$t_min" "$wall")"
    rm -f "$WORK/in.imscc" "$WORK/out.imscc"
done
