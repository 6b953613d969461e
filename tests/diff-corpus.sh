#!/bin/sh
# diff-corpus.sh - `cckit diff` on every cartridge of the shared corpus:
#  1. diff A A prints nothing and exits 0;
#  2. diff A convert(A) (to 1.1 from 1.3 and 1.4, to 1.3 from the
#     others): the only difference
#     is cartridge.version (namespaces, type-string suffixes and the
#     schemaversion are the version's own, not changes) besides
#     cartridge.thin when the flavour changes, except for the one
#     structural change convert makes (an assignment becomes a page, to
#     1.1): then as many resource.type changes as the loss report has
#     assignment-to-webcontent entries, and only resource and file
#     changes besides; and the resource LOM a version cannot hold
#     (resource-lom-dropped, csm-dropped): then resource.metadata
#     removals, of no more resources than the report names.  diff
#     exits 1 (the version differs).
# Skipped (77) without $CCKIT_SHARED/corpus.
set -u
: "${CCKIT:=./cckit}" "${CCKIT_SRCDIR:=.}" "${CCKIT_SHARED:=}"
C=$CCKIT_SHARED/corpus
ls "$C"/*.imscc >/dev/null 2>&1 || { echo "SKIP: no corpus at $C"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/cckit-diff-corpus.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
n=0 fails=0 converted=0 lossy=0
for f in "$C"/*.imscc; do
    b=$(basename "$f" .imscc); n=$((n + 1))
    "$CCKIT" diff "$f" "$f" >"$T/out" 2>"$T/err"; rc=$?
    if [ "$rc" -ne 0 ] || [ -s "$T/out" ]; then
        echo "FAIL: $b: diff A A exits $rc or prints:" >&2; head -5 "$T/out" "$T/err" >&2
        fails=$((fails + 1)); continue
    fi
    case $b in *cc1.3*|*cc1.4*) to=1.1 ;; *) to=1.3 ;; esac
    "$CCKIT" convert "$f" -o "$T/conv.imscc" --to "$to" --allow-invalid --format json \
        >"$T/loss.json" 2>/dev/null
    [ -f "$T/conv.imscc" ] || continue
    converted=$((converted + 1))
    "$CCKIT" diff --format json "$f" "$T/conv.imscc" >"$T/diff.json" 2>"$T/err"; rc=$?
    python3 - "$T/loss.json" "$T/diff.json" "$rc" "$b" <<'PY' || fails=$((fails + 1))
import json, sys
loss = json.load(open(sys.argv[1])); d = json.load(open(sys.argv[2]))
rc = int(sys.argv[3]); name = sys.argv[4]
codes = [c["code"] for c in d["changes"]]
lcodes = [c["code"] for c in loss.get("changes", [])]
bad = []
if rc != 1: bad.append("exit %d, not 1" % rc)
if not d["across_versions"]: bad.append("not marked across_versions")
if "cartridge.version" not in codes: bad.append("no cartridge.version")
# the conversion's one structural change: an assignment becomes a page
n_asg = lcodes.count("assignment-to-webcontent")
allowed = {"cartridge.version", "cartridge.thin"}
if n_asg:
    allowed |= {"resource.type", "resource.href", "resource.file-added", "resource.removed", "file.added"}
    if codes.count("resource.type") != n_asg:
        bad.append("%d assignments became pages, diff shows %d type changes" % (n_asg, codes.count("resource.type")))
# the resource LOM (and curriculum standards) a version's profile cannot
# hold is dropped: only removed leaves, of the resources the report names
dropped = {c["resource"] for c in loss.get("changes", [])
           if c["code"] in ("resource-lom-dropped", "csm-dropped")}
lom = [c for c in d["changes"] if c["code"] == "resource.metadata"]
if dropped:
    allowed.add("resource.metadata")
    if any(c["after"] is not None for c in lom):
        bad.append("resource.metadata that is not a dropped leaf")
    if len({c["subject"] for c in lom}) > len(dropped):
        bad.append("resource.metadata of %d resources, the report drops LOM of %d"
                   % (len({c["subject"] for c in lom}), len(dropped)))
    if not lom:
        bad.append("the report drops resource LOM, diff shows none")
extra = sorted(set(codes) - allowed)
if extra: bad.append("changes the conversion does not make: %s" % extra)
for m in bad: print("FAIL: %s: diff A convert(A): %s" % (name, m), file=sys.stderr)
sys.exit(1 if bad else 0)
PY
    rm -f "$T/conv.imscc"
done
echo "diff-corpus: $n cartridges; converted: $converted; failures: $fails"
[ "$fails" -eq 0 ]
