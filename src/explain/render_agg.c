/*
 * explain for the kinds of a project, card or employer (RULES 4.6, 5.3):
 * the facts the rule compares, from a full pass over the inputs, with the
 * project's rows traced for their file:line (core/trace.h, scope_project).
 *   ALLOCATION_SHORT  the wage account's statement rows: those before the
 *                     run (the opening), the IN credits counted up to the
 *                     project due date of P and the rows that do not count
 *                     (with why); per period up to P the owed (the buckets
 *                     that make it), cum_owed and cum_alloc
 *   UNPAID_HEADCOUNT  the A buckets of P with attended days: their
 *                     attendance rows, payment rows and status (U MISSING)
 *   SHARED_CARD       the counted payments to the card and the workers on
 *                     it (card last 4, IDs masked in the text)
 *   LIST_THRESHOLD    per worker and for the employer, the shortfall-bearing
 *                     flags against the thresholds, and the flags that
 *                     reach it
 */
#include <stdlib.h>
#include <string.h>

#include "../rules/supervision.h"
#include "explain_impl.h"
#include "render_rows.h"

static void render_project(wr_emit *e, const wr_project *pr)
{
    wr_render_project_head(e, pr);
    wr_emit_str(e, "client_id", pr->client_id);
    wr_emit_str(e, "client_name", pr->client_name);
    wr_emit_account(e, "wage_account", pr->wage_account, true);
    wr_emit_end(e);
}

static uint32_t project_index(const wr_model *m, const wr_project *pr)
{
    return wr_model_find_project(m, (wr_str){pr->id, strlen(pr->id)});
}

/* ---- ALLOCATION_SHORT: RULES 4.6 ---- */

/* Why a statement row takes no part in cum_alloc(P); NULL when it does
 * (in the opening or a credit up to `due`). */
static const char *stmt_not_counted(const wr_explanation *x, const wr_emit *e,
                                    const wr_trace_stmt *s, wr_day due, char *buf, size_t n)
{
    char loc[300], d[11];
    switch (s->verdict) {
    case STMT_OTHER_PROJECT:
        return wr_emit_tr(e, "out of scope: its project is not chosen by --project (RULES 4)");
    case STMT_AFTER_AS_OF:
        return wr_emit_tr(e, "out of scope: posted after as_of (RULES 4)");
    case STMT_DUPLICATE:
        snprintf(buf, n, wr_emit_tr(e, "duplicate: (account, txn_id) first read at %s; only the "
                                       "first counts (RULES 4)"),
                 wr_explain_loc(x, s->dup_file, s->dup_line, loc));
        return buf;
    }
    if (s->posted_at < x->model.run_first_day)
        return NULL; /* the opening */
    if (s->direction == DIR_OUT)
        return wr_emit_tr(e, "OUT in the run: payouts do not reduce cum_alloc (RULES 4.6)");
    if (s->posted_at <= due)
        return NULL;
    wr_format_day(due, d);
    snprintf(buf, n, wr_emit_tr(e, "IN posted after the project due date %s of this period "
                                   "(RULES 4.6)"), d);
    return buf;
}

static void render_stmt_row(const wr_explanation *x, wr_emit *e, const wr_trace_stmt *s,
                            const char *why)
{
    char loc[300];
    wr_emit_object(e, NULL);
    wr_emit_str(e, "at", wr_explain_loc(x, s->file, s->line, loc));
    wr_emit_str(e, "txn_id", s->txn_id);
    wr_emit_day(e, "posted_at", s->posted_at);
    wr_emit_str(e, "direction", s->direction == DIR_IN ? "IN" : "OUT");
    wr_emit_fen(e, "amount", s->amount_fen);
    if (s->counterparty_account[0])
        wr_emit_account(e, "counterparty", s->counterparty_account, false);
    if (s->counterparty_name[0])
        wr_emit_str(e, "counterparty_name", s->counterparty_name);
    if (why)
        wr_emit_str(e, "why", why);
    wr_emit_end(e);
}

/* The statement rows, each in one list: before the run (the opening),
 * credits counted up to the project due date of the flag's period, the
 * others with why. */
static void render_statement(const wr_explanation *x, wr_emit *e, const wr_statement *s,
                             wr_day due)
{
    const wr_vec *rows = &x->trace.statement;
    char why[400];
    int64_t opening = s->opening_in_fen - s->opening_out_fen;
    wr_emit_object(e, "opening");
    wr_emit_fen(e, "in_before_run", s->opening_in_fen);
    wr_emit_fen(e, "out_before_run", s->opening_out_fen);
    wr_emit_fen(e, "opening", opening < 0 ? 0 : opening);
    wr_emit_str(e, "rule", wr_emit_tr(e, "counted rows posted before the run's first day: IN - OUT, "
                                        "0 if negative"));
    wr_emit_list(e, "rows");
    for (size_t i = 0; i < rows->len; i++) {
        const wr_trace_stmt *t = WR_AT(*rows, wr_trace_stmt, i);
        if (t->verdict == STMT_COUNTED && t->posted_at < x->model.run_first_day)
            render_stmt_row(x, e, t, NULL);
    }
    wr_emit_end(e);
    wr_emit_end(e);
    wr_emit_list(e, "credits");
    for (size_t i = 0; i < rows->len; i++) {
        const wr_trace_stmt *t = WR_AT(*rows, wr_trace_stmt, i);
        if (t->posted_at >= x->model.run_first_day && !stmt_not_counted(x, e, t, due, why, sizeof why))
            render_stmt_row(x, e, t, NULL);
    }
    wr_emit_end(e);
    wr_emit_list(e, "not_counted");
    for (size_t i = 0; i < rows->len; i++) {
        const wr_trace_stmt *t = WR_AT(*rows, wr_trace_stmt, i);
        const char *w = stmt_not_counted(x, e, t, due, why, sizeof why);
        if (w)
            render_stmt_row(x, e, t, w);
    }
    wr_emit_end(e);
}

static int cmp_bucket_worker(const void *a, const void *b, void *ctx)
{
    const wr_model *m = ctx;
    const wr_bucket *x = WR_AT(m->buckets, wr_bucket, *(const uint32_t *)a);
    const wr_bucket *y = WR_AT(m->buckets, wr_bucket, *(const uint32_t *)b);
    return strcmp(WR_AT(m->workers, wr_worker, WR_AT(m->pairs, wr_pair, x->pair)->worker)->id,
                  WR_AT(m->workers, wr_worker, WR_AT(m->pairs, wr_pair, y->pair)->worker)->id);
}

/* The buckets of (project, period) with attended days, by worker id;
 * *n gets their number. NULL when out of memory (or none). */
static uint32_t *project_buckets(const wr_model *m, uint32_t project, wr_month period, size_t *n)
{
    uint32_t *v = malloc((m->buckets.len + 1) * sizeof *v);
    *n = 0;
    if (!v)
        return NULL;
    for (uint32_t bi = 0; bi < m->buckets.len; bi++) {
        const wr_bucket *b = WR_AT(m->buckets, wr_bucket, bi);
        if (b->period == period && b->n_days > 0 &&
            WR_AT(m->pairs, wr_pair, b->pair)->project == project)
            v[(*n)++] = bi;
    }
    qsort_r(v, *n, sizeof *v, cmp_bucket_worker, (void *)m);
    return v;
}

static void render_bucket_worker(const wr_model *m, wr_emit *e, const wr_bucket *b)
{
    const wr_pair *p = WR_AT(m->pairs, wr_pair, b->pair);
    wr_emit_id(e, "worker_id", WR_AT(m->workers, wr_worker, p->worker)->id);
    wr_emit_str(e, "name", wr_pair_worker_name(p));
}

static void render_allocation(const wr_explanation *x, wr_emit *e, const wr_project *pr,
                              const wr_agg_flag_record *a)
{
    const wr_model *m = &x->model;
    const wr_statement *s = pr->statement;
    uint32_t project = project_index(m, pr);
    int64_t opening = s->opening_in_fen - s->opening_out_fen;
    render_statement(x, e, s, a->due);
    wr_emit_list(e, "periods");
    int64_t cum = 0;
    for (uint32_t k = 0; k < m->n_periods && m->opt->from_month + (wr_month)k <= a->period; k++) {
        wr_month period = m->opt->from_month + (wr_month)k;
        cum += s->owed_fen[k];
        wr_emit_object(e, NULL);
        wr_emit_month(e, "period", period);
        wr_emit_fen(e, "owed", s->owed_fen[k]);
        wr_emit_fen(e, "cum_owed", cum);
        wr_emit_day(e, "project_due_date", s->due[k]);
        wr_emit_fen(e, "credits_to_due_date", s->credit_fen[k]);
        wr_emit_fen(e, "cum_alloc", (opening < 0 ? 0 : opening) + s->credit_fen[k]);
        size_t n;
        uint32_t *v = project_buckets(m, project, period, &n);
        wr_emit_list(e, "owed_by");
        for (size_t i = 0; i < n; i++) {
            const wr_bucket *b = WR_AT(m->buckets, wr_bucket, v[i]);
            wr_emit_object(e, NULL);
            render_bucket_worker(m, e, b);
            if (b->owed_known)
                wr_emit_fen(e, "owed", b->owed_fen);
            else
                wr_emit_str(e, "owed", wr_emit_tr(e, "unknown: not in cum_owed (RULES 4.3, 4.6)"));
            wr_emit_end(e);
        }
        wr_emit_end(e);
        free(v);
        wr_emit_end(e);
    }
    wr_emit_end(e);
    wr_emit_fen(e, "shortfall", a->shortfall_fen);
    wr_emit_str(e, "rule", wr_emit_tr(e, "RULES 4.6: cum_alloc(P) < cum_owed(P) - tolerance, "
                                        "project due date before as_of"));
}

/* ---- UNPAID_HEADCOUNT ---- */

/* "file:12-14, :20" style: the traced attendance rows of a bucket. */
static void attendance_rows(const wr_explanation *x, uint32_t bucket, char *buf, size_t cap)
{
    const wr_model *m = &x->model;
    size_t n = 0;
    uint32_t file = UINT32_MAX, from = 0, to = 0;
    buf[0] = '\0';
    for (size_t i = 0; i <= x->trace.attendance.len; i++) {
        const wr_trace_attendance *t =
            i < x->trace.attendance.len ? WR_AT(x->trace.attendance, wr_trace_attendance, i) : NULL;
        if (t && wr_model_day(m, t->day).bucket != bucket)
            continue;
        if (t && t->file == file && t->line == to + 1) {
            to = t->line;
            continue;
        }
        if (file != UINT32_MAX && n < cap) { /* close the range */
            char loc[300];
            wr_explain_loc(x, file, from, loc);
            n += (size_t)snprintf(buf + n, cap - n, "%s%s", n ? ", " : "", loc);
            if (to > from && n < cap)
                n += (size_t)snprintf(buf + n, cap - n, "-%u", to);
        }
        if (t) {
            file = t->file;
            from = to = t->line;
        }
    }
}

/* A payment row of a bucket: where, how much, and whether it counts. */
static void render_payment_short(const wr_explanation *x, wr_emit *e, const wr_trace_payment *t,
                                 uint32_t bucket)
{
    wr_render_payment_head(x, e, t);
    wr_emit_fen(e, "amount", t->amount_fen);
    wr_emit_day(e, "paid_at", t->paid_at);
    wr_emit_str(e, "status", t->status);
    wr_emit_bool(e, "counted", t->verdict == PAY_COUNTED && t->bucket == bucket);
    wr_emit_end(e);
}

static void render_headcount(const wr_explanation *x, wr_emit *e, const wr_project *pr,
                             const wr_agg_flag_record *a)
{
    static const char *const status_names[] = {"none", "MISSING", "LATE", "UNDERPAID"};
    const wr_model *m = &x->model;
    size_t n, unpaid = 0;
    uint32_t *v = project_buckets(m, project_index(m, pr), a->period, &n);
    char rows[1024];
    wr_emit_list(e, "buckets");
    for (size_t i = 0; i < n; i++) {
        const wr_bucket *b = WR_AT(m->buckets, wr_bucket, v[i]);
        const char *id = WR_AT(m->workers, wr_worker, WR_AT(m->pairs, wr_pair, b->pair)->worker)->id;
        unpaid += b->status == ST_MISSING;
        wr_emit_object(e, NULL);
        render_bucket_worker(m, e, b);
        wr_emit_int(e, "days", b->n_days);
        if (b->owed_known)
            wr_emit_fen(e, "owed", b->owed_fen);
        else
            wr_emit_str(e, "owed", NULL);
        wr_emit_fen(e, "paid", b->paid_fen);
        wr_emit_day(e, "due_date", b->due_date);
        wr_emit_str(e, "status", wr_emit_tr(e, b->due ? status_names[b->status] : "not yet due"));
        attendance_rows(x, v[i], rows, sizeof rows);
        wr_emit_str(e, "attendance", rows);
        wr_emit_list(e, "payments");
        for (size_t j = 0; j < x->trace.payments.len; j++) {
            const wr_trace_payment *t = WR_AT(x->trace.payments, wr_trace_payment, j);
            if (t->period == a->period && strcmp(t->payee_id, id) == 0)
                render_payment_short(x, e, t, v[i]);
        }
        wr_emit_end(e);
        wr_emit_end(e);
    }
    wr_emit_end(e);
    free(v);
    wr_emit_int(e, "unpaid", (int64_t)unpaid);
    wr_emit_int(e, "attended", (int64_t)n);
    wr_emit_fmt(e, "severity_why", "10 x %zu %s %zu: %s", unpaid, 10 * unpaid > n ? ">" : "<=", n,
                wr_explain_severity(e, 10 * unpaid > n ? SEV_HIGH : SEV_MEDIUM));
    wr_emit_str(e, "rule", wr_emit_tr(e, "RULES 5.3: U MISSING flags among A buckets with attended "
                                        "days (due or not); high when 10 x U > A"));
}

/* ---- SHARED_CARD ---- */

static void render_card(const wr_explanation *x, wr_emit *e, const wr_project *pr,
                        const wr_agg_flag_record *a)
{
    const wr_model *m = &x->model;
    const wr_vec *pays = &x->trace.payments;
    uint32_t project = project_index(m, pr);
    bool *first = calloc(pays->len + 1, sizeof *first); /* a payee's first row */
    if (!first)
        return;
    wr_emit_fmt(e, "card", "****%s", wr_card_last4(a->card));
    wr_emit_list(e, "payments");
    for (size_t i = 0; i < pays->len; i++) {
        const wr_trace_payment *t = WR_AT(*pays, wr_trace_payment, i);
        if (t->verdict != PAY_COUNTED || t->project != project || t->period != a->period ||
            t->card == WR_NONE || strcmp(*WR_AT(m->cards, const char *, t->card), a->card))
            continue;
        first[i] = true;
        for (size_t j = 0; j < i && first[i]; j++)
            if (first[j] && strcmp(WR_AT(*pays, wr_trace_payment, j)->payee_id, t->payee_id) == 0)
                first[i] = false;
        wr_render_payment_head(x, e, t);
        wr_emit_id(e, "payee_id", t->payee_id);
        wr_emit_str(e, "payee_name", t->payee_name);
        wr_emit_fen(e, "amount", t->amount_fen);
        wr_emit_day(e, "paid_at", t->paid_at);
        wr_emit_end(e);
    }
    wr_emit_end(e);
    wr_emit_list(e, "workers");
    for (size_t i = 0; i < pays->len; i++) {
        if (!first[i])
            continue;
        const wr_trace_payment *t = WR_AT(*pays, wr_trace_payment, i);
        int64_t paid = 0, rows = 0;
        for (size_t j = i; j < pays->len; j++) {
            const wr_trace_payment *u = WR_AT(*pays, wr_trace_payment, j);
            if (u->verdict == PAY_COUNTED && u->project == project && u->period == a->period &&
                u->card == t->card && strcmp(u->payee_id, t->payee_id) == 0) {
                paid += u->amount_fen;
                rows++;
            }
        }
        const wr_bucket *b = WR_AT(m->buckets, wr_bucket, t->bucket);
        wr_emit_object(e, NULL);
        render_bucket_worker(m, e, b);
        wr_emit_int(e, "payments", rows);
        wr_emit_fen(e, "paid", paid);
        wr_emit_end(e);
    }
    wr_emit_end(e);
    free(first);
    wr_emit_fen(e, "paid", a->paid_fen);
    wr_emit_str(e, "rule", wr_emit_tr(e, "RULES 5.3: counted payments of the project's wage "
                                        "account for P to one payee_card (ASCII spaces removed; "
                                        "empty never matches) for two or more distinct payee_ids"));
}

/* ---- LIST_THRESHOLD ---- */

static int cmp_item(const void *a, const void *b)
{
    const wr_shortfall_item *x = a, *y = b;
    int c = strcmp(x->worker_id, y->worker_id);
    return c ? c : (x->period > y->period) - (x->period < y->period);
}

/* The employer's shortfall-bearing flags that reach the threshold:
 * those of the workers that reach (a), or all when (b) holds. */
static void render_reaching(const wr_explanation *x, wr_emit *e, const char *employer,
                            const wr_shortfall_item *items, const bool *reaches, size_t n,
                            bool cond_b)
{
    const wr_model *m = &x->model;
    wr_emit_list(e, "flags_reaching");
    for (size_t i = 0; i < x->flags.len; i++) {
        const wr_flag *f = WR_AT(x->flags, wr_flag, i);
        if (f->kind != K_MISSING && f->kind != K_UNDERPAID)
            continue;
        const wr_bucket *b = WR_AT(m->buckets, wr_bucket, f->ref);
        const wr_pair *p = WR_AT(m->pairs, wr_pair, b->pair);
        const wr_project *pr = WR_AT(m->projects, wr_project, p->project);
        const char *worker = WR_AT(m->workers, wr_worker, p->worker)->id;
        if (!b->owed_known || strcmp(pr->employer_id, employer))
            continue;
        bool in = cond_b;
        for (size_t k = 0; k < n && !in; k++)
            in = reaches[k] && strcmp(items[k].worker_id, worker) == 0;
        if (!in)
            continue;
        wr_emit_object(e, NULL);
        wr_emit_str(e, "flag_id", f->id);
        wr_explain_kind(e, f->kind);
        wr_emit_str(e, "project_id", pr->id);
        wr_emit_id(e, "worker_id", worker);
        wr_emit_month(e, "period", b->period);
        wr_emit_fen(e, "shortfall", wr_flag_shortfall(m, f));
        wr_emit_end(e);
    }
    wr_emit_end(e);
}

static void render_list(const wr_explanation *x, wr_emit *e, const wr_agg_flag_record *a)
{
    const wr_model *m = &x->model;
    wr_shortfall_item *items = malloc((x->flags.len + 1) * sizeof *items);
    bool *reaches = calloc(x->flags.len + 1, sizeof *reaches);
    if (!items || !reaches) {
        free(items);
        free(reaches);
        return;
    }
    size_t all = wr_shortfall_items(m, &x->flags, items), n = 0;
    for (size_t i = 0; i < all; i++)
        if (strcmp(items[i].employer_id, a->employer_id) == 0)
            items[n++] = items[i];
    qsort(items, n, sizeof *items, cmp_item);
    wr_emit_fen(e, "list_worker_amount", m->list_worker_fen);
    wr_emit_fen(e, "list_total_amount", m->list_total_fen);
    wr_emit_list(e, "workers");
    size_t workers = 0;
    int64_t total = 0;
    for (size_t i = 0, j; i < n; i = j) {
        int periods = 0;
        int64_t sum = 0;
        for (j = i; j < n && strcmp(items[j].worker_id, items[i].worker_id) == 0; j++) {
            periods += j == i || items[j].period != items[j - 1].period;
            sum += items[j].shortfall_fen;
        }
        bool ok = periods >= 3 && sum >= m->list_worker_fen;
        for (size_t k = i; k < j; k++)
            reaches[k] = ok;
        workers++;
        total += sum;
        wr_emit_object(e, NULL);
        wr_emit_id(e, "worker_id", items[i].worker_id);
        wr_emit_int(e, "periods", periods);
        wr_emit_fen(e, "shortfall", sum);
        wr_emit_str(e, "reaches_a",
                    wr_emit_tr(e, ok            ? "yes: 3 or more periods, shortfall >= list_worker_amount"
                                  : periods < 3 ? "no: fewer than 3 periods"
                                                : "no: shortfall below list_worker_amount"));
        wr_emit_end(e);
    }
    wr_emit_end(e);
    bool cond_b = workers >= 10 && total >= m->list_total_fen;
    wr_emit_object(e, "employer");
    wr_emit_int(e, "workers", (int64_t)workers);
    wr_emit_fen(e, "shortfall", total);
    wr_emit_str(e, "reaches_b",
                wr_emit_tr(e, cond_b         ? "yes: 10 or more workers, shortfall >= list_total_amount"
                              : workers < 10 ? "no: fewer than 10 workers"
                                             : "no: shortfall below list_total_amount"));
    wr_emit_end(e);
    render_reaching(x, e, a->employer_id, items, reaches, n, cond_b);
    wr_emit_fen(e, "shortfall", a->shortfall_fen);
    wr_emit_str(e, "rule", wr_emit_tr(e, "RULES 5.3: (a) one worker, 3+ periods, >= "
                                        "--list-worker-amount; (b) 10+ workers, >= "
                                        "--list-total-amount; shortfall = all the employer's "
                                        "shortfall-bearing flags (UNDERPAID, MISSING with owed "
                                        "known)"));
    free(items);
    free(reaches);
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
        render_project(e, pr);
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
        render_headcount(x, e, pr, a);
        break;
    case K_SHARED_CARD:
        render_card(x, e, pr, a);
        break;
    case K_LIST_THRESHOLD:
        render_list(x, e, a);
        break;
    }
}
