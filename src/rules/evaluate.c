/*
 * Evaluates every bucket: attended days under their contracts give owed
 * (RULES 4.3), the last contracted day gives the due date (4.4), counted
 * payments give paid and paid on time (4.5), and those give the status
 * (5.1) and the bucket conditions of 5.2.
 */
#include <stddef.h>
#include <stdlib.h>

#include "../types/money.h"
#include "../types/parallel.h"
#include "rules.h"

/* Days of one bucket under one contract. */
typedef struct {
    uint32_t contract;
    int64_t days;
    __int128 centi_fen; /* sum(hours x rate) in 1/100 h x fen */
} contract_group;

/* One thread's evaluation of a slice of the buckets: it writes only
 * those buckets, and its own overflow, so slices run at once. */
typedef struct {
    wr_model *m;
    contract_group *groups;     /* scratch, max contracts of a pair */
    /* by (project, period - from): one region and one month each (D355) */
    wr_min_wage_memo *min_wage;
    wr_day *due;                /* by (period - from) x 32 + pay_day; DUE_UNKNOWN (D356) */
    bool overflow;              /* a sum left int64 fen: joined into m->overflow */
} evaluator;

#define DUE_UNKNOWN INT32_MIN

/* Stable insertion sort of record indices by a wr_day field of the
 * records: a bucket's days and payments are few and mostly in order, and
 * stability keeps read order among equal dates (RULES 5.1 LATE). */
static void sort_by_day_field(const wr_vec *items, size_t day_offset, uint32_t *idx, uint32_t n)
{
#define DAY_OF(i) (*(const wr_day *)((const char *)wr_vec_at(items, (i)) + day_offset))
    for (uint32_t i = 1; i < n; i++) {
        uint32_t v = idx[i];
        wr_day d = DAY_OF(v);
        uint32_t j = i;
        while (j > 0 && DAY_OF(idx[j - 1]) > d) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = v;
    }
#undef DAY_OF
}

int64_t wr_contract_owed_fen(const wr_contract *c, int64_t days, __int128 centi_fen,
                             bool *overflow)
{
    __int128 rate = c->rate_fen;
    switch (c->rate_type) {
    case RATE_DAY: {
        __int128 owed = rate * days;
        if (owed > INT64_MAX) {
            *overflow = true;
            return INT64_MAX;
        }
        return (int64_t)owed;
    }
    case RATE_HOUR:
        return wr_div_round_half_up(centi_fen, 100, overflow);
    case RATE_MONTH:
        /* min(rate, rate x days / 21.75), rounded half up once: the min is
         * taken first (22 days or more give the rate), so the product is
         * only formed when it is below the rate and cannot overflow */
        if (days * 100 >= 2175)
            return c->rate_fen;
        return wr_div_round_half_up(rate * days * 100, 2175, overflow);
    }
    return 0;
}

/* The days of mask (bit dom0: day dom0 + 1 of the month from month_start)
 * before date until. */
static uint32_t days_before(uint32_t mask, wr_day month_start, wr_day until)
{
    int64_t n = (int64_t)until - month_start;
    return n >= 32 ? mask : n <= 0 ? 0 : mask & (((uint32_t)1 << n) - 1);
}

/* RULES 4.4 through the thread's memo: a due date depends on the period
 * and the pay day alone (and the holidays, fixed after reading). */
static wr_day due_date(evaluator *ev, wr_month period, int pay_day)
{
    const wr_model *m = ev->m;
    if (pay_day < 0 || pay_day > 31 || !wr_model_month_in_run(m, period))
        return wr_due_date(m, period, pay_day);
    wr_day *due = &ev->due[(size_t)(period - m->opt->from_month) * 32 + (size_t)pay_day];
    if (*due == DUE_UNKNOWN)
        *due = wr_due_date(m, period, pay_day);
    return *due;
}

/* The thread's minimum-wage memo for a project's days of a month. Any
 * memo answers right (it checks its region and dates); one per project and
 * month is asked for days of one region and month, so it mostly holds
 * them (buckets of a pair's months, and of other projects, come in turn). */
static wr_min_wage_memo *min_wage_memo(evaluator *ev, uint32_t project, wr_month period)
{
    const wr_model *m = ev->m;
    size_t k = wr_model_month_in_run(m, period) ? (size_t)(period - m->opt->from_month) : 0;
    return &ev->min_wage[(size_t)project * m->n_periods + k];
}

/* Owed, owed_known, no-contract days, minimum-wage check and pay day, for
 * the attended days of mask. A run of days at a time (D354): no contract
 * of the pair starts or ends inside a run, so RULES 4.2 gives all its days
 * one contract, asked once; within the run, no min_wage row of the region
 * takes effect inside a stretch (D355), so 5.2 gives all its days one
 * answer, asked once, and none once the bucket is below. Hours are
 * summed (4.1) only under an HOUR contract, the one rate they price. */
static void evaluate_days(evaluator *ev, wr_bucket *b, uint32_t mask)
{
    wr_model *m = ev->m;
    const wr_pair *pair = WR_AT(m->pairs, wr_pair, b->pair);
    /* the bucket's first day (RULES 4: its period's), kept by its block */
    wr_day month_start =
        mask ? WR_AT(m->day_blocks, wr_day_block, b->day_block)->month_start : 0;
    size_t n_groups = 0;
    uint32_t last_contract = WR_NONE;
    b->owed_known = true;
    while (mask) {
        wr_day until;
        uint32_t ci = wr_applicable_contract_run(
            m, b->pair, month_start + (wr_day)__builtin_ctz(mask), &until);
        uint32_t run = days_before(mask, month_start, until);
        mask &= ~run;
        if (ci == WR_NONE) {
            b->no_contract_days += (uint8_t)__builtin_popcount(run);
            b->owed_known = false;
            continue;
        }
        last_contract = ci;
        const wr_contract *c = WR_AT(m->contracts, wr_contract, ci);
        if (c->rate_type == RATE_PIECE) {
            b->owed_known = false;
            continue;
        }
        wr_min_wage_memo *memo = min_wage_memo(ev, pair->project, b->period);
        for (uint32_t left = run; left && !b->below_minimum;) {
            wr_day min_until;
            b->below_minimum = wr_rate_below_minimum_run(
                m, memo, c, pair->project, month_start + (wr_day)__builtin_ctz(left), &min_until);
            left &= ~days_before(left, month_start, min_until);
        }
        size_t g = 0;
        while (g < n_groups && ev->groups[g].contract != ci)
            g++;
        if (g == n_groups)
            ev->groups[n_groups++] = (contract_group){ci, 0, 0};
        ev->groups[g].days += __builtin_popcount(run);
        if (c->rate_type == RATE_HOUR) {
            int64_t centi_hours = 0;
            for (; run; run &= run - 1) {
                const wr_attday d =
                    wr_model_day(m, WR_DAY_ID(b->day_block, (uint32_t)__builtin_ctz(run)));
                centi_hours += wr_attday_centi_hours(&d);
            }
            ev->groups[g].centi_fen += (__int128)centi_hours * c->rate_fen;
        }
    }
    b->owed_fen = 0;
    for (size_t g = 0; g < n_groups; g++) {
        const wr_contract *c = WR_AT(m->contracts, wr_contract, ev->groups[g].contract);
        b->owed_fen = wr_add_fen(b->owed_fen,
                                 wr_contract_owed_fen(c, ev->groups[g].days, ev->groups[g].centi_fen,
                                                      &ev->overflow),
                                 &ev->overflow);
    }
    /* RULES 4.4: pay day of the contract of the last contracted day. */
    int pay_day = 0;
    if (last_contract != WR_NONE)
        pay_day = WR_AT(m->contracts, wr_contract, last_contract)->pay_day;
    if (pay_day == 0)
        pay_day = WR_AT(m->projects, wr_project, pair->project)->pay_day;
    b->due_date = due_date(ev, b->period, pay_day);
}

/* Paid on time, status (RULES 5.1) and OVERPAID. */
static void evaluate_payments(evaluator *ev, wr_bucket *b, uint32_t *pay_idx, uint32_t n)
{
    wr_model *m = ev->m;
    sort_by_day_field(&m->payments, offsetof(wr_payment, paid_at), pay_idx, n);
    b->paid_on_time_fen = 0;
    for (uint32_t i = 0; i < n; i++) {
        const wr_payment *p = WR_AT(m->payments, wr_payment, pay_idx[i]);
        if (p->paid_at <= b->due_date)
            b->paid_on_time_fen = wr_add_fen(b->paid_on_time_fen, p->amount_fen, &ev->overflow);
    }
    b->due = b->due_date < m->opt->as_of_day;
    b->status = ST_NONE;
    if (!b->due || b->n_days == 0)
        return;
    __int128 tol = m->opt->tolerance_fen, owed = b->owed_fen, paid = b->paid_fen;
    __int128 target = owed - tol;
    if (b->paid_fen == 0) {
        b->status = ST_MISSING;
    } else if (!b->owed_known || b->paid_on_time_fen >= target) {
        b->status = ST_NONE;
    } else if (paid >= target) {
        b->status = ST_LATE;
        __int128 running = 0;
        for (uint32_t i = 0; i < n; i++) {
            const wr_payment *p = WR_AT(m->payments, wr_payment, pay_idx[i]);
            running += p->amount_fen;
            if (running >= target) {
                b->days_late = p->paid_at - b->due_date;
                break;
            }
        }
    } else {
        b->status = ST_UNDERPAID;
    }
    b->overpaid = b->owed_known && paid > owed + tol;
}

/* The buckets cut into --jobs slices (docs/PARALLEL.md): a bucket's
 * evaluation reads the model's reference data, its pair's contracts and
 * its own days and payments, and writes only the bucket. */
typedef struct {
    wr_model *m;
    wr_grouping payments;
    size_t max_contracts;
    int parts;
    bool ok[WR_PARALLEL_MAX_PARTS], overflow[WR_PARALLEL_MAX_PARTS];
} evaluation;

static void evaluate_slice(void *arg, int t)
{
    evaluation *e = arg;
    wr_model *m = e->m;
    size_t n_due = (size_t)m->n_periods * 32, n_memos = m->projects.len * m->n_periods;
    evaluator ev = {.m = m,
                    .groups = malloc(e->max_contracts * sizeof *ev.groups),
                    .min_wage = calloc(n_memos ? n_memos : 1, sizeof *ev.min_wage),
                    .due = malloc((n_due ? n_due : 1) * sizeof *ev.due)};
    bool ok = ev.groups && ev.min_wage && ev.due;
    for (size_t i = 0; ok && i < n_due; i++)
        ev.due[i] = DUE_UNKNOWN;
    size_t begin, end;
    wr_parallel_slice(m->buckets.len, e->parts, t, &begin, &end);
    for (size_t bi = begin; ok && bi < end; bi++) {
        wr_bucket *b = WR_AT(m->buckets, wr_bucket, bi);
        uint32_t days = wr_model_bucket_day_mask(m, (uint32_t)bi);
        b->n_days = (uint8_t)__builtin_popcount(days);
        evaluate_days(&ev, b, days);
        evaluate_payments(&ev, b, e->payments.order + e->payments.start[bi],
                          e->payments.start[bi + 1] - e->payments.start[bi]);
    }
    e->ok[t] = ok;
    e->overflow[t] = ev.overflow;
    free(ev.groups);
    free(ev.min_wage);
    free(ev.due);
}

bool wr_evaluate_buckets(wr_model *m)
{
    evaluation e = {.m = m, .max_contracts = 1, .parts = wr_parallel_parts(m->opt->jobs)};
    for (size_t i = 0; i < m->pairs.len; i++) {
        const wr_pair *p = WR_AT(m->pairs, wr_pair, i);
        size_t k = 0;
        for (uint32_t c = p->first_contract; c != WR_NONE;
             c = WR_AT(m->contracts, wr_contract, c)->next)
            k++;
        if (k > e.max_contracts)
            e.max_contracts = k;
    }
    if (!wr_group_by_bucket(&m->payments, offsetof(wr_payment, bucket), m->buckets.len,
                            &e.payments))
        return false;
    wr_parallel_run(e.parts, evaluate_slice, &e);
    wr_grouping_free(&e.payments);
    bool ok = true;
    for (int t = 0; t < e.parts; t++) {
        ok &= e.ok[t];
        m->overflow |= e.overflow[t];
    }
    return ok;
}
