#!/bin/sh
# unpack-signals.sh - cckit unpack killed or interrupted mid-way leaves no
# partial DIR, and a SIGKILL's leftover temporary is removed by the next
# run on the same DIR.  Uses a cartridge made by
# $CCKIT_SHARED/bench/gen-cartridge (--preset medium with bigger, stored
# media so that extraction takes long enough to be caught); skipped (77)
# without it.  No timing assertions: the script waits (polls) until the
# temporary folder exists, then sends the signal.
: "${CCKIT:?unpack-signals.sh: set CCKIT to the cckit binary}"
here=$(cd "$(dirname "$0")" && pwd)
CCKIT_SHARED=${CCKIT_SHARED:-$here/../../shared}
gen=$CCKIT_SHARED/bench/gen-cartridge
[ -f "$gen" ] || { echo "SKIP: no $gen (set CCKIT_SHARED)"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cckit-unpack-sig.XXXXXX") || exit 99
trap 'rm -rf "$WORK"' EXIT
trap 'exit 1' HUP INT TERM
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

python3 "$gen" --preset medium --media 80 --media-size 2M --store-media \
    -o "$WORK/m.imscc" > /dev/null 2>&1 || { echo "FAIL: gen-cartridge"; exit 1; }
files=$(python3 -c "import zipfile,sys; print(sum(1 for i in zipfile.ZipFile(sys.argv[1]).infolist() if not i.is_dir()))" "$WORK/m.imscc")

# wait_for PATTERN PID: until a path matching PATTERN exists (or PID ends)
wait_for() {
    i=0
    while [ $i -lt 3000 ]; do
        for f in $1; do [ -e "$f" ] && return 0; done
        kill -0 "$2" 2>/dev/null || return 1
        sleep 0.01; i=$((i + 1))
    done
    return 1
}

# $1 = signal, $2 = DIR, $3 = glob of the temporary
run_killed() {
    # Start with default dispositions: a background job of a
    # non-interactive shell (or a run under nohup) inherits SIGINT/SIGHUP
    # ignored, and cckit keeps ignored signals ignored.
    python3 -c 'import os, signal, sys
for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    signal.signal(s, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])' "$CCKIT" unpack "$WORK/m.imscc" -C "$2" 2> "$WORK/err" &
    pid=$!
    if ! wait_for "$3" $pid; then
        wait $pid
        echo "NOTE: unpack ended before the $1 (inconclusive)"
        return 1
    fi
    kill -"$1" $pid
    wait $pid
    echo "$1: exit $?"
    return 0
}

# 1. SIGKILL, DIR absent: temp beside DIR, DIR never appears.
if run_killed KILL "$WORK/d1" "$WORK/.d1.cckit-tmp-*"; then
    [ -e "$WORK/d1" ] && fail "d1 exists after SIGKILL"
    ls -d "$WORK"/.d1.cckit-tmp-* >/dev/null 2>&1 || fail "no leftover after SIGKILL (expected one)"
    "$CCKIT" unpack "$WORK/m.imscc" -C "$WORK/d1" || fail "rerun after SIGKILL failed"
    ls -d "$WORK"/.d1.cckit-tmp-* >/dev/null 2>&1 && fail "stale temporary not removed by the rerun"
    n=$(find "$WORK/d1" -type f | wc -l)
    [ "$n" -eq "$files" ] || fail "rerun wrote $n files, archive has $files"
fi

# 2. SIGKILL, DIR exists: temp inside DIR, DIR keeps only its old content.
mkdir "$WORK/d2" && echo old > "$WORK/d2/keep.txt"
if run_killed KILL "$WORK/d2" "$WORK/d2/.cckit-tmp-*"; then
    [ "$(ls "$WORK/d2")" = keep.txt ] || fail "d2 has more than its old file after SIGKILL: $(ls "$WORK/d2" | head -3)"
    "$CCKIT" unpack "$WORK/m.imscc" -C "$WORK/d2" || fail "rerun into d2 failed"
    ls -d "$WORK"/d2/.cckit-tmp-* >/dev/null 2>&1 && fail "stale temporary in d2 not removed"
    n=$(find "$WORK/d2" -type f | wc -l)
    [ "$n" -eq $((files + 1)) ] || fail "d2 has $n files, expected $((files + 1))"
fi

# 3. SIGTERM and SIGHUP: cleaned up by the run itself, died of the signal.
for sig in TERM HUP; do
    d=$WORK/d-$sig
    if run_killed $sig "$d" "$WORK/.d-$sig.cckit-tmp-*"; then
        [ -e "$d" ] && fail "$d exists after SIG$sig"
        ls -d "$WORK"/.d-$sig.cckit-tmp-* >/dev/null 2>&1 && fail "temporary left after SIG$sig"
    fi
done

echo "$failed failed"
[ "$failed" = 0 ]
