"""The checks of tests/repair-corpus.sh on each cartridge given:
python3 repair-corpus.py CCKIT TMPDIR CARTRIDGE..."""
import hashlib
import json
import os
import re
import subprocess
import sys
import zipfile

cckit, tmp, carts = sys.argv[1], sys.argv[2], sys.argv[3:]

# The validator codes each fix answers (the fix table's rows, `cckit rules`).
rules = json.loads(subprocess.run([cckit, "rules", "--format", "json"], check=True,
                                  capture_output=True).stdout)
rows = rules["rules"] if isinstance(rules, dict) else rules
answers = set()
for r in rows:
    # (a fix for a target is not made here: no target is given)
    if (r["code"].startswith("repair.") and "answers " in (r.get("clause") or "")
            and "for a target" not in r["clause"]):
        answers.update(c.strip() for c in r["clause"].split("answers ", 1)[1].split(","))
assert "manifest.type-version" in answers, answers


def errors(path, strict):
    args = [cckit, "validate", "--format", "json"] + (["--strict"] if strict else []) + [path]
    p = subprocess.run(args, capture_output=True)
    doc = json.loads(p.stdout)
    return [d["code"] for c in doc["cartridges"] for d in c["diagnostics"]
            if d["severity"] == "error"]


def hashes(path):
    with zipfile.ZipFile(path) as z:
        return {i.filename: hashlib.sha256(z.read(i)).hexdigest()
                for i in z.infolist() if not i.is_dir()}


def same_elements(a, b, name, name_b=None, less=None):
    """The same multiset of elements (name, attributes, text) in entry
    name of archive a and entry name_b (default: name) of b; but for the
    elements of local name less, which b has none of."""
    import xml.etree.ElementTree as ET

    def bag(path, n, drop):
        with zipfile.ZipFile(path) as z:
            root = ET.fromstring(z.read(n))
        return sorted((e.tag, sorted(e.attrib.items()), (e.text or "").strip(), (e.tail or "").strip())
                      for e in root.iter() if not (drop and e.tag.rsplit("}", 1)[-1] == drop))
    return bag(a, name, less) == bag(b, name_b or name, None)


def repair(src, dst, extra=()):
    p = subprocess.run([cckit, "repair", "--format", "json"] + list(extra) + [src, "-o", dst],
                       capture_output=True, timeout=600)
    return p.returncode, p.stdout, p.stderr


left_codes = {}    # lenient error code left after repair -> cartridges
# the old and new name of a file a fix moved, from its message
MOVED = {
    "repair.lao-moved": re.compile(r"its descriptor '(.+)' was at the package root: moved into a folder of its own, '(.+)'$"),
    "repair.ac-moved": re.compile(r"listed '(.+)', outside that learning object's folder '.*': moved to '(.+)'$"),
}
fails = 0
figures = {"n": 0, "repaired": 0, "refused": 0, "sb": 0, "sa": 0, "lb": 0, "la": 0}
for f in carts:
    b = os.path.basename(f)
    figures["n"] += 1
    out1, out2 = os.path.join(tmp, "1.imscc"), os.path.join(tmp, "2.imscc")
    for o in (out1, out2):
        if os.path.exists(o):
            os.unlink(o)

    def fail(msg):
        global fails
        fails += 1
        print("FAIL: %s: %s" % (b, msg))

    rc, so, se = repair(f, out1)
    if rc == 2:
        # nothing written, said why: the cartridge cannot be opened
        figures["refused"] += 1
        if os.path.exists(out1):
            fail("exit 2 but an output was written")
        print("note: %s: not repaired: %s" % (b, se.decode(errors="replace").strip()[:200]))
        continue
    if rc not in (0, 1):
        fail("exit %d: %s" % (rc, se.decode(errors="replace")[:300]))
        continue
    rep = json.loads(so)
    figures["repaired"] += 1
    junk = {d["file"] for d in rep["fixes"] if d["code"] == "repair.junk-dropped"}
    # a descriptor whose children were put in order says the same in other bytes:
    # its elements (names, attributes, text) must all still be there
    reordered = {d["file"] for d in rep["fixes"] if d["code"] == "repair.order-normalised"}
    # a descriptor whose dangling <cartridge_icon> went: the same but that element
    unicon = {d["file"] for d in rep["fixes"] if d["code"] == "repair.lti-icon-removed"}
    # a moved file keeps its bytes under its new name (the report says
    # both names); a file whose links were rewritten is listed
    moved = {}
    for d in rep["fixes"]:
        m = MOVED.get(d["code"]) and MOVED[d["code"]].search(d["message"])
        if m:
            if m.group(1) in moved:
                fail("%s is moved twice" % m.group(1))
            moved[m.group(1)] = m.group(2)
        elif d["code"] in MOVED:
            fail("a move whose message names no old and new name: %s" % d["message"])
    relinked = {d["file"] for d in rep["fixes"] if d["code"] == "repair.links-rewritten"}
    hin, hout = hashes(f), hashes(out1)
    for name in hout:
        if name not in hin and name not in moved.values():
            fail("the output has %s, which is neither an input file nor a moved one" % name)
    for name, h in hin.items():
        if name == "imsmanifest.xml" or name in junk:
            continue
        now = moved.get(name, name)
        if name in moved and name in hout:
            fail("%s is moved, yet still in the output under its old name" % name)
        if name in relinked:
            if now not in hout:
                fail("%s, whose links were rewritten, is not in the output as %s" % (name, now))
            continue
        if name in moved and (name in reordered or name in unicon):
            if not same_elements(f, out1, name, now, "cartridge_icon" if name in unicon else None):
                fail("the reordered and moved %s lost or changed an element" % name)
            continue
        if name in moved:
            if hout.get(now) != h:
                fail("the bytes of %s are not in the output under its new name %s" % (name, now))
            continue
        if name in reordered or name in unicon:
            if same_elements(f, out1, name, None, "cartridge_icon" if name in unicon else None):
                continue
            fail("the rewritten %s lost or changed an element" % name)
            continue
        if hout.get(name) != h:
            fail("the bytes of %s are not in the output" % name)
    sb, sa = errors(f, True), errors(out1, True)
    lb, la = errors(f, False), errors(out1, False)
    for k, v in (("sb", sb), ("sa", sa), ("lb", lb), ("la", la)):
        figures[k] += len(v)
    if len(sa) > len(sb) or len(la) > len(lb):
        fail("more errors after: strict %d -> %d, lenient %d -> %d" % (len(sb), len(sa), len(lb), len(la)))
    fixed = {d["code"] for d in rep["fixes"]}
    if any(c in answers for c in sb) and fixed - {"repair.junk-dropped"} and len(sa) >= len(sb):
        fail("repairable strict errors, fixes made, but not fewer: %d -> %d" % (len(sb), len(sa)))
    if lb and all(c in answers for c in lb) and not rep["not_repaired"] and la:
        fail("every lenient error repairable, yet %d left: %s" % (len(la), sorted(set(la))))
    # per code: a lenient error of a code some fix answers is left only
    # where a fix declined (said why: the repair would need a guess)
    if any(c in answers for c in la) and not rep["not_repaired"]:
        fail("lenient errors of repairable codes left, none declined: %s"
             % sorted(set(c for c in la if c in answers)))
    for c in set(la):
        left_codes.setdefault(c, []).append(b)
    rc2, so2, se2 = repair(out1, out2)
    if rc2 not in (0, 1):
        fail("repairing the output: exit %d" % rc2)
    elif open(out1, "rb").read() != open(out2, "rb").read():
        fail("not idempotent: repair(repair(x)) differs from repair(x)")
    elif json.loads(so2)["fixes"]:
        fail("repairing the output made fixes again: %s" % [d["code"] for d in json.loads(so2)["fixes"]][:3])
    print("%s: strict %d -> %d, lenient %d -> %d, %d fix(es)" % (b, len(sb), len(sa), len(lb), len(la),
                                                              len(rep["fixes"])))

    # again for a target (Moodle: the target fixes, empty assessments
    # removed): a file of the input is in the output with its bytes but
    # where a fix names it as rewritten, or removed with an empty
    # assessment (listed); errors never more; idempotent
    for o in (out1, out2):
        os.unlink(o) if os.path.exists(o) else None
    rc, so, se = repair(f, out1, ["--target", "moodle"])
    if rc not in (0, 1):
        fail("--target moodle: exit %d: %s" % (rc, se.decode(errors="replace")[:300]))
        continue
    rep = json.loads(so)
    rewritten = {d["file"] for d in rep["fixes"] if d["file"] != "imsmanifest.xml"}
    removal = any(d["code"] == "repair.target-empty-assessment" for d in rep["fixes"])
    moved = {}
    for d in rep["fixes"]:
        m = MOVED.get(d["code"]) and MOVED[d["code"]].search(d["message"])
        if m:
            moved[m.group(1)] = m.group(2)
    hout = hashes(out1)
    for name, h in hin.items():
        if name == "imsmanifest.xml" or name in rewritten or (removal and name not in hout):
            continue
        if hout.get(moved.get(name, name)) != h:
            fail("--target moodle: the bytes of %s are not in the output" % name)
    sm, lm = errors(out1, True), errors(out1, False)
    if len(sm) > len(sb) or len(lm) > len(lb):
        fail("--target moodle: more errors after: strict %d -> %d, lenient %d -> %d"
             % (len(sb), len(sm), len(lb), len(lm)))
    rc2, so2, se2 = repair(out1, out2, ["--target", "moodle"])
    if rc2 not in (0, 1) or open(out1, "rb").read() != open(out2, "rb").read():
        fail("--target moodle: not idempotent (exit %d)" % rc2)
    elif json.loads(so2)["fixes"]:
        fail("--target moodle: repairing the output made fixes again: %s"
             % [d["code"] for d in json.loads(so2)["fixes"]][:3])

for c in sorted(left_codes):
    print("left after repair (lenient): %s%s: %s" % (c, " (a fix answers it, declined where it "
          "would guess)" if c in answers else " (no fix answers it)", " ".join(sorted(left_codes[c]))))
print("repair-corpus: %(n)d cartridges, %(repaired)d repaired, %(refused)d refused; strict errors "
      "%(sb)d -> %(sa)d, lenient errors %(lb)d -> %(la)d" % figures)
sys.exit(1 if fails else 0)
