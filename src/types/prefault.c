/*
 * The prefault thread (prefault.h, D295): a queue of ranges under one
 * mutex, served front first in steps of one huge page, so that a forget
 * waits for at most one step. The queue is small and fixed: an ask that
 * finds it full is dropped (its pages are then faulted by their first
 * touch, as without the thread).
 */
#include "prefault.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/mman.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* Linux 5.14 */
#endif

#define QUEUE 32
#define STEP ((size_t)2 << 20) /* a huge page */

typedef struct {
    char *p;
    size_t n;
} range;

/* The one thread of the process and its queue: process-wide by nature
 * (the arrays that ask have no run to hand it; D295), so the library's
 * one mutable static besides io/outfile.c's (check_layers.py). */
typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t wake, stepped;
    pthread_t thread;
    int users;
    bool stopping;
    range queue[QUEUE]; /* queue[head .. head + count) mod QUEUE */
    unsigned head, count;
    range busy; /* the step being populated (n = 0: none) */
    /* on: asks are taken; running: the thread exists (forget must look). */
    atomic_bool on, running;
} prefault_state;

static prefault_state pf = {.mu = PTHREAD_MUTEX_INITIALIZER,
                            .wake = PTHREAD_COND_INITIALIZER,
                            .stepped = PTHREAD_COND_INITIALIZER};

static bool overlap(range a, const char *p, size_t n)
{
    return a.n > 0 && a.p < p + n && p < a.p + a.n;
}

static void *serve(void *unused)
{
    (void)unused;
    pthread_mutex_lock(&pf.mu);
    while (!pf.stopping) {
        if (pf.count == 0) {
            pthread_cond_wait(&pf.wake, &pf.mu);
            continue;
        }
        range *r = &pf.queue[pf.head];
        range step = {r->p, r->n < STEP ? r->n : STEP};
        pf.busy = step;
        r->p += step.n;
        if ((r->n -= step.n) == 0) {
            pf.head = (pf.head + 1) % QUEUE;
            pf.count--;
        }
        pthread_mutex_unlock(&pf.mu);
        int rc = madvise(step.p, step.n, MADV_POPULATE_WRITE);
        int e = errno;
        pthread_mutex_lock(&pf.mu);
        pf.busy.n = 0;
        pthread_cond_broadcast(&pf.stepped);
        if (rc != 0 && e == EINVAL) { /* a kernel before 5.14: off for good */
            atomic_store(&pf.on, false);
            pf.count = 0;
        }
    }
    pthread_mutex_unlock(&pf.mu);
    return NULL;
}

bool wr_prefault_start(void)
{
    pthread_mutex_lock(&pf.mu);
    bool ok = true;
    if (pf.users++ == 0) {
        pf.stopping = false;
        pf.head = pf.count = 0;
        atomic_store(&pf.running, true);
        ok = pthread_create(&pf.thread, NULL, serve, NULL) == 0;
        atomic_store(&pf.running, ok);
        atomic_store(&pf.on, ok);
    }
    pthread_mutex_unlock(&pf.mu);
    return ok;
}

void wr_prefault_stop(void)
{
    pthread_mutex_lock(&pf.mu);
    bool last = --pf.users == 0 && atomic_load(&pf.running);
    if (last) {
        atomic_store(&pf.on, false);
        pf.stopping = true;
        pf.count = 0;
        pthread_cond_signal(&pf.wake);
    }
    pthread_mutex_unlock(&pf.mu);
    if (last) {
        pthread_join(pf.thread, NULL);
        atomic_store(&pf.running, false);
    }
}

bool wr_prefault_on(void)
{
    return atomic_load_explicit(&pf.on, memory_order_relaxed);
}

void wr_prefault_ask(void *p, size_t n)
{
    if (!wr_prefault_on() || n == 0)
        return;
    pthread_mutex_lock(&pf.mu);
    if (atomic_load(&pf.on) && pf.count < QUEUE) {
        pf.queue[(pf.head + pf.count++) % QUEUE] = (range){p, n};
        pthread_cond_signal(&pf.wake);
    }
    pthread_mutex_unlock(&pf.mu);
}

void wr_prefault_forget(const void *p, size_t n)
{
    if (!atomic_load_explicit(&pf.running, memory_order_relaxed) || n == 0)
        return;
    const char *c = p;
    pthread_mutex_lock(&pf.mu);
    unsigned kept = 0;
    for (unsigned i = 0; i < pf.count; i++) { /* the queue without them, in order */
        range r = pf.queue[(pf.head + i) % QUEUE];
        if (!overlap(r, c, n))
            pf.queue[(pf.head + kept++) % QUEUE] = r;
    }
    pf.count = kept;
    while (overlap(pf.busy, c, n))
        pthread_cond_wait(&pf.stepped, &pf.mu);
    pthread_mutex_unlock(&pf.mu);
}
