#!/bin/sh
# profile.sh - `cckit profile`, `verify` and `compare` (issue 10): the
# privacy of a profile (markers planted in every string of a generated
# cartridge never reach it), the profile of samples/ and of the corpus
# against schemas/json/profile.schema.json, merge of shards == profile
# of all, verify cases (within, a new kind, a new token, out of range)
# and compare cases.  The work is done by profile.py.
# Exit 77 (skip) without python3 or its jsonschema module; the corpus
# parts are skipped with a message when $CCKIT_SHARED is absent.
: "${CCKIT:?profile.sh: set CCKIT to the cckit binary}"
here=$(cd "$(dirname "$0")" && pwd)
srcdir=${CCKIT_SRCDIR:-$here/..}
CCKIT_SHARED=${CCKIT_SHARED:-$srcdir/../shared}
export CCKIT_SHARED

command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }
if ! python3 -c 'import jsonschema; jsonschema.Draft202012Validator' 2>/dev/null; then
    echo "SKIP: python3 jsonschema with draft 2020-12 not found (apt-get install python3-jsonschema)"
    exit 77
fi
exec python3 "$here/profile.py" "$CCKIT" "$srcdir" "$CCKIT_SHARED"
