/*
 * consumer.c - a program of a third party, built by `make installcheck`
 * against the INSTALLED libcckit through pkg-config (shared and static):
 * checks the version macros against the library, opens a cartridge,
 * reads its manifest, validates it and converts it, printing counts.
 *
 *   consumer CARTRIDGE OUT.imscc
 *
 * Only cckit.h and the C library: nothing of the source tree.  Calling
 * cckit_convert and cckit_pack (never run: only linked) pulls the parts
 * of the library that need libxslt and libyaml into a static link, so a
 * cckit.pc that forgot one of them fails here.
 */
#include <cckit.h>

#include <stdio.h>
#include <string.h>

#if !defined(CCKIT_VERSION_NUMBER) || CCKIT_VERSION_NUMBER < 0x000100
#error "cckit.h without CCKIT_VERSION_NUMBER >= 0.1.0"
#endif

static int fail(const char *what, const cckit_error *err)
{
    fprintf(stderr, "consumer: %s: %s\n", what, err ? err->message : "failed");
    return 1;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--never") == 0) {
        /* Keeps cckit_pack referenced; never reached by the tests. */
        cckit_pack_options po;
        cckit_pack_options_default(&po);
        return cckit_pack(argv[1], argv[1], &po, NULL, NULL) == CCKIT_OK ? 0 : 1;
    }
    if (argc != 3) {
        fprintf(stderr, "usage: consumer CARTRIDGE OUT.imscc\n");
        return 2;
    }
    if (strcmp(cckit_version(), CCKIT_VERSION_STRING) != 0) {
        fprintf(stderr, "consumer: header %s, library %s\n", CCKIT_VERSION_STRING,
                cckit_version());
        return 1;
    }
    printf("version %s\n", cckit_version());

    cckit_error err;
    memset(&err, 0, sizeof err);
    cckit_cartridge *c = NULL;
    if (cckit_cartridge_open(argv[1], NULL, &c, &err) != CCKIT_OK)
        return fail(argv[1], &err);
    cckit_counts n;
    cckit_cartridge_count(c, &n);
    printf("cc %s resources %zu items %zu files %zu\n",
           cckit_cc_version_string(c->manifest->version), n.resources, n.items, n.files);
    cckit_cartridge_free(c);

    cckit_validate_options vo;
    cckit_validate_options_default(&vo);
    cckit_validation *v = NULL;
    if (cckit_validate(argv[1], &vo, &v, &err) != CCKIT_OK)
        return fail("validate", &err);
    printf("errors %zu warnings %zu\n", cckit_validation_count(v, CCKIT_SEV_ERROR),
           cckit_validation_count(v, CCKIT_SEV_WARNING));
    cckit_validation_free(v);

    cckit_convert_options co;
    cckit_convert_options_default(&co);
    co.to = CCKIT_CC_1_2;
    cckit_loss_report *rep = NULL;
    cckit_status st = cckit_convert(argv[1], argv[2], &co, &rep, &err);
    if (st != CCKIT_OK) {
        cckit_loss_report_free(rep);
        return fail("convert", &err);
    }
    printf("converted %s\n", rep->written ? "written" : "refused");
    cckit_loss_report_free(rep);
    return 0;
}
