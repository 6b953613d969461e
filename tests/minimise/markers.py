"""markers.py OUT_FOLDER - write a CC 1.3 cartridge (a folder) with a marker
string planted in every place minimise must replace: the manifest's
identifier, metadata (title, description, keyword), every item's
identifier and title, every resource's identifier, href and files, folder
and file names (with a space and a non-ASCII letter), page text, title,
attributes, comments, scripts and styles, relative, $IMS-CC-FILEBASE$,
absolute and external links (host, path, query, fragment), a web link's
URL and title, a discussion's title and text, an LTI link's title,
description and launch URL, a QTI assessment's title, idents and text, and
the bytes of an image.  Markers are ZQXMARKER followed by a number; the
test (minimise-markers.sh) looks for them, lower-cased and
percent-encoded, in the names and bytes of minimise's output."""
import os
import sys

out = sys.argv[1]
n = [0]


def m():
    n[0] += 1
    return "ZQXMARKER%d" % n[0]


def write(rel, text, mode="w"):
    p = os.path.join(out, rel)
    os.makedirs(os.path.dirname(p) or out, exist_ok=True)
    with open(p, mode) as f:
        f.write(text)


d1 = m()                       # a folder
page = "%s/page %s\u00e9.html" % (d1, m())   # a space and a non-ASCII letter
img = "%s/img/%s.png" % (d1, m())
css = "%s/%s.css" % (d1, m())
png = b"\x89PNG\r\n\x1a\n" + ("%s" % m()).encode() + b"\x00" * 8
write(img, png, "wb")
write(css, "body { font-family: '%s'; background: url('img/%s') }\n/* %s */\n"
      % (m(), os.path.basename(img), m()))
ext = "https://%s.example.com/%s?q=%s#%s" % (m().lower(), m(), m(), m())
write(page, """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>%s title</title>
<link rel="stylesheet" href="%s"><style>p { color: red } /* %s */</style>
<script>var s = "%s";</script></head>
<body><!-- %s --><h1 class="%s">%s heading</h1>
<p title="%s">%s text &amp; more</p>
<img src="img/%s" alt="%s">
<a href="%s">%s</a> <a href="/%s/abs.html">abs</a>
</body></html>
""" % (m(), os.path.basename(css), m(), m(), m(), m(), m(), m(), m(), os.path.basename(img), m(), ext,
       m(), m()))

wl = "%s/weblink.xml" % m()
write(wl, """<?xml version="1.0" encoding="UTF-8"?>
<webLink xmlns="http://www.imsglobal.org/xsd/imsccv1p3/imswl_v1p3">
  <title>%s link</title>
  <url href="https://www.%s.org/%s.html" target="_blank"/>
</webLink>
""" % (m(), m().lower(), m()))
dt = "%s/topic.xml" % m()
write(dt, """<?xml version="1.0" encoding="UTF-8"?>
<topic xmlns="http://www.imsglobal.org/xsd/imsccv1p3/imsdt_v1p3">
  <title>%s topic</title>
  <text texttype="text/html">&lt;p&gt;%s says &lt;img src="$IMS-CC-FILEBASE$/../%s" alt="%s"&gt;&lt;/p&gt;</text>
</topic>
""" % (m(), m(), img, m()))
lti = "%s/lti.xml" % m()
write(lti, """<?xml version="1.0" encoding="UTF-8"?>
<cartridge_basiclti_link xmlns="http://www.imsglobal.org/xsd/imslticc_v1p3"
    xmlns:blti="http://www.imsglobal.org/xsd/imsbasiclti_v1p0"
    xmlns:lticm="http://www.imsglobal.org/xsd/imslticm_v1p0"
    xmlns:lticp="http://www.imsglobal.org/xsd/imslticp_v1p0">
  <blti:title>%s tool</blti:title>
  <blti:description>%s description</blti:description>
  <blti:launch_url>https://%s.example.net/launch/%s</blti:launch_url>
  <blti:vendor><lticp:code>%s</lticp:code><lticp:name>%s</lticp:name></blti:vendor>
</cartridge_basiclti_link>
""" % (m(), m(), m().lower(), m(), m(), m()))
qz = "%s/assessment.xml" % m()
qid, iid, rid, aid, bid = m(), m(), m(), m(), m()
write(qz, """<?xml version="1.0" encoding="UTF-8"?>
<questestinterop xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2">
  <assessment ident="%s" title="%s quiz">
    <qtimetadata>
      <qtimetadatafield><fieldlabel>cc_profile</fieldlabel><fieldentry>cc.exam.v0p1</fieldentry></qtimetadatafield>
      <qtimetadatafield><fieldlabel>qmd_assessmenttype</fieldlabel><fieldentry>Examination</fieldentry></qtimetadatafield>
    </qtimetadata>
    <section ident="%s">
      <item ident="%s" title="%s question">
        <itemmetadata><qtimetadata>
          <qtimetadatafield><fieldlabel>cc_profile</fieldlabel><fieldentry>cc.multiple_choice.v0p1</fieldentry></qtimetadatafield>
        </qtimetadata></itemmetadata>
        <presentation>
          <material><mattext texttype="text/html">&lt;p&gt;%s asks?&lt;/p&gt;</mattext></material>
          <response_lid ident="%s" rcardinality="Single">
            <render_choice>
              <response_label ident="%s"><material><mattext texttype="text/plain">%s yes</mattext></material></response_label>
              <response_label ident="%s"><material><mattext texttype="text/plain">%s no</mattext></material></response_label>
            </render_choice>
          </response_lid>
        </presentation>
        <resprocessing>
          <outcomes><decvar varname="SCORE" vartype="Decimal" minvalue="0" maxvalue="100"/></outcomes>
          <respcondition continue="No">
            <conditionvar><varequal respident="%s">%s</varequal></conditionvar>
            <setvar varname="SCORE" action="Set">100</setvar>
          </respcondition>
        </resprocessing>
      </item>
    </section>
  </assessment>
</questestinterop>
""" % (qid, m(), m(), iid, m(), m(), rid, aid, m(), bid, m(), rid, aid))

ids = {k: m() for k in ["org", "root", "mod", "i_page", "i_wl", "i_dt", "i_lti", "i_qz",
                        "r_page", "r_wl", "r_dt", "r_lti", "r_qz"]}
write("imsmanifest.xml", """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="%s" xmlns="http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1"
    xmlns:lomimscc="http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest">
  <metadata>
    <schema>IMS Common Cartridge</schema>
    <schemaversion>1.3.0</schemaversion>
    <lomimscc:lom><lomimscc:general>
      <lomimscc:title><lomimscc:string language="en">%s course</lomimscc:string></lomimscc:title>
      <lomimscc:description><lomimscc:string language="en">%s about %s</lomimscc:string></lomimscc:description>
      <lomimscc:keyword><lomimscc:string language="en">%s</lomimscc:string></lomimscc:keyword>
    </lomimscc:general></lomimscc:lom>
  </metadata>
  <organizations>
    <organization identifier="%s" structure="rooted-hierarchy">
      <item identifier="%s">
        <item identifier="%s"><title>%s module</title>
          <item identifier="%s" identifierref="%s"><title>%s page</title></item>
          <item identifier="%s" identifierref="%s"><title>%s link</title></item>
          <item identifier="%s" identifierref="%s"><title>%s topic</title></item>
          <item identifier="%s" identifierref="%s"><title>%s tool</title></item>
          <item identifier="%s" identifierref="%s"><title>%s quiz</title></item>
        </item>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="%s" type="webcontent" href="%s">
      <file href="%s"/>
      <file href="%s"/>
      <file href="%s"/>
    </resource>
    <resource identifier="%s" type="imswl_xmlv1p3"><file href="%s"/></resource>
    <resource identifier="%s" type="imsdt_xmlv1p3"><file href="%s"/><dependency identifierref="%s"/></resource>
    <resource identifier="%s" type="imsbasiclti_xmlv1p3"><file href="%s"/></resource>
    <resource identifier="%s" type="imsqti_xmlv1p2/imscc_xmlv1p3/assessment"><file href="%s"/></resource>
  </resources>
</manifest>
""" % (m(), m(), m(), m(), m(), ids["org"], ids["root"], ids["mod"], m(),
       ids["i_page"], ids["r_page"], m(), ids["i_wl"], ids["r_wl"], m(),
       ids["i_dt"], ids["r_dt"], m(), ids["i_lti"], ids["r_lti"], m(), ids["i_qz"], ids["r_qz"], m(),
       ids["r_page"], page.replace(" ", "%20"), page.replace(" ", "%20"), img, css,
       ids["r_wl"], wl, ids["r_dt"], dt, ids["r_page"], ids["r_lti"], lti, ids["r_qz"], qz))
print(n[0])
