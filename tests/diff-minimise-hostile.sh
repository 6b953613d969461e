#!/bin/sh
# diff-minimise-hostile.sh - cckit diff and cckit minimise against the
# hostile inputs of $CCKIT_SHARED/adversarial/make-adversarial (made
# once into a temporary folder): for every case,
#   cckit diff CASE CASE      and      cckit minimise CASE -o S/out.imscc
# each under `timeout` and an address-space cap, from an empty folder S:
#   - never a timeout nor a signal (exit > 2);
#   - diff of a case against itself never finds a difference (exit 0 or 2);
#   - what `cckit info` cannot read (zip-slip, bombs, XXE, ...) is trouble
#     for both: exit 2, with a message on stderr, nothing on stdout; but
#     diff reads a cartridge zipped with its folder from that folder
#     (info says it found the manifest deeper): exit 0, silent;
#   - minimise exit 2 leaves S empty (no output, no temporary); exit 0 or
#     1 leaves exactly S/out.imscc;
#   - nothing appears in /tmp/cc_adv_* (where every escape aims).
# Skipped (77) without the generator.
set -u
: "${CCKIT:=./cckit}" "${CCKIT_SHARED:=}"
GEN=$CCKIT_SHARED/adversarial/make-adversarial
[ -x "$GEN" ] || { echo "SKIP: no $GEN"; exit 77; }
command -v timeout >/dev/null 2>&1 || { echo "SKIP: no timeout"; exit 77; }
CCKIT=$(cd "$(dirname "$CCKIT")" && pwd)/$(basename "$CCKIT")
T=$(mktemp -d "${TMPDIR:-/tmp}/cckit-dm-hostile.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
"$GEN" "$T/cases" >/dev/null 2>&1 || { echo "FAIL: the generator failed"; exit 1; }
before=$(ls -d /tmp/cc_adv_* 2>/dev/null | wc -l)
tab=$(printf '\t')
n=0 fails=0
fail() { echo "FAIL: $name: $*" >&2; fails=$((fails + 1)); }
# A sanitizer build reserves terabytes of address space: no cap there
# (CCKIT_SANITIZED=1, as in hostile.sh), only the time limit.
if [ "${CCKIT_SANITIZED:-}" = 1 ]; then
    capped() { timeout 60 "$@"; }
else
    capped() { (ulimit -v 1048576 2>/dev/null; exec timeout 30 "$@"); }
fi
while IFS="$tab" read -r name attacks expected verdict; do
    f=$T/cases/$name
    case $name in *.imscc|*.xml) ;; *) continue ;; esac
    [ -f "$f" ] || continue
    n=$((n + 1))
    S=$T/s; rm -rf "$S"; mkdir "$S"
    "$CCKIT" info "$f" >/dev/null 2>"$T/info-err"; info=$?
    (cd "$S" && capped "$CCKIT" diff "$f" "$f") >"$T/out" 2>"$T/err"; d=$?
    [ "$d" -le 2 ] || fail "diff: exit $d (timeout or signal)"
    [ "$d" -eq 1 ] && fail "diff of a case against itself finds differences"
    # a cartridge zipped with its folder (info: no manifest at the root,
    # "found" one deeper) is read by diff from that folder (doc/diff.md)
    if [ "$info" -ne 0 ] && grep -q 'no imsmanifest.xml at the package root; found' "$T/info-err"; then
        [ "$d" -eq 0 ] && [ ! -s "$T/out" ] || fail "diff: exit $d on a cartridge zipped with its folder, not 0 and silent"
    elif [ "$info" -ne 0 ]; then
        [ "$d" -eq 2 ] || fail "diff: exit $d on an unreadable input, not 2"
        [ -s "$T/out" ] && fail "diff: output on stdout for an unreadable input"
        [ -s "$T/err" ] || fail "diff: no message"
    fi
    (cd "$S" && capped "$CCKIT" minimise "$f" -o "$S/out.imscc") >"$T/out" 2>"$T/err"; m=$?
    [ "$m" -le 2 ] || fail "minimise: exit $m (timeout or signal)"
    if [ "$info" -ne 0 ] && [ "$m" -ne 2 ]; then fail "minimise: exit $m on an unreadable input, not 2"; fi
    left=$(ls -A "$S" | tr '\n' ' ')
    if [ "$m" -eq 2 ]; then
        [ -z "$left" ] || fail "minimise: exit 2 but left: $left"
        [ -s "$T/err" ] || fail "minimise: exit 2 without a message"
    elif [ "$m" -le 1 ] && [ "$left" != "out.imscc " ]; then
        fail "minimise: exit $m but the folder holds: $left"
    fi
done < "$T/cases/expected.tsv"
after=$(ls -d /tmp/cc_adv_* 2>/dev/null | wc -l)
[ "$after" -le "$before" ] || { echo "FAIL: something was written to /tmp/cc_adv_*" >&2; fails=$((fails + 1)); }
[ "$n" -gt 40 ] || { echo "FAIL: only $n cases" >&2; fails=$((fails + 1)); }
echo "diff-minimise-hostile: $n cases; failures: $fails"
[ "$fails" -eq 0 ]
