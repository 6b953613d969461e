/* convert_check.h - convert's validations (convert_check.c).  Not
 * installed. */
#ifndef CCKIT_CONVERT_CHECK_H
#define CCKIT_CONVERT_CHECK_H

#include "base/internal.h"
#include "export/export.h"
#include <libxml/tree.h>

/* The input `in` (opened as cart) validated strictly into *vin; an input
 * with lenient errors fails CCKIT_E_INVALID unless opt->allow_invalid.
 * mdoc: where to keep the validation's DOM of the manifest, or NULL. */
cckit_status cckit_conv_check_input(const cckit_convert_options *opt, cckit_cartridge *cart,
                                    const char *in, cckit_validation **vin, xmlDocPtr *mdoc,
                                    cckit_error *err);

/* What cckit_conv_out_check (a cckit_zip_check_fn) compares and says. */
struct out_check_ctx {
    const cckit_convert_options *opt;
    cckit_loss_report *rep;
    cckit_validation **vin, **vout;
    bool refused;
};
cckit_status cckit_conv_out_check(const char *tmp_path, void *ctx, cckit_error *err);

#endif
