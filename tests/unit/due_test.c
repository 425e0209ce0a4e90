/* Unit tests: rules/due.c, the due date of RULES 4.4. Expected dates by
 * hand from the calendar (2026-11-15 is a Sunday, 11-13 a Friday, 11-30 a
 * Monday, 2026-10-10 a Saturday, 2027-01-15 a Friday, 2026-02-28 a
 * Saturday) and the rule: pay_day of month period+1 (15 when none),
 * clipped to the month's last day, then one day earlier while a Saturday
 * or Sunday not listed WORKDAY, or a listed HOLIDAY. */
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

static wr_month P(const char *s)
{
    wr_month p = 0;
    wr_parse_period(s, strlen(s), &p);
    return p;
}

int main(void)
{
    wr_options opt = {0};
    wr_report rep;
    wr_model m;
    wr_model_init(&m, &opt, &rep);

    /* No holidays listed: weekends only. */
    CHECK(wr_due_date(&m, P("2026-10"), 0) == D("2026-11-13"));  /* 15 Sun -> 14 Sat -> 13 Fri */
    CHECK(wr_due_date(&m, P("2026-10"), 15) == D("2026-11-13")); /* 15 given: the same */
    CHECK(wr_due_date(&m, P("2026-10"), 31) == D("2026-11-30")); /* clipped to Nov 30, a Monday */
    CHECK(wr_due_date(&m, P("2026-09"), 10) == D("2026-10-09")); /* 10 Sat -> 9 Fri */
    CHECK(wr_due_date(&m, P("2026-12"), 15) == D("2027-01-15")); /* into the next year, a Friday */
    CHECK(wr_due_date(&m, P("2026-01"), 30) == D("2026-02-27")); /* clipped to Feb 28 Sat -> 27 */
    CHECK(wr_due_date(&m, P("2026-11"), 1) == D("2026-12-01"));  /* a Tuesday stays */

    /* A Saturday listed as WORKDAY stays; a HOLIDAY moves it one more day. */
    CHECK(wr_model_add_holiday(&m, D("2026-10-10"), KIND_WORKDAY) == WR_ADD_OK);
    CHECK(wr_model_add_holiday(&m, D("2026-11-13"), KIND_HOLIDAY) == WR_ADD_OK);
    CHECK(wr_due_date(&m, P("2026-09"), 10) == D("2026-10-10"));
    CHECK(wr_due_date(&m, P("2026-10"), 15) == D("2026-11-12")); /* 15, 14 weekend, 13 holiday */

    /* The steps explain keeps: three moves back from the 15th. */
    wr_due_steps st;
    CHECK(wr_due_date_steps(&m, P("2026-10"), 0, &st) == D("2026-11-12"));
    CHECK(st.pay_day == 15);
    CHECK(st.days_in_month == 30);
    CHECK(st.start == D("2026-11-15"));
    CHECK(st.n_moves == 3);
    CHECK(st.moves[0].from == D("2026-11-15") && st.moves[0].why == DUE_MOVED_WEEKEND);
    CHECK(st.moves[1].from == D("2026-11-14") && st.moves[1].why == DUE_MOVED_WEEKEND);
    CHECK(st.moves[2].from == D("2026-11-13") && st.moves[2].why == DUE_MOVED_HOLIDAY);
    wr_model_free(&m);
    return CHECK_DONE();
}
