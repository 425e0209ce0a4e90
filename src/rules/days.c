/* Attended days (RULES 4.1) and grouping of days and payments by bucket. */
#include <stdlib.h>
#include <string.h>

#include "rules.h"

#define SINGLE_PUNCH_CENTI_HOURS 800

int32_t wr_attday_centi_hours(const wr_attday *d)
{
    int32_t hours = d->day_row_centi;
    if (d->punches == 1) {
        if (SINGLE_PUNCH_CENTI_HOURS > hours)
            hours = SINGLE_PUNCH_CENTI_HOURS;
    } else if (d->punches > 1) {
        /* seconds x 100 / 3600, rounded down: 1/100 h */
        int32_t span = (d->last_punch_sec - d->first_punch_sec) / 36;
        if (span > hours)
            hours = span;
    }
    return hours;
}

/* A stable counting sort: one pass to count, one to place. The arrays
 * come from wr_big_alloc (huge pages when large, D290); the place pass
 * moves each start[b + 1] to b's end, so no third array is made. */
bool wr_group_by_bucket(const wr_vec *items, size_t bucket_offset, size_t n_buckets,
                        wr_grouping *g)
{
    g->n_buckets = n_buckets;
    g->n_items = items->len ? items->len : 1;
    g->start = wr_big_alloc((n_buckets + 1) * sizeof *g->start);
    g->order = wr_big_alloc(g->n_items * sizeof *g->order);
    if (!g->start || !g->order) {
        wr_grouping_free(g);
        return false;
    }
    memset(g->start, 0, (n_buckets + 1) * sizeof *g->start);
    for (size_t i = 0; i < items->len; i++) {
        uint32_t b;
        memcpy(&b, (const char *)wr_vec_at(items, i) + bucket_offset, sizeof b);
        g->start[b + 1]++;
    }
    /* start[b + 1] = the start of bucket b, then its end as b fills. */
    uint32_t sum = 0;
    for (size_t b = 0; b <= n_buckets; b++) {
        uint32_t n = g->start[b];
        g->start[b] = sum;
        sum += n;
    }
    for (size_t i = 0; i < items->len; i++) {
        uint32_t b;
        memcpy(&b, (const char *)wr_vec_at(items, i) + bucket_offset, sizeof b);
        g->order[g->start[b + 1]++] = (uint32_t)i;
    }
    return true;
}

void wr_grouping_free(wr_grouping *g)
{
    wr_big_free(g->start, (g->n_buckets + 1) * sizeof *g->start);
    wr_big_free(g->order, g->n_items * sizeof *g->order);
    g->start = g->order = NULL;
}
