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

int main(void)
{
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
