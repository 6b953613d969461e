/* convert_check.c - convert's validations: the input's, once, strictly,
 * on the tree convert works from; and the archive writer's last check,
 * the written temporary's against it (new errors refuse the output).
 * Out of convert.c, which keeps the run. */
#include "config.h"
#include "base/internal.h"
#include "validate/validate.h"
#include "export/convert_check.h"

#include <stdlib.h>
#include <string.h>

/* The input, validated once, strictly, on the tree convert works from:
 * its findings are the "before" of the report.  Garbage in, nothing out:
 * an input that the validator rejects even in lenient mode (duplicate
 * identifiers, dangling or cyclic references, hrefs leaving the
 * package, missing files ...) has no faithful conversion; --allow-invalid
 * converts it anyway.  The same run gives the lenient verdict: each
 * finding carries its lenient severity (cckit_validation_count_lenient),
 * so there is no second, lenient pass. */
cckit_status cckit_conv_check_input(const cckit_convert_options *opt, cckit_cartridge *cart,
                                    const char *in, cckit_validation **vin, xmlDocPtr *mdoc,
                                    cckit_error *err)
{
    cckit_validate_options vo;
    cckit_validate_options_default(&vo);
    vo.strict = true;
    vo.schema_dir = opt->schema_dir;
    vo.limits = opt->limits;
    /* the manifest's DOM comes from the validation's read of it, unless
     * the transformation read it already (mdoc NULL) */
    cckit_status st = mdoc ? cckit_validate_cartridge_doc(cart, &vo, vin, mdoc, err)
                           : cckit_validate_cartridge(cart, &vo, vin, err);
    if (st != CCKIT_OK || opt->allow_invalid)
        return st;
    const cckit_validation *v = *vin;
    size_t n = cckit_validation_count_lenient(v, CCKIT_SEV_ERROR);
    if (n) {
        const cckit_diag *d = NULL;
        for (size_t i = 0; i < v->diags.n && !d; i++)
            if (v->diags.v[i].lenient_severity == CCKIT_SEV_ERROR)
                d = &v->diags.v[i];
        if (!d)   /* all of them behind a display cap: name the cap's line */
            for (size_t i = 0; i < v->diags.n && !d; i++)
                if (v->diags.v[i].severity == CCKIT_SEV_ERROR)
                    d = &v->diags.v[i];
        /* The finding's message names no option; its cap (err->limit)
         * lets the tool name the option, as it does for findings. */
        st = cckit_fail_fix(err, CCKIT_FIX_ALLOW_INVALID,
                            cckit_fail_limit(err, d ? d->limit : CCKIT_LIMIT_NONE,
                            cckit_fail(err, CCKIT_E_INVALID,
                                       "%s: not a valid cartridge (%zu error%s; the first: %s:%u: %s [%s])",
                                       in, n, n == 1 ? "" : "s",
                                       d && d->file ? d->file : "imsmanifest.xml", d ? d->line : 0,
                                       d ? d->message : "", d ? d->code : "")));
    }
    return st;
}

/* The archive writer's last check (cckit_zip_writer_set_check): strict
 * validation of the written temporary against the input's (check_input).
 * New errors refuse the output (unless allow_invalid): the commit is
 * aborted and the run ends with status OK and written = false. */

cckit_status cckit_conv_out_check(const char *tmp_path, void *ctx, cckit_error *err)
{
    struct out_check_ctx *oc = ctx;
    const cckit_convert_options *opt = oc->opt;
    cckit_loss_report *rep = oc->rep;
    cckit_validate_options vo;
    cckit_validate_options_default(&vo);
    vo.strict = true;
    vo.schema_dir = opt->schema_dir;
    vo.limits = opt->limits;
    /* No CRC pass over the output (as repair): every byte written was
     * made here, read through a CRC-checked stream of the input, or
     * copied raw only when the input's validation checked its CRC (a
     * stored one has it checked again while copied).  A second pass
     * would inflate every medium again for nothing. */
    vo.quick = true;
    cckit_status st = cckit_validate(tmp_path, &vo, oc->vout, err);
    if (st != CCKIT_OK)
        return st;
    rep->validated = true;
    rep->errors_before = cckit_validation_count(*oc->vin, CCKIT_SEV_ERROR);
    rep->errors_after = cckit_validation_count(*oc->vout, CCKIT_SEV_ERROR);
    cckit_convert_new_errors(*oc->vin, *oc->vout, &rep->new_errors);
    if (rep->new_errors.oom)   /* new errors may be missing: never write on that */
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory comparing the validations");
    /* The temporary's name in messages would confuse: say OUT. */
    for (size_t i = 0; i < rep->new_errors.n; i++)
        if (!rep->new_errors.v[i].file && !(rep->new_errors.v[i].file = strdup("imsmanifest.xml")))
            return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    if (rep->new_errors.n && !opt->allow_invalid) {
        oc->refused = true;
        return cckit_fail(err, CCKIT_E_IO, "the converted cartridge has new errors"); /* not shown: refused */
    }
    return CCKIT_OK;
}
