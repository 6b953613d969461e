"""diff-edit.py FOLDER - make, in a copy of samples/intro-course-cc1.3, one
change of each kind that `cckit diff` names (the diff-changes-*.test cases):
a title, an item moved, an item retargeted, a resource's type, a file
added to a resource, a file changed, a file moved, a file added, an LTI
launch URL, a discussion's text, a QTI item, the cartridge's title."""
import os, sys

d = sys.argv[1]


def edit(rel, old, new, count=1):
    p = os.path.join(d, rel)
    s = open(p, encoding="utf-8").read()
    if s.count(old) < 1:
        sys.exit("diff-edit.py: %r not in %s" % (old, rel))
    open(p, "w", encoding="utf-8").write(s.replace(old, new, count))


m = "imsmanifest.xml"
edit(m, "<title>Welcome</title>", "<title>Hello and welcome</title>")
edit(m, "Introduction to Cartography", "Introduction to Maps")
# the lab item leaves module 2 for module 1
lab = """          <item identifier="item_lab" identifierref="res_lab">
            <title>Map lab (external tool)</title>
          </item>
"""
edit(m, lab, "")
edit(m, """          <item identifier="item_introductions\"""", lab + """          <item identifier="item_introductions\"""")
edit(m, 'identifier="item_scale" identifierref="res_scale"', 'identifier="item_scale" identifierref="res_welcome"')
edit(m, 'identifier="res_scale" type="webcontent"',
     'identifier="res_scale" type="associatedcontent/imscc_xmlv1p3/learning-application-resource"')
edit(m, '<file href="web/welcome.html"/>', '<file href="web/welcome.html"/>\n      <file href="web/extra.html"/>')
edit(m, "web/images/compass.svg", "web/images/rose.svg")
os.rename(os.path.join(d, "web/images/compass.svg"), os.path.join(d, "web/images/rose.svg"))
with open(os.path.join(d, "web/extra.html"), "w") as f:
    f.write("<html><head><title>Extra</title></head><body><p>More.</p></body></html>\n")
with open(os.path.join(d, "web/style.css"), "a") as f:
    f.write("p { margin: 0; }\n")
edit("lti/lti_lab/lti.xml", "<blti:launch_url>https://tools.example.org/maplab/launch",
     "<blti:launch_url>https://tools.example.org/maplab/v2/launch")
edit("discussions/dt_introductions/topic.xml", "describe a map you used recently", "describe a map you like")
edit("assessments/qz_module1/assessment.xml", 'title="Scale"', 'title="Map scale"')
