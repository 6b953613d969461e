/* html_page.c - escaping and the shared skeleton of cckit's HTML pages
 * (see html_page.h). */
#include "config.h"
#include "report/html_page.h"

#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) { len = 2; min = 0x80; }
    else if (c >= 0xe0 && c <= 0xef) { len = 3; min = 0x800; }
    else if (c >= 0xf0 && c <= 0xf4) { len = 4; min = 0x10000; }
    else
        return 0;
    if (n < len)
        return 0;
    unsigned cp = c & (0xff >> (len + 1));
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return len;
}

void cckit_html_escape_n(FILE *out, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        const char *rep = NULL;
        size_t len = 1;
        switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        case '\t': case '\n': break;
        default:
            if (c < 0x20 || c == 0x7f)
                rep = "\xef\xbf\xbd";
            else if (c >= 0x80 && (len = utf8_len(p + i, n - i)) == 0) {
                rep = "\xef\xbf\xbd";
                len = 1;
            }
        }
        if (rep)
            fputs(rep, out);
        else
            fwrite(p + i, 1, len, out);
        i += len;
    }
}

void cckit_html_escape(FILE *out, const char *s)
{
    if (s)
        cckit_html_escape_n(out, s, strlen(s));
}

/* A nonce nobody can guess from the cartridge; the clock is a fallback
 * only (the nonce guards against our own escaping mistakes, the escaping
 * is the defence). */
static void make_nonce(char *hex)
{
    unsigned char b[16];
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    ssize_t got = fd >= 0 ? read(fd, b, sizeof b) : -1;
    if (fd >= 0)
        close(fd);
    if (got != (ssize_t)sizeof b) {
        unsigned long x = (unsigned long)time(NULL) ^ (unsigned long)getpid() * 2654435761u;
        for (size_t i = 0; i < sizeof b; i++) {
            x = x * 6364136223846793005ull + 1442695040888963407ull;
            b[i] = (unsigned char)(x >> 33);
        }
    }
    for (size_t i = 0; i < sizeof b; i++)
        sprintf(hex + 2 * i, "%02x", b[i]);
}

/* Plain colours, no custom properties (their "--name" reads as an
 * option to tests/lib-no-cli-options.sh).  Colours meet WCAG AA on their
 * backgrounds; meaning is always in words
 * too (a badge says "error"), never in colour alone. */
static const char css[] =
    "*{box-sizing:border-box}[hidden]{display:none!important}\n"
    "body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1b1b1b;"
    "background:#fff}\n"
    "header,main,footer,nav{max-width:72rem;margin:0 auto;padding:0 1rem}\n"
    "header{padding-top:1rem}h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.3rem;margin:2rem 0 .5rem;"
    "border-bottom:2px solid #c8c8c8;overflow-wrap:anywhere}h3{font-size:1.1rem;margin:1.2rem 0 .4rem}"
    "h4{font-size:1rem;margin:0 0 .3rem;overflow-wrap:anywhere}\n"
    ".skip{position:absolute;left:-999px;top:0;background:#000;color:#fff;padding:.5rem}"
    ".skip:focus{left:0}\n"
    "a{color:#0645ad}a:focus,button:focus,input:focus,select:focus,[tabindex]:focus,summary:focus"
    "{outline:3px solid #1a5fb4;outline-offset:2px}\n"
    "table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #c8c8c8;padding:.25rem .6rem;"
    "text-align:left;vertical-align:top}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".muted{color:#4a4a4a}code,pre{font-family:ui-monospace,'DejaVu Sans Mono',monospace;"
    "font-size:.9em}\n"
    ".badge{display:inline-block;border:2px solid currentColor;border-radius:.3rem;padding:0 .35rem;"
    "font-weight:700;font-size:.85em;text-transform:uppercase;letter-spacing:.03em}\n"
    ".error{color:#a4000f}.warning{color:#7a4100}.info{color:#0b4f8a}.ok{color:#0b6b2b}\n"
    "pre.excerpt{background:#f6f6f6;border:1px solid #c8c8c8;padding:.4rem;margin:.3rem 0;overflow:auto;"
    "white-space:pre}pre.excerpt mark{background:#fff3b0;color:inherit;display:inline-block;"
    "min-width:100%;font-weight:700}.ln{color:#4a4a4a;user-select:none}\n"
    "@media print{.skip,#filters,script{display:none!important}body{font-size:11pt}"
    "header,main,footer{max-width:none}pre.excerpt{white-space:pre-wrap;overflow:visible;"
    "background:none}section{break-inside:avoid-page}h2,h3,h4{break-after:avoid}"
    "a{color:inherit;text-decoration:none}}\n";

void cckit_html_begin(cckit_html_page *p, FILE *out, const char *title, const char *extra_css)
{
    p->out = out;
    make_nonce(p->nonce);
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", out);
    fprintf(out,
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'; img-src data:; script-src 'nonce-%s'; base-uri 'none'; "
            "form-action 'none'\">\n",
            p->nonce);
    fputs("<meta name=\"referrer\" content=\"no-referrer\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"cckit ", out);
    cckit_html_escape(out, cckit_version());
    fputs("\">\n<title>", out);
    cckit_html_escape(out, title);
    fputs("</title>\n<style>\n", out);
    fputs(css, out);
    if (extra_css)
        fputs(extra_css, out);
    fputs("</style>\n</head>\n<body>\n", out);
}

int cckit_html_end(cckit_html_page *p, const char *script)
{
    if (script)
        fprintf(p->out, "<script nonce=\"%s\">\n%s</script>\n", p->nonce, script);
    fputs("</body>\n</html>\n", p->out);
    return ferror(p->out) ? -1 : 0;
}

const char *cckit_html_css(void)
{
    return css;
}

void cckit_html_begin_site(cckit_html_page *p, FILE *out, const char *title,
                           const char *policy, const char *css_href, bool script)
{
    p->out = out;
    p->nonce[0] = '\0';
    if (script)
        make_nonce(p->nonce);
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", out);
    fprintf(out, "<meta http-equiv=\"Content-Security-Policy\" content=\"%s%s%s%s\">\n", policy,
            script ? "; script-src 'nonce-" : "", p->nonce, script ? "'" : "");
    fputs("<meta name=\"referrer\" content=\"no-referrer\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"cckit ", out);
    cckit_html_escape(out, cckit_version());
    fputs("\">\n<title>", out);
    cckit_html_escape(out, title);
    fputs("</title>\n<link rel=\"stylesheet\" href=\"", out);
    cckit_html_escape(out, css_href);
    fputs("\">\n</head>\n<body>\n", out);
}
