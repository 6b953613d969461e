#!/usr/bin/env python3
"""Extract the documents the schema oracle test compares.

usage: collect-docs.py [--mutants] OUTDIR CARTRIDGE...

For every cartridge (.imscc zip or unpacked folder) write imsmanifest.xml and
every descriptor file (the file/@href of resources whose type is not
webcontent/associatedcontent) to OUTDIR/docs/NNNN.xml and print one TSV row
per document on stdout:

    id  label  path  version  namespace  root

With --mutants, documents of cartridges whose name starts with "gen-" are
also emitted in small hand-made variants (one change each, label suffix
"#mutant-name"), to exercise the schemas on invalid and unusual input.

label is "<cartridge name>:<member>", version is the CC version of the
cartridge (from the manifest's root namespace), namespace/root describe the
document's root element ("-" if it does not parse).  Stdlib only; never
writes outside OUTDIR.
"""
import os
import sys
import zipfile
import urllib.parse
import xml.etree.ElementTree as ET

CP_VERSIONS = {
    "http://www.imsglobal.org/xsd/imscc/imscp_v1p1": "1.0",
    "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1": "1.1",
    "http://www.imsglobal.org/xsd/imsccv1p2/imscp_v1p1": "1.2",
    "http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1": "1.3",
    "http://www.imsglobal.org/xsd/imsccv1p4/imscp_v1p1": "1.4",
}
PLAIN = ("webcontent", "associatedcontent/")


class Source:
    """Uniform read access to a zip or a folder."""

    def __init__(self, path):
        self.path = path
        self.zip = zipfile.ZipFile(path) if os.path.isfile(path) else None

    def read(self, name):
        if self.zip is not None:
            return self.zip.read(name)
        full = os.path.join(self.path, *name.split("/"))
        if not os.path.isfile(full):
            raise KeyError(name)
        with open(full, "rb") as fh:
            return fh.read()

    def read_href(self, href, base=""):
        name = (base + href).lstrip("/")
        for cand in (name, urllib.parse.unquote(name)):
            try:
                return self.read(cand)
            except KeyError:
                pass
        return None


def root_of(data):
    try:
        tag = ET.fromstring(data).tag
    except ET.ParseError:
        return "-", "-"
    if tag.startswith("{"):
        ns, local = tag[1:].split("}", 1)
        return ns, local
    return "", tag


V = {"1.0": "", "1.1": "v1p1", "1.2": "v1p2", "1.3": "v1p3", "1.4": "v1p4"}


def manifest_mutants(version):
    """(name, pattern, replacement) applied once to a generated manifest."""
    v = V.get(version, "")
    csm = "http://www.imsglobal.org/xsd/imscc%s/imscsmd_%s" % (v, "v1p1" if version == "1.4" else "v1p0")
    auth = "http://www.imsglobal.org/xsd/imscc%s/imsccauth_%s" % (v, v)
    cpx = "http://www.imsglobal.org/xsd/imscc%s/imscp_extensionv1p2" % v
    first_res = r'(<resource identifier="([^"]+)" type="webcontent"[^>]*>)'
    return [
        ("no-schemaversion", r"<schemaversion>[^<]*</schemaversion>", ""),
        ("bad-schemaversion", r"<schemaversion>[^<]*<", "<schemaversion>9.9.9<"),
        ("thin-schema", r"<schema>IMS Common Cartridge<", "<schema>IMS Thin Common Cartridge<"),
        ("k12-thin-schema", r"<schema>IMS Common Cartridge<", "<schema>IMS K-12 Thin Common Cartridge<"),
        ("root-item-title", r'(<organization [^>]*>\s*<item [^>]*>)', r"\1<title>root</title>"),
        ("item-isvisible", r'(<item [^>]*identifierref="[^"]*")', r'\1 isvisible="true"'),
        ("bad-type", r'type="webcontent"', 'type="webcontent2"'),
        ("intendeduse-assignment", first_res[:-2] + ')', r'\1 intendeduse="assignment"'),
        ("resource-csm", first_res,
         r'\1<metadata><c:curriculumStandardsMetadataSet xmlns:c="%s"><c:curriculumStandardsMetadata>'
         r'<c:setOfGUIDs><c:labelledGUID><c:GUID>g1</c:GUID></c:labelledGUID></c:setOfGUIDs>'
         r'</c:curriculumStandardsMetadata></c:curriculumStandardsMetadataSet></metadata>' % csm),
        ("foreign-in-resource", r"</resource>", '<x:ext xmlns:x="urn:cckit:test"/></resource>'),
        ("cpx-variant", r'(<resource identifier="([^"]+)"[^>]*>(?:(?!</resource>).)*?)</resource>',
         r'\1<cpx:variant xmlns:cpx="%s" identifier="cckitvariant" identifierref="\2"><cpx:metadata/></cpx:variant></resource>' % cpx),
        ("cpx-variant-first", first_res,
         r'\1<cpx:variant xmlns:cpx="%s" identifier="cckitvariant" identifierref="\2"><cpx:metadata/></cpx:variant>' % cpx),
        ("authorizations", r"</manifest>",
         '<a:authorizations xmlns:a="%s" access="cartridge"><a:authorization><a:cartridgeId>c1</a:cartridgeId>'
         '<a:webservice>https://example.org/auth</a:webservice></a:authorization></a:authorizations></manifest>' % auth),
        ("authorizations-unqualified", r"</manifest>",
         '<a:authorizations xmlns:a="%s" access="cartridge"><authorization xmlns="">'
         '<cartridgeId>c1</cartridgeId></authorization></a:authorizations></manifest>' % auth),
        ("lom-metametadata", r"(<lomimscc:lom>)", r"\1<lomimscc:metaMetadata/>"),
        ("lom-foreign", r"(<lomimscc:lom>)", r'\1<x:ext xmlns:x="urn:cckit:test"/>'),
        ("dangling-dependency", first_res, r'\1<dependency identifierref="nowhere"/>'),
        ("manifest-version", r"(<manifest )", r'\1version="1" '),
        ("two-organizations", r"(<organizations>)", r'\1<organization identifier="o2" structure="rooted-hierarchy"><item identifier="o2r"/></organization>'),
    ]


DESCRIPTOR_MUTANTS = {
    "topic": [("no-texttype", r' texttype="[^"]*"', ""),
              ("foreign-child", r"(</topic>)", r'<x:ext xmlns:x="urn:cckit:test"/>\1')],
    "webLink": [("no-url", r"<url [^>]*/>", ""),
                ("url-no-target", r' target="[^"]*"', "")],
    "cartridge_basiclti_link": [
        ("no-vendor", r"<blti:vendor>.*?</blti:vendor>", ""),
        ("icon-ref", r"(</blti:vendor>)", r'\1<cartridge_bundle identifierref="b1"/><cartridge_icon identifierref="i1"/>')],
    "questestinterop": [
        ("two-sections", r"(</section>)", r'\1<section ident="s2"><item ident="x"/></section>'),
        ("bad-setvar", r'action="Set"', 'action="Add"'),
        ("rcardinality-ordered", r'rcardinality="Single"', 'rcardinality="Ordered"')],
}


def mutate(data, rules):
    import re
    text = data.decode("utf-8")
    for name, pat, rep in rules:
        new, n = re.subn(pat, rep, text, count=1, flags=re.S)
        if n:
            yield name, new.encode("utf-8")


def main():
    mutants = "--mutants" in sys.argv
    if mutants:
        sys.argv.remove("--mutants")
    out = sys.argv[1]
    docdir = os.path.join(out, "docs")
    os.makedirs(docdir, exist_ok=True)
    n = 0

    def emit(label, data, version):
        nonlocal n
        n += 1
        path = os.path.join(docdir, "%04d.xml" % n)
        with open(path, "wb") as fh:
            fh.write(data)
        ns, root = root_of(data)
        print("\t".join([str(n), label, path, version, ns or "-", root]))

    for cart in sys.argv[2:]:
        name = os.path.basename(cart.rstrip("/"))
        src = Source(cart)
        try:
            manifest = src.read("imsmanifest.xml")
        except KeyError:
            continue
        ns, _ = root_of(manifest)
        version = CP_VERSIONS.get(ns, "?")
        emit(name + ":imsmanifest.xml", manifest, version)
        if mutants and name.startswith("gen-"):
            for mname, mdata in mutate(manifest, manifest_mutants(version)):
                emit(name + ":imsmanifest.xml#" + mname, mdata, version)
        try:
            tree = ET.fromstring(manifest)
        except ET.ParseError:
            continue
        # descriptors written inline in a resource (Thin CC 1.4): each is
        # also a document of its own, so its official schema judges it
        for res in tree.iter("{%s}resource" % ns):
            for k in res:
                kns, _ = root_of(ET.tostring(k))
                if isinstance(k.tag, str) and kns and kns != ns and any(
                        t in kns for t in ("/imswl_v1p", "/imsdt_v1p", "imslticc_v1p")):
                    emit("%s:imsmanifest.xml#inline-%s" % (name, res.get("identifier", "?")),
                         ET.tostring(k, encoding="utf-8"), version)
        seen = set()
        mutated = set()
        for res in tree.iter("{%s}resource" % ns):
            rtype = res.get("type", "")
            if rtype.startswith(PLAIN):
                continue
            base = res.get("{http://www.w3.org/XML/1998/namespace}base", "")
            for f in res.findall("{%s}file" % ns):
                href = f.get("href")
                if not href or (base + href) in seen:
                    continue
                seen.add(base + href)
                data = src.read_href(href, base)
                if data is None:
                    continue
                emit(name + ":" + base + href, data, version)
                root = root_of(data)[1]
                if (mutants and name.startswith("gen-") and root in DESCRIPTOR_MUTANTS
                        and root not in mutated):
                    mutated.add(root)     # one document of each kind is enough
                    for mname, mdata in mutate(data, DESCRIPTOR_MUTANTS[root]):
                        emit(name + ":" + base + href + "#" + mname, mdata, version)


if __name__ == "__main__":
    main()
