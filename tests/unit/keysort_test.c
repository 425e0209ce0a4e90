/* Unit tests: types/keysort.c (D379). wr_sort_by_key against a stable
 * insertion sort by the same keys (the reference), on keys that differ
 * in every byte, in one byte only (the passes skipped), all equal, many
 * ties (the order of equal keys kept), and 0, 1 and 2 items; several
 * calls, the least significant field first, give a three-field order;
 * the signed keys order as their values; wr_text_ranks ranks texts as
 * strcmp orders them. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "types/keysort.h"

static uint64_t next_random(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* The reference: a stable insertion sort of order by key[order[i]]. */
static void reference_sort(uint32_t *order, size_t n, const uint64_t *key)
{
    for (size_t i = 1; i < n; i++) {
        uint32_t v = order[i];
        size_t j = i;
        for (; j > 0 && key[order[j - 1]] > key[v]; j--)
            order[j] = order[j - 1];
        order[j] = v;
    }
}

/* n keys made by `make`, sorted both ways from the same start order. */
static void against_reference(size_t n, uint64_t (*make)(uint64_t *s, size_t i))
{
    uint64_t s = 88172645463325252u + n;
    uint64_t *key = calloc(n + 1, sizeof *key);
    uint32_t *a = malloc((n + 1) * sizeof *a), *b = malloc((n + 1) * sizeof *b);
    uint32_t *tmp = malloc((n + 1) * sizeof *tmp);
    for (size_t i = 0; i < n; i++) {
        key[i] = make(&s, i);
        a[i] = b[i] = (uint32_t)(n - 1 - i); /* a start order that is not 0, 1, ... */
    }
    wr_sort_by_key(a, n, key, tmp);
    reference_sort(b, n, key);
    CHECK(n == 0 || memcmp(a, b, n * sizeof *a) == 0);
    free(key);
    free(a);
    free(b);
    free(tmp);
}

static uint64_t any_bytes(uint64_t *s, size_t i)
{
    (void)i;
    return next_random(s);
}

static uint64_t one_byte(uint64_t *s, size_t i) /* byte 5 only */
{
    (void)i;
    return UINT64_C(0x1122330044556677) | (next_random(s) & 0xFF) << 40;
}

static uint64_t few_values(uint64_t *s, size_t i) /* many ties */
{
    (void)i;
    return next_random(s) % 5 * UINT64_C(0x0100000001);
}

static uint64_t all_equal(uint64_t *s, size_t i)
{
    (void)s;
    (void)i;
    return 42;
}

static uint64_t descending(uint64_t *s, size_t i)
{
    (void)s;
    return UINT64_MAX - i * 977;
}

/* Three fields by three calls: (a, b desc, c) as a comparison would. */
static void fields(void)
{
    enum { N = 3000 };
    static int64_t fa[N], fb[N];
    static uint64_t ka[N], kb[N], kc[N];
    static uint32_t order[N], tmp[N];
    uint64_t s = 7;
    for (uint32_t i = 0; i < N; i++) {
        fa[i] = (int64_t)(next_random(&s) % 7) - 3;
        fb[i] = (int64_t)(next_random(&s) % 2001) - 1000;
        ka[i] = wr_key_ascending(fa[i]);
        kb[i] = wr_key_descending(fb[i]);
        kc[i] = next_random(&s) % 3;
        order[i] = i;
    }
    wr_sort_by_key(order, N, kc, tmp);
    wr_sort_by_key(order, N, kb, tmp);
    wr_sort_by_key(order, N, ka, tmp);
    size_t bad = 0;
    for (size_t i = 1; i < N; i++) {
        uint32_t x = order[i - 1], y = order[i];
        bool before = fa[x] < fa[y] ||
                      (fa[x] == fa[y] && (fb[x] > fb[y] ||
                                          (fb[x] == fb[y] && (kc[x] < kc[y] ||
                                                              (kc[x] == kc[y] && x < y)))));
        bad += !before;
    }
    CHECK(bad == 0);
}

/* wr_text_ranks: texts of a few values, some of one value copies apart
 * (other pointers), some runs of one pointer; every pair of items ranks
 * as strcmp orders their texts. */
static void text_ranks(void)
{
    enum { N = 700 };
    static const char *values[] = {"", "b", "a", "ab", "abc", "b\xe9", "B", "aa", "91", "9"};
    enum { V = sizeof values / sizeof values[0] };
    static char copies[V][2][8];
    static const char *text[N];
    static uint32_t rank[N];
    for (int v = 0; v < V; v++)
        for (int c = 0; c < 2; c++)
            strcpy(copies[v][c], values[v]);
    uint64_t s = 99;
    for (size_t i = 0; i < N; i++) {
        if (i > 0 && next_random(&s) % 3 == 0) {
            text[i] = text[i - 1]; /* a run of one pointer */
            continue;
        }
        uint64_t v = next_random(&s) % V, c = next_random(&s) % 3;
        text[i] = c == 2 ? values[v] : copies[v][c];
    }
    CHECK(wr_text_ranks(text, N, rank));
    size_t bad = 0;
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++) {
            int c = strcmp(text[i], text[j]);
            bad += (c < 0) != (rank[i] < rank[j]) || (c == 0) != (rank[i] == rank[j]);
        }
    CHECK(bad == 0);
    CHECK(wr_text_ranks(text, 0, rank));
    CHECK(wr_text_ranks(text, 1, rank) && rank[0] == 0);
}

int main(void)
{
    text_ranks();
    size_t sizes[] = {0, 1, 2, 3, 17, 256, 1000, 4099};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        against_reference(sizes[i], any_bytes);
        against_reference(sizes[i], one_byte);
        against_reference(sizes[i], few_values);
        against_reference(sizes[i], all_equal);
        against_reference(sizes[i], descending);
    }
    fields();
    CHECK(wr_key_ascending(INT64_MIN) < wr_key_ascending(-1));
    CHECK(wr_key_ascending(-1) < wr_key_ascending(0));
    CHECK(wr_key_ascending(0) < wr_key_ascending(INT64_MAX));
    CHECK(wr_key_descending(INT64_MAX) < wr_key_descending(0));
    CHECK(wr_key_descending(0) < wr_key_descending(INT64_MIN));
    return CHECK_DONE();
}
