#!/bin/sh
# tests/repair.sh - run every repair case under tests/repair/cases.
#
# A case is a folder NAME/ with cartridge/ (an unpacked cartridge with
# one fixable defect, or one that must not be fixed) and expected:
#     # what this case shows
#     # args: --strict         (optional extra `cckit repair` arguments;
#                               the same mode validates the output)
#     # setup: SHELL-COMMAND   (optional, repeatable: run by sh -e in the
#                               copy of cartridge/ before it is zipped)
#     # dirs                   (optional: the archive has folder entries)
#     # exit: 0                (expected exit status of cckit repair)
#     fix repair.file-listed imsmanifest.xml:28
#     declined repair.not-repaired imsmanifest.xml:31
#     left package.missing-file imsmanifest.xml:31
# The copy is zipped (python's zipfile) and repaired with --format json.
# The fixes and the declined fixes must be exactly the `fix` and
# `declined` lines; the errors `cckit validate` finds in the output
# exactly the `left` lines (FILE without :LINE matches any line).  Then
# the output is repaired again: no fix, the same bytes (idempotent).
# A case of exit 2 (refused) needs a message and no output.
# Prints a line per failing case and "N passed, M failed".  Env: CCKIT,
# CCKIT_SCHEMA_DIR; arguments: case names to run only those.
set -u
here=$(cd "$(dirname "$0")" && pwd)
cases="$here/repair/cases"
CCKIT=${CCKIT:-$here/../cckit}
: "${CCKIT_SCHEMA_DIR:=$here/../schemas}"
export CCKIT_SCHEMA_DIR
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not available"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cckit-repair.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
if [ $# -gt 0 ]; then names="$*"; else names=$(ls "$cases"); fi
for name in $names; do
    c=$cases/$name
    rm -rf "$tmp/w" && mkdir -p "$tmp/w" && cp -R "$c/cartridge" "$tmp/w/cart" || exit 2
    ok=1
    sed -n 's/^# setup: //p' "$c/expected" > "$tmp/setup"
    if [ -s "$tmp/setup" ] && ! (cd "$tmp/w/cart" && sh -e "$tmp/setup") >"$tmp/w/setup.log" 2>&1; then
        echo "FAIL $name: setup failed: $(cat "$tmp/w/setup.log")"; fail=$((fail + 1)); continue
    fi
    python3 - "$tmp/w/cart" "$tmp/w/in.imscc" "$c/expected" <<'PY' || exit 2
import os, sys, zipfile
src, out, exp = sys.argv[1:]
dirs = any(l.strip() == "# dirs" for l in open(exp))
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for root, ds, fs in os.walk(src):
        ds.sort()
        rel = os.path.relpath(root, src)
        if dirs and rel != ".":
            z.write(root, rel + "/")
        for f in sorted(fs):
            p = os.path.join(root, f)
            z.write(p, os.path.relpath(p, src))
PY
    args=$(sed -n 's/^# args: //p' "$c/expected")
    want_exit=$(sed -n 's/^# exit: //p' "$c/expected")
    # shellcheck disable=SC2086
    "$CCKIT" repair --format json $args "$tmp/w/in.imscc" -o "$tmp/w/out.imscc" >"$tmp/w/rep.json" 2>"$tmp/w/err"
    rc=$?
    if [ "$rc" != "${want_exit:-0}" ]; then
        echo "FAIL $name: exit $rc, expected ${want_exit:-0}: $(head -c 300 "$tmp/w/err")"; ok=0
    fi
    if [ "$rc" = 2 ]; then
        # refused: a message, and nothing written
        [ -s "$tmp/w/err" ] || { echo "  exit 2 without a message"; ok=0; }
        [ -e "$tmp/w/out.imscc" ] && { echo "  exit 2 but the output was written"; ok=0; }
        if [ "$ok" = 1 ]; then pass=$((pass + 1)); else echo "FAIL $name"; fail=$((fail + 1)); fi
        continue
    fi
    vargs=""; case " $args " in *" --strict "*) vargs=--strict;; esac
    "$CCKIT" validate --format json $vargs "$tmp/w/out.imscc" >"$tmp/w/val.json" 2>/dev/null
    "$CCKIT" repair --format json $args "$tmp/w/out.imscc" -o "$tmp/w/out2.imscc" >"$tmp/w/rep2.json" 2>/dev/null
    python3 - "$c/expected" "$tmp/w" <<'PY' || ok=0
import json, sys
exp, w = sys.argv[1:]
want = {"fix": [], "declined": [], "left": []}
for l in open(exp):
    l = l.strip()
    if l and not l.startswith("#"):
        kind, code, where = l.split()[:3]
        want[kind].append((code, where))
rep = json.load(open(w + "/rep.json"))
val = json.load(open(w + "/val.json"))
have = {
    "fix": [(d["code"], d["file"], d["line"]) for d in rep["fixes"]],
    "declined": [(d["code"], d["file"], d["line"]) for d in rep["not_repaired"]],
    "left": [(d["code"], d["file"], d["line"]) for c in val["cartridges"]
             for d in c["diagnostics"] if d["severity"] == "error"],
}
bad = False
def match(w, h):
    code, where = w
    f, _, line = where.partition(":")
    return h[0] == code and h[1] == f and (not line or str(h[2]) == line)
for kind in want:
    rest = list(have[kind])
    for x in want[kind]:
        m = [h for h in rest if match(x, h)]
        if not m:
            print("  missing %s %s %s" % (kind, x[0], x[1])); bad = True
        else:
            rest.remove(m[0])
    for h in rest:
        print("  unexpected %s %s %s:%s" % (kind, h[0], h[1], h[2])); bad = True
rep2 = json.load(open(w + "/rep2.json"))
if rep2["fixes"]:
    print("  repairing the output fixed again: %s" % [d["code"] for d in rep2["fixes"]]); bad = True
if open(w + "/out.imscc", "rb").read() != open(w + "/out2.imscc", "rb").read():
    print("  not idempotent: repairing the output changed its bytes"); bad = True
sys.exit(1 if bad else 0)
PY
    if [ "$ok" = 1 ]; then pass=$((pass + 1)); else echo "FAIL $name"; fail=$((fail + 1)); fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
