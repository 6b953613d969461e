/* one_finding.c - one defect, one finding, and true totals under a cap.
 *
 * Run once over a cartridge's findings after every check:
 *
 *  1. Some facts are seen by two checks: the XSD of the manifest and the
 *     profile rule that states the same thing (a CC 1.1 type string in a
 *     CC 1.3 manifest breaks the type enumeration AND is R5), or two
 *     rules (a title attribute on the root item is R14 and R15).  When
 *     both findings name the same file and line, the more specific one
 *     stays (its plain message, its rule number, its severity in the
 *     mode) and the other goes.  So lenient mode never reports one fact
 *     as an error and a warning at once.  The file stays schema-invalid
 *     (files[].schema_valid): only the list of findings changes.
 *
 *  2. At most MAX_PER_CODE findings of one code per file are listed; the
 *     rest become one summary line, and their number is kept
 *     (cckit_validation omitted[]) so that the totals stay true. */
#include "validate/validate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PER_CODE 100

/* drop: the finding that goes; keep: the one that says the same fact at
 * the same place; about: text the dropped message must contain (the
 * attribute or element concerned), or NULL. */
static const struct same_fact {
    const char *drop, *keep, *about;
} same_facts[] = {
    {"xsd.resource-type", "manifest.type-version", NULL},
    {"xsd.resource-type", "manifest.unknown-type", NULL},
    {"xsd.identifier-lexical", "manifest.id-not-ncname", "attribute identifier "},
    {"xsd.duplicate-id", "manifest.duplicate-id", NULL},
    {"xsd.intendeduse", "manifest.intendeduse", NULL},
    {"xsd.href-lexical", "package.href-not-uri", NULL},
    {"xsd.unknown-attribute", "manifest.item-title-attribute", "attribute title "},
    {"xsd.unknown-attribute", "manifest.root-item-title", "attribute title "},
    {"manifest.item-title-attribute", "manifest.root-item-title", NULL},
    {"xsd.unknown-attribute", "assignment.gradable-attribute", "attribute points_possible "},
    {"xsd.descriptor-empty", "qti.section-content", "<section>"},
    {"xsd.lti-invalid", "lti.vendor", "vendor"},
    {"links.outside", "descriptor.attachment-href", NULL},
    {"package.unreferenced-file", "package.lao-file-unlisted", NULL},
    {"package.lao-file-unlisted", "package.junk-file", NULL},
};
#define N_SAME (sizeof same_facts / sizeof same_facts[0])

/* "code\nline\nfile": the key of a finding's place. */
static char *place_key(const char *code, const cckit_diag *d)
{
    size_t n = strlen(code) + strlen(d->file ? d->file : "") + 16;
    char *k = malloc(n);
    if (k)
        snprintf(k, n, "%s\n%u\n%s", code, d->line, d->file ? d->file : "");
    return k;
}

static bool is_dropped(const cckit_idmap *at, const cckit_diag *d)
{
    for (size_t k = 0; k < N_SAME; k++) {
        const struct same_fact *s = &same_facts[k];
        if (strcmp(s->drop, d->code) != 0)
            continue;
        if (s->about && (!d->message || !strstr(d->message, s->about)))
            continue;
        char *key = place_key(s->keep, d);
        bool hit = key && cckit_idmap_get(at, key);
        free(key);
        if (hit)
            return true;
    }
    return false;
}

static void merge_same_facts(cckit_diags *ds)
{
    size_t n0 = ds->n;
    cckit_idmap *at = cckit_idmap_new();
    char **keys = calloc(n0 ? n0 : 1, sizeof *keys);
    if (at && keys) {
        for (size_t i = 0; i < n0; i++) {
            bool oom = false;
            keys[i] = place_key(ds->v[i].code, &ds->v[i]);
            if (keys[i])
                cckit_idmap_put(at, keys[i], &ds->v[i], &oom);
        }
        size_t o = 0;
        for (size_t i = 0; i < n0; i++) {
            if (is_dropped(at, &ds->v[i])) {
                free(ds->v[i].file);
                free(ds->v[i].message);
                continue;
            }
            ds->v[o++] = ds->v[i];
        }
        ds->n = o;
    }
    if (at)
        cckit_idmap_free(at);
    if (keys)
        for (size_t i = 0; i < n0; i++)
            free(keys[i]);
    free(keys);
}

/* Keep the first MAX_PER_CODE findings of each code in each file. */
typedef struct capped {
    const char *code;
    const char *file;
    cckit_severity sev;
    unsigned line;
    size_t n;
} capped;

static void cap_per_code(cckit_vctx *v)
{
    cckit_diags *ds = &v->out->diags;
    size_t n0 = ds->n;
    cckit_idmap *seen = cckit_idmap_new();
    char **keys = calloc(n0 ? n0 : 1, sizeof *keys);
    size_t *count = calloc(n0 ? n0 : 1, sizeof *count);
    capped *over = NULL;
    size_t n_over = 0;
    if (!seen || !keys || !count)
        goto done;
    size_t o = 0;
    for (size_t i = 0; i < n0; i++) {
        cckit_diag *d = &ds->v[i];
        keys[i] = place_key(d->code, &(cckit_diag){.file = d->file, .line = 0});
        size_t *c = keys[i] ? cckit_idmap_get(seen, keys[i]) : NULL;
        if (keys[i] && !c) {
            bool oom = false;
            c = &count[i];
            cckit_idmap_put(seen, keys[i], c, &oom);
        }
        if (c && ++*c > MAX_PER_CODE) {
            size_t k;
            for (k = 0; k < n_over; k++)
                if (over[k].code == d->code && strcmp(over[k].file, d->file ? d->file : "") == 0)
                    break;
            if (k == n_over) {
                capped *no = realloc(over, (n_over + 1) * sizeof *no);
                if (no) {
                    over = no;
                    over[k] = (capped){d->code, keys[i] + strlen(keys[i]) - strlen(d->file ? d->file : ""),
                                       d->severity, d->line, 0};
                    n_over++;
                }
            }
            if (k < n_over) {
                over[k].n++;
                free(d->file);
                free(d->message);
                continue;
            }
        }
        ds->v[o++] = *d;
    }
    ds->n = o;
    for (size_t k = 0; k < n_over; k++)
        cckit_vreport_omitted(v, over[k].sev, over[k].code, over[k].file, over[k].line, over[k].n,
                              "%zu more findings of this kind in this file not listed", over[k].n);
done:
    if (seen)
        cckit_idmap_free(seen);
    if (keys)
        for (size_t i = 0; i < n0; i++)
            free(keys[i]);
    free(keys);
    free(count);
    free(over);
}

void cckit_findings_finish(cckit_vctx *v)
{
    merge_same_facts(&v->out->diags);
    cap_per_code(v);
}
