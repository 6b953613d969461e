/* fix_lti.c - repair.lti-icon-removed: an LTI link descriptor whose
 * <cartridge_icon identifierref> names no resource of the manifest
 * (lti.icon) loses that element.  The icon is not in the cartridge, so
 * no importer can show it; the element is optional in every version's
 * schema.  A loss all the same (the author meant an icon), listed.  As
 * with repair.dangling-ref-removed, the reference goes, nothing else:
 * which resource was meant would be a guess.  Only a descriptor the
 * validation reported lti.icon for is read. */
#include <string.h>

#include "repair/repair.h"

/* Whether the manifest (as the fixes left it) has a resource id. */
static bool has_resource(cckit_rp *r, const char *id)
{
    for (xmlNodePtr n = xmlDocGetRootElement(r->doc); n; n = cckit_rp_next(n)) {
        if (!cckit_rp_is(r, n, "resource"))
            continue;
        char *v = cckit_rp_attr(n, "identifier");
        bool hit = v && strcmp(v, id) == 0;
        xmlFree(v);
        if (hit)
            return true;
    }
    return false;
}

cckit_status cckit_fix_lti_icon(cckit_rp *r, const cckit_rule *row, cckit_error *err)
{
    bool oom = false;
    for (size_t k = 0; r->vin && k < r->vin->diags.n && !oom; k++) {
        const cckit_diag *g = &r->vin->diags.v[k];
        if (strcmp(g->code, "lti.icon") != 0 || !g->file)
            continue;
        const cckit_entry *e = cckit_source_find(r->src, g->file);
        xmlDocPtr d = e ? cckit_rp_desc(r, e, &oom) : NULL;
        xmlNodePtr root = d ? xmlDocGetRootElement(d) : NULL, icon = NULL;
        /* the element the validator reads: the root's first cartridge_icon */
        for (xmlNodePtr c = root ? root->children : NULL; c && !icon; c = c->next)
            if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "cartridge_icon") == 0)
                icon = c;
        char *ref = icon ? cckit_rp_attr(icon, "identifierref") : NULL;
        bool gone = ref && !has_resource(r, ref);
        if (gone) {
            unsigned line = (unsigned)xmlGetLineNo(icon);
            cckit_rp_unlink(icon);
            oom = !cckit_rp_fix(r, row, true, e->name, line, "the LTI link's <cartridge_icon> "
                                "named \"%.200s\", which is no resource of the manifest: the "
                                "element is removed (the link keeps no icon)", ref);
        }
        xmlFree(ref);
        cckit_rp_desc_done(r, e, d, gone);
    }
    return oom ? cckit_fail(err, CCKIT_E_NOMEM, "out of memory") : CCKIT_OK;
}
