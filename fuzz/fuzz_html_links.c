/* fuzz_html_links.c - libFuzzer harness for links in HTML content: the
 * HTML reader (html_charset.c, xml_doc.c), the link checks (link_check.c) and the href
 * helpers they use (href.c).
 *
 * The input is one HTML page.  It is written as web/page.html of a small
 * fixed cartridge in a private temp folder (a manifest with one
 * webcontent resource listing it, plus web/img.png and web/a b.html for
 * links to resolve to); the cartridge is opened, the page parsed with
 * cckit_html_read_entry() and given to cckit_check_html_links(), then read
 * by the validator's pass, cckit_check_content_links().  Then
 * every line of the input (up to 64) is taken as an href and resolved
 * with cckit_href_resolve_ex() from web/ (both modes), decoded, checked
 * for a scheme, and its directory part taken. */
#define _GNU_SOURCE
#include "validate/validate.h"
#include "quiet.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[256], page[300];

static const char manifest[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<manifest identifier=\"M\" xmlns=\"http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1\">\n"
    " <metadata><schema>IMS Common Cartridge</schema><schemaversion>1.3.0</schemaversion></metadata>\n"
    " <organizations><organization identifier=\"O\" structure=\"rooted-hierarchy\">\n"
    "  <item identifier=\"root\"><item identifier=\"I1\" identifierref=\"R1\"><title>P</title></item></item>\n"
    " </organization></organizations>\n"
    " <resources>\n"
    "  <resource identifier=\"R1\" type=\"webcontent\" href=\"web/page.html\">\n"
    "   <file href=\"web/page.html\"/><file href=\"web/img.png\"/><file href=\"web/a%20b.html\"/>\n"
    "  </resource>\n"
    " </resources>\n"
    "</manifest>\n";

static void write_file(const char *name, const void *data, size_t size)
{
    char path[300];
    snprintf(path, sizeof path, "%s/%s", root, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        abort();
    const uint8_t *p = data;
    while (size > 0) {
        ssize_t w = write(fd, p, size);
        if (w <= 0)
            abort();
        p += w;
        size -= (size_t)w;
    }
    close(fd);
}

static void remove_all(void)
{
    static const char *const files[] = { "imsmanifest.xml", "web/img.png", "web/a b.html",
                                         "web/page.html", "web", "" };
    char path[300];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", root, files[i]);
        if (unlink(path) != 0)
            rmdir(path);
    }
}

static void setup(void)
{
    const char *bases[] = { "/dev/shm", getenv("TMPDIR"), "/tmp" };
    for (size_t i = 0; i < 3 && !root[0]; i++) {
        if (!bases[i])
            continue;
        snprintf(root, sizeof root, "%s/cckit-fuzz-links.XXXXXX", bases[i]);
        if (!mkdtemp(root))
            root[0] = '\0';
    }
    if (!root[0])
        abort();
    char web[300];
    snprintf(web, sizeof web, "%s/web", root);
    mkdir(web, 0700);
    write_file("imsmanifest.xml", manifest, sizeof manifest - 1);
    write_file("web/img.png", "PNG", 3);
    write_file("web/a b.html", "<p>x</p>", 8);
    snprintf(page, sizeof page, "%s/web/page.html", root);
    atexit(remove_all);
}

/* A package-relative, normalised path: no leading '/', no "//", and no
 * "." or ".." segment. */
static bool normalised(const char *p)
{
    if (*p == '/')
        return false;
    for (;;) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if ((n == 0 && e) || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
            return false;
        if (!e)
            return true;
        p = e + 1;
    }
}

static void hrefs(const uint8_t *data, size_t size)
{
    const uint8_t *p = data, *end = data + size;
    for (int n = 0; n < 64 && p < end; n++) {
        const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = (size_t)((nl ? nl : end) - p);
        char *s = malloc(len + 1);
        if (!s)
            abort();
        memcpy(s, p, len);
        s[len] = '\0';
        char *out = NULL;
        cckit_href_status st = cckit_href_resolve_ex("web/sub", s, 0, &out);
        if ((st == CCKIT_HREF_OK) != (out != NULL))
            abort(); /* a path exactly when OK */
        if (out && !normalised(out))
            abort(); /* resolved paths are normalised and stay inside the package */
        free(out);
        out = NULL;
        st = cckit_href_resolve_ex("", s, CCKIT_HREF_LITERAL, &out);
        (void)cckit_href_status_str(st);
        free(out);
        free(cckit_href_resolve("web", s));
        free(cckit_href_decode(s));
        (void)cckit_href_has_scheme(s);
        free(cckit_href_dirname(s));
        free(s);
        p = nl ? nl + 1 : end;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!root[0])
        setup();
    write_file("web/page.html", data, size);

    cckit_validate_options opt;
    cckit_validate_options_default(&opt);
    opt.strict = size & 1;
    opt.limits.max_xml_size = 1u << 20;
    cckit_cartridge *cart = NULL;
    cckit_error err;
    if (cckit_cartridge_open(root, &opt.limits, &cart, &err) != CCKIT_OK)
        abort(); /* the fixed cartridge always opens */
    cckit_validation *res = calloc(1, sizeof *res);
    if (!res || !(res->path = strdup(root)))
        abort();
    cckit_vctx v;
    memset(&v, 0, sizeof v);
    v.opt = &opt;
    v.out = res;
    v.cart = cart;
    v.m = cart->manifest;
    v.src = cart->source;
    v.version = CCKIT_CC_1_3;
    v.strict = opt.strict;
    v.rules = cckit_rule_tables;
    const cckit_entry *e = cckit_source_find(cart->source, "web/page.html");
    xmlDocPtr doc = NULL;
    stderr_capture_begin();
    if (e && cckit_html_read_entry(cart->source, e, &opt.limits, &doc, &err) == CCKIT_OK) {
        cckit_check_html_links(&v, e->name, doc);
        xmlFreeDoc(doc);
    }
    /* the validator's own pass: the page read by SAX (html_deps.c's
     * page reader, import/entry_whole.c) */
    cckit_check_content_links(&v);
    stderr_capture_end("the HTML reader or link checks");
    cckit_validation_free(res);
    cckit_cartridge_free(cart);
    hrefs(data, size);
    return 0;
}
