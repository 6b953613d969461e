#!/bin/sh
# bench/profile.sh - time and memory of `cckit profile` over the corpus:
#   the 38 cartridges of $CCKIT_SHARED/corpus: under 2 s (median);
#   memory flat in the number of cartridges: peak RSS of the corpus given
#   10 times (380 inputs) against once (38 inputs), ratio ~1.0;
#   beside them `cckit validate` on the same 38, for scale.
#
# Usage: bench/profile.sh [-n RUNS]   (default 5)
# Environment: CCKIT (default ./cckit), CCKIT_SHARED (default ../shared
# beside the source tree).  Prints medians of wall time (s) and peak RSS
# (MiB).  Not part of `make check`.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bench_args 5 "corpus" "$@"
: "${CCKIT_SCHEMA_DIR:=$PWD/schemas}"
export CCKIT_SCHEMA_DIR
bench_gen_lazy=1   # the corpus, not generated cartridges
bench_setup profile

corpus=$CCKIT_SHARED/corpus
[ -d "$corpus" ] || { echo "bench: no corpus at $corpus (set CCKIT_SHARED)" >&2; exit 2; }
set -- "$corpus"/*.imscc
n=$#
ten=
i=0
while [ $i -lt 10 ]; do ten="$ten $*"; i=$((i + 1)); done

# bench LABEL COMMAND...: a row of medians; validate exits 1 on the
# corpus's invalid cartridges, so only profile's failures are reported.
bench() {
    label=$1; shift
    bench_measure "$@" || case $label in *profile*) bench_fail "$label" ;; esac
    printf '%-40s %7s s %8s MiB\n' "$label" "$wall" "$rss"
}

bench "cckit validate ($n cartridges)" "$CCKIT" validate "$@"; v_wall=$wall
bench "cckit profile ($n cartridges)" "$CCKIT" profile -o "$WORK/p1.json" "$@"
p_wall=$wall p_rss=$rss
# shellcheck disable=SC2086  # $ten: the corpus paths, 10 times (no spaces in them)
bench "cckit profile ($((n * 10)) cartridges)" "$CCKIT" profile -o "$WORK/p10.json" $ten
echo "profile / validate (time, $n cartridges) = $(ratio "$p_wall" "$v_wall")"
echo "peak RSS $((n * 10)) / $n cartridges = $(ratio "$rss" "$p_rss")"
