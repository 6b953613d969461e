#!/bin/sh
# tests/rules.sh - run every rule test case under tests/rules/cases.
#
# A case is a folder NAME/ with cartridge/ (an unpacked cartridge, valid
# except for one violation) and expected:
#     # Rnn: what this case breaks
#     # args: --strict            (optional extra `cckit validate` arguments)
#     # exit: 1                   (expected exit status)
#     error manifest.root-item-title imsmanifest.xml:12
#     warning manifest.type-version imsmanifest.xml
#     absent xsd.resource-type imsmanifest.xml:12
# Each non-comment line SEVERITY CODE FILE[:LINE] must match a diagnostic of
# `cckit validate --format json` (FILE package-relative; without :LINE any
# line matches); a line "absent CODE FILE[:LINE]" must match none.  Every error the validator emits must be listed; unlisted
# warnings and infos are allowed.
# Prints one line per failing case, then "N passed, M failed"; exit 1 if
# any failed.  Env: CCKIT (the tool), CCKIT_SCHEMA_DIR; argument: one or
# more case names to run only those.
set -u
here=$(cd "$(dirname "$0")" && pwd)
cases="$here/rules/cases"
CCKIT=${CCKIT:-$here/../cckit}
: "${CCKIT_SCHEMA_DIR:=$here/../schemas}"
export CCKIT_SCHEMA_DIR
if ! command -v python3 >/dev/null 2>&1; then
    echo "SKIP: python3 not available"
    exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cckit-rules.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

passed=0
failed=0
if [ $# -gt 0 ]; then
    list=$*
else
    list=$(cd "$cases" && ls | LC_ALL=C sort)
fi
for name in $list; do
    dir="$cases/$name"
    [ -d "$dir" ] || continue
    if [ ! -f "$dir/expected" ] || [ ! -d "$dir/cartridge" ]; then
        echo "FAIL $name: needs expected and cartridge/"
        failed=$((failed + 1))
        continue
    fi
    args=$(sed -n 's/^# *args: *//p' "$dir/expected" | head -n 1)
    want_exit=$(sed -n 's/^# *exit: *//p' "$dir/expected" | head -n 1)
    # shellcheck disable=SC2086
    timeout 60 "$CCKIT" validate --format json $args "$dir/cartridge" >"$tmp/out.json" 2>"$tmp/err"
    rc=$?
    reason=$(python3 - "$dir/expected" "$tmp/out.json" "$rc" "${want_exit:-}" "$tmp/err" <<'PY'
import json, sys
exp_path, out_path, rc, want_exit, err_path = sys.argv[1:6]
rc = int(rc)
problems = []
if want_exit and rc != int(want_exit):
    problems.append("exit %d, expected %s" % (rc, want_exit))
try:
    doc = json.load(open(out_path, encoding="utf-8"))
    diags = [d for c in doc["cartridges"] for d in c["diagnostics"]]
except Exception as e:
    err = open(err_path, encoding="utf-8", errors="replace").read().strip()
    print("no JSON report (%s)%s" % (e, ": " + err.splitlines()[0] if err else ""))
    sys.exit(0)
wanted = []
absent = []
for raw in open(exp_path, encoding="utf-8"):
    line = raw.strip()
    if not line or line.startswith("#"):
        continue
    parts = line.split()
    if len(parts) != 3:
        problems.append("bad expected line: %r" % line)
        continue
    sev, code, loc = parts
    f, _, ln = loc.partition(":")
    (absent if sev == "absent" else wanted).append((sev, code, f, int(ln) if ln else None))
def match(w, d):
    sev, code, f, ln = w
    return ((sev == "absent" or d["severity"] == sev) and d["code"] == code and d["file"] == f
            and (ln is None or d["line"] == ln))
for w in wanted:
    if not any(match(w, d) for d in diags):
        got = sorted({"%s %s %s:%s" % (d["severity"], d["code"], d["file"], d["line"])
                      for d in diags if d["code"] == w[1]})
        problems.append("missing %s %s %s%s%s" % (w[0], w[1], w[2],
                        ":%d" % w[3] if w[3] is not None else "",
                        " (got " + ", ".join(got) + ")" if got else ""))
for a in absent:
    for d in diags:
        if match(a, d):
            problems.append("%s %s %s:%s should not be reported" % (d["severity"], d["code"],
                                                                     d["file"], d["line"]))
for d in diags:
    if d["severity"] == "error" and not any(match(w, d) for w in wanted):
        problems.append("unexpected error %s %s:%s" % (d["code"], d["file"], d["line"]))
print("; ".join(problems))
PY
)
    if [ -n "$reason" ]; then
        echo "FAIL $name: $reason"
        failed=$((failed + 1))
    else
        passed=$((passed + 1))
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
