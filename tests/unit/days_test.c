/* Unit tests: rules/days.c. RULES 4.1, an attended day's hours in 1/100 h:
 * the largest of its day-shape rows' hours and its punch span (last minus
 * first, seconds x 100 / 3600, rounded down), a single punch counting
 * 8.00. And the grouping by bucket: stable, every item once. Expected
 * values by hand. */
#include <stddef.h>

#include "check.h"
#include "core/model.h"
#include "rules/rules.h"

static int32_t hours(uint16_t day_row, uint8_t punches, int32_t first, int32_t last)
{
    wr_attday d = {.day_row_centi = day_row, .punches = punches,
                   .first_punch_sec = first, .last_punch_sec = last};
    return wr_attday_centi_hours(&d);
}

typedef struct {
    int tag;
    uint32_t bucket;
} item;

int main(void)
{
    CHECK(hours(800, 0, 0, 0) == 800);   /* a day row, hours empty: 8.00 */
    CHECK(hours(950, 0, 0, 0) == 950);   /* a day row of 9.50 */
    CHECK(hours(0, 1, 25200, 25200) == 800);  /* one punch (07:00): 8.00 */
    CHECK(hours(400, 1, 25200, 25200) == 800);  /* one punch beats a 4.00 row */
    CHECK(hours(1000, 1, 25200, 25200) == 1000); /* a 10.00 row beats one punch */
    /* 07:00:00 to 17:30:00 = 37800 s = 10.50 h */
    CHECK(hours(0, 2, 25200, 63000) == 1050);
    /* 07:00:00 to 15:20:59 = 30059 s -> 30059 x 100 / 3600 = 834.97 -> 834 */
    CHECK(hours(0, 2, 25200, 55259) == 834);
    /* a span of 7.00 h against a 9.00 row: the row */
    CHECK(hours(900, 2, 25200, 50400) == 900);
    /* two punches at the same second: a span of 0.00, no row: 0 */
    CHECK(hours(0, 2, 25200, 25200) == 0);
    /* 35 s short of a full hour: 0.99 h (3565 x 100 / 3600 = 99.03) */
    CHECK(hours(0, 2, 0, 3565) == 99);

    /* Grouping: items of buckets 2, 0, 2, 1, 0 (three buckets). */
    wr_vec v;
    wr_vec_init(&v, sizeof(item));
    const uint32_t b[] = {2, 0, 2, 1, 0};
    for (int i = 0; i < 5; i++) {
        item *it = wr_vec_push(&v);
        it->tag = i;
        it->bucket = b[i];
    }
    wr_grouping g;
    CHECK(wr_group_by_bucket(&v, offsetof(item, bucket), 3, &g));
    CHECK(g.start[0] == 0 && g.start[1] == 2 && g.start[2] == 3 && g.start[3] == 5);
    CHECK(g.order[0] == 1 && g.order[1] == 4); /* bucket 0: items 1, 4 in order */
    CHECK(g.order[2] == 3);                    /* bucket 1: item 3 */
    CHECK(g.order[3] == 0 && g.order[4] == 2); /* bucket 2: items 0, 2 */
    wr_grouping_free(&g);
    wr_vec_free(&v);

    /* Larger (D290's grouping without its third array): 300,000 items over
     * 70,000 buckets, each bucket's items in their order. */
    wr_vec big;
    wr_vec_init(&big, sizeof(item));
    for (uint32_t i = 0; i < 300000; i++)
        ((item *)wr_vec_push(&big))->bucket = (uint32_t)(i * 7919u % 70000u);
    CHECK(wr_group_by_bucket(&big, offsetof(item, bucket), 70000, &g));
    size_t misplaced = 0;
    CHECK(g.start[0] == 0 && g.start[70000] == 300000);
    for (uint32_t b = 0; b < 70000; b++)
        for (uint32_t k = g.start[b]; k < g.start[b + 1]; k++)
            misplaced += WR_AT(big, item, g.order[k])->bucket != b ||
                         (k > g.start[b] && g.order[k] <= g.order[k - 1]);
    CHECK(misplaced == 0);
    wr_grouping_free(&g);
    wr_vec_free(&big);
    return CHECK_DONE();
}
