/* report_info.c - what `cckit info` prints: the resource tree as text for
 * people and as one JSON document for scripts (the documented contract:
 * keys may be added, never renamed or removed). */
#include "base/internal.h"
#include <string.h>

static const char *schema_of(const cckit_manifest *m)
{
    if (m->metadata.schema)
        return m->metadata.schema;
    return m->thin ? "IMS Thin Common Cartridge" : "IMS Common Cartridge";
}

static const char *vsrc_name(cckit_version_source s)
{
    switch (s) {
    case CCKIT_VSRC_NAMESPACE: return "namespace";
    case CCKIT_VSRC_SCHEMAVERSION: return "schemaversion";
    case CCKIT_VSRC_TYPES: return "resource-types";
    case CCKIT_VSRC_NONE: break;
    }
    return "none";
}

static void json_diags(cckit_json *j, const cckit_diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        cckit_json_diag(j, &d->v[i], false);
}

/* Items nest as deep as the XML allows: walk without recursion. */
static void json_items(cckit_json *j, const cckit_item *it)
{
    while (it) {
        cckit_json_begin_object(j, NULL);
        cckit_json_string(j, "identifier", it->identifier);
        cckit_json_string(j, "title", it->title);
        cckit_json_string(j, "identifierref", it->identifierref);
        if (it->first_child) {
            cckit_json_begin_array(j, "items");
            it = it->first_child;
            continue;
        }
        cckit_json_begin_array(j, "items");
        cckit_json_end_array(j);
        cckit_json_end_object(j);
        while (it && !it->next) {
            it = it->parent;
            if (it) {
                cckit_json_end_array(j);
                cckit_json_end_object(j);
            }
        }
        if (it)
            it = it->next;
    }
}

int cckit_info_write_json(const cckit_cartridge *c, FILE *out)
{
    const cckit_manifest *m = c->manifest;
    cckit_counts n;
    cckit_cartridge_count(c, &n);
    cckit_json j;
    cckit_json_init(&j, out, true);
    cckit_json_begin_object(&j, NULL);
    cckit_json_string(&j, "path", c->path);
    cckit_json_string(&j, "version", m->version ? cckit_cc_version_string(m->version) : NULL);
    cckit_json_string(&j, "version_source", vsrc_name(m->version_source));
    cckit_json_string(&j, "schema", schema_of(m));
    cckit_json_string(&j, "schemaversion", m->metadata.schemaversion);
    cckit_json_bool(&j, "thin", m->thin);
    cckit_json_string(&j, "namespace", m->ns);
    cckit_json_string(&j, "identifier", m->identifier);
    cckit_json_string(&j, "title", m->metadata.title);
    cckit_json_begin_object(&j, "metadata");
    cckit_json_string(&j, "title", m->metadata.title);
    cckit_json_string(&j, "description", m->metadata.description);
    cckit_json_string(&j, "language", m->metadata.language);
    cckit_json_begin_array(&j, "keywords");
    for (size_t i = 0; i < m->metadata.n_keywords; i++)
        cckit_json_string(&j, NULL, m->metadata.keywords[i]);
    cckit_json_end_array(&j);
    cckit_json_string(&j, "rights", m->metadata.rights);
    cckit_json_end_object(&j);

    if (m->organization) {
        const cckit_organization *o = m->organization;
        cckit_json_begin_object(&j, "organization");
        cckit_json_string(&j, "identifier", o->identifier);
        cckit_json_string(&j, "structure", o->structure);
        cckit_json_string(&j, "title", o->title);
        cckit_json_begin_array(&j, "items");
        json_items(&j, o->first_item);
        cckit_json_end_array(&j);
        cckit_json_end_object(&j);
    } else {
        cckit_json_null(&j, "organization");
    }

    cckit_json_begin_array(&j, "resources");
    for (size_t i = 0; i < m->n_resources; i++) {
        const cckit_resource *r = m->resources[i];
        cckit_json_begin_object(&j, NULL);
        cckit_json_string(&j, "identifier", r->identifier);
        cckit_json_string(&j, "type", r->type);
        cckit_json_string(&j, "kind", cckit_kind_name(r->kind));
        cckit_json_string(&j, "href", r->href);
        if (r->xml_base)
            cckit_json_string(&j, "xml_base", r->xml_base);
        if (r->intendeduse)
            cckit_json_string(&j, "intendeduse", r->intendeduse);
        if (r->n_roles) {
            /* present = only these roles see the resource (LOM
             * educational/intendedEndUserRole values, as written) */
            cckit_json_begin_array(&j, "roles");
            for (size_t k = 0; k < r->n_roles; k++)
                cckit_json_string(&j, NULL, r->roles[k].value);
            cckit_json_end_array(&j);
        }
        cckit_json_begin_array(&j, "files");
        for (size_t f = 0; f < r->n_files; f++)
            cckit_json_string(&j, NULL, r->files[f].href);
        cckit_json_end_array(&j);
        cckit_json_begin_array(&j, "dependencies");
        for (size_t d = 0; d < r->n_deps; d++)
            cckit_json_string(&j, NULL, r->deps[d].identifierref);
        cckit_json_end_array(&j);
        if (r->n_variants) {
            cckit_json_begin_array(&j, "variants");
            for (size_t v = 0; v < r->n_variants; v++)
                cckit_json_string(&j, NULL, r->variants[v].identifierref);
            cckit_json_end_array(&j);
        }
        cckit_json_uint(&j, "line", r->pos.line);
        cckit_json_end_object(&j);
    }
    cckit_json_end_array(&j);

    cckit_json_begin_object(&j, "counts");
    cckit_json_uint(&j, "resources", n.resources);
    cckit_json_uint(&j, "items", n.items);
    cckit_json_uint(&j, "files", n.files);
    cckit_json_begin_object(&j, "by_kind");
    for (int k = 0; k < CCKIT_KIND_COUNT; k++)
        if (n.by_kind[k])
            cckit_json_uint(&j, cckit_kind_name((cckit_kind)k), n.by_kind[k]);
    cckit_json_end_object(&j);
    cckit_json_end_object(&j);

    if (c->source) {
        cckit_json_begin_object(&j, "archive");
        cckit_json_bool(&j, "zip", cckit_source_is_archive(c->source));
        cckit_json_uint(&j, "entries", n.entries);
        cckit_json_uint(&j, "compressed_bytes", n.compressed_bytes);
        cckit_json_uint(&j, "uncompressed_bytes", n.uncompressed_bytes);
        cckit_json_uint(&j, "size", cckit_source_size(c->source));
        cckit_json_end_object(&j);
    } else {
        cckit_json_null(&j, "archive");
    }

    cckit_json_begin_array(&j, "warnings");
    json_diags(&j, &c->diags);
    json_diags(&j, &m->diags);
    cckit_json_end_array(&j);
    cckit_json_end_object(&j);
    cckit_json_finish(&j);
    return ferror(out) ? -1 : 0;
}

/* ------------------------------------------------------------------ */

static void human_bytes(char *buf, size_t n, uint64_t b)
{
    if (b < 1024)
        snprintf(buf, n, "%llu B", (unsigned long long)b);
    else if (b < 1024 * 1024)
        snprintf(buf, n, "%.1f KiB", b / 1024.0);
    else if (b < 1024ull * 1024 * 1024)
        snprintf(buf, n, "%.1f MiB", b / (1024.0 * 1024));
    else
        snprintf(buf, n, "%.2f GiB", b / (1024.0 * 1024 * 1024));
}

int cckit_info_write_text(const cckit_cartridge *c, FILE *out, bool color)
{
    const cckit_manifest *m = c->manifest;
    const char *B = color ? "\033[1m" : "", *D = color ? "\033[2m" : "",
               *N = color ? "\033[0m" : "";
    cckit_counts n;
    cckit_cartridge_count(c, &n);

    fprintf(out, "%s%s%s\n", B, m->metadata.title ? m->metadata.title : "(untitled cartridge)", N);
    fprintf(out, "  %s %s%s (version from %s)\n", schema_of(m),
            m->version ? cckit_cc_version_string(m->version) : "unknown version",
            m->thin ? ", thin" : "", vsrc_name(m->version_source));
    fprintf(out, "  identifier: %s\n", m->identifier ? m->identifier : "(none)");
    fprintf(out, "  path:       %s\n", c->path);
    if (m->metadata.description)
        fprintf(out, "  description: %.200s%s\n", m->metadata.description,
                strlen(m->metadata.description) > 200 ? "..." : "");
    if (m->metadata.language)
        fprintf(out, "  language:   %s\n", m->metadata.language);
    if (m->metadata.n_keywords) {
        fprintf(out, "  keywords:   ");
        for (size_t i = 0; i < m->metadata.n_keywords; i++)
            fprintf(out, "%s%s", i ? ", " : "", m->metadata.keywords[i]);
        fputc('\n', out);
    }

    fprintf(out, "\n%sOrganization%s", B, N);
    if (!m->organization) {
        fprintf(out, ": none\n");
    } else {
        fprintf(out, " (%zu items)\n", m->organization->n_items);
        for (const cckit_item *it = m->organization->first_item; it; it = cckit_item_next(it)) {
            fprintf(out, "  %*s- %s", (int)(2 * it->depth), "",
                    it->title ? it->title : (it->depth == 0 && !it->identifierref ? "(root)" : "(untitled)"));
            if (it->identifierref)
                fprintf(out, " %s-> %s (%s)%s", D, it->identifierref,
                        it->resource ? cckit_kind_name(it->resource->kind) : "missing resource", N);
            fputc('\n', out);
        }
    }

    fprintf(out, "\n%sResources%s (%zu)\n", B, N, m->n_resources);
    for (size_t i = 0; i < m->n_resources; i++) {
        const cckit_resource *r = m->resources[i];
        fprintf(out, "  %s%s%s  %s  %s%s%s\n", B, r->identifier ? r->identifier : "(no identifier)", N,
                cckit_kind_name(r->kind), D, r->type ? r->type : "(no type)", N);
        if (r->href)
            fprintf(out, "      href: %s\n", r->href);
        if (r->n_roles) {
            fputs("      visible to: ", out);
            for (size_t k = 0; k < r->n_roles; k++)
                fprintf(out, "%s%s", k ? ", " : "", r->roles[k].value ? r->roles[k].value : "?");
            fputs(" only (LOM intendedEndUserRole)\n", out);
        }
        for (size_t f = 0; f < r->n_files; f++)
            fprintf(out, "      file: %s\n", r->files[f].href ? r->files[f].href : "(no href)");
        for (size_t d = 0; d < r->n_deps; d++)
            fprintf(out, "      depends on: %s%s\n", r->deps[d].identifierref ? r->deps[d].identifierref : "?",
                    r->deps[d].resource ? "" : " (missing)");
    }

    fprintf(out, "\n%sCounts%s\n  %zu resources, %zu items, %zu files listed\n", B, N,
            n.resources, n.items, n.files);
    bool first = true;
    for (int k = 0; k < CCKIT_KIND_COUNT; k++)
        if (n.by_kind[k]) {
            fprintf(out, "%s%zu %s", first ? "  " : ", ", n.by_kind[k], cckit_kind_name((cckit_kind)k));
            first = false;
        }
    if (!first)
        fputc('\n', out);
    if (c->source) {
        char cb[32], ub[32];
        human_bytes(cb, sizeof cb, n.compressed_bytes);
        human_bytes(ub, sizeof ub, n.uncompressed_bytes);
        fprintf(out, "  package: %zu entries, %s stored, %s uncompressed (%s)\n", n.entries, cb, ub,
                cckit_source_is_archive(c->source) ? "zip" : "folder");
    }
    return ferror(out) ? -1 : 0;
}

int cckit_info_write_line(const cckit_cartridge *c, FILE *out)
{
    const cckit_manifest *m = c->manifest;
    cckit_counts n;
    cckit_cartridge_count(c, &n);
    size_t warnings = c->diags.n + m->diags.n;
    fprintf(out, "%s: %sCC %s, \"%s\": %zu resource%s, %zu item%s, %zu file%s", c->path,
            m->thin ? "Thin " : "",
            m->version ? cckit_cc_version_string(m->version) : "(unknown version)",
            m->metadata.title ? m->metadata.title : "(untitled)", n.resources,
            n.resources == 1 ? "" : "s", n.items, n.items == 1 ? "" : "s", n.files,
            n.files == 1 ? "" : "s");
    if (warnings)
        fprintf(out, "; %zu warning%s", warnings, warnings == 1 ? "" : "s");
    fputc('\n', out);
    return ferror(out) ? -1 : 0;
}
