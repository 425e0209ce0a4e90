/* holidays: dates listed as HOLIDAY (a rest day) or WORKDAY (a worked
 * weekend day), used to move due dates back (RULES 4.4). */
#include "input.h"

enum { H_DATE, H_KIND };

static const wr_col_spec specs[] = {
    {"date", COL_DATE, true},
    {"kind", COL_DAY_KIND, true},
};

static wr_row_outcome handle(wr_model *m, int shape, const wr_value *v, wr_reason *reason,
                             int *bad_spec)
{
    (void)shape;
    return wr_input_added(wr_model_add_holiday(m, v[H_DATE].day, (uint8_t)v[H_KIND].num), H_DATE, H_DATE, reason, bad_spec);
}

const wr_input_kind wr_holidays_input = {
    .role = "holidays", .specs = specs, .n_specs = sizeof specs / sizeof specs[0], .handle = handle,
};
