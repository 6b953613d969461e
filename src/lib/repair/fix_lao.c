/* fix_lao.c - repair.lao-moved and repair.ac-moved (R41-R43, CC 1.1
 * Implementation §3.3): a learning object's descriptor at the package
 * root moves into a folder of its own (its name without the extension:
 * "topic1.xml" -> "topic1/topic1.xml"), and a file of its associated
 * content outside its folder moves into it under its whole path
 * ("non_cc_assessments/q.qti" -> "quiz/non_cc_assessments/q.qti"), so
 * that two moved files never meet.  The manifest's hrefs follow, and so
 * do the links the moves would break (fix_links.c: repair.links-rewritten).
 * A moved file keeps its bytes.
 *
 * Declined, with the reason: a file that another resource lists too,
 * associated content that several learning objects depend on (whose
 * folder is a guess), a new name that an entry, a folder or another move
 * already has, an xml:base the new name would leave, a link that cannot
 * be rewritten (then every move of that learning object is left). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repair/repair.h"
#include "content/href.h"
#include "content/html_deps.h"

typedef struct lres {
    xmlNodePtr node;
    char *id;               /* xmlFree */
    cckit_kind kind;
    char *base;             /* xml:base folder ("" none); NULL: unusable */
    size_t f0, nf;          /* its <file>s: files[f0 .. f0 + nf) */
    char *dir;              /* learning object: its folder after the moves; NULL: none */
    size_t users;           /* associated content: learning objects that depend on it */
    bool said;              /* associated content: its refusal is reported */
    bool declined;          /* learning object: its moves are left */
} lres;

typedef struct lfile {
    xmlNodePtr node;
    size_t res;
    long ent;               /* the file, or -1 */
} lfile;

typedef struct lao {
    cckit_rp *r;
    const cckit_entry *e0;
    size_t n_ent;
    lres *res;
    size_t n_res, cap_res;
    lfile *files;
    size_t n_files, cap_files;
    long *owner;            /* per entry: the learning object whose move it is, or -1 */
    char **to;              /* per entry: the planned new name */
    char **into;            /* per entry: the folder it moves into (its owner's) */
    unsigned char *listers; /* per entry: resources listing it (2 = several) */
    long *lister;           /* per entry: the first */
    unsigned char *desc;    /* per entry: a learning object's descriptor */
    cckit_idmap *ids, *folders, *taken;
    cckit_arena *keys;
    bool oom;
} lao;

static bool is_lao_kind(cckit_kind k)
{
    return k == CCKIT_KIND_DISCUSSION || k == CCKIT_KIND_WEBLINK || k == CCKIT_KIND_ASSESSMENT
        || k == CCKIT_KIND_QUESTION_BANK || k == CCKIT_KIND_LTI_LINK || k == CCKIT_KIND_ASSIGNMENT;
}

/* An attribute's value (xmlFree), or NULL when it is absent; out of
 * memory, which libxml2 also answers NULL, is latched. */
static char *attr(lao *L, xmlNodePtr n, const char *name)
{
    char *v = cckit_rp_attr(n, name);
    if (!v && xmlHasNsProp(n, (const xmlChar *)name, NULL))
        L->oom = true;
    return v;
}

/* The kept file an href of a resource names, or -1. */
static long href_ent(lao *L, const char *base, const char *href)
{
    char *path = NULL;
    long out = -1;
    cckit_href_status st = base && href ? cckit_href_resolve_ex(base, href, 0, &path)
                                        : CCKIT_HREF_EMPTY;
    L->oom |= st == CCKIT_HREF_NOMEM || (st == CCKIT_HREF_OK && !path);
    if (st == CCKIT_HREF_OK && path) {
        const cckit_entry *e = cckit_source_find(L->r->src, path);
        if (e && !e->is_dir && !L->r->drop[e - L->e0])
            out = (long)(e - L->e0);
    }
    free(path);
    return out;
}

static void count_lister(lao *L, long ent, size_t res, long *last)
{
    if (ent < 0 || last[ent] == (long)res)
        return;
    last[ent] = (long)res;
    if (L->listers[ent]++ == 0)
        L->lister[ent] = (long)res;
    if (L->listers[ent] > 2)
        L->listers[ent] = 2;
}

/* Every folder of every kept entry, for the collision checks. */
static void index_folders(lao *L)
{
    bool o = false;
    for (size_t i = 0; i < L->n_ent && !L->oom; i++) {
        const cckit_entry *e = L->e0 + i;
        if (L->r->drop[i])
            continue;
        for (const char *s = strchr(e->name, '/'); s && !L->oom; s = strchr(s + 1, '/')) {
            if (!s[1])
                break;
            char *k = cckit_arena_strndup(L->keys, e->name, (size_t)(s - e->name));
            if (k)
                cckit_idmap_put(L->folders, k, (void *)1, &o);
            L->oom |= !k || o;
        }
    }
}

static bool collect(lao *L)
{
    cckit_rp *r = L->r;
    long *last = malloc((L->n_ent ? L->n_ent : 1) * sizeof *last);
    if (!last) {
        L->oom = true;
        return false;
    }
    for (size_t i = 0; i < L->n_ent; i++)
        last[i] = -1;
    bool o = false;
    for (xmlNodePtr x = xmlDocGetRootElement(r->doc); x && !L->oom; x = cckit_rp_next(x)) {
        if (!cckit_rp_is(r, x, "resource"))
            continue;
        if (L->n_res == L->cap_res) {
            size_t cap = L->cap_res ? 2 * L->cap_res : 64;
            lres *nv = realloc(L->res, cap * sizeof *nv);
            if (!nv) {
                L->oom = true;
                break;
            }
            L->res = nv;
            L->cap_res = cap;
        }
        size_t ri = L->n_res++;
        lres *R = &L->res[ri];
        memset(R, 0, sizeof *R);
        R->node = x;
        R->id = attr(L, x, "identifier");
        char *type = attr(L, x, "type");
        R->kind = type ? cckit_kind_of_type(type, NULL) : CCKIT_KIND_UNKNOWN;
        xmlFree(type);
        R->base = cckit_rp_res_base(r, x);
        size_t bl = R->base ? strlen(R->base) : 0;
        if (bl && R->base[bl - 1] == '/')
            R->base[bl - 1] = '\0';     /* "sub/": the folder sub */
        R->f0 = L->n_files;
        if (R->id)      /* the first holder keeps an identifier (as the validator reads it) */
            cckit_idmap_put(L->ids, R->id, (void *)(ri + 1), &o);
        L->oom |= o;
        for (xmlNodePtr c = x->children; c && !L->oom; c = c->next) {
            if (!cckit_rp_is(r, c, "file"))
                continue;
            if (L->n_files == L->cap_files) {
                size_t cap = L->cap_files ? 2 * L->cap_files : 256;
                lfile *nv = realloc(L->files, cap * sizeof *nv);
                if (!nv) {
                    L->oom = true;
                    break;
                }
                L->files = nv;
                L->cap_files = cap;
            }
            char *href = attr(L, c, "href");
            long ent = href_ent(L, R->base, href);
            xmlFree(href);
            L->files[L->n_files++] = (lfile){ c, ri, ent };
            R->nf++;
            count_lister(L, ent, ri, last);
        }
        char *href = attr(L, x, "href");
        count_lister(L, href_ent(L, R->base, href), ri, last);
        xmlFree(href);
        if (is_lao_kind(R->kind) && R->nf && L->files[R->f0].ent >= 0)
            L->desc[L->files[R->f0].ent] = 1;
    }
    free(last);
    return !L->oom;
}

/* The associated-content resource a <dependency> names, or -1. */
static long dep_ac(lao *L, xmlNodePtr dep)
{
    char *ref = attr(L, dep, "identifierref");
    void *hit = ref ? cckit_idmap_get(L->ids, ref) : NULL;
    xmlFree(ref);
    long a = hit ? (long)((size_t)hit - 1) : -1;
    return a >= 0 && L->res[a].kind == CCKIT_KIND_ASSOCIATED_CONTENT ? a : -1;
}

/* Call fn for each distinct associated-content resource of learning object li. */
#define FOR_EACH_AC(L, li, a)                                                          \
    for (xmlNodePtr d_ = (L)->res[li].node->children; d_; d_ = d_->next)            \
        for (long a = cckit_rp_is((L)->r, d_, "dependency") ? dep_ac(L, d_) : -1; a >= 0; a = -1)

static unsigned line_of(xmlNodePtr n)
{
    long l = xmlGetLineNo(n);
    return l > 0 ? (unsigned)l : 0;
}

static const char *id_of(const lres *R)
{
    return R->id ? R->id : "(no identifier)";
}

static void decline(lao *L, xmlNodePtr at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void decline(lao *L, xmlNodePtr at, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!cckit_rp_decline(L->r, "imsmanifest.xml", line_of(at), "%s", msg))
        L->oom = true;
}

/* Whether the new name p is free: no entry, folder of an entry, or
 * planned name is p, and none of p's folders is a file. */
static bool name_free(lao *L, const char *p)
{
    if (cckit_source_find(L->r->src, p) || cckit_idmap_get(L->folders, p)
        || cckit_idmap_get(L->taken, p))
        return false;
    char buf[4096];
    if (strlen(p) >= sizeof buf)
        return false;
    strcpy(buf, p);
    for (char *s = strchr(buf, '/'); s; s = strchr(s + 1, '/')) {
        *s = '\0';
        const cckit_entry *e = cckit_source_find(L->r->src, buf);
        bool file = (e && !e->is_dir) || cckit_idmap_get(L->taken, buf) == (void *)1;
        *s = '/';
        if (file)
            return false;
    }
    return true;
}

/* Plan entry ent to move to p (malloc'ed, taken) for learning object li. */
static void plan(lao *L, long ent, char *p, size_t li)
{
    bool o = false;
    L->to[ent] = p;
    L->owner[ent] = (long)li;
    cckit_idmap_put(L->taken, p, (void *)1, &o);
    for (char *s = strchr(p, '/'); s && !o; s = strchr(s + 1, '/')) {
        char *k = cckit_arena_strndup(L->keys, p, (size_t)(s - p));
        if (k)
            cckit_idmap_put(L->taken, k, (void *)2, &o);
        o |= !k;
    }
    L->oom |= o;
}

/* R41: a descriptor at the root into a folder of its own. */
static void plan_descriptor(lao *L, size_t li)
{
    lres *R = &L->res[li];
    lfile *f = &L->files[R->f0];
    const char *d = L->e0[f->ent].name;
    const char *slash = strrchr(d, '/');
    if (slash) {
        R->dir = strndup(d, (size_t)(slash - d));
        L->oom |= !R->dir;
        return;
    }
    if (!L->r->move_lao)
        return;
    if (L->listers[f->ent] > 1) {
        long o = L->lister[f->ent];
        decline(L, f->node, "resource '%s': its descriptor '%s' is at the package root, but "
                "%s%s%s lists it too: moving it would change that resource", id_of(R), d,
                o != (long)li ? "resource '" : "another resource", o != (long)li ? id_of(&L->res[o]) : "",
                o != (long)li ? "'" : "");
        return;
    }
    const char *dot = strrchr(d, '.');
    if (!dot || dot == d) {
        decline(L, f->node, "resource '%s': its descriptor '%s' is at the package root, but its "
                "name has no extension to leave out for the folder's name", id_of(R), d);
        return;
    }
    char *stem = cckit_arena_strndup(L->keys, d, (size_t)(dot - d));
    size_t n = strlen(d);
    char *p = stem ? malloc(2 * n + 2) : NULL;
    if (!p) {
        L->oom = true;
        return;
    }
    sprintf(p, "%s/%s", stem, d);
    if (R->base && R->base[0]) {
        free(p);
        decline(L, f->node, "resource '%s': its descriptor '%s' is at the package root, but its "
                "xml:base '%s' is another folder", id_of(R), d, R->base);
        return;
    }
    if (!name_free(L, stem) || !name_free(L, p)) {
        free(p);
        decline(L, f->node, "resource '%s': its descriptor '%s' is at the package root, but the "
                "folder '%s' it would move to is already a name of the package", id_of(R), d, stem);
        return;
    }
    plan(L, f->ent, p, li);
    R->dir = strdup(stem);
    L->oom |= !R->dir;
}

/* R42: the associated content of learning object li into its folder. */
static void plan_ac(lao *L, size_t li)
{
    lres *R = &L->res[li];
    if (!R->dir || !R->dir[0] || !L->r->move_ac)
        return;
    size_t dl = strlen(R->dir);
    FOR_EACH_AC(L, li, a) {
        lres *A = &L->res[a];
        for (size_t k = A->f0; k < A->f0 + A->nf && !L->oom; k++) {
            lfile *f = &L->files[k];
            if (f->ent < 0)
                continue;
            const char *p = L->e0[f->ent].name;
            if (strncmp(p, R->dir, dl) == 0 && p[dl] == '/')
                continue;
            if (L->to[f->ent] && L->owner[f->ent] == (long)li)
                continue;   /* its own descriptor, or listed twice */
            if (A->users > 1) {
                if (!A->said)
                    decline(L, A->node, "associated content '%s' lists '%s', outside the folder "
                            "of '%s', but more than one learning object depends on it: whose "
                            "folder it goes to is a guess", id_of(A), p, id_of(R));
                A->said = true;
                break;
            }
            if (L->listers[f->ent] > 1 || L->to[f->ent]) {
                long o = L->lister[f->ent] == a ? -1 : L->lister[f->ent];
                decline(L, f->node, "associated content '%s' of '%s' lists '%s', outside that "
                        "learning object's folder, but another resource%s%s lists or moves it "
                        "too", id_of(A), id_of(R), p, o >= 0 ? ", " : "", o >= 0 ? id_of(&L->res[o]) : "");
                continue;
            }
            char *np = malloc(dl + strlen(p) + 2);
            if (!np) {
                L->oom = true;
                return;
            }
            sprintf(np, "%s/%s", R->dir, p);
            size_t bl = A->base ? strlen(A->base) : 0;
            if (!A->base || (bl && (strncmp(np, A->base, bl) != 0 || np[bl] != '/'))) {
                decline(L, f->node, "associated content '%s' lists '%s', outside the folder of "
                        "'%s', but its xml:base '%s' does not hold that folder", id_of(A), p,
                        id_of(R), A->base ? A->base : "?");
                free(np);
                continue;
            }
            if (!name_free(L, np)) {
                decline(L, f->node, "associated content '%s' lists '%s', outside the folder of "
                        "its learning object, but its new name '%s' is taken", id_of(A), p, np);
                free(np);
                continue;
            }
            plan(L, f->ent, np, li);
        }
    }
}

/* Leave every move of learning object li (a link it needs cannot be
 * rewritten), saying why. */
static void unplan(lao *L, size_t li, const char *why)
{
    lres *R = &L->res[li];
    R->declined = true;
    for (size_t i = 0; i < L->n_ent; i++)
        if (L->owner[i] == (long)li) {
            free(L->to[i]);
            L->to[i] = NULL;
            L->owner[i] = -1;
        }
    decline(L, R->node, "the moves of '%s' into its folder (R41-R43) are left: %s", id_of(R), why);
}

/* Base names of the moving files, as written and percent-encoded: only
 * a file that holds one may link to a moving file. */
static bool move_names(lao *L, const char ***names, size_t *n)
{
    size_t cap = 0;
    *names = NULL;
    *n = 0;
    for (size_t i = 0; i < L->n_ent; i++)
        if (L->to[i])
            cap += 2;
    if (!cap)
        return true;
    const char **v = cckit_arena_alloc(L->keys, cap * sizeof *v);
    if (!v)
        return false;
    for (size_t i = 0; i < L->n_ent; i++) {
        if (!L->to[i])
            continue;
        const char *b = strrchr(L->e0[i].name, '/');
        b = b ? b + 1 : L->e0[i].name;
        v[(*n)++] = b;
        char *enc = cckit_href_encode(b);
        char *k = enc && strcmp(enc, b) != 0 ? cckit_arena_strdup(L->keys, enc) : NULL;
        free(enc);
        if (k)
            v[(*n)++] = k;
    }
    *names = v;
    return true;
}

/* The href of package path p for a resource whose xml:base is base. */
static char *href_for(const char *base, const char *p)
{
    size_t bl = strlen(base);
    return cckit_href_encode(bl ? p + bl + 1 : p);
}

/* Make the planned moves: hrefs, names, rewritten files, findings. */
static void apply(lao *L, const cckit_rp_relinked *rl, const cckit_rule *row)
{
    cckit_rp *r = L->r;
    const cckit_rule *row_ac = cckit_rule_in(cckit_rules_repair, "repair.ac-moved");
    const cckit_rule *row_ln = cckit_rule_in(cckit_rules_repair, "repair.links-rewritten");
    for (size_t k = 0; k < L->n_files && !L->oom; k++) {
        lfile *f = &L->files[k];
        if (f->ent < 0 || !L->to[f->ent])
            continue;
        lres *R = &L->res[f->res];
        const char *old = L->e0[f->ent].name, *now = L->to[f->ent];
        char *h = href_for(R->base, now);
        if (!h || !xmlSetProp(f->node, (const xmlChar *)"href", (const xmlChar *)h)) {
            free(h);
            L->oom = true;
            return;
        }
        /* the resource's own href, when it names the file */
        char *rh = attr(L, R->node, "href");
        if (rh && href_ent(L, R->base, rh) == f->ent)
            xmlSetProp(R->node, (const xmlChar *)"href", (const xmlChar *)h);
        xmlFree(rh);
        free(h);
        r->doc_changed = true;
        lres *O = &L->res[L->owner[f->ent]];
        bool ok = is_lao_kind(R->kind)
            ? cckit_rp_fix(r, row, false, "imsmanifest.xml", line_of(f->node),
                           "resource '%s' (%s): its descriptor '%s' was at the package root: "
                           "moved into a folder of its own, '%s'", id_of(R),
                           cckit_kind_name(R->kind), old, now)
            : cckit_rp_fix(r, row_ac, false, "imsmanifest.xml", line_of(f->node),
                           "associated content '%s' of '%s' listed '%s', outside that learning "
                           "object's folder '%s': moved to '%s'", id_of(R), id_of(O), old,
                           O->dir, now);
        L->oom |= !ok;
    }
    for (size_t i = 0; i < L->n_ent && !L->oom; i++)
        if (L->to[i]) {
            r->rename[i] = L->to[i];
            L->to[i] = NULL;
        }
    for (size_t k = 0; k < rl->n && !L->oom; k++) {
        const cckit_rp_relink_one *o = &rl->v[k];
        char *buf = xmlMalloc(o->len + 1);
        if (!buf) {
            L->oom = true;
            return;
        }
        memcpy(buf, o->buf, o->len);
        xmlFree(r->repl[o->ent].buf);
        r->repl[o->ent].buf = buf;
        r->repl[o->ent].len = o->len;
        const char *moved = r->rename[o->ent];
        L->oom |= !cckit_rp_fix(r, row_ln, false, L->e0[o->ent].name, o->line,
                                "%zu link value(s) rewritten to keep naming their files after "
                                "the moves (%s)%s%s", o->n_links, o->example ? o->example : "",
                                moved ? "; the file itself moved to " : "", moved ? moved : "");
    }
}

cckit_status cckit_fix_lao_moves(cckit_rp *r, const cckit_rule *row, cckit_error *err)
{
    lao L = { .r = r, .e0 = cckit_source_entry(r->src, 0), .n_ent = cckit_source_count(r->src) };
    size_t n = L.n_ent ? L.n_ent : 1;
    L.owner = malloc(n * sizeof *L.owner);
    L.to = calloc(n, sizeof *L.to);
    L.into = calloc(n, sizeof *L.into);
    L.listers = calloc(n, 1);
    L.lister = calloc(n, sizeof *L.lister);
    L.desc = calloc(n, 1);
    L.ids = cckit_idmap_new();
    L.folders = cckit_idmap_new();
    L.taken = cckit_idmap_new();
    L.keys = cckit_arena_new();
    cckit_rp_relinked rl = { .blame = { -1, -1 } };
    cckit_status st = CCKIT_OK;
    L.oom = !L.owner || !L.to || !L.into || !L.listers || !L.lister || !L.desc || !L.ids || !L.folders
            || !L.taken || !L.keys;
    for (size_t i = 0; !L.oom && i < L.n_ent; i++)
        L.owner[i] = -1;
    if (!L.oom && collect(&L))
        index_folders(&L);
    /* how many learning objects depend on each associated content */
    for (size_t li = 0; li < L.n_res && !L.oom; li++)
        if (is_lao_kind(L.res[li].kind)) {
            long seen[64];
            size_t ns = 0;
            FOR_EACH_AC(&L, li, a) {
                bool dup = false;
                for (size_t s = 0; s < ns && !dup; s++)
                    dup = seen[s] == a;
                if (dup)
                    continue;
                if (ns < 64)
                    seen[ns++] = a;
                L.res[a].users++;
            }
        }
    for (size_t li = 0; li < L.n_res && !L.oom; li++)
        if (is_lao_kind(L.res[li].kind) && L.res[li].nf && L.files[L.res[li].f0].ent >= 0)
            plan_descriptor(&L, li);
    for (size_t li = 0; li < L.n_res && !L.oom; li++)
        if (is_lao_kind(L.res[li].kind))
            plan_ac(&L, li);
    /* the links; a learning object whose moves break a link that cannot
     * be rewritten keeps its files where they are, and the rest is asked
     * again */
    for (;;) {
        const char **names = NULL;
        size_t nn = 0;
        bool any = false;
        for (size_t i = 0; !L.oom && i < L.n_ent && !any; i++)
            any = L.to[i] != NULL;
        if (L.oom || r->oom || !any)
            break;
        if (!move_names(&L, &names, &nn)) {
            L.oom = true;
            break;
        }
        for (size_t i = 0; i < L.n_ent; i++)
            L.into[i] = L.owner[i] >= 0 ? L.res[L.owner[i]].dir : NULL;
        cckit_rp_moves mv = { L.to, L.into, L.desc, names, nn };
        cckit_rp_relinked_free(&rl);
        if ((st = cckit_rp_relink(r, &mv, &rl, err)) != CCKIT_OK)
            break;
        if (rl.all) {
            for (size_t li = 0; li < L.n_res; li++) {
                bool has = false;
                for (size_t i = 0; i < L.n_ent && !has; i++)
                    has = L.owner[i] == (long)li;
                if (has)
                    unplan(&L, li, rl.why);
            }
            break;
        }
        if (rl.blame[0] < 0 && rl.blame[1] < 0) {
            apply(&L, &rl, row);
            break;
        }
        long o0 = rl.blame[0] >= 0 ? L.owner[rl.blame[0]] : -1;
        long o1 = rl.blame[1] >= 0 ? L.owner[rl.blame[1]] : -1;
        if (o0 >= 0)
            unplan(&L, (size_t)o0, rl.why);
        if (o1 >= 0 && o1 != o0)
            unplan(&L, (size_t)o1, rl.why);
        if (o0 < 0 && o1 < 0)
            break;      /* cannot happen: a blamed entry always moves */
    }
    cckit_rp_relinked_free(&rl);
    for (size_t i = 0; i < L.n_res; i++) {
        xmlFree(L.res[i].id);
        free(L.res[i].base);
        free(L.res[i].dir);
    }
    for (size_t i = 0; L.to && i < L.n_ent; i++)
        free(L.to[i]);
    free(L.res);
    free(L.files);
    free(L.owner);
    free(L.to);
    free(L.into);
    free(L.listers);
    free(L.lister);
    free(L.desc);
    cckit_idmap_free(L.ids);
    cckit_idmap_free(L.folders);
    cckit_idmap_free(L.taken);
    cckit_arena_free(L.keys);
    if (st == CCKIT_OK && L.oom)
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    return st;
}
