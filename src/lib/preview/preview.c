/* preview.c - cckit_preview(): a static, offline site of a cartridge.
 *
 * Order: open the cartridge (an unreadable or unsafe one fails before
 * anything is written), number the pages (item-N.html in outline order,
 * res-N.html for a resource no item reaches: N is its place among the
 * resources), make the temporary folder beside DIR, copy the cartridge's
 * files under content/ (preview_copy.c: the broken links of each page are
 * known after it), write the stylesheet, index.html and the pages, and
 * rename the folder to DIR.  File names of generated pages are ours,
 * never the cartridge's. */
#include "config.h"
#include "preview/preview.h"
#include "content/html_deps.h"
#include "report/html_page.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

void cckit_preview_options_default(cckit_preview_options *opt)
{
    memset(opt, 0, sizeof *opt);
    cckit_limits_default(&opt->limits);
}

static const char *kind_label(cckit_kind k)
{
    switch (k) {
    case CCKIT_KIND_WEBCONTENT: return "Web content";
    case CCKIT_KIND_ASSOCIATED_CONTENT: return "Associated content";
    case CCKIT_KIND_DISCUSSION: return "Discussion";
    case CCKIT_KIND_WEBLINK: return "Web link";
    case CCKIT_KIND_ASSESSMENT: return "Assessment";
    case CCKIT_KIND_QUESTION_BANK: return "Question bank";
    case CCKIT_KIND_LTI_LINK: return "LTI link";
    case CCKIT_KIND_ASSIGNMENT: return "Assignment";
    case CCKIT_KIND_EPUB: return "EPUB";
    case CCKIT_KIND_APIP: return "APIP";
    case CCKIT_KIND_IWB: return "Interactive whiteboard";
    case CCKIT_KIND_OPEN_VIDEO: return "Open video";
    case CCKIT_KIND_QTI3: return "QTI 3 package";
    default: return "Resource of an unknown type";
    }
}

/* Styles of the generated pages, after the shared ones. */
static const char preview_css[] =
    "html,body{height:100%}\n"
    ".pv-layout{display:grid;grid-template-columns:minmax(14rem,22rem) 1fr;gap:1rem;padding:0 1rem;"
    "height:calc(100vh - 7rem)}\n"
    ".pv-nav{overflow:auto;padding:0;margin:0;max-width:none;border-right:1px solid #c8c8c8}"
    ".pv-nav ul{list-style:none;margin:0;padding-left:1rem}.pv-nav>ul{padding-left:0}"
    ".pv-nav li{margin:.15rem 0}.pv-nav a[aria-current]{font-weight:700;background:#e8f0fe}"
    ".pv-nav summary{cursor:pointer;font-weight:600}\n"
    ".pv-main{max-width:none;padding:0;margin:0}.pv-pane{width:100%;height:100%;border:1px solid #c8c8c8}\n"
    ".pv-content{width:100%;height:70vh;border:1px solid #c8c8c8}\n"
    ".broken,.cckit-broken{color:#a4000f;text-decoration:line-through}.remote{color:#4a4a4a}\n"
    ".q{border:1px solid #c8c8c8;border-radius:.3rem;padding:.5rem 1rem;margin:1rem 0}"
    ".choices{list-style:none;padding-left:0}.choices li{margin:.3rem 0;padding:.2rem .4rem}"
    ".choices li.correct{background:#e6f4ea}.feedback{border-left:4px solid #c8c8c8;padding-left:.6rem;"
    "margin:.4rem 0}.answer-box{border:1px dashed #767676;padding:.4rem;color:#4a4a4a}\n"
    ".rich.plain{white-space:pre-wrap}.rich img{max-width:100%}\n"
    "dl.facts dt{font-weight:700}dl.facts dd{margin:0 0 .4rem 1rem}\n";

static const char index_script[] =
    "var links=document.querySelectorAll('nav a[target=\"pane\"]');\n"
    "for(var i=0;i<links.length;i++)links[i].addEventListener('click',function(ev){\n"
    "  var cur=document.querySelectorAll('nav [aria-current]');\n"
    "  for(var j=0;j<cur.length;j++)cur[j].removeAttribute('aria-current');\n"
    "  ev.currentTarget.setAttribute('aria-current','page');\n"
    "});\n";

static const char *item_title(const cckit_item *it)
{
    return it->title && *it->title ? it->title : "Untitled item";
}

/* The package path of a resource's main file: its href (under its
 * xml:base), else its first file; malloc'd, NULL if none. */
static char *main_file(pv_ctx *c, const cckit_resource *r)
{
    const char *h = r->href ? r->href : r->n_files ? r->files[0].href : NULL;
    if (!h)
        return NULL;
    char *p = NULL;
    const char *base = r->xml_base ? r->xml_base : "";
    cckit_href_status st = cckit_href_resolve_ex(base, h, 0, &p);
    if (st != CCKIT_HREF_OK) {
        free(p);
        p = NULL;
        c->oom |= st == CCKIT_HREF_NOMEM;
        if ((st = cckit_href_resolve_ex(base, h, CCKIT_HREF_LITERAL, &p)) != CCKIT_HREF_OK) {
            c->oom |= st == CCKIT_HREF_NOMEM;
            free(p);
            return NULL;
        }
    }
    return p;
}

/* A resolved href of a resource's file (malloc'd), NULL when it is
 * none; out of memory is latched in c. */
static char *file_path(pv_ctx *c, const cckit_resource *r, const char *href)
{
    char *p = NULL;
    cckit_href_status st = cckit_href_resolve_ex(r->xml_base ? r->xml_base : "", href, 0, &p);
    c->oom |= st == CCKIT_HREF_NOMEM;
    if (st != CCKIT_HREF_OK) {
        free(p);
        return NULL;
    }
    return p;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcasecmp(s + a - b, suffix);
}

static void file_link(pv_ctx *c, FILE *out, const char *path)
{
    char *enc = cckit_href_encode(path);
    c->oom |= !enc;
    fputs("<a href=\"content/", out);
    cckit_html_escape(out, enc ? enc : "");
    fputs("\">", out);
    cckit_html_escape(out, path);
    fputs("</a>", out);
    free(enc);
}

static void file_list(pv_ctx *c, FILE *out, const cckit_resource *r)
{
    if (!r->n_files)
        return;
    fprintf(out, "<details><summary>Files (%zu)</summary><ul>\n", r->n_files);
    for (size_t i = 0; i < r->n_files; i++) {
        char *p = file_path(c, r, r->files[i].href);
        fputs("<li>", out);
        if (p && c->src && cckit_source_find(c->src, p))
            file_link(c, out, p);
        else {
            fputs("<span class=\"broken\">", out);
            cckit_html_escape(out, r->files[i].href);
            fputs("</span> (not in the cartridge)", out);
        }
        free(p);
        fputs("</li>\n", out);
    }
    fputs("</ul></details>\n", out);
}

static void broken_list(pv_ctx *c, FILE *out, const char *file)
{
    const pv_broken *b = pv_broken_of(c, file);
    if (!b || !b->n)
        return;
    fprintf(out, "<section aria-labelledby=\"broken\"><h2 id=\"broken\">Broken links (%zu)</h2>"
            "<p>These links of <code>", b->n);
    cckit_html_escape(out, file);
    fputs("</code> name no file of the cartridge:</p><ul>\n", out);
    if (b->list.s)
        fwrite(b->list.s, 1, b->list.len, out);
    fputs("</ul></section>\n", out);
}

/* Web content and associated content: the page in a sandboxed frame. */
static cckit_status write_web(pv_ctx *c, FILE *out, const cckit_resource *r, const char *title)
{
    char *p = main_file(c, r);
    if (r->kind == CCKIT_KIND_ASSOCIATED_CONTENT)
        for (size_t i = 0; i < r->n_files; i++)
            if (ends_with(r->files[i].href, "assignment_settings.xml")) {
                char *a = file_path(c, r, r->files[i].href);
                if (a)
                    pv_write_assignment(c, out, r, a);
                free(a);
                break;
            }
    if (!p) {
        if (!r->n_files)
            fputs("<p>This resource has no file.</p>\n", out);
    } else if (!c->src || !cckit_source_find(c->src, p)) {
        fputs("<p class=\"broken\"><span class=\"badge error\">missing</span> The page <code>", out);
        cckit_html_escape(out, p);
        fputs("</code> is not in the cartridge.</p>\n", out);
    } else {
        char *enc = cckit_href_encode(p);
        c->oom |= !enc;
        if (ends_with(p, ".html") || ends_with(p, ".htm") || ends_with(p, ".xhtml")) {
            /* No allow-scripts: nothing of the page runs (its policy <meta>
             * says so too).  allow-same-origin only because Chromium lets an
             * opaque-origin frame load no file: at all, so opened from disk
             * the page would lose its own images and styles; without
             * scripts the origin gives the page nothing to act with. */
            fputs("<iframe class=\"pv-content\" sandbox=\"allow-same-origin\" src=\"content/", out);
            cckit_html_escape(out, enc ? enc : "");
            fputs("\" title=\"", out);
            cckit_html_escape(out, title);
            fputs("\"></iframe>\n<p class=\"muted\">Page <code>", out);
            cckit_html_escape(out, p);
            fputs("</code> (its scripts do not run; nothing is loaded from the network).</p>\n", out);
            broken_list(c, out, p);
        } else if (ends_with(p, ".png") || ends_with(p, ".jpg") || ends_with(p, ".jpeg") ||
                   ends_with(p, ".gif") || ends_with(p, ".svg") || ends_with(p, ".webp")) {
            fputs("<p><img class=\"rich\" src=\"content/", out);
            cckit_html_escape(out, enc ? enc : "");
            fputs("\" alt=\"", out);
            cckit_html_escape(out, title);
            fputs("\"></p>\n", out);
        } else {
            fputs("<p>File: ", out);
            file_link(c, out, p);
            fputs("</p>\n", out);
        }
        free(enc);
    }
    free(p);
    file_list(c, out, r);
    return CCKIT_OK;
}

static cckit_status write_resource(pv_ctx *c, FILE *out, const cckit_resource *r, const char *title)
{
    char *file = main_file(c, r);
    cckit_status st = CCKIT_OK;
    switch (r->kind) {
    case CCKIT_KIND_WEBCONTENT:
    case CCKIT_KIND_ASSOCIATED_CONTENT:
        st = write_web(c, out, r, title);
        break;
    case CCKIT_KIND_ASSESSMENT:
    case CCKIT_KIND_QUESTION_BANK:
        st = pv_write_qti(c, out, r, file);
        break;
    case CCKIT_KIND_DISCUSSION:
        st = pv_write_discussion(c, out, r, file);
        break;
    case CCKIT_KIND_WEBLINK:
        st = pv_write_weblink(c, out, r, file);
        break;
    case CCKIT_KIND_LTI_LINK:
        st = pv_write_lti(c, out, r, file);
        break;
    case CCKIT_KIND_ASSIGNMENT:
        st = pv_write_assignment(c, out, r, file);
        file_list(c, out, r);
        break;
    default:
        fputs("<p>cckit does not show this kind of resource; its files:</p>\n", out);
        file_list(c, out, r);
        break;
    }
    free(file);
    return st;
}

static void resource_line(FILE *out, const cckit_resource *r)
{
    fputs("<p class=\"muted\">", out);
    cckit_html_escape(out, kind_label(r->kind));
    fputs(" &middot; resource <code>", out);
    cckit_html_escape(out, r->identifier ? r->identifier : "");
    fputs("</code> (<code>", out);
    cckit_html_escape(out, r->type ? r->type : "no type");
    fputs("</code>)</p>\n", out);
}

static cckit_status write_item_page(pv_ctx *c, size_t n)
{
    const cckit_item *it = c->items[n];
    char name[64];
    snprintf(name, sizeof name, "item-%zu.html", n + 1);
    FILE *f = pv_create(c, name);
    if (!f)
        return c->err->status;
    cckit_html_page pg;
    cckit_html_begin_site(&pg, f, item_title(it), PV_POLICY, "preview.css", false);
    fputs("<header>", f);
    /* The item's place in the outline, as the learner sees it. */
    size_t depth = 0;
    for (const cckit_item *p = it->parent; p; p = p->parent)
        if (p->title)
            depth++;
    if (depth) {
        fputs("<p class=\"muted\">", f);
        const cckit_item **chain = calloc(depth, sizeof *chain);
        c->oom |= !chain;
        size_t k = 0;
        for (const cckit_item *p = it->parent; p && chain; p = p->parent)
            if (p->title)
                chain[k++] = p;
        for (size_t i = k; chain && i-- > 0;) {
            cckit_html_escape(f, chain[i]->title);
            if (i)
                fputs(" &rsaquo; ", f);
        }
        free(chain);
        fputs("</p>", f);
    }
    fputs("<h1>", f);
    cckit_html_escape(f, item_title(it));
    fputs("</h1>\n", f);
    cckit_status st = CCKIT_OK;
    if (!it->resource) {
        fputs("</header>\n<main>\n<p class=\"broken\"><span class=\"badge error\">broken</span> This item "
              "points at the resource <code>", f);
        cckit_html_escape(f, it->identifierref);
        fputs("</code>, which the cartridge does not have.</p>\n", f);
    } else {
        resource_line(f, it->resource);
        fputs("</header>\n<main>\n", f);
        st = write_resource(c, f, it->resource, item_title(it));
    }
    fputs("</main>\n", f);
    if (cckit_html_end(&pg, NULL) != 0 && st == CCKIT_OK)
        st = cckit_fail(c->err, CCKIT_E_IO, "cannot write '%s'", name);
    cckit_status cs = pv_close(c, f, name);
    return st != CCKIT_OK ? st : cs;
}

static char *resource_title(pv_ctx *c, const cckit_resource *r)
{
    char *p = main_file(c, r);
    const char *id = r->identifier ? r->identifier : "?";
    size_t n = strlen(id) + (p ? strlen(p) : 0) + 64;
    char *t = malloc(n);
    if (t) {
        if (p)
            snprintf(t, n, "%s: %s", kind_label(r->kind), p);
        else
            snprintf(t, n, "%s %s", kind_label(r->kind), id);
    }
    free(p);
    return t;
}

static cckit_status write_res_page(pv_ctx *c, const cckit_resource *r)
{
    char name[64];
    snprintf(name, sizeof name, "res-%zu.html", r->index + 1);
    char *title = resource_title(c, r);
    if (!title)
        return cckit_fail(c->err, CCKIT_E_NOMEM, "out of memory");
    FILE *f = pv_create(c, name);
    if (!f) {
        free(title);
        return c->err->status;
    }
    cckit_html_page pg;
    cckit_html_begin_site(&pg, f, title, PV_POLICY, "preview.css", false);
    fputs("<header><p class=\"muted\">Not in the outline</p><h1>", f);
    cckit_html_escape(f, title);
    fputs("</h1>\n", f);
    resource_line(f, r);
    fputs("</header>\n<main>\n", f);
    cckit_status st = write_resource(c, f, r, title);
    fputs("</main>\n", f);
    if (cckit_html_end(&pg, NULL) != 0 && st == CCKIT_OK)
        st = cckit_fail(c->err, CCKIT_E_IO, "cannot write '%s'", name);
    cckit_status cs = pv_close(c, f, name);
    free(title);
    return st != CCKIT_OK ? st : cs;
}

/* The outline under `first`, numbering pages as the items were. */
static void tree(pv_ctx *c, FILE *f, const cckit_item *first, size_t *next)
{
    fputs("<ul>\n", f);
    for (const cckit_item *it = first; it; it = it->next) {
        fputs("<li>", f);
        bool page = *next < c->n_items && c->items[*next] == it;
        if (it->first_child) {
            fputs("<details open><summary>", f);
            cckit_html_escape(f, item_title(it));
            fputs("</summary>\n", f);
            if (page) {
                fprintf(f, "<ul><li><a href=\"item-%zu.html\" target=\"pane\"%s>", *next + 1,
                        *next == 0 ? " aria-current=\"page\"" : "");
                cckit_html_escape(f, item_title(it));
                fputs("</a></li></ul>\n", f);
                ++*next;
            }
            tree(c, f, it->first_child, next);
            fputs("</details>", f);
        } else if (page) {
            fprintf(f, "<a href=\"item-%zu.html\" target=\"pane\"%s>", *next + 1,
                    *next == 0 ? " aria-current=\"page\"" : "");
            cckit_html_escape(f, item_title(it));
            fputs("</a>", f);
            ++*next;
        } else {
            cckit_html_escape(f, item_title(it));
            fputs(" <span class=\"muted\">(empty)</span>", f);
        }
        fputs("</li>\n", f);
    }
    fputs("</ul>\n", f);
}

/* The outline's top: below a root item that shows nothing (CC's one
 * root), its children. */
static const cckit_item *top_of(const cckit_manifest *m)
{
    const cckit_organization *o = m->organization;
    if (!o || !o->first_item)
        return NULL;
    const cckit_item *t = o->first_item;
    if (!t->next && !t->identifierref && t->first_child)
        return t->first_child;
    return t;
}

static cckit_status write_index(pv_ctx *c)
{
    const cckit_manifest *m = c->m;
    const char *title = m->metadata.title && *m->metadata.title ? m->metadata.title
                        : m->organization && m->organization->title ? m->organization->title
                        : "Untitled cartridge";
    FILE *f = pv_create(c, "index.html");
    if (!f)
        return c->err->status;
    cckit_html_page pg;
    cckit_html_begin_site(&pg, f, title, PV_POLICY, "preview.css", true);
    fputs("<a class=\"skip\" href=\"#pane\">Skip to the content</a>\n<header><h1>", f);
    cckit_html_escape(f, title);
    fprintf(f, "</h1><p class=\"muted\">%sCommon Cartridge %s &middot; %zu items &middot; "
            "preview by cckit: scripts of the cartridge do not run, nothing is loaded from the "
            "network</p></header>\n",
            m->thin ? "Thin " : "", cckit_cc_version_string(m->version), c->n_items);
    fputs("<div class=\"pv-layout\">\n<nav class=\"pv-nav\" aria-label=\"Course outline\">\n"
          "<h2>Outline</h2>\n", f);
    size_t next = 0;
    const cckit_item *top = top_of(m);
    if (top)
        tree(c, f, top, &next);
    else
        fputs("<p>The cartridge has no outline (organization).</p>\n", f);
    fprintf(f, "<h2>Not in the outline (%zu)</h2>\n", c->sum.unreached);
    if (c->sum.unreached) {
        fputs("<ul>\n", f);
        for (size_t i = 0; i < m->n_resources; i++) {
            if (c->res_item[i])
                continue;
            char *t = resource_title(c, m->resources[i]);
            c->oom |= !t;
            fprintf(f, "<li><a href=\"res-%zu.html\" target=\"pane\">", i + 1);
            cckit_html_escape(f, t ? t : "");
            fputs("</a></li>\n", f);
            free(t);
        }
        fputs("</ul>\n", f);
    } else {
        fputs("<p>Every resource is reached by an item.</p>\n", f);
    }
    fputs("</nav>\n<main class=\"pv-main\">\n<iframe class=\"pv-pane\" id=\"pane\" name=\"pane\" "
          "title=\"The selected item\" src=\"", f);
    fputs(c->n_items ? "item-1.html" : c->sum.unreached ? "" : "about:blank", f);
    if (!c->n_items && c->sum.unreached)
        for (size_t i = 0; i < m->n_resources; i++)
            if (!c->res_item[i]) {
                fprintf(f, "res-%zu.html", i + 1);
                break;
            }
    fputs("\"></iframe>\n</main>\n</div>\n", f);
    cckit_status st = cckit_html_end(&pg, index_script) != 0
                          ? cckit_fail(c->err, CCKIT_E_IO, "cannot write 'index.html'") : CCKIT_OK;
    cckit_status cs = pv_close(c, f, "index.html");
    return st != CCKIT_OK ? st : cs;
}

static cckit_status write_css(pv_ctx *c)
{
    FILE *f = pv_create(c, "preview.css");
    if (!f)
        return c->err->status;
    fputs(cckit_html_css(), f);
    fputs(preview_css, f);
    return pv_close(c, f, "preview.css");
}

/* Items with a page, in outline order; which resources they reach. */
static cckit_status plan(pv_ctx *c)
{
    const cckit_manifest *m = c->m;
    c->res_item = calloc(m->n_resources ? m->n_resources : 1, sizeof *c->res_item);
    c->items = calloc(m->n_items ? m->n_items : 1, sizeof *c->items);
    if (!c->res_item || !c->items)
        return cckit_fail(c->err, CCKIT_E_NOMEM, "out of memory");
    const cckit_item *top = top_of(m);
    /* Document order of the tree below top, as tree() walks it. */
    for (const cckit_item *it = top; it; it = cckit_item_next(it)) {
        if (it->depth < (top ? top->depth : 0))
            break;
        if (!it->identifierref || c->n_items >= m->n_items)
            continue;
        c->items[c->n_items++] = it;
        if (it->resource && !c->res_item[it->resource->index])
            c->res_item[it->resource->index] = c->n_items;
    }
    /* A dependency of a resource an item reaches is reached too (a page's
     * style sheet, a quiz's images): breadth first, no recursion. */
    size_t *queue = malloc((m->n_resources ? m->n_resources : 1) * sizeof *queue);
    if (!queue)
        return cckit_fail(c->err, CCKIT_E_NOMEM, "out of memory");
    size_t head = 0, tail = 0;
    for (size_t i = 0; i < m->n_resources; i++)
        if (c->res_item[i])
            queue[tail++] = i;
    while (head < tail) {
        const cckit_resource *r = m->resources[queue[head++]];
        for (size_t k = 0; k < r->n_deps; k++) {
            const cckit_resource *d = r->deps[k].resource;
            if (d && !c->res_item[d->index]) {
                c->res_item[d->index] = c->res_item[r->index];
                queue[tail++] = d->index;
            }
        }
    }
    free(queue);
    for (size_t i = 0; i < m->n_resources; i++)
        if (!c->res_item[i])
            c->sum.unreached++;
    /* The site is a copy of the package plus a page per item and per
     * unreached resource: it is held to the package's cap on files. */
    uint64_t files = (uint64_t)c->n_items + c->sum.unreached + 2 +
                     (c->src ? cckit_source_count(c->src) : 0);
    if (c->lim->max_entries && files > c->lim->max_entries)
        return cckit_fail_limit(c->err, CCKIT_LIMIT_ENTRIES,
                                cckit_fail(c->err, CCKIT_E_LIMIT,
                                           "the preview would write %llu files (a page per item and per "
                                           "resource not in the outline, and the cartridge's files), "
                                           "more than the limit of %llu",
                                           (unsigned long long)files,
                                           (unsigned long long)c->lim->max_entries));
    return CCKIT_OK;
}

cckit_status cckit_preview(const char *in, const char *out_dir, const cckit_preview_options *opt,
                           cckit_error *err)
{
    cckit_preview_options defaults;
    cckit_error local;
    if (!opt) {
        cckit_preview_options_default(&defaults);
        opt = &defaults;
    }
    if (!err)
        err = &local;
    memset(err, 0, sizeof *err);
    if (!in || !out_dir || !*out_dir)
        return cckit_fail(err, CCKIT_E_USAGE, "no cartridge or no output folder given");

    cckit_xml_scope xs;
    cckit_xml_enter(&xs);
    pv_ctx c;
    memset(&c, 0, sizeof c);
    c.err = err;
    c.lim = &opt->limits;
    c.root = -1;
    cckit_cancel_begin(&c.cancel, opt->cancel);
    pv_dir d;
    memset(&d, 0, sizeof d);
    d.parent = -1;

    cckit_status st = cckit_cartridge_open(in, &opt->limits, &c.cart, err);
    if (st != CCKIT_OK)
        goto out;
    c.src = c.cart->source;
    c.m = c.cart->manifest;
    if ((st = plan(&c)) != CCKIT_OK)
        goto out;
    if ((st = pv_dir_begin(&d, out_dir, opt->force, &c.root, err)) != CCKIT_OK)
        goto out;
    if ((st = pv_copy_content(&c)) != CCKIT_OK || (st = write_css(&c)) != CCKIT_OK ||
        (st = write_index(&c)) != CCKIT_OK)
        goto out;
    for (size_t i = 0; i < c.n_items && st == CCKIT_OK; i++) {
        if (cckit_cancelled(&c.cancel))
            st = cckit_fail(err, CCKIT_E_IO, "interrupted");
        else
            st = write_item_page(&c, i);
    }
    for (size_t i = 0; i < c.m->n_resources && st == CCKIT_OK; i++) {
        if (cckit_cancelled(&c.cancel))
            st = cckit_fail(err, CCKIT_E_IO, "interrupted");
        else if (!c.res_item[i])
            st = write_res_page(&c, c.m->resources[i]);
    }
    if (st == CCKIT_OK && cckit_cancelled(&c.cancel))
        st = cckit_fail(err, CCKIT_E_IO, "interrupted");
    if (st == CCKIT_OK && c.oom)
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    if (st != CCKIT_OK)
        goto out;
    if (c.root >= 0) {
        close(c.root);
        c.root = -1;
    }
    if ((st = pv_dir_commit(&d, out_dir, err)) != CCKIT_OK)
        goto out;
    c.sum.items = c.n_items;
    if (opt->summary)
        *opt->summary = c.sum;
out:
    if (c.root >= 0)
        close(c.root);
    pv_dir_abort(&d);
    for (size_t i = 0; i < c.n_broken; i++)
        cckit_strbuf_free(&c.broken[i].list);
    free(c.broken);
    free(c.items);
    free(c.res_item);
    cckit_cartridge_free(c.cart);
    cckit_xml_leave(&xs);
    return st;
}
