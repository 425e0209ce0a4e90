/* RULES 4.2: the applicable contract of a date. */
#include "rules.h"

uint32_t wr_applicable_contract(const wr_model *m, uint32_t pair, wr_day date)
{
    uint32_t best = WR_NONE;
    wr_day best_from = 0;
    const wr_pair *p = WR_AT(m->pairs, wr_pair, pair);
    for (uint32_t i = p->first_contract; i != WR_NONE;) {
        const wr_contract *c = WR_AT(m->contracts, wr_contract, i);
        /* Latest valid_from wins; of equal ones the first read (strict >). */
        if (c->valid_from <= date && date <= c->valid_to &&
            (best == WR_NONE || c->valid_from > best_from)) {
            best = i;
            best_from = c->valid_from;
        }
        i = c->next;
    }
    return best;
}
