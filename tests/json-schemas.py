#!/usr/bin/env python3
"""json-schemas.py CCKIT SRCDIR SHARED - run by tests/json-schemas.sh.

Runs every command that has a JSON output (info, ls, validate, rules,
convert, pack, profile) on the samples, on odd inputs made here in a scratch folder, on
the rule test cartridges and on the corpus of SHARED (when present), and
validates each output against schemas/json/COMMAND.schema.json (pack's,
and the document of info, ls or convert that failed, against
result.schema.json).  Also:
each schema is a valid draft 2020-12 schema whose every key has a
description; each command keeps its
promise about standard output (always a JSON document); the odd
inputs reach the branches of the contracts (null archive, unreadable
package, refused conversion, ...); the counts in each document add up
(errors, totals, dropped/changed) and validate's codes are those of
`cckit rules`; and real outputs with one defect planted are rejected
(so the test can fail).  Prints one line per problem, then a summary;
exit 1 if any.
"""
import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

import jsonschema

cckit, srcdir, shared = sys.argv[1:4]
schema_dir = os.path.join(srcdir, "schemas", "json")
COMMANDS = ["info", "ls", "validate", "rules", "convert", "profile", "compat", "compare"]
COMMANDS += ["repair"]
COMMANDS += ["diff", "minimise", "report"]
# pack's document, and the one of info, ls and convert when they fail
SCHEMAS = COMMANDS + ["result"]
# the JSON Lines of a batch (--format jsonl): one record a line
SCHEMAS += ["batch-record"]
problems = []


def fail(msg):
    problems.append(msg)
    print("FAIL " + msg, flush=True)


# ---- the schemas themselves ------------------------------------------
validators = {}
for name in SCHEMAS:
    path = os.path.join(schema_dir, name + ".schema.json")
    try:
        with open(path, encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
    except (OSError, ValueError, jsonschema.SchemaError) as e:
        fail("%s: not a valid draft 2020-12 schema: %s" % (path, str(e).splitlines()[0]))
        continue
    if schema.get("$schema") != "https://json-schema.org/draft/2020-12/schema":
        fail("%s: $schema is not draft 2020-12" % path)
    validators[name] = jsonschema.Draft202012Validator(schema)
    # Every key is documented: a description on it or on what it refers
    # to (if/then/else only restate keys documented beside them).
    defs = schema.get("$defs", {})
    stack = [("", schema)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, dict):
            for key, sub in node.get("properties", {}).items():
                ref = sub.get("$ref", "")
                target = defs.get(ref.rsplit("/", 1)[-1], {}) if ref.startswith("#/$defs/") else {}
                if "description" not in sub and "description" not in target:
                    fail("%s: %s/%s has no description" % (path, where, key))
            stack.extend((where + "/" + k if k not in ("properties", "$defs") else where, v)
                         for k, v in node.items()
                         if isinstance(v, (dict, list)) and k not in ("if", "then", "else"))
        elif isinstance(node, list):
            stack.extend((where, v) for v in node)
# A schema file nobody tests would be a contract nobody checks.
for f in sorted(os.listdir(schema_dir)):
    if f.endswith(".json") and f[: -len(".schema.json")] not in SCHEMAS:
        fail("%s/%s: no command's output is validated against it" % (schema_dir, f))
if len(validators) != len(SCHEMAS):
    print("%d problem(s)" % len(problems))
    sys.exit(1)

tmp = tempfile.mkdtemp(prefix="cckit-jsonschema.")
docs = {c: [] for c in SCHEMAS}    # schema -> [(label, document)]
registry = set()                   # the codes of `cckit rules`
runs = 0


def schema_errors(command, doc):
    errs = sorted(validators[command].iter_errors(doc), key=lambda e: list(e.absolute_path))
    return ["/%s: %s" % ("/".join(str(p) for p in e.absolute_path), e.message[:200]) for e in errs]


CONVERT_NOTES = {"descriptor-unreadable", "assignment-page-exists"}


def tree_items(items):
    n = 0
    stack = list(items)
    while stack:
        it = stack.pop()
        n += 1
        stack.extend(it["items"])
    return n


def invariants(command, d):
    """What the descriptions say about how keys relate, beyond the
    schema's reach.  Called on documents the schema accepted."""
    bad = []
    if command == "info":
        c = d["counts"]
        if c["resources"] != len(d["resources"]) or sum(c["by_kind"].values()) != c["resources"]:
            bad.append("counts.resources/by_kind do not add up to the resources")
        if c["files"] != sum(len(r["files"]) for r in d["resources"]):
            bad.append("counts.files is not the number of resource files")
        if c["items"] != tree_items(d["organization"]["items"] if d["organization"] else []):
            bad.append("counts.items is not the number of items in the tree")
        if d["title"] != d["metadata"]["title"]:
            bad.append("title differs from metadata.title")
    elif command == "ls":
        t, es = d["total"], d["entries"]
        if (t["entries"], t["files"], t["size"], t["compressed_size"]) != (
                len(es), sum(not e["dir"] for e in es), sum(e["size"] for e in es),
                sum(e["compressed_size"] for e in es)):
            bad.append("total does not add up the entries")
    elif command == "validate":
        for c in d["cartridges"]:
            # a display cap leaves one summary line for many findings: the
            # totals are the diagnostics plus "omitted"
            if c["errors"] + c["warnings"] + c["infos"] != len(c["diagnostics"]) + c["omitted"]:
                bad.append("%s: errors/warnings/infos do not count the diagnostics" % c["path"])
            if registry:
                unknown = sorted(x for x in {g["code"] for g in c["diagnostics"]} - registry
                                 if not x.startswith("site."))
                if unknown:
                    bad.append("%s: codes not in `cckit rules`: %s" % (c["path"], ", ".join(unknown)))
    elif command == "compat":
        for c in d["cartridges"]:
            for t in c["targets"]:
                sev = {f["severity"] for f in t["findings"]}
                want = ("fails" if "error" in sev else
                        "imports-with-losses" if "warning" in sev else "imports")
                if t["verdict"] != want:
                    bad.append("%s: %s: verdict %s but the findings say %s"
                               % (c["path"], t["target"], t["verdict"], want))
    elif command == "compare" and "statements" in d:
        st = d["statements"]
        res = [x["result"] for x in st]
        if d["counts"] != {k: res.count(k) for k in ("match", "mismatch", "unknown")}:
            bad.append("counts do not count the statements")
        if d["compatible"] != ("mismatch" not in res):
            bad.append("compatible contradicts the statements")
        eff = {x["effect"] for x in st if x["result"] == "mismatch"}
        want = "fails" if "fails" in eff else "imports-with-losses" if eff else "imports"
        if d["verdict"] != want:
            bad.append("verdict %s but the statements say %s" % (d["verdict"], want))
        for x in st:
            c = x["cartridges"]
            if not c["min"] <= c["max"] <= d["provider_cartridges"]:
                bad.append("%s: cartridges %s outside 0..%d" % (x["statement"], c, d["provider_cartridges"]))
            if (x["result"] == "match") != (c["max"] == 0 and x["result"] != "unknown"):
                bad.append("%s: a match concerns cartridges, or a mismatch none" % x["statement"])
            if (x["effect"] is None) != (x["result"] != "mismatch"):
                bad.append("%s: effect without a mismatch, or a mismatch without effect" % x["statement"])
    elif command == "compare":
        if d["compatible"] != (not d["mismatches"]):
            bad.append("compatible contradicts the mismatches")
    elif command == "rules":
        codes = [r["code"] for r in d["rules"]]
        if len(set(codes)) != len(codes):
            bad.append("a code is listed twice")
    elif command == "result":
        if d["ok"] != (d["error"] is None):
            bad.append("ok contradicts error")
        if "written" in d and d["written"] != d["ok"]:
            bad.append("written differs from ok")
    elif command == "convert":
        # Notes of files copied as they were are listed, not counted.
        kinds = [c["kind"] for c in d["changes"] if c["code"] not in CONVERT_NOTES]
        if (d["dropped"], d["changed"]) != (kinds.count("dropped"), kinds.count("changed")):
            bad.append("dropped/changed do not count the changes")
        v = d["validation"]
        if len(v["new_errors"]) > v["errors_after"]:
            bad.append("more new_errors than errors_after")
    elif command == "repair":
        if d["losses"] != sum(f["severity"] == "warning" for f in d["fixes"]):
            bad.append("losses does not count the warnings among the fixes")
        v = d["validation"]
        if v["errors_after"] is not None and v["errors_after"] != len(v["remaining"]):
            bad.append("errors_after differs from the remaining errors")
        if d["dry_run"] and d["written"]:
            bad.append("a dry run that wrote")
    elif command == "report":
        if d["inputs"] != sum(d["status"].values()):
            bad.append("status does not add up to inputs")
        if len(d["failures"]) != d["status"]["error"] + d["status"]["skipped"] + d["status"]["other"]:
            bad.append("failures are not every input not done")
        if any(c["cartridges"] > min(c["count"], d["inputs"]) for c in d["codes"]):
            bad.append("a code in more cartridges than there are, or than it occurs")
        if registry and any(p["code"] not in registry for p in d["problems"]):
            bad.append("a problem code not in `cckit rules`")
    elif command == "profile":
        m = d["cartridges"]
        if sum(v["cartridges"] for v in d["features"]["versions"].values()) != m:
            bad.append("versions do not add up to the cartridges")
        if any(v["cartridges"] > min(m, v["count"]) for g in d["features"].values() for v in g.values()):
            bad.append("a feature in more cartridges than there are, or than it occurs")
        if any(sum(b["cartridges"] for b in r["histogram"]) != m for r in d["ranges"].values()):
            bad.append("a histogram does not count every cartridge")
    if command == "diff":
        if sum(d["counts"].values()) != len(d["changes"]):
            bad.append("counts do not add up to the changes")
        if d["same"] != (not d["changes"]):
            bad.append("same contradicts changes")
        group = {"item": "organization", "resource": "resources", "file": "files",
                 "descriptor": "descriptors"}
        if any(group.get(c["code"].split(".")[0], c["code"].split(".")[0]) != c["group"]
               for c in d["changes"]):
            bad.append("a change in the wrong group")
    if command == "minimise":
        if d["same_findings"] != (not d["differences"]):
            bad.append("same_findings contradicts differences")
    return bad


def run(args, label=None):
    """Run `cckit ARGS` in the scratch folder; check what it promises on
    standard output and validate the JSON there against its schema."""
    global runs
    runs += 1
    command = args[0]
    label = label or "cckit " + " ".join(args)
    try:
        p = subprocess.run([cckit] + args, cwd=tmp, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    except subprocess.TimeoutExpired:
        fail("%s: timed out" % label)
        return None
    rc, out = p.returncode, p.stdout
    err = p.stderr.decode("utf-8", "replace").strip().splitlines()
    if rc not in (0, 1):
        fail("%s: exit %d: %s" % (label, rc, err[0] if err else "(no message)"))
        return None
    if not out.strip():
        # Every machine format prints its document, failures included.
        fail("%s: exit %d and no JSON on standard output" % (label, rc))
        return None
    try:
        doc = json.loads(out.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        fail("%s: standard output is not UTF-8 JSON: %s" % (label, e))
        return None
    # pack's document, or info, ls or convert that failed before theirs.
    kind = command
    if command == "pack" or (isinstance(doc, dict) and "ok" in doc and "command" in doc):
        kind = "result"
        if doc.get("command") != command:
            fail("%s: a result document of command %s" % (label, json.dumps(doc.get("command"))))
        if (rc == 0) != (doc.get("ok") is True):
            fail("%s: exit %d but \"ok\": %s" % (label, rc, json.dumps(doc.get("ok"))))
    elif rc == 1 and command in ("info", "ls"):
        fail("%s: exit 1 but not the failure document" % label)
        return None
    errs = schema_errors(kind, doc)
    for e in errs[:5]:
        fail("%s: against %s.schema.json: %s" % (label, kind, e))
    for e in [] if errs else invariants(kind, doc):
        fail("%s: %s" % (label, e))
    # Exit status and document agree.
    if command == "validate":
        want = 1 if any(not c.get("valid") for c in doc.get("cartridges", [])) else 0
        if rc != want:
            fail("%s: exit %d but the report says exit %d" % (label, rc, want))
    if command == "compare" and rc != (0 if doc.get("compatible") else 1):
        fail("%s: exit %d but \"compatible\": %s" % (label, rc, json.dumps(doc.get("compatible"))))
    if command == "compat":
        want = 1 if any(t["verdict"] == "fails" for c in doc.get("cartridges", [])
                        for t in c.get("targets", [])) else 0
        if rc != want:
            fail("%s: exit %d but the verdicts say exit %d" % (label, rc, want))
    if command == "repair" and "fixes" in doc and rc != (1 if doc["validation"]["errors_after"] else 0):
        fail("%s: exit %d but errors_after %s" % (label, rc, doc["validation"]["errors_after"]))
    if command == "convert" and doc.get("written") is not (rc == 0):
        fail("%s: exit %d but \"written\": %s" % (label, rc, json.dumps(doc.get("written"))))
    docs[kind].append((label, doc))
    return doc


# ---- odd inputs, made here -------------------------------------------
samples = os.path.join(srcdir, "samples")
sample_dirs = sorted(os.path.join(samples, d) for d in os.listdir(samples)
                     if os.path.isdir(os.path.join(samples, d)))
carts = [d for d in sample_dirs if os.path.isfile(os.path.join(d, "imsmanifest.xml"))]
minimal = os.path.join(samples, "minimal-cc1.1")
intro = os.path.join(samples, "intro-course-cc1.3")


def zip_folder(folder, dest, method=zipfile.ZIP_DEFLATED, dirs=False, extra=()):
    with zipfile.ZipFile(os.path.join(tmp, dest), "w", method) as z:
        for root, dnames, fnames in os.walk(folder):
            dnames.sort()
            rel = os.path.relpath(root, folder)
            if dirs and rel != ".":
                z.write(root, rel + "/")
            for f in sorted(fnames):
                z.write(os.path.join(root, f), os.path.normpath(os.path.join(rel, f)))
        for name, data in extra:
            z.writestr(name, data)
    return dest


odd = []
for d in carts:
    odd.append(zip_folder(d, os.path.basename(d) + ".imscc"))
odd.append(zip_folder(intro, "intro-stored-dirs.imscc", zipfile.ZIP_STORED, dirs=True))
odd.append(zip_folder(minimal, "bzip2.imscc", zipfile.ZIP_BZIP2))   # refused: method 12
odd.append(zip_folder(minimal, "case-collision.imscc", extra=[("HELLO.html", "<p>hi</p>")]))
odd.append(zip_folder(minimal, "zipslip.imscc", extra=[("../escape.txt", "x")]))
odd.append(zip_folder(os.path.join(samples, "outline"), "no-manifest.imscc"))
with open(os.path.join(tmp, "truncated.imscc"), "wb") as f:
    with open(os.path.join(tmp, "minimal-cc1.1.imscc"), "rb") as g:
        f.write(g.read()[:700])
odd.append("truncated.imscc")
with open(os.path.join(tmp, "not-a-zip.imscc"), "w") as f:
    f.write("this is not a ZIP archive\n")
odd.append("not-a-zip.imscc")
open(os.path.join(tmp, "empty.imscc"), "w").close()
odd.append("empty.imscc")
# Strings JSON must escape, and non-ASCII, in titles and identifiers.
strings = os.path.join(tmp, "strings")
shutil.copytree(minimal, strings)
with open(os.path.join(strings, "imsmanifest.xml"), encoding="utf-8") as f:
    m = f.read()
m = m.replace("Minimal cartridge", "Quote \" back\\slash tab\t&amp; &lt;tag&gt; caf\u00e9 \u5730\u56f3 \U0001F5FA")
m = m.replace("<title>Hello</title>", "<title>line one\nline two</title>")
with open(os.path.join(strings, "imsmanifest.xml"), "w", encoding="utf-8") as f:
    f.write(m)
odd.append("strings")
# No version anywhere: a foreign namespace, no schemaversion.
unversioned = os.path.join(tmp, "unversioned")
shutil.copytree(minimal, unversioned)
m = m.replace("http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1", "urn:example:not-cc")
m = m.replace("<schemaversion>1.1.0</schemaversion>", "")
with open(os.path.join(unversioned, "imsmanifest.xml"), "w", encoding="utf-8") as f:
    f.write(m)
odd.append("unversioned")
# An empty <organizations>: "organization" is null.
unorganized = os.path.join(tmp, "unorganized")
shutil.copytree(minimal, unorganized)
with open(os.path.join(minimal, "imsmanifest.xml"), encoding="utf-8") as f:
    m = f.read()
m = m[: m.index("<organizations>")] + "<organizations/>" + m[m.index("</organizations>") + 16:]
with open(os.path.join(unorganized, "imsmanifest.xml"), "w", encoding="utf-8") as f:
    f.write(m)
odd.append("unorganized")
odd.append(os.path.join(samples, "outline"))        # a folder without manifest
odd.append("does-not-exist.imscc")
bare = [os.path.join(d, "imsmanifest.xml") for d in carts]
# The fuzzers' seeds and the inputs that once crashed them.
for sub in ("seeds", "regressions"):
    top = os.path.join(srcdir, "fuzz", sub)
    for root, dnames, fnames in os.walk(top):
        dnames.sort()
        for f in sorted(fnames):
            if f.endswith(".xml"):
                bare.append(os.path.join(root, f))
            elif f.endswith(".imscc"):
                odd.append(os.path.join(root, f))

# ---- the runs ----------------------------------------------------------
rules = run(["rules", "--format", "json"])
if rules and not schema_errors("rules", rules):
    registry = {r["code"] for r in rules["rules"]}

inputs = carts + odd + bare
for i in inputs:
    run(["info", "--format", "json", i])
    if not i.endswith(".xml"):
        run(["ls", "--format", "json", i])
    run(["validate", "--format", "json", i])
run(["validate", "--format", "json"] + inputs, "cckit validate (samples, odd inputs, bare manifests at once)")
run(["validate", "--format", "json", "--strict", "--quick", "--no-links"] + inputs,
    "cckit validate --strict --quick --no-links (the same at once)")
run(["compat", "--format", "json"] + inputs, "cckit compat (samples, odd inputs, bare manifests at once)")
run(["info", "--format", "json", "--max-entries", "3", intro])
run(["profile"] + inputs, "cckit profile (samples, odd inputs, bare manifests at once)")
# compare: the samples' profile against a profile and against every model
subprocess.run([cckit, "profile", "-o", os.path.join(tmp, "samples.profile.json")] + carts,
               cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
run(["compare", "--format", "json", "samples.profile.json", "samples.profile.json"])
for target in sorted(f[:-5] for f in os.listdir(os.path.join(srcdir, "models")) if f.endswith(".yaml")):
    run(["compare", "--format", "json", "samples.profile.json", target])
run(["ls", "--format", "json", "--max-entries", "3", "intro-stored-dirs.imscc"])
run(["validate", "--format", "json", "--max-entries", "3", intro])

# cckit report over the batch fixtures, and a state database made from its SQL.
runs_dir = os.path.join(srcdir, "tests", "report")
run_files = [os.path.join(runs_dir, f) for f in ("full.jsonl", "shard-1.jsonl", "interrupted.jsonl")]
try:
    import sqlite3
    db = os.path.join(tmp, "state.db")
    with open(os.path.join(runs_dir, "state.sql"), encoding="utf-8") as f:
        con = sqlite3.connect(db)
        con.executescript(f.read())
        con.commit()
        con.close()
    run_files.append(db)
except ImportError:
    pass
for f in run_files:
    run(["report", "--format", "json", f])
run(["report", "--format", "json"] + run_files, "cckit report (every fixture at once)")

rule_cases = os.path.join(srcdir, "tests", "rules", "cases")
rule_carts = sorted(os.path.join(rule_cases, c, "cartridge") for c in os.listdir(rule_cases)
                    if os.path.isdir(os.path.join(rule_cases, c, "cartridge")))
for c in rule_carts:
    run(["info", "--format", "json", c])
run(["validate", "--format", "json"] + rule_carts, "cckit validate (every rule test cartridge at once)")
run(["validate", "--format", "json", "--strict"] + rule_carts, "cckit validate --strict (every rule test cartridge)")

n = 0


def convert(src, to, *opts):
    global n
    n += 1
    return run(["convert", "--format", "json", src, "-o", "out%d.imscc" % n, "--to", to] + list(opts))


full = os.path.join(srcdir, "tests", "convert", "full-cc1.3")
for src in [intro, full]:
    for to in ["1.1", "1.2", "1.3", "thin", "thin1.2"]:
        convert(src, to)
convert(minimal, "1.3")
convert(os.path.join(samples, "thin-cc1.3"), "thin1.2")
convert("intro-stored-dirs.imscc", "1.2")
convert(intro, "1.1", "--no-validate")
convert("strings", "1.3")
convert("unversioned", "1.2", "--allow-invalid")
convert("not-a-zip.imscc", "1.3")
# diff: the same, across versions (out1 is intro to 1.1), and two samples
run(["diff", "--format", "json", intro, intro])
run(["diff", "--format", "json", intro, "out1.imscc"])
run(["diff", "--format", "json", minimal, intro])
run(["minimise", "--format", "json", intro, "-o", "min1.imscc"])
run(["minimise", "--format", "json", "out1.imscc", "-o", "min2.imscc"])
# pack, written or not (a page whose image is missing).
site = os.path.join(tmp, "site")
os.mkdir(site)
with open(os.path.join(site, "page.html"), "w") as f:
    f.write('<html><head><title>P</title></head><body><img src="gone.png"></body></html>\n')
run(["pack", "--format", "json", site, "-o", "site.imscc"])
run(["pack", "--format", "json", minimal, "-o", "packed.imscc"])
# Conversions refused for errors the input did not have ("written": false).
convert(os.path.join(rule_cases, "R34-role-vocabulary-1.0", "cartridge"), "1.1")
convert(os.path.join(rule_cases, "r52-lti-icon-no-dependency", "cartridge"), "thin")

corpus = os.path.join(shared, "corpus")
if os.path.isdir(corpus):
    cc = sorted(os.path.join(corpus, f) for f in os.listdir(corpus) if f.endswith(".imscc"))
    for c in cc:
        run(["info", "--format", "json", c])
        run(["ls", "--format", "json", c])
        convert(c, "1.1", "--allow-invalid")
    run(["validate", "--format", "json"] + cc, "cckit validate (the corpus at once)")
    run(["compat", "--format", "json", "--quick"] + cc, "cckit compat (the corpus at once)")
    run(["validate", "--format", "json", "--strict"] + cc, "cckit validate --strict (the corpus)")
    run(["profile"] + cc, "cckit profile (the corpus)")
    subprocess.run([cckit, "profile", "-o", os.path.join(tmp, "corpus.profile.json")] + cc,
                   cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for target in ("moodle", "canvas", "openedx", "infinite-campus"):
        run(["compare", "--format", "json", "corpus.profile.json", target],
            "cckit compare (the corpus against %s)" % target)
else:
    print("note: no corpus at %s (set CCKIT_SHARED): samples and odd inputs only" % corpus)

# repair: the data cases of tests/repair (one defect each), written and dry
repair_cases = os.path.join(srcdir, "tests", "repair", "cases")
for c in sorted(os.listdir(repair_cases)):
    n += 1
    run(["repair", "--format", "json", os.path.join(repair_cases, c, "cartridge"), "-o",
         "rep%d.imscc" % n])
run(["repair", "--format", "json", "--dry-run", "--strict", minimal])

# ---- the runs reached the branches of the contracts -------------------
info = [d for _, d in docs["info"]]
lsd = [d for _, d in docs["ls"]]
val = [c for _, d in docs["validate"] for c in d["cartridges"]]
conv = [d for _, d in docs["convert"]]
reached = {
    "info of a bare manifest (archive null)": any(d["archive"] is None for d in info),
    "info of a ZIP archive": any(d["archive"] and d["archive"]["zip"] for d in info),
    "info with reader warnings": any(d["warnings"] for d in info),
    "info of a resource with roles": any("roles" in r for d in info for r in d["resources"]),
    "info of a resource with variants": any("variants" in r for d in info for r in d["resources"]),
    "info without organization": any(d["organization"] is None for d in info),
    "info of an unknown version": any(d["version"] is None for d in info),
    "ls of a folder": any(not d["archive"] for d in lsd),
    "ls with a directory entry": any(e["dir"] for d in lsd for e in d["entries"]),
    "ls of a stored entry": any(e["method"] == "stored" for d in lsd for e in d["entries"]),
    "ls with diagnostics": any(d["diagnostics"] for d in lsd),
    "validate of an unreadable package": any(not c["readable"] for c in val),
    "validate of a valid cartridge": any(c["valid"] for c in val),
    "validate in strict mode": any(c["mode"] == "strict" for c in val),
    "validate with a diagnostic without line": any(g["line"] is None for c in val for g in c["diagnostics"]),
    "validate with a diagnostic with rule and line":
        any(g["rule"] and g["line"] for c in val for g in c["diagnostics"]),
    "validate of several inputs at once": any(len(d["cartridges"]) > 1 for _, d in docs["validate"]),
    "validate of an unknown version": any(c["version"] is None for c in val),
    "convert that dropped something": any(d["dropped"] for d in conv),
    "convert refused for new errors": any(not d["written"] for d in conv),
    "convert with --no-validate": any(not d["validation"]["run"] for d in conv),
    "convert to a thin cartridge": any(d["thin"] for d in conv),
    "convert of an unknown version": any(d["from"] == "unknown" for d in conv),
    "repair with a loss": any(d["losses"] for _, d in docs["repair"]),
    "repair with a fix declined": any(d["not_repaired"] for _, d in docs["repair"]),
    "repair with errors left": any(d["validation"]["remaining"] for _, d in docs["repair"]),
    "repair --dry-run": any(d["dry_run"] for _, d in docs["repair"]),
    "info that failed": any(d["command"] == "info" for _, d in docs["result"]),
    "ls that failed": any(d["command"] == "ls" for _, d in docs["result"]),
    "convert that failed": any(d["command"] == "convert" for _, d in docs["result"]),
    "pack that wrote": any(d["command"] == "pack" and d["ok"] for _, d in docs["result"]),
    "pack that did not write, with diagnostics":
        any(d["command"] == "pack" and not d["ok"] and d["diagnostics"] for _, d in docs["result"]),
}
for what, ok in reached.items():
    if not ok:
        fail("no output had: %s" % what)

# ---- batches: every line of --format jsonl ------------------------------


def run_jsonl(args, label=None):
    """Run a batch; every line against batch-record.schema.json, each
    record's result against its command's own schema, counts adding up."""
    global runs
    runs += 1
    label = label or "cckit " + " ".join(args)
    p = subprocess.run([cckit] + args, cwd=tmp, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    lines = p.stdout.decode("utf-8").splitlines()
    if p.returncode not in (0, 1) or not lines:
        fail("%s: exit %d, %d lines" % (label, p.returncode, len(lines)))
        return
    recs = []
    for i, line in enumerate(lines):
        try:
            d = json.loads(line)
        except ValueError as e:
            fail("%s: line %d is not JSON: %s" % (label, i + 1, e))
            continue
        for e in schema_errors("batch-record", d)[:5]:
            fail("%s: line %d against batch-record.schema.json: %s" % (label, i + 1, e))
        docs["batch-record"].append((label, d))
        recs.append(d)
        res = d.get("result") if d.get("type") == "cartridge" else None
        if isinstance(res, dict):
            kind = "result" if "ok" in res and "command" in res else d["command"]
            for e in schema_errors(kind, res)[:3]:
                fail("%s: line %d: result against %s.schema.json: %s" % (label, i + 1, kind, e))
    if not recs or recs[-1].get("type") != "summary" or any(r.get("type") != "cartridge" for r in recs[:-1]):
        fail("%s: not cartridge records then one summary" % label)
        return
    s, carts = recs[-1], recs[:-1]
    if s["inputs"] != len(carts) or sum(s["status"].values()) != len(carts):
        fail("%s: the summary does not count the records" % label)


for_batch = [os.path.join(tmp, n) for n in sorted(os.listdir(tmp)) if n.endswith(".imscc")][:12]
run_jsonl(["validate", "--format", "jsonl", "-j", "2", "-q"] + for_batch + [minimal, "no-such.imscc"])
run_jsonl(["compat", "--format", "jsonl", "-q", "-t", "canvas,moodle"] + for_batch[:4])
run_jsonl(["profile", "--format", "jsonl", "-q"] + for_batch[:4])
run_jsonl(["convert", "--format", "jsonl", "-q", "--to", "1.3", "--output-dir", "batch-out"] + for_batch[:4])
run_jsonl(["convert", "--format", "jsonl", "-q", "--to", "1.3", "--output-dir", "batch-out",
           "--skip-existing"] + for_batch[:4])
os.environ["CCKIT_TEST_WORKER_FAULT"] = "crash:" + os.path.basename(minimal)
run_jsonl(["validate", "--format", "jsonl", "-q", "--shard", "1/1", minimal] + for_batch[:2])
del os.environ["CCKIT_TEST_WORKER_FAULT"]
run_jsonl(["repair", "--format", "jsonl", "-q", "-j", "2", "--output-dir", "batch-repaired"]
          + for_batch[:4] + ["no-such.imscc"])
run_jsonl(["repair", "--format", "jsonl", "-q", "--output-dir", "batch-repaired",
           "--skip-existing"] + for_batch[:4])
if not any(d.get("command") == "repair" and d.get("status") == "skipped"
           for _, d in docs["batch-record"]):
    fail("no repair batch record with status skipped")
if not any(d.get("command") == "repair" and d.get("verdict") == "refused"
           for _, d in docs["batch-record"]):
    fail("no repair batch record with verdict refused")
if not any(d.get("status") == "error" for _, d in docs["batch-record"]):
    fail("no batch record with status error")
if not any(d.get("status") == "skipped" for _, d in docs["batch-record"]):
    fail("no batch record with status skipped")

# ---- each schema rejects a real output with one defect planted ----------


def first(command, pred=lambda d: True):
    for _, d in docs[command]:
        if pred(d):
            return copy.deepcopy(d)
    return None


def mutant(command, pred, change, what):
    d = first(command, pred)
    if d is None:
        fail("self-check '%s': no %s output to mutate" % (what, command))
        return
    change(d)
    if not schema_errors(command, d) and not invariants(command, d):
        fail("self-check: a %s output with %s passes" % (command, what))


def drop(*path):
    def f(d):
        for k in path[:-1]:
            d = d[k]
        del d[path[-1]]
    return f


def put(value, *path):
    def f(d):
        for k in path[:-1]:
            d = d[k]
        d[path[-1]] = value
    return f


has_res = lambda d: d["resources"]
has_diag = lambda d: any(c["diagnostics"] for c in d["cartridges"])
diag_at = lambda d: next(c for c in d["cartridges"] if c["diagnostics"])["diagnostics"]
self_checks = [
    ("info", lambda d: True, drop("version"), "no \"version\""),
    ("info", lambda d: True, put("2.0.0", "version"), "version \"2.0.0\""),
    ("info", has_res, lambda d: d["resources"][0].update(kind="video"), "a resource of kind \"video\""),
    ("info", has_res, lambda d: d["resources"][0].pop("files"), "a resource without \"files\""),
    ("info", lambda d: True, put({"webcontent": -1}, "counts", "by_kind"), "a negative count"),
    ("ls", lambda d: d["entries"], lambda d: d["entries"][0].update(crc32="xyz"), "crc32 \"xyz\""),
    ("ls", lambda d: d["entries"], lambda d: d["entries"][0].update(size="12"), "a size as a string"),
    ("ls", lambda d: True, drop("total"), "no \"total\""),
    ("validate", lambda d: True, put("3", "tool"), "tool \"3\""),
    ("validate", has_diag, lambda d: diag_at(d)[0].update(severity="fatal"), "severity \"fatal\""),
    ("validate", has_diag, lambda d: diag_at(d)[0].update(line=0), "line 0"),
    ("validate", has_diag, lambda d: diag_at(d)[0].pop("hint"), "a diagnostic without \"hint\""),
    ("validate", lambda d: d["cartridges"],
     lambda d: d["cartridges"][0].update(valid=not d["cartridges"][0]["valid"]), "valid contradicting errors"),
    ("validate", lambda d: d["cartridges"], lambda d: d["cartridges"][0].update(errors=-1), "errors -1"),
    ("rules", lambda d: True, lambda d: d["rules"][0].update(lenient="fatal"), "severity \"fatal\""),
    ("rules", lambda d: True, lambda d: d["rules"][0].update(rule=5), "a rule number as an integer"),
    ("rules", lambda d: True, lambda d: d["rules"][0].pop("code"), "a rule without \"code\""),
    ("convert", lambda d: d["changes"], lambda d: d["changes"][0].update(kind="lost"), "kind \"lost\""),
    ("convert", lambda d: True, put("2.0.0", "to"), "to \"2.0.0\""),
    ("convert", lambda d: True, drop("validation", "new_errors"), "no validation.new_errors"),
    ("convert", lambda d: d["written"], put(False, "written"), "written false and no new error"),
    ("compat", lambda d: True, put("3", "tool"), "tool \"3\""),
    ("compat", lambda d: d["cartridges"], lambda d: d["cartridges"][0]["targets"][0].update(verdict="maybe"),
     "verdict \"maybe\""),
    # the invariants
    ("compat", lambda d: any(t["findings"] for c in d["cartridges"] for t in c["targets"]),
     lambda d: next(t for c in d["cartridges"] for t in c["targets"] if t["findings"]).update(
         findings=[dict(f, severity="error") for f in next(t for c in d["cartridges"] for t in c["targets"]
                                                           if t["findings"])["findings"]], verdict="imports"),
     "a verdict contradicting its findings"),
    ("info", lambda d: True, lambda d: d["counts"].update(files=d["counts"]["files"] + 1), "counts.files + 1"),
    ("ls", lambda d: True, lambda d: d["total"].update(size=d["total"]["size"] + 1), "total.size + 1"),
    ("validate", has_diag, lambda d: diag_at(d)[0].update(code="manifest.no-such-code"), "an unregistered code"),
    ("rules", lambda d: True, lambda d: d["rules"].append(d["rules"][0]), "a code listed twice"),
    ("convert", lambda d: True, lambda d: d.update(dropped=d["dropped"] + 1), "dropped + 1"),
    ("result", lambda d: not d["ok"], put(None, "error"), "a failure without error"),
    ("result", lambda d: d["diagnostics"], lambda d: d["diagnostics"][0].pop("rule"),
     "a diagnostic without \"rule\""),
    ("result", lambda d: "written" in d, lambda d: d.update(written=not d["ok"]), "written contradicting ok"),
    ("profile", lambda d: True, lambda d: d["features"]["kinds"].update(video={"cartridges": 1, "count": 1, "share_permille": 1}), "a kind \"video\""),
    ("profile", lambda d: d["features"]["links"], lambda d: d["features"]["links"].update({"https://example.org/": {"cartridges": 1, "count": 1, "share_permille": 1}}), "a URL as a link form"),
    ("profile", lambda d: True, lambda d: d.update(cartridges=d["cartridges"] + 1), "cartridges + 1"),
    ("compare", lambda d: "statements" in d, lambda d: d["statements"][0].update(result="maybe"), "result \"maybe\""),
    ("compare", lambda d: "statements" in d, lambda d: d.update(compatible=not d["compatible"]),
     "compatible contradicting the statements"),
    ("compare", lambda d: "matches" in d, lambda d: d.update(model={"target": "x", "name": "x", "file": "x"}),
     "a profile comparison with a model"),
    ("batch-record", lambda d: d["type"] == "cartridge", put("finished", "status"), "status \"finished\""),
    ("batch-record", lambda d: d.get("status") == "error", drop("reason"), "an error without reason"),
    ("batch-record", lambda d: d["type"] == "cartridge" and d["sha256"], put("XYZ", "sha256"), "sha256 \"XYZ\""),
    ("batch-record", lambda d: d["type"] == "summary", drop("shard"), "a summary without shard"),
    ("diff", lambda d: d["changes"], lambda d: d["changes"][0].update(code="item.vanished"), "code \"item.vanished\""),
    ("diff", lambda d: d["changes"], lambda d: d.update(same=True), "same with changes"),
    ("minimise", lambda d: True, lambda d: d.update(same_findings=False), "same_findings false, no difference"),
    ("minimise", lambda d: True, drop("entries_out"), "no \"entries_out\""),
    ("report", lambda d: True, lambda d: d["status"].update(done=d["status"]["done"] + 1), "status.done + 1"),
    ("report", lambda d: d["problems"], lambda d: d["problems"][0].update(line=0), "a problem on line 0"),
    ("report", lambda d: True, drop("failures"), "no \"failures\""),
]
self_checks += [
    ("repair", lambda d: d["fixes"], lambda d: d["fixes"][0].update(line=None), "a fix without line"),
    ("repair", lambda d: True, lambda d: d.update(losses=d["losses"] + 1), "losses + 1"),
    ("repair", lambda d: True, drop("not_repaired"), "no \"not_repaired\""),
]
for command, pred, change, what in self_checks:
    mutant(command, pred, change, what)

shutil.rmtree(tmp, ignore_errors=True)
counts = ", ".join("%s %d" % (c, len(docs[c])) for c in SCHEMAS)
print("%d runs; documents validated: %s; %d self-checks; %d problem(s)"
      % (runs, counts, len(self_checks), len(problems)))
sys.exit(1 if problems else 0)
