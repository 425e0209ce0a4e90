/*
 * The input rows an explanation cites, shared by the sections of every
 * kind (render_bucket.c, render_other.c): where a row was read
 * ("file:line"), a contract's fields, and one payment row with whether it
 * counts for the bucket and why (RULES 4.5). Apart from the dispatcher
 * (render.c) so the sections call down into it, never back up.
 */
#include "render_rows.h"

#include <stdio.h>
#include <string.h>

const char *wr_explain_loc(const wr_explanation *x, uint32_t file, uint32_t line, char *buf)
{
    snprintf(buf, 300, "%s:%u", x->report.files[file].name, line);
    return buf;
}

const char *wr_explain_contract_loc(const wr_explanation *x, uint32_t ci, char *buf)
{
    const char *file = "contracts";
    for (size_t i = 0; i < x->report.n_files; i++)
        if (strcmp(x->report.files[i].role, "contracts") == 0)
            file = x->report.files[i].name;
    snprintf(buf, 300, "%s:%u", file, WR_AT(x->model.contracts, wr_contract, ci)->line);
    return buf;
}

void wr_render_contract_fields(const wr_explanation *x, wr_emit *e, uint32_t ci)
{
    static const char *const rate_names[4] = {"DAY", "HOUR", "MONTH", "PIECE"};
    const wr_contract *c = WR_AT(x->model.contracts, wr_contract, ci);
    char loc[300];
    wr_emit_str(e, "at", wr_explain_contract_loc(x, ci, loc));
    wr_emit_str(e, "rate_type", rate_names[c->rate_type]); /* the contract file's words */
    wr_emit_fen(e, "rate", c->rate_fen);
    wr_emit_day(e, "valid_from", c->valid_from);
    if (c->valid_to == WR_OPEN_END)
        wr_emit_str(e, "valid_to", NULL);
    else
        wr_emit_day(e, "valid_to", c->valid_to);
    if (c->pay_day)
        wr_emit_int(e, "pay_day", c->pay_day);
    else
        wr_emit_str(e, "pay_day", NULL);
}

static const char *verdict_text(const wr_explanation *x, const wr_emit *e,
                                const wr_trace_payment *p, uint32_t bucket, char *buf, size_t n)
{
    const wr_model *m = &x->model;
    char loc[300], from[8], to[8];
    switch (p->verdict) {
    case PAY_COUNTED: {
        if (bucket == WR_NONE || p->bucket == bucket)
            return wr_emit_tr(e, "counted: SUCCESS, first of its (account, txn_id), a wage "
                                 "account, paid_at <= as_of");
        const wr_bucket *b = WR_AT(m->buckets, wr_bucket, p->bucket);
        const wr_bucket *here = WR_AT(m->buckets, wr_bucket, bucket);
        const wr_pair *pb = WR_AT(m->pairs, wr_pair, b->pair);
        const wr_pair *ph = WR_AT(m->pairs, wr_pair, here->pair);
        char period[8];
        wr_format_month(b->period, period);
        if (pb->project != ph->project)
            snprintf(buf, n, wr_emit_tr(e, "counted for another project: %s (its account's), period %s"),
                     WR_AT(m->projects, wr_project, pb->project)->id, period);
        else
            snprintf(buf, n, wr_emit_tr(e, "counted for another period: %s"), period);
        return buf;
    }
    case PAY_OUT_OF_PERIODS:
        wr_format_month(x->opt.from_month, from);
        wr_format_month(x->opt.to_month, to);
        snprintf(buf, n, wr_emit_tr(e, "out of scope: period outside the run (%s..%s)"), from, to);
        return buf;
    case PAY_OUT_OF_PROJECTS:
        return wr_emit_tr(e, "out of scope: its account is no --project's wage account");
    case PAY_DUPLICATE:
        snprintf(buf, n, wr_emit_tr(e, "duplicate: (account, txn_id) first read at %s"),
                 wr_explain_loc(x, p->dup_file, p->dup_line, loc));
        return buf;
    case PAY_NOT_WAGE_ACCOUNT:
        return wr_emit_tr(e, "account is no project's wage_account");
    case PAY_NOT_SUCCESS:
        snprintf(buf, n, wr_emit_tr(e, "status %s is not SUCCESS"), p->status);
        return buf;
    case PAY_AFTER_AS_OF:
        return wr_emit_tr(e, "paid_at is after as_of");
    }
    return "";
}

void wr_render_payment_head(const wr_explanation *x, wr_emit *e, const wr_trace_payment *p)
{
    char loc[300];
    wr_emit_object(e, NULL);
    wr_emit_str(e, "at", wr_explain_loc(x, p->file, p->line, loc));
    wr_emit_str(e, "txn_id", p->txn_id);
}

void wr_render_payment(const wr_explanation *x, wr_emit *e, const wr_trace_payment *p,
                       uint32_t bucket)
{
    char why[512];
    wr_render_payment_head(x, e, p);
    wr_emit_fen(e, "amount", p->amount_fen);
    wr_emit_day(e, "paid_at", p->paid_at);
    wr_emit_month(e, "period", p->period);
    wr_emit_str(e, "status", p->status);
    bool counted = p->verdict == PAY_COUNTED && (bucket == WR_NONE || p->bucket == bucket);
    wr_emit_bool(e, "counted", counted);
    wr_emit_str(e, "why", verdict_text(x, e, p, bucket, why, sizeof why));
    if (bucket != WR_NONE && counted) {
        wr_day due = WR_AT(x->model.buckets, wr_bucket, bucket)->due_date;
        wr_emit_str(e, "on_time", wr_emit_tr(e, p->paid_at <= due ? "yes: paid_at <= due_date"
                                                                  : "no: paid_at > due_date"));
    }
    wr_emit_account(e, "account", p->account, p->project != WR_NONE);
    wr_emit_id(e, "payee_id", p->payee_id);
    wr_emit_str(e, "payee_name", p->payee_name);
    wr_emit_fmt(e, "card", "%s%s", p->card_last4[0] ? "****" : "", p->card_last4);
    wr_emit_end(e);
}

void wr_render_project_head(wr_emit *e, const wr_project *pr)
{
    wr_emit_object(e, "project");
    wr_emit_str(e, "id", pr->id);
    wr_emit_str(e, "name", pr->name);
    wr_emit_str(e, "employer_id", pr->employer_id);
    wr_emit_str(e, "employer_name", pr->employer_name);
}
