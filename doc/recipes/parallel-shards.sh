#!/bin/sh
# parallel-shards.sh - one cckit batch cut into N shards, run by GNU
# parallel on this machine or on several over ssh, merged back in input
# order.  See "Many cartridges" in README and doc/batch.md.
#
#   sh parallel-shards.sh N HOSTS COMMAND [OPTIONS] INPUTS... > all.jsonl
#
# N       the number of shards (e.g. 2 per machine)
# HOSTS   GNU parallel --sshlogin list: ":" is this machine,
#         "4/alice@h1,4/h2" four jobs at a time on h1 and on h2.  Every
#         host needs cckit and the inputs under the same paths (a shared
#         mount); give the inputs with --files-from LIST for a long list.
# COMMAND validate, compat, convert (with --output-dir on the shared
#         mount) or profile, and its options.
#
# Prints the cartridge records of every shard in input order, then the
# summary of each shard.  $CCKIT names the cckit to run (default cckit).
# Exit status: 0 when every shard exited 0, else non-zero (GNU parallel
# counts the shards that did not: 1 for a shard with an invalid cartridge).
set -eu
[ $# -ge 3 ] || { sed -n '2,21p' "$0" >&2; exit 2; }
n=$1 hosts=$2
shift 2
cckit=${CCKIT:-cckit}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# --group (the default) keeps each shard's output whole; one shard, one
# job; -q quiet: no progress bar from the remote side.
status=0
seq 1 "$n" | parallel --sshlogin "$hosts" --jobs 1 --group --quote \
    "$cckit" "$@" --format jsonl -q --shard '{}'/"$n" > "$tmp/all.jsonl" || status=$?
# cartridge records by their "index" (the position in the whole list)
grep '^{"type":"cartridge"' "$tmp/all.jsonl" |
    awk '{ i = index($0, "\"index\":"); printf "%d\t%s\n", substr($0, i + 8) + 0, $0 }' |
    sort -n -k1,1 | cut -f2-
grep '^{"type":"summary"' "$tmp/all.jsonl" || true
exit "$status"
