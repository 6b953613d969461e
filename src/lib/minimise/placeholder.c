/* placeholder.c - the media of a minimised cartridge: tiny files of the
 * type the name says, generated here (nothing of the original is kept). */
#include "minimise/anon.h"
#include <string.h>

static const unsigned char png[] = {   /* 1x1 transparent PNG */
    0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1,
    0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 13, 'I', 'D', 'A', 'T', 0x78,
    0x9c, 0x63, 0, 1, 0, 0, 5, 0, 1, 0x0d, 0x0a, 0x2d, 0xb4, 0, 0, 0, 0, 'I', 'E', 'N', 'D',
    0xae, 0x42, 0x60, 0x82 };
static const unsigned char gif[] = {   /* 1x1 GIF */
    'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x21,
    0xf9, 4, 1, 0, 0, 0, 0, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0, 0x3b };
static const unsigned char jpg[] = {   /* JPEG start and end markers, JFIF header */
    0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9 };
static const char pdf[] = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                          "2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
                          "trailer<</Root 1 0 R>>\n%%EOF\n";
static const char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>\n";
static const unsigned char zip[] = { 'P', 'K', 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                     0, 0, 0, 0 };   /* an empty ZIP (docx, epub, ...) */
static const unsigned char mp3[] = { 'I', 'D', '3', 3, 0, 0, 0, 0, 0, 0 };
static const unsigned char mp4[] = { 0, 0, 0, 16, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0,
                                     2, 0 };
static const char text[] = "x\n";

const void *cckit_anon_placeholder(const char *name, size_t *n)
{
    static const struct {
        const char *ext;
        const void *data;
        size_t n;
    } types[] = {
        { "png", png, sizeof png }, { "gif", gif, sizeof gif }, { "jpg", jpg, sizeof jpg },
        { "jpeg", jpg, sizeof jpg }, { "pdf", pdf, sizeof pdf - 1 }, { "svg", svg, sizeof svg - 1 },
        { "zip", zip, sizeof zip }, { "docx", zip, sizeof zip }, { "xlsx", zip, sizeof zip },
        { "pptx", zip, sizeof zip }, { "epub", zip, sizeof zip }, { "odt", zip, sizeof zip },
        { "h5p", zip, sizeof zip }, { "mp3", mp3, sizeof mp3 }, { "mp4", mp4, sizeof mp4 },
        { "m4v", mp4, sizeof mp4 }, { "mov", mp4, sizeof mp4 }, { "m4a", mp4, sizeof mp4 },
    };
    const char *dot = strrchr(name, '.'), *slash = strrchr(name, '/');
    if (dot && (!slash || dot > slash))
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
            if (cckit_strcasecmp_ascii(dot + 1, types[i].ext) == 0) {
                *n = types[i].n;
                return types[i].data;
            }
    *n = sizeof text - 1;
    return text;
}
