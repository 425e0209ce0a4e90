/*
 * core_handoff: what handing one cache line from one CPU to another
 * costs this machine. Two threads, pinned to CPU 0 and CPU 1, pass an
 * atomic counter back and forth; a round trip is two hand-offs. At
 * --jobs 2 every record the parsing thread writes and the applying
 * thread reads crosses cores the same way (docs/PARALLEL.md, "Where the
 * targets stand (2026-12-07, e472247)"). Not run by the bench; kept
 * beside it for whoever measures a new host.
 *
 *   core_handoff [ROUND_TRIPS]   prints "round trip NS ns (one hand-off ~NS ns)"
 *
 * Build: cc -O2 -pthread bench/core_handoff.c -o build/core_handoff
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static _Atomic long turn __attribute__((aligned(64)));
static long round_trips = 2000000;

static void pin(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

/* CPU 1: answers each odd count with the next even one. */
static void *answer(void *arg)
{
    (void)arg;
    pin(1);
    for (long i = 0; i < round_trips; i++) {
        while (atomic_load_explicit(&turn, memory_order_acquire) != 2 * i + 1)
            ;
        atomic_store_explicit(&turn, 2 * i + 2, memory_order_release);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc > 1 && (round_trips = strtol(argv[1], NULL, 10)) <= 0) {
        fprintf(stderr, "usage: core_handoff [ROUND_TRIPS > 0]\n");
        return 2;
    }
    pthread_t other;
    pin(0);
    if (pthread_create(&other, NULL, answer, NULL) != 0) {
        perror("core_handoff: pthread_create");
        return 1;
    }
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < round_trips; i++) {
        atomic_store_explicit(&turn, 2 * i + 1, memory_order_release);
        while (atomic_load_explicit(&turn, memory_order_acquire) != 2 * i + 2)
            ;
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    pthread_join(other, NULL);
    double ns = ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / (double)round_trips;
    printf("round trip %.1f ns (one hand-off ~%.1f ns)\n", ns, ns / 2);
    return 0;
}
