/*
 * Work split over --jobs threads after reading (docs/PARALLEL.md, step 2):
 * a task runs as `n` parts, part 0 on the calling thread and the others on
 * threads of their own, and the call returns when every part has. Callers
 * give each part its own slice of input and output, so what a part
 * computes never depends on which thread ran it or when: outputs are
 * byte-identical for every n. With n = 1 nothing is started.
 */
#ifndef WR_PARALLEL_H
#define WR_PARALLEL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

/* At most this many parts (--jobs takes 1-64). */
#define WR_PARALLEL_MAX_PARTS 64

/* The parts a task of a run with `jobs` threads is cut into: jobs,
 * clamped to 1 .. WR_PARALLEL_MAX_PARTS. */
static inline int wr_parallel_parts(int jobs)
{
    return jobs < 1 ? 1 : jobs > WR_PARALLEL_MAX_PARTS ? WR_PARALLEL_MAX_PARTS : jobs;
}

/* Runs part(arg, t) for t = 0 .. n - 1 (n >= 1) and waits for all. A part
 * whose thread cannot be started runs on the calling thread after part 0,
 * so every part runs exactly once either way. */
void wr_parallel_run(int n, void (*part)(void *arg, int t), void *arg);

/* A task run beside the caller's work until joined. */
typedef struct {
    pthread_t thread;
    bool started;
} wr_parallel_task;

/* Starts task(arg) on a thread of its own; when no thread can be started
 * it runs here, now. Every start is followed by one wr_parallel_join. */
void wr_parallel_start(wr_parallel_task *t, void (*task)(void *arg), void *arg);
/* Waits for the task to have returned. */
void wr_parallel_join(wr_parallel_task *t);

/* Slice t of `items` cut into n parts of nearly equal size, in order:
 * [*begin, *end). Slices 0 .. n - 1 cover 0 .. items - 1 once each. */
void wr_parallel_slice(size_t items, int n, int t, size_t *begin, size_t *end);

/* Sorts base[0 .. n) (items of `size` bytes) as a stable sort would:
 * n parts' slices sorted by qsort_r each on its thread, then merged in
 * pairs, a tie taken from the earlier slice. The order equals one
 * qsort_r over the whole where that is stable (glibc's merge sort, the
 * one its qsort_r takes below a quarter of the machine's memory), and
 * for any qsort_r when cmp orders no two different items as equal.
 * Without memory for the merge it is one qsort_r on this thread. */
void wr_parallel_sort(void *base, size_t n, size_t size,
                      int (*cmp)(const void *, const void *, void *), void *ctx, int parts);

#endif
