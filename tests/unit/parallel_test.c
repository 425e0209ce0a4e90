/* Unit tests: types/parallel.c. The slices of n items in 1..64 parts
 * cover every item once, in order, sizes differing by at most one (sizes
 * by hand: 10 items in 4 parts are 3, 3, 2, 2); wr_parallel_run runs
 * every part exactly once, part 0 on the calling thread; wr_parallel_sort
 * in 1 to 5 parts orders keys ascending and keeps equal keys in their
 * first order (stable), the order a stable sort gives by definition, its
 * last merge split between two threads too (D293); a
 * task started by wr_parallel_start has run when wr_parallel_join returns. */
#include <pthread.h>
#include <string.h>

#include "check.h"
#include "types/parallel.h"

typedef struct {
    int runs[WR_PARALLEL_MAX_PARTS];
    pthread_t caller, part0;
} tally;

static void count_part(void *arg, int t)
{
    tally *c = arg;
    c->runs[t]++; /* each part writes its own counter only */
    if (t == 0)
        c->part0 = pthread_self();
}

static void set_done(void *arg)
{
    *(int *)arg += 1;
}

typedef struct {
    unsigned key, seq; /* seq: the place before sorting */
} item;

static int by_key(const void *a, const void *b, void *ctx)
{
    (void)ctx;
    const item *x = a, *y = b;
    return (x->key > y->key) - (x->key < y->key);
}

int main(void)
{
    size_t b, e, sizes[4];
    for (int t = 0; t < 4; t++) {
        wr_parallel_slice(10, 4, t, &b, &e);
        sizes[t] = e - b;
    }
    CHECK(sizes[0] == 3 && sizes[1] == 3 && sizes[2] == 2 && sizes[3] == 2);
    wr_parallel_slice(10, 4, 2, &b, &e);
    CHECK(b == 6 && e == 8);
    wr_parallel_slice(1, 2, 1, &b, &e);
    CHECK(b == 1 && e == 1); /* an empty last slice */
    size_t gaps = 0;
    for (size_t items = 0; items < 200; items += 7)
        for (int n = 1; n <= WR_PARALLEL_MAX_PARTS; n++) {
            size_t next = 0, lo = items, hi = 0;
            for (int t = 0; t < n; t++) {
                wr_parallel_slice(items, n, t, &b, &e);
                gaps += b != next || e < b;
                next = e;
                lo = e - b < lo ? e - b : lo;
                hi = e - b > hi ? e - b : hi;
            }
            gaps += next != items || hi - lo > 1;
        }
    CHECK(gaps == 0);
    CHECK(wr_parallel_parts(0) == 1 && wr_parallel_parts(2) == 2 && wr_parallel_parts(99) == 64);
    int ns[] = {1, 2, 4, 64};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
        tally c;
        memset(&c, 0, sizeof c);
        c.caller = pthread_self();
        wr_parallel_run(ns[i], count_part, &c);
        int wrong = 0;
        for (int t = 0; t < WR_PARALLEL_MAX_PARTS; t++)
            wrong += c.runs[t] != (t < ns[i]);
        CHECK(wrong == 0);
        CHECK(pthread_equal(c.part0, c.caller));
    }
    static item items[1000];
    size_t unordered = 0;
    for (int parts = 1; parts <= 5; parts++)
        for (size_t n = 0; n <= 1000; n += 333) {
            for (size_t i = 0; i < n; i++) /* keys 0..6 repeated: many ties */
                items[i] = (item){(unsigned)(i * 7919 % 7), (unsigned)i};
            wr_parallel_sort(items, n, sizeof *items, by_key, NULL, parts);
            for (size_t i = 1; i < n; i++)
                unordered += items[i - 1].key > items[i].key ||
                             (items[i - 1].key == items[i].key && items[i - 1].seq > items[i].seq);
        }
    CHECK(unordered == 0);
    /* The last merge on two threads (D293), from the fronts and from the
     * backs: few items, odd counts, one run wholly before or after the
     * other, all keys equal. */
    size_t sizes_few[] = {2, 3, 4, 5, 6, 7, 9, 17, 100, 101};
    for (int parts = 2; parts <= 5; parts++)
        for (size_t s = 0; s < sizeof sizes_few / sizeof sizes_few[0]; s++)
            for (int pattern = 0; pattern < 4; pattern++) {
                size_t n = sizes_few[s];
                for (size_t i = 0; i < n; i++) {
                    unsigned key = pattern == 0   ? (unsigned)(i * 7919 % 3)
                                   : pattern == 1 ? (unsigned)i
                                   : pattern == 2 ? (unsigned)(n - i)
                                                  : 5u;
                    items[i] = (item){key, (unsigned)i};
                }
                wr_parallel_sort(items, n, sizeof *items, by_key, NULL, parts);
                for (size_t i = 1; i < n; i++)
                    unordered += items[i - 1].key > items[i].key ||
                                 (items[i - 1].key == items[i].key &&
                                  items[i - 1].seq > items[i].seq);
            }
    CHECK(unordered == 0);
    int done = 0;
    wr_parallel_task task;
    wr_parallel_start(&task, set_done, &done);
    wr_parallel_join(&task);
    CHECK(done == 1);
    return CHECK_DONE();
}
