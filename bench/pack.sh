#!/bin/sh
# bench/pack.sh - `cckit pack` against `zip -X -r -q` on folders made by
# gen-cartridge --format dir (medium and large presets).  Reports the
# median of RUNS (default 3) wall-clock times and the peak RSS of pack.
#   CCKIT=./cckit CCKIT_SHARED=../shared sh bench/pack.sh
# PRESETS (default "medium large") picks other presets, e.g. PRESETS=medium.
# Exits 77 (skipped) when the generator, zip or another prerequisite is
# missing.
# Two pack modes: "repack" (the folder holds imsmanifest.xml: lenient
# validation + copy) and "generate" (the manifest removed: pack builds
# one from the folder, scans the pages and validates the result strictly).
# Goals (issue "Export"): medium <= 1.0x zip, large <= 0.1x zip (media
# stored, not deflated), RSS < 64 MiB.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bench_args "${RUNS:-3}" "${PRESETS:-medium large}"
bench_missing=77
CCKIT_SCHEMA_DIR=${CCKIT_SCHEMA_DIR:-$here/../schemas}; export CCKIT_SCHEMA_DIR
bench_setup pack zip
top=$PWD
row() { printf '%-8s %-9s %8s %8s %8s %7s %9s\n' "$@"; }
row preset mode files zip_s pack_s ratio rss_MiB
for preset in $presets; do
    d=$WORK/$preset
    bench_gen "$preset" "$d" --format dir || exit 1
    g=$WORK/$preset-gen; cp -R "$d" "$g"; rm "$g/imsmanifest.xml"
    files=$(find "$d" -type f | wc -l)
    bench_before='rm -f "$WORK/z.zip"'
    cd "$d" || exit 1
    bench_measure zip -X -r -q "$WORK/z.zip" . || { bench_fail zip; wall=fail; }
    cd "$top" || exit 1
    z=$wall
    for mode in repack generate; do
        src=$d; [ $mode = generate ] && src=$g
        bench_before='rm -f "$WORK/p.imscc"'
        bench_measure "$CCKIT" pack "$src" -o "$WORK/p.imscc" ||
            { bench_fail "cckit pack ($preset, $mode)"; wall=fail; }
        row "$preset" $mode "$files" "$z" "$wall" "$(ratio "$wall" "$z")" "$rss"
    done
    rm -rf "$d" "$g" "$WORK/z.zip" "$WORK/p.imscc"
done
