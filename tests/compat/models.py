#!/usr/bin/env python3
"""models.py - the model loader refuses broken models, naming file:line.

Every shipped model must load; then each broken variant of a small valid
model must make `cckit compat --target FILE` exit 2 with FILE:LINE and the
mistake on stderr."""
import os, subprocess, sys, tempfile

cckit = sys.argv[1]
GOOD = """model: 1
target: site
name: Our site
sources:
  doc: {ref: "https://lms.example/doc", how: doc}
versions:
  accept: ["1.1"]
  source: doc
kinds:
  webcontent: {support: imported, source: doc}
checks:
  - check: lti-link
    effect: needs-setup
    loss: "needs the tool"
    source: doc
"""
# (what is broken, the text, line, words expected in the message)
BROKEN = [
    ("unknown key", GOOD.replace("name: Our site", "nmae: Our site"), 3, "unknown key 'nmae'"),
    ("missing source", GOOD.replace("  webcontent: {support: imported, source: doc}",
                                    "  webcontent: {support: imported}"), 10, "no source"),
    ("unknown source", GOOD.replace("support: imported, source: doc", "support: imported, source: blog"),
     10, "source 'blog' is not one"),
    ("unknown check", GOOD.replace("check: lti-link", "check: lti-links"), 12, "unknown check 'lti-links'"),
    ("bad effect", GOOD.replace("effect: needs-setup", "effect: breaks"), 13, "effect 'breaks'"),
    ("bad version", GOOD.replace('["1.1"]', '["1.7"]'), 7, "'1.7' is not a CC version"),
    ("bad how", GOOD.replace("how: doc}", "how: rumour}"), 5, "how 'rumour'"),
    ("not yaml", GOOD + "  - [unclosed\n", 0, "not YAML"),
]
bad = 0
models = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "models")
r = subprocess.run([cckit, "compat", "--list-targets"], capture_output=True, text=True)
if r.returncode != 0 or "does not load" in r.stdout or r.stdout.count("\n") < 10:
    print(f"FAIL shipped models: {r.stdout}{r.stderr}")
    bad += 1
with tempfile.TemporaryDirectory() as tmp:
    course = os.path.join(tmp, "course")
    os.makedirs(course)
    open(os.path.join(course, "imsmanifest.xml"), "w").write(
        '<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1">'
        '<organizations/><resources/></manifest>')
    good = os.path.join(tmp, "good.yaml")
    open(good, "w").write(GOOD)
    r = subprocess.run([cckit, "compat", "--target", good, course], capture_output=True, text=True)
    if r.returncode not in (0, 1) or "site" not in r.stdout:
        print(f"FAIL good model refused: {r.returncode} {r.stderr}")
        bad += 1
    for what, text, line, words in BROKEN:
        p = os.path.join(tmp, "m.yaml")
        open(p, "w").write(text)
        r = subprocess.run([cckit, "compat", "--target", p, course], capture_output=True, text=True)
        loc = f"{p}:{line}:" if line else f"{p}:"
        if r.returncode != 2 or loc not in r.stderr or words not in r.stderr:
            print(f"FAIL {what}: exit {r.returncode}, want {loc} ... {words}; stderr: {r.stderr}")
            bad += 1
        else:
            print(f"ok {what}")
sys.exit(1 if bad else 0)
