#!/bin/sh
# Every XSD under schemas/ must compile with libxml2 (xmllint) without the
# network and without any catalog, i.e. all imports/includes are relative.
# Also checks that schemas/catalog.xml and schemas/index.tsv only point at
# files that exist, and that no schemaLocation in our XSDs is a URL.
# Exit 0 pass, 1 fail, 77 skip (no xmllint).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
schemas="$top/schemas"

if ! command -v xmllint >/dev/null 2>&1; then
    echo "SKIP: xmllint not available"
    exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cckit-xsd.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
echo '<cckit-compile-probe/>' >"$tmp/probe.xml"

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL  $*"; }

# 1. compile every schema, catalog deliberately disabled
for xsd in $(cd "$schemas" && find . -name '*.xsd' | sort); do
    xsd=${xsd#./}
    XML_CATALOG_FILES= xmllint --nonet --noout --schema "$schemas/$xsd" \
        "$tmp/probe.xml" >"$tmp/out" 2>&1
    if grep -q -e 'failed to compile' -e 'Schemas parser error' \
            -e 'Schemas parser warning' -e 'failed to load' "$tmp/out"; then
        fail "$xsd does not compile:"
        sed -n '1,6s/^/        /p' "$tmp/out"
    else
        pass
    fi
    # 2. no network locations in our own imports/includes
    if grep -n 'schemaLocation="[a-z][a-z]*:' "$schemas/$xsd" >"$tmp/out"; then
        fail "$xsd imports from a URL:"
        sed 's/^/        /' "$tmp/out"
    else
        pass
    fi
done

# 3. catalog: well-formed, every target exists
if xmllint --noout "$schemas/catalog.xml" 2>"$tmp/out"; then
    pass
else
    fail "catalog.xml is not well-formed"
fi
for uri in $(sed -n 's/.* uri="\([^"]*\)".*/\1/p' "$schemas/catalog.xml" | sort -u); do
    if [ -f "$schemas/$uri" ]; then pass; else fail "catalog.xml points at missing $uri"; fi
done

# 4. index.tsv: every row names an existing schema
for xsd in $(awk -F '\t' 'NR > 1 && !/^#/ { print $5 }' "$schemas/index.tsv" | sort -u); do
    if [ -f "$schemas/$xsd" ]; then pass; else fail "index.tsv points at missing $xsd"; fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
