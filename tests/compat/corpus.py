#!/usr/bin/env python3
"""corpus.py - every compat verdict on the shared corpus, kept.

Recomputes `cckit compat --format json` (every shipped target) on each
cartridge of $CCKIT_SHARED/corpus and compares it with
tests/compat/corpus-verdicts.tsv: one row per cartridge and target with
the verdict and the codes of its errors and warnings (sorted, unique), so
a change of verdict or of its reasons shows as a diff.  After a deliberate
change: python3 tests/compat/corpus.py CCKIT CORPUS --write.
"""
import glob, json, os, subprocess, sys

cckit, corpus = sys.argv[1], sys.argv[2]
tsv = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus-verdicts.tsv")
rows = ["cartridge\ttarget\tverdict\tcodes"]
for path in sorted(glob.glob(os.path.join(corpus, "*.imscc"))):
    r = subprocess.run([cckit, "compat", "--quick", "--format", "json", path],
                       capture_output=True, text=True)
    if r.returncode not in (0, 1):
        print(f"FAIL {path}: exit {r.returncode}: {r.stderr}")
        sys.exit(1)
    for t in json.loads(r.stdout)["cartridges"][0]["targets"]:
        codes = sorted({f["code"] for f in t["findings"] if f["severity"] != "info"})
        rows.append("\t".join([os.path.basename(path), t["target"], t["verdict"],
                               ",".join(codes) or "-"]))
if "--write" in sys.argv:
    with open(tsv, "w") as f:
        f.write("\n".join(rows) + "\n")
    print(f"wrote {len(rows) - 1} verdicts to {tsv}")
    sys.exit(0)
want = open(tsv).read().rstrip("\n").split("\n")
if want == rows:
    print(f"ok: {len(rows) - 1} verdicts as kept")
    sys.exit(0)
import difflib
sys.stdout.writelines(l + "\n" for l in difflib.unified_diff(want, rows, "kept", "now", lineterm=""))
print("FAIL: compat verdicts on the corpus changed (see the diff; --write after a deliberate change)")
sys.exit(1)
