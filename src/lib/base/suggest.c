/* suggest.c - "did you mean": the candidate nearest to a mistyped word
 * by edit distance (Levenshtein: insertions, deletions, substitutions),
 * for the tool's commands and options and the validator's codes. */
#include "base/internal.h"
#include <stdlib.h>
#include <string.h>

/* Distance between a and b, or limit + 1 as soon as it exceeds limit
 * (words are short; the cap keeps a hostile long word cheap). */
static size_t distance(const char *a, const char *b, size_t limit)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 256 || lb > 256)
        return limit + 1;
    if ((la > lb ? la - lb : lb - la) > limit)
        return limit + 1;
    size_t row[257];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0], best = row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t v = diag + (a[i - 1] != b[j - 1]);
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            if (up + 1 < v)
                v = up + 1;
            row[j] = v;
            diag = up;
            if (v < best)
                best = v;
        }
        if (best > limit)
            return limit + 1;
    }
    return row[lb];
}

const char *cckit_closest(const char *word, const char *const *cands, size_t n)
{
    if (!word || !*word)
        return NULL;
    /* Close enough to be a typo: a third of the word, at least 1, at most 3. */
    size_t len = strlen(word), limit = len / 3;
    if (limit < 1)
        limit = 1;
    if (limit > 3)
        limit = 3;
    const char *best = NULL;
    size_t best_d = limit + 1;
    for (size_t i = 0; i < n; i++) {
        if (!cands[i])
            continue;
        size_t d = distance(word, cands[i], limit);
        if (d < best_d) {
            best_d = d;
            best = cands[i];
        }
    }
    return best;
}
