#!/bin/sh
# bench/html.sh - what `--format html` adds to validating the corpus: the
# whole $CCKIT_SHARED/corpus validated in one run as text and as an HTML
# page written with -o (which also reads each file with a finding again,
# for its excerpts).  Goal: the HTML report adds under 1 s.
#
# Usage: bench/html.sh [-n RUNS]   (default 5)
# Environment: CCKIT (default ./cckit), CCKIT_SCHEMA_DIR (default
# ./schemas), CCKIT_SHARED (default ../shared beside the source tree).
# Prints medians of wall time (s) and peak RSS (MiB).  Not part of
# `make check`.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bench_args 5 "corpus" "$@"
: "${CCKIT_SCHEMA_DIR:=$PWD/schemas}"
export CCKIT_SCHEMA_DIR
bench_gen_lazy=1   # the corpus, not the generator
bench_setup html
set -- "$CCKIT_SHARED"/corpus/*.imscc
[ -f "$1" ] || { echo "bench: no cartridges in $CCKIT_SHARED/corpus" >&2; exit 2; }

# validate exits 1 when a cartridge has an error: that is not a failure.
bench() {
    label=$1; shift
    bench_measure sh -c '"$@"; [ $? -le 1 ]' sh "$@" || { bench_fail "$label"; exit 1; }
    printf '%-44s %7s s %8s MiB\n' "$label" "$wall" "$rss"
}
echo "$# cartridges, $runs runs each"
bench "cckit validate (text)" "$CCKIT" validate "$@"; text=$wall
bench "cckit validate --format json" "$CCKIT" validate --format json "$@"
bench "cckit validate --format html -o FILE" "$CCKIT" validate --format html -o "$WORK/r.html" "$@"
html=$wall
echo "html adds $(awk -v a="$html" -v b="$text" 'BEGIN { printf "%.2f", a - b }') s to text" \
     "(goal: under 1 s); page $(wc -c < "$WORK/r.html") bytes"
