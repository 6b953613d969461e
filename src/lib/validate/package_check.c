/* package_check.c - package-level checks: the files the manifest names
 * exist (R29), files nobody names, learning-application-object folder
 * rules (R41-R45), descriptor roots and their version, and the integrity
 * of every entry (one streamed pass that lets libzip check each CRC).
 *
 * Hrefs are URI references: query and fragment stripped, percent-decoded,
 * resolved against the resource's xml:base, then looked up exactly.  An
 * href that would leave the package is reported and never opened.
 * Lenient mode finds raw names too (Canvas writes "Folder#1/a%b.txt"
 * unescaped) and names that deviation. */
#include "validate/validate.h"
#include "import/source.h"
#include <stdlib.h>
#include <string.h>

#define E CCKIT_SEV_ERROR
#define W CCKIT_SEV_WARNING
#define I CCKIT_SEV_INFO

const cckit_rule cckit_rules_package[] = {
    {"package.unreadable", "R1", CCKIT_SEV_ERROR, CCKIT_SEV_ERROR, "CC 1.1 Implementation §3.1",
     "a cartridge is a readable ZIP archive", "re-create the archive with a standard ZIP tool"},
    {"package.not-found", NULL, CCKIT_SEV_ERROR, CCKIT_SEV_ERROR, "cckit",
     "the path given is an existing file or folder",
     "check the spelling and the folder: no file or folder has this name"},
    {"package.unsafe", "R1", CCKIT_SEV_ERROR, CCKIT_SEV_ERROR, "APPNOTE 4.4.17; cckit security policy",
     "entry names stay inside the package; no links, no encryption",
     "rename entries to plain relative paths and remove links"},
    {"package.limit", NULL, CCKIT_SEV_ERROR, CCKIT_SEV_ERROR, "cckit limits",
     "the package stays within the configured limits",
     "if the cartridge is genuine, raise the limit named in the message"},
    {"package.no-manifest", "R1", CCKIT_SEV_ERROR, CCKIT_SEV_ERROR, "CC 1.1 Conformance §1",
     "imsmanifest.xml is at the root of the package",
     "zip the contents of the course folder, so that imsmanifest.xml is at the top (a folder "
     "of .imscc files is no cartridge: give the files themselves)"},
    /* R29: what the manifest names is in the package */
    {"package.missing-file", "R29", E, E, "CC 1.1 Conformance §1.2.3",
     "every file/@href and resource/@href (xml:base applied, percent-decoded) names a file of the package",
     "add the file to the package, or correct the href (spaces are written %20)"},
    {"package.case-mismatch", "R29", E, E, "CC 1.1 Conformance §1.2.3; RFC 3986 §6.2.2.1",
     "hrefs match file names exactly, letter case included",
     "make the href and the file name agree in letter case: LMSes that store files on case-sensitive storage will not find it"},
    {"package.href-outside", "R29", E, E, "CC 1.1 Conformance §1.2.3; cckit security policy",
     "hrefs of the manifest are relative paths inside the package",
     "use a path relative to the package root; remove URLs, absolute paths, backslashes and '..' above the root"},
    {"package.href-not-uri", "R29", E, W, "RFC 3986 §2.1, §3.5 (href is xs:anyURI)",
     "hrefs are URI references: '%', '#', '?' in file names are percent-encoded (lenient: found by the raw name, as Canvas writes it)",
     "percent-encode the reserved characters of the file name in the href ('#' as %23, '%' as %25, '?' as %3F)"},
    {"package.unreferenced-file", "R29", W, W, "CC 1.1 Implementation §3.3, §4.4",
     "every file of the package belongs to a resource",
     "list the file in the resource that uses it, or remove it from the package"},
    {"package.junk-file", NULL, I, I, "cckit",
     "no operating-system litter (__MACOSX/, .DS_Store, Thumbs.db) in the package",
     "re-create the archive without __MACOSX/, .DS_Store and Thumbs.db"},
    /* integrity */
    {"package.crc", "R1", E, E, "APPNOTE 4.4.7",
     "every entry's data matches its CRC-32", "the archive is damaged: export the cartridge again"},
    {"package.corrupt", "R1", E, E, "APPNOTE 4.3",
     "every entry can be read to its declared end", "the archive is damaged: export the cartridge again"},
    /* descriptors against their resource type and version */
    {"package.descriptor-root", NULL, E, E, "spec table 2.2 (descriptor root and namespace per type)",
     "a descriptor's root element and namespace fit its resource type",
     "make the resource type and the descriptor agree (e.g. imsdt_* holds a <topic>)"},
    {"package.descriptor-version", "R5", E, W, "spec table 2.2; CC 1.1 Implementation §4.4",
     "descriptor namespaces belong to the manifest's CC version (lenient: Canvas writes 1.1 descriptors into 1.3 cartridges)",
     "use the descriptor namespace of the manifest's CC version"},
    /* R41-R45: learning application object (LAO) directories */
    {"package.lao-at-root", "R41", E, W, "CC 1.1 Implementation §3.3 table 3.2, §3.3.2",
     "an LAO descriptor lives in a folder of its own, not at the package root (lenient: Canvas writes discussion and web-link descriptors at the root)",
     "move the descriptor into a folder of its own, e.g. topic1/topic.xml"},
    {"package.lao-dir-collision", "R41", E, W, "CC 1.1 Implementation §3.3 table 3.2",
     "LAO folders do not collide: one descriptor per folder, no LAO folder inside another",
     "give every learning application object a folder of its own"},
    {"package.lao-file-unlisted", "R43", E, W, "CC 1.1 Implementation §3.3 (associated content rules 1-3)",
     "every file of an LAO folder besides the descriptor is listed by an associated-content resource the LAO depends on",
     "list the file in an associatedcontent resource and add a <dependency> on it to the LAO"},
    {"package.ac-outside-lao", "R42", E, W, "CC 1.1 Implementation §3.3 (associated content rule 2)",
     "an LAO's associated-content resource lists only files of the LAO's folder tree",
     "move the file into the LAO folder, or make it a webcontent resource"},
    {"package.ac-shared", "R43", E, W, "CC 1.1 Implementation §3.3",
     "an associated-content resource belongs to exactly one LAO",
     "give each LAO its own associated-content resource; share files through webcontent"},
    {"package.webcontent-in-lao", "R44", E, W, "CC 1.1 Implementation §3.3 (web content rule 1)",
     "webcontent resources list no file inside an LAO folder",
     "move the file out of the LAO folder, or make it associated content of that LAO"},
    {"package.ac-dependency", "R45", W, W, "CC 1.1 Implementation §3.3 vs §4.4.6 / table 3.3",
     "associated content has no dependencies (§3.3), though table 3.3 allows webcontent ones",
     "if you can, list the shared files in the LAO's own dependencies instead"},
    {NULL, NULL, 0, 0, NULL, NULL, NULL},
};

/* ------------------------------------------------------------------ */
/* Reporting many findings of one code: the first AGG_MAX one by one,
 * then one summary. */
#define AGG_MAX 20

typedef struct agg {
    const char *code;
    size_t n;
    char first_more[256];
} agg;

static bool agg_take(agg *a)
{
    return a->n++ < AGG_MAX;
}

static void agg_finish(cckit_vctx *v, agg *a, const char *what)
{
    if (a->n > AGG_MAX)
        cckit_vreport_omitted(v, cckit_vseverity(v, a->code), a->code, NULL, 0, a->n - AGG_MAX,
                              "and %zu more %s (only the first %d are listed)", a->n - AGG_MAX,
                              what, AGG_MAX);
}

/* ------------------------------------------------------------------ */
/* Resolution of the manifest's hrefs */

typedef struct rinfo {
    char *base;                 /* resolved xml:base ("" if none), NULL if it leaves */
    char **paths;               /* per file: resolved path, NULL if unresolved */
    const cckit_entry **ents;   /* per file: the entry found, or NULL */
    const char *lao_dir;        /* LAO kinds with a descriptor file: its folder */
    const char *descriptor;     /* paths[0] of an LAO */
} rinfo;

typedef struct pctx {
    cckit_vctx *v;
    cckit_source *src;
    const cckit_manifest *m;
    rinfo *ri;
    unsigned char *ref;         /* per entry: REF_* bits */
    const cckit_entry *ent0;
} pctx;

#define REF_LISTED 1      /* listed by some resource */
#define REF_WEBCONTENT 2  /* listed by a webcontent resource */
#define REF_DESCRIPTOR 4  /* the descriptor of an LAO */

static bool is_lao_kind(cckit_kind k)
{
    return k == CCKIT_KIND_DISCUSSION || k == CCKIT_KIND_WEBLINK || k == CCKIT_KIND_ASSESSMENT
        || k == CCKIT_KIND_QUESTION_BANK || k == CCKIT_KIND_LTI_LINK || k == CCKIT_KIND_ASSIGNMENT;
}

static const char *esc(const char *s, char *buf)
{
    return cckit_name_esc(s ? s : "", buf, CCKIT_ESC_SIZE);
}

/* Look href up; returns the entry (and the path in *path) or NULL after
 * reporting.  what: "file" or "resource href". */
static const cckit_entry *resolve_one(pctx *p, const cckit_resource *r, const char *base,
                                      const char *href, const char *what, const cckit_pos *pos,
                                      char **path)
{
    cckit_vctx *v = p->v;
    char e1[CCKIT_ESC_SIZE], e2[CCKIT_ESC_SIZE], e3[CCKIT_ESC_SIZE];
    const char *file = pos->file;
    unsigned line = pos->line;
    *path = NULL;
    char *res = NULL;
    cckit_href_status st = cckit_vresolve(v, base, href, 0, &res);
    if (st == CCKIT_HREF_NOMEM)
        return NULL;
    if (st == CCKIT_HREF_URL || st == CCKIT_HREF_ABSOLUTE || st == CCKIT_HREF_BACKSLASH
        || st == CCKIT_HREF_ESCAPES) {
        cckit_vreport(v, "package.href-outside", file, line,
                      "resource '%s': %s \"%s\": %s; cckit does not open it",
                      esc(r->identifier, e1), what, esc(href, e2), cckit_href_status_str(st));
        return NULL;
    }
    const cckit_entry *e = NULL;
    if (st == CCKIT_HREF_OK && p->src) {
        e = cckit_source_find(p->src, res);
        if (e && e->is_dir)
            e = NULL;
    }
    if (!p->src) {
        *path = res;
        return NULL;
    }
    /* Lenient second try: the raw characters as a file name. */
    if (!e && strpbrk(href, "%#?")) {
        char *lit = NULL;
        if (cckit_vresolve(v, base, href, CCKIT_HREF_LITERAL, &lit) == CCKIT_HREF_OK) {
            const cckit_entry *le = cckit_source_find(p->src, lit);
            if (le && !le->is_dir) {
                cckit_vreport(v, "package.href-not-uri", file, line,
                              "resource '%s': %s \"%s\" is not a valid URI reference (%s); "
                              "it names the file '%s' only when read as a raw file name",
                              esc(r->identifier, e1), what, esc(href, e2),
                              st == CCKIT_HREF_BAD_ESCAPE ? "bad percent-escape"
                              : "unescaped '#', '?' or '%'",
                              esc(lit, e3));
                free(res);
                *path = lit;
                return le;
            }
        }
        free(lit);
    }
    if (e) {
        *path = res;
        return e;
    }
    if (st == CCKIT_HREF_BAD_ESCAPE || st == CCKIT_HREF_EMPTY) {
        cckit_vreport(v, "package.missing-file", file, line,
                      "resource '%s': %s \"%s\" %s", esc(r->identifier, e1), what, esc(href, e2),
                      cckit_href_status_str(st));
        free(res);
        return NULL;
    }
    const cckit_entry *ce = cckit_source_find_nocase(p->src, res);
    if (ce && !ce->is_dir) {
        cckit_vreport(v, "package.case-mismatch", file, line,
                      "resource '%s': %s \"%s\" differs only in letter case from the file '%s'; "
                      "it is found on Windows and macOS, but not on case-sensitive storage",
                      esc(r->identifier, e1), what, esc(href, e2), esc(ce->name, e3));
        *path = res;
        return ce;
    }
    if (strcmp(res, href) != 0)
        cckit_vreport(v, "package.missing-file", file, line,
                      "resource '%s': %s \"%s\" (the file '%s') is not in the package",
                      esc(r->identifier, e1), what, esc(href, e2), esc(res, e3));
    else
        cckit_vreport(v, "package.missing-file", file, line,
                      "resource '%s': %s \"%s\" is not in the package", esc(r->identifier, e1),
                      what, esc(href, e2));
    *path = res;
    return NULL;
}

static void mark(pctx *p, const cckit_entry *e, unsigned bits)
{
    if (e && p->ref)
        p->ref[e - p->ent0] |= (unsigned char)bits;
}

static void check_hrefs(pctx *p)
{
    cckit_vctx *v = p->v;
    const cckit_manifest *m = p->m;
    char e1[CCKIT_ESC_SIZE], e2[CCKIT_ESC_SIZE];
    for (size_t i = 0; i < m->n_resources; i++) {
        const cckit_resource *r = m->resources[i];
        rinfo *ri = &p->ri[i];
        ri->base = strdup("");
        if (!ri->base)
            cckit_vnomem(v);
        if (r->xml_base && r->xml_base[0]) {
            char *b = NULL;
            cckit_href_status st = cckit_vresolve(v, "", r->xml_base, 0, &b);
            free(ri->base);
            ri->base = NULL;
            if (st == CCKIT_HREF_OK || st == CCKIT_HREF_EMPTY) {
                ri->base = b ? b : strdup("");
                if (!ri->base)
                    cckit_vnomem(v);
            } else if (st != CCKIT_HREF_NOMEM) {
                free(b);
                cckit_vreport(v, "package.href-outside", r->pos.file, r->pos.line,
                              "resource '%s': xml:base \"%s\": %s; its files are not looked up",
                              esc(r->identifier, e1), esc(r->xml_base, e2), cckit_href_status_str(st));
                continue;
            } else
                continue;
        }
        if (!ri->base)
            continue;
        ri->paths = calloc(r->n_files ? r->n_files : 1, sizeof *ri->paths);
        ri->ents = calloc(r->n_files ? r->n_files : 1, sizeof *ri->ents);
        if (!ri->paths || !ri->ents) {
            cckit_vnomem(v);
            continue;
        }
        for (size_t k = 0; k < r->n_files; k++) {
            const cckit_file *f = &r->files[k];
            if (!f->href)
                continue; /* manifest.file-no-href */
            /* The same href twice in one resource is R26's business. */
            bool dup = false;
            for (size_t j = 0; j < k && !dup; j++)
                dup = r->files[j].href && strcmp(r->files[j].href, f->href) == 0;
            if (dup)
                continue;
            ri->ents[k] = resolve_one(p, r, ri->base, f->href, "file href", &f->pos, &ri->paths[k]);
            mark(p, ri->ents[k], REF_LISTED | (r->kind == CCKIT_KIND_WEBCONTENT ? REF_WEBCONTENT : 0)
                                     | (k == 0 && is_lao_kind(r->kind) ? REF_DESCRIPTOR : 0));
        }
        if (r->href) {
            bool listed = false;
            for (size_t k = 0; k < r->n_files && !listed; k++)
                listed = r->files[k].href && strcmp(r->files[k].href, r->href) == 0;
            if (!listed) {
                char *path = NULL;
                mark(p, resolve_one(p, r, ri->base, r->href, "href", &r->pos, &path), REF_LISTED);
                free(path);
            }
        }
        if (is_lao_kind(r->kind) && r->n_files > 0 && ri->paths[0]) {
            ri->descriptor = ri->paths[0];
            const char *slash = strrchr(ri->paths[0], '/');
            ri->lao_dir = slash ? strndup(ri->paths[0], (size_t)(slash - ri->paths[0])) : strdup("");
            if (!ri->lao_dir)
                cckit_vnomem(v);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Unreferenced files */

static bool is_junk(const char *name)
{
    if (strncmp(name, "__MACOSX/", 9) == 0)
        return true;
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    return strcmp(base, ".DS_Store") == 0 || cckit_strcasecmp_ascii(base, "Thumbs.db") == 0
        || cckit_strcasecmp_ascii(base, "desktop.ini") == 0 || strncmp(base, "._", 2) == 0;
}

static void check_unreferenced(pctx *p)
{
    cckit_vctx *v = p->v;
    char e1[CCKIT_ESC_SIZE];
    agg un = {"package.unreferenced-file", 0, ""};
    agg junk = {"package.junk-file", 0, ""};
    size_t n = cckit_source_count(p->src);
    for (size_t i = 0; i < n; i++) {
        const cckit_entry *e = cckit_source_entry(p->src, i);
        if (e->is_dir || p->ref[i] || strcmp(e->name, "imsmanifest.xml") == 0)
            continue;
        if (is_junk(e->name)) {
            if (agg_take(&junk))
                cckit_vreport(v, "package.junk-file", e->name, 0,
                              "'%s' is operating-system litter, not part of the cartridge", esc(e->name, e1));
            continue;
        }
        if (agg_take(&un))
            cckit_vreport(v, "package.unreferenced-file", e->name, 0,
                          "no resource lists the file '%s'", esc(e->name, e1));
    }
    agg_finish(v, &un, "files that no resource lists");
    agg_finish(v, &junk, "operating-system files");
}

/* ------------------------------------------------------------------ */
/* R41-R45: LAO folders */

/* Is path inside folder dir (dir non-empty)? */
static bool under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return n && strncmp(path, dir, n) == 0 && path[n] == '/';
}

/* The LAO whose folder holds path (nearest ancestor folder), or -1. */
static long lao_of(cckit_idmap *dirs, const char *path)
{
    char buf[2048];
    size_t n = strlen(path);
    if (n >= sizeof buf)
        return -1;
    memcpy(buf, path, n + 1);
    for (;;) {
        char *slash = strrchr(buf, '/');
        if (!slash)
            return -1;
        *slash = '\0';
        void *hit = cckit_idmap_get(dirs, buf);
        if (hit)
            return (long)((size_t)hit - 1);
    }
}

static bool depends_on(const cckit_resource *r, const cckit_resource *t)
{
    for (size_t d = 0; d < r->n_deps; d++)
        if (r->deps[d].resource == t)
            return true;
    return false;
}

static void check_lao_dirs(pctx *p)
{
    cckit_vctx *v = p->v;
    const cckit_manifest *m = p->m;
    char e1[CCKIT_ESC_SIZE], e2[CCKIT_ESC_SIZE], e3[CCKIT_ESC_SIZE];
    cckit_idmap *dirs = cckit_idmap_new();
    if (!dirs) {
        cckit_vnomem(v);
        return;
    }
    agg atroot = {"package.lao-at-root", 0, ""};
    agg coll = {"package.lao-dir-collision", 0, ""};
    bool oom = false;
    /* R41: own folder, not the root, no two LAOs in one folder. */
    for (size_t i = 0; i < m->n_resources; i++) {
        const cckit_resource *r = m->resources[i];
        const rinfo *ri = &p->ri[i];
        if (!ri->lao_dir)
            continue;
        if (!ri->lao_dir[0]) {
            if (agg_take(&atroot))
                cckit_vreport(v, "package.lao-at-root", r->pos.file, r->pos.line,
                              "resource '%s' (%s): its descriptor '%s' is at the package root, "
                              "not in a folder of its own",
                              esc(r->identifier, e1), cckit_kind_name(r->kind), esc(ri->descriptor, e2));
            continue;
        }
        void *old = cckit_idmap_put(dirs, ri->lao_dir, (void *)(i + 1), &oom);
        if (old && agg_take(&coll)) {
            const cckit_resource *o = m->resources[(size_t)old - 1];
            cckit_vreport(v, "package.lao-dir-collision", r->pos.file, r->pos.line,
                          "resource '%s': its descriptor folder '%s' is also the folder of resource '%s'",
                          esc(r->identifier, e1), esc(ri->lao_dir, e2), esc(o->identifier, e3));
        }
    }
    if (oom)
        cckit_vnomem(v);
    agg_finish(v, &atroot, "descriptors at the package root");
    for (size_t i = 0; i < m->n_resources; i++) {
        const rinfo *ri = &p->ri[i];
        if (!ri->lao_dir || !ri->lao_dir[0])
            continue;
        long outer = lao_of(dirs, ri->lao_dir);
        if (outer >= 0 && (size_t)outer != i && agg_take(&coll))
            cckit_vreport(v, "package.lao-dir-collision", m->resources[i]->pos.file,
                          m->resources[i]->pos.line,
                          "resource '%s': its descriptor folder '%s' is inside the folder '%s' of resource '%s'",
                          esc(m->resources[i]->identifier, e1), esc(ri->lao_dir, e2),
                          esc(p->ri[outer].lao_dir, e3), m->resources[outer]->identifier);
    }
    agg_finish(v, &coll, "LAO folder collisions");
    /* R42/R43: associated content of each LAO. */
    size_t *users = calloc(m->n_resources ? m->n_resources : 1, sizeof *users);
    if (!users)
        cckit_vnomem(v);
    for (size_t i = 0; i < m->n_resources && users; i++) {
        const cckit_resource *r = m->resources[i];
        const rinfo *ri = &p->ri[i];
        if (!is_lao_kind(r->kind))
            continue;
        for (size_t d = 0; d < r->n_deps; d++) {
            const cckit_resource *a = r->deps[d].resource;
            if (!a || a->kind != CCKIT_KIND_ASSOCIATED_CONTENT)
                continue;
            bool seen = false;
            for (size_t d2 = 0; d2 < d && !seen; d2++)
                seen = r->deps[d2].resource == a;
            if (seen)
                continue;
            if (++users[a->index] == 2)
                cckit_vreport(v, "package.ac-shared", a->pos.file, a->pos.line,
                              "associated-content resource '%s' is a dependency of more than one "
                              "learning application object (also of '%s')",
                              esc(a->identifier, e1), esc(r->identifier, e2));
            if (!ri->lao_dir || !ri->lao_dir[0])
                continue;
            const rinfo *ai = &p->ri[a->index];
            for (size_t k = 0; ai->paths && k < a->n_files; k++) {
                if (ai->paths[k] && !under(ai->paths[k], ri->lao_dir))
                    cckit_vreport(v, "package.ac-outside-lao", a->files[k].pos.file,
                                  a->files[k].pos.line,
                                  "associated-content resource '%s' of '%s' lists '%s', outside that "
                                  "LAO's folder '%s'",
                                  esc(a->identifier, e1), r->identifier, esc(ai->paths[k], e2),
                                  esc(ri->lao_dir, e3));
            }
        }
    }
    free(users);
    /* Every file of an LAO folder (besides its descriptor) is listed by
     * associated content the LAO depends on. */
    size_t n = cckit_source_count(p->src);
    agg unl = {"package.lao-file-unlisted", 0, ""};
    /* Which associated-content resources list each entry: a chain per
     * entry (head[i], then next[]), so that the check below is linear in
     * entries plus listed files, not their product. */
    const cckit_entry *ent0 = n ? cckit_source_entry(p->src, 0) : NULL;
    size_t n_ac = 0;
    for (size_t j = 0; j < m->n_resources; j++)
        if (m->resources[j]->kind == CCKIT_KIND_ASSOCIATED_CONTENT && p->ri[j].ents)
            n_ac += m->resources[j]->n_files;
    long *head = n ? malloc(n * sizeof *head) : NULL;
    struct lister_node { size_t res; long next; } *nodes = n_ac ? malloc(n_ac * sizeof *nodes) : NULL;
    bool chains = !(n && !head) && !(n_ac && !nodes);
    if (!chains)
        cckit_vnomem(v);
    for (size_t i = 0; chains && i < n; i++)
        head[i] = -1;
    size_t used = 0;
    for (size_t j = 0; chains && j < m->n_resources; j++) {
        const cckit_resource *a = m->resources[j];
        const rinfo *ai = &p->ri[j];
        if (a->kind != CCKIT_KIND_ASSOCIATED_CONTENT || !ai->ents)
            continue;
        for (size_t k = 0; k < a->n_files; k++) {
            if (!ai->ents[k])
                continue;
            size_t ei = (size_t)(ai->ents[k] - ent0);
            nodes[used].res = j;
            nodes[used].next = head[ei];
            head[ei] = (long)used++;
        }
    }
    for (size_t i = 0; chains && i < n; i++) {
        const cckit_entry *e = cckit_source_entry(p->src, i);
        if (e->is_dir)
            continue;
        long l = lao_of(dirs, e->name);
        if (l < 0)
            continue;
        const cckit_resource *r = m->resources[l];
        const rinfo *ri = &p->ri[l];
        /* Descriptors of other LAOs are lao-dir-collision's; files that
         * webcontent lists are webcontent-in-lao's. */
        if (strcmp(e->name, ri->descriptor) == 0 || (p->ref[i] & (REF_DESCRIPTOR | REF_WEBCONTENT)))
            continue;
        /* the chain runs from the last listing resource to the first */
        const cckit_resource *lister = head[i] >= 0 ? m->resources[nodes[head[i]].res] : NULL;
        bool ok = false;
        for (long x = head[i]; x >= 0 && !ok; x = nodes[x].next)
            ok = depends_on(r, m->resources[nodes[x].res]);
        if (ok || !agg_take(&unl))
            continue;
        if (lister)
            cckit_vreport(v, "package.lao-file-unlisted", e->name, 0,
                          "'%s' is in the folder of '%s', and listed by associated content '%s', "
                          "but '%s' has no dependency on it",
                          esc(e->name, e1), esc(r->identifier, e2), esc(lister->identifier, e3),
                          r->identifier);
        else
            cckit_vreport(v, "package.lao-file-unlisted", e->name, 0,
                          "'%s' is in the folder of '%s' but no associated-content resource of "
                          "it lists the file",
                          esc(e->name, e1), esc(r->identifier, e2));
    }
    free(head);
    free(nodes);
    agg_finish(v, &unl, "files of LAO folders that no associated content lists");
    /* R44 and R45. */
    agg wc = {"package.webcontent-in-lao", 0, ""};
    for (size_t i = 0; i < m->n_resources; i++) {
        const cckit_resource *r = m->resources[i];
        const rinfo *ri = &p->ri[i];
        if (r->kind == CCKIT_KIND_WEBCONTENT && ri->paths) {
            for (size_t k = 0; k < r->n_files; k++) {
                long l = ri->paths[k] ? lao_of(dirs, ri->paths[k]) : -1;
                if (l >= 0 && agg_take(&wc))
                    cckit_vreport(v, "package.webcontent-in-lao", r->files[k].pos.file,
                                  r->files[k].pos.line,
                                  "webcontent resource '%s' lists '%s', inside the folder '%s' of "
                                  "learning application object '%s'",
                                  esc(r->identifier, e1), esc(ri->paths[k], e2),
                                  esc(p->ri[l].lao_dir, e3), m->resources[l]->identifier);
            }
        }
        if (r->kind == CCKIT_KIND_ASSOCIATED_CONTENT) {
            for (size_t d = 0; d < r->n_deps; d++) {
                const cckit_resource *t = r->deps[d].resource;
                if (t && t->kind == CCKIT_KIND_WEBCONTENT)
                    cckit_vreport(v, "package.ac-dependency", r->deps[d].pos.file, r->deps[d].pos.line,
                                  "associated-content resource '%s' depends on webcontent '%s': "
                                  "§3.3 says associated content has no dependencies, table 3.3 allows this one",
                                  esc(r->identifier, e1), esc(t->identifier, e2));
            }
        }
    }
    agg_finish(v, &wc, "webcontent files inside LAO folders");
    cckit_idmap_free(dirs);
}

/* ------------------------------------------------------------------ */

void cckit_check_package(cckit_vctx *v)
{
    const cckit_manifest *m = v->m;
    if (!m)
        return;
    pctx p;
    memset(&p, 0, sizeof p);
    p.v = v;
    p.m = m;
    p.src = v->src;
    p.ri = calloc(m->n_resources ? m->n_resources : 1, sizeof *p.ri);
    if (!p.ri) {
        cckit_vnomem(v);
        return;
    }
    if (p.src && cckit_source_count(p.src)) {
        p.ref = calloc(cckit_source_count(p.src), 1);
        if (!p.ref)
            cckit_vnomem(v);
        p.ent0 = cckit_source_entry(p.src, 0);
    }
    check_hrefs(&p);
    if (p.src && p.ref) {
        check_unreferenced(&p);
        check_lao_dirs(&p);
    }
    for (size_t i = 0; i < m->n_resources; i++) {
        rinfo *ri = &p.ri[i];
        if (ri->paths)
            for (size_t k = 0; k < m->resources[i]->n_files; k++)
                free(ri->paths[k]);
        free(ri->paths);
        free(ri->ents);
        free(ri->base);
        free((char *)ri->lao_dir);
    }
    free(p.ri);
    free(p.ref);
}

/* ------------------------------------------------------------------ */
/* Descriptor root element and namespace against the resource type. */

static const char *const dt_ns[] = {
    "http://www.imsglobal.org/xsd/imsdt_v1p0", "http://www.imsglobal.org/xsd/imsccv1p1/imsdt_v1p1",
    "http://www.imsglobal.org/xsd/imsccv1p2/imsdt_v1p2", "http://www.imsglobal.org/xsd/imsccv1p3/imsdt_v1p3",
    "http://www.imsglobal.org/xsd/imsccv1p4/imsdt_v1p4"};
static const char *const wl_ns[] = {
    "http://www.imsglobal.org/xsd/imswl_v1p0", "http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1",
    "http://www.imsglobal.org/xsd/imsccv1p2/imswl_v1p2", "http://www.imsglobal.org/xsd/imsccv1p3/imswl_v1p3",
    "http://www.imsglobal.org/xsd/imsccv1p4/imswl_v1p4"};
static const cckit_cc_version ns_ver[] = {CCKIT_CC_1_0, CCKIT_CC_1_1, CCKIT_CC_1_2, CCKIT_CC_1_3,
                                          CCKIT_CC_1_4};
#define LTI_NS "http://www.imsglobal.org/xsd/imslticc_v1p"
#define QTI_NS "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
#define ASSIGN_NS "http://www.imsglobal.org/xsd/imscc_extensions/assignment"

void cckit_check_descriptor_root(cckit_vctx *v, const cckit_resource *r, const char *entry,
                                 xmlDocPtr doc)
{
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!r || !root)
        return;
    const char *local = (const char *)root->name;
    const char *ns = root->ns && root->ns->href ? (const char *)root->ns->href : "";
    const char *want = NULL;
    const char *const *family = NULL;
    cckit_cc_version nsv = CCKIT_CC_UNKNOWN;
    bool ns_ok = false;
    switch (r->kind) {
    case CCKIT_KIND_DISCUSSION: want = "topic"; family = dt_ns; break;
    case CCKIT_KIND_WEBLINK: want = "webLink"; family = wl_ns; break;
    case CCKIT_KIND_ASSESSMENT:
    case CCKIT_KIND_QUESTION_BANK: want = "questestinterop"; ns_ok = strcmp(ns, QTI_NS) == 0; break;
    case CCKIT_KIND_ASSIGNMENT: want = "assignment"; ns_ok = strcmp(ns, ASSIGN_NS) == 0; break;
    case CCKIT_KIND_LTI_LINK:
        want = "cartridge_basiclti_link";
        if (strncmp(ns, LTI_NS, strlen(LTI_NS)) == 0) {
            const char *t = ns + strlen(LTI_NS);
            ns_ok = strcmp(t, "0") == 0 || strcmp(t, "2") == 0 || strcmp(t, "3") == 0;
            nsv = strcmp(t, "3") == 0 ? CCKIT_CC_1_3 : strcmp(t, "2") == 0 ? CCKIT_CC_1_2 : CCKIT_CC_1_1;
        }
        break;
    default: return;
    }
    if (family)
        for (size_t i = 0; i < sizeof ns_ver / sizeof ns_ver[0]; i++)
            if (strcmp(ns, family[i]) == 0) {
                ns_ok = true;
                nsv = ns_ver[i];
            }
    unsigned line = (unsigned)xmlGetLineNo(root);
    char e1[CCKIT_ESC_SIZE], e2[CCKIT_ESC_SIZE];
    if (strcmp(local, want) != 0 || !ns_ok) {
        cckit_vreport(v, "package.descriptor-root", entry, line,
                      "resource '%s' has type %s, but its descriptor's root is <%s> in namespace "
                      "\"%s\"; a %s descriptor is <%s>%s%s",
                      esc(r->identifier, e1), r->type ? r->type : "?", esc(local, e2),
                      ns[0] ? ns : "(none)", cckit_kind_name(r->kind), want,
                      family ? " in the namespace of the CC version" : " in ",
                      family ? "" : r->kind == CCKIT_KIND_LTI_LINK ? LTI_NS "0/3"
                      : r->kind == CCKIT_KIND_ASSIGNMENT ? ASSIGN_NS : QTI_NS);
        return;
    }
    if (nsv == CCKIT_CC_UNKNOWN || !v->m || v->m->version == CCKIT_CC_UNKNOWN)
        return;
    cckit_cc_version mv = v->m->version;
    bool differs = nsv != mv;
    /* LTI: 1.1 and 1.2 share imslticc_v1p0 (1.2 also seen as v1p2); 1.4
     * keeps 1.3's imslticc_v1p3. */
    if (r->kind == CCKIT_KIND_LTI_LINK)
        differs = mv >= CCKIT_CC_1_3 ? nsv != CCKIT_CC_1_3
                : (mv == CCKIT_CC_1_1 || mv == CCKIT_CC_1_2) ? nsv == CCKIT_CC_1_3
                : false;
    /* A descriptor in the version of its own (mismatched) type string is
     * manifest.type-version's finding already: not repeated here. */
    if (differs && r->type_version != CCKIT_CC_UNKNOWN && r->type_version != mv
        && (r->kind == CCKIT_KIND_LTI_LINK ? (nsv == CCKIT_CC_1_3) == (r->type_version == CCKIT_CC_1_3)
                                           : nsv == r->type_version))
        differs = false;
    if (differs)
        cckit_vreport(v, "package.descriptor-version", entry, line,
                      "resource '%s': the descriptor is in the CC %s namespace \"%s\", the manifest is CC %s",
                      esc(r->identifier, e1), cckit_cc_version_string(nsv), ns,
                      cckit_cc_version_string(mv));
}
