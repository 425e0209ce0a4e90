/* RULES 4.2: the applicable contract of a date, and of a run of dates. */
#include "rules.h"

uint32_t wr_applicable_contract(const wr_model *m, uint32_t pair, wr_day date)
{
    wr_day until;
    return wr_applicable_contract_run(m, pair, date, &until);
}

/* Every date in [date, until) lies inside each contract's validity or
 * outside it alike (no valid_from in (date, until), no valid_to in
 * [date, until - 1)), so the contracts that apply there are the same and
 * so is the one of them that wins. */
uint32_t wr_applicable_contract_run(const wr_model *m, uint32_t pair, wr_day date,
                                    wr_day *until)
{
    uint32_t best = WR_NONE;
    wr_day best_from = 0;
    int64_t next = INT32_MAX; /* the first date after date where some validity starts or ends */
    const wr_pair *p = WR_AT(m->pairs, wr_pair, pair);
    for (uint32_t i = p->first_contract; i != WR_NONE;) {
        const wr_contract *c = WR_AT(m->contracts, wr_contract, i);
        if (c->valid_from > date) {
            if (c->valid_from < next)
                next = c->valid_from;
        } else if (date <= c->valid_to) {
            /* Latest valid_from wins; of equal ones the first read (strict >). */
            if (best == WR_NONE || c->valid_from > best_from) {
                best = i;
                best_from = c->valid_from;
            }
            if ((int64_t)c->valid_to + 1 < next)
                next = (int64_t)c->valid_to + 1;
        }
        i = c->next;
    }
    *until = (wr_day)next;
    return best;
}
