/* RULES 5.2 RATE_BELOW_MINIMUM, in exact fractions (DECISIONS D13). */
#include <string.h>

#include "rules.h"

/* min_wages are few (regions x dates), so a scan is cheaper than an index. */
const wr_min_wage *wr_min_wage_in_force(const wr_model *m, const char *region, wr_day date)
{
    const wr_min_wage *best = NULL;
    for (size_t i = 0; i < m->min_wages.len; i++) {
        const wr_min_wage *w = WR_AT(m->min_wages, wr_min_wage, i);
        if (w->effective_from <= date && strcmp(w->region, region) == 0 &&
            (!best || w->effective_from > best->effective_from))
            best = w;
    }
    return best;
}

bool wr_rate_below_minimum(const wr_model *m, const wr_contract *c, uint32_t project, wr_day date)
{
    const wr_project *p = WR_AT(m->projects, wr_project, project);
    if (p->region[0] == '\0' || c->rate_type == RATE_PIECE)
        return false;
    const wr_min_wage *w = wr_min_wage_in_force(m, p->region, date);
    if (!w)
        return false;
    __int128 rate = c->rate_fen, monthly = w->monthly_fen;
    switch (c->rate_type) {
    case RATE_MONTH:
        return rate < monthly;
    case RATE_DAY: /* rate < monthly / 21.75 */
        return rate * 2175 < monthly * 100;
    case RATE_HOUR: /* rate < hourly, else rate < monthly / 21.75 / 8 */
        if (w->hourly_fen >= 0)
            return rate < w->hourly_fen;
        return rate * 2175 * 8 < monthly * 100;
    }
    return false;
}
