#!/bin/sh
# tests/convert-raw.sh - `cckit convert` copies the entries it does not
# change raw: the compressed bytes as they are (issue #12).
#
# The input (tests/convert/full-cc1.3 plus a video and a note that no
# resource lists) is zipped by python on a stream that cannot seek, so
# every entry has a data descriptor, and deflated at level 1, which the
# writer's level 6 would not reproduce.  Converted to 1.1, every entry
# whose content is unchanged (same CRC and size) must keep its method and
# compressed size; the descriptors and the manifest must be rewritten;
# the epub of the dropped resource must be gone; converting again must
# give the same bytes.  A copy of the input with one byte of a deflated
# page flipped (its CRC left as it was) must be refused (exit 1, no
# output): a raw copy never carries a corrupt entry.
# Env: CCKIT, CCKIT_SCHEMA_DIR, CCKIT_XSL_DIR.
set -u
here=$(cd "$(dirname "$0")" && pwd)
CCKIT=${CCKIT:-$here/../cckit}
: "${CCKIT_SCHEMA_DIR:=$here/../schemas}"
: "${CCKIT_XSL_DIR:=$here/../xsl}"
export CCKIT_SCHEMA_DIR CCKIT_XSL_DIR
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not available"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cckit-convert-raw.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

python3 - "$here/convert/full-cc1.3" "$tmp" <<'PY' || exit 99
import io, os, random, sys, zipfile, zlib
src, tmp = sys.argv[1:]

class Stream(io.RawIOBase):      # no seek: zipfile writes data descriptors
    def __init__(self): self.data = bytearray()
    def writable(self): return True
    def write(self, b): self.data += b; return len(b)

files = {}
for root, ds, fs in os.walk(src):
    for f in fs:
        p = os.path.join(root, f)
        files[os.path.relpath(p, src)] = open(p, "rb").read()
rnd = random.Random(12)
files["web/clip.mp4"] = bytes(rnd.getrandbits(8) for _ in range(200000))
files["web/notes.txt"] = b"".join(b"note %d, some words that repeat\n" % i for i in range(3000))
out = Stream()
with zipfile.ZipFile(out, "w") as z:
    for name in sorted(files):
        zi = zipfile.ZipInfo(name, (2020, 5, 17, 10, 0, 0))
        zi.compress_type = zipfile.ZIP_DEFLATED
        setattr(zi, "compress_level" if hasattr(zi, "compress_level") else "_compresslevel", 1)
        with z.open(zi, "w") as f:
            f.write(files[name])
data = bytes(out.data)
open(tmp + "/in.imscc", "wb").write(data)
z = zipfile.ZipFile(tmp + "/in.imscc")
assert all(i.flag_bits & 8 for i in z.infolist()), "no data descriptors"
# the test has teeth: deflated again at level 6, the note has another size
c = zlib.compressobj(6, zlib.DEFLATED, -15)
six = len(c.compress(files["web/notes.txt"]) + c.flush())
assert six != z.getinfo("web/notes.txt").compress_size, "level 1 = level 6"
# the same archive with one byte of the page's deflate data flipped
i = z.getinfo("web/page.html")
off = i.header_offset + 30 + len(i.filename.encode()) + len(i.extra) + i.compress_size // 2
bad = bytearray(data)
bad[off] ^= 0x55
open(tmp + "/bad.imscc", "wb").write(bytes(bad))
PY

fail=0
"$CCKIT" convert --to 1.1 "$tmp/in.imscc" -o "$tmp/out.imscc" >"$tmp/log" 2>&1
rc=$?
[ "$rc" = 0 ] || { echo "FAIL: convert exit $rc, expected 0:"; cat "$tmp/log"; fail=1; }
"$CCKIT" convert --to 1.1 "$tmp/in.imscc" -o "$tmp/out2.imscc" >"$tmp/log2" 2>&1 ||
    { echo "FAIL: converting again: exit $?"; cat "$tmp/log2"; fail=1; }
python3 - "$tmp" <<'PY' || fail=1
import sys, zipfile
tmp = sys.argv[1]
a = {i.filename: i for i in zipfile.ZipFile(tmp + "/in.imscc").infolist()}
b = {i.filename: i for i in zipfile.ZipFile(tmp + "/out.imscc").infolist()}
bad = []
same = [n for n in sorted(set(a) & set(b)) if (a[n].CRC, a[n].file_size) == (b[n].CRC, b[n].file_size)]
for name in ("web/clip.mp4", "web/notes.txt", "web/page.html", "assign/a1/brief.html"):
    if name not in same:
        bad.append("%s: missing or changed in the output" % name)
for name in same:
    x, y = a[name], b[name]
    if (y.compress_type, y.compress_size) != (x.compress_type, x.compress_size):
        bad.append("%s: method %d, %d bytes; input %d, %d bytes: not copied raw"
                   % (name, y.compress_type, y.compress_size, x.compress_type, x.compress_size))
for name in ("imsmanifest.xml", "links/wl1/weblink.xml", "banks/qb1/bank.xml"):
    if name in same or name not in b:
        bad.append("%s: not rewritten" % name)
if "epub/book.epub" in b:
    bad.append("epub/book.epub: the file of a dropped resource was written")
for name, y in b.items():
    if y.flag_bits & 8:
        bad.append("%s: data descriptor" % name)
    if y.extra:
        bad.append("%s: extra field" % name)
if zipfile.ZipFile(tmp + "/out.imscc").testzip() is not None:
    bad.append("output has a CRC error")
if open(tmp + "/out.imscc", "rb").read() != open(tmp + "/out2.imscc", "rb").read():
    bad.append("not deterministic: the same input gave other bytes")
for m in bad:
    print("FAIL: " + m)
sys.exit(1 if bad else 0)
PY

"$CCKIT" convert --to 1.1 "$tmp/bad.imscc" -o "$tmp/bad-out.imscc" >"$tmp/log3" 2>&1
rc=$?
[ "$rc" = 1 ] || { echo "FAIL: corrupt input: exit $rc, expected 1:"; cat "$tmp/log3"; fail=1; }
[ -e "$tmp/bad-out.imscc" ] && { echo "FAIL: corrupt input: an output was written"; fail=1; }
grep -q "web/page.html" "$tmp/log3" ||
    { echo "FAIL: corrupt input: the message does not name the entry:"; cat "$tmp/log3"; fail=1; }

[ "$fail" = 0 ] && echo "PASS: unchanged entries copied raw"
exit "$fail"
