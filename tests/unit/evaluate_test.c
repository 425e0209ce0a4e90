/* Unit tests: rules/evaluate.c, owed under one contract (RULES 4.3), fen.
 * DAY rate x days; HOUR round_half_up(sum(hours x rate)) from the sum in
 * 1/100 h x fen; MONTH min(rate, rate x days / 21.75) half up; PIECE
 * nothing. Expected values by hand. */
#include <stdio.h>
#include <string.h>

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
    /* D355: an answer holds until the region's next row takes effect. */
    wr_min_wage_memo memo = {0};
    wr_day until = 0;
    CHECK(!wr_rate_below_minimum_run(&m, &memo, &c, 0, 90, &until) && until == 100);
    CHECK(!wr_rate_below_minimum_run(&m, &memo, &c, 0, 129, &until) && until == 130);
    CHECK(wr_rate_below_minimum_run(&m, &memo, &c, 0, 130, &until) && until == INT32_MAX);
    CHECK(!wr_rate_below_minimum_run(&m, &memo, &c, 1, 100, &until) && until == 115);
    wr_vec_free(&m.projects);
    wr_vec_free(&m.min_wages);
}

/* A day of September 2026. */
static wr_day sep(int day)
{
    return wr_day_from_ymd(2026, 9, day);
}

static void add_contract(wr_model *m, uint32_t pair, int type, int64_t rate, wr_day from,
                         wr_day to, int pay_day)
{
    uint32_t index = (uint32_t)m->contracts.len;
    *(wr_contract *)wr_vec_push(&m->contracts) = (wr_contract){
        .pair = pair, .rate_type = (uint8_t)type, .rate_fen = rate, .valid_from = from,
        .valid_to = to, .pay_day = (uint8_t)pay_day};
    wr_model_link_contract(m, index);
}

/* A day row of centi hours (0: none) and punches at seconds p1, p2 (< 0:
 * none) on day `day` of September. */
static void add_day(wr_model *m, uint32_t bucket, int day, int32_t centi, int32_t p1, int32_t p2)
{
    uint32_t id = wr_model_day_id(m, bucket, sep(day));
    if (centi > 0)
        wr_model_fold_day(m, id, WR_DAY_FROM_ROW, centi);
    if (p1 >= 0)
        wr_model_fold_day(m, id, WR_DAY_FROM_PUNCH, p1);
    if (p2 >= 0)
        wr_model_fold_day(m, id, WR_DAY_FROM_PUNCH, p2);
}

/* RULES 4.2-4.4 and 5.2 over buckets whose days cross the boundaries
 * evaluate's runs rely on (D354-D356): contracts that start and end in
 * mid-month (one inside another, the outer one again after it; a gap of
 * no contract; a PIECE tail), minimum wages that take effect in
 * mid-month inside one contract's days, two projects' regions in turn, and
 * due dates of several pay days. Period 2026-09 (the 1st a Tuesday; no
 * holidays), as-of 2026-11-20. Expected values by hand:
 *
 * Region R (project 0, pay_day 10): monthly 2175.00 from 2026-01-01, no
 * hourly; 2610.00 and hourly 15.00 from 09-16. DAY is below under 100.00
 * (217500 / 21.75 fen), from 09-16 under 120.00; HOUR without hourly
 * under 12.50 (217500 / 21.75 / 8), from 09-16 under 15.00. MONTH under
 * the monthly. Region S (project 1, no pay_day): 4350.00 from 09-10:
 * DAY under 200.00 from then, never before.
 *
 * b0, project 0: DAY 110.00 from 01-01 open, pay_day 5, and DAY 130.00
 *   09-10..09-20, pay_day 25 (the later valid_from wins inside). Days 8,
 *   9 (110), 10, 15, 20 (130), 21, 25 (110 again). Owed 4 x 110.00 + 3 x
 *   130.00 = 830.00. Below: 110.00 on the 21st and 25th (< 120.00; not
 *   on the 8th, 9th: >= 100.00). Pay day 5 of the 25th's contract:
 *   2026-10-05, a Monday.
 * b1, project 1: DAY 150.00 09-05..09-25 and PIECE 09-26 on. Days 3 (no
 *   contract), 9 (150.00, no minimum in force in S yet: not below), 26
 *   (PIECE). Owed 150.00, not known; 1 no-contract day. Pay day of the
 *   26th's PIECE contract none, the project's none: the 15th, 2026-10-15
 *   (Thursday).
 * b2, project 0: DAY 115.00 from 01-01, no pay_day. Days 14, 15: 115.00
 *   >= 100.00, not below. Owed 230.00. Pay day 10: 10-10 is a Saturday,
 *   so 10-09.
 * b3, project 1: DAY 150.00 09-05..09-25. Days 9, 10: below on the 10th
 *   (150.00 < 200.00). Owed 300.00. Due 10-15.
 * b4, project 0: the same DAY 115.00, days 15 and 16: below on the 16th
 *   (< 120.00) alone. Owed 230.00, due 10-09.
 * b5, project 0: HOUR 20.00 01-01..09-12 (pay_day 0), HOUR 12.00 09-18 on
 *   (pay_day 20). Day 11 row 10.00 h; 12 punches 08:00, 17:30 (9.50 h);
 *   13 one punch (8.00 h); 14 row 7.25 h; 17 row 8.00 h; 18 row 6.50 h
 *   and punches 07:00, 16:00 (9.00 h); 30 row 4.00 h. 13, 14, 17: no
 *   contract (3 days). Owed (1000 + 950) x 2000 / 100 = 39000 fen plus
 *   (900 + 400) x 1200 / 100 = 15600: 546.00, not known. Below: 12.00 <
 *   hourly 15.00 from the 18th (20.00 before: 20 x 21.75 x 8 > 2175.00).
 *   Pay day 20 of the 30th's contract: 10-20 (Tuesday).
 * b6, project 0: MONTH 2400.00 01-01..09-15, MONTH 2700.00 09-16 on. Days
 *   1, 2, 3 and 16, 17. Owed rhu(240000 x 3 / 21.75) = rhu(33103.45) =
 *   33103 plus rhu(270000 x 2 / 21.75) = rhu(24827.59) = 24828: 579.31.
 *   Not below (2400.00 >= 2175.00 before the 16th; 2700.00 >= 2610.00
 *   after). Due 10-09. */
static void evaluate_runs(int jobs)
{
    wr_options opt;
    memset(&opt, 0, sizeof opt);
    opt.from_month = opt.to_month = 2026 * 12 + 8; /* 2026-09 */
    opt.as_of_day = wr_day_from_ymd(2026, 11, 20);
    opt.jobs = jobs;
    wr_report report;
    wr_model m;
    wr_model_init(&m, &opt, &report);
    wr_project projects[] = {{.region = "R", .pay_day = 10}, {.region = "S"}};
    for (int i = 0; i < 2; i++)
        *(wr_project *)wr_vec_push(&m.projects) = projects[i];
    wr_min_wage rows[] = {{"R", wr_day_from_ymd(2026, 1, 1), 217500, -1},
                          {"S", sep(10), 435000, -1},
                          {"R", sep(16), 261000, 1500}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        *(wr_min_wage *)wr_vec_push(&m.min_wages) = rows[i];
    wr_day jan1 = wr_day_from_ymd(2026, 1, 1);
    uint32_t b[7];
    for (uint32_t i = 0; i < 7; i++) {
        char id[19];
        snprintf(id, sizeof id, "11010119900101%04u", i);
        uint32_t pair = wr_model_intern_pair(&m, i == 1 || i == 3,
                                             wr_model_intern_worker(&m, (wr_str){id, 18}));
        b[i] = wr_model_intern_bucket(&m, pair, opt.from_month);
        switch (i) {
        case 0:
            add_contract(&m, pair, RATE_DAY, 11000, jan1, WR_OPEN_END, 5);
            add_contract(&m, pair, RATE_DAY, 13000, sep(10), sep(20), 25);
            for (int d = 8; d <= 25; d++)
                if (d == 8 || d == 9 || d == 10 || d == 15 || d == 20 || d == 21 || d == 25)
                    add_day(&m, b[i], d, 800, -1, -1);
            break;
        case 1:
            add_contract(&m, pair, RATE_DAY, 15000, sep(5), sep(25), 0);
            add_contract(&m, pair, RATE_PIECE, 100, sep(26), WR_OPEN_END, 0);
            add_day(&m, b[i], 3, 800, -1, -1);
            add_day(&m, b[i], 9, 800, -1, -1);
            add_day(&m, b[i], 26, 800, -1, -1);
            break;
        case 2:
        case 4:
            add_contract(&m, pair, RATE_DAY, 11500, jan1, WR_OPEN_END, 0);
            add_day(&m, b[i], i == 2 ? 14 : 16, 800, -1, -1);
            add_day(&m, b[i], 15, 800, -1, -1);
            break;
        case 3:
            add_contract(&m, pair, RATE_DAY, 15000, sep(5), sep(25), 0);
            add_day(&m, b[i], 9, 800, -1, -1);
            add_day(&m, b[i], 10, 800, -1, -1);
            break;
        case 5:
            add_contract(&m, pair, RATE_HOUR, 2000, jan1, sep(12), 0);
            add_contract(&m, pair, RATE_HOUR, 1200, sep(18), WR_OPEN_END, 20);
            add_day(&m, b[i], 11, 1000, -1, -1);
            add_day(&m, b[i], 12, 0, 8 * 3600, 17 * 3600 + 1800);
            add_day(&m, b[i], 13, 0, 9 * 3600, -1);
            add_day(&m, b[i], 14, 725, -1, -1);
            add_day(&m, b[i], 17, 800, -1, -1);
            add_day(&m, b[i], 18, 650, 7 * 3600, 16 * 3600);
            add_day(&m, b[i], 30, 400, -1, -1);
            break;
        case 6:
            add_contract(&m, pair, RATE_MONTH, 240000, jan1, sep(15), 0);
            add_contract(&m, pair, RATE_MONTH, 270000, sep(16), WR_OPEN_END, 0);
            for (int d = 1; d <= 17; d++)
                if (d <= 3 || d >= 16)
                    add_day(&m, b[i], d, 800, -1, -1);
            break;
        }
    }
    CHECK(wr_evaluate_buckets(&m) && !m.overflow);
    static const struct {
        int64_t owed_fen;
        bool owed_known, below_minimum;
        uint8_t n_days, no_contract_days;
        int due_day; /* of October */
    } want[7] = {
        {83000, true, true, 7, 0, 5},   {15000, false, false, 3, 1, 15},
        {23000, true, false, 2, 0, 9},  {30000, true, true, 2, 0, 15},
        {23000, true, true, 2, 0, 9},   {54600, false, true, 7, 3, 20},
        {57931, true, false, 5, 0, 9},
    };
    for (int i = 0; i < 7; i++) {
        const wr_bucket *bk = WR_AT(m.buckets, wr_bucket, b[i]);
        CHECK(bk->owed_fen == want[i].owed_fen);
        CHECK(bk->owed_known == want[i].owed_known);
        CHECK(bk->below_minimum == want[i].below_minimum);
        CHECK(bk->n_days == want[i].n_days);
        CHECK(bk->no_contract_days == want[i].no_contract_days);
        CHECK(bk->due_date == wr_day_from_ymd(2026, 10, want[i].due_day));
    }
    wr_model_free(&m);
}

int main(void)
{
    below_minimum_memo();
    evaluate_runs(1);
    evaluate_runs(2);
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
