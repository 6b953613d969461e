#!/bin/sh
# batch.sh - many cartridges in one command (doc/batch.md): the order of
# records whatever the workers, --unordered, isolation of hostile
# archives and of a worker that crashes, hangs or runs out of memory,
# --timeout, resume after SIGKILL and SIGINT with --state, a state of
# other options refused, shards whose union is the whole run, the GNU
# parallel and Slurm recipes of doc/recipes run here, and the progress
# bar only on a terminal; repair as a batch (--output-dir, --skip-existing)
# and the producer of a record (a Canvas export of the corpus, a sample).
# Inputs: the samples zipped here, the hostile archives of
# $CCKIT_SHARED/adversarial/make-adversarial and a few corpus cartridges
# when $CCKIT_SHARED is there (else those parts are left out, said so).
: "${CCKIT:?batch.sh: set CCKIT to the cckit binary}"
here=$(cd "$(dirname "$0")" && pwd)
srcdir=${CCKIT_SRCDIR:-$here/..}
: "${CCKIT_SCHEMA_DIR:=$srcdir/schemas}"
: "${CCKIT_XSL_DIR:=$srcdir/xsl}"
shared=${CCKIT_SHARED:-$srcdir/../shared}
export CCKIT_SCHEMA_DIR CCKIT_XSL_DIR
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

# The cartridge records of a JSON Lines file, without the timings, one
# per line in the order given (or sorted with "sorted").
records() {
    python3 - "$@" <<'EOF'
import json, sys
recs = []
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    if d["type"] == "cartridge":
        d.pop("seconds")
        recs.append(json.dumps(d, sort_keys=True))
if len(sys.argv) > 2 and sys.argv[2] == "sorted":
    recs.sort()
print("\n".join(recs))
EOF
}
# field FILE.jsonl NAME: "input<TAB>value" for each cartridge record
field() {
    python3 -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    if d["type"] == "cartridge":
        print("%s\t%s" % (d["input"].rsplit("/", 1)[-1], d.get(sys.argv[2])))
' "$1" "$2" 2>/dev/null   # grep -q may stop reading early
}

# ---- inputs -----------------------------------------------------------
mkdir "$tmp/in" "$tmp/in/sub" "$tmp/in/sub/deeper"
for s in intro-course-cc1.3 minimal-cc1.1 thin-cc1.3 thin-k12-cc1.4; do
    (cd "$srcdir/samples/$s" && python3 -c '
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for root, _, files in os.walk("."):
        for f in sorted(files):
            z.write(os.path.join(root, f), os.path.relpath(os.path.join(root, f), "."))
' "$tmp/in/$s.imscc")
done
cp "$tmp/in/minimal-cc1.1.imscc" "$tmp/in/sub/nested-a.imscc"
cp "$tmp/in/thin-cc1.3.imscc" "$tmp/in/sub/deeper/nested-b.zip"
cp -r "$srcdir/samples/minimal-cc1.1" "$tmp/in/sub/folder-cartridge"
for f in crash hang oom; do cp "$tmp/in/minimal-cc1.1.imscc" "$tmp/in/$f-me.imscc"; done
if [ -d "$shared/corpus" ]; then
    ls "$shared/corpus"/*.imscc 2>/dev/null | head -n 6 > "$tmp/corpus.list"
else
    echo "note: no $shared/corpus: the batch has no corpus cartridges"
    : > "$tmp/corpus.list"
fi
adv=
if [ -x "$shared/adversarial/make-adversarial" ] &&
   "$shared/adversarial/make-adversarial" "$tmp/adv" >/dev/null 2>&1; then
    adv="$tmp/adv"
else
    echo "note: no $shared/adversarial/make-adversarial: no hostile archives in the batch"
fi

cd "$tmp" || exit 99

# ---- discovery: a folder, -r, --files-from ------------------------------
"$CCKIT" validate --format jsonl -q -j 1 in > flat.jsonl
"$CCKIT" validate --format jsonl -q -j 1 -r in > deep.jsonl
n_flat=$(grep -c '"type":"cartridge"' flat.jsonl)
n_deep=$(grep -c '"type":"cartridge"' deep.jsonl)
[ "$n_flat" = 7 ] && ok "a folder: its 7 archives" || bad "a folder gave $n_flat inputs, not 7"
[ "$n_deep" = 10 ] && ok "-r: 10 (archives, a .zip two levels down, a cartridge folder)" ||
    bad "-r gave $n_deep inputs, not 10"
grep -q '"input":"in/sub/folder-cartridge"' deep.jsonl && ok "-r: a cartridge folder is one input" ||
    bad "-r: the cartridge folder is not one input"
{ ls in/*.imscc; cat corpus.list; } > list.txt
"$CCKIT" validate --format jsonl -q -j 2 --files-from list.txt > list.jsonl
n_list=$(grep -c '"type":"cartridge"' list.jsonl)
[ "$n_list" = $(($(wc -l < list.txt))) ] && ok "--files-from: one record a line" ||
    bad "--files-from gave $n_list records for $(wc -l < list.txt) lines"
"$CCKIT" validate --format jsonl -q --files-from - < list.txt > stdin.jsonl
[ "$(records list.jsonl)" = "$(records stdin.jsonl)" ] && ok "--files-from -" ||
    bad "--files-from - differs from --files-from FILE"

# ---- order: --jobs 2 = --jobs 1; --unordered has the same records -------
"$CCKIT" validate --format jsonl -q -j 1 --files-from list.txt > j1.jsonl
"$CCKIT" validate --format jsonl -q -j 2 --files-from list.txt > j2.jsonl
"$CCKIT" validate --format jsonl -q -j 2 --unordered --files-from list.txt > un.jsonl
[ "$(records j1.jsonl)" = "$(records j2.jsonl)" ] && ok "--jobs 2 output = --jobs 1 output" ||
    bad "--jobs 2 output differs from --jobs 1"
[ "$(records j1.jsonl sorted)" = "$(records un.jsonl sorted)" ] &&
    ok "--unordered: the same records" || bad "--unordered: other records"
tail -n 1 j2.jsonl | grep -q '^{"type":"summary","command":"validate","inputs":'"$n_list"',' &&
    ok "the summary comes last" || bad "no summary line last"

# ---- isolation: hostile archives, a crash, a hang, memory ---------------
if [ -n "$adv" ]; then ls "$adv"/*.imscc > iso.list; else : > iso.list; fi
ls in/*.imscc >> iso.list
CCKIT_TEST_WORKER_FAULT=crash:crash-me.imscc,hang:hang-me.imscc,oom:oom-me.imscc \
    "$CCKIT" validate --format jsonl -q -j 2 --timeout 10 --memory-limit 512M \
    --files-from iso.list > iso.jsonl
rc=$?
[ "$rc" = 1 ] && ok "isolation: exit 1 (errors reported)" || bad "isolation: exit $rc"
[ "$(grep -c '"type":"cartridge"' iso.jsonl)" = "$(wc -l < iso.list)" ] &&
    ok "isolation: every input has its record" || bad "isolation: records missing"
field iso.jsonl reason > iso.reasons
grep -q '^crash-me.imscc	worker killed by signal 11 (crash)$' iso.reasons &&
    ok "a crash is that input's error" || bad "crash: $(grep crash-me iso.reasons)"
grep -q '^hang-me.imscc	timed out after 10 s$' iso.reasons &&
    ok "a hang: timed out" || bad "hang: $(grep hang-me iso.reasons)"
case "${CCKIT_SANITIZED:-}" in
    1) echo "note: ASan build: no memory limit, the oom case is not checked" ;;
    *) grep -q '^oom-me.imscc	memory limit of 512 MiB reached$' iso.reasons &&
        ok "memory exhausted: that input's error" || bad "oom: $(grep oom-me iso.reasons)" ;;
esac
field iso.jsonl status | grep -v -e '^crash-me' -e '^hang-me' -e '^oom-me' | grep -v '	done$' &&
    bad "an input other than the three faulty ones is not done" ||
    ok "every other input (hostile ones included) has its normal result"
field iso.jsonl verdict | grep -q '^minimal-cc1.1.imscc	valid$' &&
    ok "a good cartridge after the faults is still valid" || bad "minimal-cc1.1 lost its verdict"
if [ -n "$adv" ]; then
    field iso.jsonl verdict | grep -q '^zipslip_dotdot.imscc	unsafe$' &&
        ok "zip-slip: unsafe" || bad "zip-slip: $(field iso.jsonl verdict | grep zipslip_dotdot)"
fi

# ---- resume after SIGKILL: the same output, done inputs not redone ------
"$CCKIT" validate --format jsonl -q -j 1 --files-from iso.list > whole.jsonl
# hang on the 6th input: the parent is killed while it waits
sixth=$(sed -n 6p iso.list)
CCKIT_TEST_WORKER_FAULT=hang:$(basename "$sixth") \
    "$CCKIT" validate --format jsonl -q -j 1 --state st.db --files-from iso.list > part.jsonl &
pid=$!
i=0
while [ "$(sqlite3 st.db 'select count(*) from inputs' 2>/dev/null || echo 0)" -lt 5 ] && [ $i -lt 300 ]; do
    sleep 0.1; i=$((i + 1))
done
kill -9 $pid
wait $pid 2>/dev/null
sleep 0.3
if command -v sqlite3 >/dev/null 2>&1; then
    pre=$(sqlite3 st.db 'select count(*) from inputs')
    [ "$pre" = 5 ] && ok "SIGKILL: 5 inputs recorded" || bad "SIGKILL: $pre inputs recorded, not 5"
    sqlite3 st.db 'pragma integrity_check' | grep -qx ok && ok "the state is intact after SIGKILL" ||
        bad "the state is damaged"
else
    echo "note: no sqlite3: the state is not looked into"
fi
pgrep -f "hang:$(basename "$sixth")" >/dev/null && bad "a worker outlived its killed parent" ||
    ok "no worker outlives a killed parent"
# a recorded input would crash now if it were run again
first=$(basename "$(sed -n 1p iso.list)")
CCKIT_TEST_WORKER_FAULT=crash:$first \
    "$CCKIT" validate --format jsonl -q -j 2 --state st.db --files-from iso.list > resumed.jsonl
[ "$(records whole.jsonl)" = "$(records resumed.jsonl)" ] &&
    ok "resumed run = uninterrupted run" || bad "resumed run differs from the uninterrupted run"
[ "$(sqlite3 st.db 'select count(*) from inputs' 2>/dev/null || wc -l < iso.list)" = "$(wc -l < iso.list)" ] &&
    ok "every input recorded after the resume" || bad "not every input recorded"
"$CCKIT" validate --format jsonl -q --strict --state st.db --files-from iso.list > /dev/null 2> other.err
rc=$?
[ "$rc" = 2 ] && grep -q 'recorded with other options' other.err &&
    ok "a state of other options is refused" || bad "other options: exit $rc: $(cat other.err)"
# touched but not changed: the hash says it is the same
touch "$(sed -n 1p iso.list)"
CCKIT_TEST_WORKER_FAULT=crash:$first \
    "$CCKIT" validate --format jsonl -q --state st.db --files-from iso.list > touched.jsonl
[ "$(records whole.jsonl)" = "$(records touched.jsonl)" ] &&
    ok "a touched, unchanged input is not redone" || bad "a touched input was redone"

# a new input before the others: the recorded ones keep their lines, at
# their new index
{ echo in/sub/nested-a.imscc; cat iso.list; } > iso2.list
"$CCKIT" validate --format jsonl -q --files-from iso2.list > whole2.jsonl
CCKIT_TEST_WORKER_FAULT=crash:$first \
    "$CCKIT" validate --format jsonl -q --state st.db --files-from iso2.list > grown.jsonl
[ "$(records whole2.jsonl)" = "$(records grown.jsonl)" ] &&
    ok "a grown input list: recorded inputs at their new index, not redone" ||
    bad "a grown input list: the resumed output differs"

# ---- SIGINT: exit 130, the state consistent ----------------------------
# (a shell starts background commands with SIGINT ignored: put it back)
CCKIT_TEST_WORKER_FAULT=hang:$(basename "$sixth") python3 -c '
import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])' "$CCKIT" validate --format jsonl -q -j 1 --state int.db --files-from iso.list > int.jsonl &
pid=$!
i=0
while [ "$(sqlite3 int.db 'select count(*) from inputs' 2>/dev/null || echo 0)" -lt 5 ] && [ $i -lt 300 ]; do
    sleep 0.1; i=$((i + 1))
done
kill -INT $pid
# a watchdog: a run deaf to SIGINT must not hang the test
( sleep 20; kill -9 $pid 2>/dev/null ) &
dog=$!
wait $pid
rc=$?
kill $dog 2>/dev/null
[ "$rc" = 130 ] && ok "SIGINT: exit 130" || bad "SIGINT: exit $rc"
grep -q '"type":"summary"' int.jsonl && bad "an interrupted run printed a summary" ||
    ok "an interrupted run has no summary"
"$CCKIT" validate --format jsonl -q --state int.db --files-from iso.list > int2.jsonl
[ "$(records whole.jsonl)" = "$(records int2.jsonl)" ] &&
    ok "resumed after SIGINT = uninterrupted run" || bad "resume after SIGINT differs"

# ---- shards: disjoint, their union the whole run ------------------------
: > union.txt
for k in 1 2 3; do
    "$CCKIT" validate --format jsonl -q --shard $k/3 --files-from iso.list > shard$k.jsonl
    records shard$k.jsonl >> union.txt
done
[ "$(sort union.txt)" = "$(records whole.jsonl sorted)" ] &&
    ok "shards 1..3: disjoint, union = whole run" || bad "the shards' union is not the whole run"
grep -q '"shard":"2/3"' shard2.jsonl && ok "the summary names its shard" || bad "no shard in the summary"

# ---- the recipes, run here ----------------------------------------------
if command -v parallel >/dev/null 2>&1; then
    mkdir -p home && HOME=$tmp/home CCKIT=$CCKIT \
        sh "$srcdir/doc/recipes/parallel-shards.sh" 3 : validate --files-from iso.list > par.jsonl
    [ "$(records par.jsonl)" = "$(records whole.jsonl)" ] &&
        ok "GNU parallel recipe: merged shards = whole run, in input order" ||
        bad "GNU parallel recipe: the merge differs from the whole run"
    [ "$(grep -c '"type":"summary"' par.jsonl)" = 3 ] && ok "GNU parallel recipe: 3 summaries" ||
        bad "GNU parallel recipe: not 3 summaries"
else
    echo "note: no GNU parallel: its recipe is not run (apt-get install parallel)"
fi
for k in 1 2 3; do
    SLURM_ARRAY_TASK_ID=$k SLURM_ARRAY_TASK_COUNT=3 CCKIT=$CCKIT \
        sh "$srcdir/doc/recipes/slurm-array.sbatch" iso.list slurm || bad "slurm task $k failed"
done
cat slurm/shard-*.jsonl > slurm.jsonl
[ "$(records slurm.jsonl sorted)" = "$(records whole.jsonl sorted)" ] &&
    ok "Slurm recipe (array ids set by hand): union = whole run" || bad "Slurm recipe: union differs"

# ---- progress: on a terminal only, never with -q -----------------------
if command -v script >/dev/null 2>&1; then
    script -qec "$CCKIT validate -j 1 --files-from list.txt > /dev/null" /dev/null > tty.out 2>&1
    grep -q 'ETA' tty.out && ok "a progress bar on a terminal" || bad "no progress bar on a terminal"
    script -qec "$CCKIT validate -q -j 1 --files-from list.txt > /dev/null" /dev/null > ttyq.out 2>&1
    grep -q 'ETA' ttyq.out && bad "a progress bar with -q" || ok "no progress bar with -q"
else
    echo "note: no script(1): the terminal is not tried"
fi
"$CCKIT" validate -j 1 --files-from list.txt > /dev/null 2> notty.err
[ -s notty.err ] && bad "stderr not a terminal, yet: $(head -c 200 notty.err)" ||
    ok "no progress bar when stderr is not a terminal"

# ---- repair as a batch: --output-dir, -j 2, --skip-existing ------------
"$CCKIT" repair --format jsonl -q -j 2 --output-dir fixed \
    "$tmp/in/minimal-cc1.1.imscc" "$srcdir/samples/thin-cc1.3" > repair.jsonl
rc=$?
[ "$rc" -le 1 ] && ok "repair batch: exit $rc" || bad "repair batch: exit $rc"
[ -s fixed/minimal-cc1.1.imscc ] && [ -s fixed/thin-cc1.3.imscc ] &&
    ok "repair batch: each output in --output-dir under its input's name" ||
    bad "repair batch: outputs missing: $(ls fixed 2>&1)"
[ "$(field repair.jsonl command | cut -f2 | sort -u)" = repair ] &&
    ok "repair batch: command repair" || bad "repair batch: command not repair"
field repair.jsonl verdict | cut -f2 | grep -qvxE 'repaired|unchanged|errors-left' &&
    bad "repair batch: a verdict that is none of repaired/unchanged/errors-left: $(field repair.jsonl verdict)" ||
    ok "repair batch: verdicts $(field repair.jsonl verdict | cut -f2 | tr '\n' ' ')"
[ "$(grep -c '"type":"cartridge"' repair.jsonl)" = 2 ] && ok "repair batch: two records" ||
    bad "repair batch: not two records"
if python3 -c 'import jsonschema; jsonschema.Draft202012Validator' 2>/dev/null; then
    python3 - "$srcdir/schemas/json/batch-record.schema.json" repair.jsonl <<'EOF' &&
import json, sys, jsonschema
v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1], encoding="utf-8")))
bad = [e.message for line in open(sys.argv[2], encoding="utf-8") for e in v.iter_errors(json.loads(line))]
print("\n".join(bad[:5]))
sys.exit(1 if bad else 0)
EOF
        ok "repair batch: every line valid against batch-record.schema.json" ||
        bad "repair batch: lines not valid against batch-record.schema.json"
else
    echo "note: no python3 jsonschema: repair's records are not checked against the schema"
fi
"$CCKIT" repair --format jsonl -q -j 2 --output-dir fixed --skip-existing \
    "$tmp/in/minimal-cc1.1.imscc" "$srcdir/samples/thin-cc1.3" > repair2.jsonl
[ "$(field repair2.jsonl status | cut -f2 | sort -u)" = skipped ] &&
    ok "repair batch: --skip-existing skips both" ||
    bad "repair batch: --skip-existing: $(field repair2.jsonl status)"
"$CCKIT" repair -q --output-dir fixed "$tmp/in/minimal-cc1.1.imscc" > repair3.txt 2>&1
[ $? = 1 ] && ok "repair batch: an existing output without -f is refused (exit 1)" ||
    bad "repair batch: an existing output was not refused"

# ---- producer of a record ---------------------------------------------
"$CCKIT" validate --format jsonl -q -j 1 "$tmp/in/minimal-cc1.1.imscc" > prod-sample.jsonl
[ "$(field prod-sample.jsonl producer | cut -f2)" = None ] &&
    ok "producer: a sample has none (null)" ||
    bad "producer: a sample gives $(field prod-sample.jsonl producer)"
# canvas-no-showable-resources: a hand-edited Canvas export whose only
# sign is the export marker its manifest lists (the file is not there)
for canvas in "$shared/corpus/canvas-sandbox-course-cc1.1.imscc" \
              "$shared/corpus/canvas-no-showable-resources-cc1.3.imscc"; do
    if [ ! -f "$canvas" ]; then
        echo "note: no $canvas: the producer of this Canvas export is not tried"
        continue
    fi
    name=$(basename "$canvas" .imscc)
    for c in validate compat convert repair; do
        case $c in
        compat) extra="-t canvas" ;;
        convert) extra="--to 1.3 --output-dir prod-conv-$name" ;;
        repair) extra="--output-dir prod-rep-$name" ;;
        *) extra= ;;
        esac
        # shellcheck disable=SC2086
        "$CCKIT" $c --format jsonl -q -j 1 $extra "$canvas" > "prod-$c.jsonl"
        [ "$(field "prod-$c.jsonl" producer | cut -f2)" = canvas ] &&
            ok "producer: $c of $name says canvas" ||
            bad "producer: $c of $name gives $(field "prod-$c.jsonl" producer)"
    done
done

echo "$fails failure(s)"
[ "$fails" = 0 ]
