/* RULES 4.4: when a period's wages fall due. */
#include "rules.h"

#define DEFAULT_PAY_DAY 15

wr_day wr_due_date(const wr_model *m, wr_month period, int pay_day)
{
    if (pay_day <= 0)
        pay_day = DEFAULT_PAY_DAY;
    wr_month next = period + 1;
    int year = next / 12, month = next % 12 + 1;
    int dim = wr_days_in_month(year, month);
    wr_day due = wr_day_from_ymd(year, month, pay_day < dim ? pay_day : dim);
    /* Move back over rest days: a weekend day not listed as WORKDAY, or a
     * listed HOLIDAY (Regulation art. 14: pay before the rest day). */
    for (;;) {
        int kind = wr_model_day_kind(m, due);
        bool weekend = wr_weekday(due) >= 5;
        if (kind == 1 + KIND_HOLIDAY || (weekend && kind != 1 + KIND_WORKDAY))
            due--;
        else
            return due;
    }
}
