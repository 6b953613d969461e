#!/usr/bin/env python3
"""profile.py CCKIT SRCDIR SHARED - run by tests/profile.sh.

Generates small cartridges here (a scratch folder), runs cckit profile,
verify and compare on them, on samples/ and on SHARED/corpus (when
present), and checks what they print.  One line per problem, exit 1 if
any.
"""
import json
import os
import subprocess
import sys
import tempfile
import zipfile

import jsonschema

cckit, srcdir, shared = sys.argv[1:4]
problems = []
checks = 0


def fail(msg):
    problems.append(msg)
    print("FAIL " + msg, flush=True)


def check(cond, msg):
    global checks
    checks += 1
    if not cond:
        fail(msg)


def run(*args):
    p = subprocess.run([cckit] + list(args), capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


with open(os.path.join(srcdir, "schemas", "json", "profile.schema.json")) as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)


def profile(out, *inputs, expect=0):
    rc, _, err = run("profile", "-o", out, *inputs)
    check(rc == expect, "profile %s: exit %d, expected %d: %s" % (" ".join(inputs), rc, expect, err.strip()))
    with open(out) as f:
        doc = json.load(f)
    errs = sorted(validator.iter_errors(doc), key=str)
    check(not errs, "profile %s: not valid against the schema: %s" % (
        " ".join(inputs), errs[0].message if errs else ""))
    return doc


# ---- generated cartridges ---------------------------------------------
CP = "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1"
LOM_M = "http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest"
LOM_R = "http://ltsc.ieee.org/xsd/imsccv1p3/LOM/resource"
TYPES = {
    "webcontent": "webcontent",
    "weblink": "imswl_xmlv1p3",
    "discussion": "imsdt_xmlv1p3",
    "ltilink": "imsbasiclti_xmlv1p3",
    "assessment": "imsqti_xmlv1p2/imscc_xmlv1p3/assessment",
    "assignment": "assignment_xmlv1p0",
}


def cartridge(path, m="X", kinds=("webcontent",), target="_blank", items=1, ext=True):
    """A CC 1.3 cartridge whose every string the author chose contains
    the marker m (titles, text, attribute values, file and folder names,
    identifiers, URLs and host names); m is also returned with the list
    of every marker used, so that the caller can look for each."""
    markers = ["%sTITLE" % m, "%sTEXT" % m, "%sID" % m, "%sFOLDER" % m, "%sFILE" % m,
               "%shost" % m.lower(), "%sATTR" % m, "%sKEYWORD" % m, "%sCOMMENT" % m,
               "%sEXT" % m, "%sQUESTION" % m, "%sCUSTOM" % m]
    T, X, I, D, F, H, A, K, C, E, Q, U = markers
    files = {}
    res = []
    folder = "%s_d/" % D
    for n, kind in enumerate(kinds):
        rid = "%s_r%d" % (I, n)
        href = "%s%s_%d.%s" % (folder, F, n, "html" if kind == "webcontent" else "xml")
        if kind == "webcontent":
            files[href] = ('<html><head><title>%s</title></head><body><p class="%s">%s</p>'
                           '<a href="https://%s.example/%s">x</a><img src="../%s/%s.png">'
                           '<a href="$IMS-CC-FILEBASE$/%s/%s.pdf">y</a></body></html>'
                           % (T, A, X, H, F, D, F, D, F))
        elif kind == "weblink":
            files[href] = ('<webLink xmlns="http://www.imsglobal.org/xsd/imsccv1p3/imswl_v1p3">'
                           '<title>%s</title><url href="https://%s.example/%s?q=%s" target="%s"/></webLink>'
                           % (T, H, F, X, target))
        elif kind == "discussion":
            files[href] = ('<topic xmlns="http://www.imsglobal.org/xsd/imsccv1p3/imsdt_v1p3"><title>%s</title>'
                           '<text texttype="text/html">&lt;p&gt;%s &lt;a href="https://%s.example/%s"&gt;l&lt;/a&gt;&lt;/p&gt;</text></topic>'
                           % (T, X, H, F))
        elif kind == "ltilink":
            files[href] = ('<cartridge_basiclti_link xmlns="http://www.imsglobal.org/xsd/imslticc_v1p3" '
                           'xmlns:blti="http://www.imsglobal.org/xsd/imsbasiclti_v1p0" '
                           'xmlns:lticm="http://www.imsglobal.org/xsd/imslticm_v1p0" '
                           'xmlns:lticp="http://www.imsglobal.org/xsd/imslticp_v1p0">'
                           '<blti:title>%s</blti:title><blti:description>%s</blti:description>'
                           '<blti:custom><lticm:property name="%s">%s</lticm:property></blti:custom>'
                           '<blti:extensions platform="%s.example"><lticm:property name="privacy_level">%s</lticm:property></blti:extensions>'
                           '<blti:launch_url>https://%s.example/%s</blti:launch_url>'
                           '<blti:secure_launch_url>https://%s.example/s</blti:secure_launch_url>'
                           '<blti:icon>https://%s.example/%s.png</blti:icon>'
                           '<blti:vendor><lticp:code>%s</lticp:code><lticp:name>%s</lticp:name>'
                           '<lticp:url>https://%s.example/</lticp:url></blti:vendor></cartridge_basiclti_link>'
                           % (T, X, U, U, H, A, H, F, H, H, F, A, X, H))
        elif kind == "assessment":
            files[href] = ('<questestinterop xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2">'
                           '<assessment ident="%s_a" title="%s"><section ident="%s_s">'
                           '<item ident="%s_q" title="%s"><itemmetadata><qtimetadata>'
                           '<qtimetadatafield><fieldlabel>cc_profile</fieldlabel><fieldentry>cc.multiple_choice.v0p1</fieldentry></qtimetadatafield>'
                           '<qtimetadatafield><fieldlabel>%s</fieldlabel><fieldentry>%s</fieldentry></qtimetadatafield>'
                           '</qtimetadata></itemmetadata><presentation><material><mattext texttype="text/html">%s</mattext></material>'
                           '<response_lid ident="%s_l" rcardinality="Single"><render_choice>'
                           '<response_label ident="%s_c"><material><mattext>%s</mattext></material></response_label>'
                           '</render_choice></response_lid></presentation><resprocessing><outcomes>'
                           '<decvar varname="SCORE" vartype="Decimal"/></outcomes><respcondition>'
                           '<conditionvar><varequal respident="%s_l">%s_c</varequal></conditionvar>'
                           '<setvar action="Set" varname="SCORE">100</setvar></respcondition></resprocessing>'
                           '<itemfeedback ident="%s_f"><material><mattext>%s</mattext></material></itemfeedback>'
                           '</item></section></assessment></questestinterop>'
                           % (I, T, I, I, T, K, K, Q, I, I, Q, I, I, I, X))
        elif kind == "assignment":
            files[href] = ('<assignment xmlns="http://www.imsglobal.org/xsd/imscc_extensions/assignment" identifier="%s_as">'
                           '<title>%s</title><text texttype="text/html">%s</text>'
                           '<gradable points_possible="10">true</gradable>'
                           '<submission_formats><format type="file"/></submission_formats></assignment>' % (I, T, X))
        fextra = ""
        if kind == "webcontent":
            files["%s%s.png" % (folder, F)] = "png"
            fextra = '<file href="%s%s.png"/>' % (folder, F)
        res.append('<resource identifier="%s" type="%s" href="%s" intendeduse="%s"><metadata><lomr:lom>'
                   '<lomr:general><lomr:title><lomr:string>%s</lomr:string></lomr:title></lomr:general>'
                   '</lomr:lom></metadata><file href="%s"/>%s</resource>'
                   % (rid, TYPES[kind], href, "lessonplan" if n == 0 else X, T, href, fextra))
    its = "".join('<item identifier="%s_i%d" identifierref="%s_r%d"><title>%s</title></item>'
                  % (I, k, I, k % len(kinds), T) for k in range(items))
    extel = ('<ext:thing xmlns:ext="http://%s.example/ns" ext:%s="%s">%s</ext:thing>' % (H, "attr", A, E)) if ext else ""
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n<!-- %s -->\n'
                '<manifest xmlns="%s" xmlns:lomimscc="%s" xmlns:lomr="%s" identifier="%s_m">'
                '<metadata><schema>IMS Common Cartridge</schema><schemaversion>1.3.0</schemaversion>'
                '<lomimscc:lom><lomimscc:general><lomimscc:title><lomimscc:string language="en">%s</lomimscc:string></lomimscc:title>'
                '<lomimscc:description><lomimscc:string>%s</lomimscc:string></lomimscc:description>'
                '<lomimscc:keyword><lomimscc:string>%s</lomimscc:string></lomimscc:keyword>'
                '</lomimscc:general></lomimscc:lom>%s</metadata>'
                '<organizations><organization identifier="%s_o" structure="rooted-hierarchy"><item identifier="%s_root">%s</item>'
                '</organization></organizations><resources>%s</resources></manifest>'
                % (C, CP, LOM_M, LOM_R, I, T, X, K, extel, I, I, its, "".join(res)))
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("imsmanifest.xml", manifest)
        for name, data in files.items():
            z.writestr(name, data)
    return markers


work = tempfile.mkdtemp(prefix="cckit-profile-test.")
J = lambda *p: os.path.join(work, *p)
ALL = ("webcontent", "weblink", "discussion", "ltilink", "assessment", "assignment")

# ---- privacy: no planted marker reaches the profile --------------------
markers = cartridge(J("%s-marked.imscc" % "ZQMARK"), "ZQMARK", ALL)
with zipfile.ZipFile(J("ZQMARK-marked.imscc")) as z:
    blob = "".join(n + z.read(n).decode() for n in z.namelist())
for mk in markers:
    check(mk in blob, "privacy: the generator did not plant %s (the test could not fail)" % mk)
doc = profile(J("marked.json"), J("ZQMARK-marked.imscc"))
text = open(J("marked.json")).read()
for mk in markers + ["zqmark", "ZQMARK"]:
    check(mk.lower() not in text.lower(), "privacy: marker %s reached the profile" % mk)
check(doc["cartridges"] == 1, "privacy: cartridges is %r, not 1" % doc["cartridges"])
for kind in ALL:
    check(kind in doc["features"]["kinds"], "privacy: kind %s not characterized" % kind)
for tok in ("intendeduse=lessonplan", "intendeduse=other", "weblink.target=_blank",
            "qti.cc_profile=cc.multiple_choice.v0p1", "qti.fieldlabel=other",
            "lti.property=other", "lti.property=privacy_level", "qti.rcardinality=Single"):
    check(tok in doc["features"]["tokens"], "privacy: token %s missing" % tok)
for form in ("external", "relative", "ims-cc-filebase"):
    check(form in doc["features"]["links"], "privacy: link form %s missing" % form)
check(any(k.startswith("other ") for k in doc["features"]["extensions"]),
      "privacy: the extension in a marked namespace is not counted as other")

# ---- schema: samples and corpus ----------------------------------------
samples = [os.path.join(srcdir, "samples", d) for d in sorted(os.listdir(os.path.join(srcdir, "samples")))
           if os.path.isfile(os.path.join(srcdir, "samples", d, "imsmanifest.xml"))]
doc = profile(J("samples.json"), *samples)
check(doc["cartridges"] == len(samples), "samples: %d cartridges, expected %d" % (doc["cartridges"], len(samples)))
check(sum(v["cartridges"] for v in doc["features"]["versions"].values()) == len(samples),
      "samples: versions do not add up to the cartridges")

corpus = os.path.join(shared, "corpus")
if os.path.isdir(corpus):
    carts = sorted(os.path.join(corpus, f) for f in os.listdir(corpus) if f.endswith(".imscc"))
    doc = profile(J("corpus.json"), corpus)
    check(doc["cartridges"] + doc["unreadable"] == len(carts), "corpus: %d + %d unreadable != %d inputs"
          % (doc["cartridges"], doc["unreadable"], len(carts)))
    # merge of shards == profile of all
    half = len(carts) // 2
    profile(J("a.json"), *carts[:half])
    profile(J("b.json"), *carts[half:])
    rc, _, err = run("profile", "--merge", J("a.json"), J("b.json"), "-o", J("ab.json"))
    check(rc == 0, "merge: exit %d: %s" % (rc, err))
    check(json.load(open(J("ab.json"))) == doc, "merge: the merge of two shards differs from the profile of all")
else:
    print("SKIP corpus parts: no corpus at %s" % corpus)

# merge on generated cartridges, always run
for n, kinds in enumerate([("webcontent",), ("weblink", "ltilink"), ALL]):
    cartridge(J("g%d.imscc" % n), "G", kinds, items=n * 3 + 1)
whole = profile(J("g.json"), J("g0.imscc"), J("g1.imscc"), J("g2.imscc"))
profile(J("g01.json"), J("g0.imscc"), J("g1.imscc"))
profile(J("g2.json"), J("g2.imscc"))
rc, _, err = run("profile", "--merge", J("g01.json"), J("g2.json"), "-o", J("gm.json"))
check(rc == 0 and json.load(open(J("gm.json"))) == whole, "merge: shards of generated cartridges differ from the whole")
check(whole["features"]["kinds"]["weblink"]["cartridges"] == 2, "merge: weblink should be in 2 of 3 cartridges")
with open(J("bad.json"), "w") as f:
    json.dump({"format": "cckit-profile", "format_version": 1, "cartridges": 1}, f)
rc, out, err = run("profile", "--merge", J("g2.json"), J("bad.json"))
check(rc == 1 and out == "" and "not a cckit profile" in err, "merge: an invalid profile is not refused (exit %d)" % rc)

g2 = json.load(open(J("g2.json")))
g2["features"]["fields"]["manifest:\u00e9l\u00e8ve"] = {"cartridges": 1, "count": 1, "share_permille": 1000}
with open(J("badkey.json"), "w") as f:
    json.dump(g2, f)
rc, out, err = run("profile", "--merge", J("g2.json"), J("badkey.json"))
check(rc == 1 and out == "", "merge: a key that cckit never writes (non-ASCII) is not refused (exit %d)" % rc)

# ---- verify --------------------------------------------------------------
cartridge(J("web.imscc"), "V", ("webcontent", "weblink"), target="_top", items=3)
profile(J("web.json"), J("web.imscc"))


def verify(*carts):
    rc, out, err = run("verify", "--format", "json", "--against", J("web.json"), *carts)
    try:
        return rc, json.loads(out)
    except ValueError:
        fail("verify: not JSON: %r %s" % (out[:200], err))
        return rc, {"cartridges": []}


rc, d = verify(J("web.imscc"))
check(rc == 0 and d["cartridges"][0]["within"] is True and d["cartridges"][0]["findings"] == [],
      "verify: a cartridge is not within its own profile: %s" % d)
cartridge(J("lti.imscc"), "V", ("webcontent", "weblink", "ltilink"), target="_top", items=3)
rc, d = verify(J("lti.imscc"))
codes = {(f["code"], f.get("feature")) for f in d["cartridges"][0]["findings"]}
check(rc == 1 and ("verify.kind", "ltilink") in codes, "verify: a new kind is not reported: %s" % sorted(codes))
check(all(set(f) >= {"code", "message", "seen", "allowed"} for f in d["cartridges"][0]["findings"]),
      "verify: a finding lacks code, message, seen or allowed")
cartridge(J("self.imscc"), "V", ("webcontent", "weblink"), target="_new", items=3)
rc, d = verify(J("self.imscc"))
codes = {(f["code"], f.get("feature")) for f in d["cartridges"][0]["findings"]}
check(rc == 1 and codes == {("verify.token", "weblink.target=_new")},
      "verify: a new token should be the one finding: %s" % sorted(codes))
cartridge(J("big.imscc"), "V", ("webcontent", "weblink"), target="_top", items=40)
rc, d = verify(J("big.imscc"), J("web.imscc"))
f = [x for x in d["cartridges"][0]["findings"] if x["code"] == "verify.range"]
check(rc == 1 and any(x.get("feature") == "items" and x["seen"] == "41" for x in f),
      "verify: 41 items beyond the profile's range not reported: %s" % f)
check(d["cartridges"][1]["within"] is True, "verify: the second cartridge should be within")
rc, out, err = run("verify", J("web.imscc"))
check(rc == 2, "verify: without --against should be a usage error (exit %d)" % rc)
rc, out, err = run("verify", "--against", J("web.imscc"), J("web.imscc"))
check(rc == 2, "verify: a PROFILE that is not one should exit 2 (exit %d)" % rc)
rc, out, err = run("verify", "--against", J("web.json"), J("self.imscc"))
check(rc == 1 and "verify.token" in out and "OUTSIDE" in out, "verify: text output lacks the finding: %s" % out)

# ---- compare -------------------------------------------------------------
for n in range(4):
    cartridge(J("p%d.imscc" % n), "P", ("webcontent", "ltilink") if n == 0 else ("webcontent",), items=2)
profile(J("provider.json"), *[J("p%d.imscc" % n) for n in range(4)])


def compare(a, b):
    rc, out, err = run("compare", "--format", "json", a, b)
    try:
        return rc, json.loads(out)
    except ValueError:
        fail("compare: not JSON: %r %s" % (out[:200], err))
        return rc, {}


rc, d = compare(J("provider.json"), J("provider.json"))
check(rc == 0 and d.get("compatible") is True and d["mismatches"] == [] and len(d["matches"]) > 10,
      "compare: a profile is not compatible with itself")
rc, d = compare(J("provider.json"), J("web.json"))
mm = {m["feature"]: m for m in d.get("mismatches", [])}
check(rc == 1 and d["compatible"] is False, "compare: LTI provider vs consumer without LTI is compatible")
check("ltilink" in mm and mm["ltilink"]["code"] == "compare.kind" and abs(mm["ltilink"]["share"] - 0.25) < 1e-9,
      "compare: ltilink in 1 of 4 cartridges should be a mismatch with share 0.25: %s" % mm.get("ltilink"))
check(all(set(m) >= {"code", "feature", "share", "message"} for m in d["mismatches"] + d["matches"]),
      "compare: an entry lacks code, feature, share or message")
check("webcontent" in {m["feature"] for m in d["matches"]}, "compare: webcontent should match")
profile(J("p1.json"), J("p1.imscc"))
rc, d = compare(J("p1.json"), J("provider.json"))
check(rc == 0 and d.get("compatible") is True,
      "compare: a provider without LTI vs a consumer with it is not compatible: %s" % d.get("mismatches"))
rc, out, err = run("compare", J("provider.json"), J("web.json"))
check(rc == 1 and out.rstrip().splitlines()[-1].startswith("verdict: NOT COMPATIBLE"),
      "compare: text output does not end with the verdict: %s" % out[-200:])
rc, out, err = run("compare", J("provider.json"))
check(rc == 2, "compare: one operand should be a usage error (exit %d)" % rc)

print("%d checks, %d problems" % (checks, len(problems)))
sys.exit(1 if problems else 0)
