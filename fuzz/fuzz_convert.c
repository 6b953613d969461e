/* fuzz_convert.c - libFuzzer harness for `cckit convert` (convert.c, the
 * XSLT rewriting of manifest and descriptors, archive_writer.c).
 *
 * The input is a manifest plus up to 8 package files (format in
 * bundle.h), written into a temp folder; cckit_convert() rewrites it for
 * CC 1.1, 1.2 or 1.3 (by the input's length; every 8th input also as a
 * Thin CC, every 16th with strict validation of both sides) into an
 * archive beside it.  The loss report is written as text and JSON to
 * /dev/null, and the output archive, when written, is opened again and
 * every entry streamed: what convert writes must be readable. */
#define _GNU_SOURCE
#include "cckit.h"
#include "bundle.h"
#include "quiet.h"

static FILE *devnull;

static void read_back(const char *path)
{
    cckit_source *src = NULL;
    cckit_error err;
    cckit_diags d = { 0 };
    if (cckit_source_open(path, NULL, &d, &src, &err) != CCKIT_OK) {
        fprintf(stderr, "fuzz_convert: output not readable: %s\n", err.message);
        abort();
    }
    static char buf[16384];
    for (size_t i = 0; i < cckit_source_count(src); i++) {
        const cckit_entry *e = cckit_source_entry(src, i);
        cckit_stream *s = NULL;
        if (e->is_dir || cckit_stream_open(src, e, &s, &err) != CCKIT_OK)
            continue;
        long r;
        while ((r = cckit_stream_read(s, buf, sizeof buf, &err)) > 0)
            ;
        if (r < 0) {
            fprintf(stderr, "fuzz_convert: output entry %s: %s\n", e->name, err.message);
            abort();
        }
        cckit_stream_close(s);
    }
    cckit_source_close(src);
    cckit_diags_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bundle_setup("fuzz-convert");
    if (!devnull && !(devnull = fopen("/dev/null", "w")))
        abort();
    bundle_write(data, size);
    char out[300];
    snprintf(out, sizeof out, "%s/out.imscc", bundle_root);

    static const cckit_cc_version to[] = { CCKIT_CC_1_3, CCKIT_CC_1_1, CCKIT_CC_1_2 };
    cckit_convert_options opt;
    cckit_convert_options_default(&opt);
    opt.to = to[size % 3];
    opt.thin = size % 8 == 7 && opt.to != CCKIT_CC_1_1;
    opt.force = true;
    opt.validate = size % 16 == 0;
    opt.schema_dir = getenv("CCKIT_SCHEMA_DIR");
    opt.xsl_dir = getenv("CCKIT_XSL_DIR");
    opt.limits.max_xml_size = 1u << 20;
    opt.limits.max_manifest_size = 1u << 20;
    opt.limits.max_entries = 64;
    cckit_loss_report *rep = NULL;
    cckit_error err;
    stderr_capture_begin();
    cckit_status st = cckit_convert(bundle_dir, out, &opt, &rep, &err);
    stderr_capture_end("cckit_convert");
    if (rep) {
        cckit_loss_report_write(rep, CCKIT_REPORT_TEXT, devnull);
        cckit_loss_report_write(rep, CCKIT_REPORT_JSON, devnull);
        if (st == CCKIT_OK && rep->written)
            read_back(out);
        cckit_loss_report_free(rep);
    }
    unlink(out);
    bundle_clear();
    return 0;
}
