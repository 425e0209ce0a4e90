/*
 * wr_parallel_run: one pthread per part beyond the first, joined before
 * the call returns (no pool: the run has a few such tasks, each of tens
 * of milliseconds or more, against ~50 us to start a thread).
 */
#include "parallel.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "vec.h"

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

typedef struct {
    void (*task)(void *arg);
    void *arg;
} task_call;

static void *run_task(void *p)
{
    task_call c = *(task_call *)p;
    free(p);
    c.task(c.arg);
    return NULL;
}

void wr_parallel_start(wr_parallel_task *t, void (*task)(void *arg), void *arg)
{
    task_call *c = malloc(sizeof *c);
    t->started = false;
    if (c) {
        *c = (task_call){task, arg};
        t->started = pthread_create(&t->thread, NULL, run_task, c) == 0;
        if (!t->started)
            free(c);
    }
    if (!t->started)
        task(arg);
}

void wr_parallel_join(wr_parallel_task *t)
{
    if (t->started)
        pthread_join(t->thread, NULL);
    t->started = false;
}

void wr_parallel_slice(size_t items, int n, int t, size_t *begin, size_t *end)
{
    *begin = items / (size_t)n * (size_t)t + ((size_t)t < items % (size_t)n ? (size_t)t : items % (size_t)n);
    *end = *begin + items / (size_t)n + ((size_t)t < items % (size_t)n);
}

/* ---- wr_parallel_sort ---- */

typedef struct {
    char *src, *dst; /* a round merges runs of src into dst */
    size_t size, bound[WR_PARALLEL_MAX_PARTS + 1];
    int (*cmp)(const void *, const void *, void *);
    void *ctx;
    int parts, width; /* slices per run in this round */
} sort_job;

static void sort_slice(void *arg, int t)
{
    sort_job *j = arg;
    size_t n = j->bound[t + 1] - j->bound[t];
    if (n > 1)
        qsort_r(j->src + j->bound[t] * j->size, n, j->size, j->cmp, j->ctx);
}

/* Run pair t of the round: slices [2tw, 2tw + w) and [2tw + w, 2tw + 2w)
 * (clipped to the parts) are src[*lo, *mid) and src[*mid, *hi). */
static void pair_bounds(const sort_job *j, int t, size_t *lo, size_t *mid, size_t *hi)
{
    int a = 2 * t * j->width, b = a + j->width, c = b + j->width;
    *lo = j->bound[a];
    *mid = j->bound[b < j->parts ? b : j->parts];
    *hi = j->bound[c < j->parts ? c : j->parts];
}

/* Merges run pair t of the round, a tie from the first. */
static void merge_pair(void *arg, int t)
{
    sort_job *j = arg;
    size_t lo, mid, hi;
    pair_bounds(j, t, &lo, &mid, &hi);
    const char *x = j->src + lo * j->size, *xe = j->src + mid * j->size;
    const char *y = xe, *ye = j->src + hi * j->size;
    char *out = j->dst + lo * j->size;
    while (x < xe && y < ye) {
        const char **from = j->cmp(x, y, j->ctx) <= 0 ? &x : &y;
        memcpy(out, *from, j->size);
        *from += j->size;
        out += j->size;
    }
    memcpy(out, x, (size_t)(xe - x));
    memcpy(out + (xe - x), y, (size_t)(ye - y));
}

/* The last round's one pair merged by two threads (D293): half 0 writes
 * the merge's first half from the runs' fronts, a tie from the first run;
 * half 1 its second half from their backs, taking the greater and a tie
 * from the second run, the merge's last item among equals. Each writes
 * exactly the items merge_pair writes there. */
static void merge_half(void *arg, int half)
{
    sort_job *j = arg;
    size_t lo, mid, hi, sz = j->size;
    pair_bounds(j, 0, &lo, &mid, &hi);
    size_t k = (hi - lo) / 2; /* items of half 0 */
    if (half == 0) {
        const char *x = j->src + lo * sz, *xe = j->src + mid * sz;
        const char *y = xe, *ye = j->src + hi * sz;
        char *out = j->dst + lo * sz;
        for (size_t i = 0; i < k; i++, out += sz) {
            const char **from = y >= ye || (x < xe && j->cmp(x, y, j->ctx) <= 0) ? &x : &y;
            memcpy(out, *from, sz);
            *from += sz;
        }
        return;
    }
    const char *xb = j->src + lo * sz, *x = j->src + mid * sz; /* one past each run's last */
    const char *yb = x, *y = j->src + hi * sz;
    char *out = j->dst + hi * sz;
    for (size_t i = k; i < hi - lo; i++) {
        out -= sz;
        const char **from = x == xb || (y > yb && j->cmp(x - sz, y - sz, j->ctx) <= 0) ? &y : &x;
        *from -= sz;
        memcpy(out, *from, sz);
    }
}

void wr_parallel_sort(void *base, size_t n, size_t size,
                      int (*cmp)(const void *, const void *, void *), void *ctx, int parts)
{
    parts = wr_parallel_parts(parts);
    if (parts > 1 && n < (size_t)parts * 2)
        parts = 1;
    /* The merge's array (D460): from 1 MiB its own mapping of huge pages,
     * asked of the prefault thread now, so the slices' sorts leave it
     * time to make them; from malloc it was fresh 4 KiB pages, faulted
     * by the merging threads (~260 at 100k workers' flags). */
    char *tmp = parts > 1 ? wr_big_alloc_ahead(n * size) : NULL;
    if (!tmp) {
        if (n > 1) /* qsort wants non-NULL data even for 0 items */
            qsort_r(base, n, size, cmp, ctx);
        return;
    }
    sort_job j = {.src = base, .dst = tmp, .size = size, .cmp = cmp, .ctx = ctx, .parts = parts};
    for (int t = 0; t < parts; t++) /* slices are contiguous: t's end is t + 1's start */
        wr_parallel_slice(n, parts, t, &j.bound[t], &j.bound[t + 1]);
    wr_parallel_run(parts, sort_slice, &j);
    for (j.width = 1; j.width < parts; j.width *= 2) {
        int pairs = (parts + 2 * j.width - 1) / (2 * j.width);
        if (pairs == 1) /* the last round: its one merge on two threads */
            wr_parallel_run(2, merge_half, &j);
        else
            wr_parallel_run(pairs, merge_pair, &j);
        char *s = j.src;
        j.src = j.dst;
        j.dst = s;
    }
    if (j.src != base)
        memcpy(base, j.src, n * size);
    wr_big_free(tmp, n * size);
}
