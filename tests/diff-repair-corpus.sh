#!/bin/sh
# diff-repair-corpus.sh - `diff A repair(A)` lists exactly the repair's
# changes: for every cartridge of the shared corpus, and for the repair
# cases of tests/repair/cases that write an output (the fixes the corpus
# has no instance of), `cckit repair --format json A -o B` then `cckit
# diff --format json A B`; tests/diff-repair.py pairs every fix with the
# diff change(s) doc/diff.md says it shows as ("How each repair fix
# shows"), at its place (the fix's line of A, the change's line of B),
# and fails on a fix without its change or a change without its fix.
# diff must exit 0 when the repair changed nothing diff compares, else 1.
# Prints the count of each fix code over the corpus.  The corpus part is
# skipped (with a message) without $CCKIT_SHARED/corpus; the whole test
# (77) without python3.
set -u
: "${CCKIT:=./cckit}" "${CCKIT_SRCDIR:=.}" "${CCKIT_SHARED:=}"
: "${CCKIT_SCHEMA_DIR:=$CCKIT_SRCDIR/schemas}"; export CCKIT_SCHEMA_DIR
command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/cckit-diff-repair.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
H=$CCKIT_SRCDIR/tests/diff-repair.py
n=0 fails=0
: >"$T/counts"

# check NAME IN [REPAIR-ARGS...]: repair IN, diff IN against the output
check() {
    name=$1 in=$2; shift 2
    n=$((n + 1))
    rm -f "$T/out.imscc"
    "$CCKIT" repair --format json "$@" "$in" -o "$T/out.imscc" >"$T/rep.json" 2>"$T/err"
    rc=$?
    if [ ! -f "$T/out.imscc" ]; then
        echo "FAIL: $name: repair exits $rc, no output:" >&2; head -3 "$T/err" >&2
        fails=$((fails + 1)); return
    fi
    "$CCKIT" diff --format json "$in" "$T/out.imscc" >"$T/diff.json" 2>"$T/err"
    rc=$?
    if [ "$rc" -gt 1 ]; then
        echo "FAIL: $name: diff A repair(A) exits $rc:" >&2; head -3 "$T/err" >&2
        fails=$((fails + 1)); return
    fi
    python3 "$H" "$in" "$T/out.imscc" "$T/rep.json" "$T/diff.json" "$name" "$rc" \
        >"$T/res" 2>&1 || fails=$((fails + 1))
    grep -v '^counts:' "$T/res" >&2
    case $name in corpus:*) sed -n 's/^counts: //p' "$T/res" >>"$T/counts" ;; esac
}

# the repair cases: zipped as tests/repair.sh zips them
for c in "$CCKIT_SRCDIR"/tests/repair/cases/*/; do
    name=$(basename "$c")
    grep -q '^# exit: 2' "$c/expected" && continue
    grep -q '^# setup: ' "$c/expected" && continue
    python3 - "$c/cartridge" "$T/in.imscc" "$c/expected" <<'PY' || exit 99
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
    # shellcheck disable=SC2046
    check "case:$name" "$T/in.imscc" $(sed -n 's/^# args: //p' "$c/expected")
done
cases=$n

C=$CCKIT_SHARED/corpus
if ls "$C"/*.imscc >/dev/null 2>&1; then
    for f in "$C"/*.imscc; do
        check "corpus:$(basename "$f" .imscc)" "$f"
    done
else
    echo "SKIP (corpus part): no corpus at $C (set CCKIT_SHARED)"
fi
echo "diff-repair: $cases repair cases, $((n - cases)) corpus cartridges; failures: $fails"
tr ' ' '\n' <"$T/counts" | awk -F= 'NF == 2 { s[$1] += $2 } END { for (k in s) print "  " k ": " s[k] }' | sort
[ "$fails" -eq 0 ]
