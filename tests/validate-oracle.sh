#!/bin/sh
# tests/validate-oracle.sh - `cckit validate --strict`'s schema verdict
# (files[].schema_valid of the JSON report) must agree with the OFFICIAL
# IMS XSDs run through xmllint (--nonet, the shared catalog) for every
# manifest and descriptor of the shared corpus and of gen-cartridge output
# (CC 1.1 and 1.3).  Deliberate disagreements: tests/schemas/
# known-disagreements.tsv.  Documents without an official oracle (CC 1.2,
# 1.0 QTI) are skipped.  Exit 0 pass, 1 fail, 77 skip (no shared folder).
set -u
here=$(cd "$(dirname "$0")" && pwd)
shared=${CCKIT_SHARED:-$here/../../shared}
CCKIT=${CCKIT:-$here/../cckit}
: "${CCKIT_SCHEMA_DIR:=$here/../schemas}"
export CCKIT_SCHEMA_DIR
if [ ! -d "$shared/corpus" ] || [ ! -f "$shared/ref/schemas/catalog.xml" ]; then
    echo "SKIP: shared reference folder not found at $shared (set CCKIT_SHARED)"
    exit 77
fi
for tool in xmllint python3; do
    command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: $tool not available"; exit 77; }
done
shared=$(cd "$shared" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cckit-voracle.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
for v in 1.1 1.3; do
    python3 "$shared/bench/gen-cartridge" --version "$v" --preset small --seed 1 -q \
        -o "$tmp/gen-small-cc$v.imscc" || { echo "FAIL gen-cartridge --version $v"; exit 1; }
done
set -- "$shared"/corpus/*.imscc "$tmp"/gen-small-cc1.1.imscc "$tmp"/gen-small-cc1.3.imscc
# CC 1.4: gen-cartridge's 1.3 output converted (full and thin), and the
# K-12 Thin 1.4 sample; the partial official 1.4 XSDs through official-fill.py
for to in 1.4 thin1.4; do
    CCKIT_XSL_DIR=${CCKIT_XSL_DIR:-$here/../xsl} "$CCKIT" convert "$tmp/gen-small-cc1.3.imscc" \
        -o "$tmp/gen-small-$to-cc1.4.imscc" --to "$to" >/dev/null 2>&1 \
        && set -- "$@" "$tmp/gen-small-$to-cc1.4.imscc" \
        || { echo "FAIL cckit convert --to $to of gen-small-cc1.3"; exit 1; }
done
set -- "$@" "$here/../samples/thin-k12-cc1.4"
CCKIT_OFFICIAL_CATALOGS=$(python3 "$here/schemas/official-fill.py" "$here/.." "$shared" "$tmp/fill") || {
    echo "FAIL could not prepare the official CC 1.4 schemas"; exit 1; }
export CCKIT_OFFICIAL_CATALOGS
python3 "$here/schemas/collect-docs.py" "$tmp" "$@" >"$tmp/docs.tsv" || {
    echo "FAIL could not extract the documents"; exit 1; }
mkdir -p "$tmp/json"
for c in "$@"; do
    "$CCKIT" validate --strict --quick --no-links --format json "$c" >"$tmp/json/$(basename "$c").json" 2>/dev/null
done
python3 - "$here" "$shared" "$tmp" <<'PY'
import json, os, subprocess, sys
here, shared, tmp = sys.argv[1:4]
ref = os.path.join(shared, "ref", "schemas")
official = [l.rstrip("\n").split("\t") for l in open(os.path.join(here, "schemas", "official-map.tsv"))
            if l.strip() and not l.startswith("#")]
known = {}
for l in open(os.path.join(here, "schemas", "known-disagreements.tsv")):
    p = l.rstrip("\n").split("\t")
    if len(p) >= 2 and p[0] != "file":
        known[p[0]] = p[1]
def pick(version, ns):
    for want in (version, "*"):
        for r in official:
            if r[0] == want and r[1] == ns:
                return r[2], (r[3] if len(r) > 3 and r[3] != "-" else None)
    return None, None
def driver10():
    path = os.path.join(tmp, "driver10.xsd")
    imports = [("http://www.imsglobal.org/xsd/imscc/imscp_v1p1", "imscp_v1p2_localised.xsd"),
               ("http://www.imsglobal.org/xsd/imsccauth_v1p0", "domainProfile_0/imsccauth_v1p0_localised.xsd"),
               ("http://ltsc.ieee.org/xsd/imscc/LOM", "domainProfile_1/lomLoose_localised.xsd"),
               ("http://ltsc.ieee.org/xsd/LOM", "domainProfile_2/lomLoose_localised.xsd")]
    with open(path, "w") as fh:
        fh.write('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">\n')
        for ns, loc in imports:
            fh.write('  <xs:import namespace="%s" schemaLocation="file://%s"/>\n'
                     % (ns, os.path.join(ref, "cc1.0", loc)))
        fh.write("</xs:schema>\n")
    return path
env = dict(os.environ, XML_CATALOG_FILES=os.environ.get("CCKIT_OFFICIAL_CATALOGS")
           or os.path.join(ref, "catalog.xml"))
def official_valid(xsd, path):
    p = subprocess.run(["xmllint", "--nonet", "--noout", "--schema", xsd, path], env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = p.stdout.decode("utf-8", "replace")
    if "failed to compile" in out:
        return None
    return p.returncode == 0
ours = {}
for name in os.listdir(os.path.join(tmp, "json")):
    cart = name[:-5]
    try:
        doc = json.load(open(os.path.join(tmp, "json", name)))
    except Exception:
        ours[cart] = None
        continue
    c = doc["cartridges"][0]
    ours[cart] = {f["path"]: f for f in c["files"]}
agree = disagree = skipped = 0
drv = None
for line in open(os.path.join(tmp, "docs.tsv")):
    did, label, path, version, ns, root = line.rstrip("\n").split("\t")
    cart, _, member = label.partition(":")
    if "#" in label:
        continue
    off, rewrite = pick(version, ns)
    if ns == "-":
        theirs = False
    elif not off:
        skipped += 1
        continue
    else:
        if off == "@driver10":
            drv = drv or driver10()
            xsd = drv
        else:
            xsd = os.path.join(ref, off)
        opath = path
        if rewrite:
            a, b = rewrite.split(">")
            opath = path + ".rw.xml"
            with open(path, "rb") as s, open(opath, "wb") as d:
                d.write(s.read().replace(a.encode(), b.encode()))
        theirs = official_valid(xsd, opath)
        if theirs is None:
            skipped += 1
            continue
    files = ours.get(cart)
    f = files.get(member) if files else None
    if f is None or f.get("schema") is None:
        if ns == "-" and files is not None:
            agree += 1   # not well-formed: reported as xml.not-well-formed, no verdict
            continue
        print("SKIP  %s: no schema verdict from cckit" % label)
        skipped += 1
        continue
    mine = bool(f["schema_valid"])
    if mine == theirs:
        agree += 1
    elif label in known:
        print("KNOWN %s: cckit %s, official %s -- %s" % (label, mine, theirs, known[label]))
        agree += 1
    else:
        print("FAIL  %s: cckit %s, official %s" % (label, "valid" if mine else "invalid",
                                                 "valid" if theirs else "invalid"))
        disagree += 1
print("%d agree, %d disagree, %d skipped" % (agree, disagree, skipped))
sys.exit(1 if disagree else 0)
PY
