#!/bin/sh
# minimise-corpus.sh - `cckit minimise` on every cartridge of the shared
# corpus: the output has the same validator findings, as a multiset of
# (code, rule) (minimise checks it and exits 1 otherwise; checked again
# here from two `cckit validate --format json` runs), and none of the
# input's item titles, resource identifiers or file names of 13 bytes or
# more (that are not vocabulary the validator reads) is found in the
# output's names or bytes.  Skipped (77) without $CCKIT_SHARED/corpus.
set -u
: "${CCKIT:=./cckit}" "${CCKIT_SHARED:=}"
C=$CCKIT_SHARED/corpus
ls "$C"/*.imscc >/dev/null 2>&1 || { echo "SKIP: no corpus at $C"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/cckit-minimise-corpus.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
n=0 fails=0
for f in "$C"/*.imscc; do
    b=$(basename "$f" .imscc); n=$((n + 1))
    "$CCKIT" minimise "$f" -o "$T/out.imscc" --force >"$T/log" 2>&1; rc=$?
    if [ "$rc" -ne 0 ]; then
        echo "FAIL: $b: minimise exits $rc" >&2; head -8 "$T/log" >&2; fails=$((fails + 1)); continue
    fi
    "$CCKIT" validate --format json "$f" >"$T/vin.json" 2>/dev/null
    "$CCKIT" validate --format json "$T/out.imscc" >"$T/vout.json" 2>/dev/null
    "$CCKIT" info --format json "$f" >"$T/info.json" 2>/dev/null
    python3 - "$b" "$T/vin.json" "$T/vout.json" "$T/info.json" "$T/out.imscc" <<'PY' || fails=$((fails + 1))
import collections, json, sys, zipfile
name, vin, vout, info, out = sys.argv[1:6]
def findings(p):
    d = json.load(open(p))
    return collections.Counter((g["code"], g["rule"]) for c in d["cartridges"] for g in c["diagnostics"]
                               if g["code"] != "manifest.extension")
a, b = findings(vin), findings(vout)
bad = []
if a != b:
    bad.append("findings differ: %s" % sorted(set(a.items()) ^ set(b.items()))[:6])
d = json.load(open(info))
strings = set()
stack = list(d["organization"]["items"]) if d.get("organization") else []
while stack:
    it = stack.pop()
    strings.add(it.get("title") or "")
    stack.extend(it.get("items", []))
for r in d["resources"]:
    strings.add(r.get("identifier") or "")
    strings.update(f.rsplit("/", 1)[-1].rsplit(".", 1)[0] for f in r.get("files", []))
# vocabulary the validator reads is kept on purpose (doc/minimise.md), and
# element names (Canvas writes <course_settings>) are markup
kept = ("web_resources", "IMS-CC-FILEBASE", "general_fb", "correct_fb", "imsmanifest", "course_settings")
# names of 13 bytes or more with 6 letters or digits: shorter ones are
# often words the package itself uses as markup (Canvas's element
# media_tracks, the enumerated value syllabus), which are kept
strings = {s for s in strings if len(s.encode()) >= 13 and sum(c.isalnum() for c in s) >= 6
           and not any(k in s for k in kept)}
with zipfile.ZipFile(out) as z:
    blob = b"\0".join([n.encode() for n in z.namelist()] + [z.read(n) for n in z.namelist()])
leaks = sorted(s for s in strings if s.encode() in blob)
if leaks:
    bad.append("%d of %d names survive, e.g. %r" % (len(leaks), len(strings), leaks[:3]))
for m in bad:
    print("FAIL: %s: %s" % (name, m), file=sys.stderr)
sys.exit(1 if bad else 0)
PY
    rm -f "$T/out.imscc"
done
echo "minimise-corpus: $n cartridges; failures: $fails"
[ "$fails" -eq 0 ]
