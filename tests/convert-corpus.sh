#!/bin/sh
# convert-corpus.sh - `cckit convert` on every cartridge of the shared
# corpus, to 1.3 and to 1.1 (with --allow-invalid so that every output
# is written): no crash (exit > 2 or a signal), no conversion that adds
# strict-validation errors the input did not have, and a tally of how
# many cartridges pass `cckit validate --strict` before and after.
# Skipped (77) without $CCKIT_SHARED/corpus.
set -u
: "${CCKIT:=./cckit}" "${CCKIT_SRCDIR:=.}" "${CCKIT_SHARED:=}"
: "${CCKIT_XSL_DIR:=$CCKIT_SRCDIR/xsl}"; export CCKIT_XSL_DIR
: "${CCKIT_SCHEMA_DIR:=$CCKIT_SRCDIR/schemas}"; export CCKIT_SCHEMA_DIR
C=$CCKIT_SHARED/corpus
ls "$C"/*.imscc >/dev/null 2>&1 || { echo "SKIP: no corpus at $C"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/cckit-convert-corpus.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
n=0 before=0 after13=0 after11=0 worse=0 fails=0
for f in "$C"/*.imscc; do
    b=$(basename "$f" .imscc); n=$((n + 1))
    "$CCKIT" validate --strict "$f" >/dev/null 2>&1 && before=$((before + 1))
    for to in 1.3 1.1; do
        out=$T/$b-$to.imscc
        timeout 300 "$CCKIT" convert "$f" -o "$out" --to "$to" --allow-invalid >"$T/report" 2>&1
        rc=$?
        if [ "$rc" -gt 2 ] || grep -q 'Sanitizer' "$T/report"; then
            echo "FAIL: $b --to $to: exit $rc (crash or timeout)" >&2; fails=$((fails + 1)); continue
        fi
        if grep -q '^  new error' "$T/report"; then
            worse=$((worse + 1)); echo "note: $b --to $to adds errors:"; grep '^  new error' "$T/report" | head -3
        fi
        [ -f "$out" ] && "$CCKIT" validate --strict "$out" >/dev/null 2>&1 &&
            if [ "$to" = 1.3 ]; then after13=$((after13 + 1)); else after11=$((after11 + 1)); fi
        rm -f "$out"
    done
done
echo "convert-corpus: $n cartridges; strictly valid before: $before; after --to 1.3: $after13; after --to 1.1: $after11; conversions adding errors: $worse"
[ "$fails" -eq 0 ] && [ "$worse" -eq 0 ]
