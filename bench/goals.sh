#!/bin/sh
# bench/goals.sh - the single-cartridge speed goals, each one ratio
# measured in one run (medians of RUNS runs, commands interleaved so
# that the load of a shared machine falls on both sides alike):
#
#   wide     validate / xmllint --noout over all its XML files   <= 1.0
#   large    validate / unzip -t                                  <= 0.1
#   medium   convert --to 1.1 / validate --strict                 <= 1.5
#   large    pack (unpacked folder) / zip -X -r                   <= 0.1
#
# Usage: bench/goals.sh [-n RUNS] [GOAL...]
#   GOAL     wide-validate large-validate medium-convert large-pack
#            (default: all four)
#   -n       runs per command (default 3)
# Environment: CCKIT (default ./cckit), CCKIT_BASE (a second cckit, e.g.
# the build of main: its row and ratio are printed too, measured in the
# same run: before and after; it runs with the schemas/ and xsl/ of its
# own tree, the folder that holds it), CCKIT_SHARED, CCKIT_SCHEMA_DIR and
# CCKIT_XSL_DIR (default the source tree's), BENCH_DIR (a folder holding
# PRESET.imscc and PRESET-dir/ from gen-cartridge, used read-only; else
# they are generated into the temporary folder: large takes ~25 s and
# 2 GiB of disk for the archive and the folder).  Needs python3, unzip,
# zip, xmllint, /usr/bin/time.  Not part of `make check`.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bench_args 3 "wide-validate large-validate medium-convert large-pack" "$@"
CCKIT_SCHEMA_DIR=${CCKIT_SCHEMA_DIR:-$here/../schemas}; export CCKIT_SCHEMA_DIR
CCKIT_XSL_DIR=${CCKIT_XSL_DIR:-$here/../xsl}; export CCKIT_XSL_DIR
bench_gen_lazy=1
bench_setup goals unzip zip xmllint
BASE=${CCKIT_BASE:-}
# The base build runs with its own tree's schemas and stylesheets (beside
# it, as in a build tree), not this tree's: a "before" row must not run
# the new stylesheets.
if [ -n "$BASE" ]; then
    _bd=$(cd "$(dirname "$BASE")" && pwd)
    for _k in schemas xsl; do
        if [ ! -d "$_bd/$_k" ]; then echo "bench: no $_bd/$_k beside CCKIT_BASE" >&2; exit 2; fi
    done
    BASE="env CCKIT_SCHEMA_DIR=$_bd/schemas CCKIT_XSL_DIR=$_bd/xsl $BASE"
fi

# input PRESET [dir]: the path of a generated archive (or folder)
input() {
    if [ -n "${2:-}" ]; then _n=$1-dir; else _n=$1.imscc; fi
    if [ -n "${BENCH_DIR:-}" ] && [ -e "$BENCH_DIR/$_n" ]; then
        echo "$BENCH_DIR/$_n"
        return
    fi
    [ -e "$WORK/$_n" ] || bench_gen "$1" "$WORK/$_n" ${2:+--format dir} >&2 || exit 2
    echo "$WORK/$_n"
}

# measure NAME COMMAND... : one run, its wall time appended to $WORK/NAME
measure() {
    _n=$1; shift
    eval "${bench_before:-:}"
    /usr/bin/time -o "$WORK/t" -f '%e' "$@" > /dev/null 2> "$WORK/err" ||
        { echo "bench: $_n failed:" >&2; cat "$WORK/err" >&2; exit 1; }
    tail -n 1 "$WORK/t" >> "$WORK/$_n"
}
med() { median < "$WORK/$1"; }

# goal LABEL LIMIT BASELINE-LABEL : rows and ratios of the samples taken
goal() {
    printf '%-15s %-34s %8s s\n' "$1" "$3" "$(med base)"
    printf '%-15s %-34s %8s s   ratio %5s (goal <= %s)\n' "$1" "cckit" "$(med new)" \
        "$(ratio "$(med new)" "$(med base)")" "$2"
    [ -z "$BASE" ] || printf '%-15s %-34s %8s s   ratio %5s (before)\n' "$1" "CCKIT_BASE" \
        "$(med old)" "$(ratio "$(med old)" "$(med base)")"
}

echo "runs per command: $runs (median); $(nproc) CPUs; load $(cut -d' ' -f1-3 /proc/loadavg)"
for g in $presets; do
    rm -f "$WORK/base" "$WORK/new" "$WORK/old"
    : > "$WORK/base"; : > "$WORK/new"; : > "$WORK/old"
    bench_before=
    case $g in
    wide-validate)
        f=$(input wide) || exit 2
        rm -rf "$WORK/x" && mkdir "$WORK/x" && unzip -q "$f" -d "$WORK/x" '*.xml'
        find "$WORK/x" -name '*.xml' > "$WORK/xmls"
        i=0; while [ $i -lt "$runs" ]; do
            measure base sh -c 'xargs xmllint --noout < "$1"' sh "$WORK/xmls"
            measure new "$CCKIT" validate "$f"
            [ -z "$BASE" ] || measure old $BASE validate "$f"
            i=$((i + 1)); done
        goal wide "1.0" "xmllint --noout ($(wc -l < "$WORK/xmls") XML files)"
        rm -rf "$WORK/x" ;;
    large-validate)
        f=$(input large) || exit 2
        i=0; while [ $i -lt "$runs" ]; do
            measure base unzip -tq "$f"
            measure new "$CCKIT" validate "$f"
            [ -z "$BASE" ] || measure old $BASE validate "$f"
            i=$((i + 1)); done
        goal large "0.1" "unzip -t" ;;
    medium-convert)
        f=$(input medium) || exit 2
        bench_before='rm -f "$WORK/out.imscc"'
        i=0; while [ $i -lt "$runs" ]; do
            measure base "$CCKIT" validate --strict "$f"
            measure new "$CCKIT" convert "$f" -o "$WORK/out.imscc" --to 1.1
            [ -z "$BASE" ] || measure old $BASE convert "$f" -o "$WORK/out.imscc" --to 1.1
            i=$((i + 1)); done
        goal medium "1.5" "cckit validate --strict"
        rm -f "$WORK/out.imscc" ;;
    large-pack)
        d=$(input large dir) || exit 2
        bench_before='rm -f "$WORK/z.zip" "$WORK/p.imscc"'
        i=0; while [ $i -lt "$runs" ]; do
            (cd "$d" && measure base zip -X -r -q "$WORK/z.zip" .) || exit 1
            measure new "$CCKIT" pack "$d" -o "$WORK/p.imscc"
            [ -z "$BASE" ] || measure old $BASE pack "$d" -o "$WORK/p.imscc"
            i=$((i + 1)); done
        goal large "0.1" "zip -X -r"
        rm -f "$WORK/z.zip" "$WORK/p.imscc" ;;
    *)
        echo "bench: unknown goal '$g' (wide-validate large-validate medium-convert large-pack)" >&2
        exit 2 ;;
    esac
done
