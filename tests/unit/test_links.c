/*
 * test_links.c - one model: pack's link scanner and the validator's link
 * checker agree on the same page (area, frame, CSS url() in <style>,
 * style attributes and CSS files, white space around an href), and
 * validation of an open cartridge (cckit_validate_cartridge) gives what
 * the path-based cckit_validate gives.
 */
#define _XOPEN_SOURCE 700 /* mkdtemp */
#include "unit.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export/export.h"
#include "validate/validate.h"

static char tmpdir[256];

static int rm_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return -1;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            struct dirent *de;
            while ((de = readdir(d)) != NULL) {
                if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
                    continue;
                char sub[1024];
                snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
                rm_tree(sub);
            }
            closedir(d);
        }
        return rmdir(path);
    }
    return unlink(path);
}

static int put(const char *name, const char *text)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", tmpdir, name);
    FILE *f = fopen(p, "w");
    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f) == 0 ? 0 : -1;
}

/* Every link kind the two used to disagree on, each to a missing file,
 * plus links to files that exist (one with white space around it). */
static const char page[] =
    "<html><head><title>Links</title>\n"
    "<style>body { background: url(\"gone-style.png\") }</style>\n"
    "<link rel=\"stylesheet\" href=\"style.css\">\n"
    "</head>\n"
    "<body style=\"background-image: url(gone-attr.png)\">\n"
    "<map name=\"m\"><area shape=\"rect\" coords=\"0,0,1,1\" href=\"gone-area.html\"></map>\n"
    "<iframe src=\"gone-iframe.html\"></iframe>\n"
    "<a href=\" \f present.html \">here</a>\n"
    "<img src=\"\tpresent.png\n\">\n"
    "<img src=\"gone img.png \">\n"
    "</body></html>\n";

static const char frames[] =
    "<html><frameset><frame src=\"gone-frame.html\"><frame src=\"present.html\"></frameset></html>\n";

static const char manifest[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<manifest identifier=\"m1\" xmlns=\"http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1\">\n"
    "  <metadata><schema>IMS Common Cartridge</schema><schemaversion>1.3.0</schemaversion></metadata>\n"
    "  <organizations/>\n"
    "  <resources>\n"
    "    <resource identifier=\"r1\" type=\"webcontent\" href=\"page.html\">\n"
    "      <file href=\"page.html\"/><file href=\"frames.html\"/>\n"
    "      <file href=\"present.html\"/><file href=\"present.png\"/><file href=\"style.css\"/>\n"
    "    </resource>\n"
    "  </resources>\n"
    "</manifest>\n";

static const char *const missing[] = {
    "gone-style.png", "gone-attr.png", "gone-area.html", "gone-iframe.html", "gone img.png",
    "gone-frame.html", "gone-css.png",
};
#define N_MISSING (sizeof missing / sizeof missing[0])

static int suite_init(void)
{
    const char *t = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/cckit-test-links-XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(tmpdir))
        return -1;
    return put("imsmanifest.xml", manifest) | put("page.html", page) | put("frames.html", frames)
           | put("present.html", "<html><body>ok</body></html>\n")
           | put("present.png", "not really a PNG\n")
           | put("style.css", "/* url(commented-out.png) */\nh1 { background: url( gone-css.png ) }\n");
}

static int suite_clean(void)
{
    rm_tree(tmpdir);
    return 0;
}

/* ---- pack's side: what cckit_html_scan finds ---------------------- */

struct found {
    char *t[32];
    size_t n;
};

static bool on_ref(void *ctx, const char *target, const char *raw, unsigned line,
                   const char *what, bool is_link)
{
    struct found *f = ctx;
    (void)raw, (void)line, (void)what, (void)is_link;
    if (target && f->n < 32)
        f->t[f->n++] = strdup(target);
    return true;
}

static bool has(const struct found *f, const char *t)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->t[i], t) == 0)
            return true;
    return false;
}

static void scan(cckit_source *src, const char *name, struct found *f)
{
    cckit_error err;
    const cckit_entry *e = cckit_source_find(src, name);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_EQUAL(cckit_html_scan(src, e, on_ref, f, NULL, &err), CCKIT_OK);
}

/* ---- the validator's side: links.broken findings ------------------ */

static bool broken(const cckit_validation *v, const char *target)
{
    char want[128];
    snprintf(want, sizeof want, "no file '%s'", target);
    for (size_t i = 0; i < v->diags.n; i++)
        if (strcmp(v->diags.v[i].code, "links.broken") == 0
            && strstr(v->diags.v[i].message, want))
            return true;
    return false;
}

static size_t count_code(const cckit_validation *v, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < v->diags.n; i++)
        n += strcmp(v->diags.v[i].code, code) == 0;
    return n;
}

static bool validate_opts(cckit_validate_options *o)
{
    cckit_validate_options_default(o);
    o->schema_dir = getenv("CCKIT_SCHEMA_DIR");
    if (!o->schema_dir) {
        fprintf(stderr, "\n  skipped: CCKIT_SCHEMA_DIR is not set (make check sets it)\n");
        return false;
    }
    return true;
}

static void test_agree(void)
{
    cckit_validate_options o;
    if (!validate_opts(&o))
        return;
    cckit_source *src = NULL;
    cckit_error err;
    CU_ASSERT_EQUAL_FATAL(cckit_source_open(tmpdir, NULL, NULL, &src, &err), CCKIT_OK);
    struct found f = { {0}, 0 };
    scan(src, "page.html", &f);
    scan(src, "frames.html", &f);
    const cckit_entry *css = cckit_source_find(src, "style.css");
    CU_ASSERT_PTR_NOT_NULL_FATAL(css);
    CU_ASSERT_EQUAL(cckit_css_scan(src, css, on_ref, &f, &err), CCKIT_OK);
    cckit_source_close(src);

    cckit_validation *v = NULL;
    CU_ASSERT_EQUAL_FATAL(cckit_validate(tmpdir, &o, &v, &err), CCKIT_OK);
    for (size_t i = 0; i < N_MISSING; i++) {
        CU_ASSERT(has(&f, missing[i]));       /* pack follows it */
        CU_ASSERT(broken(v, missing[i]));     /* validate checks it */
        if (!has(&f, missing[i]) || !broken(v, missing[i]))
            fprintf(stderr, "\n  disagree on %s: pack %d, validate %d\n", missing[i],
                    has(&f, missing[i]), broken(v, missing[i]));
    }
    /* the links to files that exist: found by pack, fine for validate */
    CU_ASSERT(has(&f, "present.html"));
    CU_ASSERT(has(&f, "present.png"));
    CU_ASSERT_EQUAL(count_code(v, "links.broken"), N_MISSING);
    CU_ASSERT(has(&f, "style.css"));
    CU_ASSERT(!has(&f, "commented-out.png"));
    CU_ASSERT_EQUAL(f.n, N_MISSING + 4);     /* present.html twice, style.css */
    cckit_validation_free(v);
    for (size_t i = 0; i < f.n; i++)
        free(f.t[i]);
}

/* ---- one model: the core on an open cartridge --------------------- */

static bool same(const cckit_validation *a, const cckit_validation *b)
{
    if (a->diags.n != b->diags.n || a->n_files != b->n_files || a->version != b->version
        || a->readable != b->readable)
        return false;
    for (size_t i = 0; i < a->diags.n; i++) {
        const cckit_diag *x = &a->diags.v[i], *y = &b->diags.v[i];
        if (x->severity != y->severity || strcmp(x->code, y->code) != 0 || x->line != y->line
            || strcmp(x->message, y->message) != 0
            || strcmp(x->file ? x->file : "", y->file ? y->file : "") != 0)
            return false;
    }
    return true;
}

static void test_cartridge_core(void)
{
    cckit_validate_options o;
    if (!validate_opts(&o))
        return;
    cckit_error err;
    cckit_validation *v = NULL;
    CU_ASSERT_EQUAL(cckit_validate_cartridge(NULL, &o, &v, &err), CCKIT_E_USAGE);
    CU_ASSERT_PTR_NULL(v);
    for (int strict = 0; strict < 2; strict++) {
        o.strict = strict;
        cckit_validation *by_path = NULL, *by_tree = NULL;
        CU_ASSERT_EQUAL_FATAL(cckit_validate(tmpdir, &o, &by_path, &err), CCKIT_OK);
        cckit_cartridge *cart = NULL;
        CU_ASSERT_EQUAL_FATAL(cckit_cartridge_open(tmpdir, &o.limits, &cart, &err), CCKIT_OK);
        CU_ASSERT_EQUAL_FATAL(cckit_validate_cartridge(cart, &o, &by_tree, &err), CCKIT_OK);
        CU_ASSERT(by_path->diags.n > 0);     /* the broken links at least */
        CU_ASSERT(same(by_path, by_tree));
        CU_ASSERT_STRING_EQUAL(by_tree->path, tmpdir);
        /* twice on the same open cartridge: the same again */
        cckit_validation *again = NULL;
        CU_ASSERT_EQUAL_FATAL(cckit_validate_cartridge(cart, &o, &again, &err), CCKIT_OK);
        CU_ASSERT(same(by_tree, again));
        cckit_validation_free(again);
        cckit_validation_free(by_tree);
        cckit_validation_free(by_path);
        cckit_cartridge_free(cart);
    }
}

/* What convert's single validation of its input relies on: lenient
 * never makes a finding heavier than strict, and no link finding is an
 * error in lenient mode (its lenient verdict skips the links). */
static void test_registry_modes(void)
{
    size_t n = 0;
    for (const cckit_rule *r; (r = cckit_rule_at(n)) != NULL; n++) {
        CU_ASSERT(r->lenient_severity <= r->strict_severity);
        if (strncmp(r->code, "links.", 6) == 0)
            CU_ASSERT(r->lenient_severity != CCKIT_SEV_ERROR);
    }
    CU_ASSERT(n > 100);
}

/* ---- the validator's reading of a page: the order of libxml2's tree */

static bool on_page_link(void *ctx, const char *elem, const char *attr, const char *value,
                         unsigned line)
{
    (void)elem, (void)attr;
    cckit_strbuf_printf(ctx, "%s@%u ", value, line);
    return true;
}

static char *page_links(cckit_source *src, const char *name, cckit_status want)
{
    cckit_page_reader *r = cckit_page_reader_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    const cckit_entry *e = cckit_source_find(src, name);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    cckit_strbuf b;
    cckit_strbuf_init(&b);
    cckit_strbuf_adds(&b, "");
    cckit_limits lim;
    cckit_limits_default(&lim);
    lim.max_xml_elements = 1000;
    cckit_error err;
    CU_ASSERT_EQUAL(cckit_page_links(r, src, e, &lim, on_page_link, &b, &err), want);
    cckit_page_reader_free(r);
    return b.s;
}

static void test_page_order(void)
{
    /* the text of a <style> (any prefix) before the links inside it;
     * the table's attributes in its order, then the style attribute; a
     * prefixed element by its local name */
    CU_ASSERT_EQUAL_FATAL(put("order.html",
        "<html><body>\n"
        "<x:style>p { background: url(s1.png) }<img src=\"in.png\"> url(s2.png)</x:style>\n"
        "<video style=\"background: url(va.png)\" poster=\"p.png\"\n src=\"v.mp4\"></video>\n"
        "<svg:a href=\"svg.html\">x</svg:a>\n"
        "</body></html>\n"), 0);
    /* deeper than libxml2's tree goes (256): the page ends there */
    cckit_strbuf deep;
    cckit_strbuf_init(&deep);
    cckit_strbuf_adds(&deep, "<html><body><img src=\"before.png\">\n");
    for (int i = 0; i < 300; i++)
        cckit_strbuf_adds(&deep, "<div>");
    cckit_strbuf_adds(&deep, "<img src=\"deep.png\"></body></html>\n");
    CU_ASSERT_FATAL(!deep.oom);
    CU_ASSERT_EQUAL_FATAL(put("deep.html", deep.s), 0);
    cckit_strbuf_free(&deep);
    /* more elements than the cap: no link at all */
    cckit_strbuf many;
    cckit_strbuf_init(&many);
    cckit_strbuf_adds(&many, "<html><body><img src=\"first.png\">\n");
    for (int i = 0; i < 1000; i++)
        cckit_strbuf_adds(&many, "<p>x</p>");
    cckit_strbuf_adds(&many, "</body></html>\n");
    CU_ASSERT_FATAL(!many.oom);
    CU_ASSERT_EQUAL_FATAL(put("many.html", many.s), 0);
    cckit_strbuf_free(&many);

    /* past line 65,535: the true line (the tree kept 65,535) */
    cckit_strbuf longp;
    cckit_strbuf_init(&longp);
    cckit_strbuf_adds(&longp, "<html><body>\n");
    for (int i = 0; i < 70000; i++)
        cckit_strbuf_adds(&longp, "\n");
    cckit_strbuf_adds(&longp, "<img src=\"far.png\"></body></html>\n");
    CU_ASSERT_FATAL(!longp.oom);
    CU_ASSERT_EQUAL_FATAL(put("long.html", longp.s), 0);
    cckit_strbuf_free(&longp);

    cckit_source *src = NULL;
    cckit_error err;
    CU_ASSERT_EQUAL_FATAL(cckit_source_open(tmpdir, NULL, NULL, &src, &err), CCKIT_OK);
    char *got = page_links(src, "order.html", CCKIT_OK);
    CU_ASSERT_STRING_EQUAL(got, "s1.png@2 s2.png@2 in.png@2 v.mp4@4 p.png@4 va.png@4 svg.html@5 ");
    free(got);
    got = page_links(src, "deep.html", CCKIT_OK);
    CU_ASSERT_STRING_EQUAL(got, "before.png@1 ");
    free(got);
    got = page_links(src, "many.html", CCKIT_E_LIMIT);
    CU_ASSERT_STRING_EQUAL(got, "");
    free(got);
    got = page_links(src, "long.html", CCKIT_OK);
    CU_ASSERT_STRING_EQUAL(got, "far.png@70002 ");
    free(got);
    cckit_source_close(src);
}

void register_links_tests(void)
{
    CU_pSuite s = CU_add_suite("links and the validation core", suite_init, suite_clean);
    if (!s)
        return;
    CU_add_test(s, "pack and validate agree on a page's links", test_agree);
    CU_add_test(s, "cckit_validate_cartridge = cckit_validate", test_cartridge_core);
    CU_add_test(s, "lenient never heavier than strict", test_registry_modes);
    CU_add_test(s, "the validator reads a page's links in its tree's order", test_page_order);
}
