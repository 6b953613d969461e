#!/bin/sh
# validate-adversarial.sh - cckit validate against hostile inputs.
#
# Generates the hostile set with $CCKIT_SHARED/adversarial/make-adversarial
# into a mktemp -d folder (nothing is cached), then for every row of its
# expected.tsv whose file ends in .imscc or .xml runs
# `cckit validate --format json FILE`
# under `timeout` and `prlimit --as=1 GiB`, from an empty scratch folder,
# and checks:
#   - exit 1 with at least one error diagnostic for verdict "reject",
#     0 for "accept", 0 or 1 for "accept|reject" (no exceptions: the
#     manifest-semantics rows must be rejected by the validator's rules);
#   - never a timeout (124) or a signal (exit > 128);
#   - a JSON report on stdout (exit 2 = the validator could not run);
#   - nothing created in the scratch folder, no /tmp/cc_adv_* file;
#   - no connection to the loopback canary 127.0.0.1:47777 (a listener
#     runs for the whole test and records connections).
# Exit 77 (skip) when the shared folder is absent.  Last line:
# "N passed, M failed".  CCKIT_ADV_TIMEOUT overrides the 10 s limit.
: "${CCKIT:?validate-adversarial.sh: set CCKIT to the cckit binary}"
here=$(cd "$(dirname "$0")" && pwd)
CCKIT_SHARED=${CCKIT_SHARED:-$here/../../shared}
gen=$CCKIT_SHARED/adversarial/make-adversarial
limit_s=${CCKIT_ADV_TIMEOUT:-10}
if [ ! -f "$gen" ]; then
    echo "SKIP: no generator at $gen (set CCKIT_SHARED)"
    exit 77
fi
for prog in python3 timeout; do
    command -v "$prog" >/dev/null 2>&1 || { echo "SKIP: $prog not found"; exit 77; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cckit-adv.XXXXXX") || exit 99
listener_pid=
cleanup() {
    [ -n "$listener_pid" ] && kill "$listener_pid" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

# ---- the hostile set ---------------------------------------------------
echo "generating the hostile set (about 40 s) ..."
if ! python3 "$gen" "$WORK/cases" > "$WORK/gen.log" 2>&1; then
    echo "FAIL: make-adversarial failed:"; cat "$WORK/gen.log"
    echo "0 passed, 1 failed"
    exit 1
fi
[ -f "$WORK/cases/expected.tsv" ] || { echo "FAIL: no expected.tsv"; exit 1; }

# ---- the network canary --------------------------------------------------
python3 - "$WORK/connections" "$WORK/listener.ready" <<'PY' > "$WORK/listener.log" 2>&1 &
import socket, sys, time
log, ready = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", 47777))
except OSError as e:
    open(ready, "w").write("busy: %s\n" % e)
    sys.exit(0)
s.listen(16)
open(ready, "w").write("ok\n")
deadline = time.time() + 3600          # never outlive a test run
s.settimeout(1.0)
while time.time() < deadline:
    try:
        c, addr = s.accept()
    except socket.timeout:
        continue
    c.settimeout(1.0)
    try:
        data = c.recv(200)
    except OSError:
        data = b""
    with open(log, "a") as f:
        f.write("connection from %s: %r\n" % (addr, data))
    c.close()
PY
listener_pid=$!
i=0
while [ ! -s "$WORK/listener.ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
canary=no
case $(cat "$WORK/listener.ready" 2>/dev/null) in
    ok*) canary=yes ;;
    *)   echo "NOTE: cannot listen on 127.0.0.1:47777 ($(cat "$WORK/listener.ready" 2>/dev/null)); the network check is skipped" ;;
esac

# ---- memory cap (not with AddressSanitizer, which reserves terabytes) -----
run_cap=
if command -v prlimit >/dev/null 2>&1; then
    if prlimit --as=1073741824 "$CCKIT" --version >/dev/null 2>&1; then
        run_cap="prlimit --as=1073741824"
    else
        echo "NOTE: $CCKIT does not start under prlimit --as=1GiB (sanitizer build?); running without the memory cap"
    fi
else
    echo "NOTE: prlimit not found; running without the memory cap"
fi

ls -d /tmp/cc_adv_* > "$WORK/escapes.before" 2>/dev/null

passed=0
failed=0
n=0
tab=$(printf '\t')
while IFS="$tab" read -r name attacks expected verdict rest; do
    [ "$name" = name ] && continue
    case $name in *.imscc|*.xml) ;; *) continue ;; esac
    n=$((n + 1))
    base=${name%.*}
    case $verdict in
        reject) want=1 ;;
        accept) want=0 ;;
        *)      want="0|1" ;;
    esac
    scratch=$WORK/scratch/$n
    mkdir -p "$scratch"
    start=$(date +%s)
    (cd "$scratch" && exec timeout -s KILL "$limit_s" $run_cap "$CCKIT" validate --format json "$WORK/cases/$name") \
        > "$WORK/out" 2> "$WORK/err" < /dev/null
    rc=$?
    secs=$(( $(date +%s) - start ))
    problems=
    case $rc in
        124|137) problems="$problems; timed out after ${limit_s}s (exit $rc)" ;;
        *) [ "$rc" -gt 128 ] && problems="$problems; killed by signal $((rc - 128))" ;;
    esac
    case "|$want|" in
        *"|$rc|"*) ;;
        *) problems="$problems; exit $rc, expected $want (verdict $verdict)" ;;
    esac
    nerr=$(python3 -c 'import json,sys
try:
    d = json.load(open(sys.argv[1]))
    print(sum(c["errors"] for c in d["cartridges"]))
except Exception:
    print("none")' "$WORK/out")
    if [ "$rc" -le 1 ] && [ "$nerr" = none ]; then
        problems="$problems; no JSON report on stdout"
    elif [ "$rc" = 1 ] && [ "$nerr" = 0 ]; then
        problems="$problems; exit 1 without an error diagnostic"
    fi
    codes=$(python3 -c 'import json,sys
try:
    d = json.load(open(sys.argv[1]))
    print(" ".join(sorted({x["code"] for c in d["cartridges"] for x in c["diagnostics"] if x["severity"] == "error"}))[:150])
except Exception:
    pass' "$WORK/out")
    if [ -n "$(ls -A "$scratch")" ]; then
        problems="$problems; wrote into the working folder: $(ls -A "$scratch" | head -5 | tr '\n' ' ')"
    fi
    ls -d /tmp/cc_adv_* > "$WORK/escapes.after" 2>/dev/null
    if ! cmp -s "$WORK/escapes.before" "$WORK/escapes.after"; then
        problems="$problems; created $(comm -13 "$WORK/escapes.before" "$WORK/escapes.after" | tr '\n' ' ')"
    fi
    if [ "$canary" = yes ] && [ -s "$WORK/connections" ]; then
        problems="$problems; connected to the canary: $(tr '\n' ' ' < "$WORK/connections")"
        : > "$WORK/connections"
    fi
    msg="$codes $(head -c 120 "$WORK/err" | tr '\n' ' ')"
    if [ -n "$problems" ]; then
        failed=$((failed + 1))
        printf 'FAIL %s (exit %s, %ss)%s\n' "$name" "$rc" "$secs" "${problems#;}"
        [ -s "$WORK/err" ] && printf '     stderr: %s\n' "$msg"
    else
        passed=$((passed + 1))
        printf 'PASS %s (exit %s, %ss) %s\n' "$name" "$rc" "$secs" "$msg"
    fi
done < "$WORK/cases/expected.tsv"

if [ "$n" = 0 ]; then
    echo "FAIL: no .imscc or .xml case in expected.tsv"
    failed=$((failed + 1))
fi
if [ "$canary" = yes ]; then
    sleep 0.2
    if [ -s "$WORK/connections" ]; then
        echo "FAIL: a connection reached the canary: $(cat "$WORK/connections")"
        failed=$((failed + 1))
    else
        echo "no connection reached 127.0.0.1:47777"
    fi
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
