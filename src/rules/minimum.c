/* RULES 5.2 RATE_BELOW_MINIMUM, in exact fractions (DECISIONS D13). */
#include <stdio.h>
#include <string.h>

#include "../types/money.h"

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

/* wr_min_wage_in_force through memo: a new answer holds from its
 * effective_from (or always before, without one) until the region's next
 * effective_from after date: no row of the region starts in between, so
 * every day there sees the same latest row (the first of equal dates, as
 * the scan takes it). */
static const wr_min_wage *in_force_memo(const wr_model *m, wr_min_wage_memo *memo,
                                        const char *region, wr_day date)
{
    if (memo->region == region && memo->from <= date && date < memo->until)
        return memo->w;
    const wr_min_wage *best = wr_min_wage_in_force(m, region, date);
    wr_day until = INT32_MAX;
    for (size_t i = 0; i < m->min_wages.len; i++) {
        const wr_min_wage *w = WR_AT(m->min_wages, wr_min_wage, i);
        if (w->effective_from > date && w->effective_from < until && strcmp(w->region, region) == 0)
            until = w->effective_from;
    }
    *memo = (wr_min_wage_memo){region, best ? best->effective_from : INT32_MIN, until, best};
    return best;
}

bool wr_rate_below_minimum(const wr_model *m, wr_min_wage_memo *memo, const wr_contract *c,
                           uint32_t project, wr_day date)
{
    wr_min_wage_memo none = {0};
    wr_day until;
    return wr_rate_below_minimum_run(m, memo ? memo : &none, c, project, date, &until);
}

bool wr_rate_below_minimum_run(const wr_model *m, wr_min_wage_memo *memo, const wr_contract *c,
                               uint32_t project, wr_day date, wr_day *until)
{
    const wr_project *p = WR_AT(m->projects, wr_project, project);
    *until = INT32_MAX;
    if (p->region[0] == '\0' || c->rate_type == RATE_PIECE)
        return false;
    const wr_min_wage *w = in_force_memo(m, memo, p->region, date);
    *until = memo->until;
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

bool wr_bucket_first_below_minimum(const wr_model *m, uint32_t bucket, wr_below_minimum *out)
{
    const wr_bucket *b = WR_AT(m->buckets, wr_bucket, bucket);
    const wr_pair *pair = WR_AT(m->pairs, wr_pair, b->pair);
    const wr_project *pr = WR_AT(m->projects, wr_project, pair->project);
    uint32_t day_ids[31];
    uint32_t n = wr_model_bucket_days(m, bucket, day_ids);
    for (uint32_t i = 0; i < n; i++) {
        const wr_attday d = wr_model_day(m, day_ids[i]);
        uint32_t ci = wr_applicable_contract(m, b->pair, d.date);
        if (ci == WR_NONE)
            continue;
        const wr_contract *c = WR_AT(m->contracts, wr_contract, ci);
        if (!wr_rate_below_minimum(m, NULL, c, pair->project, d.date))
            continue;
        *out = (wr_below_minimum){d.date, ci, wr_min_wage_in_force(m, pr->region, d.date)};
        return true;
    }
    return false;
}

void wr_below_minimum_comparison(const wr_model *m, const wr_below_minimum *b, char buf[160])
{
    const wr_contract *c = WR_AT(m->contracts, wr_contract, b->contract);
    const wr_min_wage *w = b->min_wage;
    char rate[24], monthly[24], hourly[24];
    wr_format_fen(c->rate_fen, rate);
    wr_format_fen(w->monthly_fen, monthly);
    wr_format_fen(w->hourly_fen, hourly);
    if (c->rate_type == RATE_MONTH)
        snprintf(buf, 160, "MONTH %s < monthly %s", rate, monthly);
    else if (c->rate_type == RATE_DAY)
        snprintf(buf, 160, "DAY %s < monthly %s / 21.75 (%s x 21.75 < %s)", rate, monthly, rate,
                 monthly);
    else if (w->hourly_fen >= 0)
        snprintf(buf, 160, "HOUR %s < hourly %s", rate, hourly);
    else
        snprintf(buf, 160, "HOUR %s < monthly %s / 21.75 / 8 (%s x 21.75 x 8 < %s)", rate,
                 monthly, rate, monthly);
}
