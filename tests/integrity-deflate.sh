#!/bin/sh
# integrity-deflate.sh - the CRC check of media (validate/integrity.c,
# import/entry_verify.c) on deflated media and on the last entry of the
# archive, the bytes just before the central directory.
#
# A cartridge with 12 MiB of deflated media (above the size at which the
# worker starts) is generated with the shared generator, and a stored
# 1 MiB media file is appended as its last entry.  One byte in the middle
# of the 3rd media entry's deflate data and the last byte of the stored
# entry are damaged (CRCs unchanged).  validate must report what it
# reports on the undamaged cartridge (the appended file is unreferenced)
# and package.crc on those two files, in archive order, nothing else.  Exit 77 when the generator is
# absent.
: "${CCKIT:?integrity-deflate.sh: set CCKIT to the cckit binary}"
here=$(cd "$(dirname "$0")" && pwd)
CCKIT_SHARED=${CCKIT_SHARED:-$here/../../shared}
gen=$CCKIT_SHARED/bench/gen-cartridge
[ -f "$gen" ] || { echo "SKIP: no generator at $gen (set CCKIT_SHARED)"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/cckit-integrity-deflate.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
trap 'exit 1' HUP INT TERM

python3 "$gen" -q --pages 3 --media 6 --media-size 2M \
    --assessments 1 -o "$T/c.imscc" || exit 1
python3 - "$T/c.imscc" <<'PY' || exit 1
import random, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "a") as z:
    data = random.Random(7).randbytes(1 << 20)
    z.writestr(zipfile.ZipInfo("media/zz-last.bin", (2024, 1, 1, 0, 0, 0)), data,
               compress_type=zipfile.ZIP_STORED)
PY
"$CCKIT" validate --format json "$T/c.imscc" > "$T/good.json"
[ $? -le 1 ] || { echo "FAIL: validate failed on the undamaged cartridge"; cat "$T/good.json"; exit 1; }

python3 - "$T/c.imscc" > "$T/damaged" <<'PY' || exit 1
import struct, sys, zipfile
path = sys.argv[1]
with zipfile.ZipFile(path) as z:
    infos = z.infolist()
media = [i for i in infos if i.filename.startswith("media/")]
last = infos[-1]
assert last.filename == "media/zz-last.bin", last.filename
assert media[2].compress_type == zipfile.ZIP_DEFLATED
def data_at(f, i):
    f.seek(i.header_offset + 26)
    n, m = struct.unpack("<HH", f.read(4))
    return i.header_offset + 30 + n + m
with open(path, "r+b") as f:
    for i, pos in ((media[2], None), (last, None)):
        start = data_at(f, i)
        pos = start + i.compress_size // 2 if i is media[2] else start + i.compress_size - 1
        f.seek(pos)
        b = f.read(1)
        f.seek(pos)
        f.write(bytes([b[0] ^ 0x5A]))
        print(i.filename)
PY

"$CCKIT" validate --format json "$T/c.imscc" > "$T/bad.json"
python3 - "$T/damaged" "$T/good.json" "$T/bad.json" <<'PY'
import json, sys
want = open(sys.argv[1]).read().split()
def findings(p):
    d = json.load(open(p))
    d = d["cartridges"][0] if "cartridges" in d else d
    return [(f["code"], f["file"]) for f in d["diagnostics"]]
good, bad = findings(sys.argv[2]), findings(sys.argv[3])
fail = False
extra = [f for f in bad if f not in good]
if extra != [("package.crc", w) for w in want]:
    print("FAIL: new findings:", extra, "want package.crc on", want)
    fail = True
lost = [f for f in good if f not in bad]
if lost:
    print("FAIL: findings of the undamaged cartridge missing:", lost)
    fail = True
if fail:
    sys.exit(1)
print("ok: package.crc on", ", ".join(want))
PY
