/* diff_both.c - the one way the diff's parts use both cores: the same
 * work for A and for B (hashing each side's files, reading each side's
 * descriptors) runs for B on a second thread while A's runs on this one.
 * The two sides share nothing but read-only data: a source and its
 * streams stay on one thread (cckit.h), and libxml2 parses separate
 * documents on separate threads (initialised first, cckit_xml_init). */
#include "diff/diff.h"
#include <pthread.h>

void cckit_diff_both(void *(*fn)(void *), void *a, void *b)
{
    pthread_t t;
    if (pthread_create(&t, NULL, fn, b) != 0) {
        fn(a);   /* no thread: one after the other */
        fn(b);
        return;
    }
    fn(a);
    pthread_join(t, NULL);
}
