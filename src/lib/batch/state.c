/*
 * state.c - the state store of a batch (--state FILE): an SQLite
 * database that a rerun reads to skip what is done and unchanged, and
 * that a publisher can query with sqlite3 (schema in doc/batch.md).
 *
 * WAL with synchronous=NORMAL: one transaction per finished input, so
 * that a kill at any moment leaves every recorded input whole; a power
 * loss may forget the last few, which a rerun then simply redoes.
 */
#include "base/internal.h"

#include <errno.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define STATE_SCHEMA "1"

struct cckit_batch_state {
    sqlite3 *db;
    char *path;
};

static const char create_sql[] =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE IF NOT EXISTS inputs(path TEXT PRIMARY KEY, idx INTEGER, size INTEGER,"
    " mtime_ns INTEGER, sha256 TEXT, status TEXT NOT NULL, verdict TEXT, reason TEXT,"
    " version TEXT, producer TEXT, errors INTEGER, warnings INTEGER, infos INTEGER,"
    " seconds REAL, finished TEXT, record TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS findings(path TEXT NOT NULL, code TEXT NOT NULL,"
    " count INTEGER NOT NULL, PRIMARY KEY(path, code));";

static cckit_status db_fail(cckit_batch_state *s, cckit_error *err, const char *what)
{
    int code = sqlite3_errcode(s->db);
    cckit_status st = code == SQLITE_NOMEM ? CCKIT_E_NOMEM : CCKIT_E_IO;
    if (code == SQLITE_NOTADB)
        return cckit_fail(err, st, "%s: not an SQLite database (a state file of another "
                          "program?)", s->path);
    return cckit_fail(err, st, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

/* The value of a meta key (malloc'd), or NULL. */
static char *meta_get(sqlite3 *db, const char *key)
{
    sqlite3_stmt *q;
    char *v = NULL;
    if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key=?", -1, &q, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0) != NULL)
        v = strdup((const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    return v;
}

static bool meta_put(sqlite3 *db, const char *key, const char *value)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", -1, &q,
                           NULL) != SQLITE_OK)
        return false;
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, value, -1, SQLITE_STATIC);
    bool ok = sqlite3_step(q) == SQLITE_DONE;
    sqlite3_finalize(q);
    return ok;
}

/* A store of the same command and options, or a new one made so. */
static cckit_status check_meta(cckit_batch_state *s, const char *command, const char *options,
                               cckit_error *err)
{
    char *schema = meta_get(s->db, "schema");
    if (schema == NULL) {
        if (!meta_put(s->db, "schema", STATE_SCHEMA) || !meta_put(s->db, "command", command)
            || !meta_put(s->db, "options", options)
            || !meta_put(s->db, "cckit_version", cckit_version()))
            return db_fail(s, err, "cannot write");
        return CCKIT_OK;
    }
    char *cmd = meta_get(s->db, "command"), *opts = meta_get(s->db, "options");
    cckit_status st = CCKIT_OK;
    if (strcmp(schema, STATE_SCHEMA) != 0)
        st = cckit_fail(err, CCKIT_E_USAGE, "%s: a state of another cckit (schema %s, this "
                        "cckit reads %s)", s->path, schema, STATE_SCHEMA);
    else if (cmd == NULL || strcmp(cmd, command) != 0)
        st = cckit_fail(err, CCKIT_E_USAGE, "%s: the state of a run of '%s', not of "
                        "'%s'; use another state file", s->path, cmd ? cmd : "?",
                        command);
    else if (opts == NULL || strcmp(opts, options) != 0)
        st = cckit_fail(err, CCKIT_E_USAGE, "%s: recorded with other options (%s; now %s): its "
                        "results do not apply; use another state file or delete this one",
                        s->path, opts ? opts : "?", options);
    free(schema);
    free(cmd);
    free(opts);
    return st;
}

cckit_status cckit_batch_state_open(const char *path, const char *command, const char *options,
                                    cckit_batch_state **out, cckit_error *err)
{
    *out = NULL;
    cckit_batch_state *s = calloc(1, sizeof *s);
    if (s == NULL || (s->path = strdup(path)) == NULL) {
        free(s);
        return cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    }
    cckit_status st = CCKIT_OK;
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)
        != SQLITE_OK) {
        st = s->db ? db_fail(s, err, "cannot open") : cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        cckit_batch_state_close(s);
        return st;
    }
    sqlite3_busy_timeout(s->db, 10000);
    if (sqlite3_exec(s->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", NULL, NULL,
                     NULL) != SQLITE_OK
        || sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        st = db_fail(s, err, "cannot open");
        cckit_batch_state_close(s);
        return st;
    }
    if (sqlite3_exec(s->db, create_sql, NULL, NULL, NULL) != SQLITE_OK)
        st = db_fail(s, err, "cannot make the tables");
    else
        st = check_meta(s, command, options, err);
    if (sqlite3_exec(s->db, st == CCKIT_OK ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL)
        != SQLITE_OK && st == CCKIT_OK)
        st = db_fail(s, err, "cannot write");
    if (st != CCKIT_OK) {
        cckit_batch_state_close(s);
        return st;
    }
    *out = s;
    return CCKIT_OK;
}

void cckit_batch_state_close(cckit_batch_state *s)
{
    if (s == NULL)
        return;
    sqlite3_close(s->db);
    free(s->path);
    free(s);
}

static int64_t mtime_ns(const struct stat *st)
{
    return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

/* The line with "index" set to index (the other keys as they were). */
static char *reindex(const char *line, size_t index)
{
    json_t *o = json_loads(line, 0, NULL);
    char *out = NULL;
    if (o != NULL && json_object_set_new(o, "index", json_integer((json_int_t)index)) == 0)
        out = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    json_decref(o);
    return out;
}

cckit_status cckit_batch_state_lookup(cckit_batch_state *s, const char *path, size_t index,
                                      char **line, cckit_error *err)
{
    *line = NULL;
    struct stat st;
    /* A folder is always redone: its own size and time do not follow
     * the files inside it, and it has no one hash. */
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return CCKIT_OK;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "SELECT size, mtime_ns, sha256, record, idx FROM inputs "
                           "WHERE path=? AND status='done'", -1, &q, NULL) != SQLITE_OK)
        return db_fail(s, err, "cannot read");
    sqlite3_bind_text(q, 1, path, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    cckit_status ret = CCKIT_OK;
    if (rc == SQLITE_ROW) {
        bool same = sqlite3_column_int64(q, 0) == (sqlite3_int64)st.st_size
                    && sqlite3_column_int64(q, 1) == mtime_ns(&st);
        const unsigned char *hash = sqlite3_column_text(q, 2);
        if (!same && hash != NULL && sqlite3_column_int64(q, 0) == (sqlite3_int64)st.st_size) {
            /* touched, maybe not changed: the bytes decide */
            char hex[65];
            cckit_error herr;
            same = cckit_batch_sha256_file(path, hex, &herr) == CCKIT_OK
                   && strcmp(hex, (const char *)hash) == 0;
        }
        const unsigned char *rec = sqlite3_column_text(q, 3);
        bool moved = sqlite3_column_int64(q, 4) != (sqlite3_int64)index;
        if (same && rec != NULL
            && (*line = moved ? reindex((const char *)rec, index)
                              : strdup((const char *)rec)) == NULL)
            ret = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
    } else if (rc != SQLITE_DONE) {
        ret = db_fail(s, err, "cannot read");
    }
    sqlite3_finalize(q);
    return ret;
}

static void bind_str(sqlite3_stmt *q, int i, json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    if (v != NULL)
        sqlite3_bind_text(q, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(q, i);
}

static bool put_input(cckit_batch_state *s, const char *path, size_t index, json_t *o,
                      const char *line, size_t len)
{
    static const char sql[] =
        "INSERT OR REPLACE INTO inputs(path, idx, size, mtime_ns, sha256, status, verdict,"
        " reason, version, producer, errors, warnings, infos, seconds, finished, record)"
        " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
        return false;
    struct stat st;
    bool have = stat(path, &st) == 0;
    sqlite3_bind_text(q, 1, path, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, (sqlite3_int64)index);
    if (have) {
        sqlite3_bind_int64(q, 3, (sqlite3_int64)st.st_size);
        sqlite3_bind_int64(q, 4, mtime_ns(&st));
    }
    bind_str(q, 5, o, "sha256");
    bind_str(q, 6, o, "status");
    bind_str(q, 7, o, "verdict");
    bind_str(q, 8, o, "reason");
    bind_str(q, 9, o, "version");
    bind_str(q, 10, o, "producer");
    json_t *c = json_object_get(o, "counts");
    sqlite3_bind_int64(q, 11, json_integer_value(json_object_get(c, "error")));
    sqlite3_bind_int64(q, 12, json_integer_value(json_object_get(c, "warning")));
    sqlite3_bind_int64(q, 13, json_integer_value(json_object_get(c, "info")));
    sqlite3_bind_double(q, 14, json_number_value(json_object_get(o, "seconds")));
    char when[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    sqlite3_bind_text(q, 15, when, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 16, line, (int)len, SQLITE_STATIC);
    bool ok = sqlite3_step(q) == SQLITE_DONE;
    sqlite3_finalize(q);
    return ok;
}

static bool put_findings(cckit_batch_state *s, const char *path, json_t *o)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, "DELETE FROM findings WHERE path=?", -1, &q, NULL) != SQLITE_OK)
        return false;
    sqlite3_bind_text(q, 1, path, -1, SQLITE_STATIC);
    bool ok = sqlite3_step(q) == SQLITE_DONE;
    sqlite3_finalize(q);
    if (!ok || sqlite3_prepare_v2(s->db, "INSERT INTO findings(path, code, count) "
                                  "VALUES(?,?,?)", -1, &q, NULL) != SQLITE_OK)
        return false;
    const char *code;
    json_t *n;
    json_object_foreach(json_object_get(o, "codes"), code, n) {
        sqlite3_reset(q);
        sqlite3_bind_text(q, 1, path, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(q, 3, json_integer_value(n));
        if (sqlite3_step(q) != SQLITE_DONE) {
            ok = false;
            break;
        }
    }
    sqlite3_finalize(q);
    return ok;
}

cckit_status cckit_batch_state_put(cckit_batch_state *s, const char *path, size_t index,
                                   const char *line, size_t len, cckit_error *err)
{
    json_error_t jerr;
    json_t *o = json_loadb(line, len, 0, &jerr);
    if (o == NULL)
        return cckit_fail(err, CCKIT_E_USAGE, "%s: not a record: %s", path, jerr.text);
    cckit_status st = CCKIT_OK;
    if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        st = db_fail(s, err, "cannot write");
    } else if (!put_input(s, path, index, o, line, len) || !put_findings(s, path, o)) {
        st = db_fail(s, err, "cannot write");
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    } else if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        st = db_fail(s, err, "cannot write");
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    }
    json_decref(o);
    return st;
}
