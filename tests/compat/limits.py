#!/usr/bin/env python3
"""limits.py CCKIT MODELS - the model statements that need very large
inputs, each at its limit (must not fire) and one past it (must fire),
with inputs generated here cheaply:

  canvas entries (100,000)          a ZIP of 100,000 / 100,001 entries, all
                                    but two empty (about 10 MB); cckit's own
                                    reader stops at 100,000 too, so the run
                                    raises it (--max-entries) and a last run
                                    shows the default refusing the package
  canvas uncompressed_ratio (100)   1 MiB of zeros deflated; the archive
                                    comment brings the archive to exactly
                                    total / 100 bytes, then one byte less
  package_bytes: canvas (500 MiB),  a sparse file: one stored entry of zeros
    infinite-campus (350 MiB),      written as a hole, the archive comment
    blackboard (1 GiB)              setting its size to the byte
  canvas file_bytes (5 GiB),        through a copy of canvas.yaml with the
    uncompressed_bytes (50 GB)      limit lowered (the model format states
                                    the same check with any number: same
                                    loader, same weigh code), on stored
                                    entries: 5 GiB entries need ZIP64 and
                                    50 GB would be written, not sparse

Exit 0 pass, 1 fail.
"""
import json, os, re, shutil, subprocess, sys, tempfile, zipfile, zlib

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import statements as S  # noqa: E402

CCKIT, MODELS = sys.argv[1], sys.argv[2]
bad = 0
BASE = {"imsmanifest.xml": S.manifest("1.1").encode(),
        "page.html": b"<html><body><p>Hello</p></body></html>"}


def fail(msg):
    global bad
    bad += 1
    print("FAIL " + msg, flush=True)


class Sparse:
    """A file that zipfile writes through: runs of zeros become holes."""
    CHUNK = 1 << 20
    ZERO = bytes(CHUNK)

    def __init__(self, path):
        self.f = open(path, "w+b")

    def write(self, b):
        if len(b) == self.CHUNK and b == self.ZERO:
            self.f.seek(len(b), 1)
        else:
            self.f.write(b)
        return len(b)

    def __getattr__(self, name):
        return getattr(self.f, name)

    def close(self):
        self.f.truncate()
        self.f.close()


def base_zip(z, method=zipfile.ZIP_DEFLATED):
    for name, data in BASE.items():
        z.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), data, compress_type=method)


def sparse_package(path, zeros, comment=b""):
    f = Sparse(path)
    with zipfile.ZipFile(f, "w", zipfile.ZIP_STORED) as z:
        base_zip(z)
        with z.open(zipfile.ZipInfo("media/big.bin", (2020, 1, 1, 0, 0, 0)), "w") as w:
            left = zeros
            while left:
                n = min(left, Sparse.CHUNK)
                w.write(Sparse.ZERO if n == Sparse.CHUNK else bytes(n))
                left -= n
        z.comment = comment
    f.close()
    return os.path.getsize(path)


def package_of_size(path, size):
    """A readable cartridge of exactly `size` bytes (a sparse file)."""
    over = sparse_package(path, 1000) - 1000       # everything but the zeros
    zeros = size - over - 1000
    sparse_package(path, zeros, b"x" * 1000)
    got = os.path.getsize(path)
    if got != size:
        raise RuntimeError("made %d bytes, wanted %d" % (got, size))
    return path


def compat(path, target, *opts):
    r = subprocess.run([CCKIT, "compat", "--format", "json", "--quick", "--target", target]
                       + list(opts) + [path], capture_output=True, text=True)
    if r.returncode not in (0, 1):
        raise RuntimeError("compat: exit %d: %s" % (r.returncode, r.stderr))
    return json.loads(r.stdout)["cartridges"][0]["targets"][0]["findings"]


def expect(label, path, target, code, fires, *opts):
    f = [x for x in compat(path, target, *opts) if x["code"] == code]
    if fires and not (len(f) == 1 and f[0]["severity"] == "error" and f[0]["source"]):
        fail("%s: %s should report one %s error with its source: %s" % (label, target, code, f))
    elif not fires and f:
        fail("%s: %s should not report %s: %s" % (label, target, code, f[0]["message"]))
    else:
        print("ok %s: %s %s %s" % (label, os.path.basename(target), code, "fires" if fires else "silent"), flush=True)


def lowered(tmp, **maxes):
    with open(os.path.join(MODELS, "canvas.yaml"), encoding="utf-8") as f:
        text = f.read()
    for key, (old, new) in maxes.items():
        text, n = re.subn(r"(\n  %s: +\{max: )%d," % (key, old), r"\g<1>%d," % new, text)
        if n != 1:
            raise RuntimeError("canvas.yaml no longer states %s: {max: %d" % (key, old))
    path = os.path.join(tmp, "canvas-lowered.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def main():
    tmp = tempfile.mkdtemp(prefix="cckit-limits.")
    try:
        # ---- entries ---------------------------------------------------
        for n in (100000, 100001):
            p = os.path.join(tmp, "entries-%d.imscc" % n)
            with zipfile.ZipFile(p, "w", zipfile.ZIP_STORED) as z:
                base_zip(z)
                for i in range(n - len(BASE)):
                    z.writestr(zipfile.ZipInfo("f/%d" % i, (2020, 1, 1, 0, 0, 0)), b"")
            expect("%d entries" % n, p, "canvas", "compat.limit.entries", n > 100000,
                   "--max-entries", "200000")
        f = compat(p, "canvas")
        if [x["code"] for x in f] != ["compat.unreadable"] or "100000" not in f[0]["message"]:
            fail("100001 entries with cckit's default limits: should be unreadable: %s" % f)

        # ---- uncompressed_ratio -----------------------------------------
        p = os.path.join(tmp, "ratio.imscc")
        def ratio_zip(stored, comment):
            with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
                base_zip(z)
                z.writestr(zipfile.ZipInfo("pad.txt", (2020, 1, 1, 0, 0, 0)), b"p" * stored,
                           compress_type=zipfile.ZIP_STORED)
                z.writestr(zipfile.ZipInfo("zeros.bin", (2020, 1, 1, 0, 0, 0)), bytes(1 << 20),
                           compress_type=zipfile.ZIP_DEFLATED)
                z.comment = comment
            with zipfile.ZipFile(p) as z:
                total = sum(i.file_size for i in z.infolist())
            return total, os.path.getsize(p)
        total, size = ratio_zip(0, b"")
        # a stored byte adds 1 to the total and 1 to the size: total - 100 x
        # size moves by -99, i.e. +1 modulo 100; then the comment closes the gap
        pad = (100 - (total - 100 * size) % 100) % 100
        total, size = ratio_zip(pad, b"")
        gap = (total - 100 * size) // 100
        assert 0 < gap < 65535, gap
        for c, fires in ((gap, False), (gap - 1, True)):
            total, size = ratio_zip(pad, b"c" * c)
            expect("ratio %d/%d" % (total, size), p, "canvas", "compat.limit.uncompressed_ratio",
                   fires, "--max-ratio", "1000")

        # ---- package_bytes (sparse files) ---------------------------------
        p = os.path.join(tmp, "big.imscc")
        for target, limit in (("canvas", 524288000), ("infinite-campus", 367001600),
                              ("blackboard", 1073741824)):
            for size in (limit, limit + 1):
                package_of_size(p, size)
                expect("package of %d bytes" % size, p, target, "compat.limit.package_bytes",
                       size > limit)
        os.unlink(p)

        # ---- file_bytes, uncompressed_bytes: lowered limits ---------------
        model = lowered(tmp, file_bytes=(5368709120, 100000),
                        uncompressed_bytes=(53687091200, 200000))
        others = sum(len(v) for v in BASE.values())
        for name, sizes, code, fires in (
                ("file of 100000 bytes", [100000], "compat.limit.file_bytes", False),
                ("file of 100001 bytes", [100001], "compat.limit.file_bytes", True),
                ("200000 bytes in all", [90000, 110000 - others], "compat.limit.uncompressed_bytes", False),
                ("200001 bytes in all", [90000, 110001 - others], "compat.limit.uncompressed_bytes", True)):
            p = os.path.join(tmp, "files.imscc")
            with zipfile.ZipFile(p, "w", zipfile.ZIP_STORED) as z:
                base_zip(z, zipfile.ZIP_STORED)
                for i, n in enumerate(sizes):
                    z.writestr(zipfile.ZipInfo("media/%d.bin" % i, (2020, 1, 1, 0, 0, 0)),
                               os.urandom(n))
            expect(name, p, model, code, fires)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
