/* checks.c - the check vocabulary of import models (doc/import-models.md):
 * one function a check, finding its occurrences in one scan of a
 * cartridge, registered in one table.  A model names checks; the loader
 * refuses a name that is not in this table.  The checks never judge:
 * whether an occurrence fails, loses or is fine is the model's to say. */
#include "compat/compat.h"
#include <stdlib.h>
#include <string.h>

bool cckit_hit_add(const cckit_scan *s, cckit_hits *h, const cckit_hit *x)
{
    cckit_hit *nv = cckit_arena_push(s->arena, h->v, h->n, sizeof *nv);
    if (!nv)
        return false;
    h->v = nv;
    h->v[h->n++] = *x;
    return true;
}

static const cckit_manifest *mf(const cckit_scan *s)
{
    return s->cart ? s->cart->manifest : NULL;
}

static cckit_hit res_hit(const cckit_scan *s, const cckit_resource *r, const char *detail)
{
    cckit_hit x = { s->res_title[r->index], r->identifier, r->pos.file, r->pos.line, detail };
    return x;
}

static bool is_manifest_schema_code(const cckit_diag *d)
{
    return !strncmp(d->code, "xsd.", 4) && strcmp(d->code, "xsd.no-schema")
           && strcmp(d->code, "xsd.schema-unavailable") && strcmp(d->code, "xsd.embedded-descriptor")
           && strncmp(d->code, "xsd.descriptor", 14);
}

/* The validator marks the manifest schema-invalid; an XSD error that a
 * profile rule also reports is that rule's finding (one defect, one
 * finding), so the XSD's own findings may be fewer than its errors. */
static bool c_manifest_schema_error(const cckit_scan *s, cckit_hits *out)
{
    const cckit_manifest *m = mf(s);
    if (!m || !s->val)
        return true;
    bool invalid = false;
    for (size_t i = 0; i < s->val->n_files; i++) {
        const cckit_checked_file *f = &s->val->files[i];
        if (f->role && !strcmp(f->role, "manifest") && f->schema && !f->schema_valid)
            invalid = true;
    }
    size_t before = out->n;
    for (size_t i = 0; i < s->val->diags.n; i++) {
        const cckit_diag *d = &s->val->diags.v[i];
        if (d->file && !strcmp(d->file, m->file) && is_manifest_schema_code(d)) {
            cckit_hit x = { NULL, NULL, d->file, d->line, d->message };
            if (!cckit_hit_add(s, out, &x))
                return false;
        }
    }
    if (invalid && out->n == before) {
        cckit_hit x = { NULL, NULL, m->file, 0,
                        "the manifest fails its version's XML Schema (cckit validate names "
                        "each error)" };
        return cckit_hit_add(s, out, &x);
    }
    return true;
}

static bool c_manifest_not_at_root(const cckit_scan *s, cckit_hits *out)
{
    if (s->cart || s->open_status != CCKIT_E_NOMANIFEST || !strstr(s->open_error, "found"))
        return true;
    cckit_hit x = { NULL, NULL, NULL, 0, s->open_error };
    return cckit_hit_add(s, out, &x);
}

static bool c_authorizations(const cckit_scan *s, cckit_hits *out)
{
    const cckit_manifest *m = mf(s);
    if (!m || !m->authorization)
        return true;
    cckit_hit x = { NULL, NULL, m->file, m->authorization->pos.line,
                    "the manifest has <authorizations>" };
    return cckit_hit_add(s, out, &x);
}

static bool c_empty_organization(const cckit_scan *s, cckit_hits *out)
{
    const cckit_manifest *m = mf(s);
    if (!m)
        return true;
    const cckit_organization *o = m->organization;
    bool empty = !o || !o->first_item
                 || (o->n_items <= 1 && o->first_item->n_children == 0
                     && !o->first_item->identifierref);
    if (!empty)
        return true;
    cckit_hit x = { NULL, NULL, m->file, o ? o->pos.line : 0,
                    o ? "the organization has no item" : "the manifest has no organization" };
    return cckit_hit_add(s, out, &x);
}

/* The package path of a resource's file, or NULL when the package lacks
 * it (read either way: decoded, then literally, as the validator does). */
static bool file_present(const cckit_scan *s, const cckit_resource *r, const char *href)
{
    const char *base = r->xml_base ? r->xml_base : "";
    char *path = NULL;
    bool ok = false;
    if (cckit_href_resolve_ex(base, href, 0, &path) == CCKIT_HREF_OK && path)
        ok = cckit_source_find(s->cart->source, path) != NULL;
    free(path);
    path = NULL;
    if (!ok && cckit_href_resolve_ex(base, href, CCKIT_HREF_LITERAL, &path) == CCKIT_HREF_OK
        && path)
        ok = cckit_source_find(s->cart->source, path) != NULL;
    free(path);
    return ok;
}

static bool c_missing_file(const cckit_scan *s, cckit_hits *out)
{
    const cckit_manifest *m = mf(s);
    if (!m || !s->cart->source)
        return true;
    for (size_t i = 0; i < m->n_resources; i++) {
        const cckit_resource *r = m->resources[i];
        for (size_t j = 0; j < r->n_files; j++) {
            const char *href = r->files[j].href;
            if (!href || !*href || strstr(href, "://") || file_present(s, r, href))
                continue;
            cckit_hit x = res_hit(s, r, href);
            x.file = r->files[j].pos.file;
            x.line = r->files[j].pos.line;
            if (!cckit_hit_add(s, out, &x))
                return false;
        }
    }
    return true;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static bool c_href_encoding_ambiguous(const cckit_scan *s, cckit_hits *out)
{
    if (!s->cart || !s->cart->source)
        return true;
    const cckit_source *src = s->cart->source;
    size_t n = cckit_source_count(src);
    for (size_t i = 0; i < n; i++) {
        const char *name = cckit_source_entry(src, i)->name;
        if (!strchr(name, '%'))
            continue;
        size_t len = strlen(name);
        char *dec = cckit_arena_alloc(s->arena, len + 1), *o = dec;
        if (!dec)
            return false;
        for (const char *p = name; *p; p++) {
            int h, l;
            if (*p == '%' && (h = hexval(p[1])) >= 0 && (l = hexval(p[2])) >= 0 && (h || l)) {
                *o++ = (char)(h * 16 + l);
                p += 2;
            } else {
                *o++ = *p;
            }
        }
        *o = '\0';
        if (strcmp(dec, name) && cckit_source_find(src, dec)) {
            char *d = cckit_arena_alloc(s->arena, 2 * len + 16);
            if (!d)
                return false;
            snprintf(d, 2 * len + 16, "%s and %s", dec, name);
            cckit_hit x = { NULL, NULL, name, 0, d };
            if (!cckit_hit_add(s, out, &x))
                return false;
        }
    }
    return true;
}

typedef bool (*res_pred)(const cckit_resource *r);

static bool each_resource(const cckit_scan *s, cckit_hits *out, res_pred p, const char *detail)
{
    const cckit_manifest *m = mf(s);
    for (size_t i = 0; m && i < m->n_resources; i++)
        if (p(m->resources[i])) {
            cckit_hit x = res_hit(s, m->resources[i], detail);
            if (!cckit_hit_add(s, out, &x))
                return false;
        }
    return true;
}

static bool is_syllabus(const cckit_resource *r)
{
    return r->intendeduse && !strcmp(r->intendeduse, "syllabus");
}
static bool c_intendeduse_syllabus(const cckit_scan *s, cckit_hits *out)
{
    return each_resource(s, out, is_syllabus, "intendeduse=\"syllabus\"");
}

static bool has_csm(const cckit_resource *r)
{
    return r->has_csm;
}
static bool c_curriculum_standards(const cckit_scan *s, cckit_hits *out)
{
    return each_resource(s, out, has_csm, "curriculum standards metadata");
}

static bool is_lti(const cckit_resource *r)
{
    return r->kind == CCKIT_KIND_LTI_LINK;
}
static bool c_lti_link(const cckit_scan *s, cckit_hits *out)
{
    return each_resource(s, out, is_lti, "an LTI link");
}

static bool is_bank(const cckit_resource *r)
{
    return r->kind == CCKIT_KIND_QUESTION_BANK;
}
static bool c_question_banks(const cckit_scan *s, cckit_hits *out)
{
    return each_resource(s, out, is_bank, "a question bank");
}

/* Emoji and characters outside the Basic Multilingual Plane: 4-byte
 * UTF-8, or the BMP's symbol and dingbat blocks (U+2600-U+27BF). */
static bool special_chars(const char *t)
{
    for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
        if (*p >= 0xF0)
            return true;
        if (p[0] == 0xE2 && p[1] >= 0x98 && p[1] <= 0x9E)
            return true;
    }
    return false;
}

static bool c_title_special_chars(const cckit_scan *s, cckit_hits *out)
{
    const cckit_manifest *m = mf(s);
    if (!m || !m->organization)
        return true;
    for (const cckit_item *it = m->organization->first_item; it; it = cckit_item_next(it))
        if (it->title && special_chars(it->title)) {
            cckit_hit x = { it->title, it->resource ? it->resource->identifier : NULL,
                            it->pos.file, it->pos.line, "emoji or a character outside the BMP" };
            if (!cckit_hit_add(s, out, &x))
                return false;
        }
    return true;
}

/* The QTI checks: qti_scan.c gathered their occurrences (shared, not
 * copied: nothing adds to a check's hits after its run). */
static bool qti_slot(const cckit_scan *s, cckit_hits *out, int slot)
{
    out->v = s->qti_hits[slot];
    out->n = s->n_qti_hits[slot];
    return true;
}
static bool c_qti_rubricblock(const cckit_scan *s, cckit_hits *o) { return qti_slot(s, o, QH_RUBRIC); }
static bool c_qti_no_cc_profile(const cckit_scan *s, cckit_hits *o) { return qti_slot(s, o, QH_NO_PROFILE); }
static bool c_qti_tf_idents(const cckit_scan *s, cckit_hits *o) { return qti_slot(s, o, QH_TF_IDENTS); }
static bool c_qti_unknown_only(const cckit_scan *s, cckit_hits *o) { return qti_slot(s, o, QH_UNKNOWN_ONLY); }
static bool c_qti_fib(const cckit_scan *s, cckit_hits *o) { return qti_slot(s, o, QH_FIB); }
static bool c_qti_fib_pattern(const cckit_scan *s, cckit_hits *o) { return qti_slot(s, o, QH_FIB_PATTERN); }
static bool c_qti_no_title(const cckit_scan *s, cckit_hits *o) { return qti_slot(s, o, QH_NO_TITLE); }
static bool c_qti_section(const cckit_scan *s, cckit_hits *o) { return qti_slot(s, o, QH_SECTION); }

typedef struct check {
    const char *name;
    const char *summary;
    bool (*run)(const cckit_scan *s, cckit_hits *out);
} check;

static const check checks[] = {
    { "manifest-schema-error", "the manifest fails its version's XSD", c_manifest_schema_error },
    { "manifest-not-at-root", "imsmanifest.xml is not at the package root", c_manifest_not_at_root },
    { "authorizations", "the manifest has <authorizations>", c_authorizations },
    { "empty-organization", "the organization has no item", c_empty_organization },
    { "missing-file", "a resource lists a file the package lacks", c_missing_file },
    { "href-encoding-ambiguous", "two files whose names differ only by percent-encoding",
      c_href_encoding_ambiguous },
    { "intendeduse-syllabus", "a resource with intendeduse=\"syllabus\"", c_intendeduse_syllabus },
    { "curriculum-standards", "curriculum standards metadata (CSM)", c_curriculum_standards },
    { "qti-rubricblock", "QTI rubricBlock / rubric instructions", c_qti_rubricblock },
    { "qti-no-cc-profile", "a QTI item without cc_profile metadata", c_qti_no_cc_profile },
    { "qti-true-false-idents", "a true/false item whose answer idents are not true and false",
      c_qti_tf_idents },
    { "qti-unknown-types-only", "an assessment none of whose items is of a CC question type",
      c_qti_unknown_only },
    { "qti-fill-in-the-blank", "fill-in-the-blank items", c_qti_fib },
    { "qti-fib-pattern", "fill-in-the-blank items whose answer is a pattern (<varsubstring>)",
      c_qti_fib_pattern },
    { "lti-link", "an LTI link (imports need a configured tool)", c_lti_link },
    { "title-special-chars", "titles with emoji or characters outside the BMP",
      c_title_special_chars },
    { "question-banks", "question banks (pools)", c_question_banks },
    { "qti-item-without-title", "a QTI item without a title attribute", c_qti_no_title },
    { "qti-section-not-root", "a QTI section not named root_section", c_qti_section },
};
#define N_CHECKS (sizeof checks / sizeof checks[0])

int cckit_compat_check_find(const char *name)
{
    for (size_t i = 0; i < N_CHECKS; i++)
        if (!strcmp(checks[i].name, name))
            return (int)i;
    return -1;
}

size_t cckit_compat_check_count(void)
{
    return N_CHECKS;
}

const char *cckit_compat_check_name(size_t i, const char **summary)
{
    if (i >= N_CHECKS)
        return NULL;
    if (summary)
        *summary = checks[i].summary;
    return checks[i].name;
}

bool cckit_compat_check_run(size_t i, const cckit_scan *s, cckit_hits *out)
{
    out->v = NULL;
    out->n = 0;
    return i < N_CHECKS && checks[i].run(s, out);
}
