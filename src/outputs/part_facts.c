/*
 * part_facts.csv: what a part of a partition (`--part-facts`) gives the
 * merge so that it can compute the kinds that span parts (RULES 5.3:
 * UNPAID_HEADCOUNT and ALLOCATION_SHORT per project, SHARED_CARD per
 * card, LIST_THRESHOLD per employer; docs/SCALE_OUT.md). One fact a line,
 * text fields in hex (any bytes of an ID survive), money in integer fen:
 *
 *   P,project,YYYY-MM,project due date,attended,missing,owed
 *       per (project, period) with attended buckets: A, U and the owed
 *       that makes cum_owed (RULES 4.6)
 *   C,project,YYYY-MM,card,payee,amount
 *       per counted payment with a card (normalised)
 *   S,employer,worker,YYYY-MM,shortfall
 *       per shortfall-bearing flag (UNDERPAID, MISSING with owed known)
 *
 * A machine file with full IDs and cards, like the parts' inputs.
 */
#include <inttypes.h>
#include <stdlib.h>

#include "../io/outfile.h"
#include "../rules/rules.h"
#include "../rules/supervision.h"
#include "outputs.h"

bool wr_write_part_facts(FILE *f, const wr_model *m, const wr_vec *flags)
{
    char period[8], day[11];
    for (size_t i = 0; i < m->project_periods.len; i++) {
        const wr_project_period *pp = WR_AT(m->project_periods, wr_project_period, i);
        const wr_project *p = WR_AT(m->projects, wr_project, pp->project);
        wr_format_month(pp->period, period);
        wr_format_day(wr_due_date(m, pp->period, p->pay_day), day);
        fputs("P,", f);
        wr_hex_text(f, p->id);
        fprintf(f, ",%s,%s,%u,%u,%" PRId64 "\n", period, day, pp->attended, pp->missing,
                pp->owed_fen);
    }
    wr_card_use u;
    for (size_t i = 0; i < m->payments.len; i++) {
        if (!wr_card_use_of(m, i, &u))
            continue;
        wr_format_month(u.period, period);
        fputs("C,", f);
        wr_hex_text(f, WR_AT(m->projects, wr_project, u.project)->id);
        fprintf(f, ",%s,", period);
        wr_hex_text(f, *WR_AT(m->cards, const char *, u.card));
        fputc(',', f);
        wr_hex_text(f, WR_AT(m->workers, wr_worker, u.payee)->id);
        fprintf(f, ",%" PRId64 "\n", u.paid_fen);
    }
    wr_shortfall_item *items = malloc((flags->len + 1) * sizeof *items);
    if (!items)
        return false;
    size_t n = wr_shortfall_items(m, flags, items);
    for (size_t i = 0; i < n; i++) {
        wr_format_month(items[i].period, period);
        fputs("S,", f);
        wr_hex_text(f, items[i].employer_id);
        fputc(',', f);
        wr_hex_text(f, items[i].worker_id);
        fprintf(f, ",%s,%" PRId64 "\n", period, items[i].shortfall_fen);
    }
    free(items);
    return true;
}
