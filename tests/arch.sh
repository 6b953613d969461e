#!/bin/sh
# arch.sh - the file-level dependency rule of src/lib (doc/architecture.md).
#
# From the built objects of libcckit_core (one per src/lib/FOLDER/FILE.c),
# `nm` gives the global symbols each defines and the ones it needs; a file
# that needs a symbol another defines depends on it.  Fails on:
#   - every cycle between files (strongly connected component, Tarjan);
#   - every dependency against the folder order (a lower folder calling a
#     higher one);
#   - every library .c over MAX_LINES lines, except the rule tables
#     (validate/rules_*.c).
# The tool's files (src/cli, built as cckit) are in the graph too, as the
# folder "cli" after every library folder.
# First a self-test feeds a small fake graph with one defect of each kind
# and fails unless all three are reported, so the check itself can fail.
#
#   sh tests/arch.sh                  (make check; CCKIT_BUILDDIR, CCKIT_SRCDIR)
#   sh tests/arch.sh --report         the graph's figures, never fails
: "${CCKIT_SRCDIR:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${CCKIT_BUILDDIR:=$CCKIT_SRCDIR}"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }
command -v nm >/dev/null 2>&1 || { echo "SKIP: nm not found"; exit 77; }

exec python3 - "$CCKIT_SRCDIR" "$CCKIT_BUILDDIR" "${1:-}" <<'PY'
import glob, os, subprocess, sys

# The folders of src/lib, lowest first, then the tool (src/cli): a file
# may call files of its own folder and of folders before it, never after.
ORDER = ["base", "xml", "tree", "import", "content", "validate", "compat", "profile", "export", "repair", "diff", "minimise", "report", "preview", "batch", "cli"]
MAX_LINES = 1000
EXEMPT = lambda f: os.path.basename(f).startswith("rules_")

def sccs(nodes, edges):
    """Tarjan's strongly connected components of size > 1 (or a self loop)."""
    index, low, on, stack, out = {}, {}, set(), [], []
    sys.setrecursionlimit(10000)
    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v); on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w); low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop(); on.discard(w); comp.append(w)
                if w == v: break
            if len(comp) > 1 or v in edges.get(v, ()):
                out.append(sorted(comp))
    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out

def check(defs, needs, lines):
    """defs/needs: file -> set of symbols; lines: file -> line count.
    Returns the list of defects, one line each."""
    owner = {}
    for f, syms in defs.items():
        for s in syms:
            owner.setdefault(s, f)
    edges, why = {}, {}
    for f, syms in needs.items():
        for s in sorted(syms):
            g = owner.get(s)
            if g and g != f:
                edges.setdefault(f, set()).add(g)
                why.setdefault((f, g), s)
    bad = []
    for comp in sccs(set(defs) | set(needs), edges):
        inner = ["%s -> %s (%s)" % (a, b, why[(a, b)]) for a in comp
                 for b in sorted(edges.get(a, ())) if b in comp]
        bad.append("cycle between %s: %s" % (", ".join(comp), "; ".join(inner)))
    rank = lambda f: ORDER.index(f.split("/")[0]) if f.split("/")[0] in ORDER else -1
    for a in sorted(edges):
        for b in sorted(edges[a]):
            if rank(a) < 0 or rank(b) < 0:
                bad.append("%s -> %s: folder not in the order %s" % (a, b, ORDER))
            elif rank(b) > rank(a):
                bad.append("%s -> %s (%s): %s/ calls %s/, which comes after it"
                           % (a, b, why[(a, b)], a.split("/")[0], b.split("/")[0]))
    for f in sorted(lines):
        if lines[f] > MAX_LINES and not EXEMPT(f):
            bad.append("%s: %d lines, over %d: split it along its concepts"
                       % (f, lines[f], MAX_LINES))
    return bad, edges

def selftest():
    defs = {"base/a.c": {"a"}, "base/b.c": {"b"}, "report/r.c": {"r"},
            "xml/ok.c": {"ok"}}
    needs = {"base/a.c": {"b"}, "base/b.c": {"a", "r"}, "xml/ok.c": {"a"}}
    lines = {"base/a.c": 10, "xml/big.c": MAX_LINES + 1, "validate/rules_x.c": 5000}
    bad, _ = check(defs, needs, lines)
    want = ["cycle between base/a.c, base/b.c", "base/b.c -> report/r.c (r)",
            "xml/big.c: %d lines" % (MAX_LINES + 1)]
    missing = [w for w in want if not any(w in b for b in bad)]
    extra = [b for b in bad if not any(w in b for w in want)]
    if missing or extra or len(bad) != 3:
        print("arch.sh self-test FAILED: missing %s, unexpected %s" % (missing, extra))
        sys.exit(1)

selftest()
src, build, mode = sys.argv[1], sys.argv[2], sys.argv[3]
libdir = os.path.join(src, "src", "lib")
defs, needs, lines, missing = {}, {}, {}, []
for c in sorted(glob.glob(os.path.join(libdir, "*", "*.c"))):
    rel = os.path.relpath(c, libdir)
    folder, base = os.path.split(rel)
    with open(c, "rb") as fh:
        lines[rel] = fh.read().count(b"\n")
    obj = None
    for cand in ("libcckit_core_la-%s.o", ".libs/libcckit_core_la-%s.o"):
        p = os.path.join(build, "src", "lib", folder, cand % base[:-2])
        if os.path.exists(p):
            obj = p; break
    if not obj:
        missing.append(rel); continue
    def syms(*flags):
        out = subprocess.run(["nm", "-g", *flags, obj], capture_output=True,
                             text=True, check=True).stdout
        return {l.split()[-1] for l in out.splitlines() if l.strip()}
    defs[rel] = syms("--defined-only")
    needs[rel] = syms("--undefined-only")
# The tool: one object per src/cli/FILE.c, named cckit-FILE.o (FILE.o
# when the tool has no CFLAGS of its own).
for c in sorted(glob.glob(os.path.join(src, "src", "cli", "*.c"))):
    base = os.path.basename(c)
    rel = "cli/" + base
    with open(c, "rb") as fh:
        lines[rel] = fh.read().count(b"\n")
    obj = None
    for cand in ("cckit-%s.o", "%s.o"):
        p = os.path.join(build, "src", "cli", cand % base[:-2])
        if os.path.exists(p):
            obj = p; break
    if not obj:
        missing.append(rel); continue
    out = lambda *f: {l.split()[-1] for l in subprocess.run(
        ["nm", "-g", *f, obj], capture_output=True, text=True,
        check=True).stdout.splitlines() if l.strip()}
    defs[rel] = out("--defined-only")
    needs[rel] = out("--undefined-only")
if missing:
    print("arch.sh: no object for %s: build the library first" % ", ".join(missing))
    sys.exit(99)
bad, edges = check(defs, needs, lines)
if mode == "--report":
    comps = sccs(set(defs), edges)
    print("files %d, dependencies %d, files in cycles %d (%d cycles)"
          % (len(defs), sum(len(v) for v in edges.values()),
             sum(len(c) for c in comps), len(comps)))
    for f in sorted(lines, key=lambda f: -lines[f])[:8]:
        print("%6d %s" % (lines[f], f))
for b in bad:
    print("arch: " + b)
print("%d files, %d defects" % (len(defs), len(bad)))
sys.exit(0 if mode == "--report" or not bad else 1)
PY
