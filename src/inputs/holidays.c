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
    switch (wr_model_add_holiday(m, v[H_DATE].day, (uint8_t)v[H_KIND].num)) {
    case WR_ADD_OK:
        return ROW_USED;
    case WR_ADD_DUPLICATE:
    case WR_ADD_DUPLICATE_SECOND:
        *reason = WR_DUPLICATE_KEY;
        *bad_spec = H_DATE;
        return ROW_REJECTED;
    case WR_ADD_NOMEM:
        break;
    }
    return ROW_NOMEM;
}

const wr_input_kind wr_holidays_input = {"holidays", specs, sizeof specs / sizeof specs[0], NULL, handle};
