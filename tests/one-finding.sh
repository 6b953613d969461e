#!/bin/sh
# one-finding.sh - one defect, one finding, on every real cartridge of the
# shared corpus, in lenient and in strict mode.
#
# "One defect" here means two findings at the same file and line that
#   (a) form a pair of codes known to describe one fact: the manifest XSD
#       and the profile rule stating the same requirement (type string of
#       another version, identifier not an NCName, duplicate identifier,
#       intendeduse, title attribute, points_possible, empty section, LTI
#       without vendor, href not a URI) or two rules on one fact (title
#       attribute of the root item; an unlisted LAO file that is also
#       unreferenced or litter; an attachment href that climbs out); or
#   (b) carry the same rule number with one an error and the other a
#       warning: one requirement broken on one element is either an error
#       or a warning in a mode, never both.
# Any such pair fails the case of that cartridge.  Also checks that the
# totals are true: errors/warnings equal the findings listed, a summary
# line "and N more ..." counting N, and the totals equal the diagnostics
# plus "omitted".  Exit 77 when the corpus is absent.
: "${CCKIT:?one-finding.sh: set CCKIT to the cckit binary}"
here=$(cd "$(dirname "$0")" && pwd)
CCKIT_SHARED=${CCKIT_SHARED:-$here/../../shared}
corpus=$CCKIT_SHARED/corpus
if [ ! -d "$corpus" ]; then
    echo "SKIP: no corpus at $corpus (set CCKIT_SHARED)"
    exit 77
fi
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }

exec python3 - "$CCKIT" "$corpus" <<'PY'
import glob, json, os, re, subprocess, sys

cckit, corpus = sys.argv[1], sys.argv[2]
PAIRS = {frozenset(p) for p in [
    ("manifest.type-version", "xsd.resource-type"),
    ("manifest.unknown-type", "xsd.resource-type"),
    ("manifest.id-not-ncname", "xsd.identifier-lexical"),
    ("manifest.duplicate-id", "xsd.duplicate-id"),
    ("manifest.intendeduse", "xsd.intendeduse"),
    ("manifest.item-title-attribute", "xsd.unknown-attribute"),
    ("manifest.root-item-title", "xsd.unknown-attribute"),
    ("manifest.root-item-title", "manifest.item-title-attribute"),
    ("assignment.gradable-attribute", "xsd.unknown-attribute"),
    ("qti.section-content", "xsd.descriptor-empty"),
    ("lti.vendor", "xsd.lti-invalid"),
    ("package.href-not-uri", "xsd.href-lexical"),
    ("descriptor.attachment-href", "links.outside"),
    ("package.lao-file-unlisted", "package.unreferenced-file"),
    ("package.lao-file-unlisted", "package.junk-file"),
]}
SUMMARY = re.compile(r"^(and )?(\d+) more ")
passed = failed = 0
files = sorted(glob.glob(os.path.join(corpus, "*.imscc")))
if not files:
    print("SKIP: no .imscc in %s" % corpus)
    sys.exit(77)
for path in files:
    for mode in ([], ["--strict"]):
        name = "%s%s" % (os.path.basename(path), " --strict" if mode else "")
        p = subprocess.run([cckit, "validate", "--format", "json"] + mode + [path],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
        try:
            doc = json.loads(p.stdout.decode("utf-8"))
        except ValueError as e:
            err = p.stderr.decode("utf-8", "replace").strip().splitlines()
            print("FAIL %s: no JSON (%s)%s" % (name, e, ": " + err[0] if err else ""))
            failed += 1
            continue
        problems = []
        for cart in doc["cartridges"]:
            at = {}
            for d in cart["diagnostics"]:
                at.setdefault((d["file"], d["line"]), []).append(d)
            for (f, ln), ds in sorted(at.items(), key=lambda x: (x[0][0], x[0][1] or 0)):
                for i, a in enumerate(ds):
                    for b in ds[i + 1:]:
                        if SUMMARY.match(a["message"] or "") or SUMMARY.match(b["message"] or ""):
                            continue
                        codes = frozenset((a["code"], b["code"]))
                        sevs = {a["severity"], b["severity"]}
                        if codes in PAIRS or (a["rule"] and a["rule"] == b["rule"]
                                              and sevs == {"error", "warning"}):
                            problems.append("%s:%s %s %s + %s %s" % (f, ln, a["severity"], a["code"],
                                                                    b["severity"], b["code"]))
            if cart["errors"] + cart["warnings"] + cart["infos"] != len(cart["diagnostics"]) + cart["omitted"]:
                problems.append("errors + warnings + infos != diagnostics + omitted")
            for sev, key in (("error", "errors"), ("warning", "warnings")):
                listed = 0
                for d in cart["diagnostics"]:
                    if d["severity"] == sev:
                        m = SUMMARY.match(d["message"] or "")
                        listed += int(m.group(2)) if m else 1
                if listed != cart[key]:
                    problems.append("%s = %d but %d %ss found" % (key, cart[key], listed, sev))
        if problems:
            failed += 1
            print("FAIL %s: %s" % (name, "; ".join(problems[:5])))
        else:
            passed += 1
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
