#!/usr/bin/env python3
"""Compare the verdicts of OUR schemas (schemas/) with the OFFICIAL IMS XSDs.

Called by oracle-agreement.sh; see there.  usage:
    oracle-agreement.py TOP SHARED TMPDIR DOCS.TSV [-v]

For every document row of DOCS.TSV (from collect-docs.py) pick our XSD via
schemas/index.tsv and the official XSD via tests/schemas/official-map.tsv,
validate with `xmllint --nonet` (each side with its own OASIS catalog) and
compare valid/invalid.  Disagreements listed in known-disagreements.tsv are
tolerated; their reason must also be written in schemas/README.
"""
import os
import subprocess
import sys
from collections import defaultdict

top, shared, tmp, docs_tsv = sys.argv[1:5]
verbose = "-v" in sys.argv[5:]
here = os.path.join(top, "tests", "schemas")
ours_dir = os.path.join(top, "schemas")
ref_dir = os.path.join(shared, "ref", "schemas")


def rows(path):
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                yield line.split("\t")


# --- lookup tables ----------------------------------------------------------
index = [r for r in rows(os.path.join(ours_dir, "index.tsv")) if r[0] != "version"]
official = list(rows(os.path.join(here, "official-map.tsv")))
known = {r[0]: r[1] for r in rows(os.path.join(here, "known-disagreements.tsv"))
         if r[0] != "file"}
with open(os.path.join(ours_dir, "README"), encoding="utf-8") as fh:
    readme = " ".join(fh.read().split())

config_errors = []
for label, reason in known.items():
    if " ".join(reason.split()) not in readme:
        config_errors.append("known disagreement reason not in schemas/README: %s" % reason)


def pick_ours(version, ns, root):
    """Exact (version, namespace, root) first, else any version of that namespace."""
    for r in index:
        if r[0] == version and r[2] == ns and r[3] == root:
            return os.path.join(ours_dir, r[4])
    for r in index:
        if r[2] == ns and r[3] == root:
            return os.path.join(ours_dir, r[4])
    return None


def pick_official(version, ns):
    for want in (version, "*"):
        for r in official:
            if r[0] == want and r[1] == ns:
                return r[2], (r[3] if len(r) > 3 and r[3] != "-" else None)
    return None, None


def driver10():
    """CC 1.0 needs a driver importing the four namespaces of cc1.0/config.xml."""
    path = os.path.join(tmp, "official-cc1.0-driver.xsd")
    imports = [
        ("http://www.imsglobal.org/xsd/imscc/imscp_v1p1", "imscp_v1p2_localised.xsd"),
        ("http://www.imsglobal.org/xsd/imsccauth_v1p0", "domainProfile_0/imsccauth_v1p0_localised.xsd"),
        ("http://ltsc.ieee.org/xsd/imscc/LOM", "domainProfile_1/lomLoose_localised.xsd"),
        ("http://ltsc.ieee.org/xsd/LOM", "domainProfile_2/lomLoose_localised.xsd"),
    ]
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">\n')
        for ns, loc in imports:
            fh.write('  <xs:import namespace="%s" schemaLocation="file://%s"/>\n'
                     % (ns, os.path.join(ref_dir, "cc1.0", loc)))
        fh.write("</xs:schema>\n")
    return path


def validate(xsd, files, catalog):
    """Return {file: (valid?, [messages])} using one xmllint run per schema."""
    env = dict(os.environ, XML_CATALOG_FILES=catalog)
    result = {f: (False, []) for f in files}
    for i in range(0, len(files), 200):
        chunk = files[i:i + 200]
        p = subprocess.run(["xmllint", "--nonet", "--noout", "--schema", xsd] + chunk,
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        out = p.stdout.decode("utf-8", "replace").splitlines()
        if any("failed to compile" in l for l in out):
            return None, out
        for line in out:
            for f in chunk:
                if line == f + " validates":
                    result[f] = (True, result[f][1])
                elif line.startswith(f + ":") or line.startswith(f + " "):
                    result[f][1].append(line[len(os.path.dirname(f)) + 1:])
    return result, []


# --- plan -------------------------------------------------------------------
docs = list(rows(docs_tsv))
ours_groups, off_groups = defaultdict(list), defaultdict(list)
plan = {}
drv = None
os.makedirs(os.path.join(tmp, "rewritten"), exist_ok=True)
for did, label, path, version, ns, root in docs:
    o = pick_ours(version, ns, root)
    off, rewrite = pick_official(version, ns)
    opath = path
    if off == "@driver10":
        drv = drv or driver10()
        off = drv
    elif off:
        off = os.path.join(ref_dir, off)
    if off and rewrite:
        a, b = rewrite.split(">")
        opath = os.path.join(tmp, "rewritten", os.path.basename(path))
        with open(path, "rb") as src, open(opath, "wb") as dst:
            dst.write(src.read().replace(a.encode(), b.encode()))
    plan[did] = (label, path, opath, version, ns, root, o, off)
    if ns == "-":            # not well-formed: invalid for everyone, nothing to run
        continue
    if o:
        ours_groups[o].append(path)
    if off:
        off_groups[off].append(opath)

ours_res, off_res = {}, {}
compile_fail = []
for xsd, files in ours_groups.items():
    res, out = validate(xsd, files, os.path.join(ours_dir, "catalog.xml"))
    if res is None:
        compile_fail.append((xsd, out[-5:]))
        res = {f: (False, ["our schema failed to compile"]) for f in files}
    ours_res.update(res)
for xsd, files in off_groups.items():
    # CCKIT_OFFICIAL_CATALOGS: official-fill.py's catalog first (CC 1.4)
    res, out = validate(xsd, files, os.environ.get("CCKIT_OFFICIAL_CATALOGS")
                        or os.path.join(ref_dir, "catalog.xml"))
    if res is None:      # official schema unusable: no oracle for these
        continue
    off_res.update(res)

# --- compare ----------------------------------------------------------------
passed = failed = skipped = 0
per_kind = defaultdict(lambda: [0, 0, 0])
unused_known = set(known)
for did in sorted(plan, key=int):
    label, path, opath, version, ns, root, o, off = plan[did]
    kind = "%s %s" % (version, root)
    if ns == "-":
        mine, theirs = (False, ["not well-formed"]), (False, ["not well-formed"])
    else:
        mine = ours_res.get(path) if o else None
        theirs = off_res.get(opath) if off else None
    if theirs is None and label.startswith("gen-") and "#" not in label and mine is not None:
        # gen-cartridge promises spec-valid output: without an oracle
        # (CC 1.2) we at least require our schemas to accept it
        if mine[0]:
            passed += 1
            per_kind[kind][0] += 1
            if verbose:
                print("ok    %s (valid; no oracle, generator output)" % label)
        else:
            failed += 1
            per_kind[kind][1] += 1
            print("FAIL  %s: generator output rejected by our schema (no oracle)" % label)
            for m in mine[1][:4]:
                print("        ours: %s" % m)
        continue
    if theirs is None:
        skipped += 1
        per_kind[kind][2] += 1
        v = "no schema" if mine is None else ("valid" if mine[0] else "invalid")
        print("SKIP  %s (no official oracle; ours: %s)" % (label, v))
        continue
    if mine is None:
        failed += 1
        per_kind[kind][1] += 1
        print("FAIL  %s: no schema of ours for %s {%s}%s (official: %s)"
              % (label, version, ns, root, "valid" if theirs[0] else "invalid"))
        continue
    agree = mine[0] == theirs[0]
    word = lambda r: "valid" if r[0] else "invalid"
    if agree:
        passed += 1
        per_kind[kind][0] += 1
        if verbose:
            print("ok    %s (%s)" % (label, word(mine)))
    elif label in known:
        passed += 1
        per_kind[kind][0] += 1
        unused_known.discard(label)
        print("KNOWN %s: ours %s, official %s -- %s" % (label, word(mine), word(theirs), known[label]))
    else:
        failed += 1
        per_kind[kind][1] += 1
        print("FAIL  %s: ours %s, official %s" % (label, word(mine), word(theirs)))
        for side, r in (("ours", mine), ("official", theirs)):
            for m in r[1][:4]:
                print("        %s: %s" % (side, m))

for xsd, out in compile_fail:
    print("FAIL  our schema does not compile: %s" % os.path.relpath(xsd, top))
    for l in out:
        print("        " + l)
    failed += 1
for label in sorted(unused_known):
    print("note  known-disagreements.tsv entry not (or no longer) needed: %s" % label)
for e in config_errors:
    print("FAIL  " + e)
    failed += 1

print("\nper kind (version root: agree/disagree/skipped):")
for k in sorted(per_kind):
    a, d, s = per_kind[k]
    print("  %-32s %4d %4d %4d" % (k, a, d, s))
line = "%d passed, %d failed" % (passed, failed)
if skipped:
    line += ", %d skipped" % skipped
print(line)
sys.exit(1 if failed else 0)
