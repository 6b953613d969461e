#!/bin/sh
# links-archive.sh - the links of an archive's pages, read while the
# manifest is read (validate/link_prefetch.c) and judged later against
# the tree, are judged as those of the same cartridge unpacked (read one
# page after another once the tree is there).
#
# Every rule case about links (tests/rules/cases, an expected line with a
# links.* code) is zipped and validated; its links.* findings (severity,
# code, file, line, message; a file's in order) must be those of the
# folder.  Then
# one page of R61-links-judged-by-tree, stored, has a byte of its data
# damaged: the archive must report its CRC once (package.crc, the
# integrity pass's) and no link of it, and the other pages' findings
# stay.  And a cartridge with more links than are kept ahead, zipped and
# not.  Needs zip and python3 (else exit 77).
: "${CCKIT:?links-archive.sh: set CCKIT to the cckit binary}"
here=$(cd "$(dirname "$0")" && pwd)
cases=$here/rules/cases
command -v zip >/dev/null 2>&1 || { echo "SKIP: zip not found"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }
: "${CCKIT_SCHEMA_DIR:=$here/../schemas}"
export CCKIT_SCHEMA_DIR
T=$(mktemp -d "${TMPDIR:-/tmp}/cckit-links-archive.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
trap 'exit 1' HUP INT TERM

# links FILE.json: the links.* findings, one per line
links() {
    python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
got = [g for g in d["cartridges"][0]["diagnostics"] if g["code"].startswith("links.")]
# files in the order of their names (a folder's entries are, an archive's
# need not be), the findings of one file in the order made
for g in sorted(got, key=lambda g: g.get("file") or ""):
    print(g["severity"], g["code"], g.get("file"), g.get("line"), g["message"])
PY
}

fail=0
n=0
for dir in $(grep -l '^[a-z]* links\.' "$cases"/*/expected | xargs -n 1 dirname | LC_ALL=C sort); do
    name=$(basename "$dir")
    args=$(sed -n 's/^# *args: *//p' "$dir/expected" | head -n 1)
    (cd "$dir/cartridge" && zip -X -D -q -r "$T/$name.imscc" .) || exit 1
    # shellcheck disable=SC2086
    "$CCKIT" validate --format json $args "$dir/cartridge" > "$T/dir.json"
    # shellcheck disable=SC2086
    "$CCKIT" validate --format json $args "$T/$name.imscc" > "$T/zip.json"
    links "$T/dir.json" > "$T/dir.links" || exit 1
    links "$T/zip.json" > "$T/zip.links" || exit 1
    if ! cmp -s "$T/dir.links" "$T/zip.links"; then
        echo "FAIL $name: the archive's link findings differ from the folder's"
        diff -u "$T/dir.links" "$T/zip.links"
        fail=1
    fi
    n=$((n + $(wc -l < "$T/dir.links")))
done
# the cases do report links: a comparison of nothing would prove nothing
[ "$n" -ge 20 ] || { echo "FAIL: only $n link findings in the rule cases"; fail=1; }

# More links than are kept (twice --max-xml-size): the pages past the
# cap are read by the links pass itself, their findings the same.  40
# pages of 60 broken links each (~2.4 KB of links a page) against a cap
# of 12,000 bytes: kept are the first few pages only.
g=$T/many
mkdir -p "$g/p" || exit 1
python3 - "$g" <<'PY' || exit 1
import sys
root = sys.argv[1]
res = []
for i in range(40):
    links = "".join('<a href="gone-%d-%d.html">x</a>\n' % (i, k) for k in range(60))
    with open("%s/p/page%02d.html" % (root, i), "w") as f:
        f.write("<!DOCTYPE html>\n<html><head><title>%d</title></head><body>\n%s</body></html>\n" % (i, links))
    res.append('<resource identifier="r%d" type="webcontent" href="p/page%02d.html">'
               '<file href="p/page%02d.html"/></resource>' % (i, i, i))
with open(root + "/imsmanifest.xml", "w") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<manifest identifier="many" xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1">\n'
            '<metadata><schema>IMS Common Cartridge</schema><schemaversion>1.1.0</schemaversion></metadata>\n'
            '<organizations/>\n<resources>\n%s\n</resources>\n</manifest>\n' % "\n".join(res))
PY
(cd "$g" && zip -X -D -q -r "$T/many.imscc" .) || exit 1
"$CCKIT" validate --format json --max-xml-size 6000 "$g" > "$T/dir.json"
"$CCKIT" validate --format json --max-xml-size 6000 "$T/many.imscc" > "$T/zip.json"
links "$T/dir.json" > "$T/dir.links" || exit 1
links "$T/zip.json" > "$T/zip.links" || exit 1
if ! cmp -s "$T/dir.links" "$T/zip.links"; then
    echo "FAIL more links than kept: the archive's link findings differ from the folder's"
    diff -u "$T/dir.links" "$T/zip.links" | head -20
    fail=1
fi
# 10 listed a page and a summary line for the rest
[ "$(grep -c 'links.broken' "$T/dir.links")" -eq 440 ] ||
    { echo "FAIL more links than kept: $(grep -c 'links.broken' "$T/dir.links") findings, expected 440"; fail=1; }

# A damaged page: its CRC reported once, its links not judged.
c=$cases/R61-links-judged-by-tree/cartridge
(cd "$c" && zip -X -D -q -0 -r "$T/damaged.imscc" .) || exit 1
python3 - "$T/damaged.imscc" b.HTM <<'PY' || exit 1
import struct, sys, zipfile
path, name = sys.argv[1:3]
with zipfile.ZipFile(path) as z:
    i = z.getinfo(name)
with open(path, "r+b") as f:
    f.seek(i.header_offset + 26)
    n, m = struct.unpack("<HH", f.read(4))
    pos = i.header_offset + 30 + n + m + i.compress_size // 2
    f.seek(pos)
    b = f.read(1)
    f.seek(pos)
    f.write(bytes([b[0] ^ 0x20]))
PY
"$CCKIT" validate --format json --max-xml-elements 250 "$T/damaged.imscc" > "$T/damaged.json"
"$CCKIT" validate --format json --max-xml-elements 250 "$c" > "$T/dir.json"
python3 - "$T/damaged.json" "$T/dir.json" <<'PY' || fail=1
import json, sys
got = json.load(open(sys.argv[1]))["cartridges"][0]["diagnostics"]
ref = json.load(open(sys.argv[2]))["cartridges"][0]["diagnostics"]
key = lambda g: (g["severity"], g["code"], g.get("file"), g.get("line"), g["message"])
crc = [g for g in got if g["code"] == "package.crc"]
bad = []
if [g.get("file") for g in crc] != ["b.HTM"]:
    bad.append("package.crc on %s, expected on b.HTM once" % [g.get("file") for g in crc])
byfile = lambda l: sorted(l, key=lambda g: g.get("file") or "")
want = [key(g) for g in byfile(ref) if g["code"].startswith("links.") and g.get("file") != "b.HTM"]
have = [key(g) for g in byfile(got) if g["code"].startswith("links.")]
if have != want:
    bad.append("link findings %s, expected %s" % (have, want))
for b in bad:
    print("FAIL damaged page:", b)
sys.exit(1 if bad else 0)
PY
[ "$fail" -eq 0 ] && echo "PASS: link findings of $n links in archives as in folders"
exit "$fail"
