#!/bin/sh
# interrupt.sh - pack, unpack, convert and preview killed (SIGKILL) or interrupted
# (SIGINT, SIGTERM, SIGHUP) while they write leave no partial target; a
# SIGKILL's leftover temporary is removed by the next run on the same
# target, and that run's output is complete.
#
# Deterministic, no timing assumptions: each run is frozen (SIGSTOP) as
# soon as its temporary exists, the script checks that it is caught
# mid-way (temporary present, target absent), then sends the signal and
# SIGCONT.  A run that finished before it could be frozen is retried; a
# command that can never be caught mid-way fails the test (it would prove
# nothing).  Inputs come from $CCKIT_SHARED/bench/gen-cartridge (large
# media, so that writing takes a while); skipped (77) without it.
# Last line: "N passed, M failed".
: "${CCKIT:?interrupt.sh: set CCKIT to the cckit binary}"
here=$(cd "$(dirname "$0")" && pwd)
CCKIT_SHARED=${CCKIT_SHARED:-$here/../../shared}
gen=$CCKIT_SHARED/bench/gen-cartridge
[ -f "$gen" ] || { echo "SKIP: no $gen (set CCKIT_SHARED)"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }
[ -r /proc/self/stat ] || { echo "SKIP: no /proc"; exit 77; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cckit-interrupt.XXXXXX") || exit 99
pid=
cleanup() {
    [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM
passed=0
failed=0
ok() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
check() { if eval "$1"; then ok "$2"; else fail "$2"; fi; }

# About 40 MB each: enough for a run to last a few hundred milliseconds
# after its temporary appears, small enough for a crowded /tmp.
python3 "$gen" --preset small --media 40 --media-size 1M --format dir \
    -o "$WORK/course" > /dev/null 2>&1 || { echo "FAIL: gen-cartridge (folder)"; exit 1; }
python3 "$gen" --preset small --media 40 --media-size 1M --store-media \
    -o "$WORK/m.imscc" > /dev/null 2>&1 || { echo "FAIL: gen-cartridge (archive)"; exit 1; }
files=$(python3 -c "import zipfile,sys; print(sum(1 for i in zipfile.ZipFile(sys.argv[1]).infolist() if not i.is_dir()))" "$WORK/m.imscc")

# State letter of a process (R, S, T, Z ...), empty once it is reaped.
pstate() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1; }

# start CMD...: run in the background with the default dispositions of
# SIGINT/SIGHUP/SIGTERM (a background job of a non-interactive shell
# starts with SIGINT ignored, and cckit keeps ignored signals ignored).
start() {
    python3 -c 'import os, signal, sys
for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    signal.signal(s, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])' "$@" > /dev/null 2> "$WORK/err" &
    pid=$!
}

# freeze GLOB: stop $pid as soon as a path matching GLOB exists.  0 when
# it is stopped with the temporary still there; 1 when it ended first.
freeze() {
    i=0
    while [ $i -lt 12000 ]; do
        for f in $1; do
            [ -e "$f" ] || continue
            kill -STOP "$pid" 2>/dev/null || return 1
            j=0
            while [ $j -lt 1000 ]; do
                case $(pstate "$pid") in
                    T|t) for g in $1; do [ -e "$g" ] && return 0; done
                         kill -CONT "$pid"; return 1 ;;
                    Z|'') return 1 ;;
                esac
                sleep 0.01; j=$((j + 1))
            done
            return 1
        done
        kill -0 "$pid" 2>/dev/null || return 1
        sleep 0.005; i=$((i + 1))
    done
    return 1
}

# interrupt SIG TARGET GLOB CMD...: run CMD, freeze it mid-way, deliver
# SIG; rc holds its exit status.  Retries up to 5 times when the command
# ends before it can be frozen (0), else returns 1.  Before each try the
# shell snippet $reset runs (default: remove TARGET); a frozen run counts
# as mid-way when $midway holds (default: TARGET does not exist yet).
interrupt() {
    sig=$1 target=$2 glob=$3
    shift 3
    tries=0
    while [ $tries -lt 5 ]; do
        tries=$((tries + 1))
        eval "${reset:-rm -rf \"\$target\"}"
        start "$@"
        if freeze "$glob" && eval "${midway:-[ ! -e \"\$target\" ]}"; then
            kill -"$sig" "$pid"
            kill -CONT "$pid" 2>/dev/null
            wait "$pid"; rc=$?
            pid=
            return 0
        fi
        kill -CONT "$pid" 2>/dev/null
        wait "$pid"
        pid=
        for g in $glob; do [ -e "$g" ] && rm -rf "$g"; done
        echo "NOTE: $* ended before it could be frozen; again"
    done
    return 1
}

# expect_signal SIG RC: a run that handles SIG cleans up and dies of it
# (128 + n); one caught after its last check may finish (0) instead.
expect_signal() {
    case $1 in KILL) n=9 ;; INT) n=2 ;; TERM) n=15 ;; HUP) n=1 ;; esac
    [ "$2" -eq $((128 + n)) ] || [ "$2" -eq 0 ]
}

leftovers() { ls -a "$1" | grep -q 'cckit-tmp'; }

# --- one command, every signal -----------------------------------------
# run_all NAME TARGET GLOB VERIFY CMD...: VERIFY is a shell test of a
# complete TARGET.  Folders of TARGET are created fresh by each run.
run_all() {
    name=$1 target=$2 glob=$3 verify=$4
    shift 4
    for sig in KILL INT TERM HUP; do
        if ! interrupt $sig "$target" "$glob" "$@"; then
            fail "$name: never caught mid-way (SIG$sig)"
            continue
        fi
        if [ -e "$target" ]; then
            check "[ $rc -eq 0 ] && $verify" "$name SIG$sig after its last check: finished, complete (exit $rc)"
        else
            check "expect_signal $sig $rc" "$name SIG$sig: exit $rc, no target"
        fi
        if [ $sig = KILL ]; then
            # a SIGKILL cannot be handled: the leftover is the next run's
            check "leftovers '$(dirname "$target")'" "$name SIGKILL: its temporary is left (for the rerun)"
            "$@" > /dev/null 2> "$WORK/err"; rrc=$?
            check "[ $rrc -eq 0 ]" "$name rerun after SIGKILL (exit $rrc: $(head -c 200 "$WORK/err"))"
            check "$verify" "$name rerun output complete"
        fi
        check "! leftovers '$(dirname "$target")'" "$name SIG$sig: no temporary left"
    done
}

readable() { "$CCKIT" info "$1" > /dev/null 2>&1; }
count_files() { [ "$(find "$1" -type f | wc -l)" -eq "$2" ]; }

# pack: the temporary is ".NAME.cckit-tmp-XXXXXX" beside NAME
run_all pack "$WORK/p.imscc" "$WORK/.p.imscc.cckit-tmp-*" "readable '$WORK/p.imscc'" \
    "$CCKIT" pack "$WORK/course" -o "$WORK/p.imscc"

# convert: the same, beside OUT
run_all convert "$WORK/c.imscc" "$WORK/.c.imscc.cckit-tmp-*" "readable '$WORK/c.imscc'" \
    "$CCKIT" convert "$WORK/m.imscc" -o "$WORK/c.imscc" --to 1.1

# unpack into a new folder: a temporary folder beside it
run_all unpack "$WORK/d1" "$WORK/.d1.cckit-tmp-*" "count_files '$WORK/d1' $files" \
    "$CCKIT" unpack "$WORK/m.imscc" -C "$WORK/d1"

# unpack into an existing folder: the temporary is inside it, and the
# folder keeps only its old content until the run completes.
reset='rm -rf "$WORK/d2" && mkdir "$WORK/d2" && echo old > "$WORK/d2/keep.txt"'
midway=:   # DIR exists by design; the frozen run's temporary is inside it
for sig in KILL TERM; do
    if ! interrupt $sig "$WORK/d2" "$WORK/d2/.cckit-tmp-*" "$CCKIT" unpack "$WORK/m.imscc" -C "$WORK/d2"; then
        fail "unpack into a folder: never caught mid-way (SIG$sig)"
        continue
    fi
    check "[ \"\$(ls '$WORK/d2')\" = keep.txt ]" "unpack into a folder SIG$sig: only the old content (exit $rc)"
    "$CCKIT" unpack "$WORK/m.imscc" -C "$WORK/d2" > /dev/null 2>&1
    check "! leftovers '$WORK/d2'" "unpack into a folder SIG$sig: the rerun removed the temporary"
    check "count_files '$WORK/d2' $((files + 1))" "unpack into a folder SIG$sig: rerun complete"
done

# preview into a new folder: a temporary folder beside it, renamed at the end
reset= midway=
run_all preview "$WORK/s1" "$WORK/.s1.cckit-tmp-*" "[ -f '$WORK/s1/index.html' ] && [ -f '$WORK/s1/preview.css' ]" \
    "$CCKIT" preview -q "$WORK/m.imscc" -o "$WORK/s1"

# preview --force over a folder: it keeps its old content until the new
# site is complete, then the two are exchanged.
reset='rm -rf "$WORK/s2" && mkdir "$WORK/s2" && echo old > "$WORK/s2/keep.txt"'
midway=:
for sig in KILL TERM; do
    if ! interrupt $sig "$WORK/s2" "$WORK/.s2.cckit-tmp-*" "$CCKIT" preview -q -f "$WORK/m.imscc" -o "$WORK/s2"; then
        fail "preview --force: never caught mid-way (SIG$sig)"
        continue
    fi
    check "[ \"\$(ls '$WORK/s2')\" = keep.txt ]" "preview --force SIG$sig: only the old content (exit $rc)"
    "$CCKIT" preview -q -f "$WORK/m.imscc" -o "$WORK/s2" > /dev/null 2>&1
    check "! leftovers '$WORK'" "preview --force SIG$sig: the rerun removed the temporary"
    check "[ -f '$WORK/s2/index.html' ] && [ ! -e '$WORK/s2/keep.txt' ]" "preview --force SIG$sig: rerun complete"
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
