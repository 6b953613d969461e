#!/bin/sh
# fuzz-regressions.sh - replay every input that once crashed a fuzz
# harness (fuzz/regressions/HARNESS/*) and the hand-made seeds
# (fuzz/seeds/HARNESS/*) through fuzz/replay_NAME: the harness linked
# with fuzz/replay.c instead of libFuzzer (make check).  A crash, a
# sanitizer report or an abort() of a harness check fails the test.
# Environment: CCKIT (its folder is the build folder), CCKIT_SRCDIR,
# CCKIT_VALGRIND (set by make check-valgrind: run under valgrind).
: "${CCKIT:?set CCKIT to the cckit binary of the build}"
B=$(cd "$(dirname "${CCKIT_REAL:-$CCKIT}")" && pwd)
S=${CCKIT_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
CCKIT_SCHEMA_DIR=${CCKIT_SCHEMA_DIR:-$S/schemas}
export CCKIT_SCHEMA_DIR
run=
if [ -n "${CCKIT_VALGRIND:-}" ]; then
    run="valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite"
fi
status=0
found=0
for d in "$S"/fuzz/regressions/fuzz_* "$S"/fuzz/seeds/fuzz_*; do
    [ -d "$d" ] || continue
    h=$(basename "$d")
    bin=$B/fuzz/replay_${h#fuzz_}
    if [ ! -x "$bin" ]; then
        echo "fuzz-regressions: $bin not built, $d not replayed" >&2
        status=1
        continue
    fi
    ls "$d" | grep -qv '^README' || continue
    found=1
    echo "== $h: $d"
    # shellcheck disable=SC2086
    if ! $run "$bin" "$d"; then
        echo "FAIL: $h on an input of $d" >&2
        status=1
    fi
done
[ $found = 1 ] || { echo "fuzz-regressions: nothing to replay"; exit 77; }
exit $status
