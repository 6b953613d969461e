#!/bin/sh
# bench/validate.sh - time `cckit validate` on synthetic cartridges, beside
# the baselines of the validator's goals:
#   medium: full validation <= 1.0 x `unzip -t`
#   large:  full validation <= 0.1 x `unzip -t` (the CRC of media on a
#           second core); --quick < 0.3 s
#   wide:   full validation <= 1.0 x `xmllint --noout` over all its XML files
#   every preset: peak RSS < 64 MiB
#
# Usage: bench/validate.sh [-n RUNS] [PRESET...]   (default: medium wide)
# Environment: CCKIT (default ./cckit), CCKIT_SCHEMA_DIR (default
# ./schemas), CCKIT_SHARED (default ../shared beside the source tree),
# BENCH_DIR (folder with ready-made PRESET.imscc to use read-only; else
# they are generated into a temporary folder).  Prints medians of wall
# time (s) and peak RSS (MiB).  Not part of `make check`.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bench_args 5 "medium wide" "$@"
: "${CCKIT_SCHEMA_DIR:=$PWD/schemas}"
export CCKIT_SCHEMA_DIR
bench_gen_lazy=1   # not needed for what BENCH_DIR holds
bench_setup validate unzip xmllint

# bench LABEL COMMAND... : a row with the medians of RUNS runs; sets $wall
bench() {
    label=$1; shift
    bench_measure "$@"
    printf '%-7s %-34s %7s s %8s MiB\n' "$preset" "$label" "$wall" "$rss"
}

xmllint_t=
for preset in $presets; do
    f=${BENCH_DIR:+$BENCH_DIR/$preset.imscc}
    if [ -z "$f" ] || [ ! -f "$f" ]; then
        f=$WORK/$preset.imscc
        bench_gen "$preset" "$f" || exit 2
    fi
    bench "unzip -t" unzip -tq "$f"; unzip_t=$wall
    case $preset in wide|small)
        rm -rf "$WORK/x" && mkdir "$WORK/x" && unzip -q "$f" -d "$WORK/x" '*.xml'
        find "$WORK/x" -name '*.xml' > "$WORK/xmls"
        bench "xmllint --noout ($(wc -l < "$WORK/xmls") XML files)" \
            sh -c 'xargs xmllint --noout < "$1"' sh "$WORK/xmls"
        xmllint_t=$wall ;;
    esac
    bench "cckit validate" "$CCKIT" validate "$f"; full=$wall
    bench "cckit validate --quick" "$CCKIT" validate --quick "$f"
    echo "$preset  validate / unzip -t = $(ratio "$full" "$unzip_t")${xmllint_t:+; validate / xmllint = $(ratio "$full" "$xmllint_t")}"
    xmllint_t=
done
