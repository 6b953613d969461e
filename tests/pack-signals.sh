#!/bin/sh
# pack-signals.sh - cckit pack killed (SIGKILL) or interrupted (SIGINT,
# SIGTERM) while it writes leaves no target; a SIGKILL's leftover
# temporary is removed by the next run on the same target.  Packs a
# folder made by $CCKIT_SHARED/bench/gen-cartridge (--format dir, media
# large enough that writing takes a while); skipped (77) without it.  No
# timing assertions: the script polls until the temporary exists, then
# sends the signal.  Last line: "N passed, M failed".
: "${CCKIT:?pack-signals.sh: set CCKIT to the cckit binary}"
here=$(cd "$(dirname "$0")" && pwd)
CCKIT_SHARED=${CCKIT_SHARED:-$here/../../shared}
gen=$CCKIT_SHARED/bench/gen-cartridge
[ -f "$gen" ] || { echo "SKIP: no $gen (set CCKIT_SHARED)"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cckit-pack-sig.XXXXXX") || exit 99
trap 'rm -rf "$WORK"' EXIT
trap 'exit 1' HUP INT TERM
passed=0
failed=0
ok() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

python3 "$gen" --preset small --media 60 --media-size 2M --format dir \
    -o "$WORK/course" > /dev/null 2>&1 || { echo "FAIL: gen-cartridge"; echo "0 passed, 1 failed"; exit 1; }

# wait_for PATTERN PID: until a path matching PATTERN exists (or PID ends)
wait_for() {
    i=0
    while [ $i -lt 6000 ]; do
        for f in $1; do [ -e "$f" ] && return 0; done
        kill -0 "$2" 2>/dev/null || return 1
        sleep 0.01; i=$((i + 1))
    done
    return 1
}

# $1 = signal, $2 = target
run_killed() {
    # A background job of a non-interactive shell (or a run under nohup)
    # starts with SIGINT/SIGHUP ignored, and cckit keeps ignored signals
    # ignored: start it through an exec that restores the defaults.
    python3 -c 'import os, signal, sys
for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    signal.signal(s, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])' "$CCKIT" pack "$WORK/course" -o "$2" 2> "$WORK/err" &
    pid=$!
    dir=$(dirname "$2"); base=$(basename "$2")
    if ! wait_for "$dir/.$base.cckit-tmp-*" $pid; then
        wait $pid
        echo "NOTE: pack ended before the SIG$1 (inconclusive)"
        return 1
    fi
    kill -"$1" $pid
    wait $pid
    echo "SIG$1: exit $?"
    return 0
}

t=$WORK/k.imscc
if run_killed KILL "$t"; then
    if [ -e "$t" ]; then fail "target exists after SIGKILL"; else ok "no target after SIGKILL"; fi
    if "$CCKIT" pack "$WORK/course" -o "$t" 2> "$WORK/err"; then ok "rerun after SIGKILL"; else fail "rerun after SIGKILL: $(cat "$WORK/err")"; fi
    if ls -d "$WORK"/.k.imscc.cckit-tmp-* >/dev/null 2>&1; then fail "stale temporary not removed by the rerun"; else ok "stale temporary removed"; fi
    if "$CCKIT" info "$t" > /dev/null 2>&1; then ok "rerun output readable"; else fail "rerun output unreadable"; fi
fi
for sig in INT TERM; do
    t=$WORK/s-$sig.imscc
    if run_killed $sig "$t"; then
        if [ -e "$t" ]; then fail "target exists after SIG$sig"; else ok "no target after SIG$sig"; fi
        if ls -d "$WORK"/.s-$sig.imscc.cckit-tmp-* >/dev/null 2>&1; then fail "temporary left after SIG$sig"; else ok "no temporary after SIG$sig"; fi
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
