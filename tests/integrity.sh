#!/bin/sh
# integrity.sh - the CRC check of media on a worker thread (validate/
# integrity.c) finds every damaged entry, once, in entry order, exactly
# as the sequential pass does.
#
# A cartridge with 12 MiB of stored media (above the size at which the
# worker starts) is generated with the shared generator; the data of two
# media entries is damaged (one byte each, CRC unchanged).  validate must
# report package.crc on those two files and nothing else, in archive
# order, and --quick must report neither.  Exit 77 when the generator is
# absent.
: "${CCKIT:?integrity.sh: set CCKIT to the cckit binary}"
here=$(cd "$(dirname "$0")" && pwd)
CCKIT_SHARED=${CCKIT_SHARED:-$here/../../shared}
gen=$CCKIT_SHARED/bench/gen-cartridge
[ -f "$gen" ] || { echo "SKIP: no generator at $gen (set CCKIT_SHARED)"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/cckit-integrity.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
trap 'exit 1' HUP INT TERM

python3 "$gen" -q --pages 3 --media 6 --media-size 2M --store-media \
    --assessments 1 -o "$T/c.imscc" || exit 1
"$CCKIT" validate --format json "$T/c.imscc" > "$T/good.json" ||
    { echo "FAIL: the undamaged cartridge is not valid"; cat "$T/good.json"; exit 1; }

# Damage the middle byte of the 2nd and the 5th media entries.
python3 - "$T/c.imscc" > "$T/damaged" <<'PY' || exit 1
import struct, sys, zipfile
path = sys.argv[1]
with zipfile.ZipFile(path) as z:
    media = [i for i in z.infolist() if i.filename.startswith("media/")]
hit = [media[1], media[4]]
with open(path, "r+b") as f:
    for i in hit:
        f.seek(i.header_offset + 26)
        n, m = struct.unpack("<HH", f.read(4))
        pos = i.header_offset + 30 + n + m + i.compress_size // 2
        f.seek(pos)
        b = f.read(1)
        f.seek(pos)
        f.write(bytes([b[0] ^ 0xFF]))
        print(i.filename)
PY

"$CCKIT" validate --format json "$T/c.imscc" > "$T/bad.json"
"$CCKIT" validate --quick --format json "$T/c.imscc" > "$T/quick.json"
python3 - "$T/damaged" "$T/bad.json" "$T/quick.json" <<'PY'
import json, sys
want = open(sys.argv[1]).read().split()
def findings(p):
    d = json.load(open(p))
    d = d["cartridges"][0] if "cartridges" in d else d
    return [(f["code"], f["file"]) for f in d["diagnostics"]]
bad, quick = findings(sys.argv[2]), findings(sys.argv[3])
got = [f for f in bad if f[1] in want]
fail = False
if got != [("package.crc", w) for w in want]:
    print("FAIL: findings on the damaged entries:", got, "want package.crc on", want)
    fail = True
others = [f for f in bad if f[1] not in want]
if others:
    print("FAIL: other findings:", others)
    fail = True
if any(f[1] in want for f in quick):
    print("FAIL: --quick read the media:", quick)
    fail = True
if fail:
    sys.exit(1)
print("ok: package.crc on", ", ".join(want))
PY
