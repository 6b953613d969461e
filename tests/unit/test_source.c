/*
 * test_source.c - the source layer (source.c, archive_reader.c,
 * folder_reader.c) on archives and folders built by the tests themselves
 * (libzip into a mkdtemp folder), plus the generated adversarial archives
 * when a folder of them is available ($CCKIT_ADV, else /tmp/adv).
 */
#define _XOPEN_SOURCE 700 /* mkdtemp, symlink, mkfifo */
#include "unit.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "base/internal.h"
#include "import/source.h"

static char tmpdir[256];

/* ------------------------------------------------------------------ */
/* helpers                                                              */

static int rm_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return -1;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            struct dirent *de;
            while ((de = readdir(d)) != NULL) {
                if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
                    continue;
                char sub[1024];
                snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
                rm_tree(sub);
            }
            closedir(d);
        }
        return rmdir(path);
    }
    return unlink(path);
}

static int suite_init(void)
{
    const char *t = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/cckit-test-source-XXXXXX", t && *t ? t : "/tmp");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int suite_clean(void)
{
    rm_tree(tmpdir);
    return 0;
}

static const char *tpath(const char *name)
{
    static char buf[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
    return buf[k];
}

struct zent {
    const char *name;
    const char *data;     /* NULL: a directory entry */
    size_t len;           /* 0: strlen(data) */
    zip_flags_t name_enc; /* libzip name flags, 0 = guess */
    int store;            /* 1: ZIP_CM_STORE */
    zip_uint32_t unix_mode; /* nonzero: external attributes, unix */
    int method;           /* nonzero: compression method to set */
    int encrypt;          /* 1: encrypt */
};

/* Write a zip from ents; returns the path or NULL. */
static const char *make_zip(const char *file, const struct zent *ents, size_t n)
{
    const char *path = tpath(file);
    int zerr;
    unlink(path);
    zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    if (!za)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const struct zent *z = &ents[i];
        zip_int64_t idx;
        if (!z->data) {
            idx = zip_dir_add(za, z->name, z->name_enc);
        } else {
            size_t len = z->len ? z->len : strlen(z->data);
            zip_source_t *zs = zip_source_buffer(za, z->data, len, 0);
            if (!zs) {
                zip_discard(za);
                return NULL;
            }
            idx = zip_file_add(za, z->name, zs, z->name_enc);
            if (idx < 0)
                zip_source_free(zs);
        }
        if (idx < 0) {
            zip_discard(za);
            return NULL;
        }
        if (z->store)
            zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
        if (z->method)
            zip_set_file_compression(za, (zip_uint64_t)idx, z->method, 0);
        if (z->unix_mode)
            zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
                                             z->unix_mode << 16);
        if (z->encrypt &&
            zip_file_set_encryption(za, (zip_uint64_t)idx, ZIP_EM_TRAD_PKWARE, "infected") != 0 &&
            zip_file_set_encryption(za, (zip_uint64_t)idx, ZIP_EM_AES_128, "infected") != 0) {
            zip_discard(za);
            return NULL;
        }
    }
    if (zip_close(za) != 0) {
        zip_discard(za);
        return NULL;
    }
    return path;
}

/* Replace every occurrence of from by to (same length) in a file: used to
 * give a zip entry a name libzip would not write, keeping it unflagged. */
static void patch_file(const char *path, const char *from, const char *to)
{
    size_t n = strlen(from);
    CU_ASSERT_EQUAL_FATAL(strlen(to), n);
    FILE *f = fopen(path, "r+b");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    static char buf[65536];
    size_t len = fread(buf, 1, sizeof buf, f);
    int hits = 0;
    for (size_t i = 0; i + n <= len; i++)
        if (!memcmp(buf + i, from, n)) {
            memcpy(buf + i, to, n);
            hits++;
        }
    CU_ASSERT(hits >= 2); /* local header and central directory */
    rewind(f);
    CU_ASSERT_EQUAL(fwrite(buf, 1, len, f), len);
    fclose(f);
}

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    if (len)
        CU_ASSERT_EQUAL(fwrite(data, 1, len, f), len);
    fclose(f);
}

/* Does err match needle: "--max-NAME" is the limit the error reports
 * (cckit_limits field max_NAME), anything else a part of the message. */
static bool err_has(const cckit_error *err, const char *needle)
{
    if (strncmp(needle, "--max-", 6) != 0)
        return strstr(err->message, needle) != NULL;
    char field[64];
    snprintf(field, sizeof field, "%s", needle + 2);
    for (char *c = field; *c; c++)
        if (*c == '-')
            *c = '_';
    const char *f = cckit_limit_field(err->limit);
    return f && strcmp(f, field) == 0 && !strstr(err->message, "--");
}

/* Open path and expect status want; when want is not OK the error must
 * match needle (if not NULL, see err_has). */
static cckit_source *open_expect(const char *path, const cckit_limits *lim, cckit_diags *d,
                                 cckit_status want, const char *needle)
{
    cckit_source *src = NULL;
    cckit_error err;
    memset(&err, 0, sizeof err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(path);
    cckit_status st = cckit_source_open(path, lim, d, &src, &err);
    if (st != want || (want != CCKIT_OK && needle && !err_has(&err, needle)))
        fprintf(stderr, "\n  %s: expected %s '%s', got %s: %s\n", path, cckit_status_name(want),
                needle ? needle : "", cckit_status_name(st), err.message);
    CU_ASSERT_EQUAL(st, want);
    if (want != CCKIT_OK) {
        CU_ASSERT_PTR_NULL(src);
        if (needle)
            CU_ASSERT_TRUE(err_has(&err, needle));
        cckit_source_close(src);
        return NULL;
    }
    return src;
}

/* Read an entry whole; returns status, fills buf (NUL-terminated). */
static cckit_status slurp(cckit_source *src, const char *name, char *buf, size_t size,
                          cckit_error *err)
{
    const cckit_entry *e = cckit_source_find(src, name);
    if (!e) {
        err->status = CCKIT_E_NOTFOUND;
        snprintf(err->message, sizeof err->message, "no %s", name);
        return CCKIT_E_NOTFOUND;
    }
    cckit_stream *s = NULL;
    cckit_status st = cckit_stream_open(src, e, &s, err);
    if (st != CCKIT_OK)
        return st;
    size_t o = 0;
    long r;
    char tmp[7]; /* small reads on purpose */
    while ((r = cckit_stream_read(s, tmp, sizeof tmp, err)) > 0) {
        if (o + (size_t)r < size) {
            memcpy(buf + o, tmp, (size_t)r);
            o += (size_t)r;
        }
    }
    buf[o < size ? o : size - 1] = '\0';
    cckit_stream_close(s);
    return r < 0 ? err->status : CCKIT_OK;
}

static bool has_diag(const cckit_diags *d, const char *code, const char *needle)
{
    for (size_t i = 0; i < d->n; i++)
        if (!strcmp(d->v[i].code, code) && (!needle || strstr(d->v[i].message, needle)))
            return true;
    return false;
}

static const char manifest[] = "<?xml version=\"1.0\"?><manifest identifier=\"M\"/>\n";

/* ------------------------------------------------------------------ */
/* archives                                                             */

static void test_archive_normal(void)
{
    const struct zent z[] = {
        { "imsmanifest.xml", manifest, 0, 0, 0, 0, 0, 0 },
        { "web_resources/", NULL, 0, 0, 0, 0, 0, 0 },
        { "web_resources/page 3.html", "<p>hello</p>", 0, 0, 1, 0, 0, 0 },
        { "web_resources/#1 [x] !@#$%^&*().txt", "odd", 0, 0, 0, 0, 0, 0 },
    };
    const char *p = make_zip("normal.imscc", z, 4);
    cckit_diags d = { 0 };
    cckit_source *src = open_expect(p, NULL, &d, CCKIT_OK, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(src);
    CU_ASSERT_TRUE(cckit_source_is_archive(src));
    CU_ASSERT_STRING_EQUAL(cckit_source_path(src), p);
    struct stat st;
    CU_ASSERT_EQUAL(stat(p, &st), 0);
    CU_ASSERT_EQUAL(cckit_source_size(src), (uint64_t)st.st_size);
    CU_ASSERT_EQUAL(cckit_source_count(src), 4);
    CU_ASSERT_EQUAL(d.n, 0);
    /* archive order */
    CU_ASSERT_STRING_EQUAL(cckit_source_entry(src, 0)->name, "imsmanifest.xml");
    CU_ASSERT_PTR_NULL(cckit_source_entry(src, 4));
    const cckit_entry *dir = cckit_source_find(src, "web_resources/");
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    CU_ASSERT_TRUE(dir->is_dir);
    const cckit_entry *pg = cckit_source_find(src, "web_resources/page 3.html");
    CU_ASSERT_PTR_NOT_NULL_FATAL(pg);
    CU_ASSERT_FALSE(pg->is_dir);
    CU_ASSERT_EQUAL(pg->size, 12);
    CU_ASSERT_EQUAL(pg->method, CCKIT_METHOD_STORE);
    CU_ASSERT_NOT_EQUAL(pg->crc, 0);
    int m = cckit_source_find(src, "imsmanifest.xml")->method;
    CU_ASSERT(m == CCKIT_METHOD_DEFLATE || m == CCKIT_METHOD_STORE);
    CU_ASSERT_PTR_NULL(cckit_source_find(src, "web_resources"));
    CU_ASSERT_PTR_NULL(cckit_source_find(src, "IMSMANIFEST.XML"));
    CU_ASSERT_PTR_NULL(cckit_source_find(src, "zzz"));
    CU_ASSERT_PTR_EQUAL(cckit_source_find_nocase(src, "IMSMANIFEST.XML"),
                        cckit_source_find(src, "imsmanifest.xml"));
    CU_ASSERT_PTR_EQUAL(cckit_source_find_nocase(src, "Web_Resources/PAGE 3.html"), pg);
    CU_ASSERT_PTR_NULL(cckit_source_find_nocase(src, "nothing"));

    char buf[256];
    cckit_error err;
    CU_ASSERT_EQUAL(slurp(src, "imsmanifest.xml", buf, sizeof buf, &err), CCKIT_OK);
    CU_ASSERT_STRING_EQUAL(buf, manifest);
    CU_ASSERT_EQUAL(slurp(src, "web_resources/page 3.html", buf, sizeof buf, &err), CCKIT_OK);
    CU_ASSERT_STRING_EQUAL(buf, "<p>hello</p>");
    /* a directory cannot be streamed */
    cckit_stream *s = NULL;
    CU_ASSERT_EQUAL(cckit_stream_open(src, dir, &s, &err), CCKIT_E_USAGE);
    CU_ASSERT_PTR_NULL(s);
    /* an entry of another source is refused */
    cckit_entry fake = *pg;
    CU_ASSERT_EQUAL(cckit_stream_open(src, &fake, &s, &err), CCKIT_E_USAGE);
    cckit_source_close(src);
    cckit_diags_free(&d);
}

static void test_archive_unsafe_names(void)
{
    static const struct {
        const char *name, *needle;
    } cases[] = {
        { "../../evil.txt", "'..' component" },
        { "pages/sub/../../../x.txt", "'..' component" },
        { "/tmp/abs.txt", "absolute" },
        { "..\\..\\x.txt", "backslash" },
        { "C:/Windows/x.txt", "first component" },
        { "a/./b.txt", "'.' component" },
        { "a//b.txt", "empty component" },
        { "bad\x01name.txt", "control" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct zent z[] = {
            { "imsmanifest.xml", manifest, 0, 0, 0, 0, 0, 0 },
            { cases[i].name, "x", 0, 0, 0, 0, 0, 0 },
        };
        const char *p = make_zip("unsafe.imscc", z, 2);
        CU_ASSERT_PTR_NOT_NULL_FATAL(p);
        open_expect(p, NULL, NULL, CCKIT_E_UNSAFE, cases[i].needle);
    }
    /* the message names the entry, with control bytes escaped */
    const struct zent z[] = { { "bad\x01name.txt", "x", 0, 0, 0, 0, 0, 0 } };
    open_expect(make_zip("unsafe.imscc", z, 1), NULL, NULL, CCKIT_E_UNSAFE, "bad\\x01name.txt");
    /* too long for the limit */
    cckit_limits lim;
    cckit_limits_default(&lim);
    lim.max_path_length = 10;
    const struct zent z2[] = { { "a-long-name.html", "x", 0, 0, 0, 0, 0, 0 } };
    open_expect(make_zip("long.imscc", z2, 1), &lim, NULL, CCKIT_E_UNSAFE, "--max-path-length");
}

static void test_archive_symlink(void)
{
    const struct zent z[] = {
        { "imsmanifest.xml", manifest, 0, 0, 0, 0100644, 0, 0 },
        { "notes.txt", "/etc/passwd", 0, 0, 1, 0120777, 0, 0 },
    };
    open_expect(make_zip("symlink.imscc", z, 2), NULL, NULL, CCKIT_E_UNSAFE,
                "'notes.txt' is a symbolic link");
    const struct zent z2[] = { { "fifo", "", 0, 0, 1, 0010644, 0, 0 } };
    open_expect(make_zip("fifo.imscc", z2, 1), NULL, NULL, CCKIT_E_UNSAFE, "FIFO");
    /* plain unix modes are fine */
    const struct zent z3[] = { { "a.txt", "x", 0, 0, 0, 0100755, 0, 0 },
                               { "d/", NULL, 0, 0, 0, 0040755, 0, 0 } };
    cckit_source *src = open_expect(make_zip("modes.imscc", z3, 2), NULL, NULL, CCKIT_OK, NULL);
    cckit_source_close(src);
}

static void test_archive_encrypted(void)
{
    if (!zip_encryption_method_supported(ZIP_EM_TRAD_PKWARE, 1) &&
        !zip_encryption_method_supported(ZIP_EM_AES_128, 1)) {
        fprintf(stderr, "\n  (libzip cannot encrypt: skipped)\n");
        return;
    }
    const struct zent z[] = {
        { "imsmanifest.xml", manifest, 0, 0, 0, 0, 0, 0 },
        { "page.html", "<p>secret</p>", 0, 0, 0, 0, 0, 1 },
    };
    open_expect(make_zip("encrypted.imscc", z, 2), NULL, NULL, CCKIT_E_ARCHIVE,
                "encrypted entry 'page.html'");
}

static void test_archive_method(void)
{
    if (!zip_compression_method_supported(ZIP_CM_BZIP2, 1)) {
        fprintf(stderr, "\n  (libzip cannot write bzip2: skipped)\n");
        return;
    }
    const struct zent z[] = {
        { "imsmanifest.xml", manifest, 0, 0, 0, 0, 0, 0 },
        { "page.html", "<p>bzip2</p>", 0, 0, 0, 0, ZIP_CM_BZIP2, 0 },
    };
    open_expect(make_zip("bzip2.imscc", z, 2), NULL, NULL, CCKIT_E_ARCHIVE, "bzip2");
}

static void test_archive_collisions(void)
{
    const struct zent z[] = {
        { "imsmanifest.xml", manifest, 0, 0, 0, 0, 0, 0 },
        { "IMSMANIFEST.XML", manifest, 0, 0, 0, 0, 0, 0 },
        { "page.html", "1", 0, 0, 0, 0, 0, 0 },
        { "Page.html", "2", 0, 0, 0, 0, 0, 0 },
        { "PAGE.HTML", "3", 0, 0, 0, 0, 0, 0 },
    };
    cckit_diags d = { 0 };
    cckit_source *src = open_expect(make_zip("case.imscc", z, 5), NULL, &d, CCKIT_OK, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(src);
    CU_ASSERT_EQUAL(cckit_diags_count(&d, CCKIT_SEV_WARNING), 2);
    CU_ASSERT_TRUE(has_diag(&d, "zip.case-collision", "'IMSMANIFEST.XML', 'imsmanifest.xml'"));
    CU_ASSERT_TRUE(has_diag(&d, "zip.case-collision", "'Page.html'"));
    /* the exact name is the manifest */
    char buf[128];
    cckit_error err;
    CU_ASSERT_EQUAL(slurp(src, "page.html", buf, sizeof buf, &err), CCKIT_OK);
    CU_ASSERT_STRING_EQUAL(buf, "1");
    CU_ASSERT_STRING_EQUAL(cckit_source_find_nocase(src, "Page.html")->name, "Page.html");
    CU_ASSERT_EQUAL(cckit_strcasecmp_ascii(cckit_source_find_nocase(src, "PAGE.html")->name,
                                           "page.html"), 0);
    cckit_source_close(src);
    cckit_diags_free(&d);

    /* a file that is also a folder */
    const struct zent z2[] = { { "a", "file", 0, 0, 0, 0, 0, 0 },
                               { "a/b.html", "x", 0, 0, 0, 0, 0, 0 } };
    open_expect(make_zip("filedir.imscc", z2, 2), NULL, NULL, CCKIT_E_ARCHIVE,
                "'a' is a file, but entry 'a/b.html' uses it as a folder");
    const struct zent z3[] = { { "a/", NULL, 0, 0, 0, 0, 0, 0 },
                               { "a", "file", 0, 0, 0, 0, 0, 0 } };
    open_expect(make_zip("filedir2.imscc", z3, 2), NULL, NULL, CCKIT_E_ARCHIVE, "'a' is a file");
    /* but a.txt beside a/ is fine */
    const struct zent z4[] = { { "a/", NULL, 0, 0, 0, 0, 0, 0 },
                               { "a.txt", "x", 0, 0, 0, 0, 0, 0 },
                               { "a/b", "y", 0, 0, 0, 0, 0, 0 } };
    cckit_source_close(open_expect(make_zip("filedir3.imscc", z4, 3), NULL, NULL, CCKIT_OK, NULL));
}

static void test_archive_name_encodings(void)
{
    /* UTF-8 bytes without the flag: kept, with a warning */
    const struct zent z[] = {
        { "imsmanifest.xml", manifest, 0, 0, 0, 0, 0, 0 },
        { "cafXY.html", "x", 0, 0, 0, 0, 0, 0 },
    };
    const char *p = make_zip("unflagged.imscc", z, 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    patch_file(p, "cafXY.html", "caf\xc3\xa9.html");
    cckit_diags d = { 0 };
    cckit_source *src = open_expect(p, NULL, &d, CCKIT_OK, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(src);
    CU_ASSERT_PTR_NOT_NULL(cckit_source_find(src, "caf\xc3\xa9.html"));
    CU_ASSERT_TRUE(has_diag(&d, "zip.name-not-flagged-utf8", "caf\xc3\xa9.html"));
    cckit_source_close(src);
    cckit_diags_free(&d);

    /* CP437 bytes (0x82 = e acute): decoded, with a note */
    const struct zent z2[] = {
        { "imsmanifest.xml", manifest, 0, 0, 0, 0, 0, 0 },
        { "cafX.html", "x", 0, 0, 0, 0, 0, 0 },
    };
    p = make_zip("cp437.imscc", z2, 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    patch_file(p, "cafX.html", "caf\x82.html");
    memset(&d, 0, sizeof d);
    src = open_expect(p, NULL, &d, CCKIT_OK, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(src);
    CU_ASSERT_PTR_NOT_NULL(cckit_source_find(src, "caf\xc3\xa9.html"));
    CU_ASSERT_TRUE(has_diag(&d, "zip.name-cp437", NULL));
    CU_ASSERT_EQUAL(cckit_diags_count(&d, CCKIT_SEV_INFO), 1);
    char buf[16];
    cckit_error err;
    CU_ASSERT_EQUAL(slurp(src, "caf\xc3\xa9.html", buf, sizeof buf, &err), CCKIT_OK);
    CU_ASSERT_STRING_EQUAL(buf, "x");
    cckit_source_close(src);
    cckit_diags_free(&d);
}

static void test_archive_not_zip(void)
{
    const char *p = tpath("empty.imscc");
    write_file(p, "", 0);
    open_expect(p, NULL, NULL, CCKIT_E_ARCHIVE, "empty file, not a ZIP archive");
    p = tpath("junk.imscc");
    write_file(p, "this is not a zip archive at all, just some text\n", 49);
    open_expect(p, NULL, NULL, CCKIT_E_ARCHIVE, "not a ZIP archive");
    /* only an end of central directory record */
    static const unsigned char eocd[22] = { 'P', 'K', 5, 6 };
    p = tpath("eocd.imscc");
    write_file(p, eocd, sizeof eocd);
    open_expect(p, NULL, NULL, CCKIT_E_ARCHIVE, "no entries");
    /* a missing input is "not found" (its own hint), not an I/O error */
    open_expect(tpath("does-not-exist.imscc"), NULL, NULL, CCKIT_E_NOTFOUND, "does-not-exist");
}

static void test_archive_limits(void)
{
    static char zeros[2 * 1024 * 1024];
    const struct zent z[] = {
        { "imsmanifest.xml", manifest, 0, 0, 0, 0, 0, 0 },
        { "a.txt", "aaaaaaaaaaaaaaaaaaaa", 0, 0, 0, 0, 0, 0 },
        { "b.txt", "b", 0, 0, 0, 0, 0, 0 },
    };
    const char *p = make_zip("three.imscc", z, 3);
    cckit_limits lim;
    cckit_limits_default(&lim);
    lim.max_entries = 2;
    open_expect(p, &lim, NULL, CCKIT_E_LIMIT, "--max-entries");
    cckit_limits_default(&lim);
    lim.max_entry_size = 10;
    open_expect(p, &lim, NULL, CCKIT_E_LIMIT, "entry 'imsmanifest.xml' is 48 bytes");
    open_expect(p, &lim, NULL, CCKIT_E_LIMIT, "--max-entry-size");
    cckit_limits_default(&lim);
    lim.max_total_size = 30;
    open_expect(p, &lim, NULL, CCKIT_E_LIMIT, "--max-total-size");

    /* 2 MiB of zeros deflate ~1000:1 */
    const struct zent zb[] = {
        { "imsmanifest.xml", manifest, 0, 0, 0, 0, 0, 0 },
        { "zeros.bin", zeros, sizeof zeros, 0, 0, 0, 0, 0 },
    };
    p = make_zip("ratio.imscc", zb, 2);
    open_expect(p, NULL, NULL, CCKIT_E_LIMIT, "--max-ratio");
    cckit_limits_default(&lim);
    lim.max_ratio = 2000;
    cckit_source *src = open_expect(p, &lim, NULL, CCKIT_OK, NULL);
    cckit_source_close(src);
    /* the total: ratio x max(size, 1 MiB) */
    const struct zent zs[] = {
        { "imsmanifest.xml", manifest, 0, 0, 0, 0, 0, 0 },
        { "zeros.bin", zeros, sizeof zeros, 0, 1, 0, 0, 0 },
    };
    p = make_zip("stored.imscc", zs, 2);
    cckit_limits_default(&lim);
    lim.max_ratio = 1;
    src = open_expect(p, &lim, NULL, CCKIT_OK, NULL); /* 2 MiB stored: ratio 1 */
    cckit_source_close(src);
    p = make_zip("small.imscc", z, 3);
    lim.max_ratio = 1;
    src = open_expect(p, &lim, NULL, CCKIT_OK, NULL); /* tiny: base 1 MiB */
    cckit_source_close(src);
    /* ratio 0 and total 0: no total cap */
    lim.max_ratio = 0;
    lim.max_total_size = 0;
    src = open_expect(make_zip("ratio.imscc", zb, 2), &lim, NULL, CCKIT_OK, NULL);
    cckit_source_close(src);
}

static void test_archive_interleaved(void)
{
    /* two streams of one archive read in turns (shared file position) */
    static char a[300000], b[300000];
    for (size_t i = 0; i < sizeof a; i++) {
        a[i] = (char)('a' + i % 23);
        b[i] = (char)('A' + i % 19);
    }
    const struct zent z[] = { { "a.txt", a, sizeof a, 0, 1, 0, 0, 0 },
                              { "b.txt", b, sizeof b, 0, 0, 0, 0, 0 } };
    cckit_source *src = open_expect(make_zip("two.imscc", z, 2), NULL, NULL, CCKIT_OK, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(src);
    cckit_stream *sa, *sb;
    cckit_error err;
    CU_ASSERT_EQUAL_FATAL(cckit_stream_open(src, cckit_source_find(src, "a.txt"), &sa, &err), CCKIT_OK);
    CU_ASSERT_EQUAL_FATAL(cckit_stream_open(src, cckit_source_find(src, "b.txt"), &sb, &err), CCKIT_OK);
    size_t oa = 0, ob = 0;
    bool ok = true, ea = false, eb = false;
    char buf[777];
    while (!ea || !eb) {
        if (!ea) {
            long r = cckit_stream_read(sa, buf, sizeof buf, &err);
            if (r < 0 || oa + (size_t)r > sizeof a || memcmp(buf, a + oa, (size_t)r)) {
                ok = false;
                break;
            }
            oa += (size_t)r;
            ea = r == 0;
        }
        if (!eb) {
            long r = cckit_stream_read(sb, buf, sizeof buf - 100, &err);
            if (r < 0 || ob + (size_t)r > sizeof b || memcmp(buf, b + ob, (size_t)r)) {
                ok = false;
                break;
            }
            ob += (size_t)r;
            eb = r == 0;
        }
    }
    CU_ASSERT_TRUE(ok);
    CU_ASSERT_EQUAL(oa, sizeof a);
    CU_ASSERT_EQUAL(ob, sizeof b);
    cckit_stream_close(sa);
    cckit_stream_close(sb);
    cckit_source_close(src);
}

static void test_archive_stream_total(void)
{
    /* the running total of streamed bytes is capped too */
    static char data[1000];
    memset(data, 'x', sizeof data);
    const struct zent z[] = { { "data.txt", data, sizeof data, 0, 0, 0, 0, 0 } };
    cckit_limits lim;
    cckit_limits_default(&lim);
    lim.max_total_size = 1500;
    cckit_source *src = open_expect(make_zip("total.imscc", z, 1), &lim, NULL, CCKIT_OK, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(src);
    char buf[1100];
    cckit_error err;
    CU_ASSERT_EQUAL(slurp(src, "data.txt", buf, sizeof buf, &err), CCKIT_OK);
    CU_ASSERT_EQUAL(strlen(buf), 1000);
    CU_ASSERT_EQUAL(slurp(src, "data.txt", buf, sizeof buf, &err), CCKIT_E_LIMIT);
    CU_ASSERT_TRUE(err_has(&err, "--max-total-size"));
    cckit_source_close(src);
}

static void test_archive_crc(void)
{
    const char *payload = "CCKIT-CRC-TEST-PAYLOAD-0123456789";
    const struct zent z[] = { { "imsmanifest.xml", payload, 0, 0, 1, 0, 0, 0 } };
    const char *p = make_zip("crc.imscc", z, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    /* flip one byte of the stored data */
    FILE *f = fopen(p, "r+b");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf, f);
    char *hit = NULL;
    for (size_t i = 0; i + strlen(payload) <= n; i++)
        if (!memcmp(buf + i, payload, strlen(payload))) {
            hit = buf + i;
            break;
        }
    CU_ASSERT_PTR_NOT_NULL_FATAL(hit);
    fseek(f, (long)(hit - buf) + 5, SEEK_SET);
    fputc('#', f);
    fclose(f);
    cckit_source *src = open_expect(p, NULL, NULL, CCKIT_OK, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(src);
    cckit_error err;
    CU_ASSERT_EQUAL(slurp(src, "imsmanifest.xml", buf, sizeof buf, &err), CCKIT_E_ARCHIVE);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "CRC mismatch in entry 'imsmanifest.xml'"));
    cckit_source_close(src);
}

static unsigned le(const unsigned char *p, int n);

/* A deflated entry whose headers (local and central alike) were
 * patched: field at local-header offset lo and central offset co (4
 * bytes, little-endian) gets its value plus delta.  Returns the read's
 * status, the message in msg. */
static cckit_status patched_read(const char *file, size_t len, int lo, int co, int delta,
                                 char *msg, size_t msz)
{
    char *data = malloc(len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(data);
    /* numbered lines: deflate shrinks them, within the ratio cap */
    for (size_t i = 0, k = 0; i < len; k++) {
        char line[40];
        int w = snprintf(line, sizeof line, "<p>line %zu of the page</p>\n", k * 7919 % 1000003);
        for (int j = 0; j < w && i < len; j++)
            data[i++] = line[j];
    }
    const struct zent z[] = { { "page.html", data, len, 0, 0, 0, 0, 0 } };
    const char *p = make_zip(file, z, 1);
    free(data);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    FILE *f = fopen(p, "r+b");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL_FATAL(fseek(f, 0, SEEK_END), 0);
    size_t n = (size_t)ftell(f);
    unsigned char *buf = malloc(n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    rewind(f);
    CU_ASSERT_EQUAL_FATAL(fread(buf, 1, n, f), n);
    for (size_t i = 0; i + 46 <= n; i++) {
        unsigned sig = le(buf + i, 4);
        int at = sig == 0x04034b50u ? lo : sig == 0x02014b50u ? co : -1;
        if (at < 0)
            continue;
        unsigned v = le(buf + i + at, 4) + (unsigned)delta;
        for (int k = 0; k < 4; k++)
            buf[i + at + k] = (unsigned char)(v >> (8 * k));
    }
    CU_ASSERT_EQUAL_FATAL(fseek(f, 0, SEEK_SET), 0);
    CU_ASSERT_EQUAL_FATAL(fwrite(buf, 1, n, f), n);
    fclose(f);
    free(buf);
    cckit_source *src = open_expect(p, NULL, NULL, CCKIT_OK, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(src);
    CU_ASSERT_EQUAL(cckit_source_entry(src, 0)->method, CCKIT_METHOD_DEFLATE);
    cckit_error err;
    char out[64];
    cckit_status st = slurp(src, "page.html", out, sizeof out, &err);
    snprintf(msg, msz, "%s", st == CCKIT_OK ? "" : err.message);
    cckit_source_close(src);
    return st;
}

/* Small deflated entries are inflated whole by libdeflate, large ones
 * through libzip's stream (archive_reader.c): a lying CRC or size gets
 * the same status and message from both. */
static void test_archive_whole_entry(void)
{
    static const struct { const char *what; int lo, co, delta; const char *needle; } lies[] = {
        { "CRC", 14, 16, 1, "CRC mismatch in entry 'page.html'" },
        { "size, one less", 22, 24, -1, "longer than its declared size" },
        { "size, one more", 22, 24, 1, "shorter than its declared size" },
    };
    for (size_t i = 0; i < sizeof lies / sizeof lies[0]; i++) {
        char small[1100], large[1100];
        cckit_status a = patched_read("whole-small.imscc", 5000, lies[i].lo, lies[i].co,
                                      lies[i].delta, small, sizeof small);
        cckit_status b = patched_read("whole-large.imscc", (size_t)17 << 20, lies[i].lo,
                                      lies[i].co, lies[i].delta, large, sizeof large);
        if (a != b || strcspn(small, "(") != strcspn(large, "(")
            || strncmp(small, large, strcspn(small, "(")) != 0)
            fprintf(stderr, "\n  %s: small %d '%s', large %d '%s'\n", lies[i].what, a, small, b,
                    large);
        CU_ASSERT_EQUAL(a, CCKIT_E_ARCHIVE);
        CU_ASSERT_EQUAL(b, a);
        /* the same but for the sizes they name, in parentheses */
        CU_ASSERT_EQUAL(strcspn(small, "("), strcspn(large, "("));
        CU_ASSERT_EQUAL(strncmp(small, large, strcspn(small, "(")), 0);
        CU_ASSERT_PTR_NOT_NULL(strstr(small, lies[i].needle));
    }
    /* unpatched: both read back whole and are marked verified */
    char msg[1100];
    CU_ASSERT_EQUAL(patched_read("whole-small.imscc", 5000, 14, 16, 0, msg, sizeof msg), CCKIT_OK);
}

/* The integrity pass's reader (entry_verify.c) on entries larger than
 * its buffer, stored, deflated and empty: all good and marked verified;
 * then one byte of the last entry's data (stored, just before the
 * central directory) and one in the middle of the deflate data are
 * damaged, and it fails on those two, as a stream does. */
static cckit_status verify_one(cckit_source *src, const char *name, cckit_error *err)
{
    cckit_verifier *vf = cckit_verifier_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(vf);
    cckit_status st = cckit_entry_verify(vf, src, cckit_source_find(src, name), err);
    cckit_verifier_free(vf);
    return st;
}

static cckit_status drain_one(cckit_source *src, const char *name, cckit_error *err)
{
    static char buf[65536];
    cckit_stream *s;
    cckit_status st = cckit_stream_open(src, cckit_source_find(src, name), &s, err);
    if (st != CCKIT_OK)
        return st;
    long r;
    while ((r = cckit_stream_read(s, buf, sizeof buf, err)) > 0)
        ;
    cckit_stream_close(s);
    return r == 0 ? CCKIT_OK : err->status;
}

static void flip_byte(const char *path, long off)
{
    FILE *f = fopen(path, "r+b");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL_FATAL(fseek(f, off, SEEK_SET), 0);
    int c = fgetc(f);
    CU_ASSERT_FATAL(c != EOF);
    fseek(f, off, SEEK_SET);
    fputc(c ^ 0x5a, f);
    fclose(f);
}

static unsigned le(const unsigned char *p, int n)
{
    unsigned v = 0;
    while (n--)
        v = v << 8 | p[n];
    return v;
}

static void test_archive_verify(void)
{
    /* 3 MiB of text that deflates about 2:1, 2 MiB of noise stored */
    static char text[3 * 1024 * 1024 + 17], noise[2 * 1024 * 1024 + 3];
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof text; i++) {
        x = x * 1103515245u + 12345u;
        text[i] = (char)('a' + (x >> 16) % 16);
    }
    for (size_t i = 0; i < sizeof noise; i++) {
        x = x * 1103515245u + 12345u;
        noise[i] = (char)(x >> 16);
    }
    const struct zent z[] = {
        { "text.txt", text, sizeof text, 0, 0, 0, 0, 0 },
        { "empty.txt", "", 0, 0, 0, 0, 0, 0 },
        { "noise.bin", noise, sizeof noise, 0, 1, 0, 0, 0 },
    };
    const char *p = make_zip("verify.imscc", z, 3);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    cckit_source *src = open_expect(p, NULL, NULL, CCKIT_OK, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(src);
    cckit_error err;
    static const char *const names[] = { "text.txt", "empty.txt", "noise.bin" };
    for (size_t i = 0; i < 3; i++) {
        const cckit_entry *e = cckit_source_find(src, names[i]);
        CU_ASSERT_FALSE(cckit_source_verified(src, e));
        CU_ASSERT_EQUAL(verify_one(src, names[i], &err), CCKIT_OK);
        CU_ASSERT_TRUE(cckit_source_verified(src, e));
    }
    cckit_source_close(src);

    /* where the data is: the end of the central directory (no comment)
     * gives its offset; the first local header is text.txt's */
    unsigned char hdr[30], eocd[22];
    FILE *f = fopen(p, "rb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL_FATAL(fread(hdr, 1, sizeof hdr, f), sizeof hdr);
    fseek(f, -(long)sizeof eocd, SEEK_END);
    CU_ASSERT_EQUAL_FATAL(fread(eocd, 1, sizeof eocd, f), sizeof eocd);
    fclose(f);
    CU_ASSERT_EQUAL_FATAL(le(eocd, 4), 0x06054b50u);
    long cd = (long)le(eocd + 16, 4);
    long text_data = 30 + (long)le(hdr + 26, 2) + (long)le(hdr + 28, 2);
    long text_comp = (long)le(hdr + 18, 4);
    flip_byte(p, cd - 1);                        /* noise.bin's last byte */
    flip_byte(p, text_data + text_comp / 2);     /* inside text.txt's deflate data */

    src = open_expect(p, NULL, NULL, CCKIT_OK, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(src);
    CU_ASSERT_EQUAL(verify_one(src, "noise.bin", &err), CCKIT_E_ARCHIVE);
    CU_ASSERT_STRING_EQUAL(err.message, "CRC mismatch in entry 'noise.bin' (the archive is corrupt)");
    CU_ASSERT_STRING_EQUAL(err.file, "noise.bin");
    CU_ASSERT_EQUAL(verify_one(src, "text.txt", &err), CCKIT_E_ARCHIVE);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "'text.txt'"));
    CU_ASSERT_EQUAL(verify_one(src, "empty.txt", &err), CCKIT_OK);
    CU_ASSERT_FALSE(cckit_source_verified(src, cckit_source_find(src, "noise.bin")));
    CU_ASSERT_FALSE(cckit_source_verified(src, cckit_source_find(src, "text.txt")));
    /* a stream finds the same two */
    CU_ASSERT_EQUAL(drain_one(src, "noise.bin", &err), CCKIT_E_ARCHIVE);
    CU_ASSERT_EQUAL(drain_one(src, "text.txt", &err), CCKIT_E_ARCHIVE);
    cckit_source_close(src);
    unlink(p);
}

static void test_archive_many_entries(void)
{
    /* 20,000 entries: open, sorted lookups */
    const char *p = tpath("many.imscc");
    int zerr;
    zip_t *za = zip_open(p, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    CU_ASSERT_PTR_NOT_NULL_FATAL(za);
    char name[64];
    for (int i = 0; i < 20000; i++) {
        snprintf(name, sizeof name, "d%02d/file-%05d.txt", i % 50, i);
        zip_source_t *zs = zip_source_buffer(za, "x", 1, 0);
        CU_ASSERT_FATAL(zip_file_add(za, name, zs, 0) >= 0);
        zip_set_file_compression(za, (zip_uint64_t)i, ZIP_CM_STORE, 0);
    }
    CU_ASSERT_EQUAL_FATAL(zip_close(za), 0);
    cckit_source *src = open_expect(p, NULL, NULL, CCKIT_OK, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(src);
    CU_ASSERT_EQUAL(cckit_source_count(src), 20000);
    for (int i = 0; i < 20000; i += 997) {
        snprintf(name, sizeof name, "d%02d/file-%05d.txt", i % 50, i);
        const cckit_entry *e = cckit_source_find(src, name);
        CU_ASSERT_PTR_NOT_NULL(e);
        if (e)
            CU_ASSERT_STRING_EQUAL(e->name, name);
        snprintf(name, sizeof name, "D%02d/FILE-%05d.TXT", i % 50, i);
        CU_ASSERT_PTR_NOT_NULL(cckit_source_find_nocase(src, name));
    }
    cckit_source_close(src);
    unlink(p);
}

/* ------------------------------------------------------------------ */
/* folders                                                              */

static void test_folder_normal(void)
{
    const char *root = tpath("pkg");
    char p[600];
    CU_ASSERT_EQUAL_FATAL(mkdir(root, 0755), 0);
    snprintf(p, sizeof p, "%s/imsmanifest.xml", root);
    write_file(p, manifest, strlen(manifest));
    snprintf(p, sizeof p, "%s/web", root);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/web/page 1.html", root);
    write_file(p, "<p>1</p>", 8);
    snprintf(p, sizeof p, "%s/web/empty", root);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/A.txt", root);
    write_file(p, "A", 1);

    cckit_diags d = { 0 };
    cckit_source *src = open_expect(root, NULL, &d, CCKIT_OK, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(src);
    CU_ASSERT_FALSE(cckit_source_is_archive(src));
    CU_ASSERT_EQUAL(cckit_source_count(src), 5);
    static const char *const order[] = { "A.txt", "imsmanifest.xml", "web/", "web/empty/",
                                         "web/page 1.html" };
    for (size_t i = 0; i < 5; i++) {
        const cckit_entry *e = cckit_source_entry(src, i);
        CU_ASSERT_PTR_NOT_NULL_FATAL(e);
        CU_ASSERT_STRING_EQUAL(e->name, order[i]);
        CU_ASSERT_EQUAL(e->is_dir, order[i][strlen(order[i]) - 1] == '/');
        CU_ASSERT_EQUAL(e->crc, 0);
        CU_ASSERT_EQUAL(e->comp_size, e->size);
        CU_ASSERT_EQUAL(e->method, CCKIT_METHOD_STORE);
    }
    CU_ASSERT_EQUAL(cckit_source_size(src), strlen(manifest) + 8 + 1);
    char buf[256];
    cckit_error err;
    CU_ASSERT_EQUAL(slurp(src, "web/page 1.html", buf, sizeof buf, &err), CCKIT_OK);
    CU_ASSERT_STRING_EQUAL(buf, "<p>1</p>");
    CU_ASSERT_EQUAL(slurp(src, "imsmanifest.xml", buf, sizeof buf, &err), CCKIT_OK);
    CU_ASSERT_STRING_EQUAL(buf, manifest);
    CU_ASSERT_PTR_EQUAL(cckit_source_find_nocase(src, "a.TXT"), cckit_source_entry(src, 0));

    /* a symlink swapped in after the walk is not followed */
    snprintf(p, sizeof p, "%s/web/page 1.html", root);
    unlink(p);
    CU_ASSERT_EQUAL(symlink("/etc/passwd", p), 0);
    cckit_stream *s = NULL;
    cckit_status st = cckit_stream_open(src, cckit_source_find(src, "web/page 1.html"), &s, &err);
    CU_ASSERT_EQUAL(st, CCKIT_E_UNSAFE);
    CU_ASSERT_PTR_NULL(s);
    unlink(p);
    /* ... nor a folder on the way */
    snprintf(p, sizeof p, "%s/web", root);
    char moved[600];
    snprintf(moved, sizeof moved, "%s/web-moved", root);
    CU_ASSERT_EQUAL(rename(p, moved), 0);
    CU_ASSERT_EQUAL(symlink(moved, p), 0);
    st = cckit_stream_open(src, cckit_source_find(src, "web/page 1.html"), &s, &err);
    CU_ASSERT_EQUAL(st, CCKIT_E_UNSAFE);
    cckit_source_close(src);
    cckit_diags_free(&d);

    /* now the folder holds symlinks: refused at open, naming one */
    open_expect(root, NULL, NULL, CCKIT_E_UNSAFE, "symbolic link");
    rm_tree(root);
}

static void test_folder_unsafe(void)
{
    const char *root = tpath("bad");
    char p[600];
    CU_ASSERT_EQUAL_FATAL(mkdir(root, 0755), 0);
    snprintf(p, sizeof p, "%s/imsmanifest.xml", root);
    write_file(p, manifest, strlen(manifest));
    snprintf(p, sizeof p, "%s/sub", root);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/sub/link", root);
    CU_ASSERT_EQUAL(symlink("../../../../etc", p), 0);
    open_expect(root, NULL, NULL, CCKIT_E_UNSAFE, "'sub/link'");
    unlink(p);
    snprintf(p, sizeof p, "%s/sub/fifo", root);
    CU_ASSERT_EQUAL(mkfifo(p, 0600), 0);
    open_expect(root, NULL, NULL, CCKIT_E_UNSAFE, "'sub/fifo'");
    unlink(p);
    snprintf(p, sizeof p, "%s/sub/back\\slash", root);
    write_file(p, "x", 1);
    open_expect(root, NULL, NULL, CCKIT_E_UNSAFE, "backslash");
    unlink(p);
    snprintf(p, sizeof p, "%s/sub/caf\x82", root);
    write_file(p, "x", 1);
    open_expect(root, NULL, NULL, CCKIT_E_UNSAFE, "caf\\x82");
    unlink(p);
    /* caps */
    cckit_limits lim;
    cckit_limits_default(&lim);
    lim.max_entries = 1;
    open_expect(root, &lim, NULL, CCKIT_E_LIMIT, "--max-entries");
    cckit_limits_default(&lim);
    lim.max_total_size = 10;
    open_expect(root, &lim, NULL, CCKIT_E_LIMIT, "--max-total-size");
    cckit_limits_default(&lim);
    lim.max_entry_size = 10;
    open_expect(root, &lim, NULL, CCKIT_E_LIMIT, "--max-entry-size");
    /* nesting deeper than 64 folders */
    size_t o = (size_t)snprintf(p, sizeof p, "%s/sub", root);
    for (int i = 0; i < 70; i++) {
        o += (size_t)snprintf(p + o, sizeof p - o, "/d");
        CU_ASSERT_EQUAL(mkdir(p, 0755), 0);
    }
    open_expect(root, NULL, NULL, CCKIT_E_LIMIT, "64 levels");
    rm_tree(root);
}

/* ------------------------------------------------------------------ */
/* generated adversarial archives, when available                       */

static void test_adversarial(void)
{
    const char *dir = getenv("CCKIT_ADV");
    if (!dir || !*dir)
        dir = "/tmp/adv";
    char p[600];
    snprintf(p, sizeof p, "%s/zipslip_dotdot.imscc", dir);
    if (access(p, R_OK) != 0) {
        fprintf(stderr, "\n  (no adversarial archives in %s: skipped)\n", dir);
        return;
    }
    static const struct {
        const char *file;
        int verdict; /* 0 reject at open, 1 open and stream ok, 2 open, stream fails, 3 either */
    } cases[] = {
        { "zipslip_dotdot", 0 }, { "zipslip_inner_dotdot", 0 }, { "zipslip_absolute", 0 },
        { "zipslip_backslash", 0 }, { "zipslip_drive_letter", 0 }, { "symlink_to_passwd", 0 },
        { "symlink_write_through", 0 }, { "bomb_ratio", 0 }, { "bomb_overlap_quoted", 0 },
        { "bomb_overlap_same_offset", 0 }, { "duplicate_names", 0 }, { "truncated_data", 0 },
        { "truncated_cd", 0 }, { "size_lie_cd_small", 0 }, { "size_lie_lh_vs_cd", 0 },
        { "encrypted_entry", 0 }, { "names_non_utf8", 0 }, { "name_with_nul", 0 },
        { "empty_archive", 0 }, { "empty_file", 0 }, { "bad_crc", 2 }, { "zip64_valid", 1 },
        { "nested_zip", 1 }, { "case_collision", 1 }, { "prepended_junk", 3 },
        { "eocd_comment_confusion", 3 }, { "missing_manifest", 1 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(p, sizeof p, "%s/%s.imscc", dir, cases[i].file);
        if (access(p, R_OK) != 0)
            continue;
        cckit_source *src = NULL;
        cckit_error err;
        cckit_diags d = { 0 };
        cckit_status st = cckit_source_open(p, NULL, &d, &src, &err);
        int got;
        if (st != CCKIT_OK) {
            got = 0;
        } else {
            got = 1;
            static char buf[65536];
            for (size_t k = 0; k < cckit_source_count(src) && got == 1; k++) {
                const cckit_entry *e = cckit_source_entry(src, k);
                cckit_stream *s;
                if (e->is_dir)
                    continue;
                if (cckit_stream_open(src, e, &s, &err) != CCKIT_OK) {
                    got = 2;
                    break;
                }
                long r;
                while ((r = cckit_stream_read(s, buf, sizeof buf, &err)) > 0)
                    ;
                if (r < 0)
                    got = 2;
                cckit_stream_close(s);
            }
            cckit_source_close(src);
            /* the integrity pass's reader, on a fresh source (the total
             * cap counts both), fails where a stream fails */
            int got2 = 1;
            cckit_verifier *vf = cckit_verifier_new();
            CU_ASSERT_PTR_NOT_NULL_FATAL(vf);
            cckit_error err2;
            CU_ASSERT_EQUAL_FATAL(cckit_source_open(p, NULL, NULL, &src, &err2), CCKIT_OK);
            for (size_t k = 0; k < cckit_source_count(src) && got2 == 1; k++) {
                const cckit_entry *e = cckit_source_entry(src, k);
                if (!e->is_dir && cckit_entry_verify(vf, src, e, &err2) != CCKIT_OK)
                    got2 = 2;
            }
            cckit_source_close(src);
            cckit_verifier_free(vf);
            if (got2 != got)
                fprintf(stderr, "\n  %s: a stream gives %d, the integrity reader %d (%s)\n",
                        cases[i].file, got, got2, got2 == 2 ? err2.message : "");
            CU_ASSERT_EQUAL(got2, got);
        }
        cckit_diags_free(&d);
        if (cases[i].verdict != 3 && got != cases[i].verdict)
            fprintf(stderr, "\n  %s: expected verdict %d, got %d (%s)\n", cases[i].file,
                    cases[i].verdict, got, got ? err.message : "");
        CU_ASSERT(cases[i].verdict == 3 || got == cases[i].verdict);
    }
}

void register_source_tests(void)
{
    CU_pSuite s = CU_add_suite("source", suite_init, suite_clean);
    if (!s)
        return;
    CU_add_test(s, "archive: normal", test_archive_normal);
    CU_add_test(s, "archive: unsafe names", test_archive_unsafe_names);
    CU_add_test(s, "archive: symlinks and special files", test_archive_symlink);
    CU_add_test(s, "archive: encrypted entry", test_archive_encrypted);
    CU_add_test(s, "archive: compression method", test_archive_method);
    CU_add_test(s, "archive: duplicates and case collisions", test_archive_collisions);
    CU_add_test(s, "archive: name encodings", test_archive_name_encodings);
    CU_add_test(s, "archive: not a zip", test_archive_not_zip);
    CU_add_test(s, "archive: size caps", test_archive_limits);
    CU_add_test(s, "archive: interleaved streams", test_archive_interleaved);
    CU_add_test(s, "archive: streamed total cap", test_archive_stream_total);
    CU_add_test(s, "archive: CRC mismatch", test_archive_crc);
    CU_add_test(s, "archive: small entries inflated whole", test_archive_whole_entry);
    CU_add_test(s, "archive: the integrity reader", test_archive_verify);
    CU_add_test(s, "archive: 20,000 entries", test_archive_many_entries);
    CU_add_test(s, "folder: normal and swapped links", test_folder_normal);
    CU_add_test(s, "folder: unsafe contents and caps", test_folder_unsafe);
    CU_add_test(s, "adversarial archives ($CCKIT_ADV or /tmp/adv)", test_adversarial);
}
