/*
 * limits.c - default caps of the import side (see cckit_limits in cckit.h).
 */
#include "base/internal.h"

#include <string.h>

#define KIB ((uint64_t)1024)
#define MIB (KIB * 1024)
#define GIB (MIB * 1024)

void cckit_limits_default(cckit_limits *lim)
{
    if (!lim)
        return;
    memset(lim, 0, sizeof *lim);
    /* Total uncompressed size: at most 16 GiB, and at most max_ratio times
     * the archive size (the source layer applies the ratio). */
    lim->max_total_size = 16 * GIB;
    lim->max_ratio = 100;
    lim->max_entries = 100000;
    lim->max_entry_size = 4 * GIB;
    lim->max_manifest_size = 64 * MIB;
    lim->max_xml_size = 16 * MIB;
    lim->max_xml_depth = 128;
    /* A document loaded whole costs about 700 bytes an element (libxml2
     * tree), twice over in convert (input and XSLT result): 100,000
     * elements stay near 150 MiB and 2-3 s.  The largest real manifest
     * in our corpus has a few thousand. */
    lim->max_xml_elements = 100000;
    lim->max_path_length = 1024;
    lim->max_outline_depth = 32;
}
