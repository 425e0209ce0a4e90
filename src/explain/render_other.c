/*
 * The evidence behind the flags that are not about one bucket:
 * INVALID_ID and CONTRACT_OVERLAP of a (project, worker) pair, and
 * DUPLICATE_TXN and UNKNOWN_ACCOUNT of an account (RULES 5.2, DECISIONS
 * D15, D19).
 */
#include <string.h>

#include "../types/ident.h"
#include "explain_impl.h"
#include "render_rows.h"

static void render_contracts(const wr_explanation *x, wr_emit *e, const wr_pair *p)
{
    wr_emit_list(e, "contracts");
    for (uint32_t ci = p->first_contract; ci != WR_NONE;
         ci = WR_AT(x->model.contracts, wr_contract, ci)->next)
    {
        wr_emit_object(e, NULL);
        wr_render_contract_fields(x, e, ci);
        wr_emit_end(e);
    }
    wr_emit_end(e);
}

static void render_id_check(const wr_explanation *x, wr_emit *e, const wr_pair *p)
{
    const wr_worker *w = WR_AT(x->model.workers, wr_worker, p->worker);
    char want = '?';
    switch (wr_id_check(w->id, w->id_len, x->opt.as_of_day, &want)) {
    case ID_VALID:
        wr_emit_str(e, "why", wr_emit_tr(e, "valid (no INVALID_ID)"));
        break;
    case ID_BAD_LENGTH:
        wr_emit_fmt(e, "why", "%u characters, not 18 (DECISIONS D15)", w->id_len);
        break;
    case ID_NOT_DIGITS:
        wr_emit_str(e, "why", wr_emit_tr(e, "a non-digit among the first 17 characters (DECISIONS D15)"));
        break;
    case ID_BAD_CHECK:
        wr_emit_fmt(e, "why", "check character %c, but the first 17 digits call for %c "
                    "(GB 11643, ISO 7064 MOD 11-2)", w->id[17], want);
        break;
    case ID_BAD_BIRTH_DATE:
        wr_emit_str(e, "why", wr_emit_tr(e, "the birth date (characters 7-14) is no calendar day"));
        break;
    case ID_BIRTH_OUT_OF_RANGE:
        wr_emit_str(e, "why", wr_emit_tr(e, "the birth date (characters 7-14) is before "
                                            "1900-01-01 or after as_of (DECISIONS D15)"));
        break;
    }
}

/* Where the worker shows in the project: contracts, attendance rows and
 * counted payments of the run (RULES 5.2 INVALID_ID). */
static void render_seen_in(const wr_explanation *x, wr_emit *e, uint32_t pair)
{
    const wr_model *m = &x->model;
    const wr_pair *p = WR_AT(m->pairs, wr_pair, pair);
    render_contracts(x, e, p);
    uint64_t rows = 0;
    for (size_t i = 0; i < x->trace.attendance.len; i++) {
        const wr_trace_attendance *a = WR_AT(x->trace.attendance, wr_trace_attendance, i);
        const wr_attday dv = wr_model_day(m, a->day), *d = &dv;
        rows += WR_AT(m->buckets, wr_bucket, d->bucket)->pair == pair;
    }
    wr_emit_int(e, "attendance_rows", (int64_t)rows);
    wr_emit_list(e, "counted_payments");
    for (size_t i = 0; i < x->trace.payments.len; i++) {
        const wr_trace_payment *t = WR_AT(x->trace.payments, wr_trace_payment, i);
        if (t->verdict == PAY_COUNTED && WR_AT(m->buckets, wr_bucket, t->bucket)->pair == pair)
            wr_render_payment(x, e, t, WR_NONE);
    }
    wr_emit_end(e);
}

static uint32_t contract_at_line(const wr_model *m, const wr_pair *p, uint32_t line)
{
    for (uint32_t ci = p->first_contract; ci != WR_NONE;
         ci = WR_AT(m->contracts, wr_contract, ci)->next)
        if (WR_AT(m->contracts, wr_contract, ci)->line == line)
            return ci;
    return WR_NONE;
}

static void render_overlap(const wr_explanation *x, wr_emit *e, const wr_pair *p)
{
    const wr_model *m = &x->model;
    uint32_t la, lb;
    render_contracts(x, e, p);
    if (!wr_find_contract_overlap(m, p, &la, &lb))
        return;
    const wr_contract *a = WR_AT(m->contracts, wr_contract, contract_at_line(m, p, la));
    const wr_contract *b = WR_AT(m->contracts, wr_contract, contract_at_line(m, p, lb));
    char from[11], to[32], la_s[300], lb_s[300];
    wr_format_day(a->valid_from > b->valid_from ? a->valid_from : b->valid_from, from);
    wr_day end = a->valid_to < b->valid_to ? a->valid_to : b->valid_to;
    if (end == WR_OPEN_END)
        snprintf(to, sizeof to, "%s", wr_emit_tr(e, "open"));
    else
        wr_format_day(end, to);
    wr_emit_fmt(e, "why", "%s and %s are both valid %s..%s (first overlapping pair in read "
                "order, DECISIONS D19)",
                wr_explain_contract_loc(x, contract_at_line(m, p, la), la_s),
                wr_explain_contract_loc(x, contract_at_line(m, p, lb), lb_s), from, to);
}

void wr_render_pair(const wr_explanation *x, wr_emit *e)
{
    const wr_pair *p = WR_AT(x->model.pairs, wr_pair, x->flag->ref);
    if (x->flag->kind == K_INVALID_ID) {
        render_id_check(x, e, p);
        render_seen_in(x, e, x->flag->ref);
    } else {
        render_overlap(x, e, p);
    }
}

void wr_render_account(const wr_explanation *x, wr_emit *e)
{
    const wr_model *m = &x->model;
    wr_str account = {x->target.account, strlen(x->target.account)};
    wr_emit_account(e, "account", x->target.account, wr_model_find_account(m, account) != WR_NONE);
    if (x->flag->kind == K_DUPLICATE_TXN) {
        const wr_txn *t = WR_AT(m->txns, wr_txn, x->flag->ref);
        wr_emit_str(e, "txn_id", t->txn_id);
        wr_emit_fmt(e, "why", "%u in-scope rows have this (account, txn_id); only the first can "
                    "count (RULES 4.5, 5.2)", t->rows);
    } else {
        const wr_unknown_account *u = WR_AT(m->unknown_accounts, wr_unknown_account, x->flag->ref);
        wr_emit_fmt(e, "why", "no project's wage_account is this account; %u distinct "
                    "(account, txn_id) rows pay from it (RULES 5.2)", u->rows);
    }
    wr_emit_list(e, "rows");
    for (size_t i = 0; i < x->trace.payments.len; i++)
        wr_render_payment(x, e, WR_AT(x->trace.payments, wr_trace_payment, i), WR_NONE);
    wr_emit_end(e);
}
