#include "table.h"
#include "prefault.h"
#include "vec.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

void wr_table_init(wr_table *t)
{
    memset(t, 0, sizeof *t);
}

/* At least cap slots: huge pages when large (D290), all the slots they
 * hold, so a table of 1 MiB is made 2 MiB at once rather than zeroed at
 * 1 and 2. */
static size_t whole_pages(size_t cap)
{
    while (cap * 2 * sizeof(uint64_t) <= wr_big_size(cap * sizeof(uint64_t)))
        cap *= 2;
    return cap;
}

/* The slots of t's next growth. */
static size_t next_cap(const wr_table *t)
{
    return whole_pages(t->slots ? (t->mask + 1) * 2 : 64);
}

void wr_table_free(wr_table *t)
{
    if (t->spare)
        wr_big_free(t->spare, next_cap(t) * sizeof *t->spare);
    if (t->slots)
        wr_big_free(t->slots, (t->mask + 1) * sizeof *t->slots);
    wr_table_init(t);
}

uint64_t wr_hash_bytes(const void *p, size_t n)
{
    return XXH3_64bits(p, n);
}

uint64_t wr_hash_u64(uint64_t key)
{
    return XXH3_64bits(&key, sizeof key);
}

uint32_t wr_table_find(const wr_table *t, uint64_t hash, const void *key,
                       wr_key_eq_fn eq, const void *ctx)
{
    if (!t->slots)
        return WR_NONE;
    uint32_t h = (uint32_t)hash;
    for (size_t i = h & t->mask;; i = (i + 1) & t->mask) {
        uint64_t s = t->slots[i];
        if (WR_SLOT_INDEX(s) == WR_NONE)
            return WR_NONE;
        if (WR_SLOT_HASH(s) == h && eq(ctx, WR_SLOT_INDEX(s), key))
            return WR_SLOT_INDEX(s);
    }
}

/* With the count at 5/8 of the slots (it grows at 3/4), a table that
 * will grow into a mapping of its own has the prefault thread make the
 * next slots, so growing faults no page on the asker (D295: the
 * payments' txn table alone was ~15 ms of the calling thread at 100k
 * workers). A table that stops growing between 5/8 and 3/4 keeps the
 * spare unused: at 3/8, every table did (peak RSS +20 MB at 100k). */
__attribute__((noinline)) /* off the intern path */
static void make_spare(wr_table *t)
{
    t->spare_at = SIZE_MAX;
    size_t bytes = next_cap(t) * sizeof *t->spare;
    if (t->slots && !t->spare && wr_big_mapped(bytes) && wr_prefault_on() &&
        (t->spare = wr_big_alloc(bytes)))
        wr_prefault_ask(t->spare, bytes);
}

/* t's slots made cap (a power of two, above the count's 4/3), its keys
 * moved into them. */
static bool grow_to(wr_table *t, size_t cap)
{
    if (t->spare && cap != next_cap(t)) { /* made for another size */
        wr_big_free(t->spare, next_cap(t) * sizeof *t->spare);
        t->spare = NULL;
    }
    uint64_t *slots = t->spare ? t->spare : wr_big_alloc(cap * sizeof *slots);
    if (!slots)
        return false;
    t->spare = NULL;
    memset(slots, 0xFF, cap * sizeof *slots);
    for (size_t i = 0; t->slots && i <= t->mask; i++) {
        uint64_t s = t->slots[i];
        if (WR_SLOT_INDEX(s) == WR_NONE)
            continue;
        size_t j = WR_SLOT_HASH(s) & (cap - 1);
        while (WR_SLOT_INDEX(slots[j]) != WR_NONE)
            j = (j + 1) & (cap - 1);
        slots[j] = s;
    }
    if (t->slots)
        wr_big_free(t->slots, (t->mask + 1) * sizeof *t->slots);
    t->slots = slots;
    t->mask = cap - 1;
    t->spare_at = cap / 8 * 5;
    return true;
}

static bool grow(wr_table *t)
{
    return grow_to(t, next_cap(t));
}

bool wr_table_reserve(wr_table *t, size_t n)
{
    size_t cap = 64;
    while (cap / 4 * 3 < n)
        cap *= 2;
    if (t->slots && t->mask + 1 >= cap)
        return true;
    return grow_to(t, whole_pages(cap));
}

uint32_t wr_table_intern(wr_table *t, uint64_t hash, const void *key,
                         wr_key_eq_fn eq, const void *ctx, uint32_t new_index)
{
    if (t->count >= t->spare_at)
        make_spare(t);
    /* Keep the load at or under 3/4 so probes stay short. */
    if ((!t->slots || (t->count + 1) * 4 > (t->mask + 1) * 3) && !grow(t))
        return WR_NONE;
    /* The load stays under 3/4 (so the probe below finds a free slot),
     * and an index must not be the free-slot mark. */
    assert((t->count + 1) * 4 <= (t->mask + 1) * 3 && new_index != WR_NONE);
    uint32_t h = (uint32_t)hash;
    size_t i = h & t->mask;
    for (;; i = (i + 1) & t->mask) {
        uint64_t s = t->slots[i];
        if (WR_SLOT_INDEX(s) == WR_NONE)
            break;
        if (WR_SLOT_HASH(s) == h && eq(ctx, WR_SLOT_INDEX(s), key))
            return WR_SLOT_INDEX(s);
    }
    t->slots[i] = (uint64_t)h << 32 | new_index;
    t->count++;
    return new_index;
}
