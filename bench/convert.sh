#!/bin/sh
# bench/convert.sh - time `cckit convert --to 1.1` on synthetic cartridges,
# next to its floor: `xsltproc` running our own xsl/manifest.xsl on the
# extracted manifest (the XSLT alone, no archive, no validation).
#
# Usage: bench/convert.sh [-n RUNS] [PRESET...]
#   PRESET  medium (default), wide (20,000 resources: run with
#           --max-xml-elements 250000, its manifest holds ~197,000
#           elements), small, large
#   -n      runs per command (default 3); the median is reported
# Environment: CCKIT (default ./cckit), CCKIT_SHARED (default ../shared
# beside the source tree), CCKIT_XSL_DIR / CCKIT_SCHEMA_DIR (default the
# source tree's).  Needs python3, /usr/bin/time, unzip, xsltproc.
# Goal: convert within 2x the bare XSLT on the manifest plus the time of
# two validations (input and output are validated strictly).
set -u
runs=3
if [ "${1:-}" = -n ]; then runs=${2:?-n needs a number}; shift 2; fi
[ $# -gt 0 ] || set -- medium
here=$(cd "$(dirname "$0")" && pwd)
CCKIT=${CCKIT:-$PWD/cckit}
CCKIT_SHARED=${CCKIT_SHARED:-$here/../../shared}
CCKIT_XSL_DIR=${CCKIT_XSL_DIR:-$here/../xsl}; export CCKIT_XSL_DIR
CCKIT_SCHEMA_DIR=${CCKIT_SCHEMA_DIR:-$here/../schemas}; export CCKIT_SCHEMA_DIR
gen=$CCKIT_SHARED/bench/gen-cartridge
[ -x "$CCKIT" ] || { echo "bench: no cckit at $CCKIT (build first, or set CCKIT)" >&2; exit 2; }
[ -f "$gen" ] || { echo "bench: no generator at $gen (set CCKIT_SHARED)" >&2; exit 2; }
for p in python3 unzip xsltproc; do
    command -v $p >/dev/null 2>&1 || { echo "bench: $p not found" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time not found (apt-get install time)" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cckit-bench-convert.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT
trap 'exit 1' HUP INT TERM

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# bench LABEL COMMAND... : RUNS runs (the output removed before each)
bench() {
    label=$1; shift
    : > "$WORK/times"
    i=0
    while [ $i -lt "$runs" ]; do
        rm -f "$WORK/out.imscc"
        /usr/bin/time -o "$WORK/t" -f '%e %M' "$@" > /dev/null 2> "$WORK/err" ||
            { echo "bench: $label failed:" >&2; cat "$WORK/err" >&2; exit 1; }
        tail -n 1 "$WORK/t" >> "$WORK/times"
        i=$((i + 1))
    done
    t=$(cut -d' ' -f1 < "$WORK/times" | median)
    m=$(cut -d' ' -f2 < "$WORK/times" | median)
    printf '%-34s %8s s %8s MiB\n' "$label" "$t" "$(awk -v k="$m" 'BEGIN { printf "%.1f", k / 1024 }')"
}

echo "runs per command: $runs (median); $(nproc) CPUs"
for preset in "$@"; do
    python3 "$gen" --preset "$preset" -o "$WORK/$preset.imscc" > /dev/null 2>&1 ||
        { echo "bench: gen-cartridge --preset $preset failed" >&2; exit 1; }
    unzip -p "$WORK/$preset.imscc" imsmanifest.xml > "$WORK/manifest.xml"
    n=$(grep -o '<[A-Za-z]' "$WORK/manifest.xml" | wc -l)
    echo "== $preset: manifest $(du -h "$WORK/manifest.xml" | cut -f1), $n elements"
    lim=
    [ "$n" -gt 100000 ] && lim="--max-xml-elements $((n + 1000))"
    # shellcheck disable=SC2086
    bench "cckit convert --to 1.1" "$CCKIT" convert $lim "$WORK/$preset.imscc" -o "$WORK/out.imscc" --to 1.1
    bench "cckit convert --no-validate" "$CCKIT" convert $lim --no-validate "$WORK/$preset.imscc" -o "$WORK/out.imscc" --to 1.1
    bench "cckit validate --strict" "$CCKIT" validate --strict "$WORK/$preset.imscc"
    bench "xsltproc manifest.xsl" xsltproc --nonet --stringparam to 1.1 -o "$WORK/m.xml" "$CCKIT_XSL_DIR/manifest.xsl" "$WORK/manifest.xml"
    rm -f "$WORK/$preset.imscc" "$WORK/out.imscc" "$WORK/m.xml"
done
