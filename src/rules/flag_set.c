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
#include "../types/vec.h"
#include "flags.h"
#include "supervision.h"

/* Sort keys: project_id, worker_id, period ("" sorts first); the
 * project's index when the flag has a pair, else WR_NONE. */
typedef struct {
    const char *project, *worker;
    uint32_t project_ix;
    wr_month period; /* -1 none */
} sort_key;

static sort_key key_of(const wr_model *m, const wr_flag *f)
{
    sort_key k = {"", "", WR_NONE, -1};
    const wr_pair *p = wr_flag_pair(m, f);
    if (p) {
        k.project_ix = p->project;
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

/* A flag's sort key as numbers where it can be (D277): the project's id
 * as its rank among the projects' ids (odd: that id; even: between ids),
 * the kind's name as its rank among the kinds' names, the flag_id's 16
 * hex digits as two numbers in their text's order; the worker's id as
 * its first 16 bytes, two numbers in their text's order, and as text
 * when those are equal (D379: the text compared at every step was two
 * thirds of the sort; equal ids are one pointer, so mostly no call).
 * Gathered once per flag, with the flag's place before sorting. */
typedef struct {
    uint32_t project, at;
    wr_month period; /* -1 none */
    uint32_t kind;
    uint64_t worker_hi, worker_lo;
    const char *worker;
    uint64_t id_hi, id_lo;
} flag_order;

/* The projects' ids in order, for the ranks. */
typedef struct {
    const wr_model *m;
    uint32_t *by_id;     /* project indices sorted by id */
    uint32_t *rank;      /* [project]: its id's rank */
    uint32_t no_project; /* the rank of "", a flag without a project */
    uint32_t kind_rank[WR_N_KINDS];
} flag_ranks;

static const char *project_id(const flag_ranks *r, uint32_t p)
{
    return WR_AT(r->m->projects, wr_project, p)->id;
}

static int compare_project_ids(const void *a, const void *b, void *ctx)
{
    return strcmp(project_id(ctx, *(const uint32_t *)a), project_id(ctx, *(const uint32_t *)b));
}

/* The rank of a project id text that is no project's index at hand (an
 * agg record's): 2i + 1 when it is by_id[i]'s id (the first such), 2i
 * when it sorts before by_id[i]'s and after the one before. */
static uint32_t rank_of_text(const flag_ranks *r, const char *id)
{
    size_t lo = 0, hi = r->m->projects.len;
    while (lo < hi) { /* the first by_id whose id is not below `id` */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(project_id(r, r->by_id[mid]), id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    bool equal = lo < r->m->projects.len && strcmp(project_id(r, r->by_id[lo]), id) == 0;
    return 2 * (uint32_t)lo + equal;
}

static bool ranks_init(flag_ranks *r, const wr_model *m)
{
    size_t n = m->projects.len;
    r->m = m;
    r->by_id = malloc((n + 1) * sizeof *r->by_id);
    r->rank = malloc((n + 1) * sizeof *r->rank);
    if (!r->by_id || !r->rank)
        return false;
    for (size_t i = 0; i < n; i++)
        r->by_id[i] = (uint32_t)i;
    if (n > 1)
        qsort_r(r->by_id, n, sizeof *r->by_id, compare_project_ids, r);
    for (size_t i = 0; i < n; i++) /* equal ids: the first one's rank */
        r->rank[r->by_id[i]] = i > 0 && strcmp(project_id(r, r->by_id[i - 1]),
                                               project_id(r, r->by_id[i])) == 0
                                   ? r->rank[r->by_id[i - 1]]
                                   : 2 * (uint32_t)i + 1;
    r->no_project = rank_of_text(r, "");
    for (int k = 0; k < WR_N_KINDS; k++) {
        r->kind_rank[k] = 0;
        for (int j = 0; j < WR_N_KINDS; j++)
            r->kind_rank[k] += strcmp(wr_kind_name(j), wr_kind_name(k)) < 0;
    }
    return true;
}

static void ranks_free(flag_ranks *r)
{
    free(r->by_id);
    free(r->rank);
}

/* 8 bytes of a flag_id as a number in their text's order. */
static uint64_t id_bytes(const char *id)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | (unsigned char)id[i];
    return v;
}

static flag_order order_of(const flag_ranks *r, const wr_flag *f, uint32_t at)
{
    sort_key k = key_of(r->m, f);
    char head[16] = {0}; /* the worker's id to its end or 16 bytes, NULs after */
    memcpy(head, k.worker, strnlen(k.worker, sizeof head));
    return (flag_order){.project = k.project_ix != WR_NONE ? r->rank[k.project_ix]
                                   : k.project[0]        ? rank_of_text(r, k.project)
                                                         : r->no_project,
                        .at = at, .period = k.period, .kind = r->kind_rank[f->kind],
                        .worker_hi = id_bytes(head), .worker_lo = id_bytes(head + 8),
                        .worker = k.worker, .id_hi = id_bytes(f->id), .id_lo = id_bytes(f->id + 8)};
}

static int compare_numbers(uint64_t a, uint64_t b)
{
    return (a > b) - (a < b);
}

/* flags.csv's order (D18): project, worker, period, kind, flag_id, as
 * strcmp of their texts would give it. */
static int compare_flags(const void *a, const void *b, void *ctx)
{
    (void)ctx;
    const flag_order *fa = a, *fb = b;
    int c = compare_numbers(fa->project, fb->project);
    if (!c)
        c = compare_numbers(fa->worker_hi, fb->worker_hi);
    if (!c)
        c = compare_numbers(fa->worker_lo, fb->worker_lo);
    if (!c && fa->worker != fb->worker) /* equal to their 16th byte or their end */
        c = strcmp(fa->worker, fb->worker);
    if (!c)
        c = (fa->period > fb->period) - (fa->period < fb->period);
    if (!c)
        c = compare_numbers(fa->kind, fb->kind);
    if (!c)
        c = compare_numbers(fa->id_hi, fb->id_hi);
    if (!c)
        c = compare_numbers(fa->id_lo, fb->id_lo);
    return c;
}

/* The sort's passes over every flag, in slices on --jobs threads (D293):
 * each flag's key, then the flags gathered in the sorted order. */
typedef struct {
    const flag_ranks *r;
    const wr_vec *flags;
    flag_order *order;
    wr_flag *sorted;
    int parts;
} sort_pass;

/* A flag's key is a chain of loads that miss the cache (its bucket, the
 * bucket's pair, the pair's worker, the worker's id text), so the flags
 * ahead are fetched one link further each step (KEY_AHEAD flags a link):
 * by the time a flag's key is taken, its chain is in the cache. */
#define KEY_AHEAD 8

static void fetch_key_link(const wr_model *m, const wr_flag *f, int link)
{
    const wr_pair *pair = NULL;
    if (wr_is_bucket_kind(f->kind)) {
        const wr_bucket *b = WR_AT(m->buckets, wr_bucket, f->ref);
        if (link == 0) {
            __builtin_prefetch(b);
            return;
        }
        pair = WR_AT(m->pairs, wr_pair, b->pair);
    } else if (wr_is_pair_kind(f->kind)) {
        pair = WR_AT(m->pairs, wr_pair, f->ref);
    } else {
        return;
    }
    if (link == 1) { /* the pair itself: nothing of it read yet */
        __builtin_prefetch(pair);
        return;
    }
    const wr_worker *w = WR_AT(m->workers, wr_worker, pair->worker);
    __builtin_prefetch(link == 2 ? (const void *)w : (const void *)w->id);
}

static void keys_slice(void *arg, int t)
{
    sort_pass *p = arg;
    const wr_model *m = p->r->m;
    size_t begin, end;
    wr_parallel_slice(p->flags->len, p->parts, t, &begin, &end);
    for (size_t i = begin; i < end; i++) {
        for (int link = 0; link < 4; link++) {
            size_t ahead = i + (size_t)(4 - link) * KEY_AHEAD;
            if (ahead < end)
                fetch_key_link(m, WR_AT(*p->flags, wr_flag, ahead), link);
        }
        p->order[i] = order_of(p->r, WR_AT(*p->flags, wr_flag, i), (uint32_t)i);
    }
}

static void gather_slice(void *arg, int t)
{
    sort_pass *p = arg;
    size_t begin, end;
    wr_parallel_slice(p->flags->len, p->parts, t, &begin, &end);
    for (size_t i = begin; i < end; i++)
        p->sorted[i] = *WR_AT(*p->flags, wr_flag, p->order[i].at);
}

/* DECISIONS D18: flags.csv's order, by project, worker, period, kind and
 * flag_id, sorted on --jobs threads (a stable sort: D256). */
static bool sort_flags(const wr_model *m, wr_vec *flags)
{
    size_t n = flags->len;
    flag_ranks r;
    /* D460: from 1 MiB each its own mapping of huge pages, `sorted`
     * made by the prefault thread while the keys are taken and sorted */
    size_t order_bytes = (n + 1) * sizeof(flag_order), sorted_bytes = (n + 1) * sizeof(wr_flag);
    flag_order *order = wr_big_alloc(order_bytes);
    wr_flag *sorted = wr_big_alloc_ahead(sorted_bytes);
    bool ok = ranks_init(&r, m) && order && sorted;
    if (ok) {
        int parts = wr_parallel_parts(m->opt->jobs);
        sort_pass p = {&r, flags, order, sorted, n < (size_t)parts * 1024 ? 1 : parts};
        wr_parallel_run(p.parts, keys_slice, &p);
        wr_parallel_sort(order, n, sizeof *order, compare_flags, NULL, parts);
        wr_parallel_run(p.parts, gather_slice, &p);
        if (n > 0) /* memcpy wants non-NULL pointers even for 0 bytes */
            memcpy(flags->data, sorted, n * sizeof *sorted);
    }
    ranks_free(&r);
    wr_big_free(order, order_bytes);
    wr_big_free(sorted, sorted_bytes);
    return ok;
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

/* The buckets' flags on --jobs threads (D255): slice 0's flags into the
 * caller's array, slice t's (t > 0) into an array of its own, appended
 * in slice order, which is bucket order as with one thread (D458: one
 * copy of the later slices', where every flag was pushed again). With
 * one part the slice runs on the calling thread (wr_parallel_run starts
 * no thread), so one loop serves both. */
typedef struct {
    wr_model *m;
    int parts;
    wr_vec *into[WR_PARALLEL_MAX_PARTS]; /* slice t's flags go here */
    wr_vec own[WR_PARALLEL_MAX_PARTS];   /* ... for t > 0 */
    bool ok[WR_PARALLEL_MAX_PARTS];
} bucket_flags;

static void bucket_flags_slice(void *arg, int t)
{
    bucket_flags *bf = arg;
    size_t begin, end;
    wr_parallel_slice(bf->m->buckets.len, bf->parts, t, &begin, &end);
    bool ok = true;
    for (size_t bi = begin; ok && bi < end; bi++)
        ok = add_bucket_flags(bf->m, bf->into[t], (uint32_t)bi);
    bf->ok[t] = ok;
}

static bool add_all_bucket_flags(wr_model *m, wr_vec *flags)
{
    bucket_flags bf = {.m = m, .parts = wr_parallel_parts(m->opt->jobs)};
    for (int t = 0; t < bf.parts; t++) {
        wr_vec_init(&bf.own[t], sizeof(wr_flag));
        bf.into[t] = t == 0 ? flags : &bf.own[t];
    }
    wr_parallel_run(bf.parts, bucket_flags_slice, &bf);
    bool ok = true;
    for (int t = 0; t < bf.parts; t++) {
        ok = ok && bf.ok[t] && wr_vec_append(flags, &bf.own[t]);
        wr_vec_free(&bf.own[t]);
    }
    return ok;
}

/* SHARED_CARD's groups and the caller's work, found beside the other
 * kinds (D378). */
typedef struct {
    wr_model *m;
    bool agg;      /* SHARED_CARD's groups wanted */
    wr_vec groups; /* wr_shared_group */
    bool ok;
    void (*beside)(void *arg);
    void *arg;
} card_job;

static void find_card_groups(void *arg)
{
    card_job *c = arg;
    if (c->agg)
        c->ok = wr_run_card_groups(c->m, &c->groups);
    if (c->beside)
        c->beside(c->arg);
}

/* The flags of pairs and accounts, and the project, card and employer
 * kinds (RULES 5.3; a part of a partition leaves these to the merge),
 * appended to the buckets' flags in `flags` at the end. With --jobs 2 or
 * more SHARED_CARD's groups are found on a thread of their own meanwhile
 * (D378), then `beside` runs there: they read the model's payments,
 * buckets, pairs, projects and cards, which nothing here writes, and
 * `flags`, which holds the buckets' flags alone until the join (D459:
 * these flags go into `other` first). With one thread they run here,
 * after the rest, `flags` as it was. */
static bool add_other_flags(wr_model *m, wr_vec *flags, void (*beside)(void *), void *arg)
{
    wr_vec other;
    wr_vec_init(&other, sizeof(wr_flag));
    bool agg = !m->opt->part_facts;
    card_job cards = {.m = m, .agg = agg, .ok = true, .beside = beside, .arg = arg};
    wr_vec_init(&cards.groups, sizeof(wr_shared_group));
    wr_vec list; /* LIST_THRESHOLD's records */
    wr_vec_init(&list, sizeof(wr_agg_flag_record));
    wr_parallel_task task;
    bool threaded = (agg || beside) && m->opt->jobs > 1;
    if (threaded)
        wr_parallel_start(&task, find_card_groups, &cards);
    bool ok = true;
    for (uint32_t pi = 0; ok && pi < m->pairs.len; pi++) {
        const wr_pair *p = WR_AT(m->pairs, wr_pair, pi);
        uint32_t la, lb;
        if (!worker_id_valid(m, p->worker))
            ok = add(m, &other, K_INVALID_ID, pi);
        if (ok && wr_find_contract_overlap(m, p, &la, &lb))
            ok = add(m, &other, K_CONTRACT_OVERLAP, pi);
    }
    for (uint32_t t = 0; ok && t < m->txns.len; t++)
        if (WR_AT(m->txns, wr_txn, t)->rows > 1)
            ok = add(m, &other, K_DUPLICATE_TXN, t);
    for (uint32_t u = 0; ok && u < m->unknown_accounts.len; u++)
        ok = add(m, &other, K_UNKNOWN_ACCOUNT, u);
    /* RULES 5.3 from the buckets' MISSING and UNDERPAID flags, all of
     * them in `flags` (no other kind is read) */
    ok = ok && wr_build_project_periods(m);
    ok = ok && (!agg || wr_build_agg_flags(m, flags, &list));
    if (threaded)
        wr_parallel_join(&task);
    else
        find_card_groups(&cards);
    ok = ok && (!agg || (cards.ok && wr_finish_agg_flags(m, &cards.groups, &list)));
    wr_vec_free(&cards.groups);
    wr_vec_free(&list);
    for (uint32_t a = 0; ok && a < m->agg_flags.len; a++)
        ok = add(m, &other, WR_AT(m->agg_flags, wr_agg_flag_record, a)->kind, a);
    ok = ok && wr_vec_append(flags, &other);
    wr_vec_free(&other);
    return ok;
}

bool wr_build_flags_beside(wr_model *m, wr_vec *flags, void (*beside)(void *), void *arg)
{
    if (!add_all_bucket_flags(m, flags)) {
        if (beside) /* it runs once, whatever happens here */
            beside(arg);
        return false;
    }
    return add_other_flags(m, flags, beside, arg) && sort_flags(m, flags);
}

bool wr_build_flags(wr_model *m, wr_vec *flags)
{
    return wr_build_flags_beside(m, flags, NULL, NULL);
}
