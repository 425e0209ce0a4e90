/*
 * Attended days folded on a thread of their own (--jobs 2 or more,
 * docs/PARALLEL.md, DECISIONS D270): the thread that applies attendance
 * rows in file order decides everything that depends on that order (the
 * pair, its roster name, the bucket, the day's id) and appends each row's
 * day update (a 64-bit word, core/model.h wr_day_update) to this queue;
 * one day thread takes the queue's batches and hands them to the fold it
 * was given (model.c folds them into the day words, first touching their
 * memory). The queue knows nothing of what an update means. Folds of one day word commute (the most hours,
 * the first and last punch, a count saturating at 2), so only that every
 * update is folded once before the rules read the days matters, not when:
 * wr_day_queue_finish joins the thread.
 */
#ifndef WR_DAY_QUEUE_H
#define WR_DAY_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct wr_day_queue wr_day_queue;

/* The batch being filled, on the applying thread (read by the inline push
 * below; the rest of the queue is day_queue.c's). */
typedef struct {
    uint64_t *batch;
    size_t n, cap;
} wr_day_queue_head;

/* Folds a batch of updates; false when out of memory (the day thread then
 * folds nothing more, and wr_day_queue_finish says so). */
typedef bool (*wr_day_fold)(void *ctx, const uint64_t *updates, size_t n);

/* Starts the day thread, which calls fold(ctx, ...) on each batch in the
 * order handed over: what fold touches is that thread's until
 * wr_day_queue_finish. NULL when no memory or no thread: the caller folds
 * on its own thread. */
wr_day_queue *wr_day_queue_start(wr_day_fold fold, void *ctx);

/* Hands the full batch to the day thread and takes an empty one, waiting
 * while every batch is in flight (a batch that cannot be allocated is
 * waited for: one is always in flight). */
void wr_day_queue_hand_over(wr_day_queue *q);

/* Appends an update. */
static inline void wr_day_queue_push(wr_day_queue *q, uint64_t update)
{
    wr_day_queue_head *h = (wr_day_queue_head *)q; /* the queue's first member */
    if (h->n == h->cap)
        wr_day_queue_hand_over(q);
    h->batch[h->n++] = update;
}

/* Hands over what is left, joins the day thread and frees the queue; false
 * when a fold ran out of memory (updates were lost: the run fails). */
bool wr_day_queue_finish(wr_day_queue *q);

#endif
