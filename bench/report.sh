#!/bin/sh
# bench/report.sh - time and memory of `cckit report` over a large batch
# run: N cartridge records (default 100,000) made from the records of
# tests/report/full.jsonl with other input names, in one JSON Lines file
# and in 4 shards; beside them two baselines on the same file: `wc -l`
# (reading it) and `jq` counting the statuses (parsing every line).
#   cckit report (text) and --format json: one parse of every line, memory
#   that grows with the inputs (a few hundred bytes each), not their lines;
#   cckit report --merge of the 4 shards: the lines are kept for the sort.
#
# Usage: bench/report.sh [-n RUNS] [RECORDS]   (default 5 runs, 100000)
# Environment: CCKIT (default ./cckit).  Needs python3, jq and
# /usr/bin/time.  Prints medians of wall time (s) and peak RSS (MiB).
# Not part of `make check`.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bench_args 5 "100000" "$@"
bench_gen_lazy=1   # records made here, no cartridge generated
bench_setup report jq
n=$presets
case $n in *[!0-9]*|'') echo "bench: RECORDS must be a number" >&2; exit 2 ;; esac

python3 - "$here/../tests/report/full.jsonl" "$WORK" "$n" <<'PY'
import json, sys
src, work, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
recs = [json.loads(l) for l in open(src, encoding="utf-8") if '"cartridge"' in l]
shards = [open("%s/shard-%d.jsonl" % (work, k), "w", encoding="utf-8") for k in range(4)]
with open(work + "/run.jsonl", "w", encoding="utf-8") as out:
    for i in range(n):
        r = dict(recs[i % len(recs)])
        r["input"] = "courses/%07d-%s" % (i, r["input"].rsplit("/", 1)[-1])
        r["index"] = i
        line = json.dumps(r, separators=(",", ":"), ensure_ascii=False) + "\n"
        out.write(line)
        shards[i % 4].write(line)
    summary = {"type": "summary", "command": "validate", "inputs": n}
    out.write(json.dumps(summary) + "\n")
for k, f in enumerate(shards):
    f.write(json.dumps(dict(summary, inputs=(n - k + 3) // 4, shard="%d/4" % (k + 1))) + "\n")
    f.close()
PY
[ $? -eq 0 ] || exit 2
echo "$n records, $(($(wc -c < "$WORK/run.jsonl") / 1048576)) MiB of JSON Lines; $runs runs each"

# bench LABEL COMMAND...: a row of medians; report exits 1 on the
# records of status error, so only a status above 1 is a failure.
bench() {
    label=$1; shift
    bench_measure "$@"
    [ "$rc" -le 1 ] || bench_fail "$label"
    printf '%-40s %7s s %8s MiB\n' "$label" "$wall" "$rss"
}

bench "wc -l (baseline: reading)" wc -l "$WORK/run.jsonl"; wc_wall=$wall
bench "jq statuses (baseline: parsing)" jq -c 'select(.type == "cartridge") | .status' \
    "$WORK/run.jsonl"; jq_wall=$wall
bench "cckit report" "$CCKIT" report "$WORK/run.jsonl"; r_wall=$wall
bench "cckit report --format json" "$CCKIT" report --format json "$WORK/run.jsonl"
bench "cckit report --format html" "$CCKIT" report --format html "$WORK/run.jsonl"
bench "cckit report --merge (4 shards)" "$CCKIT" report --merge "$WORK"/shard-*.jsonl \
    -o "$WORK/merged.jsonl"
echo "cckit report / jq = $(ratio "$r_wall" "$jq_wall")"
echo "cckit report / wc -l = $(ratio "$r_wall" "$wc_wall")"
