/* Unit tests: rules/evaluate.c, owed under one contract (RULES 4.3), fen.
 * DAY rate x days; HOUR round_half_up(sum(hours x rate)) from the sum in
 * 1/100 h x fen; MONTH min(rate, rate x days / 21.75) half up; PIECE
 * nothing. Expected values by hand. */
#include "check.h"
#include "core/model.h"
#include "rules/rules.h"

static int64_t owed(int type, int64_t rate, int64_t days, __int128 centi_fen, bool *overflow)
{
    wr_contract c = {.rate_type = (uint8_t)type, .rate_fen = rate};
    return wr_contract_owed_fen(&c, days, centi_fen, overflow);
}

/* RULES 5.2 through the minimum-wage memo (issue 17): region R has
 * 2000.00 from day 100, 2500.00 from day 130 (and 9999.99 from day 130
 * too: the first of equal dates is in force); region S 3000.00 from day
 * 115. A DAY rate of 100.00 is below monthly / 21.75 when the monthly
 * minimum is more than 2175.00: R from day 130, S from day 115, never
 * before a minimum is in force. One memo serves both projects in turn and
 * each alone, every day 90-160, as the scan without memo answers. */
static void below_minimum_memo(void)
{
    wr_model m = {0};
    wr_vec_init(&m.projects, sizeof(wr_project));
    wr_vec_init(&m.min_wages, sizeof(wr_min_wage));
    const char *regions[] = {"R", "S"};
    for (int i = 0; i < 2; i++)
        ((wr_project *)wr_vec_push(&m.projects))->region = regions[i];
    wr_min_wage rows[] = {{"R", 100, 200000, -1}, {"S", 115, 300000, -1},
                          {"R", 130, 250000, -1}, {"R", 130, 999999, -1}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        *(wr_min_wage *)wr_vec_push(&m.min_wages) = rows[i];
    wr_contract c = {.rate_type = RATE_DAY, .rate_fen = 10000};
    wr_min_wage_memo both = {0}, alone[2] = {{0}, {0}};
    int bad = 0;
    for (wr_day d = 90; d <= 160; d++) {
        for (uint32_t p = 0; p < 2; p++) {
            bool want = p == 0 ? d >= 130 : d >= 115;
            bad += wr_rate_below_minimum(&m, &both, &c, p, d) != want;
            bad += wr_rate_below_minimum(&m, &alone[p], &c, p, d) != want;
            bad += wr_rate_below_minimum(&m, NULL, &c, p, d) != want;
        }
    }
    CHECK(bad == 0);
    wr_vec_free(&m.projects);
    wr_vec_free(&m.min_wages);
}

int main(void)
{
    below_minimum_memo();
    bool of = false;
    CHECK(owed(RATE_DAY, 35000, 3, 0, &of) == 105000);    /* 350.00 x 3 = 1050.00 */
    CHECK(owed(RATE_DAY, 35000, 0, 0, &of) == 0);
    CHECK(owed(RATE_DAY, 1, 31, 0, &of) == 31);           /* 0.01 x 31 */
    /* HOUR 8.50 h x 40.00 = 340.00: 850 x 4000 = 3,400,000 / 100 */
    CHECK(owed(RATE_HOUR, 4000, 1, (__int128)850 * 4000, &of) == 34000);
    /* 7.33 h x 33.33 = 244.3089 -> 244.31 */
    CHECK(owed(RATE_HOUR, 3333, 1, (__int128)733 * 3333, &of) == 24431);
    /* 0.50 h x 0.01 = 0.005 -> 0.01 (half up); 0.49 h x 0.01 -> 0.00 */
    CHECK(owed(RATE_HOUR, 1, 1, 50, &of) == 1);
    CHECK(owed(RATE_HOUR, 1, 1, 49, &of) == 0);
    /* two days 8.00 + 10.25 h at 25.50: (800 + 1025) x 2550 = 4,653,750 -> 465.375 -> 465.38 */
    CHECK(owed(RATE_HOUR, 2550, 2, (__int128)(800 + 1025) * 2550, &of) == 46538);
    /* MONTH 4350.00: 10 days x 4350 / 21.75 = 2000.00; 21 days = 4200.00 */
    CHECK(owed(RATE_MONTH, 435000, 10, 0, &of) == 200000);
    CHECK(owed(RATE_MONTH, 435000, 21, 0, &of) == 420000);
    CHECK(owed(RATE_MONTH, 435000, 23, 0, &of) == 435000); /* capped at the rate */
    /* 1000.00 x 1 / 21.75 = 45.977 -> 45.98 */
    CHECK(owed(RATE_MONTH, 100000, 1, 0, &of) == 4598);
    CHECK(owed(RATE_PIECE, 50000, 20, 0, &of) == 0);
    CHECK(!of);
    /* DAY beyond int64 fen: overflow told, never a wrapped amount */
    CHECK(owed(RATE_DAY, INT64_MAX / 2 + 1, 2, 0, &of) == INT64_MAX && of);
    return CHECK_DONE();
}
