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
runs=5
if [ "${1:-}" = -n ]; then runs=${2:?-n needs a number}; shift 2; fi
[ $# -gt 0 ] || set -- medium wide
here=$(cd "$(dirname "$0")" && pwd)
CCKIT=${CCKIT:-$PWD/cckit}
CCKIT_SHARED=${CCKIT_SHARED:-$here/../../shared}
gen=$CCKIT_SHARED/bench/gen-cartridge
[ -x "$CCKIT" ] || { echo "bench: no cckit at $CCKIT (build first, or set CCKIT)" >&2; exit 2; }
[ -f "$gen" ] || { echo "bench: no generator at $gen (set CCKIT_SHARED)" >&2; exit 2; }
for p in python3 unzip xmllint; do
    command -v $p >/dev/null 2>&1 || { echo "bench: $p not found" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time not found (apt-get install time)" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cckit-bench.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT
trap 'exit 1' HUP INT TERM

# median of the numbers on stdin
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# bench LABEL COMMAND... : run RUNS times, print median seconds and peak RSS
bench() {
    label=$1; shift
    : > "$WORK/times"
    i=0; rc=0
    while [ $i -lt "$runs" ]; do
        /usr/bin/time -o "$WORK/t" -f '%e %M' "$@" > /dev/null 2> "$WORK/err" || rc=$?
        tail -n 1 "$WORK/t" >> "$WORK/times"
        i=$((i + 1))
    done
    wall=$(cut -d' ' -f1 < "$WORK/times" | median)
    rss=$(cut -d' ' -f2 < "$WORK/times" | median)
    note=
    [ "$rc" = 0 ] || note="  (exit $rc: $(head -c 100 "$WORK/err" | tr '\n' ' '))"
    printf '%-8s %-28s %9s %11s%s\n' "$preset" "$label" "$wall" \
        "$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')" "$note"
}

echo "cckit: $CCKIT ($("$CCKIT" --version 2>/dev/null))"
echo "runs per command: $runs (median)"
printf '%-8s %-28s %9s %11s\n' preset command "wall (s)" "RSS (MiB)"
for preset in "$@"; do
    f=$WORK/$preset.imscc
    start=$(date +%s)
    if ! python3 "$gen" --preset "$preset" -o "$f" > "$WORK/gen.log" 2>&1; then
        echo "bench: gen-cartridge --preset $preset failed:" >&2; cat "$WORK/gen.log" >&2
        continue
    fi
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
