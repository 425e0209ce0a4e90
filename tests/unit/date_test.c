/* Unit tests: types/date.c and rules/due.c. Expected values by hand
 * (calendar) and from RULES 4.4. */
#include <string.h>

#include "check.h"
#include "core/model.h"
#include "rules/rules.h"
#include "types/date.h"

static wr_day D(const char *s)
{
    wr_day d = -1;
    wr_parse_date(s, strlen(s), &d);
    return d;
}

int main(void)
{
    wr_day d;
    int32_t sec;
    wr_month m;
    char buf[16];
    CHECK(D("1970-01-01") == 0);
    CHECK(D("2026-11-20") == 20777);
    CHECK(wr_weekday(D("2026-11-15")) == 6); /* a Sunday */
    CHECK(wr_weekday(D("2026-11-13")) == 4); /* a Friday */
    /* a month read before: its days by the cache of wr_parse_date */
    CHECK(wr_parse_date("2026-09-01", 10, &d) && d == wr_day_from_ymd(2026, 9, 1));
    CHECK(wr_parse_date("2026-09-30", 10, &d) && d == wr_day_from_ymd(2026, 9, 30));
    CHECK(!wr_parse_date("2026-09-31", 10, &d));
    CHECK(!wr_parse_date("2026-09-00", 10, &d));
    CHECK(!wr_parse_date("2026-09-3x", 10, &d));
    CHECK(wr_parse_date("2028-02-01", 10, &d) && wr_parse_date("2028-02-29", 10, &d) &&
          d == wr_day_from_ymd(2028, 2, 29));
    CHECK(wr_parse_date("2026-02-01", 10, &d) && !wr_parse_date("2026-02-29", 10, &d));
    CHECK(!wr_parse_date("2026-02-29", 10, &d));
    CHECK(wr_parse_date("2028-02-29", 10, &d));
    CHECK(!wr_parse_date("1900-02-29", 10, &d));
    CHECK(wr_parse_date("2000-02-29", 10, &d));
    CHECK(!wr_parse_date("0000-00-00", 10, &d));
    CHECK(!wr_parse_date("2026-1-01", 9, &d));
    CHECK(wr_parse_datetime("2026-10-03 07:58", 16, &d, &sec) && sec == 7 * 3600 + 58 * 60);
    CHECK(wr_parse_datetime("2026-10-03 17:31:10", 19, &d, &sec) && sec == 63070);
    CHECK(!wr_parse_datetime("2026-10-03 25:61", 16, &d, &sec));
    CHECK(!wr_parse_datetime("2026-10-03 7:58", 15, &d, &sec));
    CHECK(!wr_parse_datetime("2026-10-03 0a:58", 16, &d, &sec));   /* a digit that is not */
    CHECK(!wr_parse_datetime("2026-10-03 07:/8", 16, &d, &sec));   /* '/' is '0' - 1 */
    CHECK(!wr_parse_datetime("2026-10-03 07:58:5:", 19, &d, &sec)); /* ':' is '9' + 1 */
    CHECK(!wr_parse_datetime("2026-10-03 07:58:60", 19, &d, &sec));
    CHECK(wr_parse_datetime("2026-10-03 23:59:59", 19, &d, &sec) && sec == 86399);
    CHECK(wr_parse_period("2026-10", 7, &m) && m == 2026 * 12 + 9);
    CHECK(!wr_parse_period("2026-13", 7, &m));
    wr_format_day(D("2027-02-28"), buf);
    CHECK(strcmp(buf, "2027-02-28") == 0);
    wr_format_month(2026 * 12 + 9, buf);
    CHECK(strcmp(buf, "2026-10") == 0);
    CHECK(wr_days_in_month(2027, 2) == 28 && wr_days_in_month(2028, 2) == 29);

    /* RULES 4.4 due dates, no holidays file. */
    wr_options opt = {0};
    wr_report rep;
    wr_model model;
    wr_model_init(&model, &opt, &rep);
    CHECK(wr_due_date(&model, 2026 * 12 + 9, 15) == D("2026-11-13"));  /* Sun -> Fri */
    CHECK(wr_due_date(&model, 2026 * 12 + 9, 0) == D("2026-11-13"));   /* default 15 */
    CHECK(wr_due_date(&model, 2026 * 12 + 9, 31) == D("2026-11-30"));  /* clipped, Monday */
    CHECK(wr_due_date(&model, 2027 * 12 + 0, 31) == D("2027-02-26"));  /* 28th Sun -> Fri */
    /* A Saturday listed as WORKDAY stays; a HOLIDAY moves back. */
    wr_model_add_holiday(&model, D("2026-11-14"), KIND_WORKDAY);
    CHECK(wr_due_date(&model, 2026 * 12 + 9, 15) == D("2026-11-14"));
    wr_model_add_holiday(&model, D("2026-11-05"), KIND_HOLIDAY);
    wr_model_add_holiday(&model, D("2026-11-04"), KIND_HOLIDAY);
    CHECK(wr_due_date(&model, 2026 * 12 + 9, 5) == D("2026-11-03"));
    CHECK(wr_model_add_holiday(&model, D("2026-11-04"), KIND_WORKDAY) == WR_ADD_DUPLICATE);
    wr_model_free(&model);
    /* A month's first and last day and length (D233): leap February, December. */
    CHECK(wr_month_first_day(2024 * 12 + 1) == D("2024-02-01"));
    CHECK(wr_month_days(2024 * 12 + 1) == 29 && wr_month_days(2026 * 12 + 1) == 28);
    CHECK(wr_month_last_day(2024 * 12 + 1) == D("2024-02-29"));
    CHECK(wr_month_first_day(2026 * 12 + 11) == D("2026-12-01"));
    CHECK(wr_month_last_day(2026 * 12 + 11) == D("2026-12-31") && wr_month_days(2026 * 12 + 3) == 30);
    return CHECK_DONE();
}
