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

/* A stable counting sort: one pass to count, one to place; the place
 * pass moves each start[b + 1] to b's end, so no third array is made.
 * From malloc, not wr_big_alloc: a run groups the payments three times
 * (evaluate, report.html, the calendars), and the allocator gives the
 * same pages back each time where fresh mappings were zeroed anew (D290). */
bool wr_group_by_bucket(const wr_vec *items, size_t bucket_offset, size_t n_buckets,
                        wr_grouping *g)
{
    g->start = calloc(n_buckets + 1, sizeof *g->start);
    g->order = malloc((items->len ? items->len : 1) * sizeof *g->order);
    if (!g->start || !g->order) {
        wr_grouping_free(g);
        return false;
    }
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
    free(g->start);
    free(g->order);
    g->start = g->order = NULL;
}
