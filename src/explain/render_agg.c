/*
 * explain for the kinds of a project, card or employer (RULES 4.6, 5.3):
 * the facts the rule compares, from a full pass over the inputs.
 *   ALLOCATION_SHORT  per period up to P: owed (cum_owed), the project due
 *                     date and the IN credits counted up to it (cum_alloc)
 *   UNPAID_HEADCOUNT  U, A and the MISSING flags
 *   SHARED_CARD       the counted payments to the card (card last 4)
 *   LIST_THRESHOLD    the shortfall-bearing flags that reach it
 */
#include <string.h>

#include "../rules/supervision.h"
#include "explain_impl.h"
#include "render_rows.h"

static void render_project(const wr_model *m, wr_emit *e, const wr_project *pr)
{
    wr_render_project_head(e, pr);
    wr_emit_str(e, "client_id", pr->client_id);
    wr_emit_str(e, "client_name", pr->client_name);
    wr_emit_account(e, "wage_account", pr->wage_account, true);
    wr_emit_end(e);
    (void)m;
}

static void render_allocation(const wr_explanation *x, wr_emit *e, const wr_project *pr,
                              const wr_agg_flag_record *a)
{
    const wr_model *m = &x->model;
    const wr_statement *s = pr->statement;
    int64_t opening = s->opening_in_fen - s->opening_out_fen;
    wr_emit_object(e, "opening");
    wr_emit_fen(e, "in_before_run", s->opening_in_fen);
    wr_emit_fen(e, "out_before_run", s->opening_out_fen);
    wr_emit_fen(e, "opening", opening < 0 ? 0 : opening);
    wr_emit_end(e);
    wr_emit_list(e, "periods");
    int64_t cum = 0;
    for (uint32_t k = 0; k < m->n_periods && m->opt->from_month + (wr_month)k <= a->period; k++) {
        cum += s->owed_fen[k];
        wr_emit_object(e, NULL);
        wr_emit_month(e, "period", m->opt->from_month + (wr_month)k);
        wr_emit_fen(e, "owed", s->owed_fen[k]);
        wr_emit_fen(e, "cum_owed", cum);
        wr_emit_day(e, "project_due_date", s->due[k]);
        wr_emit_fen(e, "credits_to_due_date", s->credit_fen[k]);
        wr_emit_fen(e, "cum_alloc", (opening < 0 ? 0 : opening) + s->credit_fen[k]);
        wr_emit_end(e);
    }
    wr_emit_end(e);
    wr_emit_fen(e, "shortfall", a->shortfall_fen);
    wr_emit_str(e, "rule", wr_emit_tr(e, "RULES 4.6: cum_alloc(P) < cum_owed(P) - tolerance, "
                                        "project due date before as_of"));
}

/* The flags of `kinds` (bitmask) of a project-period or an employer. */
static void render_flags(const wr_explanation *x, wr_emit *e, const char *key, unsigned kinds,
                         const char *project, wr_month period, const char *employer)
{
    const wr_model *m = &x->model;
    wr_emit_list(e, key);
    for (size_t i = 0; i < x->flags.len; i++) {
        const wr_flag *f = WR_AT(x->flags, wr_flag, i);
        if (!(kinds & (1u << f->kind)) || !wr_is_bucket_kind(f->kind))
            continue;
        const wr_bucket *b = WR_AT(m->buckets, wr_bucket, f->ref);
        const wr_pair *p = WR_AT(m->pairs, wr_pair, b->pair);
        const wr_project *pr = WR_AT(m->projects, wr_project, p->project);
        if ((project && strcmp(pr->id, project)) || (period >= 0 && b->period != period) ||
            (employer && strcmp(pr->employer_id, employer)))
            continue;
        if (employer && !b->owed_known)
            continue; /* MISSING bears a shortfall only with owed known */
        wr_emit_object(e, NULL);
        wr_emit_str(e, "flag_id", f->id);
        wr_explain_kind(e, f->kind);
        wr_emit_str(e, "project_id", pr->id);
        wr_emit_id(e, "worker_id", WR_AT(m->workers, wr_worker, p->worker)->id);
        wr_emit_month(e, "period", b->period);
        if (b->owed_known)
            wr_emit_fen(e, "shortfall", wr_flag_shortfall(m, f));
        wr_emit_end(e);
    }
    wr_emit_end(e);
}

static void render_card(const wr_explanation *x, wr_emit *e, const wr_project *pr,
                        const wr_agg_flag_record *a)
{
    const wr_model *m = &x->model;
    wr_emit_list(e, "payments");
    for (size_t i = 0; i < m->payments.len; i++) {
        const wr_payment *pay = WR_AT(m->payments, wr_payment, i);
        if (pay->card == WR_NONE || strcmp(*WR_AT(m->cards, const char *, pay->card), a->card))
            continue;
        const wr_bucket *b = WR_AT(m->buckets, wr_bucket, pay->bucket);
        const wr_pair *p = WR_AT(m->pairs, wr_pair, b->pair);
        if (b->period != a->period || strcmp(WR_AT(m->projects, wr_project, p->project)->id, pr->id))
            continue;
        wr_emit_object(e, NULL);
        wr_emit_id(e, "payee_id", WR_AT(m->workers, wr_worker, p->worker)->id);
        wr_emit_fen(e, "amount", pay->amount_fen);
        wr_emit_day(e, "paid_at", pay->paid_at);
        wr_emit_end(e);
    }
    wr_emit_end(e);
}

void wr_render_agg(const wr_explanation *x, wr_emit *e)
{
    const wr_model *m = &x->model;
    const wr_agg_flag_record *a = WR_AT(m->agg_flags, wr_agg_flag_record, x->flag->ref);
    const wr_project *pr = NULL;
    if (a->project_id[0])
        pr = WR_AT(m->projects, wr_project,
                   wr_model_find_project(m, (wr_str){a->project_id, strlen(a->project_id)}));
    if (pr)
        render_project(m, e, pr);
    else
        wr_emit_str(e, "employer_id", a->employer_id);
    if (a->period >= 0)
        wr_emit_month(e, "period", a->period);
    if (a->has_due)
        wr_emit_day(e, "project_due_date", a->due);
    wr_emit_str(e, "detail", a->detail);
    wr_emit_str(e, "basis", wr_explain_basis(e, a->kind));
    switch (a->kind) {
    case K_ALLOCATION_SHORT:
        render_allocation(x, e, pr, a);
        break;
    case K_UNPAID_HEADCOUNT:
        render_flags(x, e, "missing", 1u << K_MISSING, pr->id, a->period, NULL);
        wr_emit_str(e, "rule", wr_emit_tr(e, "RULES 5.3: U MISSING flags among A buckets with "
                                             "attended days; high when 10 x U > A"));
        break;
    case K_SHARED_CARD:
        wr_emit_fmt(e, "card", "****%s", wr_card_last4(a->card));
        render_card(x, e, pr, a);
        wr_emit_fen(e, "paid", a->paid_fen);
        break;
    case K_LIST_THRESHOLD:
        render_flags(x, e, "shortfall_flags", 1u << K_MISSING | 1u << K_UNDERPAID, NULL, -1,
                     a->employer_id);
        wr_emit_fen(e, "shortfall", a->shortfall_fen);
        wr_emit_str(e, "rule", wr_emit_tr(e, "RULES 5.3: (a) one worker, 3+ periods, >= "
                                             "--list-worker-amount; (b) 10+ workers, >= "
                                             "--list-total-amount"));
        break;
    }
}
