/*
 * Sorting by numbers (DECISIONS D379): a stable LSD radix sort of item
 * numbers by a 64-bit key of each item, for the orders after reading
 * whose comparison sorts (qsort with a compare through a pointer) were
 * most of their time. An order of several fields is several calls, the
 * least significant field first: each call keeps the order of equal keys.
 */
#ifndef WR_KEYSORT_H
#define WR_KEYSORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Puts order[0 .. n) (item numbers) in the order of key[item], smaller
 * first, items of equal keys in the order they had. A byte that is the
 * same in every key costs no pass. tmp: room for n numbers. */
void wr_sort_by_key(uint32_t *order, size_t n, const uint64_t *key, uint32_t *tmp);

/* rank[0 .. n) of the texts text[0 .. n): rank[i] < rank[j] exactly
 * when strcmp(text[i], text[j]) < 0, equal texts one rank; for a key
 * sort by text. A run of one pointer (items in an order that groups
 * them, as flags.csv's groups a project's employer) is one text in the
 * comparison sort. False when out of memory. */
bool wr_text_ranks(const char *const *text, size_t n, uint32_t *rank);

/* Keys whose unsigned order is the order of signed v: ascending, and
 * descending (larger first). */
static inline uint64_t wr_key_ascending(int64_t v)
{
    return (uint64_t)v ^ UINT64_C(0x8000000000000000);
}

static inline uint64_t wr_key_descending(int64_t v)
{
    return ~wr_key_ascending(v);
}

#endif
