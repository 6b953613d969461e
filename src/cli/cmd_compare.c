/*
 * cmd_compare.c - `cckit compare PROVIDER CONSUMER`: what a provider's
 * characterization uses that the consumer's never shows, which of the
 * provider's ranges go beyond the consumer's, each with the share of the
 * provider's cartridges concerned, the matches, and one verdict.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_command self = { "compare", NULL, cmd_compare, cmd_compare_help };

void cmd_compare_help(FILE *out)
{
    fputs("Usage: cckit compare [OPTIONS] PROVIDER CONSUMER\n"
          "\n"
          "Compare a provider's characterization (made by 'cckit profile') with a\n"
          "consumer's characterization: every CC version, flavour, resource kind,\n"
          "type string, token, field, namespace, extension element, link form or\n"
          "package trait the provider uses and the consumer never shows, and every\n"
          "package fact whose provider range goes beyond the consumer's, each with\n"
          "the share of the provider's cartridges it concerns; then the matches and\n"
          "one verdict line.\n"
          "\n"
          "Options:\n", out);
    cli_help_format(out);
    fputs("  -h, --help                    show this help\n"
          "\n"
          "Exit status: 0 compatible, 1 not compatible, 2 usage error (or an\n"
          "unreadable profile).\n", out);
}

typedef struct list {
    cckit_departure *v;
    size_t n, cap;
    bool oom;
} list;

static void collect(void *vctx, const cckit_departure *d)
{
    list *l = vctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        cckit_departure *nv = realloc(l->v, cap * sizeof *nv);
        if (nv == NULL) {
            l->oom = true;
            return;
        }
        l->v = nv;
        l->cap = cap;
    }
    l->v[l->n++] = *d;
}

static void json_list(const list *l, bool match)
{
    size_t k = 0;
    for (size_t i = 0; i < l->n; i++) {
        const cckit_departure *d = &l->v[i];
        if (d->match != match)
            continue;
        fputs(k++ ? ",\n    {\"code\": " : "\n    {\"code\": ", stdout);
        cli_json_string(stdout, d->code);
        fputs(", \"group\": ", stdout);
        cli_json_string(stdout, d->group);
        fputs(", \"feature\": ", stdout);
        cli_json_string(stdout, d->feature);
        printf(", \"share\": %.4f, \"message\": ", d->share);
        cli_json_string(stdout, d->message);
        fputs(", \"seen\": ", stdout);
        cli_json_string(stdout, d->seen);
        fputs(", \"allowed\": ", stdout);
        cli_json_string(stdout, d->allowed);
        fputs("}", stdout);
    }
    if (k)
        fputs("\n  ", stdout);
}

static int cmp_share(const void *a, const void *b)
{
    const cckit_departure *x = a, *y = b;
    if (x->share != y->share)
        return x->share > y->share ? -1 : 1;
    int c = strcmp(x->code, y->code);
    return c ? c : strcmp(x->feature, y->feature);
}

int cmd_compare(int argc, char **argv)
{
    cli_opts o;
    int first;
    cli_opts_init(&o);
    int rc = cli_parse(argc, argv, &self, CLI_OPT_FORMAT, NULL, NULL, NULL, NULL, &o, &first);
    if (rc >= 0)
        return rc;
    if (argc - first != 2)
        return cli_usage_error(&self, "give PROVIDER and CONSUMER (two profiles made by 'cckit profile')");
    const char *pp = argv[first], *cp = argv[first + 1];
    cckit_profile *prov = NULL, *cons = NULL;
    cckit_error err;
    memset(&err, 0, sizeof err);
    if (cckit_profile_load(pp, &prov, &err) != CCKIT_OK ||
        cckit_profile_load(cp, &cons, &err) != CCKIT_OK) {
        cli_error("%s", err.message);
        cckit_profile_free(prov);
        return CLI_EXIT_USAGE;
    }
    list l = { NULL, 0, 0, false };
    size_t bad = cckit_profile_diff(cons, prov, "compare",
                                    CCKIT_DIFF_MATCHES | CCKIT_DIFF_UPPER_ONLY, collect, &l);
    uint64_t n = cckit_profile_count(prov);
    cckit_profile_free(prov);
    cckit_profile_free(cons);
    if (l.oom) {
        free(l.v);
        cli_error("out of memory");
        return CLI_EXIT_FAIL;
    }
    if (l.n > 1)   /* l.v is NULL when nothing was reported (empty profiles) */
        qsort(l.v, l.n, sizeof *l.v, cmp_share);
    bool ok = bad == 0;
    if (o.format == CLI_FORMAT_JSON) {
        fputs("{\"tool\": \"cckit\", \"provider\": ", stdout);
        cli_json_string(stdout, pp);
        fputs(", \"consumer\": ", stdout);
        cli_json_string(stdout, cp);
        printf(", \"provider_cartridges\": %llu, \"compatible\": %s,\n  \"mismatches\": [",
               (unsigned long long)n, ok ? "true" : "false");
        json_list(&l, false);
        fputs("],\n  \"matches\": [", stdout);
        json_list(&l, true);
        fputs("]}\n", stdout);
    } else {
        printf("provider: %s (%llu cartridges)\nconsumer: %s\n", pp, (unsigned long long)n, cp);
        size_t matches = 0;
        for (size_t i = 0; i < l.n; i++) {
            if (l.v[i].match) {
                matches++;
                continue;
            }
            printf("  mismatch %s: %s (provider: %s; consumer: %s)\n", l.v[i].code,
                   l.v[i].message, l.v[i].seen, l.v[i].allowed);
        }
        printf("  %zu features and ranges of the provider match the consumer\n", matches);
        if (ok)
            printf("verdict: COMPATIBLE: everything the provider uses, the consumer shows\n");
        else
            printf("verdict: NOT COMPATIBLE: %zu mismatch%s\n", bad, bad == 1 ? "" : "es");
    }
    free(l.v);
    return cli_finish_stdout(ok ? CLI_EXIT_OK : CLI_EXIT_FAIL);
}
