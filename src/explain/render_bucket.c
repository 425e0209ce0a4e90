/*
 * The evidence behind a bucket flag (RULES 4-5.1): attended days with
 * the rows that made them (4.1), the contracts that apply and the owed
 * arithmetic (4.2, 4.3, DECISIONS D13), the due date step by step (4.4),
 * every payment row of the worker and whether it counts here (4.5), the
 * running sum for LATE and the status (5.1), then why this kind of flag.
 * The figures are recomputed with the run's rule functions from the
 * focused rows; the bucket's evaluated numbers are the ones printed, so
 * explain and run agree by construction.
 */
#include <stdlib.h>
#include <string.h>

#include "../rules/rules.h"
#include "../types/ident.h"
#include "../types/money.h"
#include "explain_impl.h"
#include "render_rows.h"

static const char *const weekday_names[7] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                             "Friday", "Saturday", "Sunday"};

/* A bucket's attended days, in date order. */
typedef struct {
    uint32_t day[31];
    uint32_t n;
} bucket_days;

static bucket_days days_of(const wr_model *m, uint32_t bucket)
{
    bucket_days d;
    d.n = wr_model_bucket_days(m, bucket, d.day);
    return d;
}

static void fmt_time(int32_t sec, char *buf)
{
    snprintf(buf, 16, "%02d:%02d:%02d", sec / 3600 % 100, sec / 60 % 60, sec % 60);
}

static void fmt_centi(int32_t centi, char *buf)
{
    snprintf(buf, 16, "%d.%02d", centi / 100, centi % 100);
}

/* RULES 4.1: where a day's hours come from. */
static void hours_from(const wr_emit *e, const wr_attday *d, char *buf, size_t n)
{
    char day[16], span[16], a[16], b[16];
    fmt_centi(d->day_row_centi, day);
    fmt_time(d->first_punch_sec, a);
    fmt_time(d->last_punch_sec, b);
    fmt_centi((d->last_punch_sec - d->first_punch_sec) / 36, span);
    char punch[96] = "";
    if (d->punches == 1)
        snprintf(punch, sizeof punch, "%s", wr_emit_tr(e, "single punch 8.00"));
    else if (d->punches > 1)
        snprintf(punch, sizeof punch, wr_emit_tr(e, "punch span %s-%s = %d s x 100 / 3600, down = %s"), a, b,
                 d->last_punch_sec - d->first_punch_sec, span);
    if (d->day_row_centi && d->punches)
        snprintf(buf, n, wr_emit_tr(e, "max(largest day row %s, %s)"), day, punch);
    else if (d->punches)
        snprintf(buf, n, "%s", punch);
    else
        snprintf(buf, n, wr_emit_tr(e, "largest day row %s"), day);
}

static void render_days(const wr_explanation *x, wr_emit *e, const wr_bucket *b,
                        const bucket_days *days)
{
    const wr_model *m = &x->model;
    char buf[300], hours[16];
    wr_emit_list(e, "attended_days");
    for (uint32_t i = 0; i < days->n; i++) {
        const wr_attday dv = wr_model_day(m, days->day[i]), *d = &dv;
        uint32_t ci = wr_applicable_contract(m, b->pair, d->date);
        wr_emit_object(e, NULL);
        wr_emit_day(e, "date", d->date);
        fmt_centi(wr_attday_centi_hours(d), hours);
        wr_emit_str(e, "hours", hours);
        hours_from(e, d, buf, sizeof buf);
        wr_emit_str(e, "hours_from", buf);
        wr_emit_str(e, "contract", ci == WR_NONE ? NULL : wr_explain_contract_loc(x, ci, buf));
        wr_emit_list(e, "rows");
        for (size_t r = 0; r < x->trace.attendance.len; r++) {
            const wr_trace_attendance *a = WR_AT(x->trace.attendance, wr_trace_attendance, r);
            if (a->day != days->day[i])
                continue;
            char loc[300], v[16];
            wr_emit_object(e, NULL);
            wr_emit_str(e, "at", wr_explain_loc(x, a->file, a->line, loc));
            if (a->shape == WR_DAY_FROM_ROW) {
                fmt_centi(a->value, v);
                wr_emit_str(e, "day_row_hours", v);
            } else {
                fmt_time(a->value, v);
                wr_emit_str(e, "punch", v);
            }
            wr_emit_end(e);
        }
        wr_emit_end(e);
        wr_emit_end(e);
    }
    wr_emit_end(e);
}

/* ---- contracts and owed: RULES 4.2, 4.3, DECISIONS D13 ---- */

typedef struct {
    uint32_t contract;
    int64_t days, centi_hours;
    __int128 centi_fen;
} group;

static size_t group_days(const wr_model *m, const wr_bucket *b, const bucket_days *days,
                         group *g, uint32_t *no_contract)
{
    size_t n = 0;
    *no_contract = 0;
    for (uint32_t i = 0; i < days->n; i++) {
        const wr_attday dv = wr_model_day(m, days->day[i]), *d = &dv;
        uint32_t ci = wr_applicable_contract(m, b->pair, d->date);
        if (ci == WR_NONE) {
            (*no_contract)++;
            continue;
        }
        size_t k = 0;
        while (k < n && g[k].contract != ci)
            k++;
        if (k == n)
            g[n++] = (group){ci, 0, 0, 0};
        int32_t centi = wr_attday_centi_hours(d);
        g[k].days++;
        g[k].centi_hours += centi;
        g[k].centi_fen += (__int128)centi * WR_AT(m->contracts, wr_contract, ci)->rate_fen;
    }
    return n;
}

/* 1/100 h x fen as yuan with four decimals (exact). */
static void fmt_centi_fen(__int128 v, char *buf)
{
    char fen[24];
    wr_format_fen((int64_t)(v / 100), fen);
    snprintf(buf, 40, "%s%02d", fen, (int)(v % 100));
}

static void arithmetic(const wr_emit *e, const wr_contract *c, const group *g, int64_t owed,
                       char *buf, size_t n)
{
    char rate[24], out[24], a[40], h[24];
    wr_format_fen(c->rate_fen, rate);
    wr_format_fen(owed, out);
    bool overflow = false;
    switch (c->rate_type) {
    case RATE_DAY:
        snprintf(buf, n, wr_emit_tr(e, "%s x %lld days = %s"), rate, (long long)g->days, out);
        break;
    case RATE_HOUR:
        fmt_centi((int32_t)g->centi_hours, h);
        fmt_centi_fen(g->centi_fen, a);
        snprintf(buf, n, "round_half_up(%s h x %s = %s) = %s", h, rate, a, out);
        break;
    case RATE_MONTH: {
        char pro[24];
        wr_format_fen(wr_div_round_half_up((__int128)c->rate_fen * g->days * 100, 2175, &overflow),
                      pro);
        snprintf(buf, n, wr_emit_tr(e, "min(%s, round_half_up(%s x %lld days / 21.75) = %s) = %s"), rate, rate,
                 (long long)g->days, pro, out);
        break;
    }
    default:
        snprintf(buf, n, "%s", wr_emit_tr(e, "PIECE: not computed from attendance (owed unknown)"));
    }
}

static void render_owed(const wr_explanation *x, wr_emit *e, const wr_bucket *b,
                        const bucket_days *days)
{
    const wr_model *m = &x->model;
    group *g = malloc((days->n + 1) * sizeof *g);
    if (!g)
        return;
    uint32_t no_contract;
    size_t n = group_days(m, b, days, g, &no_contract);
    char buf[512];
    wr_emit_list(e, "contracts");
    for (size_t k = 0; k < n; k++) {
        const wr_contract *c = WR_AT(m->contracts, wr_contract, g[k].contract);
        bool overflow = false;
        int64_t owed = wr_contract_owed_fen(c, g[k].days, g[k].centi_fen, &overflow);
        wr_emit_object(e, NULL);
        wr_render_contract_fields(x, e, g[k].contract);
        wr_emit_int(e, "days", g[k].days);
        if (c->rate_type == RATE_PIECE)
            wr_emit_str(e, "owed", NULL);
        else
            wr_emit_fen(e, "owed", owed);
        arithmetic(e, c, &g[k], owed, buf, sizeof buf);
        wr_emit_str(e, "arithmetic", buf);
        wr_emit_end(e);
    }
    wr_emit_end(e);
    wr_emit_list(e, "no_contract_days");
    for (uint32_t i = 0; i < days->n; i++) {
        const wr_attday dv = wr_model_day(m, days->day[i]), *d = &dv;
        if (wr_applicable_contract(m, b->pair, d->date) == WR_NONE)
            wr_emit_day(e, NULL, d->date);
    }
    wr_emit_end(e);
    if (b->owed_known) {
        wr_emit_fen(e, "owed", b->owed_fen);
    } else {
        wr_emit_str(e, "owed", NULL);
        wr_emit_str(e, "owed_unknown_because",
                    wr_emit_tr(e, no_contract ? "attended days without a contract (RULES 4.3)"
                                              : "days under a PIECE contract (RULES 4.3)"));
    }
    free(g);
}

/* ---- due date: RULES 4.4 ---- */

static void render_due(const wr_explanation *x, wr_emit *e, const wr_bucket *b,
                       const bucket_days *days)
{
    const wr_model *m = &x->model;
    const wr_pair *pair = WR_AT(m->pairs, wr_pair, b->pair);
    const wr_project *pr = WR_AT(m->projects, wr_project, pair->project);
    uint32_t last = WR_NONE;
    wr_day last_date = 0;
    for (uint32_t i = 0; i < days->n; i++) {
        const wr_attday dv = wr_model_day(m, days->day[i]), *d = &dv;
        uint32_t ci = wr_applicable_contract(m, b->pair, d->date);
        if (ci != WR_NONE) {
            last = ci;
            last_date = d->date;
        }
    }
    char buf[512], loc[300], date[11];
    int pay_day = last != WR_NONE ? WR_AT(m->contracts, wr_contract, last)->pay_day : 0;
    if (pay_day) {
        wr_format_day(last_date, date);
        snprintf(buf, sizeof buf,
                 wr_emit_tr(e, "contract %s, applicable on %s, the last attended day with a contract"),
                 wr_explain_contract_loc(x, last, loc), date);
    } else if (pr->pay_day) {
        pay_day = pr->pay_day;
        snprintf(buf, sizeof buf, wr_emit_tr(e, "project %s pay_day (%s)"), pr->id,
                 wr_emit_tr(e, last != WR_NONE ? "the contract of the last contracted day sets none"
                                               : "no attended day has a contract"));
    } else {
        snprintf(buf, sizeof buf, "%s",
                 wr_emit_tr(e, "default 15 (no pay_day in the contract or the project)"));
    }
    wr_due_steps st;
    wr_day due = wr_due_date_steps(m, b->period, pay_day, &st);
    wr_emit_object(e, "due");
    wr_emit_int(e, "pay_day", st.pay_day);
    wr_emit_str(e, "pay_day_from", buf);
    wr_emit_day(e, "pay_date", st.start);
    if (st.pay_day > st.days_in_month)
        wr_emit_fmt(e, "clipped", "pay day %d is past the month's last day %d", st.pay_day,
                    st.days_in_month);
    wr_emit_list(e, "moved_back");
    for (uint32_t i = 0; i < st.n_moves && i < WR_DUE_MAX_MOVES; i++) {
        wr_emit_object(e, NULL);
        wr_emit_day(e, "from", st.moves[i].from);
        wr_emit_str(e, "weekday", wr_emit_tr(e, weekday_names[wr_weekday(st.moves[i].from)]));
        wr_emit_str(e, "why", wr_emit_tr(e, st.moves[i].why == DUE_MOVED_HOLIDAY
                                                ? "listed as HOLIDAY"
                                                : "weekend, not listed as WORKDAY"));
        wr_emit_end(e);
    }
    wr_emit_end(e);
    wr_emit_day(e, "due_date", b->due_date);
    wr_emit_str(e, "weekday", wr_emit_tr(e, weekday_names[wr_weekday(due)]));
    if (wr_weekday(due) >= 5)
        wr_emit_str(e, "note", wr_emit_tr(e, "a weekend day listed as WORKDAY: stays"));
    char a[11], d[11];
    wr_format_day(b->due_date, d);
    wr_format_day(x->opt.as_of_day, a);
    wr_emit_bool(e, "is_due", b->due);
    wr_emit_fmt(e, "why", b->due ? "due_date %s < as_of %s" : "due_date %s >= as_of %s: not yet due",
                d, a);
    wr_emit_end(e);
}

/* ---- payments and status: RULES 4.5, 5.1 ---- */

static bool is_workers(const wr_explanation *x, const wr_trace_payment *p, const wr_bucket *b)
{
    const wr_model *m = &x->model;
    const wr_pair *pair = WR_AT(m->pairs, wr_pair, b->pair);
    return strcmp(p->payee_id, WR_AT(m->workers, wr_worker, pair->worker)->id) == 0;
}

static void render_payments(const wr_explanation *x, wr_emit *e, uint32_t bucket)
{
    const wr_bucket *b = WR_AT(x->model.buckets, wr_bucket, bucket);
    wr_emit_list(e, "payments");
    for (size_t i = 0; i < x->trace.payments.len; i++) {
        const wr_trace_payment *p = WR_AT(x->trace.payments, wr_trace_payment, i);
        if (is_workers(x, p, b))
            wr_render_payment(x, e, p, bucket);
    }
    wr_emit_end(e);
    wr_emit_fen(e, "paid", b->paid_fen);
    wr_emit_fen(e, "paid_on_time", b->paid_on_time_fen);
}

/* RULES 5.1 LATE: counted payments by paid_at, then read order (the
 * trace is in read order; a stable insertion sort keeps it). */
static void render_running_sum(const wr_explanation *x, wr_emit *e, uint32_t bucket,
                               int64_t target)
{
    const wr_model *m = &x->model;
    const wr_bucket *b = WR_AT(m->buckets, wr_bucket, bucket);
    size_t n = 0;
    const wr_trace_payment **v = malloc((x->trace.payments.len + 1) * sizeof *v);
    if (!v)
        return;
    for (size_t i = 0; i < x->trace.payments.len; i++) {
        const wr_trace_payment *p = WR_AT(x->trace.payments, wr_trace_payment, i);
        if (p->verdict != PAY_COUNTED || p->bucket != bucket)
            continue;
        size_t j = n++;
        while (j > 0 && v[j - 1]->paid_at > p->paid_at) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = p;
    }
    wr_emit_list(e, "running_sum");
    int64_t sum = 0;
    bool reached = false;
    wr_day reached_on = 0;
    char loc[300];
    for (size_t i = 0; i < n && !reached; i++) {
        sum += v[i]->amount_fen;
        reached = sum >= target;
        reached_on = v[i]->paid_at;
        wr_emit_object(e, NULL);
        wr_emit_day(e, "paid_at", v[i]->paid_at);
        wr_emit_str(e, "at", wr_explain_loc(x, v[i]->file, v[i]->line, loc));
        wr_emit_fen(e, "amount", v[i]->amount_fen);
        wr_emit_fen(e, "sum", sum);
        wr_emit_bool(e, "reaches_owed_minus_tolerance", reached);
        wr_emit_end(e);
    }
    wr_emit_end(e);
    char on[11], due[11];
    wr_format_day(reached_on, on);
    wr_format_day(b->due_date, due);
    wr_emit_fmt(e, "days_late", "%s - %s = %d", on, due, (int)(reached_on - b->due_date));
    free(v);
}

static void render_status(const wr_explanation *x, wr_emit *e, uint32_t bucket)
{
    const wr_model *m = &x->model;
    const wr_bucket *b = WR_AT(m->buckets, wr_bucket, bucket);
    int64_t tol = x->opt.tolerance_fen;
    char owed[24], paid[24], on_time[24], target[24], due[11], as_of[11];
    wr_format_fen(b->owed_fen, owed);
    wr_format_fen(b->paid_fen, paid);
    wr_format_fen(b->paid_on_time_fen, on_time);
    wr_format_fen(b->owed_fen - tol, target);
    wr_format_day(b->due_date, due);
    wr_format_day(x->opt.as_of_day, as_of);
    static const char *const names[] = {"none", "MISSING", "LATE", "UNDERPAID"};
    wr_emit_object(e, "status");
    wr_emit_str(e, "result", wr_emit_tr(e, names[b->status]));
    if (!b->due)
        wr_emit_str(e, "why", wr_emit_tr(e, "not yet due: no status (RULES 4.4)"));
    else if (b->n_days == 0)
        wr_emit_str(e, "why", wr_emit_tr(e, "no attended days: no status (RULES 5.1)"));
    else if (b->status == ST_MISSING)
        wr_emit_str(e, "why", wr_emit_tr(e, "paid = 0.00 (RULES 5.1 step 1)"));
    else if (b->status == ST_NONE && !b->owed_known)
        wr_emit_str(e, "why", wr_emit_tr(e, "owed unknown and paid > 0: no status (RULES 5.1 step 2)"));
    else if (b->status == ST_NONE)
        wr_emit_fmt(e, "why", "paid_on_time %s >= owed - tolerance %s (RULES 5.1 step 2)",
                    on_time, target);
    else if (b->status == ST_LATE)
        wr_emit_fmt(e, "why", "paid_on_time %s < owed - tolerance %s <= paid %s (RULES 5.1 step 3)",
                    on_time, target, paid);
    else
        wr_emit_fmt(e, "why", "paid %s < owed - tolerance %s (RULES 5.1 step 4)", paid, target);
    if (b->status == ST_MISSING || b->status == ST_UNDERPAID) {
        if (b->owed_known && b->status == ST_MISSING)
            wr_emit_fmt(e, "shortfall", "owed = %s", owed);
        else if (b->owed_known)
            wr_emit_fmt(e, "shortfall", "%s - %s = %s", owed, paid,
                        (wr_format_fen(b->owed_fen - b->paid_fen, target), target));
        else
            wr_emit_str(e, "shortfall", NULL);
        wr_emit_fmt(e, "days_overdue", "%s - %s = %d", as_of, due,
                    (int)(x->opt.as_of_day - b->due_date));
    }
    if (b->status == ST_LATE)
        render_running_sum(x, e, bucket, b->owed_fen - tol);
    wr_emit_end(e);
}

/* ---- why this kind of flag: RULES 5.1, 5.2 ---- */

static void render_names(const wr_explanation *x, wr_emit *e, uint32_t bucket)
{
    const wr_model *m = &x->model;
    const wr_pair *pair = WR_AT(m->pairs, wr_pair, WR_AT(m->buckets, wr_bucket, bucket)->pair);
    const char *roster = pair->roster_name ? pair->roster_name : "";
    size_t rn = strlen(roster);
    char *nr = malloc(rn + 1);
    wr_emit_str(e, "roster_name", roster);
    wr_emit_list(e, "counted_payee_names");
    for (size_t i = 0; nr && i < x->trace.payments.len; i++) {
        const wr_trace_payment *p = WR_AT(x->trace.payments, wr_trace_payment, i);
        size_t pn = strlen(p->payee_name);
        char *np = malloc(pn + 1);
        if (p->verdict != PAY_COUNTED || p->bucket != bucket || pn == 0 || !np) {
            free(np);
            continue;
        }
        size_t lr = wr_normalise_name(roster, rn, nr), lp = wr_normalise_name(p->payee_name, pn, np);
        char loc[300];
        wr_emit_object(e, NULL);
        wr_emit_str(e, "at", wr_explain_loc(x, p->file, p->line, loc));
        wr_emit_str(e, "payee_name", p->payee_name);
        wr_emit_bool(e, "differs", lr != lp || memcmp(nr, np, lr) != 0);
        wr_emit_end(e);
        free(np);
    }
    wr_emit_end(e);
    free(nr);
}

static void render_minimum(const wr_explanation *x, wr_emit *e, uint32_t bucket)
{
    const wr_model *m = &x->model;
    wr_below_minimum below;
    if (!wr_bucket_first_below_minimum(m, bucket, &below))
        return;
    const wr_bucket *b = WR_AT(m->buckets, wr_bucket, bucket);
    const wr_project *pr =
        WR_AT(m->projects, wr_project, WR_AT(m->pairs, wr_pair, b->pair)->project);
    char loc[300], comparison[160];
    wr_below_minimum_comparison(m, &below, comparison);
    wr_emit_day(e, "first_day_below", below.day);
    wr_emit_str(e, "contract", wr_explain_contract_loc(x, below.contract, loc));
    wr_emit_str(e, "region", pr->region);
    wr_emit_day(e, "min_wage_effective_from", below.min_wage->effective_from);
    wr_emit_str(e, "comparison", comparison);
}

/* RULES 5.3 LARGE_PAYMENT: the counted rows that make paid. */
static void render_large(const wr_explanation *x, wr_emit *e, uint32_t bucket)
{
    const wr_bucket *b = WR_AT(x->model.buckets, wr_bucket, bucket);
    char paid[24], limit[24];
    wr_format_fen(b->paid_fen, paid);
    wr_format_fen(x->model.large_payment_fen, limit);
    wr_emit_fmt(e, "why", "paid %s > --large-payment %s (RULES 5.3)", paid, limit);
    wr_emit_list(e, "rows");
    for (size_t i = 0; i < x->trace.payments.len; i++) {
        const wr_trace_payment *p = WR_AT(x->trace.payments, wr_trace_payment, i);
        if (p->verdict != PAY_COUNTED || p->bucket != bucket)
            continue;
        wr_render_payment_head(x, e, p);
        wr_emit_fen(e, "amount", p->amount_fen);
        wr_emit_day(e, "paid_at", p->paid_at);
        wr_emit_end(e);
    }
    wr_emit_end(e);
}

/* RULES 5.3 DUE_SOON: the days left to the due date (its steps are in
 * `due` above) and what is unpaid. */
static void render_due_soon(const wr_explanation *x, wr_emit *e, const wr_bucket *b)
{
    char due[11], as_of[11], paid[24], target[24];
    wr_format_day(b->due_date, due);
    wr_format_day(x->opt.as_of_day, as_of);
    wr_format_fen(b->paid_fen, paid);
    wr_format_fen(b->owed_fen - x->opt.tolerance_fen, target);
    int left = (int)(b->due_date - x->opt.as_of_day);
    wr_emit_fmt(e, "days_left", "%s - %s = %d", due, as_of, left);
    wr_emit_fmt(e, "why", "not yet due, %d <= --warn-days %d, and %s (RULES 5.3)", left,
                x->opt.warn_days,
                wr_emit_tr(e, b->paid_fen == 0 ? "paid = 0.00" : "owed known, paid < owed - tolerance"));
    if (b->paid_fen > 0)
        wr_emit_fmt(e, "unpaid", "paid %s < owed - tolerance %s", paid, target);
}

static void render_flag_why(const wr_explanation *x, wr_emit *e, uint32_t bucket)
{
    const wr_model *m = &x->model;
    const wr_bucket *b = WR_AT(m->buckets, wr_bucket, bucket);
    const wr_pair *pair = WR_AT(m->pairs, wr_pair, b->pair);
    const char *project = WR_AT(m->projects, wr_project, pair->project)->id;
    char paid[24], limit[24];
    wr_format_fen(b->paid_fen, paid);
    wr_emit_object(e, "flag");
    switch (x->flag->kind) {
    case K_MISSING: case K_UNDERPAID: case K_LATE:
        wr_emit_str(e, "why", wr_emit_tr(e, "the status above (RULES 5.1)"));
        break;
    case K_OVERPAID: /* owed + tolerance < paid: it fits (any --tolerance, D164) */
        wr_format_fen(b->owed_fen + x->opt.tolerance_fen, limit);
        wr_emit_fmt(e, "why", "due, attended, owed known, paid %s > owed + tolerance %s (RULES 5.2)",
                    paid, limit);
        break;
    case K_NO_CONTRACT:
        wr_emit_fmt(e, "why", "%u attended days with no applicable contract (no_contract_days "
                    "above, RULES 4.2)", b->no_contract_days);
        break;
    case K_NO_ATTENDANCE:
        wr_emit_fmt(e, "why", "paid %s > 0 with no attended day in the period; the worker has %s "
                    "in %s (RULES 5.2)", paid,
                    wr_emit_tr(e, pair->has_contract && pair->has_attendance
                                      ? "a contract and attendance"
                                  : pair->has_contract ? "a contract"
                                                       : "attendance in another period"),
                    project);
        break;
    case K_UNKNOWN_PAYEE:
        wr_emit_fmt(e, "why", "paid %s > 0 to a worker with no contract and no attendance in %s "
                    "(RULES 5.2)", paid, project);
        break;
    case K_NAME_MISMATCH:
        wr_emit_str(e, "why", wr_emit_tr(e, "a counted payment's payee_name, normalised, differs "
                                            "from the roster name, normalised (RULES 3, 5.2)"));
        render_names(x, e, bucket);
        break;
    case K_RATE_BELOW_MINIMUM:
        wr_emit_str(e, "why", wr_emit_tr(e, "a contract rate below the minimum wage in force "
                                            "(RULES 5.2, DECISIONS D13, D14)"));
        render_minimum(x, e, bucket);
        break;
    case K_LARGE_PAYMENT:
        render_large(x, e, bucket);
        break;
    case K_DUE_SOON:
        render_due_soon(x, e, b);
        break;
    }
    wr_emit_end(e);
}

void wr_render_bucket(const wr_explanation *x, wr_emit *e)
{
    uint32_t bucket = x->flag->ref;
    const wr_bucket *b = WR_AT(x->model.buckets, wr_bucket, bucket);
    bucket_days days = days_of(&x->model, bucket);
    render_days(x, e, b, &days);
    render_owed(x, e, b, &days);
    render_due(x, e, b, &days);
    render_payments(x, e, bucket);
    render_status(x, e, bucket);
    render_flag_why(x, e, bucket);
}
