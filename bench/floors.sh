#!/bin/sh
# bench/floors.sh - how low two of the goals of bench/goals.sh can go on
# this machine: the CPU time of the work each command cannot skip, done
# by the fastest tools there are, spread over every core with no loss.
# A goal below its floor cannot be met by any schedule of that work.
#
#   wide-validate   validate reads every XML file and every HTML page
#                   (the links of R61) and checks every entry's CRC:
#                   floor = CPU(xmllint --noout, the XML files)
#                         + CPU(xmllint --html --noout, the pages)
#                         + CPU(unzip -t, the archive)            / cores
#                   against the goal's baseline, xmllint over the XML.
#   medium-convert  convert validates its input (strictly) and the
#                   cartridge it wrote (quick) and runs the manifest
#                   through a stylesheet:
#                   floor = CPU(cckit validate --strict IN)
#                         + CPU(cckit validate --quick --strict OUT)
#                         + CPU(xsltproc, an identity stylesheet, the
#                               manifest)                         / cores
#                   against the goal's baseline, validate --strict IN.
#
# Each row is the median of RUNS runs (commands interleaved); the CPU
# time is user + system, children included.  The floors leave out all
# else each command does (schemas, rules, the zip writer, libxslt's work
# beyond copying), so the true floor is higher.  The ratios divide by the
# baseline's wall time: on a loaded machine that is inflated and the
# ratios flatter; run it on a quiet one (the load is printed first).
#
# Usage: bench/floors.sh [-n RUNS] [GOAL...]   (default: both goals, 3)
# Environment: as bench/goals.sh (CCKIT, CCKIT_SHARED, BENCH_DIR).
# Needs python3, unzip, xmllint, xsltproc, /usr/bin/time.  Not part of
# `make check`.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bench_args 3 "wide-validate medium-convert" "$@"
CCKIT_SCHEMA_DIR=${CCKIT_SCHEMA_DIR:-$here/../schemas}; export CCKIT_SCHEMA_DIR
CCKIT_XSL_DIR=${CCKIT_XSL_DIR:-$here/../xsl}; export CCKIT_XSL_DIR
bench_gen_lazy=1
bench_setup floors unzip xmllint xsltproc
cores=$(nproc)

input() {
    if [ -n "${BENCH_DIR:-}" ] && [ -e "$BENCH_DIR/$1.imscc" ]; then
        echo "$BENCH_DIR/$1.imscc"
        return
    fi
    [ -e "$WORK/$1.imscc" ] || bench_gen "$1" "$WORK/$1.imscc" >&2 || exit 2
    echo "$WORK/$1.imscc"
}

# sample NAME COMMAND... : one run; "wall cpu" appended to $WORK/NAME.
# A command that fails on its input (xmllint on a page that is not
# well-formed HTML says so and goes on) still did the work: only a
# missing or crashed program stops the benchmark.
sample() {
    _n=$1; shift
    /usr/bin/time -o "$WORK/t" -f '%e %U %S' "$@" > /dev/null 2> "$WORK/err"
    _rc=$?
    if [ "$_rc" -gt 125 ]; then
        echo "bench: $_n failed ($_rc):" >&2; cat "$WORK/err" >&2; exit 1
    fi
    tail -n 1 "$WORK/t" | awk '{ printf "%s %.3f\n", $1, $2 + $3 }' >> "$WORK/$_n"
}
wall() { cut -d' ' -f1 < "$WORK/$1" | median; }
cpu() { cut -d' ' -f2 < "$WORK/$1" | median; }
row() { printf '  %-44s %7s s wall %7s s CPU\n' "$1" "$(wall "$2")" "$(cpu "$2")"; }

# floor BASELINE-WALL CPU... : the sum of the CPUs over the cores
floor() {
    _b=$1; shift
    echo "$@" | awk -v c="$cores" -v b="$_b" '{ s = 0; for (i = 1; i <= NF; i++) s += $i
        printf "  floor: %.3f s CPU / %d cores = %.3f s   ratio %.2f\n", s, c, s / c, s / c / b }'
}

echo "runs per command: $runs (median); $cores CPUs; load $(cut -d' ' -f1-3 /proc/loadavg)"
for g in $presets; do
    for _k in a b c d; do : > "$WORK/$_k"; done
    case $g in
    wide-validate)
        f=$(input wide) || exit 2
        rm -rf "$WORK/x" && mkdir "$WORK/x"
        # 11: a pattern matched nothing (no .htm, say)
        unzip -qq "$f" -d "$WORK/x" '*.xml' '*.html' '*.htm' 2> /dev/null
        [ $? -le 11 ] || { echo "bench: unzip $f failed" >&2; exit 1; }
        find "$WORK/x" -name '*.xml' > "$WORK/xmls"
        find "$WORK/x" -name '*.htm*' > "$WORK/pages"
        i=0; while [ $i -lt "$runs" ]; do
            sample a sh -c 'xargs xmllint --noout < "$1"' sh "$WORK/xmls"
            sample b sh -c 'xargs xmllint --html --noout < "$1" 2> /dev/null' sh "$WORK/pages"
            sample c unzip -tq "$f"
            sample d "$CCKIT" validate "$f"
            i=$((i + 1)); done
        echo "wide-validate (goal <= 1.0 x the first row's wall)"
        row "xmllint --noout, $(wc -l < "$WORK/xmls") XML files" a
        row "xmllint --html --noout, $(wc -l < "$WORK/pages") pages" b
        row "unzip -t" c
        row "cckit validate" d
        floor "$(wall a)" "$(cpu a)" "$(cpu b)" "$(cpu c)"
        printf '  cckit: ratio %s\n' "$(ratio "$(wall d)" "$(wall a)")"
        rm -rf "$WORK/x" ;;
    medium-convert)
        f=$(input medium) || exit 2
        unzip -p "$f" imsmanifest.xml > "$WORK/m.xml"
        cat > "$WORK/id.xsl" <<'EOF'
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="@*|node()"><xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy></xsl:template>
</xsl:stylesheet>
EOF
        rm -f "$WORK/out.imscc"
        "$CCKIT" convert "$f" -o "$WORK/out.imscc" --to 1.1 > /dev/null 2> "$WORK/err" ||
            { bench_fail "cckit convert"; exit 1; }
        i=0; while [ $i -lt "$runs" ]; do
            sample a "$CCKIT" validate --strict "$f"
            sample b "$CCKIT" validate --quick --strict "$WORK/out.imscc"
            sample c xsltproc -o "$WORK/id.out" "$WORK/id.xsl" "$WORK/m.xml"
            rm -f "$WORK/o2.imscc"
            sample d "$CCKIT" convert "$f" -o "$WORK/o2.imscc" --to 1.1
            i=$((i + 1)); done
        echo "medium-convert (goal <= 1.5 x the first row's wall)"
        row "cckit validate --strict IN" a
        row "cckit validate --quick --strict OUT" b
        row "xsltproc identity stylesheet, the manifest" c
        row "cckit convert --to 1.1" d
        floor "$(wall a)" "$(cpu a)" "$(cpu b)" "$(cpu c)"
        printf '  cckit: ratio %s\n' "$(ratio "$(wall d)" "$(wall a)")" ;;
    *)
        echo "bench: unknown goal '$g' (wide-validate medium-convert)" >&2
        exit 2 ;;
    esac
done
