#!/bin/sh
# run.sh - run one command-line test case: tests/cli/run.sh CASE.test
#
# The case format is described in tests/cli/README.  Environment:
#   CCKIT         the cckit binary under test (required)
#   CCKIT_SRCDIR  top of the source tree (default: two levels above this script)
#   CCKIT_SHARED  the shared reference folder (optional, for cases that use it)
# Exit: 0 pass, 1 fail, 77 skip, 99 a broken case file.

case_file=${1:?usage: run.sh CASE.test}
[ -f "$case_file" ] || { echo "run.sh: no such case: $case_file" >&2; exit 99; }
: "${CCKIT:?run.sh: set CCKIT to the cckit binary}"
here=$(cd "$(dirname "$0")" && pwd)
SRCDIR=${CCKIT_SRCDIR:-$(cd "$here/../.." && pwd)}
SHARED=${CCKIT_SHARED:-$SRCDIR/../shared}
export CCKIT SRCDIR SHARED

TMP=$(mktemp -d "${TMPDIR:-/tmp}/cckit-cli.XXXXXX") || exit 99
export TMP
# Work files of this script live in a sub-folder the case does not see.
W=$TMP/.run
mkdir "$W" || exit 99
trap 'rm -rf "$TMP"' EXIT
trap 'exit 1' HUP INT TERM

: > "$W/setup"; : > "$W/checks"; : > "$W/json"; : > "$W/requires"
cmd=
want_exit=0
block=
# ---- parse the case file -------------------------------------------
while IFS= read -r line || [ -n "$line" ]; do
    if [ -n "$block" ]; then
        if [ "$line" = "# end" ]; then
            block=
        else
            printf '%s\n' "$line" >> "$W/expect.$block"
        fi
        continue
    fi
    case $line in
        "# cmd: "*)      cmd=${line#"# cmd: "} ;;
        "# setup: "*)    printf '%s\n' "${line#"# setup: "}" >> "$W/setup" ;;
        "# requires: "*) printf '%s\n' "${line#"# requires: "}" >> "$W/requires" ;;
        "# exit: "*)     want_exit=${line#"# exit: "} ;;
        "# stdout-contains: "*|"# stdout-not-contains: "*|"# stderr-contains: "*|"# stderr-not-contains: "*)
                         printf '%s\n' "${line#"# "}" >> "$W/checks" ;;
        "# stdout-empty"|"# stderr-empty")
                         printf '%s\n' "${line#"# "}" >> "$W/checks" ;;
        "# json: "*)     printf '%s\n' "${line#"# json: "}" >> "$W/json" ;;
        "# stdout:")     block=stdout; : > "$W/expect.stdout" ;;
        "# stderr:")     block=stderr; : > "$W/expect.stderr" ;;
        "##"*|"")        ;;
        "#"*)            echo "run.sh: $case_file: unknown directive: $line" >&2; exit 99 ;;
        *)               echo "run.sh: $case_file: stray line: $line" >&2; exit 99 ;;
    esac
done < "$case_file"
[ -n "$block" ] && { echo "run.sh: $case_file: '# $block:' block without '# end'" >&2; exit 99; }
[ -n "$cmd" ] || { echo "run.sh: $case_file: no '# cmd:' line" >&2; exit 99; }

# ---- requirements -----------------------------------------------------
[ -x "$CCKIT" ] || { echo "run.sh: CCKIT=$CCKIT is not executable" >&2; exit 99; }
while IFS= read -r prog; do
    command -v "$prog" >/dev/null 2>&1 || { echo "SKIP: '$prog' not found"; exit 77; }
done < "$W/requires"
if [ -s "$W/json" ]; then
    command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }
fi

# ---- set up, run --------------------------------------------------------
cd "$TMP" || exit 99
if [ -s "$W/setup" ]; then
    if ! sh -e "$W/setup" > "$W/setup.out" 2>&1; then
        echo "FAIL: setup failed:"; cat "$W/setup.out"
        exit 1
    fi
fi
echo "\$ $cmd"
sh -c "$cmd" > "$W/stdout" 2> "$W/stderr" < /dev/null
got_exit=$?

fail=0
bad() { echo "FAIL: $*"; fail=1; }

[ "$got_exit" = "$want_exit" ] || bad "exit status $got_exit, expected $want_exit"
while IFS= read -r check; do
    case $check in
        stdout-contains:*)     t=${check#stdout-contains: }
                               grep -F -q -e "$t" "$W/stdout" || bad "stdout lacks: $t" ;;
        stdout-not-contains:*) t=${check#stdout-not-contains: }
                               grep -F -q -e "$t" "$W/stdout" && bad "stdout has: $t" ;;
        stderr-contains:*)     t=${check#stderr-contains: }
                               grep -F -q -e "$t" "$W/stderr" || bad "stderr lacks: $t" ;;
        stderr-not-contains:*) t=${check#stderr-not-contains: }
                               grep -F -q -e "$t" "$W/stderr" && bad "stderr has: $t" ;;
        stdout-empty)          [ -s "$W/stdout" ] && bad "stdout is not empty" ;;
        stderr-empty)          [ -s "$W/stderr" ] && bad "stderr is not empty" ;;
    esac
done < "$W/checks"
for s in stdout stderr; do
    if [ -f "$W/expect.$s" ]; then
        diff -u "$W/expect.$s" "$W/$s" > "$W/diff.$s" || { bad "$s differs:"; cat "$W/diff.$s"; }
    fi
done
if [ -s "$W/json" ]; then
    python3 - "$W/stdout" "$W/json" <<'PY' || fail=1
import json, sys
out, checks = sys.argv[1], sys.argv[2]
try:
    with open(out, encoding="utf-8") as f:
        d = json.load(f)
except Exception as e:
    print("FAIL: stdout is not one JSON document: %s" % e)
    sys.exit(1)
def walk(items):
    """All items of a tree (list of dicts with "items"), depth first."""
    out, stack = [], list(reversed(items or []))
    while stack:
        it = stack.pop()
        out.append(it)
        stack.extend(reversed(it.get("items") or []))
    return out

def titles(items):
    return [it.get("title") for it in walk(items)]

bad = 0
with open(checks, encoding="utf-8") as f:
    for expr in f.read().splitlines():
        try:
            ok = eval(expr, {"d": d, "len": len, "sum": sum, "any": any, "all": all,
                             "isinstance": isinstance, "int": int, "str": str,
                             "list": list, "dict": dict, "sorted": sorted, "set": set,
                             "walk": walk, "titles": titles})
        except Exception as e:
            print("FAIL: json: %s raised %s: %s" % (expr, type(e).__name__, e))
            bad = 1
            continue
        if not ok:
            print("FAIL: json: %s" % expr)
            bad = 1
sys.exit(bad)
PY
fi

if [ "$fail" != 0 ]; then
    echo "--- stdout (first 60 lines)"; head -n 60 "$W/stdout"
    echo "--- stderr (first 30 lines)"; head -n 30 "$W/stderr"
    exit 1
fi
echo "PASS"
exit 0
