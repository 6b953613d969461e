/* runs_db.c - a batch's state database read back (doc/batch.md: tables
 * meta, inputs, findings).  Opened read-only, never created; defensive
 * (no writes to the schema, untrusted schema objects not run); the two
 * tables must be plain tables (a view could make a query run forever).
 * A finished row's `record` is the JSON Lines record verbatim: it is read
 * as a line would be.  Rows not finished are counted, not reported. */
#include "config.h"
#include "report/runs.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static cckit_status db_fail(cckit_error *err, sqlite3 *db, const char *path, const char *what)
{
    return cckit_fail(err, CCKIT_E_INVALID, "%s: not a cckit state database (%s: %s)", path,
                      what, db ? sqlite3_errmsg(db) : "cannot open");
}

/* The value of meta(key), malloc'ed, or NULL. */
static char *meta(sqlite3 *db, const char *key)
{
    sqlite3_stmt *q = NULL;
    char *v = NULL;
    if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = ?1", -1, &q, NULL)
        == SQLITE_OK && sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC) == SQLITE_OK
        && sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
        v = strdup((const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    return v;
}

static bool plain_tables(sqlite3 *db)
{
    sqlite3_stmt *q = NULL;
    int n = -1;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
                           "AND name IN ('meta', 'inputs')", -1, &q, NULL) == SQLITE_OK
        && sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return n == 2;
}

cckit_status cckit_runs_read_db(cckit_runs *r, const char *path, cckit_error *err)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    cckit_status st = CCKIT_OK;
    char *schema = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL)
        != SQLITE_OK) {
        st = db_fail(err, db, path, "open");
        goto out;
    }
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, (int *)NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, (int *)NULL);
    sqlite3_busy_timeout(db, 5000);   /* a running batch holds its lock briefly */
    if (!plain_tables(db)) {
        st = db_fail(err, db, path, "no tables meta and inputs");
        goto out;
    }
    schema = meta(db, "schema");
    if (!schema || strcmp(schema, "1") != 0) {
        st = cckit_fail(err, CCKIT_E_INVALID,
                        "%s: a state database of schema %s; this cckit reads schema 1", path,
                        schema ? schema : "(none)");
        goto out;
    }
    run_file *f = cckit_runs_new_file(r, path, true);
    if (!f) {
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
        goto out;
    }
    size_t fi = r->n_files - 1;
    f->command = meta(db, "command");
    f->has_summary = true;   /* a database is its own summary */
    /* A record over the line cap is not fetched (as a line is not read). */
    if (sqlite3_prepare_v2(db, "SELECT path, status, CASE WHEN length(record) <= ?1 THEN record "
                           "END, length(record) FROM inputs ORDER BY idx, path", -1, &q, NULL)
        != SQLITE_OK || sqlite3_bind_int64(q, 1, CCKIT_RUNS_LINE_MAX) != SQLITE_OK) {
        st = db_fail(err, db, path, "inputs");
        goto out;
    }
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *input = (const char *)sqlite3_column_text(q, 0);
        const char *status = (const char *)sqlite3_column_text(q, 1);
        const char *rec = (const char *)sqlite3_column_text(q, 2);
        int len = sqlite3_column_bytes(q, 2);
        if (!status || (strcmp(status, "done") && strcmp(status, "error")
                        && strcmp(status, "skipped"))) {
            r->files[fi].unfinished++;
            continue;
        }
        if (!rec && sqlite3_column_int64(q, 3) > CCKIT_RUNS_LINE_MAX) {
            r->files[fi].malformed++;
            cckit_runs_problem(r, CCKIT_SEV_WARNING, "report.line-too-long", path, 0,
                               "the record of input %s is longer than %u MiB, skipped",
                               input ? input : "(none)", CCKIT_RUNS_LINE_MAX >> 20);
            continue;
        }
        char why[256] = "no record";
        int got = rec ? cckit_runs_parse_line(r, fi, 0, rec, (size_t)len, why, sizeof why) : -1;
        if (got == -2) {
            st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
            goto out;
        }
        if (got == -1) {
            r->files[fi].malformed++;
            cckit_runs_problem(r, CCKIT_SEV_WARNING, "report.malformed-line", path, 0,
                               "the record of input %s: %s, skipped", input ? input : "(none)",
                               why);
        }
    }
    if (rc != SQLITE_DONE) {
        st = db_fail(err, db, path, "reading inputs");
        goto out;
    }
    if (r->files[fi].unfinished)
        cckit_runs_problem(r, CCKIT_SEV_INFO, "report.unfinished", path, 0,
                           "%llu inputs not finished yet",
                           (unsigned long long)r->files[fi].unfinished);
    if (r->problems.oom)
        st = cckit_fail(err, CCKIT_E_NOMEM, "out of memory");
out:
    free(schema);
    sqlite3_finalize(q);
    sqlite3_close(db);
    return st;
}
