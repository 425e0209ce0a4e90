/* Unit tests: types/prefault.c and its users (D295). An asked range is
 * made resident and keeps its bytes; a forgotten ask is never served; a
 * growing array asks for the huge page after the one its pushes pass
 * three quarters of, and no further; a table's spare and an arena's
 * spare block keep every key and byte; without the thread nothing is
 * asked. Residency is read by mincore(2). */
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "types/arena.h"
#include "types/prefault.h"
#include "types/table.h"
#include "types/vec.h"

#define MIB ((size_t)1 << 20)

/* Resident 4 KiB pages of [p, p + n) (p page-aligned). */
static size_t resident(const void *p, size_t n)
{
    size_t pages = n / 4096, count = 0;
    unsigned char v[4096];
    for (size_t i = 0; i < pages; i += sizeof v) {
        size_t k = pages - i < sizeof v ? pages - i : sizeof v;
        if (mincore((char *)p + i * 4096, k * 4096, v) != 0)
            return 0;
        for (size_t j = 0; j < k; j++)
            count += v[j] & 1;
    }
    return count;
}

static void sleep_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

/* Waits up to 5 s for all of [p, p + n) to be resident. */
static bool made(const void *p, size_t n)
{
    for (int i = 0; i < 500 && resident(p, n) < n / 4096; i++)
        sleep_ms(10);
    return resident(p, n) == n / 4096;
}

static bool key_eq(const void *ctx, uint32_t index, const void *key)
{
    (void)ctx;
    return index == *(const uint32_t *)key;
}

static void asks(void)
{
    /* An asked range is made, and the bytes written before stay. */
    size_t n = 8 * MIB;
    unsigned char *p = wr_big_alloc(n);
    CHECK(p != NULL);
    memset(p, 7, 100);
    wr_prefault_ask(p, n);
    CHECK(made(p, n));
    size_t bad = 0;
    for (size_t i = 0; i < n; i++)
        bad += p[i] != (i < 100 ? 7 : 0);
    CHECK(bad == 0);
    /* A forgotten ask, queued behind a long one, is never served. */
    size_t big_n = 128 * MIB, x_n = 4 * MIB;
    void *big = wr_big_alloc(big_n), *x = wr_big_alloc(x_n);
    CHECK(big != NULL && x != NULL);
    wr_prefault_ask(big, big_n);
    wr_prefault_ask(x, x_n);
    wr_prefault_forget(x, x_n);
    CHECK(made(big, big_n));
    sleep_ms(200);
    CHECK(resident(x, x_n) == 0);
    wr_big_free(big, big_n);
    wr_big_free(x, x_n);
    wr_big_free(p, n);
}

/* Records of 24 bytes pushed past three quarters of the page [6, 8) MiB:
 * the page [8, 10) is asked for (the array grown to hold it), [10, 12)
 * is not; every record keeps its value through the growths. */
static void array_asks(void)
{
    wr_vec v;
    wr_vec_init(&v, 24);
    size_t upto = (6 * MIB + 3 * MIB / 2) / 24 + 1, bad = 0;
    for (size_t i = 0; i < upto; i++) {
        uint64_t *r = wr_vec_push(&v);
        if (!r)
            break;
        r[0] = i;
        r[2] = ~i;
    }
    CHECK(v.len == upto);
    CHECK(v.cap * 24 >= 10 * MIB);
    CHECK(made((char *)v.data + 8 * MIB, 2 * MIB));
    sleep_ms(100);
    CHECK(v.cap * 24 < 12 * MIB || resident((char *)v.data + 10 * MIB, 2 * MIB) == 0);
    for (size_t i = 0; i < 2000000; i++) { /* on through mremap */
        uint64_t *r = wr_vec_push(&v);
        if (!r)
            break;
        r[0] = upto + i;
        r[2] = ~(upto + i);
    }
    for (size_t i = 0; i < v.len; i++) {
        const uint64_t *r = wr_vec_at(&v, i);
        bad += r[0] != i || r[2] != ~i;
    }
    CHECK(v.len == upto + 2000000 && bad == 0);
    wr_vec_free(&v);
}

/* 400,000 keys: the table grows into mappings through its spares (one is
 * made at 5/8 of 524,288 slots) and finds every key. */
static void table_spares(void)
{
    wr_table t;
    wr_table_init(&t);
    bool spared = false;
    size_t bad = 0;
    for (uint32_t k = 0; k < 400000; k++) {
        bad += wr_table_intern(&t, wr_hash_u64(k), &k, key_eq, NULL, k) != k;
        spared |= t.spare != NULL;
    }
    CHECK(bad == 0 && spared);
    for (uint32_t k = 0; k < 400000; k++)
        bad += wr_table_find(&t, wr_hash_u64(k), &k, key_eq, NULL) != k;
    CHECK(bad == 0);
    wr_table_free(&t);
}

/* 12 MiB in 1,000-byte pieces: the full-size blocks come from the spare
 * (made ahead), the first one too (D456: asked with the last smaller
 * block, while the blocks, of 64, 64, 128, 256 and 512 KiB, hold 1 MiB
 * at most), and every piece keeps its bytes. */
static void arena_spares(void)
{
    wr_arena a;
    wr_arena_init(&a);
    enum { PIECES = 12000 };
    static unsigned char *piece[PIECES];
    bool spared = false, first_spared = false;
    for (int i = 0; i < PIECES; i++) {
        piece[i] = wr_arena_alloc(&a, 1000);
        if (piece[i])
            memset(piece[i], i % 251, 1000);
        spared |= a.spare != NULL;
        first_spared |= a.spare != NULL && a.bytes_total <= MIB;
    }
    size_t bad = 0;
    for (int i = 0; i < PIECES; i++)
        bad += !piece[i] || piece[i][0] != i % 251 || piece[i][999] != i % 251;
    CHECK(bad == 0 && spared);
    CHECK(first_spared);
    wr_arena_free(&a);
}

int main(void)
{
    CHECK(!wr_prefault_on());
    CHECK(wr_prefault_start());
    CHECK(wr_prefault_start()); /* counted: one thread */
    CHECK(wr_prefault_on());
    asks();
    array_asks();
    table_spares();
    arena_spares();
    wr_prefault_stop();
    CHECK(wr_prefault_on()); /* one user left */
    wr_prefault_stop();
    CHECK(!wr_prefault_on());
    /* Without the thread: no ask is served, no spare made. */
    void *p = wr_big_alloc(4 * MIB);
    wr_prefault_ask(p, 4 * MIB);
    sleep_ms(100);
    CHECK(resident(p, 4 * MIB) == 0);
    wr_big_free(p, 4 * MIB);
    wr_table t;
    wr_table_init(&t);
    bool spared = false;
    for (uint32_t k = 0; k < 200000; k++) {
        wr_table_intern(&t, wr_hash_u64(k), &k, key_eq, NULL, k);
        spared |= t.spare != NULL;
    }
    CHECK(!spared);
    wr_table_free(&t);
    return CHECK_DONE();
}
