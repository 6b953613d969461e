#!/bin/sh
# compat.sh - `cckit compat` and its import models (tests/compat/):
# the model loader refuses broken models (models.py); one small cartridge
# per model statement triggers it for its target and no other
# (statements.py); the limits that need very large inputs fire one past
# their number and not at it, on inputs made cheaply (limits.py: 100,001
# entries, sparse packages of 350 MiB to 1 GiB); every verdict on the
# shared corpus is as kept in tests/compat/corpus-verdicts.tsv (corpus.py;
# skipped without $CCKIT_SHARED); and `cckit compare PROFILE TARGET`
# agrees with compat on the same cartridges (compare.py; its corpus
# subsets need $CCKIT_SHARED).
: "${CCKIT:?compat.sh: set CCKIT to the cckit binary}"
here=$(cd "$(dirname "$0")" && pwd)
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }
rc=0
python3 "$here/compat/models.py" "$CCKIT" || rc=1
python3 "$here/compat/statements.py" "$CCKIT" || rc=1
python3 "$here/compat/limits.py" "$CCKIT" "$here/../models" || rc=1
if [ -n "$CCKIT_SHARED" ] && [ -d "$CCKIT_SHARED/corpus" ]; then
    python3 "$here/compat/corpus.py" "$CCKIT" "$CCKIT_SHARED/corpus" || rc=1
    python3 "$here/compat/compare.py" "$CCKIT" "$CCKIT_SHARED/corpus" || rc=1
else
    python3 "$here/compat/compare.py" "$CCKIT" || rc=1
    echo "SKIP corpus verdicts: set CCKIT_SHARED to the shared folder"
fi
exit $rc
