/* pack_findings.c - what `cckit pack` says about its input, in the
 * user's terms: outline items the target cannot hold (by title and
 * line), the folder's own files (an earlier output inside it, files left
 * out of the cartridge, no page), the target's name, and the findings of
 * the strict self-check translated from pack's generated names and
 * temporary to the user's files, outline lines and item titles. */
#include "export/pack_state.h"
#include "validate/validate.h"
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The resource kind an outline item becomes; COUNT for a module. */
static cckit_kind ol_kind(cckit_ol_kind k)
{
    switch (k) {
    case CCKIT_OL_PAGE: case CCKIT_OL_FILE: return CCKIT_KIND_WEBCONTENT;
    case CCKIT_OL_WEBLINK: return CCKIT_KIND_WEBLINK;
    case CCKIT_OL_LTI: return CCKIT_KIND_LTI_LINK;
    case CCKIT_OL_DISCUSSION: return CCKIT_KIND_DISCUSSION;
    case CCKIT_OL_ASSIGNMENT: return CCKIT_KIND_ASSIGNMENT;
    case CCKIT_OL_QUIZ: return CCKIT_KIND_ASSESSMENT;
    case CCKIT_OL_BANK: return CCKIT_KIND_QUESTION_BANK;
    case CCKIT_OL_MODULE: break;
    }
    return CCKIT_KIND_COUNT;
}

/* Every outline item the target version cannot hold (an assignment in
 * CC 1.1), each named by its title and outline line, before anything is
 * built: one finding per item, then one failure. */
cckit_status cckit_pack_check_outline_kinds(pack *p, const cckit_outline *o, cckit_error *err)
{
    unsigned bad = 0;
    for (const cckit_ol_node *n = o->first; n; n = cckit_ol_next(n)) {
        cckit_kind k = ol_kind(n->kind);
        if (k == CCKIT_KIND_COUNT)
            continue;
        if (p->opt->thin && k != CCKIT_KIND_WEBLINK && k != CCKIT_KIND_LTI_LINK) {
            bad++;
            cckit_diags_add_rule(p->diags, CCKIT_SEV_ERROR,
                                 cckit_rule_in(cckit_rules_export, "pack.thin-kind-unavailable"),
                                 o->file, n->line, "the %s '%s' cannot be in a Thin cartridge, which carries web links "
                            "and LTI links only", cckit_ol_type_name(n->kind),
                            n->title ? n->title : n->path ? n->path : "");
            continue;
        }
        if (cckit_type_for(k, p->v))
            continue;
        cckit_cc_version since = CCKIT_CC_1_3;
        for (cckit_cc_version v = CCKIT_CC_1_1; v <= CCKIT_CC_1_3; v++)
            if (cckit_type_for(k, v)) {
                since = v;
                break;
            }
        bad++;
        cckit_diags_add_rule(p->diags, CCKIT_SEV_ERROR,
                             cckit_rule_in(cckit_rules_export, "pack.kind-unavailable"), o->file,
                             n->line, "the %s '%s' cannot be written in CC %.3s: %s items exist from CC %.3s on",
                        cckit_ol_type_name(n->kind), n->title ? n->title : n->path ? n->path : "",
                        cckit_cc_version_string(p->v), cckit_ol_type_name(n->kind),
                        cckit_cc_version_string(since));
    }
    if (bad)
        return cckit_fail(err, CCKIT_E_USAGE, "%u item%s of the outline cannot be written in "
                          "%sCC %.3s (listed above); nothing was written", bad, bad == 1 ? "" : "s",
                          p->opt->thin ? "Thin " : "", cckit_cc_version_string(p->v));
    return CCKIT_OK;
}

/* ------------------------------------------------ the folder's own files */

/* The name of path (which need not exist) relative to the folder whose
 * real path is dir_real when it lies inside it; malloc'd, else NULL (and
 * p->oom set when memory ran out: the answer is unknown then). */
static char *inside(pack *p, const char *dir_real, const char *path)
{
    char *c1 = strdup(path), *c2 = strdup(path), *d = NULL, *res = NULL;
    if (!c1 || !c2 || (!(d = realpath(dirname(c1), NULL)) && errno == ENOMEM))
        p->oom = true;
    if (c1 && c2 && d) {
        const char *b = basename(c2);
        size_t dl = strlen(dir_real);
        const char *sub = !strcmp(d, dir_real) ? ""
                          : !strncmp(d, dir_real, dl) && d[dl] == '/' ? d + dl + 1 : NULL;
        if (sub && strcmp(b, ".") && strcmp(b, "..")) {
            if ((res = malloc(strlen(sub) + strlen(b) + 2)))
                sprintf(res, "%s%s%s", sub, *sub ? "/" : "", b);
            else
                p->oom = true;
        }
    }
    free(d);
    free(c1);
    free(c2);
    return res;
}

/* The output (an earlier one, replaced with --force) and the outline can
 * lie inside the folder: the output is never packed into itself (said),
 * the outline is not a file of the course (not reported as left out). */
void cckit_pack_mark_own_files(pack *p, const char *input, const char *target, const char *outline)
{
    char *dir_real = realpath(input, NULL);
    if (!dir_real) {
        p->oom |= errno == ENOMEM;
        return;
    }
    char *out = inside(p, dir_real, target);
    const cckit_entry *e = out ? cckit_source_find(p->src, out) : NULL;
    if (e && !e->is_dir) {
        p->pf[cckit_pack_ent_index(p, e)].kind = PF_SKIP;
        p->output_ent = cckit_pack_ent_index(p, e) + 1;
        cckit_diags_add_rule(p->diags, CCKIT_SEV_WARNING,
                             cckit_rule_in(cckit_rules_export, "pack.output-inside"), e->name, 0,
                             "the output %s is inside the folder being packed: left out of the "
                        "cartridge (a cartridge never contains itself)", target);
    }
    char *ol = outline ? inside(p, dir_real, outline) : NULL;
    e = ol ? cckit_source_find(p->src, ol) : NULL;
    if (e)
        p->outline_ent = cckit_pack_ent_index(p, e) + 1;
    free(ol);
    free(out);
    free(dir_real);
}

/* The folder's files that are not in the cartridge (neither listed in
 * the outline nor used by a page), in one finding: one fact about the
 * folder, with the names a user needs to decide (the first 10). */
void cckit_pack_report_left_out(pack *p)
{
    enum { SHOWN = 10 };
    size_t n = 0;
    cckit_strbuf names;
    cckit_strbuf_init(&names);
    for (size_t i = 0; i < p->n; i++) {
        const pfile *f = &p->pf[i];
        const cckit_entry *e = cckit_source_entry(p->src, i);
        if (e->is_dir || f->kind == PF_SKIP || f->packaged || f->used || i + 1 == p->outline_ent)
            continue;
        if (n++ < SHOWN)
            cckit_strbuf_printf(&names, "%s'%s'", n > 1 ? ", " : "", e->name);
    }
    if (n > SHOWN)
        cckit_strbuf_printf(&names, " and %zu more", n - SHOWN);
    if (n)
        cckit_diags_add_rule(p->diags, CCKIT_SEV_WARNING,
                             cckit_rule_in(cckit_rules_export, "pack.files-left-out"),
                             p->ol ? p->ol->file : NULL, 0, "%zu file%s of the folder %s not in the cartridge (neither "
                        "listed in the outline nor used by a listed page): %s", n,
                        n == 1 ? "" : "s", n == 1 ? "is" : "are", names.s ? names.s : "");
    p->oom |= names.oom;   /* the finding would lack the names */
    cckit_strbuf_free(&names);
}

/* A course without a page is most often the wrong folder, or pages
 * with another extension (.php, .md): say so. */
void cckit_pack_check_has_page(pack *p)
{
    bool any_item = false;
    for (const cckit_item *it = p->org->first_item; it && !any_item; it = cckit_item_next(it))
        any_item = it->identifierref != NULL;
    if (!p->ol && p->n_pages == 0)
        cckit_diags_add_rule(p->diags, CCKIT_SEV_WARNING,
                             cckit_rule_in(cckit_rules_export, "pack.no-page"), NULL, 0, any_item ? "the folder has no HTML page: the course is only "
                        "a list of its documents" : "the folder has no HTML page and no "
                        "document: the cartridge is empty");
    else if (p->ol && !any_item)
        cckit_diags_add_rule(p->diags, CCKIT_SEV_WARNING,
                             cckit_rule_in(cckit_rules_export, "pack.empty-outline"), p->ol->file, 0,
                             "the outline lists no item: the cartridge is empty");
}

/* A finding of the self-check, said in the user's terms: the archive
 * is our temporary and the manifest and descriptors are ours, so a
 * finding on a generated file names the outline item it comes from (the
 * outline file and line, the item's title), one on a copied QTI file the
 * user's file, and one on the manifest the outline (or the folder).
 * Findings on the archive's name are about the temporary: dropped (pack
 * checks the target's name itself). */
void cckit_pack_add_own_finding(pack *p, const cckit_diag *g)
{
    const char *file = g->file, *msg = g->message ? g->message : "";
    unsigned line = g->line;
    if (!strcmp(g->code, "manifest.extension"))
        return;
    for (size_t i = 0; file && i < p->n_formrefs && !strcmp(g->code, "links.broken"); i++)
        if (p->formrefs[i].line == line && !strcmp(p->formrefs[i].file, file))
            return;   /* said as pack.name-unicode-form */
    if (file && !strcmp(file, "imsmanifest.xml")) {
        if (line)
            cckit_diags_add(p->diags, g->severity, g->code, g->rule, p->ol ? p->ol->file : NULL,
                            0, g->hint, "in the manifest pack generated (line %u): %s", line, msg);
        else
            cckit_diags_add(p->diags, g->severity, g->code, g->rule, p->ol ? p->ol->file : NULL,
                            0, g->hint, "in the manifest pack generated: %s", msg);
        return;
    }
    for (size_t i = 0; file && i < p->n_gen; i++)
        if (!strcmp(file, p->gen[i].name) && p->gen[i].node && p->ol) {
            const cckit_ol_node *n = p->gen[i].node;
            cckit_diags_add(p->diags, g->severity, g->code, g->rule, p->ol->file, n->line,
                            g->hint, "in what pack generated for the %s '%s': %s",
                            cckit_ol_type_name(n->kind), n->title ? n->title : "", msg);
            return;
        }
    for (size_t i = 0; file && i < p->n_copies; i++)
        if (!strcmp(file, p->copies[i].name)) {
            file = cckit_source_entry(p->src, p->copies[i].ent)->name;
            break;
        }
    cckit_diags_add(p->diags, g->severity, g->code, g->rule, file, line, g->hint, "%s", msg);
}

/* R1 on the name the user gave (the self-check sees our temporary's). */
void cckit_pack_check_target_name(pack *p, const char *target)
{
    const char *base = strrchr(target, '/');
    base = base ? base + 1 : target;
    const char *dot = strrchr(base, '.');
    if (dot && !strcasecmp(dot, ".imscc"))
        return;
    cckit_diags_add_rule(p->diags, CCKIT_SEV_WARNING,
                         cckit_rules_lookup(cckit_rule_tables, "manifest.extension"), NULL, 0,
                         "the cartridge file \"%s\" does not end in .imscc",
                    base);
}
