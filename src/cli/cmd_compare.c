/*
 * cmd_compare.c - `cckit compare PROVIDER CONSUMER`: what a provider's
 * characterization uses that the consumer's never shows, which of the
 * provider's ranges go beyond the consumer's, each with the share of the
 * provider's cartridges concerned, the matches, and one verdict.  When
 * CONSUMER is an import model (a target name or a model file), each of
 * the model's statements instead: match, mismatch or unknown, with the
 * provider's cartridges it concerns and the statement's source.
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
          "       cckit compare [OPTIONS] PROVIDER TARGET|MODEL.yaml\n"
          "\n"
          "Compare a provider's characterization (made by 'cckit profile') with a\n"
          "consumer's characterization: every CC version, flavour, resource kind,\n"
          "type string, token, field, namespace, extension element, link form or\n"
          "package trait the provider uses and the consumer never shows, and every\n"
          "package fact whose provider range goes beyond the consumer's, each with\n"
          "the share of the provider's cartridges it concerns; then the matches and\n"
          "one verdict line.\n"
          "\n"
          "CONSUMER may instead be an import model: a target name (as 'cckit compat\n"
          "--list-targets' shows, e.g. moodle) or a model file (NAME.yaml).  Then each\n"
          "statement of the model is set against the provider's characterization:\n"
          "match, mismatch (with the number of the provider's cartridges concerned,\n"
          "exact or as bounds, and the statement's effect) or unknown (the profile\n"
          "does not record what the statement needs), with the statement's source.\n"
          "\n"
          "Options:\n", out);
    cli_help_format(out);
    fputs("      --models DIR              the shipped models' folder (default:\n"
          "                                $CCKIT_MODEL_DIR, else the installed one)\n"
          "  -h, --help                    show this help\n"
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

/* ---- a profile against an import model ---------------------------- */

typedef struct mlist {
    cckit_model_match *v;
    size_t n, cap;
    bool oom;
} mlist;

static void mcollect(void *vctx, const cckit_model_match *m)
{
    mlist *l = vctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 32;
        cckit_model_match *nv = realloc(l->v, cap * sizeof *nv);
        if (nv == NULL) {
            l->oom = true;
            return;
        }
        l->v = nv;
        l->cap = cap;
    }
    l->v[l->n++] = *m;
}

/* Mismatches first (failing ones first, most cartridges first), then
 * the unknown, then the matches; the model's order otherwise. */
static int rank(const cckit_model_match *m)
{
    return m->result == CCKIT_MATCH_MISMATCH ? (m->effect == CCKIT_EFFECT_FAILS ? 0 : 1)
           : m->result == CCKIT_MATCH_UNKNOWN ? 2 : 3;
}

static int cmp_match(const void *a, const void *b)
{
    const cckit_model_match *x = a, *y = b;
    if (rank(x) != rank(y))
        return rank(x) - rank(y);
    if (x->cartridges_max != y->cartridges_max)
        return x->cartridges_max > y->cartridges_max ? -1 : 1;
    unsigned lx = x->st ? x->st->line : 0, ly = y->st ? y->st->line : 0;
    return lx != ly ? (lx < ly ? -1 : 1) : strcmp(x->feature, y->feature);
}

static const char *effect_name(cckit_effect e)
{
    return e == CCKIT_EFFECT_FAILS ? "fails" : e == CCKIT_EFFECT_LOSS ? "loss" : "needs-setup";
}

static void json_opt(const char *key, const char *v)
{
    printf(", \"%s\": ", key);
    if (v)
        cli_json_string(stdout, v);
    else
        fputs("null", stdout);
}

static void model_json(const char *pp, const char *cp, const cckit_model *m, uint64_t n,
                       const mlist *l, const size_t count[3], const char *verdict)
{
    fputs("{\"tool\": \"cckit\", \"provider\": ", stdout);
    cli_json_string(stdout, pp);
    fputs(", \"consumer\": ", stdout);
    cli_json_string(stdout, cp);
    fputs(",\n  \"model\": {\"target\": ", stdout);
    cli_json_string(stdout, m->target);
    fputs(", \"name\": ", stdout);
    cli_json_string(stdout, m->name);
    fputs(", \"file\": ", stdout);
    cli_json_string(stdout, m->file);
    printf("},\n  \"provider_cartridges\": %llu, \"compatible\": %s, \"verdict\": \"%s\",\n"
           "  \"counts\": {\"match\": %zu, \"mismatch\": %zu, \"unknown\": %zu},\n"
           "  \"statements\": [", (unsigned long long)n, count[1] ? "false" : "true", verdict,
           count[0], count[1], count[2]);
    for (size_t i = 0; i < l->n; i++) {
        const cckit_model_match *x = &l->v[i];
        fputs(i ? ",\n    {\"statement\": " : "\n    {\"statement\": ", stdout);
        cli_json_string(stdout, x->statement);
        fputs(", \"feature\": ", stdout);
        cli_json_string(stdout, x->feature);
        printf(", \"result\": \"%s\", \"effect\": ", cckit_match_name(x->result));
        if (x->result == CCKIT_MATCH_MISMATCH)
            printf("\"%s\"", effect_name(x->effect));
        else
            fputs("null", stdout);
        printf(", \"cartridges\": {\"min\": %llu, \"max\": %llu}, \"message\": ",
               (unsigned long long)x->cartridges, (unsigned long long)x->cartridges_max);
        cli_json_string(stdout, x->message);
        fputs(", \"seen\": ", stdout);
        cli_json_string(stdout, x->seen);
        fputs(", \"stated\": ", stdout);
        cli_json_string(stdout, x->stated);
        if (x->st && x->st->source) {
            fputs(", \"source\": {\"ref\": ", stdout);
            cli_json_string(stdout, x->st->source->ref);
            fputs(", \"how\": ", stdout);
            cli_json_string(stdout, x->st->source->how);
            printf(", \"line\": %u}", x->st->line);
        } else {
            fputs(", \"source\": null", stdout);
        }
        json_opt("says", x->st ? x->st->says : NULL);
        json_opt("fix", x->st ? x->st->fix : NULL);
        fputs("}", stdout);
    }
    fputs(l->n ? "\n  ]}\n" : "]}\n", stdout);
}

static void model_text(const char *pp, const cckit_model *m, uint64_t n, const mlist *l,
                       const size_t count[3], const char *verdict)
{
    printf("provider: %s (%llu cartridges)\nconsumer: %s (import model %s)\n", pp,
           (unsigned long long)n, m->name, m->file);
    for (size_t i = 0; i < l->n; i++) {
        const cckit_model_match *x = &l->v[i];
        printf("  %-8s %s: %s", cckit_match_name(x->result), x->statement, x->message);
        if (x->result == CCKIT_MATCH_MISMATCH)
            printf(" [%s]", effect_name(x->effect));
        putchar('\n');
        if (x->st && x->st->source && x->result != CCKIT_MATCH)
            printf("           source: %s (%s; %s:%u)\n", x->st->source->ref, x->st->source->how,
                   m->file, x->st->line);
        if (x->st && x->st->fix && x->result == CCKIT_MATCH_MISMATCH)
            printf("           fix: %s\n", x->st->fix);
    }
    printf("verdict: %s: %zu statement%s mismatch, %zu unknown, %zu match\n", verdict, count[1],
           count[1] == 1 ? "" : "s", count[2], count[0]);
}

/* An import model rather than a profile: a NAME.yaml/.yml file, or a
 * bare target name that is not a file here. */
static bool names_model(const char *s)
{
    size_t n = strlen(s);
    if ((n > 5 && !strcmp(s + n - 5, ".yaml")) || (n > 4 && !strcmp(s + n - 4, ".yml")))
        return true;
    if (!n || strchr(s, '/') || strchr(s, '.'))
        return false;
    FILE *f = fopen(s, "r");
    if (f)
        fclose(f);
    return f == NULL;
}

static int against_model(const cli_opts *o, const char *models, const char *pp, const char *cp)
{
    cckit_profile *prov = NULL;
    cckit_model *m = NULL;
    cckit_error err;
    cckit_diags problems = { 0 };
    memset(&err, 0, sizeof err);
    if (cckit_profile_load(pp, &prov, &err) != CCKIT_OK) {
        cli_error("%s", err.message);
        return CLI_EXIT_USAGE;
    }
    if (cckit_model_find(cli_model_dir(models), cp, &m, &problems, &err) != CCKIT_OK) {
        if (problems.n)
            for (size_t k = 0; k < problems.n; k++)
                fprintf(stderr, "cckit: %s:%u: %s\n", problems.v[k].file, problems.v[k].line,
                        problems.v[k].message);
        else
            cli_error("%s", err.message);
        cckit_diags_free(&problems);
        cckit_profile_free(prov);
        return CLI_EXIT_USAGE;
    }
    cckit_diags_free(&problems);
    mlist l = { NULL, 0, 0, false };
    cckit_profile_compare_model(prov, m, mcollect, &l);
    uint64_t n = cckit_profile_count(prov);
    cckit_profile_free(prov);
    int rc = CLI_EXIT_OK;
    if (l.oom) {
        cli_error("out of memory");
        rc = CLI_EXIT_FAIL;
    } else {
        if (l.n > 1)   /* never sort a NULL list */
            qsort(l.v, l.n, sizeof *l.v, cmp_match);
        size_t count[3] = { 0, 0, 0 };
        bool fails = false, loss = false;
        for (size_t i = 0; i < l.n; i++) {
            count[l.v[i].result == CCKIT_MATCH ? 0 : l.v[i].result == CCKIT_MATCH_MISMATCH ? 1 : 2]++;
            if (l.v[i].result == CCKIT_MATCH_MISMATCH)
                *(l.v[i].effect == CCKIT_EFFECT_FAILS ? &fails : &loss) = true;
        }
        /* the worst the model predicts for some of the provider's cartridges */
        const char *verdict = fails ? "fails" : loss ? "imports-with-losses" : "imports";
        if (o->format == CLI_FORMAT_JSON)
            model_json(pp, cp, m, n, &l, count, verdict);
        else
            model_text(pp, m, n, &l, count, verdict);
        rc = cli_finish_stdout(count[1] ? CLI_EXIT_FAIL : CLI_EXIT_OK);
    }
    free(l.v);
    cckit_model_free(m);
    return rc;
}

enum { OPT_MODELS = 0x2100 };

static int extra(void *ctx, int opt, const char *arg)
{
    if (opt != OPT_MODELS)
        return cli_usage_error(&self, "unknown option");
    *(const char **)ctx = arg;
    return 0;
}

int cmd_compare(int argc, char **argv)
{
    static const struct option longs[] = {
        { "models", required_argument, NULL, OPT_MODELS },
        { NULL, 0, NULL, 0 }
    };
    cli_opts o;
    int first;
    const char *models = NULL;
    cli_opts_init(&o);
    int rc = cli_parse(argc, argv, &self, CLI_OPT_FORMAT, NULL, longs, extra, &models, &o, &first);
    if (rc >= 0)
        return rc;
    if (argc - first != 2)
        return cli_usage_error(&self, "give PROVIDER and CONSUMER (a profile made by 'cckit "
                               "profile', then a profile, a target name or a model file)");
    const char *pp = argv[first], *cp = argv[first + 1];
    if (names_model(cp))
        return against_model(&o, models, pp, cp);
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
