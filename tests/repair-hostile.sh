#!/bin/sh
# repair-hostile.sh - cckit repair against the hostile archives of
# $CCKIT_SHARED/adversarial/make-adversarial (generated into a temporary
# folder, removed on exit).  For every .imscc case, from an empty scratch
# folder S, under `timeout` and an address-space cap (prlimit, when it
# works):
#   - no timeout, no signal; the exit status is 0, 1 or 2;
#   - exit 2: a message on stderr and no S/out.imscc;
#   - an input that `cckit info` cannot open (an attack on the ZIP or
#     XML level) gives exit 2 (unless repair moved a manifest zipped in
#     its folder to the root);
#   - exit 0 or 1: S/out.imscc exists and `cckit validate` reads it;
#   - nothing else in S (no temporaries left), no new /tmp/cc_adv_*.
# Skipped (77) without the generator, python3 or timeout.
set -u
: "${CCKIT:=./cckit}" "${CCKIT_SHARED:=../shared}"
case $CCKIT in /*) ;; *) CCKIT=$(pwd)/$CCKIT ;; esac
gen=$CCKIT_SHARED/adversarial/make-adversarial
[ -f "$gen" ] || { echo "SKIP: no generator at $gen"; exit 77; }
for prog in python3 timeout; do
    command -v "$prog" >/dev/null 2>&1 || { echo "SKIP: $prog not found"; exit 77; }
done
T=$(mktemp -d "${TMPDIR:-/tmp}/cckit-repair-hostile.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
python3 "$gen" "$T/cases" >/dev/null 2>&1 || { echo "the generator failed" >&2; exit 99; }
limit_s=${CCKIT_ADV_TIMEOUT:-20}
cap=$((512 * 1024 * 1024))
# A sanitizer build reserves terabytes of address space: no cap there
# (CCKIT_SANITIZED=1, as in hostile.sh), only the time limit.
run() {
    if [ "${CCKIT_SANITIZED:-}" != 1 ] && command -v prlimit >/dev/null 2>&1 \
       && prlimit --as=$cap true 2>/dev/null; then
        timeout -k 5 "$limit_s" prlimit --as=$cap "$@"
    else
        timeout -k 5 "$limit_s" "$@"
    fi
}
before=$(ls -d /tmp/cc_adv_* 2>/dev/null | wc -l)
fails=0 n=0 refused=0
for f in "$T"/cases/*.imscc; do
    b=$(basename "$f"); n=$((n + 1))
    S=$T/s; rm -rf "$S"; mkdir "$S"
    (cd "$S" && run "$CCKIT" repair "$f" -o out.imscc >"$T/out" 2>"$T/err")
    rc=$?
    bad() { echo "FAIL: $b: $*"; fails=$((fails + 1)); }
    case $rc in
    0|1)
        [ -f "$S/out.imscc" ] || bad "exit $rc without an output"
        "$CCKIT" validate "$S/out.imscc" >/dev/null 2>&1
        [ $? -le 1 ] || bad "the output is not readable by validate" ;;
    2)
        refused=$((refused + 1))
        [ -s "$T/err" ] || bad "exit 2 without a message"
        [ -e "$S/out.imscc" ] && bad "exit 2 but out.imscc was written" ;;
    *)
        bad "exit $rc (crash, signal or timeout): $(head -c 300 "$T/err")" ;;
    esac
    # what cannot be opened is refused, but for a manifest zipped in its
    # folder, which repair moves (repair.manifest-moved)
    if ! "$CCKIT" info "$f" >/dev/null 2>&1 && [ "$rc" != 2 ] &&
       ! grep -q '\[repair.manifest-moved\]' "$T/out"; then
        bad "cckit info refuses it, repair exits $rc"
    fi
    left=$(ls -A "$S" | grep -v '^out\.imscc$')
    [ -z "$left" ] || bad "left in the scratch folder: $left"
done
after=$(ls -d /tmp/cc_adv_* 2>/dev/null | wc -l)
[ "$after" -le "$before" ] || { echo "FAIL: new files /tmp/cc_adv_*"; fails=$((fails + 1)); }
echo "repair-hostile: $n cases, $refused refused (exit 2), $fails failure(s)"
[ "$fails" -eq 0 ]
