#!/bin/sh
# corpus.sh - cckit info over every real cartridge of the shared corpus.
#
# For each row of $CCKIT_SHARED/corpus/SOURCES.tsv, runs
# `$CCKIT info --format json FILE` and checks that it exits 0, that
# "version" equals the schemaversion given in the cc_version column and
# that the number of resources equals the sum of the resource_types counts
# ("type:count;type:count", empty or "(none)" = 0).
# Exit 77 (skip) when the corpus is absent; the last line is
# "N passed, M failed".
: "${CCKIT:?corpus.sh: set CCKIT to the cckit binary}"
here=$(cd "$(dirname "$0")" && pwd)
CCKIT_SHARED=${CCKIT_SHARED:-$here/../../shared}
corpus=$CCKIT_SHARED/corpus
if [ ! -f "$corpus/SOURCES.tsv" ]; then
    echo "SKIP: no corpus at $corpus (set CCKIT_SHARED)"
    exit 77
fi
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }

exec python3 - "$CCKIT" "$corpus" <<'PY'
import csv, json, re, subprocess, sys

cckit, corpus = sys.argv[1], sys.argv[2]
passed = failed = 0

def expected_resources(col):
    col = (col or "").strip()
    if col in ("", "(none)"):
        return 0
    total = 0
    for part in col.split(";"):
        if part.strip():
            total += int(part.rsplit(":", 1)[1])
    return total

with open(corpus + "/SOURCES.tsv", newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f, delimiter="\t"))

for row in rows:
    name = row["file"]
    problems = []
    m = re.search(r"schemaversion ([0-9][0-9.]*)", row.get("cc_version") or "")
    want_version = m.group(1) if m else None
    want_resources = expected_resources(row.get("resource_types"))
    try:
        p = subprocess.run([cckit, "info", "--format", "json", corpus + "/" + name],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    except subprocess.TimeoutExpired:
        problems.append("timed out after 60 s")
        p = None
    if p is not None:
        if p.returncode != 0:
            problems.append("exit %d: %s" % (p.returncode,
                            p.stderr.decode("utf-8", "replace").strip()[:300]))
        else:
            try:
                d = json.loads(p.stdout.decode("utf-8"))
            except Exception as e:
                d = None
                problems.append("output is not JSON: %s" % e)
            if d is not None:
                if want_version is not None and d.get("version") != want_version:
                    problems.append("version %r, SOURCES.tsv says %r" % (d.get("version"), want_version))
                n = len(d.get("resources") or [])
                if n != want_resources:
                    problems.append("%d resources, SOURCES.tsv says %d" % (n, want_resources))
                c = (d.get("counts") or {}).get("resources")
                if c != n:
                    problems.append("counts.resources %r but %d resources listed" % (c, n))
    if problems:
        failed += 1
        print("FAIL %s: %s" % (name, "; ".join(problems)))
    else:
        passed += 1
        print("PASS %s (version %s, %d resources)" % (name, want_version, want_resources))

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
