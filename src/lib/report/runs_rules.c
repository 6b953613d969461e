/* runs_rules.c - the rows of the rule registry for what reading runs
 * notices (runs_read.c, runs_db.c, runs_store.c); report/registry.c lists
 * them with the others. */
#include "report/runs.h"

#define W CCKIT_SEV_WARNING
#define I CCKIT_SEV_INFO
#define REPORT "cckit report (doc/report.md)"

const cckit_rule cckit_rules_runs[] = {
    {"report.malformed-line", NULL, W, W, REPORT,
     "every line of a run's JSON Lines is one JSON object of a cckit run",
     "the line was skipped; the run file was cut or edited: run the batch again for "
     "the inputs it names, or remove the line"},
    {"report.line-too-long", NULL, W, W, REPORT,
     "a line of a run's JSON Lines is at most 32 MiB",
     "the line was skipped unread; it is not a line cckit writes"},
    {"report.no-summary", NULL, W, W, REPORT,
     "a run's JSON Lines end with its summary line",
     "the run was interrupted: resume it (its state database) or run it again"},
    {"report.count-mismatch", NULL, W, W, REPORT,
     "a run's summary counts the records the file holds",
     "records are missing or were added: run the batch again"},
    {"report.duplicate-input", NULL, I, I, REPORT,
     "each input appears once among the runs read",
     "the later record was kept (a resumed or repeated run); nothing to do if that is "
     "what you meant"},
    {"report.unfinished", NULL, I, I, REPORT,
     "every input of a state database is finished",
     "the run is still going or was interrupted: resume it"},
    {NULL, NULL, 0, 0, NULL, NULL, NULL}
};

