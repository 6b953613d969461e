#!/bin/sh
# bench/repair.sh - time `cckit repair` on synthetic cartridges next to
# `cckit validate` on the same input (the target: repair of large, 1 GiB
# mostly media, in at most 2x validate's time) and `unzip -tq` (reading
# and inflating every entry once: the floor of a full re-write).
#
# and `cp && sync` (writing the same number of bytes durably: repair
# fsyncs its output before the rename, so this is the disk's floor).
#
# Usage: bench/repair.sh [-n RUNS] [PRESET...]
#   PRESET  large (default), medium, wide, small
#   -n      runs per command (default 3); the median is reported
# Environment: CCKIT (default ./cckit), CCKIT_BASE (a second cckit, e.g.
# the build of main: its repair is measured in the same rounds, before
# and after), CCKIT_SHARED (default ../shared beside the source tree),
# CCKIT_SCHEMA_DIR (default the source tree's), BENCH_DIR (a folder
# with ready-made PRESET.imscc, used read-only; else generated).
# Needs python3, /usr/bin/time, unzip.
# The commands run interleaved, one of each a round, so that the load of
# a shared machine falls on all alike; each row is the median wall time,
# the median CPU time (user + system) and the median peak RSS.
# What to look for: repair validates the input once and the output once
# and copies every entry; the ratio repair/validate is the figure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bench_args 3 large "$@"
CCKIT_SCHEMA_DIR=${CCKIT_SCHEMA_DIR:-$here/../schemas}; export CCKIT_SCHEMA_DIR
bench_gen_lazy=1   # not needed for what BENCH_DIR holds
bench_setup repair unzip
BASE=${CCKIT_BASE:-}

# sample NAME COMMAND... : one run, "wall cpu rss" appended to $WORK/NAME
sample() {
    _n=$1; shift
    rm -f "$WORK/out.imscc"
    /usr/bin/time -o "$WORK/t" -f '%e %U %S %M' "$@" > /dev/null 2> "$WORK/err" || {
        _rc=$?
        [ "$_rc" = 1 ] || { bench_fail "$_n"; exit 1; }   # 1: errors left
    }
    tail -n 1 "$WORK/t" | awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' >> "$WORK/$_n"
}
# col NAME N: the median of column N of NAME's samples
col() { cut -d' ' -f"$2" < "$WORK/$1" | median; }
row() {
    printf '%-34s %8s s %8s s CPU %8s MiB\n' "$2" "$(col "$1" 1)" "$(col "$1" 2)" \
        "$(awk -v k="$(col "$1" 3)" 'BEGIN { printf "%.1f", k / 1024 }')"
}
ratios() {
    echo "$1: wall $(ratio "$(col "$2" 1)" "$(col "$3" 1)"), CPU $(ratio "$(col "$2" 2)" "$(col "$3" 2)")"
}

echo "runs per command: $runs (median, interleaved); $(nproc) CPUs; load $(cut -d' ' -f1-3 /proc/loadavg)"
for preset in $presets; do
    f=${BENCH_DIR:+$BENCH_DIR/$preset.imscc}
    if [ -z "$f" ] || [ ! -f "$f" ]; then
        f=$WORK/$preset.imscc
        bench_gen "$preset" "$f" || exit 1
    fi
    echo "== $preset: $(du -h "$f" | cut -f1)"
    for s in validate repair base cp unzip; do : > "$WORK/$s"; done
    i=0
    while [ "$i" -lt "$runs" ]; do
        sample validate "$CCKIT" validate "$f"
        sample repair "$CCKIT" repair "$f" -o "$WORK/out.imscc"
        [ -z "$BASE" ] || sample base "$BASE" repair "$f" -o "$WORK/out.imscc"
        sample cp sh -c 'cp "$1" "$2" && sync "$2"' sh "$f" "$WORK/out.imscc"
        sample unzip unzip -tq "$f"
        i=$((i + 1))
    done
    row validate "cckit validate"
    row repair "cckit repair"
    [ -z "$BASE" ] || row base "cckit repair (CCKIT_BASE)"
    row cp "cp && sync"
    row unzip "unzip -tq"
    ratios "repair / validate" repair validate
    [ -z "$BASE" ] || ratios "repair (CCKIT_BASE) / validate" base validate
    [ -z "$BASE" ] || ratios "repair / repair (CCKIT_BASE)" repair base
    ratios "repair / (cp && sync)" repair cp
    rm -f "$WORK/$preset.imscc" "$WORK/out.imscc"
done
