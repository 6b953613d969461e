/* entry_read.c - a package entry into a DOM: opens the entry's stream
 * and hands it to the safe parsers of xml/xml_doc.c, which know nothing
 * of sources.  An HTML page is read by content/html_charset.c, which
 * decides its encoding first. */
#include "import/entry_read.h"

long cckit_stream_read_fn(void *ctx, void *buf, size_t n, cckit_error *err)
{
    return cckit_stream_read(ctx, buf, n, err);
}

cckit_status cckit_xml_read_entry(cckit_source *src, const cckit_entry *e,
                                  const cckit_limits *lim, xmlDocPtr *out, cckit_error *err)
{
    *out = NULL;
    cckit_stream *s = NULL;
    cckit_status st = cckit_stream_open(src, e, &s, err);
    if (st != CCKIT_OK)
        return st;
    st = cckit_xml_parse(cckit_stream_read_fn, s, e->name, lim, out, err);
    cckit_stream_close(s);
    return st;
}
