#include "vec.h"
#include "prefault.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Arrays of 1 MiB and more live in their own mapping and grow in place
 * in its span of addresses (D465), or by mremap outside the spans: the
 * pages are not copied, so a doubling costs no second copy of the array
 * in memory, and no freed pages linger in the allocator (issue 17: peak
 * RSS). Smaller arrays use realloc. The bound was 4 MiB: each realloc of
 * 1-4 MiB copied into fresh 4 KiB pages, and a 4 KiB page fault costs
 * ~15 us on this kind of VM against ~0.1-4 ms for a whole 2 MiB huge
 * page (~5,000 of a run's ~7,200 page faults at 100k workers were those
 * copies and the pushes after them, D290). At 256 KiB the faults fell
 * further (822 against 1,265) but every array stopping under 2 MiB held
 * a whole huge page: 10k workers' peak RSS 35 -> 48 MB. */
#define MAP_MIN ((size_t)1 << 20)
/* A mapping's length is a whole number of huge pages, its capacity as
 * many records as fit: the kernel then places it, and moves it on growth,
 * at a huge-page boundary, whatever the record size (D290; with 248-byte
 * records and lengths of 31 x 2^k bytes it gave 4 KiB pages, D270). */
#define HUGE_PAGE ((size_t)2 << 20)

static bool mapped(size_t bytes)
{
    return bytes >= MAP_MIN;
}

/* Mappings are carved from one reserved region (D465), a span of
 * addresses each, where a mapping grows in place: neither a new mapping
 * nor a growth nor a free then takes the process's mmap lock for
 * writing, which waited for the prefault thread's populate of a huge
 * page (MADV_POPULATE_WRITE holds it for reading, 0.1-4 ms a page): at
 * --jobs 2, ~30 ms a run of the applying thread's mmap and mremap at
 * 100k workers. The region is addresses only (MAP_NORESERVE): a span's
 * pages exist once touched and are given back (MADV_DONTNEED, so a span
 * taken again reads zeros) when its mapping is freed. It is the largest
 * of 256 GiB, 128 GiB ... 16 GiB the process may map (valgrind allows
 * 32 GiB), in N_SPANS spans: 2 GiB each at 256 GiB (the largest array
 * at 400k workers is 128 MiB). A mapping larger than a span, or made
 * when no region could be reserved or none of its spans is free, is a
 * mapping of its own as before. */
#define N_SPANS 128
#define REGION_MAX ((size_t)256 << 30)
#define REGION_MIN ((size_t)16 << 30)

/* The region: process-wide, as the mappings in it are any thread's
 * (check_layers.py). base and span are set once, under mu, before the
 * first span is handed out. */
typedef struct {
    pthread_mutex_t mu;
    bool tried;
    _Atomic(char *) base; /* NULL: not reserved */
    size_t span;
    uint64_t used[N_SPANS / 64];
} big_region;

static big_region region = {.mu = PTHREAD_MUTEX_INITIALIZER};

/* The region reserved, at the first span asked for; under region.mu. */
static void reserve_region(void)
{
    region.tried = true;
    for (size_t want = REGION_MAX; want >= REGION_MIN; want /= 2) {
        size_t bytes = want + HUGE_PAGE; /* room to start at a huge page */
        char *b = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (b == MAP_FAILED)
            continue;
        madvise(b, bytes, MADV_HUGEPAGE);
        region.span = want / N_SPANS;
        atomic_store_explicit(&region.base,
                              (char *)(((uintptr_t)b + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1)),
                              memory_order_release);
        return;
    }
}

/* A free span for `bytes`, marked used; NULL when none. */
static char *span_take(size_t bytes)
{
    char *p = NULL;
    pthread_mutex_lock(&region.mu);
    if (!region.tried)
        reserve_region();
    char *base = atomic_load_explicit(&region.base, memory_order_relaxed);
    for (size_t w = 0; base && bytes <= region.span && !p && w < N_SPANS / 64; w++) {
        if (~region.used[w]) {
            unsigned i = (unsigned)__builtin_ctzll(~region.used[w]);
            region.used[w] |= (uint64_t)1 << i;
            p = base + (w * 64 + i) * region.span;
        }
    }
    pthread_mutex_unlock(&region.mu);
    return p;
}

/* A span's size; 0 before the first mapping or without a region. Its
 * mapping is in place up to it (read after the span was taken). */
size_t wr_big_span(void)
{
    return atomic_load_explicit(&region.base, memory_order_acquire) ? region.span : 0;
}

static bool in_region(const void *p)
{
    const char *base = atomic_load_explicit(&region.base, memory_order_acquire), *c = p;
    return base && c >= base && c < base + region.span * N_SPANS;
}

/* The span at p given back, its first `bytes` emptied first. */
static void span_give(char *p, size_t bytes)
{
    madvise(p, bytes, MADV_DONTNEED);
    size_t i = (size_t)(p - atomic_load_explicit(&region.base, memory_order_relaxed)) / region.span;
    pthread_mutex_lock(&region.mu);
    region.used[i / 64] &= ~((uint64_t)1 << (i % 64));
    pthread_mutex_unlock(&region.mu);
}

bool wr_big_mapped(size_t bytes)
{
    return mapped(bytes);
}

/* The length of the mapping holding `bytes` of records. */
static size_t map_len(size_t bytes)
{
    return (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
}

/* A fresh mapping of `bytes` (a map_len), on huge pages where the kernel
 * gives them on request (THP "madvise"): records are reached at random
 * (buckets, day blocks, hash slots), and with 4 KiB pages the TLB misses
 * and page faults cost more than the copy that mremap saves (issue 17:
 * 0.7 s of user time at 100k workers). A refusal changes nothing but
 * speed. */
static void *map_fresh(size_t bytes)
{
    char *span = span_take(bytes);
    if (span)
        return span;
    void *d = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (d == MAP_FAILED)
        return NULL;
    madvise(d, bytes, MADV_HUGEPAGE);
    return d;
}

size_t wr_big_size(size_t bytes)
{
    return mapped(bytes) ? map_len(bytes) : bytes;
}

void *wr_big_alloc(size_t bytes)
{
    return mapped(bytes) ? map_fresh(map_len(bytes)) : malloc(bytes);
}

void *wr_big_alloc_ahead(size_t bytes)
{
    void *p = wr_big_alloc(bytes);
    if (p && mapped(bytes))
        wr_prefault_ask(p, map_len(bytes));
    return p;
}

void wr_big_free(void *p, size_t bytes)
{
    if (p && mapped(bytes)) {
        wr_prefault_forget(p, map_len(bytes));
        if (in_region(p))
            span_give(p, map_len(bytes));
        else
            munmap(p, map_len(bytes));
    } else {
        free(p);
    }
}

void wr_vec_init(wr_vec *v, size_t elem_size)
{
    memset(v, 0, sizeof *v);
    v->elem_size = elem_size;
}

void wr_vec_free(wr_vec *v)
{
    wr_big_free(v->data, v->cap * v->elem_size);
    wr_vec_init(v, v->elem_size);
}

/* v->data grown to *cap elements (a mapping: to as many as fill its
 * huge pages, *cap raised); NULL when out of memory. */
static void *grow_to(wr_vec *v, size_t *cap)
{
    size_t old = v->cap * v->elem_size, bytes = *cap * v->elem_size;
    if (!mapped(bytes))
        return realloc(v->data, bytes);
    bytes = map_len(bytes);
    *cap = bytes / v->elem_size;
    if (!mapped(old)) {
        void *d = map_fresh(bytes);
        if (d && v->len)
            memcpy(d, v->data, v->len * v->elem_size);
        if (d)
            free(v->data);
        return d;
    }
    if (in_region(v->data)) {
        if (bytes <= region.span)
            return v->data; /* in place: its span's addresses are its own */
        void *d = map_fresh(bytes);
        if (d) {
            memcpy(d, v->data, v->len * v->elem_size);
            wr_big_free(v->data, old);
        }
        return d;
    }
    wr_prefault_forget(v->data, map_len(old)); /* it may move */
    void *d = mremap(v->data, map_len(old), bytes, MREMAP_MAYMOVE);
    if (d == MAP_FAILED)
        return NULL;
    madvise(d, bytes, MADV_HUGEPAGE); /* the grown part too */
    return d;
}

static bool grow(wr_vec *v, size_t cap)
{
    void *d = grow_to(v, &cap);
    if (!d)
        return false;
    v->data = d;
    v->cap = cap;
    return true;
}

/* Where in a huge page the pushes ask for the next one (D295): at three
 * quarters, 512 KiB of pushes before they need it (the thread makes a
 * page in 0.1-4 ms), and an array that stops growing there holds a page
 * it never uses only a quarter of the time (at half a page, peak RSS at
 * 100k workers was +15 MB; at three quarters +5 MB). */
#define ASK_AT (HUGE_PAGE / 4 * 3)

/* A push's record ends past v->ahead. With the prefault thread and a
 * mapped array: when the pushes pass ASK_AT in huge page k, the thread is
 * asked for page k + 1, the array grown first when that page lies past
 * its capacity (mremap moves the pages made; indices stay), so the
 * pushes find their pages made (D295). Else: looked at again at the
 * capacity (a heap array becoming a mapping) or, without the thread, a
 * huge page further on. */
__attribute__((noinline)) /* off the push path */
static void ask_ahead(wr_vec *v)
{
    size_t end = (v->len + 1) * v->elem_size, bytes = v->cap * v->elem_size;
    size_t page_end = map_len(end); /* the end of the page the push writes in */
    size_t at = page_end - HUGE_PAGE + ASK_AT;
    if (!wr_prefault_on() || !mapped(bytes)) {
        v->ahead = wr_prefault_on() ? bytes : page_end;
        return;
    }
    v->ahead = end <= at ? at : at + HUGE_PAGE;
    if (end <= at)
        return;
    if (page_end + HUGE_PAGE > bytes) {
        size_t cap = v->cap;
        while (cap * v->elem_size < page_end + HUGE_PAGE)
            cap *= 2;
        if (!grow(v, cap))
            return; /* the push grows it when full, or fails */
    }
    wr_prefault_ask((char *)v->data + page_end, HUGE_PAGE);
}

bool wr_vec_reserve(wr_vec *v, size_t n)
{
    if (n > v->cap && !grow(v, n))
        return false;
    size_t from = v->len * v->elem_size & ~(HUGE_PAGE - 1), to = map_len(n * v->elem_size);
    if (wr_prefault_on() && mapped(v->cap * v->elem_size) && to > from) {
        wr_prefault_ask((char *)v->data + from, to - from);
        if (v->ahead < to)
            v->ahead = to; /* the pushes look ahead again past them */
    }
    return true;
}

bool wr_vec_append(wr_vec *v, const wr_vec *from)
{
    assert(from->elem_size == v->elem_size);
    if (from->len == 0)
        return true;
    if (!wr_vec_reserve(v, v->len + from->len))
        return false;
    memcpy((char *)v->data + v->len * v->elem_size, from->data, from->len * from->elem_size);
    v->len += from->len;
    return true;
}

void *wr_vec_push(wr_vec *v)
{
    if (v->len == v->cap && !grow(v, v->cap ? v->cap * 2 : 64))
        return NULL;
    if ((v->len + 1) * v->elem_size > v->ahead)
        ask_ahead(v);
    void *e = wr_vec_at(v, v->len++);
    memset(e, 0, v->elem_size);
    return e;
}
