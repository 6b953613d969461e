#!/bin/sh
# Oracle agreement test for schemas/: every manifest and descriptor of the
# shared corpus (plus small gen-cartridge outputs for CC 1.1, 1.2, 1.3) must
# get the same
# valid/invalid verdict from our XSDs as from the official IMS XSDs, except
# the documented entries of known-disagreements.tsv.  CC 1.2 has no official
# XSD: its generated documents must simply be valid for our schemas.
# Exit 0 pass, 1 fail, 77 skip (no shared reference folder).
# Env: CCKIT_SHARED (default: the "shared" folder beside the repository).
# Option: -v  also list the documents that agree.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
shared=${CCKIT_SHARED:-$(dirname "$0")/../../../shared}

if [ ! -d "$shared/corpus" ] || [ ! -f "$shared/ref/schemas/catalog.xml" ]; then
    echo "SKIP: shared reference folder not found at $shared (set CCKIT_SHARED)"
    exit 77
fi
shared=$(cd "$shared" && pwd)
for tool in xmllint python3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "SKIP: $tool not available"
        exit 77
    fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cckit-oracle.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

# Synthetic cartridges, written into our temp folder only.
for v in 1.1 1.2 1.3; do
    if ! python3 "$shared/bench/gen-cartridge" --version "$v" --preset small \
            --seed 1 -q -o "$tmp/gen-small-cc$v.imscc"; then
        echo "FAIL  gen-cartridge --version $v"
        echo "0 passed, 1 failed"
        exit 1
    fi
done

# CC 1.4 has no generator: gen-cartridge's 1.3 output converted by cckit
# (full and thin), when the tool is built, and our K-12 Thin 1.4 sample.
# The official 1.4 XSDs are partial: official-fill.py makes them compile.
opts=$*     # -v; the positional parameters become the cartridge list
set -- "$tmp"/gen-small-cc1.1.imscc "$tmp"/gen-small-cc1.2.imscc "$tmp"/gen-small-cc1.3.imscc
CCKIT=${CCKIT:-$top/cckit}
if [ -x "$CCKIT" ]; then
    for to in 1.4 thin1.4; do
        CCKIT_SCHEMA_DIR=$top/schemas CCKIT_XSL_DIR=$top/xsl "$CCKIT" convert \
            "$tmp/gen-small-cc1.3.imscc" -o "$tmp/gen-small-$to-cc1.4.imscc" --to "$to" >/dev/null 2>&1 \
            && set -- "$@" "$tmp/gen-small-$to-cc1.4.imscc" \
            || echo "note: cckit convert --to $to of gen-small-cc1.3 failed: no 1.4 documents from it"
    done
else
    echo "note: $CCKIT not built: CC 1.4 is checked on the sample only"
fi
set -- "$@" "$top/samples/thin-k12-cc1.4"
CCKIT_OFFICIAL_CATALOGS=$(python3 "$here/official-fill.py" "$top" "$shared" "$tmp/fill") || {
    echo "FAIL  could not prepare the official CC 1.4 schemas"
    echo "0 passed, 1 failed"
    exit 1
}
export CCKIT_OFFICIAL_CATALOGS
python3 "$here/collect-docs.py" --mutants "$tmp" "$shared"/corpus/*.imscc "$@" >"$tmp/docs.tsv" || {
    echo "FAIL  could not extract the corpus documents"
    echo "0 passed, 1 failed"
    exit 1
}
# shellcheck disable=SC2086
python3 "$here/oracle-agreement.py" "$top" "$shared" "$tmp" "$tmp/docs.tsv" $opts
