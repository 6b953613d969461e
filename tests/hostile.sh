#!/bin/sh
# hostile.sh - cckit validate, info, unpack, convert and preview against hostile inputs.
#
# Generates the hostile set ONCE with $CCKIT_SHARED/adversarial/make-adversarial
# into a mktemp -d folder (removed on exit), then for every row of its
# expected.tsv whose file ends in .imscc or .xml runs, each from an empty
# scratch folder S, under `timeout` and an address-space cap:
#   cckit validate --format json FILE
#   cckit info FILE
#   cckit unpack FILE -C S/dest
#   cckit convert FILE -o S/out.imscc --to 1.1
#                 (and when it writes: cckit validate --strict S/out.imscc)
#   cckit preview -q FILE -o S/site
# and checks, per command (verdict = the row's last column):
#   validate  exit = the verdict (reject 1, accept 0, accept|reject 0 or 1);
#             a JSON report on stdout; exit 1 has an error diagnostic in it
#             (validate reports on stdout), exit 0 has none.
#   info      exit = the verdict, except 0 or 1 for the manifest-semantics
#             rows (info describes, the validator judges).
#   unpack    ZIP-level reject rows: exit 1; XML-level and manifest rows:
#             0 or 1 (unpack is a ZIP operation); accept: 0; bare .xml: 1.
#             On exit 1 S/dest does not exist ("a failure leaves DIR as it
#             was"); on exit 0 it is a folder.
#   convert   reject: 1; accept: 0, S/out.imscc written and it passes
#             validate --strict; accept|reject: 0 or 1; bare .xml: 1.
#             On exit 1 S/out.imscc does not exist.  Why it refused must be
#             said: when validate accepted the input, only a limit may
#             refuse it (the message names a --max-... option); when info
#             read the package, the message names --allow-invalid or a
#             --max-... option.  A converted accept|reject case must at
#             least be readable by validate --strict (exit 0 or 1).
#   preview   ZIP-level reject rows: exit 1; accept: 0; the rest, and a
#             bare .xml (previewed as its outline), 0 or 1.  On exit 1 S/site does not exist; on exit 0
#             S/site/index.html does.
# and for every run (the strict validation too):
#   - never a timeout (124, or 137 after the KILL) nor a signal (> 128);
#   - exit 1 comes with a message (stderr; the JSON report for validate);
#   - no "out of memory": running out under the cap is not a verdict;
#   - nothing created except S/dest (unpack), S/out.imscc (convert) or
#     S/site (preview):
#     nothing else in S, nothing named *.cckit-tmp-* anywhere in S, nothing
#     new in $TMPDIR (a private empty one per run), in the work folder or in
#     the cases folder, and no new /tmp/cc_adv_* (every escape aims there);
#   - no connection to the loopback canary 127.0.0.1:47777 (a listener runs
#     for the whole test and records connections; when the port is taken by
#     someone else the check cannot be made, and that is a failure).
# Bounds: CCKIT_ADV_TIMEOUT seconds (default 2) and CCKIT_ADV_MEM_MIB MiB
# (default 256) of address space (prlimit --as).  CCKIT_SANITIZED=1
# (sanitizer builds reserve terabytes of address space and run slower):
# 10 times the default timeout (20 s), no cap, the peak RSS (GNU time) only
# reported.  Without a usable prlimit (absent, or cckit does not start
# under the cap) the peak RSS is measured and must stay under the cap.
# Each line shows the exit status, seconds and peak RSS of the run.  Output: one PASS:/FAIL: line per case and command, last line
# "N passed, M failed"; exit 0 only without a failure, 77 (skip) without
# the generator, python3 or timeout.
# (CCKIT_ADV_CASES=DIR uses an already generated set instead, to iterate.)
: "${CCKIT:?hostile.sh: set CCKIT to the cckit binary}"
# The canary's port is fixed by the generator, so two runs on one machine
# (builds side by side, several checkouts) would see each other's listener:
# where the kernel lets us, run in a network namespace of our own, with
# only its loopback up.
if [ -z "${CCKIT_ADV_NETNS:-}" ] && command -v unshare >/dev/null 2>&1 &&
   command -v ip >/dev/null 2>&1 &&
   unshare -n sh -c 'ip link set lo up' >/dev/null 2>&1; then
    CCKIT_ADV_NETNS=1 exec unshare -n sh -c 'ip link set lo up && exec "$@"' sh "$0" "$@"
fi
here=$(cd "$(dirname "$0")" && pwd)
CCKIT_SHARED=${CCKIT_SHARED:-$here/../../shared}
gen=$CCKIT_SHARED/adversarial/make-adversarial
if [ -z "${CCKIT_ADV_CASES:-}" ] && [ ! -f "$gen" ]; then
    echo "SKIP: no generator at $gen (set CCKIT_SHARED)"
    exit 77
fi
for prog in python3 timeout; do
    command -v "$prog" >/dev/null 2>&1 || { echo "SKIP: $prog not found"; exit 77; }
done

# ---- bounds ------------------------------------------------------------------
mem_mib=${CCKIT_ADV_MEM_MIB:-256}
cap_bytes=$((mem_mib * 1024 * 1024))
if [ "${CCKIT_SANITIZED:-0}" = 1 ]; then
    limit_s=${CCKIT_ADV_TIMEOUT:-20}
else
    limit_s=${CCKIT_ADV_TIMEOUT:-2}
fi
# GNU time gives the peak RSS (and the elapsed time) of each run.
have_time=no
/usr/bin/time -o /dev/null -f %M true >/dev/null 2>&1 && have_time=yes
# mem_mode: cap (prlimit --as), rss (measured, fails above the cap),
# report (sanitizer build: measured, only shown) or none.
if [ "${CCKIT_SANITIZED:-0}" = 1 ]; then
    mem_mode=report
    echo "NOTE: CCKIT_SANITIZED=1: timeout ${limit_s}s, no address-space cap, peak RSS only reported"
elif command -v prlimit >/dev/null 2>&1 &&
     prlimit --as="$cap_bytes" "$CCKIT" --version >/dev/null 2>&1; then
    mem_mode=cap
elif [ "$have_time" = yes ]; then
    mem_mode=rss
    echo "NOTE: no usable prlimit --as=${mem_mib}MiB; the peak RSS must stay under ${mem_mib} MiB instead"
else
    mem_mode=none
    echo "NOTE: neither prlimit nor GNU /usr/bin/time: memory is not bounded"
fi
[ "$mem_mode" = report ] && [ "$have_time" = no ] && echo "NOTE: no GNU /usr/bin/time: peak RSS not measured"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cckit-hostile.XXXXXX") || exit 99
listener_pid=
cleanup() {
    [ -n "$listener_pid" ] && kill "$listener_pid" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM
M=$WORK/m                               # the test's own bookkeeping
mkdir "$M"

passed=0
failed=0

# ---- the hostile set, made once ------------------------------------------------
if [ -n "${CCKIT_ADV_CASES:-}" ]; then
    CASES=$CCKIT_ADV_CASES
    echo "using the hostile set in $CASES (CCKIT_ADV_CASES)"
else
    CASES=$WORK/cases
    echo "generating the hostile set (about 40 s) ..."
    if ! python3 "$gen" "$CASES" > "$M/gen.log" 2>&1; then
        echo "FAIL: make-adversarial failed:"; cat "$M/gen.log"
        echo "0 passed, 1 failed"
        exit 1
    fi
fi
[ -f "$CASES/expected.tsv" ] || { echo "FAIL: no expected.tsv in $CASES"; echo "0 passed, 1 failed"; exit 1; }

# ---- the network canary ------------------------------------------------------
: > "$M/connections"
python3 - "$M/connections" "$M/listener.ready" "$$" <<'PY' > "$M/listener.log" 2>&1 &
import os, socket, sys, time
log, ready, parent = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", 47777))
except OSError as e:
    # Is it someone else's listener (which would hide our connections)?
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    c.settimeout(1.0)
    taken = c.connect_ex(("127.0.0.1", 47777)) == 0
    c.close()
    open(ready, "w").write("%s: %s\n" % ("taken" if taken else "unbound", e))
    sys.exit(0)
s.listen(16)
open(ready, "w").write("ok\n")
deadline = time.time() + 3600          # never outlive a test run
s.settimeout(1.0)
while time.time() < deadline:
    try:
        os.kill(parent, 0)             # nor the script
    except OSError:
        break
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
while [ ! -s "$M/listener.ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
canary=no
ready=$(cat "$M/listener.ready" 2>/dev/null)
case $ready in
    ok*)    canary=yes ;;
    taken*) echo "FAIL: 127.0.0.1:47777 is held by another listener ($ready); connections cannot be checked"
            failed=$((failed + 1)) ;;
    *)      echo "NOTE: cannot listen on 127.0.0.1:47777 (${ready:-no answer}) and nothing listens there; the network check is skipped" ;;
esac

# ---- one bounded run -----------------------------------------------------------
S=$WORK/s                               # the scratch folder (also the cwd)
: > "$M/out"; : > "$M/err"; : > "$M/err.convert"; : > "$M/time"
mkdir "$S" "$WORK/tmp"
ls -A "$WORK" > "$M/work.before"
ls -A "$CASES" > "$M/cases.before"
ls -d /tmp/cc_adv_* > "$M/escapes.before" 2>/dev/null
if [ -s "$M/escapes.before" ]; then
    echo "NOTE: left by someone before this test (only new ones count): $(tr '\n' ' ' < "$M/escapes.before")"
fi

# fresh: an empty scratch folder and an empty private TMPDIR.
fresh() {
    rm -rf "$S" "$WORK/tmp"
    mkdir "$S" "$WORK/tmp"
}

# run ARGS...: cckit ARGS from $S; sets rc, secs, rss (KiB, or "?");
# stdout in $M/out, stderr in $M/err.
run() {
    if [ "$have_time" = yes ]; then
        set -- /usr/bin/time -o "$M/time" -f '%e %M' "$CCKIT" "$@"
    else
        set -- "$CCKIT" "$@"
    fi
    [ "$mem_mode" = cap ] && set -- prlimit --as="$cap_bytes" "$@"
    : > "$M/time"
    ls -A "$S" > "$M/s.before"
    t0=$(date +%s)
    # TERM first so that cckit can remove its temporaries, KILL 2 s later.
    (cd "$S" && TMPDIR=$WORK/tmp && export TMPDIR &&
        exec timeout -k 2 "$limit_s" "$@") > "$M/out" 2> "$M/err" < /dev/null
    rc=$?
    # A timeout on a busy machine is not yet a hang: once more, with what
    # the first run left in $S removed, and five times the time; a hang
    # runs out of that too.
    if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
        echo "NOTE: $* timed out after ${limit_s}s (load: $(cut -d' ' -f1 /proc/loadavg 2>/dev/null)); once more with $((limit_s * 5))s"
        ls -A "$S" | while IFS= read -r left; do
            grep -qxF -- "$left" "$M/s.before" || rm -rf "$S/$left"
        done
        : > "$M/time"
        t0=$(date +%s)
        (cd "$S" && TMPDIR=$WORK/tmp && export TMPDIR &&
            exec timeout -k 2 "$((limit_s * 5))" "$@") > "$M/out" 2> "$M/err" < /dev/null
        rc=$?
    fi
    secs=$(( $(date +%s) - t0 ))
    rss='?'
    # GNU time's last line: "ELAPSED RSS" (a "Command exited ..." line may precede it).
    last=$(tail -n 1 "$M/time" 2>/dev/null)
    case $last in
        [0-9]*" "[0-9]*) secs=${last% *}; rss=${last#* } ;;
    esac
}

# fail_if WHY: add a problem to this run's list.
fail_if() { problems="$problems; $1"; }

# check_common ALLOWED: the checks of every run; ALLOWED is the one entry
# the run may leave in $S (dest, out.imscc, or "-" for none).
check_common() {
    case $rc in
        124|137) fail_if "timed out after ${limit_s}s (exit $rc)" ;;
        *) [ "$rc" -gt 128 ] && fail_if "killed by signal $((rc - 128))" ;;
    esac
    if grep -qi 'out of memory\|memory allocation failed\|cannot allocate memory' "$M/err"; then
        fail_if "ran out of memory (cap ${mem_mib} MiB)"
    fi
    if [ "$mem_mode" = rss ] && [ "$rss" != '?' ] && [ "$rss" -gt $((mem_mib * 1024)) ]; then
        fail_if "peak RSS ${rss} KiB above ${mem_mib} MiB"
    fi
    other=$(ls -A "$S" | grep -v -x -F -e "$1")
    [ -n "$other" ] && fail_if "wrote into the scratch folder: $(echo "$other" | head -5 | tr '\n' ' ')"
    tmps=$(find "$S" -name '*.cckit-tmp-*' 2>/dev/null | head -3)
    [ -n "$tmps" ] && fail_if "left temporaries: $(echo "$tmps" | sed "s|^$S/||" | tr '\n' ' ')"
    [ -n "$(ls -A "$WORK/tmp")" ] && fail_if "wrote into TMPDIR: $(ls -A "$WORK/tmp" | head -5 | tr '\n' ' ')"
    # (A new baseline after a change: each run answers for its own.)
    ls -A "$WORK" > "$M/work.after"
    if ! cmp -s "$M/work.before" "$M/work.after"; then
        fail_if "wrote beside the scratch folder: $(comm -13 "$M/work.before" "$M/work.after" | tr '\n' ' ')"
        cp "$M/work.after" "$M/work.before"
    fi
    ls -A "$CASES" > "$M/cases.after"
    if ! cmp -s "$M/cases.before" "$M/cases.after"; then
        fail_if "wrote beside the input: $(comm -13 "$M/cases.before" "$M/cases.after" | tr '\n' ' ')"
        cp "$M/cases.after" "$M/cases.before"
    fi
    ls -d /tmp/cc_adv_* > "$M/escapes.after" 2>/dev/null
    if ! cmp -s "$M/escapes.before" "$M/escapes.after"; then
        fail_if "created $(comm -13 "$M/escapes.before" "$M/escapes.after" | tr '\n' ' ')"
        cp "$M/escapes.after" "$M/escapes.before"
    fi
    if [ "$canary" = yes ] && [ -s "$M/connections" ]; then
        fail_if "connected to the canary: $(tr '\n' ' ' < "$M/connections")"
        : > "$M/connections"
    fi
}

# want_rc WANT: the exit status against "0", "1" or "0|1".
want_rc() {
    case "|$1|" in
        *"|$rc|"*) ;;
        *) fail_if "exit $rc, expected $1 (verdict $verdict)" ;;
    esac
}

# report CMD [NOTE]: one line for this case and command.
report() {
    msg=$(head -c 150 "$M/err" | tr '\n' ' ')
    [ -n "${2:-}" ] && msg="$2 $msg"
    if [ -n "$problems" ]; then
        failed=$((failed + 1))
        printf 'FAIL: %s %s (exit %s, %ss, %s KiB):%s\n' "$1" "$name" "$rc" "$secs" "$rss" "${problems#;}"
        [ -n "$msg" ] && printf '      stderr: %s\n' "$msg"
    else
        passed=$((passed + 1))
        printf 'PASS: %s %s (exit %s, %ss, %s KiB) %s\n' "$1" "$name" "$rc" "$secs" "$rss" "$msg"
    fi
    problems=
}

# ---- the cases -------------------------------------------------------------------
problems=
n=0
tab=$(printf '\t')
while IFS="$tab" read -r name attacks expected verdict rest; do
    [ "$name" = name ] && continue
    case $name in *.imscc|*.xml) ;; *) continue ;; esac
    n=$((n + 1))
    file=$CASES/$name
    base=${name%.*}
    case $verdict in
        reject) v_rc=1 ;;
        accept) v_rc=0 ;;
        *)      v_rc="0|1" ;;
    esac
    # The level of the attack.  manifest: a sound package whose manifest
    # only the validator's rules can fault.  xml: a sound ZIP whose content
    # is hostile (XML attacks, no or a misplaced manifest); the generator
    # writes a bare .xml twin for XML-level attacks only, so one counts too.
    # zip: the rest, the ZIP layer itself.
    case $base in
        dependency_cycle|dependency_chain_deep|items_100k|duplicate_identifiers|manifest_href_traversal)
            level=manifest ;;
        missing_manifest|manifest_in_subfolder|xxe_*|billion_laughs|quadratic_blowup|\
        deep_nesting|huge_attribute|invalid_utf8_manifest|utf16_manifest|\
        doctype_external_dtd|xinclude|schemalocation_network|dependency_*)
            level=xml ;;
        *)  if [ -f "$CASES/$base.xml" ]; then level=xml; else level=zip; fi ;;
    esac

    # -- validate: exactly the verdict, with a JSON report
    fresh
    run validate --format json "$file"
    validate_rc=$rc
    check_common -
    want_rc "$v_rc"
    report_info=$(python3 -c 'import json,sys
try:
    d = json.load(open(sys.argv[1]))
    codes = sorted({x["code"] for c in d["cartridges"] for x in c["diagnostics"] if x["severity"] == "error"})
    print(sum(c["errors"] for c in d["cartridges"]), " ".join(codes)[:120])
except Exception:
    print("none")' "$M/out")
    nerr=${report_info%% *}
    codes=${report_info#"$nerr"}
    if [ "$rc" -le 1 ] && [ "$nerr" = none ]; then
        fail_if "no JSON report on stdout"
    elif [ "$rc" = 1 ] && [ "$nerr" = 0 ]; then
        fail_if "exit 1 without an error diagnostic"
    elif [ "$rc" = 0 ] && [ "$nerr" != 0 ]; then
        fail_if "exit 0 with $nerr error diagnostic(s)"
    fi
    codes=${codes# }
    report validate "${codes:+[$codes]}"

    # -- info: the verdict, but info only has to survive the manifest rows
    fresh
    run info "$file"
    info_rc=$rc
    check_common -
    [ "$rc" = 1 ] && [ ! -s "$M/err" ] && fail_if "exit 1 without a message on stderr"
    if [ "$level" = manifest ]; then want_rc "0|1"; else want_rc "$v_rc"; fi
    report info

    # -- unpack: a ZIP operation; all or nothing in DEST
    fresh
    run unpack "$file" -C "$S/dest"
    check_common dest
    [ "$rc" = 1 ] && [ ! -s "$M/err" ] && fail_if "exit 1 without a message on stderr"
    case $name in
        *.xml) want_rc 1 ;;                            # not an archive
        *) case $verdict:$level in
               reject:zip) want_rc 1 ;;
               reject:*)   want_rc "0|1" ;;            # it parses no XML
               *)          want_rc "$v_rc" ;;
           esac ;;
    esac
    if [ "$rc" != 0 ] && [ -e "$S/dest" ]; then
        fail_if "refused but left dest: $(ls -A "$S/dest" 2>/dev/null | head -3 | tr '\n' ' ')"
    elif [ "$rc" = 0 ] && [ ! -d "$S/dest" ]; then
        fail_if "exit 0 but no dest folder"
    fi
    report unpack

    # -- convert: refuses what it cannot convert faithfully, says why
    fresh
    run convert "$file" -o "$S/out.imscc" --to 1.1
    check_common out.imscc
    [ "$rc" = 1 ] && [ ! -s "$M/err" ] && fail_if "exit 1 without a message on stderr"
    case $name in
        *.xml) want_rc 1 ;;                            # not a cartridge
        *)     want_rc "$v_rc" ;;
    esac
    if [ "$rc" = 1 ]; then
        [ -e "$S/out.imscc" ] && fail_if "refused but wrote out.imscc"
        case $name in
            *.imscc)
                # A valid input may only be refused by a limit.
                if [ "$validate_rc" = 0 ] && ! grep -q -e '--max-' "$M/err"; then
                    fail_if "validate accepts it, yet the refusal names no --max-... limit"
                # A readable package is refused as invalid or by a limit.
                elif [ "$info_rc" = 0 ] && ! grep -q -e '--allow-invalid' -e '--max-' "$M/err"; then
                    fail_if "the refusal names neither --allow-invalid nor a --max-... limit"
                fi ;;
        esac
    fi
    convert_rc=$rc
    note=
    if [ "$rc" = 0 ]; then
        if [ ! -f "$S/out.imscc" ]; then
            fail_if "exit 0 but no out.imscc"
        else
            # The output must validate strictly (accept), or at least be
            # readable by the validator (accept|reject): a bounded run too.
            cp "$M/err" "$M/err.convert"
            convert_secs=$secs convert_rss=$rss
            run validate --strict "$S/out.imscc"
            strict_rc=$rc
            check_common out.imscc
            if [ "$verdict" = accept ]; then
                [ "$rc" = 0 ] || fail_if "validate --strict out.imscc: exit $rc: $(cat "$M/out" "$M/err" | head -c 200 | tr '\n' ' ')"
            else
                case $rc in 0|1) ;; *) fail_if "validate --strict out.imscc: exit $rc" ;; esac
            fi
            note="[validate --strict out.imscc: exit $strict_rc, ${secs}s, $rss KiB]"
            cp "$M/err.convert" "$M/err"
            rc=$convert_rc secs=$convert_secs rss=$convert_rss
        fi
    fi
    report convert "$note"

    # -- preview: a site in S/site, all or nothing; a hostile package is
    # refused with a message, whatever it holds is shown as text
    fresh
    run preview -q "$file" -o "$S/site"
    check_common site
    [ "$rc" = 1 ] && [ ! -s "$M/err" ] && fail_if "exit 1 without a message on stderr"
    case $name in
        *.xml) want_rc "0|1" ;;                        # a bare manifest: its outline
        *) case $verdict:$level in
               reject:zip) want_rc 1 ;;
               accept:*)   want_rc 0 ;;
               *)          want_rc "0|1" ;;
           esac ;;
    esac
    if [ "$rc" != 0 ] && [ -e "$S/site" ]; then
        fail_if "refused but left site: $(ls -A "$S/site" 2>/dev/null | head -3 | tr '\n' ' ')"
    elif [ "$rc" = 0 ] && [ ! -f "$S/site/index.html" ]; then
        fail_if "exit 0 but no site/index.html"
    fi
    report preview
done < "$CASES/expected.tsv"

if [ "$n" = 0 ]; then
    echo "FAIL: no .imscc or .xml case in expected.tsv"
    failed=$((failed + 1))
fi
if [ "$canary" = yes ]; then
    sleep 0.2                           # a connection accepted after the last check
    if [ -s "$M/connections" ]; then
        echo "FAIL: a connection reached the canary: $(cat "$M/connections")"
        failed=$((failed + 1))
    else
        echo "no connection reached 127.0.0.1:47777"
    fi
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
