#!/bin/sh
# bench/validate.sh - time `cckit validate` on synthetic cartridges, beside
# the baselines of the validator's goals:
#   medium: full validation <= 1.0 x `unzip -t`
#   large:  full validation <= 0.33 x `unzip -t`; --quick < 0.3 s
#   wide:   full validation <= 2 x `xmllint --noout` over all its XML files
#   every preset: peak RSS < 64 MiB
#
# Usage: bench/validate.sh [-n RUNS] [PRESET...]   (default: medium wide)
# Environment: CCKIT (default ./cckit), CCKIT_SCHEMA_DIR (default
# ./schemas), CCKIT_SHARED (default ../shared beside the source tree),
# BENCH_DIR (folder with ready-made PRESET.imscc to use read-only; else
# they are generated into a temporary folder).  Prints medians of wall
# time (s) and peak RSS (MiB).  Not part of `make check`.
set -u
runs=5
if [ "${1:-}" = -n ]; then runs=${2:?-n needs a number}; shift 2; fi
[ $# -gt 0 ] || set -- medium wide
here=$(cd "$(dirname "$0")" && pwd)
CCKIT=${CCKIT:-$PWD/cckit}
: "${CCKIT_SCHEMA_DIR:=$PWD/schemas}"
export CCKIT_SCHEMA_DIR
CCKIT_SHARED=${CCKIT_SHARED:-$here/../../shared}
gen=$CCKIT_SHARED/bench/gen-cartridge
for p in python3 unzip xmllint; do
    command -v $p >/dev/null 2>&1 || { echo "bench: $p not found" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time not found" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cckit-vbench.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT
trap 'exit 1' HUP INT TERM

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# bench LABEL COMMAND... : median wall seconds and peak RSS; sets $wall
bench() {
    label=$1; shift
    : > "$WORK/times"
    i=0
    while [ $i -lt "$runs" ]; do
        /usr/bin/time -o "$WORK/t" -f '%e %M' "$@" > /dev/null 2>&1
        tail -n 1 "$WORK/t" >> "$WORK/times"
        i=$((i + 1))
    done
    wall=$(cut -d' ' -f1 < "$WORK/times" | median)
    rss=$(cut -d' ' -f2 < "$WORK/times" | median)
    printf '%-7s %-34s %7s s %8s MiB\n' "$preset" "$label" "$wall" \
        "$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

for preset in "$@"; do
    f=${BENCH_DIR:+$BENCH_DIR/$preset.imscc}
    if [ -z "$f" ] || [ ! -f "$f" ]; then
        f=$WORK/$preset.imscc
        python3 "$gen" --preset "$preset" -o "$f" >/dev/null || exit 2
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
