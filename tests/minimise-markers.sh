#!/bin/sh
# minimise-markers.sh - nothing of the original survives `cckit minimise`:
# a cartridge made here (tests/minimise/markers.py) plants a marker
# string in every title, text, file and folder name, identifier, URL,
# metadata field, descriptor and image; minimise must keep its findings
# (exit 0), and no marker may be found in the output archive - in entry
# names or decompressed bytes, as written, lower-cased, or
# percent-encoded.  The same input and key give the same output, and
# another key another one.  Needs python3 (else skipped, 77).
set -u
: "${CCKIT:=./cckit}" "${CCKIT_SRCDIR:=.}"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/cckit-minimise-markers.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
planted=$(python3 "$CCKIT_SRCDIR/tests/minimise/markers.py" "$T/in") || exit 99
fail=0
"$CCKIT" minimise "$T/in" -o "$T/out.imscc" --key one >"$T/log" 2>&1
rc=$?
[ "$rc" -eq 0 ] || { echo "FAIL: minimise exits $rc:" >&2; cat "$T/log" >&2; fail=1; }
python3 - "$T/out.imscc" "$planted" <<'PY' || fail=1
import re, sys, urllib.parse, zipfile
path, planted = sys.argv[1], int(sys.argv[2])
if planted < 60:
    sys.exit("FAIL: only %d markers planted" % planted)
forms = set()
for k in range(1, planted + 1):
    mk = "ZQXMARKER%d" % k
    forms |= {mk, mk.lower(), "".join("%%%02X" % ord(c) for c in mk), "".join("%%%02x" % ord(c) for c in mk)}
# the stem alone catches every marker and its lower-cased form
pat = re.compile(rb"zqxmarker|%5a%51%58%4d", re.I)
bad = []
with zipfile.ZipFile(path) as z:
    names = z.namelist()
    for name in names:
        if pat.search(name.encode()) or pat.search(urllib.parse.unquote(name).encode()):
            bad.append("name " + name)
        data = z.read(name)
        if pat.search(data) or pat.search(urllib.parse.unquote_to_bytes(data)):
            bad.append("bytes of " + name)
if len(names) < 8:
    bad.append("only %d entries written" % len(names))
for b in bad:
    print("FAIL: a marker survives in the %s" % b, file=sys.stderr)
print("%d markers planted, %d entries checked, %d leaks" % (planted, len(names), len(bad)))
sys.exit(1 if bad else 0)
PY
# a key gives one output; another key another
"$CCKIT" minimise "$T/in" -o "$T/again.imscc" --key one >/dev/null 2>&1
"$CCKIT" minimise "$T/in" -o "$T/other.imscc" --key two >/dev/null 2>&1
cmp -s "$T/out.imscc" "$T/again.imscc" || { echo "FAIL: the same key gives different outputs" >&2; fail=1; }
cmp -s "$T/out.imscc" "$T/other.imscc" && { echo "FAIL: two keys give the same output" >&2; fail=1; }
exit $fail
