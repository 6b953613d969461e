#!/usr/bin/env python3
"""Make the partial official CC 1.4 XSDs usable as a test oracle.

usage: official-fill.py TOP SHARED OUTDIR

The official 1.4 manifest XSD imports two LOM schemas, and the 1.4
discussion and web link XSDs include a "shared extensions" schema, that
are not in $CCKIT_SHARED/ref/schemas, so they do not compile.  This
writes, into OUTDIR only:

  * official-fill.xsd: a stand-in for the shared extensions (chameleon,
    no namespace): PropertySet.Type and grpLax.any with an open model;
  * official-fill.xml: an OASIS catalog mapping the missing locations to
    that stand-in and to OUR cc1.4/lom-manifest.xsd and lom-resource.xsd.

and prints the XML_CATALOG_FILES value to use (this catalog first, then
the official one).  With it the official 1.4 XSDs judge everything but
the LOM content and the <extensions> content, which are ours on both
sides: documented in schemas/README.  Nothing of the official set is
copied.
"""
import os
import sys

top, shared, out = sys.argv[1:4]
os.makedirs(out, exist_ok=True)
ours = os.path.join(os.path.abspath(top), "schemas", "cc1.4")
stub = os.path.join(os.path.abspath(out), "official-fill.xsd")
with open(stub, "w", encoding="utf-8") as fh:
    fh.write('''<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified">
  <xs:group name="grpLax.any">
    <xs:sequence>
      <xs:any namespace="##other" processContents="lax" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
  </xs:group>
  <xs:complexType name="PropertySet.Type" mixed="true">
    <xs:sequence>
      <xs:any namespace="##any" processContents="lax" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:anyAttribute namespace="##any" processContents="lax"/>
  </xs:complexType>
</xs:schema>
''')
fills = {
    "ccv1p4_lommanifest_v1p0.xsd": os.path.join(ours, "lom-manifest.xsd"),
    "ccv1p4_lomresource_v1p0.xsd": os.path.join(ours, "lom-resource.xsd"),
    "ccv1p4_sharedextensions.xsd": stub,
}
cat = os.path.join(os.path.abspath(out), "official-fill.xml")
with open(cat, "w", encoding="utf-8") as fh:
    fh.write('<?xml version="1.0"?>\n'
             '<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog" prefer="system">\n')
    for name, path in sorted(fills.items()):
        for scheme in ("https", "http"):
            url = "%s://purl.imsglobal.org/spec/cc/v1p4/schema/xsd/%s" % (scheme, name)
            fh.write('  <system systemId="%s" uri="file://%s"/>\n' % (url, path))
            fh.write('  <uri name="%s" uri="file://%s"/>\n' % (url, path))
    fh.write("</catalog>\n")
print("%s %s" % (cat, os.path.join(os.path.abspath(shared), "ref", "schemas", "catalog.xml")))
