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
    contract_group *groups; /* scratch, max contracts of a pair */
    wr_min_wage_memo min_wage;
    bool overflow;          /* a sum left int64 fen: joined into m->overflow */
} evaluator;

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

/* Owed, owed_known, no-contract days, minimum-wage check and pay day. */
static void evaluate_days(evaluator *ev, wr_bucket *b, uint32_t *day_idx, uint32_t n)
{
    wr_model *m = ev->m;
    const wr_pair *pair = WR_AT(m->pairs, wr_pair, b->pair);
    size_t n_groups = 0;
    uint32_t last_contract = WR_NONE;
    b->owed_known = true;
    for (uint32_t i = 0; i < n; i++) {
        const wr_attday dv = wr_model_day(m, day_idx[i]), *d = &dv;
        uint32_t ci = wr_applicable_contract(m, b->pair, d->date);
        if (ci == WR_NONE) {
            b->no_contract_days++;
            b->owed_known = false;
            continue;
        }
        last_contract = ci;
        const wr_contract *c = WR_AT(m->contracts, wr_contract, ci);
        if (c->rate_type == RATE_PIECE) {
            b->owed_known = false;
            continue;
        }
        if (!b->below_minimum && wr_rate_below_minimum(m, &ev->min_wage, c, pair->project, d->date))
            b->below_minimum = true;
        size_t g = 0;
        while (g < n_groups && ev->groups[g].contract != ci)
            g++;
        if (g == n_groups)
            ev->groups[n_groups++] = (contract_group){ci, 0, 0};
        ev->groups[g].days++;
        ev->groups[g].centi_fen += (__int128)wr_attday_centi_hours(d) * c->rate_fen;
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
    b->due_date = wr_due_date(m, b->period, pay_day);
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
    evaluator ev = {.m = m, .groups = malloc(e->max_contracts * sizeof *ev.groups)};
    size_t begin, end;
    wr_parallel_slice(m->buckets.len, e->parts, t, &begin, &end);
    for (size_t bi = begin; ev.groups && bi < end; bi++) {
        wr_bucket *b = WR_AT(m->buckets, wr_bucket, bi);
        uint32_t days[31]; /* in date order */
        b->n_days = wr_model_bucket_days(m, (uint32_t)bi, days);
        evaluate_days(&ev, b, days, b->n_days);
        evaluate_payments(&ev, b, e->payments.order + e->payments.start[bi],
                          e->payments.start[bi + 1] - e->payments.start[bi]);
    }
    e->ok[t] = ev.groups != NULL;
    e->overflow[t] = ev.overflow;
    free(ev.groups);
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
