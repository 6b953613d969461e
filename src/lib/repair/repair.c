/* repair.c - the run of `cckit repair` (cckit_repair): open, validate
 * once, the fixes in the order of the fix table, write, validate what
 * was written before it is renamed into place.  See repair.h. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include "config.h"
#include "base/internal.h"
#include "base/cancel.h"
#include "import/entry_read.h"
#include "export/archive_writer.h"
#include "repair/repair.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The fix table: the order the fixes run in.  Junk first (no later fix
 * may point an href at junk), identifiers before the references that
 * use them are judged, spellings of hrefs before the <file> lists. */
static const struct {
    const char *code;
    cckit_fix_fn fn;
    const char *check;      /* a target fix: the compat check it answers */
} fixes[] = {
    { "repair.manifest-moved", NULL, NULL },  /* before the input is opened: relocate.c */
    { "repair.junk-dropped", cckit_fix_junk, NULL },
    { "repair.id-renamed", cckit_fix_ids, NULL },
    { "repair.type-version", cckit_fix_type_version, NULL },
    { "repair.href-encoding", cckit_fix_href_encoding, NULL },
    { "repair.file-listed", cckit_fix_file_listed, NULL },
    { "repair.page-file-listed", cckit_fix_page_files, NULL },
    { "repair.dangling-ref-removed", cckit_fix_dangling, NULL },
    { "repair.lti-icon-removed", cckit_fix_lti_icon, NULL },
    /* before the descriptors are edited: a removed one is not */
    { "repair.target-empty-assessment", cckit_fix_target_empty, "qti-unknown-types-only" },
    { "repair.order-normalised", cckit_fix_order, NULL },
    { "repair.target-tf-idents", cckit_fix_target_tf, "qti-true-false-idents" },
    { "repair.target-id-ncname", cckit_fix_target_ids, "manifest-schema-error" },
    /* last: the fixes above find files by their hrefs, which the moves
     * change; the moves read a descriptor a fix above rewrote */
    { "repair.lao-moved", cckit_fix_lao_moves, NULL },
    { "repair.ac-moved", NULL, NULL },          /* made by cckit_fix_lao_moves */
    { "repair.links-rewritten", NULL, NULL },   /* made with the moves that need it */
};
#define N_FIXES (sizeof fixes / sizeof fixes[0])
#define MANIFEST_MOVED 0    /* its index */


/* Whether the target's import model has the check (a target fix is made
 * only for a target that needs it). */
static bool target_needs(const cckit_model *m, const char *check)
{
    for (size_t i = 0; m && i < m->n_checks; i++)
        if (strcmp(m->checks[i].check, check) == 0)
            return true;
    return false;
}

void cckit_repair_options_default(cckit_repair_options *opt)
{
    memset(opt, 0, sizeof *opt);
    cckit_limits_default(&opt->limits);
}

void cckit_repair_report_free(cckit_repair_report *r)
{
    if (!r)
        return;
    free(r->input);
    free(r->output);
    cckit_diags_free(&r->fixes);
    cckit_diags_free(&r->declined);
    cckit_diags_free(&r->remaining);
    free(r);
}

/* opt->only as a set of table indices; CCKIT_E_USAGE for a name that is
 * no fix, with the nearest one. */
static cckit_status parse_only(const char *only, bool on[N_FIXES], cckit_error *err)
{
    for (size_t i = 0; i < N_FIXES; i++)
        on[i] = only == NULL;
    if (!only)
        return CCKIT_OK;
    const char *names[N_FIXES];
    for (size_t i = 0; i < N_FIXES; i++)
        names[i] = fixes[i].code + 7;   /* after "repair." */
    const char *p = only;
    while (*p) {
        size_t n = strcspn(p, ",");
        char word[128];
        if (n == 0 || n >= sizeof word)
            return cckit_fail(err, CCKIT_E_USAGE, "an empty or overlong fix name in the list of fixes");
        memcpy(word, p, n);
        word[n] = '\0';
        const char *w = strncmp(word, "repair.", 7) == 0 ? word + 7 : word;
        size_t i = 0;
        while (i < N_FIXES && strcmp(names[i], w) != 0)
            i++;
        if (i == N_FIXES) {
            const char *near = cckit_closest(w, names, N_FIXES);
            return cckit_fail(err, CCKIT_E_USAGE, "'%s' is no fix%s%s%s (the fixes are the codes "
                              "repair.* of the rule registry)", word, near ? "; did you mean '" : "",
                              near ? near : "", near ? "'?" : "");
        }
        on[i] = true;
        p += n;
        if (*p == ',')
            p++;
    }
    return CCKIT_OK;
}

static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev
        && sa.st_ino == sb.st_ino;
}

/* The errors of a validation, copied into the report's list. */
static bool copy_errors(const cckit_validation *v, cckit_diags *to)
{
    for (size_t i = 0; i < v->diags.n; i++) {
        const cckit_diag *d = &v->diags.v[i];
        if (d->severity == CCKIT_SEV_ERROR
            && !cckit_diags_add_copy(to, d, d->severity, d->rule, d->hint))
            return false;
    }
    return true;
}

/* The archive writer's last check: validate the written temporary (so
 * that the report's "after" is what was written). */
struct out_check {
    const cckit_repair_options *opt;
    cckit_repair_report *rep;
};

static cckit_status out_check(const char *tmp_path, void *ctx, cckit_error *err)
{
    struct out_check *oc = ctx;
    cckit_validate_options vo;
    cckit_validate_options_default(&vo);
    vo.strict = oc->opt->strict;
    vo.schema_dir = oc->opt->schema_dir;
    vo.limits = oc->opt->limits;
    /* No CRC pass over the output: every byte written was read through
     * a CRC-checked stream of the input (or made here), or copied raw:
     * stored, its CRC checked while copied; deflated, only when the
     * input's CRC pass checked it, its CRC carried over.  A second pass
     * would read the whole archive again for nothing. */
    vo.quick = true;
    cckit_validation *v = NULL;
    cckit_status st = cckit_validate(tmp_path, &vo, &v, err);
    if (st != CCKIT_OK)
        return st;
    oc->rep->validated_after = true;
    oc->rep->errors_after = cckit_validation_count(v, CCKIT_SEV_ERROR);
    bool ok = copy_errors(v, &oc->rep->remaining);
    cckit_validation_free(v);
    return ok ? CCKIT_OK : cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
}

/* Write the plan: the manifest (edited, or its original bytes), then
 * every other entry not dropped, unchanged: copied raw where it can be
 * (cckit_zip_writer_add_raw; the input's validation checked its CRC). */
static cckit_status write_out(cckit_rp *r, const char *target, bool force,
                              cckit_cancel_ctx *cancel, cckit_error *err)
{
    cckit_zip_writer *w = NULL;
    struct out_check oc = { r->opt, r->rep };
    cckit_status st = cckit_zip_writer_open(target, force, &w, err);
    if (st != CCKIT_OK)
        return st;
    cckit_zip_writer_set_cancel(w, cancel);
    cckit_zip_writer_set_check(w, out_check, &oc);
    if (r->doc_changed) {
        xmlChar *buf = NULL;
        int len = 0;
        xmlDocDumpFormatMemoryEnc(r->doc, &buf, &len, "UTF-8", 0);
        if (!buf || len <= 0)
            st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory writing the manifest");
        else
            st = cckit_zip_writer_add_buffer(w, "imsmanifest.xml", buf, (size_t)len, err);
        xmlFree(buf);
    }
    size_t n = cckit_source_count(r->src);
    for (size_t i = 0; i < n && st == CCKIT_OK; i++) {
        const cckit_entry *e = cckit_source_entry(r->src, i);
        if (r->drop[i] || e->is_dir || (r->doc_changed && strcmp(e->name, "imsmanifest.xml") == 0))
            continue;
        const char *name = r->rename[i] ? r->rename[i] : e->name;
        if (r->repl[i].buf)
            st = cckit_zip_writer_add_buffer(w, name, r->repl[i].buf, r->repl[i].len, err);
        else
            st = cckit_zip_writer_add_raw(w, name, r->src, e, err);
    }
    if (st == CCKIT_OK)
        st = cckit_zip_writer_commit(w, err);
    cckit_zip_writer_abort(w);
    return st;
}

/* The descriptors the fixes edited, serialised into repl once (several
 * fixes may edit one descriptor): before the moves, which read and
 * rewrite the bytes in repl, and after the last fix. */
static cckit_status dump_descriptors(cckit_rp *r, cckit_error *err)
{
    for (size_t i = 0; i < cckit_source_count(r->src); i++) {
        if (!r->ddoc[i])
            continue;
        xmlChar *buf = NULL;
        int len = 0;
        xmlDocDumpFormatMemoryEnc(r->ddoc[i], &buf, &len, "UTF-8", 0);
        if (!buf || len <= 0) {
            xmlFree(buf);
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        }
        xmlFree(r->repl[i].buf);
        r->repl[i].buf = (char *)buf;
        r->repl[i].len = (size_t)len;
        xmlFreeDoc(r->ddoc[i]);   /* its bytes are in repl now */
        r->ddoc[i] = NULL;
    }
    return CCKIT_OK;
}

/* --dry-run: the same writing into a private temporary folder, which is
 * removed afterwards: the validation of the would-be output is exact. */
static cckit_status write_dry(cckit_rp *r, cckit_cancel_ctx *cancel, cckit_error *err)
{
    const char *tmp = getenv("TMPDIR");
    char dir[4096], target[4200];
    snprintf(dir, sizeof dir, "%s/cckit-repair-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        return cckit_fail(err, CCKIT_E_IO, "cannot make a temporary folder in %s: %s",
                          tmp && *tmp ? tmp : "/tmp", strerror(errno));
    snprintf(target, sizeof target, "%s/dry-run.imscc", dir);
    cckit_status st = write_out(r, target, false, cancel, err);
    unlink(target);
    rmdir(dir);
    return st;
}

static cckit_status repair_run(const char *in, const char *out, const cckit_repair_options *opt,
                               cckit_repair_report **report, cckit_error *err)
{
    cckit_repair_options defaults;
    if (!opt) {
        cckit_repair_options_default(&defaults);
        opt = &defaults;
    }
    *report = NULL;
    bool on[N_FIXES];
    if (!in || (!opt->dry_run && (!out || !*out)))
        return cckit_fail(err, CCKIT_E_USAGE, "repair needs an input and an output");
    cckit_status st = parse_only(opt->only, on, err);
    if (st != CCKIT_OK)
        return st;
    if (!opt->dry_run) {
        if (same_file(in, out))
            return cckit_fail(err, CCKIT_E_USAGE, "%s: the output is the input: repair never "
                              "overwrites its input", out);
        struct stat ost;
        if (!opt->force && lstat(out, &ost) == 0)
            return cckit_fail_fix(err, CCKIT_FIX_FORCE,
                                  cckit_fail(err, CCKIT_E_IO, "%s: already exists", out));
    }
    cckit_repair_report *rep = calloc(1, sizeof *rep);
    if (!rep)
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    *report = rep;
    rep->input = strdup(in);
    rep->output = out ? strdup(out) : NULL;
    if (!rep->input || (out && !rep->output))
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    rep->dry_run = opt->dry_run;
    rep->strict = opt->strict;

    cckit_rp r = { .opt = opt, .rep = rep };
    cckit_cancel_ctx cancel;
    cckit_cancel_begin(&cancel, opt->cancel);
    cckit_validation *vin = NULL;

    char mdir[4096] = "", moved[4200] = "";
    st = cckit_cartridge_open(in, &opt->limits, &r.cart, err);
    if (st == CCKIT_E_NOMANIFEST && on[MANIFEST_MOVED]) {
        cckit_error why = *err;     /* if the move is no better, say the first reason */
        st = cckit_rp_relocate(in, opt, rep, mdir, sizeof mdir, moved, sizeof moved, err);
        if (st == CCKIT_OK)
            st = cckit_cartridge_open(moved, &opt->limits, &r.cart, err);
        else if (st == CCKIT_E_NOMANIFEST && !strstr(err->message, "a guess"))
            *err = why;
    }
    if (st != CCKIT_OK)
        goto done;
    if (!(r.src = r.cart->source)) {
        st = cckit_fail(err, CCKIT_E_ARCHIVE, "%s: a bare manifest, without the files it lists: "
                        "repair needs the whole cartridge (a .imscc file or a folder)", in);
        goto done;
    }
    r.version = r.cart->manifest->version;
    rep->version = r.version;

    cckit_validate_options vo;
    cckit_validate_options_default(&vo);
    vo.strict = opt->strict;
    vo.schema_dir = opt->schema_dir;
    vo.limits = opt->limits;
    if ((st = cckit_validate_cartridge(r.cart, &vo, &vin, err)) != CCKIT_OK)
        goto done;
    rep->errors_before = cckit_validation_count(vin, CCKIT_SEV_ERROR);
    rep->producer = vin->producer;   /* from the reads of that run */
    if (moved[0]) {
        /* "before" is the input as given, whose manifest was not found */
        cckit_validation *vgiven = NULL;
        if ((st = cckit_validate(in, &vo, &vgiven, err)) != CCKIT_OK)
            goto done;
        rep->errors_before = cckit_validation_count(vgiven, CCKIT_SEV_ERROR);
        cckit_validation_free(vgiven);
    }

    const cckit_entry *me = cckit_source_find(r.src, "imsmanifest.xml");
    cckit_limits mlim = opt->limits;
    mlim.max_xml_size = opt->limits.max_manifest_size;
    if (!me) {
        st = cckit_fail(err, CCKIT_E_NOMANIFEST, "%s: no imsmanifest.xml", in);
        goto done;
    }
    if ((st = cckit_xml_read_entry(r.src, me, &mlim, &r.doc, err)) != CCKIT_OK)
        goto done;
    size_t n = cckit_source_count(r.src);
    r.vin = vin;
    if (!(r.drop = calloc(n ? n : 1, 1)) || !(r.repl = calloc(n ? n : 1, sizeof *r.repl))
        || !(r.ddoc = calloc(n ? n : 1, sizeof *r.ddoc))
        || !(r.rename = calloc(n ? n : 1, sizeof *r.rename))) {
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        goto done;
    }
    /* the moves of learning objects and of their associated content are
     * one function (a move goes with the links it needs) */
    size_t lao_moved = 0, ac_moved = 0;
    for (size_t i = 0; i < N_FIXES; i++) {
        if (strcmp(fixes[i].code, "repair.lao-moved") == 0)
            lao_moved = i;
        if (strcmp(fixes[i].code, "repair.ac-moved") == 0)
            ac_moved = i;
    }
    r.move_lao = on[lao_moved];
    r.move_ac = on[ac_moved];
    on[lao_moved] |= on[ac_moved];
    for (size_t i = 0; i < N_FIXES && st == CCKIT_OK; i++) {
        if (!on[i] || !fixes[i].fn || (fixes[i].check && !target_needs(opt->target, fixes[i].check)))
            continue;
        if (i == lao_moved)
            st = dump_descriptors(&r, err);
        if (st == CCKIT_OK)
            st = fixes[i].fn(&r, cckit_rule_in(cckit_rules_repair, fixes[i].code), err);
        if (st == CCKIT_OK && cckit_cancelled(&cancel))
            st = cckit_fail(err, CCKIT_E_IO, "interrupted");
    }
    if (st == CCKIT_OK && (r.oom || rep->fixes.oom || rep->declined.oom))
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    if (st == CCKIT_OK)
        st = dump_descriptors(&r, err);
    if (st != CCKIT_OK)
        goto done;
    if (opt->dry_run)
        st = write_dry(&r, &cancel, err);
    else if ((st = write_out(&r, out, opt->force, &cancel, err)) == CCKIT_OK)
        rep->written = true;

done:
    cckit_validation_free(vin);
    for (size_t i = 0; r.repl && i < cckit_source_count(r.src); i++)
        xmlFree(r.repl[i].buf);
    for (size_t i = 0; r.ddoc && i < cckit_source_count(r.src); i++)
        xmlFreeDoc(r.ddoc[i]);
    free(r.ddoc);
    free(r.repl);
    for (size_t i = 0; r.rename && i < cckit_source_count(r.src); i++)
        free(r.rename[i]);
    free(r.rename);
    free(r.drop);
    xmlFreeDoc(r.doc);
    cckit_cartridge_free(r.cart);
    if (moved[0])
        unlink(moved);
    if (mdir[0])
        rmdir(mdir);
    return st;
}

cckit_status cckit_repair(const char *in, const char *out, const cckit_repair_options *opt,
                          cckit_repair_report **report, cckit_error *err)
{
    /* libxml2's process-wide handlers are ours only during the call. */
    cckit_xml_scope xs;
    cckit_xml_enter(&xs);
    cckit_status st = repair_run(in, out, opt, report, err);
    cckit_xml_leave(&xs);
    return st;
}
