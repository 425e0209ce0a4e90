/*
 * wr_parallel_run: one pthread per part beyond the first, joined before
 * the call returns (no pool: the run has a few such tasks, each of tens
 * of milliseconds or more, against ~50 us to start a thread).
 */
#include "parallel.h"

#include <pthread.h>
#include <stdlib.h>

typedef struct {
    void (*part)(void *arg, int t);
    void *arg;
    int t;
} part_call;

static void *run_part(void *p)
{
    part_call *c = p;
    c->part(c->arg, c->t);
    return NULL;
}

void wr_parallel_run(int n, void (*part)(void *arg, int t), void *arg)
{
    part_call *calls = n > 1 ? calloc((size_t)n, sizeof *calls) : NULL;
    pthread_t *threads = n > 1 ? calloc((size_t)n, sizeof *threads) : NULL;
    unsigned char *started = n > 1 ? calloc((size_t)n, 1) : NULL;
    if (!calls || !threads || !started) { /* n = 1, or no memory: all here */
        free(calls);
        free(threads);
        free(started);
        for (int t = 0; t < n; t++)
            part(arg, t);
        return;
    }
    for (int t = 1; t < n; t++) {
        calls[t] = (part_call){part, arg, t};
        started[t] = pthread_create(&threads[t], NULL, run_part, &calls[t]) == 0;
    }
    part(arg, 0);
    for (int t = 1; t < n; t++) {
        if (started[t])
            pthread_join(threads[t], NULL);
        else
            part(arg, t);
    }
    free(calls);
    free(threads);
    free(started);
}

void wr_parallel_slice(size_t items, int n, int t, size_t *begin, size_t *end)
{
    *begin = items / (size_t)n * (size_t)t + ((size_t)t < items % (size_t)n ? (size_t)t : items % (size_t)n);
    *end = *begin + items / (size_t)n + ((size_t)t < items % (size_t)n);
}
