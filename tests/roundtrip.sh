#!/bin/sh
# roundtrip.sh - unpack -> pack -> info: for every corpus cartridge that
# `cckit info` reads, `cckit unpack` it, `cckit pack --allow-invalid` the
# folder, and compare `cckit info --format json` of the original and of
# the re-pack.  Equal apart from the archive fields: "path", "archive"
# (sizes, compression, entry count) and line numbers.
# Skipped (77) without $CCKIT_SHARED/corpus or python3.
: "${CCKIT:?set CCKIT}" "${CCKIT_SRCDIR:?set CCKIT_SRCDIR}"
C=${CCKIT_SHARED:-$CCKIT_SRCDIR/../shared}/corpus
[ -d "$C" ] || { echo "SKIP: no corpus at $C"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
export CCKIT_SCHEMA_DIR="${CCKIT_SCHEMA_DIR:-$CCKIT_SRCDIR/schemas}"
T=$(mktemp -d "${TMPDIR:-/tmp}/cckit-roundtrip.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
fail=0 n=0 skipped=0
for f in "$C"/*.imscc "$C"/*.zip; do
    [ -f "$f" ] || continue
    b=$(basename "$f")
    "$CCKIT" info --format json "$f" > "$T/a.json" 2>/dev/null || { skipped=$((skipped+1)); continue; }
    rm -rf "$T/d" "$T/r.imscc"
    "$CCKIT" unpack "$f" -C "$T/d" >/dev/null 2>"$T/err" ||
        { echo "FAIL: $b: unpack:"; cat "$T/err"; fail=1; continue; }
    "$CCKIT" pack --allow-invalid "$T/d" -o "$T/r.imscc" >/dev/null 2>"$T/err" ||
        { echo "FAIL: $b: pack:"; tail -3 "$T/err"; fail=1; continue; }
    "$CCKIT" info --format json "$T/r.imscc" > "$T/b.json" 2>/dev/null ||
        { echo "FAIL: $b: info of the re-pack"; fail=1; continue; }
    python3 - "$T/a.json" "$T/b.json" "$b" <<'PY' || fail=1
import json, sys
IGNORE = {"path", "archive", "line", "compressed_bytes", "entries"}
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
            print("FAIL: %s: '%s' differs: %s != %s" % (sys.argv[3], k,
                  json.dumps(a.get(k))[:200], json.dumps(b.get(k))[:200]))
    sys.exit(1)
PY
    n=$((n+1))
done
echo "round trip: $n cartridges, $skipped not readable by info (skipped)"
[ $fail = 0 ] && echo PASS
exit $fail
