#!/usr/bin/env python3
"""Extract the documents the schema oracle test compares.

usage: collect-docs.py OUTDIR CARTRIDGE...

For every cartridge (.imscc zip or unpacked folder) write imsmanifest.xml and
every descriptor file (the file/@href of resources whose type is not
webcontent/associatedcontent) to OUTDIR/docs/NNNN.xml and print one TSV row
per document on stdout:

    id  label  path  version  namespace  root

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


def main():
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
        try:
            tree = ET.fromstring(manifest)
        except ET.ParseError:
            continue
        seen = set()
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
                if data is not None:
                    emit(name + ":" + base + href, data, version)


if __name__ == "__main__":
    main()
