/*
 * nfc.c - the Unicode NFC form of a UTF-8 string, with ICU's normalizer
 * (libicuuc: Debian's libxml2 links it already, so no new run-time
 * package).  Used only after an exact lookup failed, to match a name
 * and a reference written in different normalisation forms (macOS
 * writes decomposed NFD file names; editors type composed NFC text).
 */
#include "base/internal.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#define NFC_MAX_BYTES 4096   /* names and references are short: cap the work */

char *cckit_utf8_nfc(const char *s)
{
    size_t n = strlen(s);
    if (n > NFC_MAX_BYTES || !cckit_utf8_valid(s, n))
        return NULL;
    UErrorCode e = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&e);
    if (U_FAILURE(e))
        return NULL;
    /* UTF-16 of at most n units in; NFC grows a string at most 3 times */
    UChar *in = malloc((n + 1) * sizeof *in), *out = malloc((3 * n + 1) * sizeof *out);
    char *res = malloc(9 * n + 1);
    int32_t in_len = 0, out_len = 0, res_len = 0;
    if (in && out && res) {
        u_strFromUTF8(in, (int32_t)n + 1, &in_len, s, (int32_t)n, &e);
        if (U_SUCCESS(e))
            out_len = unorm2_normalize(nfc, in, in_len, out, (int32_t)(3 * n + 1), &e);
        if (U_SUCCESS(e))
            u_strToUTF8(res, (int32_t)(9 * n + 1), &res_len, out, out_len, &e);
    }
    free(in);
    free(out);
    if (!res || U_FAILURE(e)) {
        free(res);
        return NULL;
    }
    res[res_len] = '\0';
    return res;
}
