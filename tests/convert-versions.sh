#!/bin/sh
# convert-versions.sh - the CC 1.0 and 1.4 targets of `cckit convert` on
# the shared corpus:
#  1. every CC 1.1 cartridge that convert accepts goes 1.1 -> 1.4 -> 1.1,
#     and `cckit info --format json` of the original and of the result
#     are equal apart from the version fields (version, schemaversion,
#     namespace, resource types) and the archive fields (path, sizes,
#     line numbers); the 1.4 step must pass `cckit validate --strict`
#     whenever the original does, and so must the way back;
#  2. every CC 1.3 cartridge that convert accepts goes to 1.0, and the
#     output passes `cckit validate --strict` whenever the input does.
# Besides the corpus (whose cartridges are rarely strictly valid), small
# spec-valid cartridges from the shared generator (gen-cartridge) are
# converted too, so the strict checks always have inputs.  Inputs convert
# refuses (invalid in lenient mode) are counted, not failed.  Skipped (77) without $CCKIT_SHARED/corpus or python3.
set -u
: "${CCKIT:=./cckit}" "${CCKIT_SRCDIR:=.}" "${CCKIT_SHARED:=}"
: "${CCKIT_XSL_DIR:=$CCKIT_SRCDIR/xsl}"; export CCKIT_XSL_DIR
: "${CCKIT_SCHEMA_DIR:=$CCKIT_SRCDIR/schemas}"; export CCKIT_SCHEMA_DIR
C=$CCKIT_SHARED/corpus
ls "$C"/*.imscc >/dev/null 2>&1 || { echo "SKIP: no corpus at $C (set CCKIT_SHARED)"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/cckit-convert-versions.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
trap 'exit 1' INT TERM
G=$T/gen
mkdir -p "$G"
if [ -f "$CCKIT_SHARED/bench/gen-cartridge" ]; then
    for v in 1.1 1.3; do
        for seed in 1 2; do
            python3 "$CCKIT_SHARED/bench/gen-cartridge" --version "$v" --preset small --seed "$seed" \
                -q -o "$G/gen-small-s$seed-cc$v.imscc" || echo "note: gen-cartridge --version $v failed"
        done
    done
fi
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
strict() { "$CCKIT" validate --strict --quick --no-links "$1" >/dev/null 2>&1; }

# --- 1. 1.1 -> 1.4 -> 1.1 keeps info
rt=0 rt_strict=0 refused=0
for f in "$C"/*cc1.1.imscc "$G"/*cc1.1.imscc; do
    [ -f "$f" ] || continue
    b=$(basename "$f" .imscc)
    if ! timeout 300 "$CCKIT" convert "$f" -o "$T/$b-14.imscc" --to 1.4 >"$T/r1" 2>&1; then
        if grep -q 'not a valid cartridge' "$T/r1"; then
            refused=$((refused + 1)); continue
        fi
        fail "$b: 1.1 -> 1.4:"; tail -3 "$T/r1"; continue
    fi
    was_strict=no
    strict "$f" && was_strict=yes && rt_strict=$((rt_strict + 1))
    if [ "$was_strict" = yes ] && ! strict "$T/$b-14.imscc"; then
        fail "$b: strictly valid in 1.1, not in 1.4"
    fi
    # Back to 1.1: --allow-invalid, because an input that is already
    # invalid (e.g. identifiers that are not NCNames) gets 1.1's extra
    # IDREF errors again; validity is asserted below where it applies.
    if ! timeout 300 "$CCKIT" convert "$T/$b-14.imscc" -o "$T/$b-11.imscc" --to 1.1 \
            --allow-invalid >"$T/r2" 2>&1; then
        fail "$b: 1.4 -> 1.1:"; tail -3 "$T/r2"; continue
    fi
    if [ "$was_strict" = yes ] && ! strict "$T/$b-11.imscc"; then
        fail "$b: strictly valid in 1.1, not after 1.1 -> 1.4 -> 1.1"
    fi
    "$CCKIT" info --format json "$f" >"$T/a.json" 2>/dev/null
    "$CCKIT" info --format json "$T/$b-11.imscc" >"$T/b.json" 2>/dev/null
    python3 - "$T/a.json" "$T/b.json" "$b" <<'PY' || fails=$((fails + 1))
import json, sys
# version fields, and what differs between an archive and another one
IGNORE = {"path", "archive", "line", "compressed_bytes", "entries", "version",
          "version_source", "schemaversion", "namespace"}
def clean(x):
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items() if k not in IGNORE}
    if isinstance(x, list):
        return [clean(v) for v in x]
    return x
a, b = (clean(json.load(open(p))) for p in sys.argv[1:3])
if a != b:
    for k in sorted(set(a) | set(b)):
        if a.get(k) != b.get(k):
            print("FAIL: %s: info '%s' differs after 1.1 -> 1.4 -> 1.1: %s != %s"
                  % (sys.argv[3], k, json.dumps(a.get(k))[:200], json.dumps(b.get(k))[:200]))
    sys.exit(1)
PY
    rt=$((rt + 1))
    rm -f "$T/$b-14.imscc" "$T/$b-11.imscc"
done
[ "$rt" -gt 0 ] || fail "no CC 1.1 cartridge made the round trip"
[ "$rt_strict" -gt 0 ] || fail "no strictly valid CC 1.1 cartridge made the round trip"

# --- 2. 1.3 -> 1.0 validates strictly
to10=0 refused10=0 strict10=0
for f in "$C"/*cc1.3.imscc "$G"/*cc1.3.imscc; do
    [ -f "$f" ] || continue
    b=$(basename "$f" .imscc)
    if ! timeout 300 "$CCKIT" convert "$f" -o "$T/$b-10.imscc" --to 1.0 >"$T/r1" 2>&1; then
        if grep -q 'not a valid cartridge' "$T/r1"; then
            refused10=$((refused10 + 1)); continue
        fi
        fail "$b: 1.3 -> 1.0:"; tail -3 "$T/r1"; continue
    fi
    to10=$((to10 + 1))
    if strict "$f"; then
        strict10=$((strict10 + 1))
        strict "$T/$b-10.imscc" || { fail "$b: strictly valid in 1.3, not in 1.0:";
            "$CCKIT" validate --strict --quick --no-links "$T/$b-10.imscc" 2>&1 | grep error | head -3; }
    fi
    rm -f "$T/$b-10.imscc"
done
[ "$to10" -gt 0 ] || fail "no CC 1.3 cartridge converted to 1.0"
[ "$strict10" -gt 0 ] || fail "no strictly valid CC 1.3 cartridge converted to 1.0"

echo "convert-versions: 1.1 -> 1.4 -> 1.1: $rt round trips with equal info ($rt_strict strictly valid)," \
     "$refused inputs refused;" \
     "1.3 -> 1.0: $to10 converted ($strict10 strictly valid inputs checked), $refused10 inputs refused"
[ "$fails" -eq 0 ]
