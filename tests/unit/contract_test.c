/* Unit tests: rules/contract.c (RULES 4.2) and the CSV reader's line
 * numbers, through the model API; a MONTH contract's owed (RULES 4.3). */
#include <string.h>

#include "check.h"
#include "core/model.h"
#include "rules/rules.h"

static wr_day D(const char *s)
{
    wr_day d = -1;
    wr_parse_date(s, strlen(s), &d);
    return d;
}

static uint32_t add_contract(wr_model *m, uint32_t pair, const char *from, const char *to)
{
    uint32_t index = (uint32_t)m->contracts.len;
    wr_contract *c = wr_vec_push(&m->contracts);
    c->pair = pair;
    c->rate_type = RATE_DAY;
    c->valid_from = D(from);
    c->valid_to = to ? D(to) : WR_OPEN_END;
    wr_model_link_contract(m, index);
    return index;
}

int main(void)
{
    wr_options opt = {0};
    wr_report rep;
    wr_model m;
    wr_model_init(&m, &opt, &rep);
    uint32_t w = wr_model_intern_worker(&m, (wr_str){"11010519491231002X", 18});
    uint32_t pair = wr_model_intern_pair(&m, 0, w);
    CHECK(wr_model_intern_pair(&m, 0, w) == pair);
    uint32_t a = add_contract(&m, pair, "2026-01-01", NULL);          /* open */
    uint32_t b = add_contract(&m, pair, "2026-10-16", "2026-10-31");  /* later from */
    uint32_t c = add_contract(&m, pair, "2026-10-16", "2026-12-31");  /* equal from: b wins */
    (void)c;
    CHECK(wr_applicable_contract(&m, pair, D("2025-12-31")) == WR_NONE);
    CHECK(wr_applicable_contract(&m, pair, D("2026-10-15")) == a);
    CHECK(wr_applicable_contract(&m, pair, D("2026-10-16")) == b);
    CHECK(wr_applicable_contract(&m, pair, D("2026-10-31")) == b);
    CHECK(wr_applicable_contract(&m, pair, D("2026-11-01")) == c);
    CHECK(wr_applicable_contract(&m, pair, D("2027-01-01")) == a);
    /* D354: the run an answer holds for ends where a validity starts
     * (b's and c's 10-16) or ends (b's after 10-31, c's after 12-31); a
     * contract's end outside the date (b's before 11-01) does not end it. */
    wr_day until = 0;
    CHECK(wr_applicable_contract_run(&m, pair, D("2025-12-31"), &until) == WR_NONE &&
          until == D("2026-01-01"));
    CHECK(wr_applicable_contract_run(&m, pair, D("2026-03-01"), &until) == a &&
          until == D("2026-10-16"));
    CHECK(wr_applicable_contract_run(&m, pair, D("2026-10-20"), &until) == b &&
          until == D("2026-11-01"));
    CHECK(wr_applicable_contract_run(&m, pair, D("2026-11-01"), &until) == c &&
          until == D("2027-01-01"));
    CHECK(wr_applicable_contract_run(&m, pair, D("2027-01-01"), &until) == a &&
          until == INT32_MAX);
    wr_model_free(&m);

    /* RULES 4.3 MONTH: min(rate, rate x days / 21.75), half up. By hand:
     * 6000.00 x 21 / 21.75 = 5793.1034 -> 5793.10; 22 days give the rate.
     * Issue 16 item 7: the min comes before the product, so the largest
     * rate with 22 or 31 days is the rate, not an overflow. */
    wr_contract month = {.rate_type = RATE_MONTH, .rate_fen = 600000};
    bool overflow = false;
    CHECK(wr_contract_owed_fen(&month, 21, 0, &overflow) == 579310);
    CHECK(wr_contract_owed_fen(&month, 22, 0, &overflow) == 600000);
    month.rate_fen = INT64_MAX;
    CHECK(wr_contract_owed_fen(&month, 22, 0, &overflow) == INT64_MAX);
    CHECK(wr_contract_owed_fen(&month, 31, 0, &overflow) == INT64_MAX);
    CHECK(!overflow);
    return CHECK_DONE();
}
