/* RULES 4.4: when a period's wages fall due. */
#include "rules.h"

#define DEFAULT_PAY_DAY 15

wr_day wr_due_date(const wr_model *m, wr_month period, int pay_day)
{
    return wr_due_date_steps(m, period, pay_day, NULL);
}

wr_day wr_due_date_steps(const wr_model *m, wr_month period, int pay_day, wr_due_steps *steps)
{
    if (pay_day <= 0)
        pay_day = DEFAULT_PAY_DAY;
    wr_month next = period + 1;
    int dim = wr_month_days(next);
    wr_day due = wr_month_first_day(next) + (pay_day < dim ? pay_day : dim) - 1;
    if (steps)
        *steps = (wr_due_steps){.pay_day = pay_day, .days_in_month = dim, .start = due};
    /* Move back over rest days: a weekend day not listed as WORKDAY, or a
     * listed HOLIDAY (Regulation art. 14: pay before the rest day). */
    for (;;) {
        int kind = wr_model_day_kind(m, due);
        bool weekend = wr_weekday(due) >= 5;
        bool holiday = kind == 1 + KIND_HOLIDAY;
        if (!holiday && !(weekend && kind != 1 + KIND_WORKDAY))
            return due;
        if (steps && steps->n_moves < WR_DUE_MAX_MOVES) {
            steps->moves[steps->n_moves].from = due;
            steps->moves[steps->n_moves].why = holiday ? DUE_MOVED_HOLIDAY : DUE_MOVED_WEEKEND;
        }
        if (steps)
            steps->n_moves++;
        due--;
    }
}
