/* fuzz_validate.c - libFuzzer harness for the validator (validate.c and
 * every family of checks it runs: XSD, manifest rules, package checks,
 * descriptor and QTI rules, links) on a small fuzzed cartridge.
 *
 * The input is a manifest plus up to 8 package files (format in
 * bundle.h); they are written into a temp folder and cckit_validate()
 * runs on it, lenient or strict by the parity of the input's length.
 * The verdict is checked for well-formed diagnostics and written in
 * every report format to /dev/null. */
#define _GNU_SOURCE
#include "cckit.h"
#include "bundle.h"
#include "quiet.h"

static FILE *devnull;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bundle_setup("fuzz-validate");
    if (!devnull && !(devnull = fopen("/dev/null", "w")))
        abort();
    bundle_write(data, size);

    cckit_validate_options opt;
    cckit_validate_options_default(&opt);
    opt.strict = size & 1;
    opt.schema_dir = getenv("CCKIT_SCHEMA_DIR");
    opt.limits.max_xml_size = 1u << 20;
    opt.limits.max_manifest_size = 1u << 20;
    opt.limits.max_entries = 64;
    cckit_validation *v = NULL;
    cckit_error err;
    stderr_capture_begin();
    cckit_status st = cckit_validate(bundle_dir, &opt, &v, &err);
    stderr_capture_end("cckit_validate");
    if (st == CCKIT_OK) {
        if (!v)
            abort();
        for (size_t i = 0; i < v->diags.n; i++) {
            const cckit_diag *d = &v->diags.v[i];
            if (!d->code || !d->message)
                abort();
            /* every code is in the registry (cckit.h), and no check
             * reported an unregistered one ("internal.*") */
            if (!cckit_rule_find(d->code) || strncmp(d->code, "internal.", 9) == 0) {
                fprintf(stderr, "fuzz_validate: diagnostic %s not in the registry: %s\n",
                        d->code, d->message);
                abort();
            }
        }
        (void)cckit_validation_count(v, CCKIT_SEV_ERROR);
        cckit_validation *const one[1] = { v };
        cckit_validation_report(one, 1, CCKIT_REPORT_TEXT, true, devnull);
        cckit_validation_report(one, 1, CCKIT_REPORT_JSON, false, devnull);
        cckit_validation_report(one, 1, CCKIT_REPORT_JUNIT, false, devnull);
        cckit_validation_report(one, 1, CCKIT_REPORT_SARIF, false, devnull);
        cckit_validation_free(v);
    } else if (v) {
        abort(); /* no result on failure */
    }
    bundle_clear();
    return 0;
}
