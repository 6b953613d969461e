#!/bin/sh
# slurm.sh - the Slurm recipe of doc/recipes on a real Slurm: a throw-away
# one-node cluster in a temporary folder (munged with a key made here,
# slurmctld and slurmd on 127.0.0.1, free ports, no cgroups), the very
# file doc/recipes/slurm-array.sbatch submitted with sbatch --array, the
# shards merged with `cckit report --merge`, the merge compared with one
# unsharded run.  Every daemon it starts is stopped on any exit.
# Skips (77) without Slurm's and munge's programs or when not root
# (slurmd starts each job as its user: it must be root).
# apt-get install slurm-wlm munge
: "${CCKIT:?slurm.sh: set CCKIT to the cckit binary}"
here=$(cd "$(dirname "$0")" && pwd)
srcdir=${CCKIT_SRCDIR:-$here/..}
: "${CCKIT_SCHEMA_DIR:=$srcdir/schemas}"
: "${CCKIT_XSL_DIR:=$srcdir/xsl}"
shared=${CCKIT_SHARED:-$srcdir/../shared}
export CCKIT_SCHEMA_DIR CCKIT_XSL_DIR
recipe=$srcdir/doc/recipes/slurm-array.sbatch

PATH=$PATH:/usr/sbin:/sbin
for p in munged munge slurmctld slurmd sbatch squeue sinfo scancel python3; do
    command -v $p >/dev/null 2>&1 ||
        { echo "SKIP: no $p (apt-get install slurm-wlm munge python3)"; exit 77; }
done
[ "$(id -u)" = 0 ] || { echo "SKIP: slurmd must run as root to start jobs"; exit 77; }
case $CCKIT in /*) ;; *) CCKIT=$(pwd)/$CCKIT ;; esac

tmp=$(mktemp -d)
# munged wants every folder above its socket searchable by all
chmod 755 "$tmp"
pids=
ctld=
stop() {
    # jobs first (so no task outlives its slurmd), then the daemons
    if [ -n "$ctld" ]; then
        timeout 10 scancel --quiet --user=root 2>/dev/null
        wait_for 10 no_jobs
    fi
    for p in $pids; do kill "$p" 2>/dev/null; done
    for p in $pids; do
        i=0
        while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
        kill -9 "$p" 2>/dev/null
    done
    rm -rf "$tmp"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
fails=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
# show a daemon's log and give up (the cluster did not come up)
broken() {
    echo "FAIL: $1"
    for f in "$tmp"/log/*; do echo "--- $f"; tail -n 20 "$f"; done
    exit 1
}
# wait_for SECONDS COMMAND...: until COMMAND succeeds
wait_for() {
    n=$(($1 * 10)); shift
    i=0
    until "$@" >/dev/null 2>&1; do
        [ $i -ge $n ] && return 1
        sleep 0.1; i=$((i + 1))
    done
}

# ---- munge: a key of our own, a socket in the temporary folder ----------
mkdir -p "$tmp/munge/etc" "$tmp/munge/run" "$tmp/log" "$tmp/state" "$tmp/spool/node1"
chmod 700 "$tmp/munge/etc"
chmod 755 "$tmp/munge" "$tmp/munge/run"
dd if=/dev/urandom of="$tmp/munge/etc/munge.key" bs=1024 count=1 2>/dev/null
chmod 400 "$tmp/munge/etc/munge.key"
sock=$tmp/munge/run/munge.socket
munged -F --socket="$sock" --key-file="$tmp/munge/etc/munge.key" \
    --log-file="$tmp/log/munged.log" --pid-file="$tmp/munge/run/munged.pid" \
    --seed-file="$tmp/munge/etc/munged.seed" > "$tmp/log/munged.out" 2>&1 &
pids="$pids $!"
wait_for 10 munge -n -S "$sock" || broken "munged did not start"

# ---- slurm.conf: one node, 127.0.0.1, two free ports ---------------------
ports=$(python3 -c '
import socket
ss = [socket.socket() for _ in range(2)]
for s in ss:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))')
set -- $ports
# The node claims the recipe's own request (4 CPUs of 2G) whatever the
# machine has (config_overrides), so the recipe is submitted unchanged.
cat > "$tmp/slurm.conf" <<EOF
ClusterName=cckittest
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$1
SlurmdPort=$2
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sock
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool/%n
SlurmctldPidFile=$tmp/state/slurmctld.pid
SlurmdPidFile=$tmp/spool/slurmd-%n.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
ReturnToService=2
NodeName=node1 NodeHostname=localhost NodeAddr=127.0.0.1 CPUs=4 RealMemory=8192 State=UNKNOWN
PartitionName=cckit Nodes=node1 Default=YES MaxTime=30 State=UP
EOF
SLURM_CONF=$tmp/slurm.conf
export SLURM_CONF
# no Slurm variables of a job this test may itself run in
unset SLURM_JOB_ID SLURM_ARRAY_TASK_ID SLURM_ARRAY_TASK_COUNT SLURM_CPUS_PER_TASK
slurmctld -D -f "$SLURM_CONF" > "$tmp/log/slurmctld.out" 2>&1 &
pids="$pids $!"
ctld=$!
slurmd -D -f "$SLURM_CONF" -N node1 > "$tmp/log/slurmd.out" 2>&1 &
pids="$pids $!"
no_jobs() { [ -z "$(squeue -h -o %i 2>/dev/null)" ]; }
idle() { [ "$(sinfo -h -N -n node1 -o %t 2>/dev/null)" = idle ]; }
wait_for 60 idle || broken "the node did not come up: $(sinfo -N 2>&1)"
ok "a one-node Slurm cluster is up ($(sinfo -V))"

# ---- inputs: the samples zipped, a few corpus cartridges ----------------
mkdir "$tmp/in"
for s in intro-course-cc1.3 minimal-cc1.1 thin-cc1.3 thin-k12-cc1.4; do
    (cd "$srcdir/samples/$s" && python3 -c '
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for root, _, files in os.walk("."):
        for f in sorted(files):
            z.write(os.path.join(root, f), os.path.relpath(os.path.join(root, f), "."))
' "$tmp/in/$s.imscc")
done
ls "$tmp"/in/*.imscc > "$tmp/list.txt"
if [ -d "$shared/corpus" ]; then
    ls "$shared/corpus"/*.imscc 2>/dev/null | head -n 8 >> "$tmp/list.txt"
else
    echo "note: no $shared/corpus: only the samples are run"
fi
cd "$tmp" || exit 1

"$CCKIT" validate --format jsonl -q --files-from list.txt > whole.jsonl
[ $? -le 1 ] || bad "the unsharded run failed"

# ---- the recipe, submitted as it is documented ---------------------------
# (sbatch passes this environment on: CCKIT, the schema folders, SLURM_CONF)
# In the background: a signal to this test is acted on at once (wait).
CCKIT=$CCKIT timeout 300 sbatch --wait --quiet --array=1-3 --chdir="$tmp" \
    "$recipe" "$tmp/list.txt" "$tmp/results" > sbatch.out 2>&1 &
sbatch=$!
pids="$sbatch $pids"
wait $sbatch
rc=$?
if [ $rc = 0 ]; then
    ok "sbatch --wait --array=1-3 doc/recipes/slurm-array.sbatch: every task exited 0"
else
    bad "sbatch --array: exit $rc: $(cat sbatch.out)"
    for f in cckit-*.log; do [ -f "$f" ] && { echo "--- $f"; cat "$f"; }; done
fi
n=$(ls results/shard-*.jsonl 2>/dev/null | wc -l)
[ "$n" = 3 ] && ok "three shards written" || bad "$n shards written, not 3: $(ls results 2>&1)"
ls cckit-*_[123].log >/dev/null 2>&1 && ok "each task logged under the recipe's --output name" ||
    bad "no cckit-JOB_TASK.log: $(ls)"

# ---- merged shards = one unsharded run -----------------------------------
"$CCKIT" report --merge results/shard-*.jsonl -o merged.jsonl ||
    bad "cckit report --merge failed"
"$CCKIT" report --merge whole.jsonl -o whole-merged.jsonl ||
    bad "cckit report --merge of the unsharded run failed"
# the records without their timings, in file order; the summaries' counts
python3 - merged.jsonl whole-merged.jsonl > cmp.txt <<'EOF'
import json, sys
def read(path):
    recs, summ = [], None
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        if d["type"] == "cartridge":
            d.pop("seconds")
            recs.append(d)
        elif d["type"] == "summary":
            summ = {k: d.get(k) for k in ("command", "inputs", "status", "verdicts")}
    return recs, summ
a, b = read(sys.argv[1]), read(sys.argv[2])
print(len(a[0]), "records" if a == b else "DIFFER")
EOF
records=$(wc -l < list.txt | tr -d ' ')
[ "$(cat cmp.txt)" = "$records records" ] &&
    ok "report --merge of the Slurm shards = the unsharded run ($records records, summary counts)" ||
    bad "the merged shards differ from the unsharded run: $(cat cmp.txt)"

echo "$fails failure(s)"
[ "$fails" = 0 ]
