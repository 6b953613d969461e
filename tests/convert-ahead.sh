#!/bin/sh
# tests/convert-ahead.sh - `cckit convert` of an archive converts its
# descriptors on a thread ahead of the manifest's stylesheet and takes
# them in order afterwards (issue #12); without a validation (or from a
# folder) it converts them one after the other as before.  Both must give
# the same output and the same loss report: for each cartridge and each
# target, the converted archive's entries (names in order, contents) and
# the report's changes (order, every field) and counts are compared.
#
# Inputs: tests/convert/* and samples/* zipped (assignments to pages
# below 1.3, shared and dropped descriptors, Thin), and with
# $CCKIT_SHARED the corpus's cartridges (to 1.1 and thin).
# Env: CCKIT, CCKIT_SCHEMA_DIR, CCKIT_XSL_DIR, CCKIT_SHARED.
set -u
here=$(cd "$(dirname "$0")" && pwd)
CCKIT=${CCKIT:-$here/../cckit}
: "${CCKIT_SCHEMA_DIR:=$here/../schemas}"
: "${CCKIT_XSL_DIR:=$here/../xsl}"
: "${CCKIT_SHARED:=}"
export CCKIT_SCHEMA_DIR CCKIT_XSL_DIR
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not available"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cckit-convert-ahead.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

# the folders as archives (the thread works on archives only)
for d in "$here"/convert/*/ "$here"/../samples/*/; do
    [ -f "$d/imsmanifest.xml" ] || continue
    python3 - "$d" "$tmp/$(basename "$d").imscc" <<'PY' || exit 99
import os, sys, zipfile
src, out = sys.argv[1:]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for root, ds, fs in sorted(os.walk(src)):
        ds.sort()
        for f in sorted(fs):
            p = os.path.join(root, f)
            z.write(p, os.path.relpath(p, src))
PY
done
# and a variant whose descriptors lose things on the way (two foreign
# extension elements in each topic and web link: dropped below 1.3, one
# loss each) and one descriptor that is not well-formed: the changes of
# the descriptors converted ahead, between the manifest's
python3 - "$tmp/intro-course-cc1.3.imscc" "$tmp/intro-losses.imscc" <<'PY' || exit 99
import sys, zipfile
src, out = sys.argv[1:]
with zipfile.ZipFile(src) as zi, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zo:
    for n in zi.namelist():
        b = zi.read(n)
        if n.endswith(".xml") and (n.startswith("discussions/") or n.startswith("links/")):
            t = b.decode("utf-8").rstrip()
            i = t.rindex("</")
            t = t[:i] + '<x:a xmlns:x="urn:example:ext">1</x:a><x:b xmlns:x="urn:example:ext"/>' + t[i:]
            b = t.encode("utf-8")
        elif n.startswith("banks/") and n.endswith(".xml"):
            b = b[: len(b) // 2]
        zo.writestr(n, b)
PY

fails=0 runs=0
# same IN TO: with validation (ahead) and without (in order)
same() {
    runs=$((runs + 1))
    a=$tmp/a.imscc b=$tmp/b.imscc
    rm -f "$a" "$b"
    "$CCKIT" convert "$1" -o "$a" --to "$2" --allow-invalid --format json >"$tmp/a.json" 2>"$tmp/a.err"
    ra=$?
    "$CCKIT" convert "$1" -o "$b" --to "$2" --no-validate --format json >"$tmp/b.json" 2>"$tmp/b.err"
    rb=$?
    if [ "$ra" -ne "$rb" ]; then
        echo "FAIL: $1 --to $2: exit $ra with the validation, $rb without" >&2
        fails=$((fails + 1)); return
    fi
    [ "$ra" -eq 0 ] || return 0   # refused the same way: nothing to compare
    python3 - "$a" "$b" "$tmp/a.json" "$tmp/b.json" <<'PY' || { echo "FAIL: $1 --to $2" >&2; fails=$((fails + 1)); }
import json, sys, zipfile
a, b, ja, jb = sys.argv[1:]
za, zb = zipfile.ZipFile(a), zipfile.ZipFile(b)
na, nb = za.namelist(), zb.namelist()
if na != nb:
    sys.exit("entries differ: %s" % sorted(set(na) ^ set(nb))[:5])
for n in na:
    if za.read(n) != zb.read(n):
        sys.exit("entry %s differs" % n)
ra, rb = json.load(open(ja)), json.load(open(jb))
for k in ("changes", "dropped", "changed"):
    if ra.get(k) != rb.get(k):
        sys.exit("report's %s differs" % k)
PY
}

for f in "$tmp"/*.imscc; do
    case $f in */a.imscc|*/b.imscc) continue ;; esac
    for to in 1.0 1.1 1.2 1.3 1.4 thin thin1.2 thin1.4; do
        same "$f" "$to"
    done
done
if [ -n "$CCKIT_SHARED" ] && ls "$CCKIT_SHARED"/corpus/*.imscc >/dev/null 2>&1; then
    for f in "$CCKIT_SHARED"/corpus/*.imscc; do
        for to in 1.1 thin; do
            same "$f" "$to"
        done
    done
else
    echo "note: no corpus at \$CCKIT_SHARED/corpus: the test cartridges only"
fi
echo "convert-ahead: $runs conversions compared, $fails differ"
[ "$fails" -eq 0 ]
