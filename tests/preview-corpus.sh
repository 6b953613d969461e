#!/bin/sh
# preview-corpus.sh - cckit preview over every sample and every real
# cartridge of $CCKIT_SHARED/corpus (skipped without it; the samples still
# run).  For each: exit 0; nothing lands outside DIR, no temporary is
# left, no link in DIR; every generated page (index.html, item-N.html,
# res-N.html) is well-formed (every element closed, in order), has one
# <h1>, carries the policy <meta>, has a script only with our nonce, and
# every local href/src in it names a file written into DIR; index.html
# links every item page there is; every copied cartridge page has the
# content policy <meta> as the first element of its <head>.
# Exit 0 pass, 1 fail, 77 skip (no python3); last line "N passed, M failed".
: "${CCKIT:?preview-corpus.sh: set CCKIT to the cckit binary}"
: "${CCKIT_SRCDIR:?}"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }

exec python3 - "$CCKIT" "$CCKIT_SRCDIR" "${CCKIT_SHARED:-}" <<'PY'
import glob, html.parser, os, re, subprocess, sys, tempfile, urllib.parse

cckit, srcdir, shared = sys.argv[1:4]
inputs = sorted(d for d in glob.glob(srcdir + "/samples/*/") if os.path.isfile(d + "imsmanifest.xml"))
corpus = os.path.join(shared, "corpus") if shared else ""
if corpus and os.path.isdir(corpus):
    inputs += sorted(glob.glob(corpus + "/*.imscc"))
else:
    print("note: no $CCKIT_SHARED/corpus: only the samples")

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
passed = failed = 0
problems = []

class Strict(html.parser.HTMLParser):
    """Elements closed in order; links, h1s, scripts and <meta>s noted."""
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.links, self.h1, self.scripts = [], [], [], 0, []
        self.csp, self.head_first = None, None
        self._in_head = False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self._in_head and self.head_first is None:
            self.head_first = (tag, a)
        if tag == "head":
            self._in_head = True
        if tag == "h1":
            self.h1 += 1
        if tag == "script":
            self.scripts.append(a)
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = a.get("content")
        for k in ("href", "src"):
            if a.get(k) is not None:
                self.links.append((tag, a[k]))
        if tag not in VOID:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()
    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("</%s> closes <%s>" % (tag, self.stack[-1] if self.stack else "nothing"))
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
        else:
            self.stack.pop()

def check(path, name):
    errs = []
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "site")
        r = subprocess.run([cckit, "preview", "-q", path, "-o", out], capture_output=True, text=True,
                           timeout=120)
        if r.returncode != 0:
            return ["exit %d: %s" % (r.returncode, r.stderr.strip()[:300])]
        left = sorted(os.listdir(tmp))
        if left != ["site"]:
            errs.append("beside DIR: %s" % left)
        real = os.path.realpath(out)
        files = set()
        for d, dirs, fs in os.walk(out):
            for f in dirs + fs:
                p = os.path.join(d, f)
                if os.path.islink(p):
                    errs.append("a link in DIR: " + p)
                if not os.path.realpath(p).startswith(real + os.sep):
                    errs.append("outside DIR: " + p)
                if f in fs:
                    files.add(os.path.relpath(p, out))
        ours = sorted(f for f in files if "/" not in f and f.endswith(".html"))
        items = [f for f in ours if re.fullmatch(r"item-\d+\.html", f)]
        for f in ours:
            with open(os.path.join(out, f), encoding="utf-8") as fh:
                text = fh.read()
            p = Strict()
            p.feed(text)
            p.close()
            for e in p.errors[:3]:
                errs.append("%s: %s" % (f, e))
            if p.stack:
                errs.append("%s: unclosed %s" % (f, p.stack[-3:]))
            if p.h1 != 1:
                errs.append("%s: %d <h1>" % (f, p.h1))
            if not p.csp or "default-src 'none'" not in p.csp:
                errs.append("%s: no policy <meta>" % f)
            for s in p.scripts:
                if not s.get("nonce") or f != "index.html" or s.get("src"):
                    errs.append("%s: a script that is not ours: %s" % (f, s))
            for tag, v in p.links:
                u = urllib.parse.urlsplit(v)
                if u.scheme or v.startswith("#") or v == "about:blank" or (tag == "a" and not v):
                    continue
                target = urllib.parse.unquote(u.path)
                if target not in files:
                    errs.append("%s: <%s> names %r, not written" % (f, tag, v))
            if f == "index.html":
                linked = set(v for t, v in p.links if re.fullmatch(r"item-\d+\.html", v))
                if linked != set(items):
                    errs.append("index.html links %d item pages of %d" % (len(linked), len(items)))
        for f in sorted(files):
            if not f.startswith("content/") or not re.search(r"\.(html?|xhtml)$", f, re.I):
                continue
            with open(os.path.join(out, f), encoding="utf-8", errors="replace") as fh:
                p = Strict()
                p.feed(fh.read())
            first = p.head_first
            if not first or first[0] != "meta" or \
               (first[1].get("http-equiv") or "").lower() != "content-security-policy" or \
               "default-src 'none'" not in (first[1].get("content") or "") or \
               "script-src" in (first[1].get("content") or ""):
                errs.append("%s: the first element of <head> is not the policy <meta>: %s" % (f, first))
    return errs

for path in inputs:
    name = os.path.basename(path.rstrip("/"))
    errs = check(path, name)
    if errs:
        failed += 1
        print("FAIL %s" % name)
        for e in errs[:10]:
            print("  " + e)
    else:
        passed += 1
        print("ok %s" % name)
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
