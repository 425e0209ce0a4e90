/*
 * mem_latency: what one cache miss costs this machine, by the size of the
 * memory it lands in. The bench's scaling figure (CPU per row at 400k
 * workers against 100k) grows with every miss a run takes if a miss costs
 * more in a larger working set; on a virtual machine whose host backs the
 * guest's huge pages with small ones, it does (DECISIONS D462). This
 * measures it without wagerecon: a pointer chase over a random cycle of
 * 64-byte lines, so each hop waits for the one before and misses the
 * caches once the buffer is larger than they are; the buffer is on huge
 * pages (madvise), as wagerecon's large arrays are (D290).
 *
 *   mem_latency MIB [HOPS]   prints "MIB MiB NS ns a hop"
 *
 * Build: cc -O2 bench/mem_latency.c -o build/mem_latency
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#define LINE 64
#define HUGE_PAGE ((size_t)2 << 20)

/* xorshift64: the cycle's order, the same every run. */
static uint64_t next_random(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* Links the lines of buf into one cycle in a random order; the first
 * line of the cycle, or NULL when out of memory. */
static void **make_cycle(char *buf, size_t lines)
{
    uint32_t *order = malloc(lines * sizeof *order);
    if (!order)
        return NULL;
    for (size_t i = 0; i < lines; i++)
        order[i] = (uint32_t)i;
    uint64_t s = 88172645463325252ull;
    for (size_t i = lines - 1; i > 0; i--) { /* Fisher-Yates */
        size_t j = next_random(&s) % (i + 1);
        uint32_t t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (size_t i = 0; i < lines; i++)
        *(void **)(buf + (size_t)order[i] * LINE) = buf + (size_t)order[(i + 1) % lines] * LINE;
    void **first = (void **)(buf + (size_t)order[0] * LINE);
    free(order);
    return first;
}

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: mem_latency MIB [HOPS]\n");
        return 2;
    }
    size_t mib = strtoull(argv[1], NULL, 10);
    size_t hops = argc > 2 ? strtoull(argv[2], NULL, 10) : 10000000;
    size_t bytes = mib << 20;
    if (mib == 0 || mib > ((size_t)1 << 16) || hops == 0) {
        fprintf(stderr, "mem_latency: MIB 1..65536, HOPS > 0\n");
        return 2;
    }
    char *map = mmap(NULL, bytes + HUGE_PAGE, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) {
        perror("mem_latency: mmap");
        return 1;
    }
    char *buf = (char *)(((uintptr_t)map + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
    madvise(buf, bytes, MADV_HUGEPAGE);
    memset(buf, 0, bytes);
    void **p = make_cycle(buf, bytes / LINE);
    if (!p) {
        fprintf(stderr, "mem_latency: out of memory\n");
        return 1;
    }
    for (size_t i = 0; i < hops / 4; i++) /* the TLB and caches as the timed hops find them */
        p = *p;
    double t0 = now_ns();
    for (size_t i = 0; i < hops; i++)
        p = *p;
    double ns = (now_ns() - t0) / (double)hops;
    printf("%zu MiB %.1f ns a hop%s\n", mib, ns, p ? "" : " "); /* p used: the loop stays */
    munmap(map, bytes + HUGE_PAGE);
    return 0;
}
