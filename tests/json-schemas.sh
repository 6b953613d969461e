#!/bin/sh
# json-schemas.sh - every JSON output of cckit against its JSON Schema
# (schemas/json/*.schema.json): real outputs of info, ls, validate, rules,
# convert and compat on the samples, on odd inputs made on the spot, on the rule
# test cartridges and, when $CCKIT_SHARED is there, on the corpus.  Also
# checks the schemas are valid draft 2020-12 schemas, that the counts in
# each document add up, and that mutated real outputs are rejected (so
# this test can fail).  The work is done by json-schemas.py; this
# wrapper only finds the tools.
# Exit 77 (skip) without python3 or its jsonschema module (Debian
# python3-jsonschema).
: "${CCKIT:?json-schemas.sh: set CCKIT to the cckit binary}"
here=$(cd "$(dirname "$0")" && pwd)
srcdir=${CCKIT_SRCDIR:-$here/..}
: "${CCKIT_SCHEMA_DIR:=$srcdir/schemas}"
: "${CCKIT_XSL_DIR:=$srcdir/xsl}"
CCKIT_SHARED=${CCKIT_SHARED:-$srcdir/../shared}
export CCKIT_SCHEMA_DIR CCKIT_XSL_DIR CCKIT_SHARED

command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }
if ! python3 -c 'import jsonschema; jsonschema.Draft202012Validator' 2>/dev/null; then
    echo "SKIP: python3 jsonschema with draft 2020-12 not found (apt-get install python3-jsonschema)"
    exit 77
fi
exec python3 "$here/json-schemas.py" "$CCKIT" "$srcdir" "$CCKIT_SHARED"
