#!/usr/bin/env python3
"""diff-repair.py A B REPAIR.json DIFF.json NAME DIFF-EXIT - the checks of
tests/diff-repair-corpus.sh for one cartridge: the changes `cckit diff
--format json A B` lists are exactly those the fixes of `cckit repair
--format json A -o B` answer for, by the table "How each repair fix
shows" of doc/diff.md.

A fix names a line of A's manifest (or a file of A); a diff change names
a line of B's manifest (or of A's, for what was removed).  The repair
edits the manifest in place, so the Nth <resource> (<item>) of A is the
Nth of B; a fix's element is found by its line in A, its counterpart in
B by that rank, and the diff change must be there.  Lines are those
of libxml2: an element's is the line its start tag ends on.  Prints one FAIL line
per disagreement and the fix codes with their counts on the last line
("counts: CODE=N ..."); exit status 1 when something disagrees."""
import json
import re
import sys
import zipfile
from urllib.parse import unquote
import xml.parsers.expat
from collections import Counter


def local(name):
    return name.rsplit(" ", 1)[-1].rsplit(":", 1)[-1]


class Manifest:
    """The resources (with their files and dependencies) and items of a
    manifest, each with its line, in document order."""

    def __init__(self, data):
        self.data = data
        self.resources = []  # dicts: line, id, href, files [(line, href)], deps
        self.items = []      # dicts: line, id, ref
        self.at = {}         # line -> [(kind, rank[, file rank])]
        p = xml.parsers.expat.ParserCreate(namespace_separator=" ")
        p.StartElementHandler = lambda n, a: self.start(p, local(n), a)
        p.Parse(data, True)

    def start(self, p, name, attrs):
        # the line of the start tag's '>', as libxml2 numbers an element
        # (a start tag may span lines)
        at = p.CurrentByteIndex
        end = self.data.find(b">", at)
        line = p.CurrentLineNumber + self.data.count(b"\n", at, end if end >= 0 else at)
        if name == "resource":
            self.resources.append({"line": line, "id": attrs.get("identifier"),
                                   "href": attrs.get("href"), "files": [], "deps": []})
            self.at.setdefault(line, []).append(("resource", len(self.resources) - 1))
        elif name == "file" and self.resources:
            r = self.resources[-1]
            r["files"].append((line, attrs.get("href")))
            self.at.setdefault(line, []).append(("file", len(self.resources) - 1, len(r["files"]) - 1))
        elif name == "dependency" and self.resources:
            self.resources[-1]["deps"].append((line, attrs.get("identifierref")))
            self.at.setdefault(line, []).append(("dependency", len(self.resources) - 1))
        elif name in ("manifest", "organization"):
            self.at.setdefault(line, []).append((name, 0))
        elif name == "item":
            self.items.append({"line": line, "id": attrs.get("identifier"),
                               "ref": attrs.get("identifierref")})
            self.at.setdefault(line, []).append(("item", len(self.items) - 1))

    def element(self, line, kinds):
        for e in self.at.get(line, []):
            if e[0] in kinds:
                return e
        return None


def manifest(path):
    with zipfile.ZipFile(path) as z:
        return Manifest(z.read("imsmanifest.xml"))


# the old and new name of a file a fix moved, from its message (as
# tests/repair-corpus.py reads them)
MOVED = {
    "repair.lao-moved": re.compile(r"its descriptor '(.+)' was at the package root: moved into a folder of its own, '(.+)'$"),
    "repair.ac-moved": re.compile(r"listed '(.+)', outside that learning object's folder '.*': moved to '(.+)'$"),
}


def main():
    a_path, b_path, rep_path, diff_path, name, rc = sys.argv[1:7]
    rep = json.load(open(rep_path, encoding="utf-8"))
    diff = json.load(open(diff_path, encoding="utf-8"))
    ma, mb = manifest(a_path), manifest(b_path)
    bad = []
    if int(rc) != (1 if diff["changes"] else 0) or diff["same"] != (not diff["changes"]):
        bad.append("diff exits %s (same: %s) with %d changes"
                   % (rc, diff["same"], len(diff["changes"])))
    # the changes; each fix takes its own, once
    changes = diff["changes"]
    taken = [False] * len(changes)

    def expect_in(fix, code, file):
        """Take a change CODE about FILE, at any line."""
        for i, c in enumerate(changes):
            if not taken[i] and c["code"] == code and c["file"] == file:
                taken[i] = True
                return
        bad.append("%s at %s:%s: no %s in %s" % (fix["code"], fix["file"], fix["line"], code, file))

    def expect(fix, code, subject, lines):
        """Take the change CODE at one of LINES (of B, or of A for what
        was removed), of SUBJECT unless None."""
        if not isinstance(lines, (list, tuple)):
            lines = (lines,)
        for i, c in enumerate(changes):
            if (not taken[i] and c["code"] == code and c["line"] in lines
                    and (subject is None or c["subject"] == subject)):
                taken[i] = True
                return
        bad.append("%s at %s:%s: no %s of %r at line %s"
                   % (fix["code"], fix["file"], fix["line"], code, subject,
                      "/".join(str(x) for x in lines)))

    fixes = rep["fixes"]
    # a resource repair.target-empty-assessment removed (at its line of A)
    # has no counterpart: the others keep their order
    removed = {f["line"] for f in fixes if f["code"] == "repair.target-empty-assessment"}
    # and its own associated content: a resource it depends on that B has
    # no resource of that identifier for
    b_ids = {rb["id"] for rb in mb.resources}
    by_id = {ra["id"]: ra for ra in ma.resources}
    own = {}    # line of the assessment -> its associated content removed
    for ra in ma.resources:
        if ra["line"] in removed:
            own[ra["line"]] = [by_id[d] for ln, d in ra["deps"]
                               if d in by_id and d not in b_ids]
            removed.update(x["line"] for x in own[ra["line"]])
    rank_b, k = {}, 0
    for i, ra in enumerate(ma.resources):
        if ra["line"] not in removed:
            rank_b[i], k = k, k + 1
    if (len(ma.resources) - len(removed) != len(mb.resources)
            or len(ma.items) != len(mb.items)):
        bad.append("the repair added or removed resources or items: %d/%d -> %d/%d"
                   % (len(ma.resources), len(ma.items), len(mb.resources), len(mb.items)))
        rank_b = {}
    with zipfile.ZipFile(b_path) as z:
        b_names = set(z.namelist())
    changed = set()     # descriptors whose file.changed a fix took
    # files a fix moved (old -> new name, from its message), and the files
    # whose bytes a fix changed: a moved file is file.moved, or
    # file.removed + file.added when its bytes changed too
    moved = {}
    for f in fixes:
        m = MOVED.get(f["code"]) and MOVED[f["code"]].search(f["message"])
        if m:
            moved[m.group(1)] = m.group(2)
    rewritten = {f["file"] for f in fixes if f["code"] in
                 ("repair.links-rewritten", "repair.order-normalised", "repair.target-tf-idents",
                  "repair.lti-icon-removed")
                 or (f["code"] == "repair.target-id-ncname" and f["file"] != "imsmanifest.xml")}
    for f in fixes:
        code = f["code"]
        now = moved.get(f["file"], f["file"])
        if code == "repair.target-tf-idents":
            # a QTI file edited: its bytes (a moved one: its move), and the
            # item whose idents changed
            if f["file"] not in changed and f["file"] not in moved:
                changed.add(f["file"])
                expect(f, "file.changed", f["file"], None)
            expect_in(f, "descriptor.qti-item-changed", now)
            continue
        if code == "repair.links-rewritten":
            # its bytes (a moved file: its move), and the facts of a
            # descriptor its links are part of (a discussion's text, a
            # QTI item), as many as diff finds
            if f["file"] not in moved:
                expect(f, "file.changed", f["file"], None)
            for i, c in enumerate(changes):
                if not taken[i] and c["code"].startswith("descriptor.") and c["file"] == now:
                    taken[i] = True
            continue
        if code == "repair.junk-dropped":
            # one fix per litter file; the archive's folder entries share
            # one fix (file: the first of them, ending in '/'), which diff
            # does not show: folders are not files of the package
            if not f["file"].endswith("/"):
                expect(f, "file.removed", f["file"], None)
            continue
        if code in ("repair.order-normalised", "repair.lti-icon-removed") or (
                code == "repair.target-id-ncname" and f["file"] != "imsmanifest.xml"):
            # a descriptor written anew: its bytes changed, its facts not
            # (a moved one: its move shows it); but a QTI item whose
            # elements moved hashes anew (taken below, once the other
            # fixes took theirs)
            if f["file"] not in changed and f["file"] not in moved:
                changed.add(f["file"])
                expect(f, "file.changed", f["file"], None)
            continue
        e = ma.element(f["line"], ("item", "resource", "file", "dependency",
                                   "manifest", "organization"))
        if e is None:
            bad.append("%s at line %s: no resource, file, dependency or item starts there in A"
                       % (code, f["line"]))
            continue
        if e[0] in ("manifest", "organization"):
            if code == "repair.target-id-ncname" and e[0] == "manifest":
                expect(f, "cartridge.identifier", None, (f["line"], None))
            elif code != "repair.target-id-ncname":
                bad.append("%s at line %s: a <%s>, which this fix does not change" % (code, f["line"], e[0]))
            # an organization's identifier: diff does not compare it
            continue
        if e[0] == "item":
            ia, ib = ma.items[e[1]], mb.items[e[1]]
            if code in ("repair.id-renamed", "repair.target-id-ncname"):
                expect(f, "item.identifier", None, ib["line"])
            elif code == "repair.dangling-ref-removed":
                expect(f, "item.retargeted", None, ib["line"])
            else:
                bad.append("%s at line %s: an item, which this fix does not change" % (code, f["line"]))
            continue
        if code == "repair.target-empty-assessment" and e[0] == "resource":
            # the resource, its files no other resource lists, the items'
            # references and the dependencies on it
            ra = ma.resources[e[1]]
            for rx in [ra] + own.get(f["line"], []):
                expect(f, "resource.removed", None, rx["line"])
                for ln, h in rx["files"]:
                    if h and unquote(h) not in b_names:
                        expect(f, "file.removed", unquote(h), None)
            for ia, ib in zip(ma.items, mb.items):
                if ia["ref"] == ra["id"]:
                    expect(f, "item.retargeted", None, ib["line"])
            for i, rx in enumerate(ma.resources):
                for ln, d in rx["deps"]:
                    if d == ra["id"] and i in rank_b:
                        expect(f, "resource.dependency-removed", None,
                               (mb.resources[rank_b[i]]["line"], ln))
            continue
        if e[1] not in rank_b:
            # an earlier fix of a resource a target fix then removed: the
            # removal is what diff shows
            if ma.resources[e[1]]["line"] not in removed:
                bad.append("%s at line %s: its resource is not in B" % (code, f["line"]))
            continue
        ra, rb = ma.resources[e[1]], mb.resources[rank_b[e[1]]]
        subject = rb["href"] if rb["href"] is not None else (rb["files"][0][1] if rb["files"] else None)
        if code == "repair.type-version" and e[0] == "resource":
            expect(f, "resource.type", subject, rb["line"])
        elif code == "repair.page-file-listed" and e[0] == "resource":
            m = re.search(r'added to its files as "([^"]*)"$', f["message"])
            lines = [ln for ln, h in rb["files"] if m and h == m.group(1)]
            if not lines or any(h == m.group(1) for ln, h in ra["files"]):
                bad.append("%s at line %s: no new <file> of its message in B" % (code, f["line"]))
            else:
                expect(f, "resource.file-added", subject, lines[0])
        elif code in ("repair.id-renamed", "repair.target-id-ncname") and e[0] == "resource":
            expect(f, "resource.identifier", subject, rb["line"])
        elif code == "repair.file-listed" and e[0] == "resource":
            added = [ln for ln, h in rb["files"] if h == rb["href"]]
            had = [h for ln, h in ra["files"] if h == ra["href"]]
            if had or len(added) != 1:
                bad.append("%s at line %s: the href is not newly listed once in B" % (code, f["line"]))
            else:
                expect(f, "resource.file-added", subject, added[0])
        elif code == "repair.href-encoding" and e[0] in ("resource", "file"):
            if e[0] == "file":
                fa, fb = ra["files"][e[2]], rb["files"][e[2]]
                if fa[1] == fb[1]:
                    bad.append("%s at line %s: the file's href is the same in B" % (code, f["line"]))
                elif unquote(fa[1]) == unquote(fb[1]):
                    expect(f, "resource.file-href", subject, fb[0])
                else:
                    # letter case or Unicode form set aside: another
                    # name, so diff lists the old file out, the new in
                    expect(f, "resource.file-removed", subject, rb["line"])
                    expect(f, "resource.file-added", subject, fb[0])
            # the resource's own href, rewritten by the same fix (one fix
            # for the href and the <file> that lists it)
            if ra["href"] != rb["href"] and not ra.get("href-seen"):
                ra["href-seen"] = True
                expect(f, "resource.href", subject, rb["line"])
        elif code in MOVED and e[0] == "file":
            # the <file> names the new path: the old out, the new in (and
            # the resource's own href with it, once); the file itself
            # moved, or was removed and added when its bytes changed too
            old, new = ra["files"][e[2]][1], rb["files"][e[2]][1]
            if old == new:
                bad.append("%s at line %s: the file's href is the same in B" % (code, f["line"]))
            m = MOVED[code].search(f["message"])
            same_bytes = not (m and m.group(1) in rewritten)
            if same_bytes:
                # diff sees the move (file.moved) and the entries that
                # follow it: one resource.file-moved, resource.href-moved
                expect(f, "resource.file-moved", subject, rb["files"][e[2]][0])
            else:
                expect(f, "resource.file-removed", subject, rb["line"])
                expect(f, "resource.file-added", subject, rb["files"][e[2]][0])
            if ra["href"] != rb["href"] and not ra.get("href-seen"):
                ra["href-seen"] = True
                expect(f, "resource.href-moved" if same_bytes else "resource.href", subject,
                       rb["line"])
            if m and not same_bytes:
                expect(f, "file.removed", m.group(1), None)
                expect(f, "file.added", m.group(2), None)
            elif m:
                expect(f, "file.moved", m.group(2), None)
        elif code == "repair.dangling-ref-removed" and e[0] == "dependency":
            expect(f, "resource.dependency-removed", subject, (rb["line"], f["line"]))
        else:
            bad.append("%s at line %s: not expected on a %s" % (code, f["line"], e[0]))
    for f in fixes:
        if f["code"] == "repair.order-normalised":
            for i, c in enumerate(changes):
                if not taken[i] and c["code"] == "descriptor.qti-item-changed" and c["file"] == f["file"]:
                    taken[i] = True
    for i, c in enumerate(changes):
        if not taken[i]:
            bad.append("%s of %r (%s:%s): a change no fix answers for"
                       % (c["code"], c["subject"], c["file"], c["line"]))
    for m in bad:
        print("FAIL: %s: diff A repair(A): %s" % (name, m))
    counts = Counter(f["code"] for f in fixes)
    print("counts: " + " ".join("%s=%d" % kv for kv in sorted(counts.items())))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
