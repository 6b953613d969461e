#!/bin/sh
# tests/repair-raw.sh - `cckit repair` copies the entries it does not
# change raw: the compressed bytes as they are.
#
# The input (the page-file-listed case, whose manifest the repair
# edits, plus a video and a note with a non-ASCII name) is zipped by
# python on a stream that cannot seek, so every entry has a data
# descriptor, and deflated at level 1, which the writer's level 6 would
# not reproduce.  Every entry but the manifest must come out with the
# same method, compressed size and CRC, a fresh header (no data
# descriptor, no extra field), its name flagged UTF-8 where it is not
# ASCII; the manifest must be rewritten; repairing the output again must
# give the same bytes.  A copy of the input with one byte of a deflated
# entry flipped (its CRC left as it was) must be refused (exit 2, no
# output): a raw copy never carries a corrupt entry.
# Env: CCKIT, CCKIT_SCHEMA_DIR.
set -u
here=$(cd "$(dirname "$0")" && pwd)
CCKIT=${CCKIT:-$here/../cckit}
: "${CCKIT_SCHEMA_DIR:=$here/../schemas}"
export CCKIT_SCHEMA_DIR
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not available"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cckit-repair-raw.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

python3 - "$here/repair/cases/page-file-listed/cartridge" "$tmp" <<'PY' || exit 99
import io, os, random, sys, zipfile
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
rnd = random.Random(7)
files["media/clip.mp4"] = bytes(rnd.getrandbits(8) for _ in range(200000))
files["notes/caf\u00e9.txt"] = b"".join(b"note %d, some words that repeat\n" % i
                                          for i in range(3000))
out = Stream()
with zipfile.ZipFile(out, "w") as z:
    for name in sorted(files):
        zi = zipfile.ZipInfo(name, (2020, 5, 17, 10, 0, 0))
        zi.compress_type = zipfile.ZIP_DEFLATED
        # level 1, not the writer's (the attribute's name depends on the version)
        setattr(zi, "compress_level" if hasattr(zi, "compress_level") else "_compresslevel", 1)
        with z.open(zi, "w") as f:
            f.write(files[name])
data = bytes(out.data)
open(tmp + "/in.imscc", "wb").write(data)
z = zipfile.ZipFile(tmp + "/in.imscc")
assert all(i.flag_bits & 8 for i in z.infolist()), "no data descriptors"
# the test has teeth: deflated again at level 6, the note has another size
import zlib
c = zlib.compressobj(6, zlib.DEFLATED, -15)
six = len(c.compress(files["notes/caf\u00e9.txt"]) + c.flush())
assert six != z.getinfo("notes/caf\u00e9.txt").compress_size, "level 1 = level 6"
# the same archive with one byte of the page's deflate data flipped
i = z.getinfo("hello.html")
off = i.header_offset + 30 + len(i.filename.encode()) + len(i.extra) + i.compress_size // 2
bad = bytearray(data)
bad[off] ^= 0x55
open(tmp + "/bad.imscc", "wb").write(bytes(bad))
PY

fail=0
"$CCKIT" repair "$tmp/in.imscc" -o "$tmp/out.imscc" >"$tmp/log" 2>&1
rc=$?
[ "$rc" = 0 ] || { echo "FAIL: repair exit $rc, expected 0:"; cat "$tmp/log"; fail=1; }
"$CCKIT" repair "$tmp/out.imscc" -o "$tmp/out2.imscc" >"$tmp/log2" 2>&1 ||
    { echo "FAIL: repairing the output: exit $?"; cat "$tmp/log2"; fail=1; }
python3 - "$tmp" <<'PY' || fail=1
import sys, zipfile
tmp = sys.argv[1]
a = {i.filename: i for i in zipfile.ZipFile(tmp + "/in.imscc").infolist()}
b = {i.filename: i for i in zipfile.ZipFile(tmp + "/out.imscc").infolist()}
bad = []
if set(a) != set(b):
    bad.append("names differ: %s" % sorted(set(a) ^ set(b)))
for name in sorted(set(a) & set(b)):
    x, y = a[name], b[name]
    if name == "imsmanifest.xml":
        if x.CRC == y.CRC:
            bad.append("the manifest was not rewritten (the case's fix)")
        continue
    if (y.compress_type, y.compress_size, y.CRC) != (x.compress_type, x.compress_size, x.CRC):
        bad.append("%s: method %d, %d bytes, CRC %08x; input %d, %d bytes, %08x: not copied raw"
                   % (name, y.compress_type, y.compress_size, y.CRC,
                      x.compress_type, x.compress_size, x.CRC))
for name, y in b.items():
    if y.flag_bits & 8:
        bad.append("%s: data descriptor" % name)
    if y.extra:
        bad.append("%s: extra field" % name)
    if (y.flag_bits & 0x800 != 0) != any(ord(c) > 127 for c in name):
        bad.append("%s: UTF-8 flag %s" % (name, bool(y.flag_bits & 0x800)))
if zipfile.ZipFile(tmp + "/out.imscc").testzip() is not None:
    bad.append("output has a CRC error")
if open(tmp + "/out.imscc", "rb").read() != open(tmp + "/out2.imscc", "rb").read():
    bad.append("not idempotent: repairing the output changed its bytes")
for m in bad:
    print("FAIL: " + m)
sys.exit(1 if bad else 0)
PY

"$CCKIT" repair "$tmp/bad.imscc" -o "$tmp/bad-out.imscc" >"$tmp/log3" 2>&1
rc=$?
[ "$rc" = 2 ] || { echo "FAIL: corrupt input: exit $rc, expected 2"; fail=1; }
[ -e "$tmp/bad-out.imscc" ] && { echo "FAIL: corrupt input: an output was written"; fail=1; }
grep -q "hello.html" "$tmp/log3" ||
    { echo "FAIL: corrupt input: the message does not name the entry:"; cat "$tmp/log3"; fail=1; }

[ "$fail" = 0 ] && echo "PASS: unchanged entries copied raw"
exit "$fail"
