#!/bin/sh
# bench/outline-depth.sh - `cckit pack --outline` on outlines nested
# DEPTHS levels deep (flow YAML, 2 bytes a level; default "10000 20000
# 50000 100000"), all refused at the depth limit: the time must grow
# linearly with the file, not with the square of the depth (libyaml's
# scanner costs O(depth) a token; the outline reader stops at the cap).
#   CCKIT=./cckit sh bench/outline-depth.sh [-n RUNS] [DEPTH...]
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bench_args 3 "10000 20000 50000 100000" "$@"
bench_gen_lazy=1
bench_missing=77
bench_setup outline-depth awk
mkdir "$WORK/site"
printf '%-8s %9s %8s %7s\n' depth bytes pack_s rss_MiB
for depth in $presets; do
    awk -v n="$depth" 'BEGIN { printf "title: T\nitems: ";
        for (i = 0; i < n; i++) printf "["; for (i = 0; i < n; i++) printf "]"; print "" }' \
        > "$WORK/deep.yml"
    # refused (exit 1) is the expected outcome: time it all the same
    bench_measure "$CCKIT" pack "$WORK/site" --outline "$WORK/deep.yml" -o "$WORK/c.imscc"
    grep -q 'outline depth limit' "$WORK/err" || { bench_fail "cckit pack (depth $depth)"; wall=fail; }
    printf '%-8s %9s %8s %7s\n' "$depth" "$(wc -c < "$WORK/deep.yml")" "$wall" "$rss"
done
