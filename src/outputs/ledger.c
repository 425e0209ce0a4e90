/* ledger.csv: arrears per (project, period) over due buckets that have
 * attended days or counted payments (RULES section 6). */
#include <stdlib.h>
#include <string.h>

#include "../core/testhooks.h"
#include "../types/money.h"
#include "outputs.h"
#include "../io/outfile.h"

/* qsort_r: ctx is the model. */
static int compare_rows(const void *a, const void *b, void *ctx)
{
    const wr_model *sort_model = ctx;
    const wr_ledger_row *ra = a, *rb = b;
    int c = strcmp(WR_AT(sort_model->projects, wr_project, ra->project)->id,
                   WR_AT(sort_model->projects, wr_project, rb->project)->id);
    return c ? c : (ra->period > rb->period) - (ra->period < rb->period);
}

bool wr_build_ledger(const wr_model *m, wr_vec *rows, bool *overflow)
{
    /* (project, period) -> its row: a dense index of projects x periods
     * (every bucket's period is one of the run's), not a hash table (D292). */
    size_t n_slots = m->projects.len * m->n_periods;
    uint32_t *index = malloc((n_slots ? n_slots : 1) * sizeof *index);
    if (!index)
        return false;
    memset(index, 0xFF, n_slots * sizeof *index); /* WR_NONE */
    bool ok = true;
    for (size_t bi = 0; ok && bi < m->buckets.len; bi++) {
        const wr_bucket *b = WR_AT(m->buckets, wr_bucket, bi);
        if (!b->due || (b->n_days == 0 && b->counted_payments == 0))
            continue;
        wr_ledger_row key = {.project = WR_AT(m->pairs, wr_pair, b->pair)->project,
                             .period = b->period};
        uint32_t *slot = &index[(size_t)key.project * m->n_periods +
                                (size_t)(key.period - m->opt->from_month)];
        if (*slot == WR_NONE) {
            if (!wr_vec_push(rows)) {
                ok = false;
                break;
            }
            *slot = (uint32_t)(rows->len - 1);
        }
        wr_ledger_row *r = WR_AT(*rows, wr_ledger_row, *slot);
        r->project = key.project;
        r->period = key.period;
        r->workers++;
        r->attended += b->n_days > 0;
        r->paid_workers += b->paid_fen > 0;
        if (b->owed_known)
            r->owed_fen = wr_add_fen(r->owed_fen, b->owed_fen, overflow);
        r->paid_fen = wr_add_fen(r->paid_fen, b->paid_fen, overflow);
        if (b->status == ST_MISSING || b->status == ST_UNDERPAID) {
            r->in_arrears++;
            if (b->owed_known)
                r->arrears_fen = wr_add_fen(r->arrears_fen,
                                            b->status == ST_MISSING ? b->owed_fen
                                                                    : b->owed_fen - b->paid_fen,
                                            overflow);
        }
        if (b->status == ST_LATE) {
            r->late_workers++;
            if (b->days_late > r->max_days_late)
                r->max_days_late = b->days_late;
        }
    }
    free(index);
    if (!ok)
        return false;
    if (rows->len > 1)
        qsort_r(rows->data, rows->len, sizeof(wr_ledger_row), compare_rows, (void *)m);
    if (wr_test_hook(WR_HOOK_CORRUPT_LEDGER) && rows->len > 0) /* test hook */
        WR_AT(*rows, wr_ledger_row, 0)->arrears_fen += 1;
    return true;
}

void wr_write_ledger_header(FILE *f)
{
    fputs("project_id,employer_id,period,workers,workers_attended,workers_paid,"
          "workers_in_arrears,owed,paid,arrears,late_workers,max_days_late\n", f);
}

void wr_write_ledger_row(FILE *f, const char *project_id, const char *employer_id,
                         const wr_ledger_row *r, bool excel)
{
    char period[8], owed[24], paid[24], arrears[24];
    wr_format_month(r->period, period);
    wr_format_fen(r->owed_fen, owed);
    wr_format_fen(r->paid_fen, paid);
    wr_format_fen(r->arrears_fen, arrears);
    wr_csv_id_cell(f, project_id, excel);
    fputc(',', f);
    wr_csv_id_cell(f, employer_id, excel);
    fputc(',', f);
    wr_csv_id_cell(f, period, excel);
    fprintf(f, ",%llu,%llu,%llu,%llu,%s,%s,%s,%llu,%d\n",
            (unsigned long long)r->workers, (unsigned long long)r->attended,
            (unsigned long long)r->paid_workers, (unsigned long long)r->in_arrears, owed, paid,
            arrears, (unsigned long long)r->late_workers, (int)r->max_days_late);
}

void wr_write_ledger_csv(FILE *f, const wr_model *m, const wr_vec *rows)
{
    wr_csv_begin(f, m->opt);
    wr_write_ledger_header(f);
    for (size_t i = 0; i < rows->len; i++) {
        const wr_ledger_row *r = WR_AT(*rows, wr_ledger_row, i);
        const wr_project *p = WR_AT(m->projects, wr_project, r->project);
        wr_write_ledger_row(f, p->id, p->employer_id, r, m->opt->excel);
    }
}
