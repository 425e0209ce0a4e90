/* min_wage: the minimum wage of a region from a date (RULES 5.2
 * RATE_BELOW_MINIMUM). */
#include "input.h"

enum { W_REGION, W_FROM, W_MONTHLY, W_HOURLY };

static const wr_col_spec specs[] = {
    {"region", COL_TEXT, true},
    {"effective_from", COL_DATE, true},
    {"monthly", COL_MONEY, true},
    {"hourly", COL_MONEY, false},
};

static wr_row_outcome handle(wr_model *m, int shape, const wr_value *v, wr_reason *reason,
                             int *bad_spec)
{
    (void)shape;
    wr_min_wage w = {
        .region = wr_model_strdup(m, v[W_REGION].text),
        .effective_from = v[W_FROM].day,
        .monthly_fen = v[W_MONTHLY].num,
        .hourly_fen = v[W_HOURLY].set ? v[W_HOURLY].num : -1,
    };
    if (!w.region)
        return ROW_NOMEM;
    return wr_input_added(wr_model_add_min_wage(m, &w), W_FROM, W_FROM, reason, bad_spec);
}

const wr_input_kind wr_min_wage_input = {
    .role = "min_wage", .specs = specs, .n_specs = sizeof specs / sizeof specs[0], .handle = handle,
};
