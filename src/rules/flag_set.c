/*
 * A run's flags (RULES 5): one per bucket, pair and account finding of
 * the evaluated model, then the project, card and employer kinds
 * (supervision.c) from those, each with its flag_id (RULES 5.2) and
 * severity (5.4), sorted as flags.csv (DECISIONS D18). Above flags.c and
 * supervision.c, which it drives, so neither calls back up.
 */
#include <stdlib.h>
#include <string.h>

#include "../types/ident.h"
#include "../types/parallel.h"
#include "flags.h"
#include "supervision.h"

/* Sort keys: project_id, worker_id, period ("" sorts first). */
typedef struct {
    const char *project, *worker;
    wr_month period; /* -1 none */
} sort_key;

static sort_key key_of(const wr_model *m, const wr_flag *f)
{
    sort_key k = {"", "", -1};
    const wr_pair *p = wr_flag_pair(m, f);
    if (p) {
        k.project = WR_AT(m->projects, wr_project, p->project)->id;
        k.worker = WR_AT(m->workers, wr_worker, p->worker)->id;
    }
    if (wr_is_bucket_kind(f->kind))
        k.period = WR_AT(m->buckets, wr_bucket, f->ref)->period;
    if (wr_is_agg_kind(f->kind)) {
        const wr_agg_flag_record *a = WR_AT(m->agg_flags, wr_agg_flag_record, f->ref);
        k.project = a->project_id;
        k.period = a->period;
    }
    return k;
}

static int compare_flags(const void *a, const void *b, void *ctx) /* ctx: the model */
{
    const wr_model *sort_model = ctx;
    const wr_flag *fa = a, *fb = b;
    sort_key ka = key_of(sort_model, fa), kb = key_of(sort_model, fb);
    int c = strcmp(ka.project, kb.project);
    if (!c)
        c = strcmp(ka.worker, kb.worker);
    if (!c)
        c = (ka.period > kb.period) - (ka.period < kb.period);
    if (!c)
        c = strcmp(wr_kind_name(fa->kind), wr_kind_name(fb->kind));
    if (!c)
        c = strcmp(fa->id, fb->id);
    return c;
}

static bool add(wr_model *m, wr_vec *flags, int kind, uint32_t ref)
{
    wr_flag *f = wr_vec_push(flags);
    if (!f)
        return false;
    f->kind = (uint8_t)kind;
    f->severity = (uint8_t)wr_kind_severity(kind);
    f->ref = ref;
    if (wr_is_agg_kind(kind)) {
        const wr_agg_flag_record *a = WR_AT(m->agg_flags, wr_agg_flag_record, ref);
        f->severity = a->severity;
        wr_agg_flag_id(a, f->id);
    } else if (kind == K_DUPLICATE_TXN) {
        const wr_txn *t = WR_AT(m->txns, wr_txn, ref);
        wr_flag_id(kind, t->account, t->txn_id, "", f->id);
    } else if (kind == K_UNKNOWN_ACCOUNT) {
        wr_flag_id(kind, WR_AT(m->unknown_accounts, wr_unknown_account, ref)->account, "", "", f->id);
    } else {
        sort_key k = key_of(m, f);
        char period[8] = "";
        if (k.period >= 0)
            wr_format_month(k.period, period);
        wr_flag_id(kind, k.project, k.worker, period, f->id);
    }
    return true;
}

static bool worker_id_valid(wr_model *m, uint32_t worker)
{
    wr_worker *w = WR_AT(m->workers, wr_worker, worker);
    if (w->valid < 0)
        w->valid = wr_id_is_valid(w->id, w->id_len, m->opt->as_of_day) ? 1 : 0;
    return w->valid == 1;
}

static bool add_bucket_flags(wr_model *m, wr_vec *flags, uint32_t bi)
{
    const wr_bucket *b = WR_AT(m->buckets, wr_bucket, bi);
    const wr_pair *p = WR_AT(m->pairs, wr_pair, b->pair);
    bool ok = true;
    if (b->status == ST_MISSING)
        ok &= add(m, flags, K_MISSING, bi);
    if (b->status == ST_LATE)
        ok &= add(m, flags, K_LATE, bi);
    if (b->status == ST_UNDERPAID)
        ok &= add(m, flags, K_UNDERPAID, bi);
    if (b->due && b->n_days > 0 && b->overpaid)
        ok &= add(m, flags, K_OVERPAID, bi);
    if (b->no_contract_days > 0)
        ok &= add(m, flags, K_NO_CONTRACT, bi);
    if (b->paid_fen > 0 && b->n_days == 0)
        ok &= add(m, flags, p->has_contract || p->has_attendance ? K_NO_ATTENDANCE
                                                                  : K_UNKNOWN_PAYEE, bi);
    if (b->name_mismatch)
        ok &= add(m, flags, K_NAME_MISMATCH, bi);
    if (b->below_minimum)
        ok &= add(m, flags, K_RATE_BELOW_MINIMUM, bi);
    /* RULES 5.3, due or not */
    if (b->paid_fen > m->large_payment_fen)
        ok &= add(m, flags, K_LARGE_PAYMENT, bi);
    if (wr_bucket_due_soon(m, b))
        ok &= add(m, flags, K_DUE_SOON, bi);
    return ok;
}

bool wr_build_flags(wr_model *m, wr_vec *flags)
{
    bool ok = true;
    for (uint32_t bi = 0; ok && bi < m->buckets.len; bi++)
        ok = add_bucket_flags(m, flags, bi);
    for (uint32_t pi = 0; ok && pi < m->pairs.len; pi++) {
        const wr_pair *p = WR_AT(m->pairs, wr_pair, pi);
        uint32_t la, lb;
        if (!worker_id_valid(m, p->worker))
            ok = add(m, flags, K_INVALID_ID, pi);
        if (ok && wr_find_contract_overlap(m, p, &la, &lb))
            ok = add(m, flags, K_CONTRACT_OVERLAP, pi);
    }
    for (uint32_t t = 0; ok && t < m->txns.len; t++)
        if (WR_AT(m->txns, wr_txn, t)->rows > 1)
            ok = add(m, flags, K_DUPLICATE_TXN, t);
    for (uint32_t u = 0; ok && u < m->unknown_accounts.len; u++)
        ok = add(m, flags, K_UNKNOWN_ACCOUNT, u);
    /* RULES 5.3: the project, card and employer kinds, from the flags so
     * far (a part of a partition leaves them to the merge). */
    if (ok)
        ok = wr_build_project_periods(m);
    if (ok && !m->opt->part_facts)
        ok = wr_build_agg_flags(m, flags);
    for (uint32_t a = 0; ok && a < m->agg_flags.len; a++)
        ok = add(m, flags, WR_AT(m->agg_flags, wr_agg_flag_record, a)->kind, a);
    if (!ok)
        return false;
    wr_parallel_sort(flags->data, flags->len, sizeof(wr_flag), compare_flags, m,
                     wr_parallel_parts(m->opt->jobs));
    return true;
}
