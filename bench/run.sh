#!/bin/sh
# bench/run.sh - time `cckit info` on synthetic cartridges.
#
# Usage: bench/run.sh [-n RUNS] [PRESET...]
#   PRESET  medium (default), wide, large (~1 GiB, ~25 s to generate), small
#   -n      runs per command (default 5); the median is reported
# Environment: CCKIT (default ./cckit), CCKIT_SHARED (default ../shared
# beside the source tree).  Needs python3, /usr/bin/time, unzip, xmllint.
# Cartridges are generated into a mktemp -d folder and removed at the end.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bench_args 5 "medium wide" "$@"
bench_setup info unzip xmllint

# bench LABEL COMMAND... : a row with the medians of RUNS runs of COMMAND
bench() {
    label=$1; shift
    bench_measure "$@"
    note=
    [ "$rc" = 0 ] || note="  (exit $rc: $(head -c 100 "$WORK/err" | tr '\n' ' '))"
    printf '%-8s %-28s %9s %11s%s\n' "$preset" "$label" "$wall" "$rss" "$note"
}

echo "cckit: $CCKIT ($("$CCKIT" --version 2>/dev/null))"
echo "runs per command: $runs (median)"
printf '%-8s %-28s %9s %11s\n' preset command "wall (s)" "RSS (MiB)"
for preset in $presets; do
    f=$WORK/$preset.imscc
    start=$(date +%s)
    bench_gen "$preset" "$f" || continue
    size=$(wc -c < "$f")
    printf '%-8s (%s bytes, %s entries, generated in %ss)\n' "$preset" "$size" \
        "$(unzip -Z1 "$f" | wc -l)" "$(( $(date +%s) - start ))"
    unzip -p "$f" imsmanifest.xml > "$WORK/$preset.manifest.xml"
    bench "cckit info" "$CCKIT" info "$f"
    bench "cckit info --format json" "$CCKIT" info --format json "$f"
    bench "cckit ls" "$CCKIT" ls "$f"
    bench "unzip -l (baseline)" unzip -l "$f"
    bench "xmllint --noout manifest" xmllint --noout --nonet "$WORK/$preset.manifest.xml"
    rm -f "$f" "$WORK/$preset.manifest.xml"
done
