/*
 * The hash table of the whole program: open addressing with linear
 * probing, mapping a key to a uint32 record index. The table does not own
 * keys: records live in the caller's arrays, and the caller supplies the
 * key's XXH3 hash and an equality test against a stored index. Each slot
 * is 8 bytes (32 bits of hash, 32-bit index), so memory is bounded by the
 * number of distinct keys, never by rows read.
 */
#ifndef WR_TABLE_H
#define WR_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WR_NONE UINT32_MAX

/* True when the record at `index` has key `key`. */
typedef bool (*wr_key_eq_fn)(const void *ctx, uint32_t index, const void *key);

/* A slot's parts: its index and its hash's 32 bits. */
#define WR_SLOT_INDEX(s) ((uint32_t)(s))
#define WR_SLOT_HASH(s) ((uint32_t)((s) >> 32))

typedef struct {
    uint64_t *slots; /* hash32 << 32 | index; index WR_NONE = empty */
    size_t mask;     /* capacity - 1 (capacity a power of two) */
    size_t count;
    /* With the prefault thread, the next growth's slots, asked for when
     * count reaches spare_at (D295). */
    uint64_t *spare;
    size_t spare_at;
} wr_table;

void wr_table_init(wr_table *t);
void wr_table_free(wr_table *t);

/* Index stored under key, or WR_NONE. */
uint32_t wr_table_find(const wr_table *t, uint64_t hash, const void *key,
                       wr_key_eq_fn eq, const void *ctx);

/* Looks key up; when absent, stores `new_index` under it. Returns the
 * index now stored under key (new_index when inserted), or WR_NONE when
 * out of memory. */
uint32_t wr_table_intern(wr_table *t, uint64_t hash, const void *key,
                         wr_key_eq_fn eq, const void *ctx, uint32_t new_index);

/* Room for n keys (the load at most 3/4) made before they are interned,
 * so that the table does not grow, its keys moved each time, on its way
 * there (D387); a table as large already is left as it is. False when out
 * of memory. */
bool wr_table_reserve(wr_table *t, size_t n);

/* Looking up ahead (D307): a thread that knows a key's hash rows before
 * it looks the key up fetches the slot now, and a row later what it
 * points to, so the lookup finds both in the cache. Neither changes the
 * table; a table that grows in between only makes the fetch wasted. */
static inline void wr_table_prefetch(const wr_table *t, uint64_t hash)
{
    if (t->slots)
        __builtin_prefetch(&t->slots[(uint32_t)hash & t->mask], 1);
}

/* The index a lookup of hash would most likely compare first: the first
 * slot of its probe holding hash's 32 bits (without comparing keys), or
 * WR_NONE, also past the probe's first 8 slots (a cache line's worth).
 * Only for fetching ahead: it may name another key's record. */
static inline uint32_t wr_table_peek(const wr_table *t, uint64_t hash)
{
    if (!t->slots)
        return WR_NONE;
    uint32_t h = (uint32_t)hash;
    for (size_t i = h & t->mask, n = 0; n < 8; i = (i + 1) & t->mask, n++) {
        uint64_t s = t->slots[i];
        if (WR_SLOT_INDEX(s) == WR_NONE)
            return WR_NONE;
        if (WR_SLOT_HASH(s) == h)
            return WR_SLOT_INDEX(s);
    }
    return WR_NONE;
}

/* Hashes of fixed keys: XXH3-64 of the bytes. */
uint64_t wr_hash_bytes(const void *p, size_t n);
uint64_t wr_hash_u64(uint64_t key);

#endif
