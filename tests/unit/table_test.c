/* Unit tests: types/table.c (the one hash table). */
#include <stdlib.h>

#include "check.h"
#include "types/table.h"

static uint32_t keys[200000];

static bool eq(const void *ctx, uint32_t i, const void *key)
{
    (void)ctx;
    return keys[i] == *(const uint32_t *)key;
}

int main(void)
{
    wr_table t;
    wr_table_init(&t);
    for (uint32_t i = 0; i < 200000; i++) {
        keys[i] = i * 7919u;
        CHECK(wr_table_intern(&t, wr_hash_u64(keys[i]), &keys[i], eq, NULL, i) == i);
    }
    uint32_t k = 5 * 7919u;
    CHECK(wr_table_intern(&t, wr_hash_u64(k), &k, eq, NULL, 999999) == 5); /* found, not inserted */
    CHECK(t.count == 200000);
    int misses = 0;
    for (uint32_t i = 0; i < 200000; i++)
        misses += wr_table_find(&t, wr_hash_u64(keys[i]), &keys[i], eq, NULL) != i;
    CHECK(misses == 0);
    uint32_t absent = 3;
    CHECK(wr_table_find(&t, wr_hash_u64(absent), &absent, eq, NULL) == WR_NONE);
    /* Colliding hashes still resolve by key. */
    wr_table c;
    wr_table_init(&c);
    for (uint32_t i = 0; i < 100; i++)
        CHECK(wr_table_intern(&c, 42, &keys[i], eq, NULL, i) == i);
    CHECK(wr_table_find(&c, 42, &keys[77], eq, NULL) == 77);
    /* D307's peek: the index a lookup compares first, WR_NONE for an
     * absent key (t is under 3/4 full: an absent key's probe soon meets
     * an empty slot) and in a table with no slots; prefetch reads no key.
     * Past its probe's first 8 slots it gives up: a few keys. */
    misses = 0;
    for (uint32_t i = 0; i < 200000; i++)
        misses += wr_table_peek(&t, wr_hash_u64(keys[i])) != i;
    CHECK(misses < 200000 / 50);
    int found = 0;
    for (uint32_t a = 1; a < 1000; a++) /* not multiples of 7919 below 2^32 / 7919 */
        found += wr_table_peek(&t, wr_hash_u64(a)) != WR_NONE;
    CHECK(found <= 2); /* only a 32-bit hash collision names another key */
    CHECK(wr_table_peek(&c, 42) < 100); /* the first of the colliding keys' probe */
    wr_table e;
    wr_table_init(&e);
    CHECK(wr_table_peek(&e, 42) == WR_NONE);
    wr_table_prefetch(&e, 42);
    wr_table_prefetch(&t, 42);
    wr_table_free(&c);
    wr_table_free(&t);
    /* A table that outgrows 512 KiB of slots is made 2 MiB (262,144
     * slots: the whole huge pages its mapping holds, D290), not 1 MiB. */
    wr_table g;
    wr_table_init(&g);
    for (uint32_t i = 0; i < 60000; i++)
        CHECK(wr_table_intern(&g, wr_hash_u64(keys[i]), &keys[i], eq, NULL, i) == i);
    CHECK(g.mask + 1 == 262144);
    misses = 0;
    for (uint32_t i = 0; i < 60000; i++)
        misses += wr_table_find(&g, wr_hash_u64(keys[i]), &keys[i], eq, NULL) != i;
    CHECK(misses == 0);
    wr_table_free(&g);
    /* D387's reserve: room for n keys made at once, so interning them
     * moves no slot; a table that has the room already is left as it is;
     * keys interned before are kept. */
    wr_table r;
    wr_table_init(&r);
    for (uint32_t i = 0; i < 10; i++)
        CHECK(wr_table_intern(&r, wr_hash_u64(keys[i]), &keys[i], eq, NULL, i) == i);
    CHECK(wr_table_reserve(&r, 3000));
    CHECK(r.mask + 1 == 4096); /* 3000 at 3/4 */
    const uint64_t *slots = r.slots;
    for (uint32_t i = 10; i < 3072; i++)
        CHECK(wr_table_intern(&r, wr_hash_u64(keys[i]), &keys[i], eq, NULL, i) == i);
    CHECK(r.slots == slots && r.mask + 1 == 4096);
    CHECK(wr_table_reserve(&r, 100) && r.slots == slots);
    misses = 0;
    for (uint32_t i = 0; i < 3072; i++)
        misses += wr_table_find(&r, wr_hash_u64(keys[i]), &keys[i], eq, NULL) != i;
    CHECK(misses == 0);
    CHECK(wr_table_intern(&r, wr_hash_u64(keys[3072]), &keys[3072], eq, NULL, 3072) == 3072);
    CHECK(r.mask + 1 == 8192); /* past it, it grows as before */
    wr_table_free(&r);
    wr_table e2;
    wr_table_init(&e2);
    CHECK(wr_table_reserve(&e2, 0) && e2.mask + 1 == 64 && e2.count == 0);
    wr_table_free(&e2);
    return CHECK_DONE();
}
