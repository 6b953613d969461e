/*
 * test_oom_ops.c - out of memory in pack, unpack, convert, a model load,
 * compat, profile, repair, diff, minimise and preview is an error the caller sees (test_oom.c's injection: the
 * library's Nth allocation fails).  Each run must end either in OK with
 * the output of the run without failures, byte for byte, or in
 * CCKIT_E_NOMEM with no output file and no temporary left in the output
 * folder; never another error, never a crash or a leak (CI runs this
 * under ASan).
 */
#define _GNU_SOURCE 1
#include "unit.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/internal.h"
#include "base/tempfile.h"
#include "oom.h"

static char dir[256];   /* inputs */
static cckit_error err; /* the last operation's */
static char out[300];   /* the output folder: empty between runs */

static void put(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    CU_ASSERT_FATAL(f != NULL);
    fputs(text, f);
    fclose(f);
}

static int suite_init(void)
{
    const char *t = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/cckit-test-oomops-XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(dir))
        return -1;
    snprintf(out, sizeof out, "%s/out", dir);
    char in[300];
    snprintf(in, sizeof in, "%s/in", dir);
    return mkdir(out, 0755) == 0 && mkdir(in, 0755) == 0 ? 0 : -1;
}

static int suite_clean(void)
{
    return cckit_rm_tree_at(AT_FDCWD, dir);
}

/* Append to b every entry below path (relative name, size, FNV-1a hash
 * of the bytes), sorted, then remove it: the folder is empty after. */
static void describe(cckit_strbuf *b, const char *path, const char *rel)
{
    struct dirent **names = NULL;
    int n = scandir(path, &names, NULL, alphasort);
    CU_ASSERT_FATAL(n >= 0);
    for (int i = 0; i < n; i++) {
        const char *nm = names[i]->d_name;
        if (strcmp(nm, ".") != 0 && strcmp(nm, "..") != 0) {
            char p[1024], r[1024];
            snprintf(p, sizeof p, "%s/%s", path, nm);
            snprintf(r, sizeof r, "%s%s%s", rel, *rel ? "/" : "", nm);
            struct stat st;
            CU_ASSERT_FATAL(lstat(p, &st) == 0);
            if (S_ISDIR(st.st_mode)) {
                cckit_strbuf_printf(b, "%s/\n", r);
                describe(b, p, r);
                rmdir(p);
            } else {
                uint64_t h = 1469598103934665603u;
                FILE *f = fopen(p, "rb");
                CU_ASSERT_FATAL(f != NULL);
                for (int c; (c = getc(f)) != EOF;)
                    h = (h ^ (unsigned char)c) * 1099511628211u;
                fclose(f);
                cckit_strbuf_printf(b, "%s %lld %016llx\n", r, (long long)st.st_size,
                                    (unsigned long long)h);
                unlink(p);
            }
        }
        free(names[i]);
    }
    free(names);
}

/* What the output folder holds, emptied. */
static char *take_out(void)
{
    cckit_strbuf b;
    cckit_strbuf_init(&b);
    describe(&b, out, "");
    return b.s ? b.s : oom_real_strdup("");
}

static void add_diags(cckit_strbuf *b, const cckit_diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        cckit_strbuf_printf(b, "%d %s %s:%u %s\n", (int)d->v[i].severity, d->v[i].code,
                            d->v[i].file ? d->v[i].file : "-", d->v[i].line,
                            d->v[i].message);
}

/* One operation: its status, and in *text what it produced beside the
 * output folder (findings, a report), malloc'd.  An operation calls
 * oom_disarm() once the library call under test returned, so that its
 * own formatting is never failed. */
typedef cckit_status (*oom_op)(char **text);

/* Every N up to OOM_EVERY, then a stride that keeps the runs of one
 * operation near OOM_RUNS: the suite under ASan in CI is meant to stay
 * under two minutes (about one today) while every part of a long
 * operation still gets failures.  Today's operations make at most ~830
 * allocations, so every N is failed; the stride is for inputs to come. */
#define OOM_EVERY 2000
#define OOM_RUNS 3000

/* Run op with allocation N failing for N = 1, 2, ... until a run makes
 * no failure; returns the number of injected-failure runs. */
static unsigned long oom_ops_loop(const char *name, oom_op op)
{
    const char *only = getenv("CCKIT_OOM_ONLY");   /* while debugging one */
    if (only && strcmp(only, name) != 0)
        return 0;
    char *text = NULL;
    /* A first run fills the process's caches (compiled schemas and
     * stylesheets): the runs below count without them. */
    cckit_status st = op(&text);
    CU_ASSERT_EQUAL_FATAL(st, CCKIT_OK);
    free(text);
    free(take_out());
    text = NULL;
    oom_arm(0);
    st = op(&text);
    unsigned long total = oom_disarm();
    CU_ASSERT_EQUAL_FATAL(st, CCKIT_OK);
    char *want_out = take_out();
    char *want = text;
    CU_ASSERT(total > 0);

    unsigned long stride = total > OOM_EVERY ? (total - OOM_EVERY) / (OOM_RUNS - OOM_EVERY) + 1 : 1;
    unsigned long runs = 0, nomem = 0, bad = 0;
    for (unsigned long n = 1;; n += n < OOM_EVERY ? 1 : stride) {
        text = NULL;
        oom_arm(n);
        st = op(&text);
        oom_disarm();
        bool hit = oom_failed();
        char *got_out = take_out();
        runs += hit;
        if (st == CCKIT_E_NOMEM) {
            nomem++;
            if (*got_out) {
                bad++;
                fprintf(stderr, "\n%s: allocation %lu failed: NOMEM, but left:\n%s", name, n, got_out);
            }
        } else if (st != CCKIT_OK) {
            bad++;
            fprintf(stderr, "\n%s: allocation %lu failed: status %d, not NOMEM: %s\n", name, n,
                    (int)st, err.message);
        } else if (strcmp(got_out, want_out) != 0 || strcmp(text ? text : "", want) != 0) {
            bad++;
            fprintf(stderr, "\n%s: allocation %lu failed: OK, but the output differs:\n"
                    "got:\n%s%s\nwant:\n%s%s\n", name, n, got_out, text ? text : "", want_out, want);
        }
        free(got_out);
        free(text);
        if (!hit || bad > 10)
            break;
    }
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT(nomem > 0);   /* the injection did reach the library */
    if (getenv("CCKIT_OOM_VERBOSE"))
        fprintf(stderr, "\n%s: %lu allocations, %lu injected-failure runs (%lu NOMEM)\n",
                name, total, runs, nomem);
    free(want_out);
    free(want);
    return runs;
}

/* ---- the operations ---------------------------------------------- */

static char target[400];

static cckit_status op_pack(char **text)
{
    char in[300];
    snprintf(in, sizeof in, "%s/in", dir);
    cckit_pack_options po;
    cckit_pack_options_default(&po);
    po.schema_dir = CCKIT_TEST_SRCDIR "/schemas";
    po.title = "Small course";
    cckit_diags d = {0};
    cckit_status st = cckit_pack(in, target, &po, &d, &err);
    oom_disarm();   /* what follows is the test's own work */
    cckit_strbuf b;
    cckit_strbuf_init(&b);
    add_diags(&b, &d);
    cckit_diags_free(&d);
    *text = b.s ? b.s : oom_real_strdup("");
    return st;
}

/* The outline sample: a weblink, a discussion, a quiz, an LTI link are
 * generated descriptors; the pages come from the folder. */
static cckit_status op_pack_outline(char **text)
{
    cckit_pack_options po;
    cckit_pack_options_default(&po);
    po.schema_dir = CCKIT_TEST_SRCDIR "/schemas";
    po.outline = CCKIT_TEST_SRCDIR "/samples/outline/course.yml";
    cckit_diags d = {0};
    cckit_status st = cckit_pack(CCKIT_TEST_SRCDIR "/samples/outline", target, &po, &d, &err);
    oom_disarm();   /* what follows is the test's own work */
    cckit_strbuf b;
    cckit_strbuf_init(&b);
    add_diags(&b, &d);
    cckit_diags_free(&d);
    *text = b.s ? b.s : oom_real_strdup("");
    return st;
}

/* A folder with a manifest: validated and zipped as it is. */
static cckit_status op_repack(char **text)
{
    cckit_pack_options po;
    cckit_pack_options_default(&po);
    po.schema_dir = CCKIT_TEST_SRCDIR "/schemas";
    cckit_diags d = {0};
    cckit_status st = cckit_pack(CCKIT_TEST_SRCDIR "/samples/minimal-cc1.1", target, &po, &d, &err);
    oom_disarm();   /* what follows is the test's own work */
    cckit_strbuf b;
    cckit_strbuf_init(&b);
    add_diags(&b, &d);
    cckit_diags_free(&d);
    *text = b.s ? b.s : oom_real_strdup("");
    return st;
}

static char packed[400];   /* op_pack's output, kept for unpack */

static cckit_status op_unpack(char **text)
{
    char dest[400];
    snprintf(dest, sizeof dest, "%s/x", out);
    cckit_unpack_options uo;
    cckit_unpack_options_default(&uo);
    cckit_diags d = {0};
    cckit_status st = cckit_unpack(packed, dest, &uo, &d, &err);
    oom_disarm();   /* what follows is the test's own work */
    cckit_strbuf b;
    cckit_strbuf_init(&b);
    add_diags(&b, &d);
    cckit_diags_free(&d);
    *text = b.s ? b.s : oom_real_strdup("");
    return st;
}

static const char *convert_in;     /* op_convert's input */
static cckit_cc_version convert_to; /* and target */
static bool convert_thin;

static cckit_status op_convert(char **text)
{
    cckit_convert_options co;
    cckit_convert_options_default(&co);
    co.to = convert_to;
    co.thin = convert_thin;
    co.xsl_dir = CCKIT_TEST_SRCDIR "/xsl";
    co.schema_dir = CCKIT_TEST_SRCDIR "/schemas";
    cckit_loss_report *r = NULL;
    cckit_status st = cckit_convert(convert_in, target, &co, &r, &err);
    oom_disarm();   /* what follows is the test's own work */
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    CU_ASSERT_FATAL(f != NULL);
    if (st == CCKIT_OK && r)
        CU_ASSERT(cckit_loss_report_write(r, CCKIT_REPORT_JSON, f) == 0);
    fclose(f);
    cckit_loss_report_free(r);
    *text = s;
    return st;
}

static cckit_model *model;

static void add_statement(cckit_strbuf *b, const cckit_model_statement *st)
{
    cckit_strbuf_printf(b, " [%s|%s|%s|%s]", st->source ? st->source->key : "-",
                        st->says ? st->says : "-", st->fix ? st->fix : "-",
                        st->loss ? st->loss : "-");
}

/* A model file read: every value it holds, as text. */
static cckit_status op_model(char **text)
{
    cckit_model *m = NULL;
    cckit_diags d = {0};
    cckit_status st = cckit_model_load(CCKIT_TEST_SRCDIR "/models/moodle.yaml", &m, &d, &err);
    oom_disarm();   /* what follows is the test's own work */
    cckit_strbuf b;
    cckit_strbuf_init(&b);
    add_diags(&b, &d);
    cckit_diags_free(&d);
    if (st == CCKIT_OK) {
        cckit_strbuf_printf(&b, "%s %s %u %u %d %s\n", m->target, m->name, m->accept, m->unknown,
                            m->thin, m->schematron ? m->schematron : "-");
        for (size_t i = 0; i < m->n_sources; i++)
            cckit_strbuf_printf(&b, "source %s %s %s\n", m->sources[i].key, m->sources[i].ref,
                                m->sources[i].how);
        for (size_t i = 0; i < m->n_limits; i++) {
            cckit_strbuf_printf(&b, "limit %s %d", m->limits[i].name, (int)m->limits[i].effect);
            add_statement(&b, &m->limits[i].st);
        }
        for (size_t i = 0; i < CCKIT_KIND_COUNT; i++) {
            cckit_strbuf_printf(&b, "\nkind %zu %d", i, (int)m->kinds[i].support);
            add_statement(&b, &m->kinds[i].st);
        }
        for (size_t i = 0; i < m->n_checks; i++) {
            cckit_strbuf_printf(&b, "\ncheck %s %d", m->checks[i].check, (int)m->checks[i].effect);
            add_statement(&b, &m->checks[i].st);
        }
        for (size_t i = 0; i < m->n_qti_keeps; i++)
            cckit_strbuf_printf(&b, "\nqti keeps %s", m->qti_keeps[i]);
        add_statement(&b, &m->versions);
        add_statement(&b, &m->qti);
    }
    cckit_model_free(m);
    *text = b.s ? b.s : oom_real_strdup("");
    return st;
}

static cckit_status op_compat(char **text)
{
    cckit_validate_options vo;
    cckit_validate_options_default(&vo);
    vo.schema_dir = CCKIT_TEST_SRCDIR "/schemas";
    cckit_compat *c = NULL;
    cckit_status st = cckit_compat_check(CCKIT_TEST_SRCDIR "/samples/intro-course-cc1.3",
                                         &model, 1, &vo, &c, &err);
    oom_disarm();   /* the report writer is not under test here */
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    CU_ASSERT_FATAL(f != NULL);
    if (st == CCKIT_OK)
        CU_ASSERT(cckit_compat_report(&c, 1, CCKIT_REPORT_JSON, false, f) == 0);
    fclose(f);
    cckit_compat_free(c);
    *text = s;
    return st;
}

static cckit_status op_profile(char **text)
{
    cckit_profile *p = cckit_profile_new();
    if (!p) {
        *text = oom_real_strdup("");
        return CCKIT_E_NOMEM;
    }
    cckit_limits lim;
    cckit_limits_default(&lim);
    cckit_status st = cckit_profile_add(p, CCKIT_TEST_SRCDIR "/samples/intro-course-cc1.3",
                                        &lim, &err);
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    CU_ASSERT_FATAL(f != NULL);
    /* write_json says -1 (its contract is an int) when it cannot sort
     * the features for lack of memory: the write failed, nothing hidden */
    if (st == CCKIT_OK && cckit_profile_write_json(p, f) != 0)
        st = CCKIT_E_NOMEM;
    fclose(f);
    cckit_profile_free(p);
    *text = s;
    return st;
}


/* ---- repair, diff, minimise, preview ------------------------------- */

static const char *tool_in;   /* the input of the operations below */

/* A report writer's output as *text (the test's own work: disarmed). */
static char *memtext(int (*write)(const void *, FILE *), const void *what)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CU_ASSERT_FATAL(f != NULL);
    if (what)
        CU_ASSERT(write(what, f) == 0);
    fclose(f);
    return buf;
}

static int write_repair(const void *r, FILE *f)
{
    return cckit_repair_report_write(r, CCKIT_REPORT_JSON, f);
}

static cckit_status op_repair(char **text)
{
    cckit_repair_options ro;
    cckit_repair_options_default(&ro);
    ro.schema_dir = CCKIT_TEST_SRCDIR "/schemas";
    cckit_repair_report *rep = NULL;
    cckit_status st = cckit_repair(tool_in, target, &ro, &rep, &err);
    oom_disarm();
    *text = memtext(write_repair, st == CCKIT_OK ? rep : NULL);
    cckit_repair_report_free(rep);
    return st;
}

static int write_diff(const void *d, FILE *f)
{
    return cckit_diff_write(d, CCKIT_REPORT_JSON, f);
}

static cckit_status op_diff(char **text)
{
    cckit_diff *d = NULL;
    cckit_status st = cckit_diff_paths(tool_in, packed, NULL, &d, &err);
    oom_disarm();
    *text = memtext(write_diff, d);
    cckit_diff_free(d);
    return st;
}

static cckit_status op_minimise(char **text)
{
    cckit_minimise_options mo;
    cckit_minimise_options_default(&mo);
    mo.schema_dir = CCKIT_TEST_SRCDIR "/schemas";
    mo.key = "oom";
    cckit_minimise_result *res = NULL;
    cckit_status st = cckit_minimise(tool_in, target, &mo, &res, &err);
    oom_disarm();
    cckit_strbuf b;
    cckit_strbuf_init(&b);
    if (st == CCKIT_OK && res)
        cckit_strbuf_printf(&b, "%zu %zu %zu %zu %d\n", res->entries_out, res->findings_in,
                            res->findings_out, res->resources_out, (int)res->same_findings);
    cckit_minimise_result_free(res);
    *text = b.s ? b.s : oom_real_strdup("");
    return st;
}

/* index.html's script nonce is random by design: zeroed before the
 * comparison. */
static void zero_nonces(const char *path)
{
    FILE *f = fopen(path, "r+b");
    if (!f)
        return;
    char buf[65536];
    size_t n = fread(buf, 1, sizeof buf, f);
    for (char *p = buf; (p = memmem(p, (size_t)(buf + n - p), "nonce", 5)) != NULL; p += 5) {
        char *h = p + 5;
        while (h < buf + n && (*h == '-' || *h == '=' || *h == '"'))
            h++;
        for (; h < buf + n && strchr("0123456789abcdef", *h) && *h; h++)
            *h = '0';
    }
    rewind(f);
    fwrite(buf, 1, n, f);
    fclose(f);
}

static cckit_status op_preview(char **text)
{
    char site[400];
    snprintf(site, sizeof site, "%s/site", out);
    cckit_preview_options po;
    cckit_preview_options_default(&po);
    cckit_preview_summary sum;
    memset(&sum, 0, sizeof sum);
    po.summary = &sum;
    cckit_status st = cckit_preview(tool_in, site, &po, &err);
    oom_disarm();
    char index[450];
    snprintf(index, sizeof index, "%s/index.html", site);
    zero_nonces(index);
    cckit_strbuf b;
    cckit_strbuf_init(&b);
    if (st == CCKIT_OK)
        cckit_strbuf_printf(&b, "%zu %zu %zu %zu %zu\n", sum.items, sum.unreached, sum.files,
                            sum.pages, sum.broken_links);
    *text = b.s ? b.s : oom_real_strdup("");
    return st;
}

/* ---- the tests ---------------------------------------------------- */

static void test_pack_unpack_oom(void)
{
    /* A folder without a manifest: two pages, a link, a style sheet, an
     * image, a page in a subfolder - pack makes the organization. */
    put("in/index.html", "<html><head><title>Start</title><link rel=\"stylesheet\" href=\"s.css\">"
        "</head><body><a href=\"more/two.html\">next</a><img src=\"p.png\"></body></html>\n");
    char sub[400];
    snprintf(sub, sizeof sub, "%s/in/more", dir);
    CU_ASSERT_FATAL(mkdir(sub, 0755) == 0);
    put("in/more/two.html", "<html><head><title>Two</title></head><body>"
        "<a href=\"../index.html\">back</a></body></html>\n");
    put("in/s.css", "body { background: url(p.png) }\n");
    put("in/p.png", "not really a picture\n");

    snprintf(target, sizeof target, "%s/course.imscc", out);
    oom_ops_loop("pack", op_pack);
    oom_ops_loop("pack-outline", op_pack_outline);
    oom_ops_loop("repack", op_repack);

    /* The archive pack wrote is unpack's input. */
    char in[300];
    snprintf(in, sizeof in, "%s/in", dir);
    snprintf(packed, sizeof packed, "%s/course.imscc", dir);
    cckit_pack_options po;
    cckit_pack_options_default(&po);
    po.schema_dir = CCKIT_TEST_SRCDIR "/schemas";
    CU_ASSERT_EQUAL_FATAL(cckit_pack(in, packed, &po, NULL, &err), CCKIT_OK);
    oom_ops_loop("unpack", op_unpack);
}

static void test_convert_oom(void)
{
    snprintf(target, sizeof target, "%s/course.imscc", out);
    convert_in = CCKIT_TEST_SRCDIR "/samples/minimal-cc1.1";
    convert_to = CCKIT_CC_1_3;
    oom_ops_loop("convert", op_convert);
    /* down to 1.1: an assignment becomes a page, LTI and QTI rewritten,
     * a loss report with changes */
    convert_in = CCKIT_TEST_SRCDIR "/samples/intro-course-cc1.3";
    convert_to = CCKIT_CC_1_1;
    oom_ops_loop("convert-down", op_convert);
    /* Thin CC 1.4: the link descriptors go inline into the manifest */
    convert_in = CCKIT_TEST_SRCDIR "/samples/thin-cc1.3";
    convert_to = CCKIT_CC_1_4;
    convert_thin = true;
    oom_ops_loop("convert-thin", op_convert);
    convert_thin = false;
    /* an archive: its descriptors are converted ahead on a thread of
     * their own, beside the manifest's stylesheet and the validation */
    static char arch[300];
    snprintf(arch, sizeof arch, "%s/intro.imscc", dir);
    cckit_pack_options po;
    cckit_pack_options_default(&po);
    po.schema_dir = CCKIT_TEST_SRCDIR "/schemas";
    CU_ASSERT_EQUAL_FATAL(cckit_pack(CCKIT_TEST_SRCDIR "/samples/intro-course-cc1.3", arch, &po,
                                     NULL, &err), CCKIT_OK);
    convert_in = arch;
    convert_to = CCKIT_CC_1_1;
    oom_ops_loop("convert-archive", op_convert);
}

static void test_compat_profile_oom(void)
{
    CU_ASSERT_EQUAL_FATAL(cckit_model_load(CCKIT_TEST_SRCDIR "/models/canvas.yaml", &model,
                                           NULL, &err), CCKIT_OK);
    oom_ops_loop("model", op_model);
    oom_ops_loop("compat", op_compat);
    cckit_model_free(model);
    model = NULL;
    oom_ops_loop("profile", op_profile);
}


static void test_tools_oom(void)
{
    snprintf(target, sizeof target, "%s/course.imscc", out);
    /* repair: a type string of another version rewritten */
    tool_in = CCKIT_TEST_SRCDIR "/tests/repair/cases/type-version/cartridge";
    oom_ops_loop("repair", op_repair);
    /* repair: associated content moved, a page and a descriptor relinked */
    tool_in = CCKIT_TEST_SRCDIR "/tests/repair/cases/ac-moved/cartridge";
    oom_ops_loop("repair (moves)", op_repair);
    /* diff: a folder against its own archive, then against another course */
    tool_in = CCKIT_TEST_SRCDIR "/samples/minimal-cc1.1";
    cckit_pack_options po;
    cckit_pack_options_default(&po);
    po.schema_dir = CCKIT_TEST_SRCDIR "/schemas";
    snprintf(packed, sizeof packed, "%s/minimal.imscc", dir);
    CU_ASSERT_EQUAL_FATAL(cckit_pack(tool_in, packed, &po, NULL, &err), CCKIT_OK);
    oom_ops_loop("diff-same", op_diff);
    snprintf(packed, sizeof packed, "%s", CCKIT_TEST_SRCDIR "/samples/thin-cc1.3");
    oom_ops_loop("diff", op_diff);
    oom_ops_loop("minimise", op_minimise);
    oom_ops_loop("preview", op_preview);
    /* preview of every kind: QTI, discussions, web links, LTI, assignments */
    tool_in = CCKIT_TEST_SRCDIR "/samples/intro-course-cc1.3";
    oom_ops_loop("preview-kinds", op_preview);
}

void register_oom_ops_tests(void)
{
    CU_pSuite s = CU_add_suite("oom-ops", suite_init, suite_clean);
    if (!s)
        return;
    CU_add_test(s, "pack (folder, outline), unpack: every failed allocation is NOMEM or harmless",
                test_pack_unpack_oom);
    CU_add_test(s, "convert: every failed allocation is NOMEM or harmless", test_convert_oom);
    CU_add_test(s, "compat, profile: every failed allocation is NOMEM or harmless",
                test_compat_profile_oom);
    CU_add_test(s, "repair, diff, minimise, preview: every failed allocation is NOMEM or "
                "harmless", test_tools_oom);
}
