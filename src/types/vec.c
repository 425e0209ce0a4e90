#include "vec.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Arrays of 4 MiB and more live in their own mapping and grow by mremap:
 * the pages move instead of being copied, so a doubling costs no second
 * copy of the array in memory, and no freed pages linger in the
 * allocator (issue 17: peak RSS). Smaller arrays use realloc. */
#define MAP_MIN ((size_t)4 << 20)

static bool mapped(size_t bytes)
{
    return bytes >= MAP_MIN;
}

void wr_vec_init(wr_vec *v, size_t elem_size)
{
    memset(v, 0, sizeof *v);
    v->elem_size = elem_size;
}

void wr_vec_free(wr_vec *v)
{
    size_t bytes = v->cap * v->elem_size;
    if (v->data && mapped(bytes))
        munmap(v->data, bytes);
    else
        free(v->data);
    wr_vec_init(v, v->elem_size);
}

/* v->data grown to cap elements; NULL when out of memory. */
static void *grow_to(wr_vec *v, size_t cap)
{
    size_t old = v->cap * v->elem_size, bytes = cap * v->elem_size;
    if (!mapped(bytes))
        return realloc(v->data, bytes);
    void *d;
    if (mapped(old)) {
        d = mremap(v->data, old, bytes, MREMAP_MAYMOVE);
        if (d == MAP_FAILED)
            return NULL;
    } else {
        d = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (d == MAP_FAILED)
            return NULL;
        if (v->len)
            memcpy(d, v->data, v->len * v->elem_size);
        free(v->data);
    }
    /* Huge pages where the kernel gives them on request (THP "madvise"):
     * records are reached at random (buckets, day blocks), and with 4 KiB
     * pages the TLB misses and page faults cost more than the copy that
     * mremap saves (issue 17: 0.7 s of user time at 100k workers). A
     * refusal changes nothing but speed. */
    madvise(d, bytes, MADV_HUGEPAGE);
    return d;
}

void *wr_vec_push(wr_vec *v)
{
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 64;
        void *d = grow_to(v, cap);
        if (!d)
            return NULL;
        v->data = d;
        v->cap = cap;
    }
    void *e = wr_vec_at(v, v->len++);
    memset(e, 0, v->elem_size);
    return e;
}
