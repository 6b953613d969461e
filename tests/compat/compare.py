#!/usr/bin/env python3
"""compare.py CCKIT [CORPUS] - `cckit compare PROFILE TARGET`, checked
against `cckit compat` on the same cartridges.

compat weighs each cartridge against each model; compare weighs only a
characterization of them.  So for every set of cartridges (each case of
statements.py alone, all of them at once, subsets of the corpus) and every
shipped target: each statement compare calls a match concerns no
cartridge compat finds it in, and each mismatch's bounds hold the number
of cartridges whose compat ledger has the statement's finding.  Then a few
cases on their own: the org_depth mapping at its boundary, the narrowed
fill-in-the-blank statement, a user's model file, unknown statements,
usage errors.

Exit 0 pass, 1 fail.
"""
import json, os, re, shutil, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import statements as S  # noqa: E402  (the cartridge builders)

CCKIT = sys.argv[1]
CORPUS = sys.argv[2] if len(sys.argv) > 2 else None
bad = 0
checked = 0


def fail(msg):
    global bad
    bad += 1
    print("FAIL " + msg, flush=True)


def cckit(*args):
    return subprocess.run([CCKIT] + list(args), capture_output=True, text=True)


def profile(out, paths):
    r = cckit("profile", "-o", out, *paths)
    if r.returncode not in (0, 1):
        raise RuntimeError("profile: exit %d: %s" % (r.returncode, r.stderr))
    return out


def compare(prof, target):
    r = cckit("compare", "--format", "json", prof, target)
    if r.returncode not in (0, 1):
        raise RuntimeError("compare %s: exit %d: %s" % (target, r.returncode, r.stderr))
    d = json.loads(r.stdout)
    if r.returncode != (0 if d["compatible"] else 1):
        fail("compare %s: exit %d but compatible %s" % (target, r.returncode, d["compatible"]))
    return d


def ledgers(paths):
    """{path: (version, {target: [findings]})} from one compat run."""
    r = cckit("compat", "--format", "json", "--quick", *paths)
    if r.returncode not in (0, 1):
        raise RuntimeError("compat: exit %d: %s" % (r.returncode, r.stderr))
    out = {}
    for c in json.loads(r.stdout)["cartridges"]:
        if c["readable"]:
            out[c["path"]] = (c["version"], {t["target"]: t["findings"] for t in c["targets"]})
    return out


def has(statement, feature, version, findings):
    """Does compat's ledger show what this compare statement is about?"""
    loud = [f for f in findings if f["severity"] != "info"]
    codes = {f["code"] for f in loud}
    if statement == "versions":
        return "compat.version" in codes and version == feature
    if statement == "thin":
        return "compat.thin" in codes
    if statement.startswith("limits."):
        return "compat.limit." + statement[7:] in codes
    if statement.startswith("kinds."):
        k = re.escape(statement[6:])
        return any(f["code"] in ("compat.kind-ignored", "compat.kind-loss")
                   and re.search(r"(^| )%s resource" % k, f["message"]) for f in loud)
    if statement.startswith("checks."):
        return "compat." + statement[7:] in codes
    if statement == "qti.keeps":
        t = feature.split("=", 1)[1]
        t = "(none)" if t == "none" else t
        return any(f["code"] == "compat.qti-type" and f["message"].startswith("question of type %s:" % t)
                   for f in loud)
    raise AssertionError(statement)


def agree(label, paths, led, prof, targets):
    """compare's statements on prof against compat's ledgers of paths."""
    global checked
    paths = [p for p in paths if p in led]
    for t in targets:
        d = compare(prof, t)
        if d["provider_cartridges"] != len(paths):
            fail("%s: %s: %d cartridges in the profile, %d readable" % (label, t, d["provider_cartridges"], len(paths)))
        for x in d["statements"]:
            if x["result"] == "unknown" or x["feature"].endswith("=other"):
                continue
            truth = sum(has(x["statement"], x["feature"], led[p][0], led[p][1][t]) for p in paths)
            lo, hi = x["cartridges"]["min"], x["cartridges"]["max"]
            checked += 1
            if not lo <= truth <= hi or (x["result"] == "match") != (hi == 0):
                fail("%s: %s: %s %s is a %s in %d..%d cartridges, compat finds it in %d"
                     % (label, t, x["statement"], x["feature"], x["result"], lo, hi, truth))


TARGETS = S.ALL


def main():
    tmp = tempfile.mkdtemp(prefix="cckit-compare.")
    try:
        # ---- every statements.py case, alone and together --------------
        built = []
        for name, kw, _ in S.cases() + extra_cases():
            d = os.path.join(tmp, name)
            os.makedirs(d)
            built.append((name, S.build(d, **dict(kw))))
        led = ledgers([p for _, p in built])
        for name, p in built:
            if p in led:
                agree(name, [p], led, profile(os.path.join(tmp, name + ".json"), [p]), TARGETS)
        agree("all cases", [p for _, p in built], led,
              profile(os.path.join(tmp, "cases.json"), [p for _, p in built]), TARGETS)

        # ---- subsets of the corpus ---------------------------------------
        if CORPUS and os.path.isdir(CORPUS):
            cc = sorted(os.path.join(CORPUS, f) for f in os.listdir(CORPUS) if f.endswith(".imscc"))
            led = ledgers(cc)
            canvas = [p for p in cc if os.path.basename(p).startswith("canvas-")]
            others = [p for p in cc if p not in canvas]
            for label, sub in (("corpus", cc), ("corpus canvas-*", canvas), ("corpus others", others)):
                agree(label, sub, led, profile(os.path.join(tmp, "sub.json"), sub), TARGETS)
        else:
            print("SKIP corpus subsets: no corpus (set CCKIT_SHARED)")

        specific(tmp, dict(built))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d statements agreed with compat; %d problem(s)" % (checked, bad))
    return 1 if bad else 0


def folders(depth):
    """`depth` folders nested under the root item (which compat does not count), a page at the bottom"""
    inner = '<item identifier="i_leaf" identifierref="r_page"><title>Leaf</title></item>'
    for k in range(depth, 0, -1):
        inner = '<item identifier="f%d"><title>Folder %d</title>%s</item>' % (k, k, inner)
    return inner


FIB_PATTERN = ('<item ident="q1" title="Capital"><itemmetadata><qtimetadata><qtimetadatafield>'
               '<fieldlabel>cc_profile</fieldlabel><fieldentry>cc.fib.v0p1</fieldentry>'
               '</qtimetadatafield></qtimetadata></itemmetadata><presentation><response_str ident="r"/>'
               '</presentation><resprocessing><respcondition><conditionvar>'
               '<varsubstring respident="r">Par.*</varsubstring></conditionvar>'
               '<setvar action="Set">100</setvar></respcondition></resprocessing></item>')
FIB_EXACT = FIB_PATTERN.replace("varsubstring", "varequal").replace("Par.*", "Paris")


def extra_cases():
    """cases compare needs beyond statements.py's"""
    return [
        ("depth-2", dict(items=folders(2)), {}),   # root + 2 folder levels: within Ultra's 2
        ("depth-3", dict(items=folders(3)), {}),
        ("fib-pattern", S.quiz("1.1", FIB_PATTERN), {}),
        ("fib-exact", S.quiz("1.1", FIB_EXACT), {}),
    ]


def one(res, statement, feature=None):
    xs = [x for x in res["statements"] if x["statement"] == statement
          and (feature is None or x["feature"] == feature)]
    return xs[0] if xs else None


def specific(tmp, built):
    global checked
    J = lambda n: os.path.join(tmp, n + ".json")
    # org_depth: the model counts folder levels, the profile item levels
    for name, want in (("depth-2", "match"), ("depth-3", "mismatch")):
        x = one(compare(J(name), "blackboard-ultra"), "limits.org_depth")
        checked += 1
        if not x or x["result"] != want or x["feature"] != "organization_depth":
            fail("%s: blackboard-ultra limits.org_depth should be a %s: %s" % (name, want, x))
    # openedx loses only pattern answers of fill-in-the-blank questions
    for name, want in (("fib-pattern", "mismatch"), ("fib-exact", "match")):
        x = one(compare(J(name), "openedx"), "checks.qti-fib-pattern")
        checked += 1
        if not x or x["result"] != want:
            fail("%s: openedx checks.qti-fib-pattern should be a %s: %s" % (name, want, x))
    # a statement the profile cannot decide is unknown, with its source
    x = one(compare(J("cases"), "infinite-campus"), "limits.title_length")
    checked += 1
    if not x or x["result"] != "unknown" or not x["source"] or x["source"]["how"] != "doc":
        fail("infinite-campus limits.title_length should be unknown with its source: %s" % x)
    # versions with counts; a user's model file as CONSUMER
    d = compare(J("cases"), "moodle")
    x = one(d, "versions", "1.3.0")
    n13 = sum(1 for n, kw, _ in S.cases() + extra_cases() if kw.get("ver") == "1.3"
              and n not in ("not-at-root-brightspace", "not-xml-everywhere"))
    checked += 1
    if not x or x["result"] != "mismatch" or x["cartridges"] != {"min": n13, "max": n13} \
            or x["effect"] != "fails" or d["verdict"] != "fails":
        fail("moodle: versions 1.3.0 should fail %d cartridges: %s" % (n13, x))
    models = os.path.join(os.path.dirname(os.path.dirname(here)), "models")
    with open(os.path.join(models, "moodle.yaml"), encoding="utf-8") as f:
        text = f.read().replace('accept: ["1.0", "1.1"]', 'accept: ["1.0", "1.1", "1.3"]')
    mine = os.path.join(tmp, "our-moodle.yaml")
    with open(mine, "w", encoding="utf-8") as f:
        f.write(text)
    d = compare(J("cases"), mine)
    x = one(d, "versions", "1.3.0")
    checked += 1
    if not x or x["result"] != "match" or d["model"]["file"] != mine:
        fail("our-moodle.yaml accepting 1.3: versions 1.3.0 should match: %s" % x)
    # text: the statement, its source and the verdict
    r = cckit("compare", J("cases"), "moodle")
    checked += 1
    if r.returncode != 1 or "mismatch versions: CC 1.3.0 in %d of" % n13 not in r.stdout \
            or "source: moodle/moodle:backup/converter/imscc11/lib.php" not in r.stdout \
            or not r.stdout.rstrip().splitlines()[-1].startswith("verdict: fails:"):
        fail("compare text against moodle: exit %d:\n%s" % (r.returncode, r.stdout))
    # usage: an unknown target, a broken model
    r = cckit("compare", J("cases"), "no-such-lms")
    checked += 1
    if r.returncode != 2 or "no target 'no-such-lms'" not in r.stderr or r.stdout:
        fail("compare with an unknown target: exit %d %r" % (r.returncode, r.stderr))
    broken = os.path.join(tmp, "broken.yaml")
    with open(broken, "w") as f:
        f.write(text.replace("source: conv11", "source: nowhere", 1))
    r = cckit("compare", J("cases"), broken)
    checked += 1
    if r.returncode != 2 or "broken.yaml:" not in r.stderr or r.stdout:
        fail("compare with a broken model: exit %d %r" % (r.returncode, r.stderr))


if __name__ == "__main__":
    sys.exit(main())
