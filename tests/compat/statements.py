#!/usr/bin/env python3
"""statements.py - one small cartridge per import-model statement.

Each case builds a CC folder (or ZIP) in a temporary folder that triggers
one statement of the shipped models (models/*.yaml), runs
`cckit compat --format json` against every shipped target and asserts:
  - the target(s) named get the finding (code, severity) and the verdict;
  - every other target does not get that code as an error or warning
    (an info "unknown for this target" is what a silent model gives).
A base cartridge first proves the cases start from "imports" for the
targets that accept its version.

  python3 tests/compat/statements.py CCKIT   (exit 0 pass, 1 fail)
"""
import json, os, subprocess, sys, tempfile, zipfile

CCKIT = sys.argv[1] if len(sys.argv) > 1 else "./cckit"

NS = {
    "1.0": ("http://www.imsglobal.org/xsd/imscc/imscp_v1p1", "1.0.0",
            "http://ltsc.ieee.org/xsd/imscc/LOM", "http://www.imsglobal.org/xsd/imscc/imscp_v1p1"),
    "1.1": ("http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1", "1.1.0",
            "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest",
            "http://www.imsglobal.org/xsd/imsccv1p1/imsccauth_v1p1"),
    "1.3": ("http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1", "1.3.0",
            "http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest",
            "http://www.imsglobal.org/xsd/imsccv1p3/imsccauth_v1p3"),
}
QTI_TYPE = {"1.1": "imsqti_xmlv1p2/imscc_xmlv1p1/", "1.3": "imsqti_xmlv1p2/imscc_xmlv1p3/"}


def manifest(ver="1.1", items="", resources="", schema="IMS Common Cartridge", extra=""):
    ns, sv, lom, auth = NS[ver]
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="M" xmlns="{ns}" xmlns:lomimscc="{lom}" xmlns:auth="{auth}">
  <metadata><schema>{schema}</schema><schemaversion>{sv}</schemaversion>
    <lomimscc:lom><lomimscc:general><lomimscc:title><lomimscc:string>Test</lomimscc:string>
    </lomimscc:title></lomimscc:general></lomimscc:lom></metadata>
  <organizations><organization identifier="O" structure="rooted-hierarchy">
    <item identifier="root">
      <item identifier="i_page" identifierref="r_page"><title>Welcome page</title></item>
      {items}
    </item>
  </organization></organizations>
  <resources>
    <resource identifier="r_page" type="webcontent" href="page.html"><file href="page.html"/></resource>
    {resources}
  </resources>{extra}
</manifest>
"""


def qti_item(title, profile, body="", ident="q1"):
    t = f' title="{title}"' if title is not None else ""
    md = (f"<itemmetadata><qtimetadata><qtimetadatafield><fieldlabel>cc_profile</fieldlabel>"
          f"<fieldentry>{profile}</fieldentry></qtimetadatafield></qtimetadata></itemmetadata>"
          if profile else "")
    return f'<item ident="{ident}"{t}>{md}<presentation>{body}</presentation></item>'


def tf_body(a="true", b="false"):
    return (f'<response_lid ident="r"><render_choice><response_label ident="{a}"/>'
            f'<response_label ident="{b}"/></render_choice></response_lid>')


def qti(items, section="root_section", extra=""):
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<questestinterop xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2">
  <assessment ident="A" title="Quiz one">{extra}<section ident="{section}">{items}</section></assessment>
</questestinterop>
"""


def quiz(ver, items, section="root_section", extra=""):
    """files and manifest parts of a cartridge with one quiz"""
    return dict(
        items='<item identifier="i_quiz" identifierref="r_quiz"><title>Quiz one</title></item>',
        resources=f'<resource identifier="r_quiz" type="{QTI_TYPE[ver]}assessment">'
                  f'<file href="quiz/assessment.xml"/></resource>',
        files={"quiz/assessment.xml": qti(items, section, extra)})


def build(root, ver="1.1", files=None, zip_name=None, prefix="", **kw):
    files = dict(files or {})
    files.setdefault("page.html", "<html><body><p>Hello</p></body></html>")
    files.setdefault("imsmanifest.xml", manifest(ver, **kw))
    files = {prefix + k: v for k, v in files.items()}
    if zip_name:
        p = os.path.join(root, zip_name)
        with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in files.items():
                z.writestr(name, data)
        return p
    d = os.path.join(root, "course")
    for name, data in files.items():
        p = os.path.join(d, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as f:
            f.write(data)
    return d


def run(path):
    r = subprocess.run([CCKIT, "compat", "--format", "json", path], capture_output=True,
                       text=True)
    if r.returncode not in (0, 1):
        raise RuntimeError(f"exit {r.returncode}: {r.stderr}")
    out = json.loads(r.stdout)
    fails = any(t["verdict"] == "fails" for t in out["cartridges"][0]["targets"])
    if r.returncode != (1 if fails else 0):
        raise RuntimeError(f"exit {r.returncode} does not match the verdicts")
    return {t["target"]: t for t in out["cartridges"][0]["targets"]}


SEV = {"fails": "error", "imports-with-losses": "warning"}
ALL = ["blackboard", "blackboard-ultra", "brightspace", "canvas", "chamilo", "infinite-campus",
       "moodle", "openedx", "sakai", "schoology"]

# name, build arguments, {target: (code, verdict[, severity of the finding])}
def cases():
    c = []
    c.append(("version-1.3-moodle-blackboard", dict(ver="1.3"), {
        "moodle": ("compat.version", "fails"), "blackboard": ("compat.version", "fails"),
        "schoology": ("compat.version", "fails")}))
    c.append(("version-1.1-schoology-ic-chamilo", dict(ver="1.1"), {
        "schoology": ("compat.version", "fails"), "infinite-campus": ("compat.version", "fails"),
        "chamilo": ("compat.version", "fails")}))
    c.append(("version-1.0-openedx", dict(ver="1.0"), {"openedx": ("compat.version", "fails"),
        "schoology": ("compat.version", "fails"), "infinite-campus": ("compat.version", "fails"),
        "chamilo": ("compat.version", "fails")}))
    c.append(("thin", dict(ver="1.3", schema="IMS Thin Common Cartridge"), {
        "infinite-campus": ("compat.thin", "fails"), "chamilo": ("compat.thin", "fails"),
        "moodle": ("compat.thin", "fails"), "blackboard": ("compat.thin", "fails")}))
    c.append(("title-length-ic", dict(ver="1.3", items='<item identifier="i_long" identifierref="r_page"><title>'
              + "A" * 51 + "</title></item>"), {
        "infinite-campus": ("compat.limit.title_length", "imports-with-losses")}))
    c.append(("title-special-chars-ic", dict(ver="1.3", items='<item identifier="i_emo" identifierref="r_page">'
              '<title>Week \U0001F600</title></item>'), {
        "infinite-campus": ("compat.title-special-chars", "imports-with-losses")}))
    c.append(("org-depth-ultra", dict(items='<item identifier="f1"><title>A</title><item identifier="f2">'
              '<title>B</title><item identifier="f3"><title>C</title><item identifier="i_d" '
              'identifierref="r_page"><title>D</title></item></item></item></item>'), {
        "blackboard-ultra": ("compat.limit.org_depth", "imports-with-losses")}))
    long = "d/" + "x" * 130 + ".html"
    c.append(("path-length-brightspace", dict(files={long: "<p>x</p>"}, resources=
              f'<resource identifier="r_long" type="webcontent" href="{long}"><file href="{long}"/></resource>'), {
        "brightspace": ("compat.limit.path_length", "fails")}))
    # a package zipped with its folder: the manifest is not at the root
    c.append(("not-at-root-brightspace", dict(zip_name="c.imscc", prefix="course/"), {
        t: ("compat.unreadable", "fails") for t in ALL} | {
        "brightspace": ("compat.manifest-not-at-root", "fails")}))
    c.append(("not-xml-everywhere", dict(zip_name="c.imscc", files={"imsmanifest.xml": "<manifest"}), {
        t: ("compat.unreadable", "fails") for t in ALL}))
    c.append(("authorizations-moodle", dict(extra='<auth:authorizations access="cartridge" import="true">'
              '<auth:authorization><auth:cartridgeId>x</auth:cartridgeId><auth:webservice>https://a.example/'
              '</auth:webservice></auth:authorization></auth:authorizations>'), {"moodle": ("compat.authorizations", "fails")}))
    c.append(("missing-file-moodle", dict(resources='<resource identifier="r_gone" type="webcontent" '
              'href="gone.html"><file href="gone.html"/></resource>'), {
        "moodle": ("compat.missing-file", "imports-with-losses")}))
    c.append(("href-encoding-moodle", dict(files={"kk(1).jpg": "a", "kk%281%29.jpg": "b"}), {
        "moodle": ("compat.href-encoding-ambiguous", "imports-with-losses")}))
    c.append(("syllabus-canvas", dict(resources='<resource identifier="r_syl" type="webcontent" '
              'href="page.html" intendeduse="syllabus"><file href="page.html"/></resource>'), {
        "canvas": ("compat.intendeduse-syllabus", "imports-with-losses")}))
    c.append(("lti-canvas-ic", dict(ver="1.3", items='<item identifier="i_lti" identifierref="r_lti"><title>Lab</title></item>',
              resources='<resource identifier="r_lti" type="imsbasiclti_xmlv1p3"><file href="lti.xml"/></resource>',
              files={"lti.xml": '<?xml version="1.0"?><cartridge_basiclti_link xmlns="http://www.imsglobal.org/xsd/imslticc_v1p3" '
                     'xmlns:blti="http://www.imsglobal.org/xsd/imsbasiclti_v1p0"><blti:title>Lab</blti:title>'
                     '<blti:launch_url>https://lti.example/launch</blti:launch_url></cartridge_basiclti_link>'}), {
        "canvas": ("compat.lti-link", "imports-with-losses"),
        "infinite-campus": ("compat.lti-link", "imports-with-losses")}))
    q = quiz("1.1", qti_item("Is it?", "cc.true_false.v0p1", tf_body("yes", "no")))
    c.append(("tf-idents-moodle", q, {"moodle": ("compat.qti-true-false-idents", "fails")}))
    q = quiz("1.1", qti_item("Other", "x.custom.v1"))
    c.append(("unknown-types-moodle", q, {"moodle": ("compat.qti-unknown-types-only", "fails")}))
    q = quiz("1.1", qti_item("Plain", None))
    c.append(("no-profile-brightspace", q, {"brightspace": ("compat.qti-no-cc-profile", "imports-with-losses")}))
    # Open edX loses only pattern answers (<varsubstring>) of fill-in-the-blank
    # questions: an exact answer is kept there, Schoology turns both into essays
    q = quiz("1.1", qti_item("Blank", "cc.fib.v0p1", "") .replace("</presentation>",
             "</presentation><resprocessing><respcondition><conditionvar><varequal respident=\"r\">"
             "Paris</varequal></conditionvar></respcondition></resprocessing>"))
    c.append(("fib-exact-schoology", q, {"schoology": ("compat.qti-fill-in-the-blank", "fails", "warning")}))
    q = quiz("1.1", qti_item("Blank", "cc.fib.v0p1", "").replace("</presentation>",
             "</presentation><resprocessing><respcondition><conditionvar><varsubstring respident=\"r\">"
             "Par.*</varsubstring></conditionvar></respcondition></resprocessing>"))
    c.append(("fib-pattern-openedx", q, {"openedx": ("compat.qti-fib-pattern", "imports-with-losses"),
        "schoology": ("compat.qti-fill-in-the-blank", "fails", "warning")}))
    q = quiz("1.1", qti_item(None, "cc.true_false.v0p1", tf_body()))
    c.append(("no-title-openedx", q, {"openedx": ("compat.qti-item-without-title", "fails")}))
    q = quiz("1.1", qti_item("T", "cc.true_false.v0p1", tf_body()), section="s1")
    c.append(("section-openedx", q, {"openedx": ("compat.qti-section-not-root", "fails")}))
    q = quiz("1.1", qti_item("T", "cc.true_false.v0p1", tf_body()),
             extra="<rubric><material><mattext>Read this first</mattext></material></rubric>")
    c.append(("rubric-canvas", q, {"canvas": ("compat.qti-rubricblock", "imports-with-losses")}))
    q = quiz("1.3", qti_item("Essay", "cc.essay.v0p1"))
    q["ver"] = "1.3"
    c.append(("qti-keeps-ic", q, {"infinite-campus": ("compat.qti-type", "imports-with-losses")}))
    # curriculum standards metadata on a resource (CC 1.3's CSM namespace):
    # Chamilo, Moodle, Canvas and Blackboard state they do not import it
    csm = ('<resource identifier="r_std" type="webcontent" href="page.html"><metadata>'
           '<csm:curriculumStandardsMetadataSet xmlns:csm="http://www.imsglobal.org/xsd/imsccv1p3/imscsmd_v1p0">'
           '<csm:curriculumStandardsMetadata providerId="corestandards.org"><csm:setOfGUIDs>'
           '<csm:labelledGUID><csm:GUID>A1B2</csm:GUID></csm:labelledGUID></csm:setOfGUIDs>'
           '</csm:curriculumStandardsMetadata></csm:curriculumStandardsMetadataSet></metadata>'
           '<file href="page.html"/></resource>')
    c.append(("curriculum-standards", dict(ver="1.3", resources=csm), {
        "chamilo": ("compat.curriculum-standards", "imports-with-losses"),
        "canvas": ("compat.curriculum-standards", "imports-with-losses"),
        "moodle": ("compat.curriculum-standards", "fails", "warning"),
        "blackboard": ("compat.curriculum-standards", "fails", "warning")}))
    c.append(("bank-blackboard-chamilo", dict(resources='<resource identifier="r_bank" type="'
              'imsqti_xmlv1p2/imscc_xmlv1p1/question-bank"><file href="bank.xml"/></resource>',
              files={"bank.xml": '<?xml version="1.0"?><questestinterop xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2">'
                     '<objectbank ident="B"/></questestinterop>'}), {
        "blackboard": ("compat.question-banks", "imports-with-losses")}))
    c.append(("assignment-moodle", dict(ver="1.3", items='<item identifier="i_as" identifierref="r_as"><title>Essay 1</title></item>',
              resources='<resource identifier="r_as" type="assignment_xmlv1p0"><file href="as.xml"/></resource>',
              files={"as.xml": '<?xml version="1.0"?><assignment xmlns="http://www.imsglobal.org/xsd/imscc_extensions/assignment" '
                     'identifier="as"><title>Essay 1</title><text texttype="text/plain">Write</text></assignment>'}), {
        "chamilo": ("compat.kind-ignored", "imports-with-losses"),
        "moodle": ("compat.kind-ignored", "fails", "warning")}))
    return c


def main():
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        base = run(build(os.path.join(tmp, "base")))
        for t in ("moodle", "canvas", "blackboard", "sakai", "openedx"):
            if base[t]["verdict"] != "imports":
                print(f"FAIL base: {t} says {base[t]['verdict']}: {base[t]['findings']}")
                bad += 1
        for name, kw, want in cases():
            d = os.path.join(tmp, name)
            os.makedirs(d)
            kw = dict(kw)
            got = run(build(d, **kw))
            codes = {w[0] for w in want.values()}
            if set(got) != set(ALL):
                print(f"FAIL {name}: targets {sorted(got)}, not the shipped {ALL}")
                bad += 1
            for t, res in got.items():
                loud = [f for f in res["findings"] if f["code"] in codes and f["severity"] != "info"]
                if t in want:
                    code, verdict = want[t][:2]
                    sev = want[t][2] if len(want[t]) > 2 else SEV[verdict]
                    hit = [f for f in res["findings"] if f["code"] == code and f["severity"] == sev]
                    if not hit or res["verdict"] != verdict:
                        print(f"FAIL {name}: {t}: want {code} and {verdict}, got {res['verdict']}: "
                              f"{[(f['severity'], f['code']) for f in res['findings']]}")
                        bad += 1
                    elif not hit[0]["source"] and code != "compat.unreadable":
                        # every model statement has a source; an unreadable
                        # package is cckit's own finding
                        print(f"FAIL {name}: {t}: {code} names no source")
                        bad += 1
                elif loud:
                    print(f"FAIL {name}: {t} also reports {[f['code'] for f in loud]}")
                    bad += 1
            if not bad:
                print(f"ok {name}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
