/* schema_set.c - our schemas/ folder: the index of which XSD validates
 * which document, and the compiled XSDs.
 *
 * One set per schemas folder and per process (cckit validate of many
 * cartridges compiles each XSD once).  The folder is taken from the
 * caller, else $CCKIT_SCHEMA_DIR, else the installed CCKIT_SCHEMADIR, and
 * registered with cckit_xml_allow_dir: the hardened entity loader opens
 * files below it (our relative xs:import/xs:include) and nothing else.
 * Compiled schemas are read-only once built and may be shared by
 * validation contexts of several threads; the cache itself is guarded
 * by a mutex. */
#include "config.h"
#include "validate/validate.h"
#include <libxml/xmlschemas.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#ifndef CCKIT_SCHEMADIR
#define CCKIT_SCHEMADIR "/usr/local/share/cckit/schemas"
#endif

typedef struct schema_row {
    cckit_cc_version version;
    char *kind, *ns, *root, *xsd;
} schema_row;

typedef struct schema_slot {
    char *xsd;              /* relative to the folder */
    xmlSchemaPtr schema;    /* NULL when it failed to compile */
    char error[512];
} schema_slot;

struct cckit_schema_set {
    char *dir;              /* realpath of the folder */
    schema_row *rows;
    size_t n_rows;
    schema_slot *slots;
    size_t n_slots, cap_slots;
    pthread_mutex_t lock;
    struct cckit_schema_set *next;
};

static pthread_mutex_t sets_lock = PTHREAD_MUTEX_INITIALIZER;
static cckit_schema_set *sets;

static char *dupn(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* index.tsv: "version kind namespace root xsd", a header line, '#' comments. */
static cckit_status load_index(cckit_schema_set *s, cckit_error *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/index.tsv", s->dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return cckit_fail(err, CCKIT_E_IO, "%s: cannot open the schema index: %s", path,
                          strerror(errno));
    char line[2048];
    size_t cap = 0;
    unsigned lineno = 0;
    cckit_status st = CCKIT_OK;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        size_t len = strcspn(line, "\r\n");
        line[len] = '\0';
        if (len == 0 || line[0] == '#' || strncmp(line, "version\t", 8) == 0)
            continue;
        char *field[5];
        size_t nf = 0;
        char *p = line;
        while (nf < 5) {
            field[nf++] = p;
            char *tab = strchr(p, '\t');
            if (!tab)
                break;
            *tab = '\0';
            p = tab + 1;
        }
        if (nf != 5 || strstr(field[4], "..") || field[4][0] == '/') {
            st = cckit_fail(err, CCKIT_E_IO, "%s:%u: malformed schema index row", path, lineno);
            break;
        }
        if (s->n_rows == cap) {
            cap = cap ? cap * 2 : 32;
            schema_row *nr = realloc(s->rows, cap * sizeof *nr);
            if (!nr) {
                st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
                break;
            }
            s->rows = nr;
        }
        schema_row *r = &s->rows[s->n_rows];
        r->version = cckit_cc_version_parse(field[0]);
        r->kind = dupn(field[1], strlen(field[1]));
        r->ns = dupn(field[2], strlen(field[2]));
        r->root = dupn(field[3], strlen(field[3]));
        r->xsd = dupn(field[4], strlen(field[4]));
        s->n_rows++;
        if (!r->kind || !r->ns || !r->root || !r->xsd) {
            st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
            break;
        }
    }
    fclose(f);
    if (st == CCKIT_OK && s->n_rows == 0)
        st = cckit_fail(err, CCKIT_E_IO, "%s: the schema index is empty", path);
    return st;
}

static void set_free(cckit_schema_set *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_rows; i++) {
        free(s->rows[i].kind);
        free(s->rows[i].ns);
        free(s->rows[i].root);
        free(s->rows[i].xsd);
    }
    free(s->rows);
    for (size_t i = 0; i < s->n_slots; i++) {
        free(s->slots[i].xsd);
        if (s->slots[i].schema)
            xmlSchemaFree(s->slots[i].schema);
    }
    free(s->slots);
    pthread_mutex_destroy(&s->lock);
    free(s->dir);
    free(s);
}

const char *cckit_schema_dir_default(const char *given)
{
    if (given && *given)
        return given;
    const char *env = getenv("CCKIT_SCHEMA_DIR");
    if (env && *env)
        return env;
    return CCKIT_SCHEMADIR;
}

cckit_status cckit_schema_set_open(const char *dir, cckit_schema_set **out, cckit_error *err)
{
    *out = NULL;
    cckit_xml_init();
    dir = cckit_schema_dir_default(dir);
    char *real = realpath(dir, NULL);
    if (!real)
        return cckit_fail_fix(err, CCKIT_FIX_SCHEMA_DIR,
                              cckit_fail(err, CCKIT_E_IO, "%s: schema folder not found: %s", dir,
                                         strerror(errno)));
    pthread_mutex_lock(&sets_lock);
    for (cckit_schema_set *s = sets; s; s = s->next)
        if (strcmp(s->dir, real) == 0) {
            pthread_mutex_unlock(&sets_lock);
            free(real);
            *out = s;
            return CCKIT_OK;
        }
    cckit_status st = CCKIT_OK;
    cckit_schema_set *s = calloc(1, sizeof *s);
    if (!s) {
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        free(real);
    } else {
        s->dir = real;
        pthread_mutex_init(&s->lock, NULL);
        st = load_index(s, err);
        if (st == CCKIT_OK && !cckit_xml_allow_dir(s->dir))
            st = cckit_fail(err, CCKIT_E_IO, "%s: cannot register the schema folder", s->dir);
    }
    if (st != CCKIT_OK) {
        set_free(s);
    } else {
        s->next = sets;
        sets = s;
        *out = s;
    }
    pthread_mutex_unlock(&sets_lock);
    return st;
}

const char *cckit_schema_set_dir(const cckit_schema_set *s)
{
    return s->dir;
}

/* A row for (version, namespace, root).  Exact version first; otherwise
 * any version's row for the same namespace and root (a 1.1 discussion
 * topic inside a 1.3 Canvas export).  Exception: CC 1.0 QTI is the full
 * localised QTI 1.2, which we have no schema for, so the shared QTI
 * namespace never falls back for 1.0. */
const char *cckit_schema_pick(const cckit_schema_set *s, cckit_cc_version v, const char *ns,
                              const char *root, const char **kind)
{
    const schema_row *best = NULL;
    if (!ns || !root)
        return NULL;
    for (size_t i = 0; i < s->n_rows; i++) {
        const schema_row *r = &s->rows[i];
        if (strcmp(r->ns, ns) != 0 || strcmp(r->root, root) != 0)
            continue;
        if (r->version == v) {
            best = r;
            break;
        }
        if (v == CCKIT_CC_1_0 && strcmp(r->kind, "qti") == 0)
            continue;
        /* nearest version wins among the others */
        if (!best || abs((int)r->version - (int)v) < abs((int)best->version - (int)v))
            best = r;
    }
    if (best && kind)
        *kind = best->kind;
    return best ? best->xsd : NULL;
}

const char *cckit_schema_manifest_xsd(const cckit_schema_set *s, cckit_cc_version v)
{
    for (size_t i = 0; i < s->n_rows; i++)
        if (s->rows[i].version == v && strcmp(s->rows[i].kind, "manifest") == 0)
            return s->rows[i].xsd;
    return NULL;
}

static void compile_error(void *ctx, xmlErrorPtr e)
{
    schema_slot *slot = ctx;
    if (slot->error[0] || !e || e->level < XML_ERR_ERROR)
        return;
    snprintf(slot->error, sizeof slot->error, "%s%s%d: %s", e->file ? e->file : "",
             e->file ? ":" : "line ", e->line, e->message ? e->message : "error");
    size_t n = strlen(slot->error);
    while (n && (slot->error[n - 1] == '\n' || slot->error[n - 1] == ' '))
        slot->error[--n] = '\0';
}

xmlSchemaPtr cckit_schema_get(cckit_schema_set *s, const char *xsd, cckit_error *err)
{
    xmlSchemaPtr result = NULL;
    pthread_mutex_lock(&s->lock);
    for (size_t i = 0; i < s->n_slots; i++)
        if (strcmp(s->slots[i].xsd, xsd) == 0) {
            result = s->slots[i].schema;
            if (!result)
                cckit_fail(err, CCKIT_E_IO, "schema %s does not compile: %s", xsd,
                           s->slots[i].error);
            pthread_mutex_unlock(&s->lock);
            return result;
        }
    if (s->n_slots == s->cap_slots) {
        size_t ncap = s->cap_slots ? s->cap_slots * 2 : 16;
        schema_slot *ns = realloc(s->slots, ncap * sizeof *ns);
        if (!ns) {
            pthread_mutex_unlock(&s->lock);
            cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
            return NULL;
        }
        s->slots = ns;
        s->cap_slots = ncap;
    }
    schema_slot *slot = &s->slots[s->n_slots];
    memset(slot, 0, sizeof *slot);
    slot->xsd = strdup(xsd);
    if (!slot->xsd) {
        pthread_mutex_unlock(&s->lock);
        cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        return NULL;
    }
    s->n_slots++;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", s->dir, xsd);
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(path);
    if (pc) {
        xmlSchemaSetParserStructuredErrors(pc, compile_error, slot);
        slot->schema = xmlSchemaParse(pc);
        xmlSchemaFreeParserCtxt(pc);
    }
    if (!slot->schema) {
        if (!slot->error[0])
            snprintf(slot->error, sizeof slot->error, "%s", pc ? "not a usable schema"
                                                               : "out of memory");
        cckit_fail(err, CCKIT_E_IO, "schema %s does not compile: %s", xsd, slot->error);
    }
    result = slot->schema;
    pthread_mutex_unlock(&s->lock);
    return result;
}

/* Free every set at exit so leak checkers see a clean process. */
void cckit_schema_sets_cleanup(void)
{
    pthread_mutex_lock(&sets_lock);
    cckit_schema_set *s = sets;
    sets = NULL;
    pthread_mutex_unlock(&sets_lock);
    while (s) {
        cckit_schema_set *next = s->next;
        set_free(s);
        s = next;
    }
}
