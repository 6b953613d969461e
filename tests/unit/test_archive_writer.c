/*
 * test_archive_writer.c - the ZIP writer (archive_writer.c): identical
 * bytes for the same input in any order, media stored, the manifest
 * first, duplicates and unsafe names refused, abort and failures leave
 * nothing, an existing target needs force, links are not written through,
 * stale temporaries are cleaned, raw copies keep their compressed bytes,
 * new entries deflated on the pool are the bytes libzip would write.
 */
#define _GNU_SOURCE 1
#include "unit.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "export/archive_writer.h"
#include "base/tempfile.h"

static char dir[256];

static int suite_init(void)
{
    const char *t = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/cckit-test-writer-XXXXXX", t && *t ? t : "/tmp");
    return mkdtemp(dir) ? 0 : -1;
}

static int suite_clean(void)
{
    return cckit_rm_tree_at(AT_FDCWD, dir);
}

static const char *p(const char *name)
{
    static char buf[4][PATH_MAX];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static void write_file(const char *path, const char *text, size_t repeat)
{
    FILE *f = fopen(path, "wb");
    CU_ASSERT_FATAL(f != NULL);
    for (size_t i = 0; i < repeat; i++)
        fputs(text, f);
    fclose(f);
}

/* Names in dir that contain the temp tag. */
static int count_temps(void)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL)
        if (strstr(de->d_name, CCKIT_TMP_TAG))
            n++;
    if (d)
        closedir(d);
    return n;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    *len = fread(b, 1, (size_t)n, f);
    fclose(f);
    return b;
}

/* Write the same content; order 0 or 1 changes the order of the adds. */
static cckit_status build(const char *target, int order, bool force)
{
    cckit_zip_writer *w = NULL;
    cckit_error err;
    cckit_status st = cckit_zip_writer_open(target, force, &w, &err);
    if (st != CCKIT_OK)
        return st;
    const char *manifest = "<manifest/>\n";
    if (order == 0) {
        CU_ASSERT(cckit_zip_writer_add_path(w, "web/page.html", p("page.html"), &err) == CCKIT_OK);
        CU_ASSERT(cckit_zip_writer_add_path(w, "web/pic.PNG", p("pic.png"), &err) == CCKIT_OK);
        CU_ASSERT(cckit_zip_writer_add_buffer(w, "imsmanifest.xml", manifest, strlen(manifest), &err) == CCKIT_OK);
        CU_ASSERT(cckit_zip_writer_add_buffer(w, "a/empty.txt", "", 0, &err) == CCKIT_OK);
    } else {
        CU_ASSERT(cckit_zip_writer_add_buffer(w, "a/empty.txt", "", 0, &err) == CCKIT_OK);
        CU_ASSERT(cckit_zip_writer_add_buffer(w, "imsmanifest.xml", manifest, strlen(manifest), &err) == CCKIT_OK);
        CU_ASSERT(cckit_zip_writer_add_path(w, "web/pic.PNG", p("pic.png"), &err) == CCKIT_OK);
        CU_ASSERT(cckit_zip_writer_add_path(w, "web/page.html", p("page.html"), &err) == CCKIT_OK);
    }
    st = cckit_zip_writer_commit(w, &err);
    cckit_zip_writer_abort(w);
    return st;
}

static void setup_inputs(void)
{
    write_file(p("page.html"), "<p>hello hello hello</p>\n", 2000);
    write_file(p("pic.png"), "\x89PNG not really but stored anyway ", 500);
}

static void test_deterministic(void)
{
    setup_inputs();
    CU_ASSERT_EQUAL_FATAL(build(p("one.imscc"), 0, false), CCKIT_OK);
    sleep(1);  /* a different clock second must not matter */
    CU_ASSERT_EQUAL_FATAL(build(p("two.imscc"), 1, false), CCKIT_OK);
    size_t l1, l2;
    char *a = slurp(p("one.imscc"), &l1), *b = slurp(p("two.imscc"), &l2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_EQUAL(l1, l2);
    CU_ASSERT(l1 == l2 && memcmp(a, b, l1) == 0);
    free(a);
    free(b);
    CU_ASSERT_EQUAL(count_temps(), 0);
    struct stat st;
    CU_ASSERT(stat(p("one.imscc"), &st) == 0 && (st.st_mode & 0777) == 0644);
}

static void test_layout(void)
{
    int ze;
    zip_t *za = zip_open(p("one.imscc"), ZIP_RDONLY, &ze);
    CU_ASSERT_PTR_NOT_NULL_FATAL(za);
    CU_ASSERT_EQUAL(zip_get_num_entries(za, 0), 4);
    CU_ASSERT_STRING_EQUAL(zip_get_name(za, 0, 0), "imsmanifest.xml");
    CU_ASSERT_STRING_EQUAL(zip_get_name(za, 1, 0), "a/empty.txt");
    CU_ASSERT_STRING_EQUAL(zip_get_name(za, 2, 0), "web/page.html");
    CU_ASSERT_STRING_EQUAL(zip_get_name(za, 3, 0), "web/pic.PNG");
    zip_stat_t st;
    CU_ASSERT(zip_stat_index(za, 2, 0, &st) == 0 && st.comp_method == ZIP_CM_DEFLATE);
    CU_ASSERT(st.size == 2000 * strlen("<p>hello hello hello</p>\n"));
    CU_ASSERT(st.comp_size < st.size / 10);
    CU_ASSERT(zip_stat_index(za, 3, 0, &st) == 0 && st.comp_method == ZIP_CM_STORE);
    CU_ASSERT(st.comp_size == st.size);
    for (zip_uint64_t i = 0; i < 4; i++) {
        zip_uint8_t opsys;
        zip_uint32_t attr;
        CU_ASSERT(zip_file_get_external_attributes(za, i, 0, &opsys, &attr) == 0);
        CU_ASSERT_EQUAL(opsys, ZIP_OPSYS_UNIX);
        CU_ASSERT_EQUAL(attr >> 16, 0100644);
        CU_ASSERT_EQUAL(zip_file_extra_fields_count(za, i, ZIP_FL_CENTRAL | ZIP_FL_LOCAL), 0);
    }
    /* the data reads back */
    zip_file_t *zf = zip_fopen_index(za, 2, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zf);
    char buf[64];
    CU_ASSERT(zip_fread(zf, buf, 25) == 25 && memcmp(buf, "<p>hello hello hello</p>\n", 25) == 0);
    zip_fclose(zf);
    zip_close(za);
}

static void test_precompressed(void)
{
    CU_ASSERT(cckit_zip_is_precompressed("a/b/photo.JPG"));
    CU_ASSERT(cckit_zip_is_precompressed("x.woff2"));
    CU_ASSERT(cckit_zip_is_precompressed("doc.pdf"));
    CU_ASSERT(cckit_zip_is_precompressed("slides.pptx"));
    CU_ASSERT(!cckit_zip_is_precompressed("page.html"));
    CU_ASSERT(!cckit_zip_is_precompressed("png"));
    CU_ASSERT(!cckit_zip_is_precompressed(".png"));
    CU_ASSERT(!cckit_zip_is_precompressed("dir.png/readme"));
}

static void test_refusals(void)
{
    cckit_zip_writer *w = NULL;
    cckit_error err;
    /* existing target without force */
    CU_ASSERT_EQUAL(cckit_zip_writer_open(p("one.imscc"), false, &w, &err), CCKIT_E_IO);
    CU_ASSERT_PTR_NULL(w);
    CU_ASSERT(err.fix & CCKIT_FIX_FORCE);
    /* a folder or a link at the target: even with force */
    CU_ASSERT_EQUAL(cckit_zip_writer_open(dir, true, &w, &err), CCKIT_E_IO);
    CU_ASSERT_EQUAL(symlink(p("outside"), p("link.imscc")), 0);
    CU_ASSERT_EQUAL(cckit_zip_writer_open(p("link.imscc"), true, &w, &err), CCKIT_E_IO);
    CU_ASSERT(access(p("outside"), F_OK) != 0);
    /* missing folder */
    CU_ASSERT_EQUAL(cckit_zip_writer_open(p("no/such/x.imscc"), false, &w, &err), CCKIT_E_IO);
    CU_ASSERT(strstr(err.message, "no/such") != NULL);

    CU_ASSERT_EQUAL_FATAL(cckit_zip_writer_open(p("three.imscc"), false, &w, &err), CCKIT_OK);
    CU_ASSERT_EQUAL(count_temps(), 1);
    CU_ASSERT_EQUAL(cckit_zip_writer_add_buffer(w, "a.txt", "x", 1, &err), CCKIT_OK);
    CU_ASSERT_EQUAL(cckit_zip_writer_add_buffer(w, "a.txt", "y", 1, &err), CCKIT_E_USAGE);
    CU_ASSERT(strstr(err.message, "a.txt") != NULL);
    CU_ASSERT_STRING_EQUAL(err.file, "a.txt");   /* the entry the user knows */
    CU_ASSERT_EQUAL(cckit_zip_writer_add_buffer(w, "../evil", "y", 1, &err), CCKIT_E_UNSAFE);
    CU_ASSERT_STRING_EQUAL(err.file, "../evil");
    CU_ASSERT_EQUAL(cckit_zip_writer_add_buffer(w, "/abs", "y", 1, &err), CCKIT_E_UNSAFE);
    CU_ASSERT_EQUAL(cckit_zip_writer_add_path(w, "l", p("link.imscc"), &err), CCKIT_E_UNSAFE);
    CU_ASSERT_STRING_EQUAL(err.file, "l");
    CU_ASSERT_EQUAL(cckit_zip_writer_add_path(w, "d", dir, &err), CCKIT_E_UNSAFE);
    CU_ASSERT_STRING_EQUAL(err.file, "d");
    /* abort leaves nothing */
    cckit_zip_writer_abort(w);
    CU_ASSERT_EQUAL(count_temps(), 0);
    CU_ASSERT(access(p("three.imscc"), F_OK) != 0);
    unlink(p("link.imscc"));
}

static void test_force_and_failure(void)
{
    cckit_zip_writer *w = NULL;
    cckit_error err;
    size_t l0, l1;
    char *before = slurp(p("one.imscc"), &l0);
    /* a file that changes size between add and commit: commit fails,
     * the old target stays, no temp is left */
    write_file(p("grow.txt"), "abc", 1);
    CU_ASSERT_EQUAL_FATAL(cckit_zip_writer_open(p("one.imscc"), true, &w, &err), CCKIT_OK);
    CU_ASSERT_EQUAL(cckit_zip_writer_add_path(w, "grow.txt", p("grow.txt"), &err), CCKIT_OK);
    write_file(p("grow.txt"), "abcdef", 1);
    CU_ASSERT_NOT_EQUAL(cckit_zip_writer_commit(w, &err), CCKIT_OK);
    CU_ASSERT(strstr(err.message, "grow.txt") != NULL);
    CU_ASSERT_STRING_EQUAL(err.file, "grow.txt");
    cckit_zip_writer_abort(w);
    CU_ASSERT_EQUAL(count_temps(), 0);
    char *after = slurp(p("one.imscc"), &l1);
    CU_ASSERT(l0 == l1 && memcmp(before, after, l0) == 0);
    free(after);
    /* with force the target is replaced */
    CU_ASSERT_EQUAL_FATAL(cckit_zip_writer_open(p("one.imscc"), true, &w, &err), CCKIT_OK);
    CU_ASSERT_EQUAL(cckit_zip_writer_add_buffer(w, "imsmanifest.xml", "<m/>", 4, &err), CCKIT_OK);
    CU_ASSERT_EQUAL(cckit_zip_writer_commit(w, &err), CCKIT_OK);
    cckit_zip_writer_abort(w);
    after = slurp(p("one.imscc"), &l1);
    CU_ASSERT(l1 != l0);
    free(after);
    free(before);
    CU_ASSERT_EQUAL(count_temps(), 0);
    /* empty archive refused */
    CU_ASSERT_EQUAL_FATAL(cckit_zip_writer_open(p("four.imscc"), false, &w, &err), CCKIT_OK);
    CU_ASSERT_EQUAL(cckit_zip_writer_commit(w, &err), CCKIT_E_USAGE);
    cckit_zip_writer_abort(w);
    CU_ASSERT_EQUAL(count_temps(), 0);
}

static void test_copy_entry_and_stale(void)
{
    /* copy between archives with add_entry */
    cckit_source *src = NULL;
    cckit_error err;
    CU_ASSERT_EQUAL_FATAL(cckit_source_open(p("two.imscc"), NULL, NULL, &src, &err), CCKIT_OK);
    /* a stale temp of a "killed" run: unlocked and old */
    write_file(p(".copy.imscc" CCKIT_TMP_TAG "AbCdEf"), "junk", 1);
    struct timespec old[2] = { { 1000000, 0 }, { 1000000, 0 } };
    utimensat(AT_FDCWD, p(".copy.imscc" CCKIT_TMP_TAG "AbCdEf"), old, 0);
    /* a live one (locked): kept */
    int live = open(p(".copy.imscc" CCKIT_TMP_TAG "LiVe00"), O_RDWR | O_CREAT, 0600);
    CU_ASSERT_FATAL(live >= 0);
    utimensat(AT_FDCWD, p(".copy.imscc" CCKIT_TMP_TAG "LiVe00"), old, 0);
    CU_ASSERT_EQUAL(flock(live, LOCK_EX), 0);
    cckit_zip_writer *w = NULL;
    CU_ASSERT_EQUAL_FATAL(cckit_zip_writer_open(p("copy.imscc"), false, &w, &err), CCKIT_OK);
    CU_ASSERT(access(p(".copy.imscc" CCKIT_TMP_TAG "AbCdEf"), F_OK) != 0);
    CU_ASSERT(access(p(".copy.imscc" CCKIT_TMP_TAG "LiVe00"), F_OK) == 0);
    for (size_t i = 0; i < cckit_source_count(src); i++) {
        const cckit_entry *e = cckit_source_entry(src, i);
        CU_ASSERT_EQUAL(cckit_zip_writer_add_entry(w, e->name, src, e, &err), CCKIT_OK);
    }
    CU_ASSERT_EQUAL(cckit_zip_writer_commit(w, &err), CCKIT_OK);
    cckit_zip_writer_abort(w);
    cckit_source_close(src);
    size_t l1, l2;
    char *a = slurp(p("two.imscc"), &l1), *b = slurp(p("copy.imscc"), &l2);
    CU_ASSERT(a && b && l1 == l2 && memcmp(a, b, l1) == 0);
    free(a);
    free(b);
    close(live);
    unlink(p(".copy.imscc" CCKIT_TMP_TAG "LiVe00"));
}

/* Raw copies (add_raw).  The input is made with libzip: a page deflated
 * at level 1 twice (page.html, read before the copy, and late.html, not
 * read), media deflated at level 9 and stored, a small stored text. */
static void add_level(zip_t *za, const char *name, const void *buf, size_t len, int level)
{
    zip_source_t *s = zip_source_buffer(za, buf, len, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    zip_int64_t i = zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8);
    CU_ASSERT_FATAL(i >= 0);
    CU_ASSERT(zip_set_file_compression(za, (zip_uint64_t)i, level ? ZIP_CM_DEFLATE : ZIP_CM_STORE,
                                       (zip_uint32_t)level) == 0);
}

static zip_stat_t stat_of(const char *zip, const char *name)
{
    int ze;
    zip_stat_t st;
    zip_stat_init(&st);
    zip_t *za = zip_open(zip, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    CU_ASSERT_PTR_NOT_NULL_FATAL(za);
    CU_ASSERT(zip_stat(za, name, 0, &st) == 0);
    /* the data reads back and matches its CRC (libzip checks at the end) */
    zip_file_t *zf = zip_fopen(za, name, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(zf);
    char buf[8192];
    zip_int64_t r, total = 0;
    while ((r = zip_fread(zf, buf, sizeof buf)) > 0)
        total += r;
    CU_ASSERT(r == 0 && (zip_uint64_t)total == st.size);
    zip_fclose(zf);
    zip_discard(za);
    return st;
}

/* Read every entry but late.html to its end (so its CRC is checked),
 * then add them all with add_raw. */
static void copy_raw(const char *from, const char *to)
{
    cckit_source *src = NULL;
    cckit_error err;
    char buf[8192];
    CU_ASSERT_EQUAL_FATAL(cckit_source_open(from, NULL, NULL, &src, &err), CCKIT_OK);
    cckit_zip_writer *w = NULL;
    CU_ASSERT_EQUAL_FATAL(cckit_zip_writer_open(to, false, &w, &err), CCKIT_OK);
    for (size_t i = 0; i < cckit_source_count(src); i++) {
        const cckit_entry *e = cckit_source_entry(src, i);
        cckit_stream *s = NULL;
        if (strcmp(e->name, "late.html") != 0
            && cckit_stream_open(src, e, &s, &err) == CCKIT_OK) {
            while (cckit_stream_read(s, buf, sizeof buf, &err) > 0)
                ;
            cckit_stream_close(s);
        }
        CU_ASSERT_EQUAL(cckit_zip_writer_add_raw(w, e->name, src, e, &err), CCKIT_OK);
    }
    CU_ASSERT_EQUAL(cckit_zip_writer_commit(w, &err), CCKIT_OK);
    cckit_zip_writer_abort(w);
    cckit_source_close(src);
}

static void test_raw_copy(void)
{
    static char page[60000], media[100000];
    size_t plen = 0;
    while (plen + 64 < sizeof page)
        plen += (size_t)snprintf(page + plen, 64, "line %zu of a page, with words that repeat\n", plen);
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof media; i++) {
        x = x * 1103515245u + 12345u;
        media[i] = (char)(x >> 23);
    }
    int ze;
    zip_t *za = zip_open(p("rawin.zip"), ZIP_CREATE | ZIP_EXCL, &ze);
    CU_ASSERT_PTR_NOT_NULL_FATAL(za);
    add_level(za, "imsmanifest.xml", "<manifest/>\n", 12, 1);
    add_level(za, "page.html", page, plen, 1);
    add_level(za, "late.html", page, plen, 1);
    add_level(za, "clip.mp4", media, sizeof media, 9);
    add_level(za, "photo.jpg", media, sizeof media, 0);
    add_level(za, "small.txt", page, 100, 0);
    CU_ASSERT_FATAL(zip_close(za) == 0);

    copy_raw(p("rawin.zip"), p("raw1.imscc"));
    zip_stat_t in = stat_of(p("rawin.zip"), "page.html"), out = stat_of(p("raw1.imscc"), "page.html");
    zip_stat_t late = stat_of(p("raw1.imscc"), "late.html");
    /* copied raw: the level-1 data as it was; not verified: deflated
     * again at the writer's level, which gives another size */
    CU_ASSERT(out.comp_method == ZIP_CM_DEFLATE && out.comp_size == in.comp_size);
    CU_ASSERT(out.crc == in.crc && out.size == in.size);
    CU_ASSERT(late.comp_method == ZIP_CM_DEFLATE && late.comp_size != in.comp_size);
    /* media deflated stays deflated (copied raw); stored stays stored */
    in = stat_of(p("rawin.zip"), "clip.mp4");
    out = stat_of(p("raw1.imscc"), "clip.mp4");
    CU_ASSERT(out.comp_method == ZIP_CM_DEFLATE && out.comp_size == in.comp_size);
    CU_ASSERT(stat_of(p("raw1.imscc"), "photo.jpg").comp_method == ZIP_CM_STORE);
    /* a small stored text is what the writer deflates: not raw */
    CU_ASSERT(stat_of(p("raw1.imscc"), "small.txt").comp_method == ZIP_CM_DEFLATE);
    /* copying the copy gives the same bytes */
    copy_raw(p("raw1.imscc"), p("raw2.imscc"));
    size_t l1, l2;
    char *a = slurp(p("raw1.imscc"), &l1), *b = slurp(p("raw2.imscc"), &l2);
    CU_ASSERT(a && b && l1 == l2 && memcmp(a, b, l1) == 0);
    free(a);
    free(b);
}

/* An output name the file system accepts (up to NAME_MAX bytes) is
 * written: the temporary's name is cut to fit, at a character boundary,
 * and stays recognisable by the stale clean-up. */
static void test_long_names(void)
{
    char name[NAME_MAX + 2], prefix[NAME_MAX + 1], again[NAME_MAX + 1];
    memset(name, 'a', NAME_MAX - 6);
    memcpy(name + NAME_MAX - 6, ".imscc", 7);          /* NAME_MAX bytes */
    cckit_tmp_prefix(name, prefix);
    CU_ASSERT(strlen(prefix) + 6 <= NAME_MAX);
    CU_ASSERT(prefix[0] == '.' && strncmp(prefix + 1, "aaaa", 4) == 0);
    CU_ASSERT_STRING_EQUAL(prefix + strlen(prefix) - strlen(CCKIT_TMP_TAG), CCKIT_TMP_TAG);
    cckit_tmp_prefix(name, again);
    CU_ASSERT_STRING_EQUAL(prefix, again);             /* stable: clean-up finds it */
    /* short names are kept whole */
    cckit_tmp_prefix("c.imscc", again);
    CU_ASSERT_STRING_EQUAL(again, ".c.imscc" CCKIT_TMP_TAG);
    /* two-byte characters are never cut in half */
    char utf[NAME_MAX + 1] = "";
    for (int i = 0; i < 126; i++)
        strcat(utf, "\xc3\xa9");
    cckit_tmp_prefix(utf, again);
    size_t body = strlen(again) - 1 - strlen(CCKIT_TMP_TAG);
    CU_ASSERT(body % 2 == 0 && body < 252 && strlen(again) + 6 <= NAME_MAX);

    /* a stale leftover under the cut prefix goes; the target is written */
    char stale[NAME_MAX + 8];   /* room the compiler can see for the suffix */
    CU_ASSERT_FATAL(strlen(prefix) + 6 <= NAME_MAX);
    CU_ASSERT_FATAL(snprintf(stale, sizeof stale, "%sAbCdEf", prefix) < (int)sizeof stale);
    write_file(p(stale), "junk", 1);
    cckit_zip_writer *w = NULL;
    cckit_error err;
    CU_ASSERT_EQUAL_FATAL(cckit_zip_writer_open(p(name), false, &w, &err), CCKIT_OK);
    CU_ASSERT(access(p(stale), F_OK) != 0);
    CU_ASSERT_EQUAL(count_temps(), 1);
    CU_ASSERT_EQUAL(cckit_zip_writer_add_buffer(w, "imsmanifest.xml", "<m/>", 4, &err), CCKIT_OK);
    CU_ASSERT_EQUAL(cckit_zip_writer_commit(w, &err), CCKIT_OK);
    cckit_zip_writer_abort(w);
    CU_ASSERT(access(p(name), F_OK) == 0);
    CU_ASSERT_EQUAL(count_temps(), 0);
    unlink(p(name));
    /* one byte more than the file system takes: refused, and said why */
    memset(name, 'a', NAME_MAX - 5);
    memcpy(name + NAME_MAX - 5, ".imscc", 7);
    CU_ASSERT_EQUAL(cckit_zip_writer_open(p(name), false, &w, &err), CCKIT_E_USAGE);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "longer than"));
    CU_ASSERT_EQUAL(count_temps(), 0);
}

/* New entries are deflated on the writer's thread pool (deflate_pool.c)
 * and handed to libzip deflated: the archive must be the one libzip
 * writes when it deflates them itself, as it does for files on disk. */
static void test_pool_same_as_libzip(void)
{
    enum { N = 24 };
    char *data[N];
    size_t lens[N];
    unsigned seed = 12345;
    for (int i = 0; i < N; i++) {
        /* sizes from 1 byte to ~600 KB; text, and noise under 64 KiB
         * (a bigger noisy file on disk would be stored, not deflated) */
        size_t n = i == 0 ? 1 : (size_t)(i % 3 == 2 ? 1000 + 2500 * i : 1 + 25000 * i);
        data[i] = malloc(n);
        CU_ASSERT_PTR_NOT_NULL_FATAL(data[i]);
        for (size_t k = 0; k < n; k++) {
            seed = seed * 1103515245u + 12345u;
            data[i][k] = i % 3 == 2 ? (char)(seed >> 16) : "<p>cartridge text, some of it repeated</p>\n"[(k + seed % 7) % 44];
        }
        lens[i] = n;
    }
    cckit_zip_writer *wa = NULL, *wb = NULL;
    cckit_error err;
    CU_ASSERT_EQUAL_FATAL(cckit_zip_writer_open(p("pool-a.imscc"), true, &wa, &err), CCKIT_OK);
    CU_ASSERT_EQUAL_FATAL(cckit_zip_writer_open(p("pool-b.imscc"), true, &wb, &err), CCKIT_OK);
    for (int i = 0; i < N; i++) {
        char name[64], file[64];
        snprintf(name, sizeof name, "d%02d/entry.xml", i);
        snprintf(file, sizeof file, "pool-%02d.xml", i);
        FILE *f = fopen(p(file), "wb");
        CU_ASSERT_FATAL(f != NULL);
        CU_ASSERT(fwrite(data[i], 1, lens[i], f) == lens[i]);
        fclose(f);
        CU_ASSERT_EQUAL(cckit_zip_writer_add_buffer(wa, name, data[i], lens[i], &err), CCKIT_OK);
        CU_ASSERT_EQUAL(cckit_zip_writer_add_path(wb, name, p(file), &err), CCKIT_OK);
    }
    CU_ASSERT_EQUAL(cckit_zip_writer_commit(wa, &err), CCKIT_OK);
    CU_ASSERT_EQUAL(cckit_zip_writer_commit(wb, &err), CCKIT_OK);
    cckit_zip_writer_abort(wa);
    cckit_zip_writer_abort(wb);
    size_t la, lb;
    char *a = slurp(p("pool-a.imscc"), &la), *b = slurp(p("pool-b.imscc"), &lb);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_EQUAL(la, lb);
    CU_ASSERT(la == lb && memcmp(a, b, la) == 0);
    /* and what was written reads back (libzip checks each CRC) */
    int ze;
    zip_t *za = zip_open(p("pool-a.imscc"), ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    CU_ASSERT_PTR_NOT_NULL_FATAL(za);
    for (int i = 0; i < N; i++) {
        zip_stat_t zs;
        CU_ASSERT_EQUAL_FATAL(zip_stat_index(za, (zip_uint64_t)i, 0, &zs), 0);
        CU_ASSERT_EQUAL(zs.comp_method, ZIP_CM_DEFLATE);
        char *back = malloc(lens[i] + 1);
        zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)i, 0);
        CU_ASSERT_PTR_NOT_NULL_FATAL(zf);
        zip_int64_t got = 0, r;
        while ((r = zip_fread(zf, back + got, lens[i] + 1 - (zip_uint64_t)got)) > 0)
            got += r;
        CU_ASSERT(r == 0 && zip_fclose(zf) == 0);
        CU_ASSERT((size_t)got == lens[i] && memcmp(back, data[i], lens[i]) == 0);
        free(back);
    }
    zip_close(za);
    free(a);
    free(b);
    for (int i = 0; i < N; i++)
        free(data[i]);
    CU_ASSERT_EQUAL(count_temps(), 0);
}

void register_archive_writer_tests(void)
{
    CU_pSuite s = CU_add_suite("archive_writer", suite_init, suite_clean);
    if (!s)
        return;
    CU_add_test(s, "same input, same bytes", test_deterministic);
    CU_add_test(s, "manifest first, sorted, media stored, fixed attributes", test_layout);
    CU_add_test(s, "precompressed extensions", test_precompressed);
    CU_add_test(s, "refusals; abort leaves nothing", test_refusals);
    CU_add_test(s, "force, failed commit keeps the old target", test_force_and_failure);
    CU_add_test(s, "copy entries between archives; stale temps", test_copy_entry_and_stale);
    CU_add_test(s, "output names up to NAME_MAX", test_long_names);
    CU_add_test(s, "raw copies keep the compressed bytes", test_raw_copy);
    CU_add_test(s, "new entries deflated by the pool as by libzip", test_pool_same_as_libzip);
}
