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
runs=5
if [ "${1:-}" = -n ]; then runs=${2:?-n needs a number}; shift 2; fi
[ $# -gt 0 ] || set -- wide medium
here=$(cd "$(dirname "$0")" && pwd)
CCKIT=${CCKIT:-$PWD/cckit}
CCKIT_SHARED=${CCKIT_SHARED:-$here/../../shared}
gen=$CCKIT_SHARED/bench/gen-cartridge
[ -x "$CCKIT" ] || { echo "bench: no cckit at $CCKIT (build first, or set CCKIT)" >&2; exit 2; }
[ -f "$gen" ] || { echo "bench: no generator at $gen (set CCKIT_SHARED)" >&2; exit 2; }
for p in python3 unzip; do
    command -v $p >/dev/null 2>&1 || { echo "bench: $p not found" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time not found (apt-get install time)" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cckit-bench-unpack.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT
trap 'exit 1' HUP INT TERM

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# bench LABEL DEST COMMAND... : RUNS runs into a fresh DEST; median s, KiB
bench() {
    label=$1; dest=$2; shift 2
    : > "$WORK/times"
    i=0
    while [ $i -lt "$runs" ]; do
        rm -rf "$dest"; sync
        /usr/bin/time -o "$WORK/t" -f '%e %M' "$@" > /dev/null 2> "$WORK/err" ||
            { echo "bench: $label failed:" >&2; cat "$WORK/err" >&2; exit 1; }
        tail -n 1 "$WORK/t" >> "$WORK/times"
        i=$((i + 1))
    done
    t=$(cut -d' ' -f1 < "$WORK/times" | median)
    m=$(cut -d' ' -f2 < "$WORK/times" | median)
    printf '%-28s %8s s %8s MiB\n' "$label" "$t" "$(awk -v k="$m" 'BEGIN { printf "%.1f", k / 1024 }')"
    echo "$t" > "$WORK/last"
}

echo "runs per command: $runs (median); $(nproc) CPUs"
for preset in "$@"; do
    python3 "$gen" --preset "$preset" -o "$WORK/$preset.imscc" > /dev/null 2>&1 ||
        { echo "bench: gen-cartridge --preset $preset failed" >&2; exit 1; }
    files=$(unzip -Z1 "$WORK/$preset.imscc" | grep -vc '/$')
    echo "== $preset: $files files, $(du -h "$WORK/$preset.imscc" | cut -f1) archive"
    bench "cckit unpack" "$WORK/out" "$CCKIT" unpack "$WORK/$preset.imscc" -C "$WORK/out"
    tc=$(cat "$WORK/last")
    bench "unzip -qq -d" "$WORK/out" unzip -qq "$WORK/$preset.imscc" -d "$WORK/out"
    tu=$(cat "$WORK/last")
    awk -v c="$tc" -v u="$tu" 'BEGIN { if (u > 0) printf "cckit / unzip: %.2fx\n", c / u }'
    rm -rf "$WORK/out" "$WORK/$preset.imscc"
done
