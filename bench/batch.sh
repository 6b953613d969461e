#!/bin/sh
# bench/batch.sh - the batch engine (doc/batch.md), against its goals:
#   speed-up: the corpus x20 (760 inputs) with --jobs 2 at least 1.8 x as
#     fast as with --jobs 1 (needs two idle cores to mean anything), and
#     the machine's ceiling for it measured beside: two independent
#     processes, each on half the inputs, started together;
#   overhead: 1,000 small cartridges (samples/minimal-cc1.1, zipped) as a
#     batch (--format jsonl --jobs 1: a worker process, a record, a pipe,
#     the SHA-256 of each input) against the same 1,000 validated in one
#     process (--format json): at most 3 ms a cartridge more;
#   memory: peak RSS (the parent and its workers) of a batch of 1,000
#     inputs against one of 100: the ratio should stay ~1.0.
#
# Usage: bench/batch.sh [-n RUNS]   (default 3)
# Environment: CCKIT (default ./cckit), CCKIT_SHARED (default ../shared
# beside the source tree).  Prints medians of wall time (s) and peak RSS
# (MiB).  Not part of `make check`.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bench_args 3 "corpus" "$@"
: "${CCKIT_SCHEMA_DIR:=$PWD/schemas}"
export CCKIT_SCHEMA_DIR
bench_gen_lazy=1   # the corpus and a sample, not generated cartridges
bench_setup batch

corpus=$CCKIT_SHARED/corpus
[ -d "$corpus" ] || { echo "bench: no corpus at $corpus (set CCKIT_SHARED)" >&2; exit 2; }

# bench LABEL COMMAND...: a row of medians; exit 1 is an invalid
# cartridge in the inputs, not a failure of the run.
bench() {
    label=$1; shift
    bench_measure "$@"
    [ "$rc" -le 1 ] || bench_fail "$label"
    printf '%-52s %7s s %8s MiB\n' "$label" "$wall" "$rss"
}

# corpus x 20, by path (the same file 20 times is 20 inputs)
i=0
: > "$WORK/corpus20.txt"
while [ $i -lt 20 ]; do ls "$corpus"/*.imscc >> "$WORK/corpus20.txt"; i=$((i + 1)); done
n20=$(wc -l < "$WORK/corpus20.txt")
bench "validate jsonl --jobs 1 (corpus x20, $n20)" \
    "$CCKIT" validate --format jsonl -q -j 1 --files-from "$WORK/corpus20.txt"
w1=$wall
bench "validate jsonl --jobs 2 (corpus x20, $n20)" \
    "$CCKIT" validate --format jsonl -q -j 2 --files-from "$WORK/corpus20.txt"
w2=$wall
echo "speed-up --jobs 2 / --jobs 1 = $(ratio "$w1" "$w2") (goal >= 1.8)"
# The machine's own ceiling for that speed-up: the same work split by
# hand into two independent `--jobs 1` processes started together (no
# pool, no shared parent).  On a virtual machine whose two cores are
# not both free the ceiling is below 2, and --jobs 2 can only reach it.
half=$((n20 / 2))
head -n "$half" "$WORK/corpus20.txt" > "$WORK/half1.txt"
tail -n +"$((half + 1))" "$WORK/corpus20.txt" > "$WORK/half2.txt"
bench "two --jobs 1 processes at once, a half each" sh -c '
    "$1" validate --format jsonl -q -j 1 --files-from "$2" > /dev/null & p=$!
    "$1" validate --format jsonl -q -j 1 --files-from "$3" > /dev/null; r=$?
    wait $p; q=$?; [ $r -le 1 ] && [ $q -le 1 ]' sh "$CCKIT" "$WORK/half1.txt" "$WORK/half2.txt"
wc=$wall
echo "machine ceiling (--jobs 1 / two halves at once) = $(ratio "$w1" "$wc");" \
     "--jobs 2 reaches $(awk -v a="$wc" -v b="$w2" 'BEGIN { if (b > 0) printf "%.0f", 100 * a / b; else print "-" }')% of it"

# 1,000 small cartridges
(cd "$here/../samples/minimal-cc1.1" && python3 -c '
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for root, _, files in os.walk("."):
        for f in sorted(files):
            p = os.path.join(root, f)
            z.write(p, os.path.relpath(p, "."))
' "$WORK/small.imscc")
mkdir "$WORK/small"
i=0
while [ $i -lt 1000 ]; do
    ln "$WORK/small.imscc" "$WORK/small/s$i.imscc"
    i=$((i + 1))
done
ls "$WORK/small"/*.imscc > "$WORK/small1000.txt"
head -n 100 "$WORK/small1000.txt" > "$WORK/small100.txt"
bench "validate json, one process (1,000 small)" \
    "$CCKIT" validate --format json --files-from "$WORK/small1000.txt"
w_one=$wall
bench "validate jsonl --jobs 1 (1,000 small)" \
    "$CCKIT" validate --format jsonl -q -j 1 --files-from "$WORK/small1000.txt"
w_b1=$wall
over=$(awk -v a="$w_b1" -v b="$w_one" 'BEGIN { printf "%.2f", (a - b) * 1000 / 1000 }')
echo "overhead of the batch per cartridge = $over ms (goal <= 3)"
bench "validate jsonl --jobs 2 (100 small)" \
    "$CCKIT" validate --format jsonl -q -j 2 --files-from "$WORK/small100.txt"
r100=$rss
bench "validate jsonl --jobs 2 (1,000 small)" \
    "$CCKIT" validate --format jsonl -q -j 2 --files-from "$WORK/small1000.txt"
echo "peak RSS 1,000 / 100 inputs = $(ratio "$rss" "$r100") (goal ~1.0)"
