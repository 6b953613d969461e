#!/bin/sh
# adversarial-unpack.sh - cckit unpack against the hostile inputs made by
# $CCKIT_SHARED/adversarial/make-adversarial (into a mktemp -d folder).
# Every .imscc of expected.tsv is unpacked with
#   cckit unpack FILE -C SCRATCH/dest
# under `timeout` and `prlimit --as=1 GiB`, from an empty SCRATCH, and:
#   - verdict reject: exit 1 with a message, and dest absent or empty;
#   - verdict accept: exit 0;  "accept|reject": 0 or 1; also 0 or 1 for
#     the XML and manifest-level attacks (unpack parses no XML);
#   - never a timeout or a signal;
#   - nothing in SCRATCH but dest (no temporary left), no /tmp/cc_adv_*.
# Exit 77 (skip) when the shared folder is absent.  Last line:
# "N passed, M failed".  CCKIT_ADV_TIMEOUT overrides the 10 s limit.
: "${CCKIT:?adversarial-unpack.sh: set CCKIT to the cckit binary}"
here=$(cd "$(dirname "$0")" && pwd)
CCKIT_SHARED=${CCKIT_SHARED:-$here/../../shared}
gen=$CCKIT_SHARED/adversarial/make-adversarial
limit_s=${CCKIT_ADV_TIMEOUT:-10}
[ -f "$gen" ] || { echo "SKIP: no generator at $gen (set CCKIT_SHARED)"; exit 77; }
for prog in python3 timeout; do
    command -v "$prog" >/dev/null 2>&1 || { echo "SKIP: $prog not found"; exit 77; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cckit-adv-unpack.XXXXXX") || exit 99
trap 'rm -rf "$WORK"' EXIT
trap 'exit 1' HUP INT TERM

echo "generating the hostile set ..."
if ! python3 "$gen" "$WORK/cases" > "$WORK/gen.log" 2>&1; then
    echo "FAIL: make-adversarial failed:"; cat "$WORK/gen.log"
    echo "0 passed, 1 failed"; exit 1
fi

run_cap=
if command -v prlimit >/dev/null 2>&1 &&
   prlimit --as=1073741824 "$CCKIT" --version >/dev/null 2>&1; then
    run_cap="prlimit --as=1073741824"
else
    echo "NOTE: running without the 1 GiB memory cap (no prlimit, or a sanitizer build)"
fi

ls -d /tmp/cc_adv_* > "$WORK/escapes.before" 2>/dev/null
passed=0; failed=0; n=0
tab=$(printf '\t')
while IFS="$tab" read -r name attacks expected verdict rest; do
    [ "$name" = name ] && continue
    case $name in *.imscc) ;; *) continue ;; esac
    n=$((n + 1))
    case ${name%.imscc} in
        # XML and manifest-level attacks: unpack copies bytes and parses no
        # XML, so either outcome is fine (the invariants below still hold).
        missing_manifest|manifest_in_subfolder|xxe_*|billion_laughs|quadratic_blowup|\
        deep_nesting|huge_attribute|invalid_utf8_manifest|utf16_manifest|\
        doctype_external_dtd|xinclude|schemalocation_network|dependency_*|\
        items_100k|duplicate_identifiers|manifest_href_traversal)
            want="0|1" ;;
        *)
            case $verdict in reject) want=1 ;; accept) want=0 ;; *) want="0|1" ;; esac ;;
    esac
    scratch=$WORK/scratch/$n
    mkdir -p "$scratch"
    (cd "$scratch" && exec timeout -s KILL "$limit_s" $run_cap \
        "$CCKIT" unpack "$WORK/cases/$name" -C "$scratch/dest") \
        > "$WORK/out" 2> "$WORK/err" < /dev/null
    rc=$?
    problems=
    case $rc in
        124|137) problems="$problems; timed out after ${limit_s}s (exit $rc)" ;;
        *) [ "$rc" -gt 128 ] && problems="$problems; killed by signal $((rc - 128))" ;;
    esac
    case "|$want|" in *"|$rc|"*) ;; *) problems="$problems; exit $rc, expected $want" ;; esac
    [ "$rc" = 1 ] && [ ! -s "$WORK/err" ] && problems="$problems; exit 1 without a message"
    if [ "$rc" != 0 ] && [ -e "$scratch/dest" ] && [ -n "$(ls -A "$scratch/dest")" ]; then
        problems="$problems; refused but wrote into dest: $(ls -A "$scratch/dest" | head -3 | tr '\n' ' ')"
    fi
    other=$(ls -A "$scratch" | grep -v '^dest$')
    [ -n "$other" ] && problems="$problems; wrote beside dest: $(echo "$other" | head -3 | tr '\n' ' ')"
    ls -d /tmp/cc_adv_* > "$WORK/escapes.after" 2>/dev/null
    if ! cmp -s "$WORK/escapes.before" "$WORK/escapes.after"; then
        problems="$problems; created $(comm -13 "$WORK/escapes.before" "$WORK/escapes.after" | tr '\n' ' ')"
    fi
    msg=$(head -c 160 "$WORK/err" | tr '\n' ' ')
    if [ -n "$problems" ]; then
        failed=$((failed + 1))
        printf 'FAIL %s (exit %s)%s\n     stderr: %s\n' "$name" "$rc" "$problems" "$msg"
    else
        passed=$((passed + 1))
        printf 'PASS %s (exit %s) %s\n' "$name" "$rc" "$msg"
    fi
    rm -rf "$scratch"
done < "$WORK/cases/expected.tsv"
[ "$n" = 0 ] && { echo "FAIL: no .imscc case in expected.tsv"; failed=$((failed + 1)); }
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
