#include "keysort.h"

#include <stdlib.h>
#include <string.h>

void wr_sort_by_key(uint32_t *order, size_t n, const uint64_t *key, uint32_t *tmp)
{
    size_t count[8][256];
    memset(count, 0, sizeof count);
    for (size_t i = 0; i < n; i++) {
        uint64_t k = key[order[i]];
        for (int b = 0; b < 8; b++)
            count[b][(k >> (8 * b)) & 0xFF]++;
    }
    uint32_t *from = order, *to = tmp;
    for (int b = 0; b < 8; b++) {
        size_t *c = count[b];
        bool one_value = false; /* every key has the same byte here */
        for (int v = 0; v < 256 && !one_value; v++)
            one_value = c[v] == n;
        if (one_value || n < 2)
            continue;
        size_t at = 0; /* each byte value's first place */
        for (int v = 0; v < 256; v++) {
            size_t k = c[v];
            c[v] = at;
            at += k;
        }
        for (size_t i = 0; i < n; i++) /* in order: equal bytes keep it */
            to[c[(key[from[i]] >> (8 * b)) & 0xFF]++] = from[i];
        uint32_t *t = from;
        from = to;
        to = t;
    }
    if (from != order)
        memcpy(order, from, n * sizeof *order);
}

static int compare_texts(const void *a, const void *b, void *ctx)
{
    const char *const *text = ctx;
    return strcmp(text[*(const uint32_t *)a], text[*(const uint32_t *)b]);
}

bool wr_text_ranks(const char *const *text, size_t n, uint32_t *rank)
{
    uint32_t *heads = malloc((n + 1) * sizeof *heads); /* each run's first item */
    if (!heads)
        return false;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || text[i] != text[i - 1])
            heads[m++] = (uint32_t)i;
    if (m > 1)
        qsort_r(heads, m, sizeof *heads, compare_texts, (void *)text);
    for (size_t k = 0; k < m; k++) /* rank: the first head of its text's place */
        rank[heads[k]] = k > 0 && strcmp(text[heads[k - 1]], text[heads[k]]) == 0
                             ? rank[heads[k - 1]]
                             : (uint32_t)k;
    for (size_t i = 1; i < n; i++)
        if (text[i] == text[i - 1])
            rank[i] = rank[i - 1];
    free(heads);
    return true;
}
