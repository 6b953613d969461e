#!/bin/sh
# bench/convert.sh - time `cckit convert --to 1.1` on synthetic cartridges,
# next to its floor: `xsltproc` running our own xsl/manifest.xsl on the
# extracted manifest (the XSLT alone, no archive, no validation).
#
# Usage: bench/convert.sh [-n RUNS] [PRESET...]
#   PRESET  medium (default), wide (20,000 resources; its manifest has
#           about 121,000 elements, so the script raises
#           --max-xml-elements), small, large
#   -n      runs per command (default 3); the median is reported
# Environment: CCKIT (default ./cckit), CCKIT_SHARED (default ../shared
# beside the source tree), CCKIT_XSL_DIR / CCKIT_SCHEMA_DIR (default the
# source tree's).  Needs python3, /usr/bin/time, unzip, xsltproc.
# What to look for: --no-validate against xsltproc is the cost of the
# archive (reading, descriptors, deflate); convert against --no-validate is
# its two validations (the input strictly, whose findings also carry their
# lenient severity, and the output strictly).  Goal: convert <= 1.5 x
# validate --strict on medium (bench/goals.sh prints that ratio).
# Measured on medium (2 cores): 1.88 s, 1.21 s without validations,
# xsltproc 0.51 s.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bench_args 3 medium "$@"
CCKIT_XSL_DIR=${CCKIT_XSL_DIR:-$here/../xsl}; export CCKIT_XSL_DIR
CCKIT_SCHEMA_DIR=${CCKIT_SCHEMA_DIR:-$here/../schemas}; export CCKIT_SCHEMA_DIR
bench_setup convert unzip xsltproc

# bench LABEL COMMAND... : RUNS runs (the output removed before each); a row
# with the medians; exit 1 if COMMAND fails
bench_before='rm -f "$WORK/out.imscc"'
bench() {
    label=$1; shift
    bench_measure "$@" || { bench_fail "$label"; exit 1; }
    printf '%-34s %8s s %8s MiB\n' "$label" "$wall" "$rss"
}

echo "runs per command: $runs (median); $(nproc) CPUs"
for preset in $presets; do
    bench_gen "$preset" "$WORK/$preset.imscc" || exit 1
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
