/*
 * The day thread's queue (day_queue.h, DECISIONS D270).
 *
 * Batches of updates go round: the applying thread fills one, hands it
 * over (a ring of full batches under a lock) and takes an empty one from
 * the free list, or allocates one while fewer than MAX_BATCHES exist, or
 * waits for the day thread to give one back. So at most MAX_BATCHES x
 * the batch's bytes are in flight (2 MiB), however far the day thread
 * lags behind on a busy machine. The day thread folds a batch with no
 * lock held; the lock's hand-overs order its writes of the day words
 * before wr_day_queue_finish returns.
 */
#include "day_queue.h"

#include <pthread.h>
#include <stdlib.h>

#define BATCH_UPDATES ((size_t)16384) /* 128 KiB a batch */
#define MAX_BATCHES 16

struct wr_day_queue {
    wr_day_queue_head head; /* first: wr_day_queue_push reads it */
    wr_day_fold fold;
    void *ctx;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t full_cv; /* a batch was handed over, or closing */
    pthread_cond_t free_cv; /* a batch was given back */
    uint64_t *full[MAX_BATCHES];
    size_t full_n[MAX_BATCHES];
    unsigned full_at, n_full;
    uint64_t *free_batches[MAX_BATCHES];
    unsigned n_free, n_made;
    size_t batch_updates;
    bool closing, nomem;
};

/* Tests only: WAGERECON_TEST_DAY_BATCH=K makes batches of K updates, so
 * small inputs hand over many batches and wait for free ones. */
static size_t batch_updates(void)
{
    const char *e = getenv("WAGERECON_TEST_DAY_BATCH");
    if (e && *e) {
        char *end;
        unsigned long long v = strtoull(e, &end, 10);
        if (!*end && v >= 1 && v <= BATCH_UPDATES)
            return (size_t)v;
    }
    return BATCH_UPDATES;
}

static void *day_thread(void *arg)
{
    wr_day_queue *q = arg;
    pthread_mutex_lock(&q->mu);
    for (;;) {
        while (q->n_full == 0 && !q->closing)
            pthread_cond_wait(&q->full_cv, &q->mu);
        if (q->n_full == 0)
            break; /* closing, and everything folded */
        uint64_t *b = q->full[q->full_at];
        size_t n = q->full_n[q->full_at];
        q->full_at = (q->full_at + 1) % MAX_BATCHES;
        q->n_full--;
        pthread_mutex_unlock(&q->mu);
        if (!q->nomem && !q->fold(q->ctx, b, n))
            q->nomem = true; /* read by finish after the join */
        pthread_mutex_lock(&q->mu);
        q->free_batches[q->n_free++] = b;
        pthread_cond_signal(&q->free_cv);
    }
    pthread_mutex_unlock(&q->mu);
    return NULL;
}

wr_day_queue *wr_day_queue_start(wr_day_fold fold, void *ctx)
{
    wr_day_queue *q = calloc(1, sizeof *q);
    if (!q)
        return NULL;
    q->fold = fold;
    q->ctx = ctx;
    q->batch_updates = batch_updates();
    if (!(q->head.batch = malloc(q->batch_updates * sizeof(uint64_t)))) {
        free(q);
        return NULL;
    }
    q->head.cap = q->batch_updates;
    q->n_made = 1;
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->full_cv, NULL);
    pthread_cond_init(&q->free_cv, NULL);
    if (pthread_create(&q->thread, NULL, day_thread, q) != 0) {
        pthread_cond_destroy(&q->free_cv);
        pthread_cond_destroy(&q->full_cv);
        pthread_mutex_destroy(&q->mu);
        free(q->head.batch);
        free(q);
        return NULL;
    }
    return q;
}

/* Called with the lock held: the filled batch into the ring. */
static void hand_over_locked(wr_day_queue *q)
{
    unsigned at = (q->full_at + q->n_full) % MAX_BATCHES;
    q->full[at] = q->head.batch;
    q->full_n[at] = q->head.n;
    q->n_full++;
    q->head.batch = NULL;
    q->head.n = 0;
    pthread_cond_signal(&q->full_cv);
}

void wr_day_queue_hand_over(wr_day_queue *q)
{
    pthread_mutex_lock(&q->mu);
    hand_over_locked(q);
    uint64_t *b = NULL;
    if (q->n_free == 0 && q->n_made < MAX_BATCHES) {
        pthread_mutex_unlock(&q->mu);
        b = malloc(q->batch_updates * sizeof(uint64_t));
        pthread_mutex_lock(&q->mu);
        q->n_made += b != NULL;
    }
    /* Else every batch is in flight (or none could be made): the one just
     * handed over comes back once folded. */
    while (!b && q->n_free == 0)
        pthread_cond_wait(&q->free_cv, &q->mu);
    if (!b)
        b = q->free_batches[--q->n_free];
    pthread_mutex_unlock(&q->mu);
    q->head.batch = b;
}

bool wr_day_queue_finish(wr_day_queue *q)
{
    pthread_mutex_lock(&q->mu);
    if (q->head.n > 0)
        hand_over_locked(q);
    q->closing = true;
    pthread_cond_signal(&q->full_cv);
    pthread_mutex_unlock(&q->mu);
    pthread_join(q->thread, NULL);
    bool ok = !q->nomem;
    free(q->head.batch);
    for (unsigned i = 0; i < q->n_free; i++)
        free(q->free_batches[i]);
    pthread_cond_destroy(&q->free_cv);
    pthread_cond_destroy(&q->full_cv);
    pthread_mutex_destroy(&q->mu);
    free(q);
    return ok;
}
