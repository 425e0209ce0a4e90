/*
 * RULES 4.6 and 5.3 from plain facts (supervision.h), and the run's side
 * of them: wr_build_agg_flags gathers the facts from the evaluated model.
 */
#include "supervision.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../types/money.h"
#include "../types/strings.h"
#include "flags.h"
#include "rules.h"

static wr_agg_flag_record *push_record(wr_vec *out, int kind)
{
    wr_agg_flag_record *a = wr_vec_push(out);
    if (!a)
        return NULL;
    a->kind = (uint8_t)kind;
    a->severity = (uint8_t)wr_kind_severity(kind);
    a->project_id = a->employer_id = a->card = a->detail = "";
    a->period = -1;
    return a;
}

static const char *arena_printf(wr_arena *arena, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static const char *arena_printf(wr_arena *arena, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    return wr_arena_strndup(arena, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* ---- LIST_THRESHOLD ---- */

static int compare_shortfall_items(const void *a, const void *b)
{
    const wr_shortfall_item *x = a, *y = b;
    int c = strcmp(x->employer_id, y->employer_id);
    if (!c)
        c = strcmp(x->worker_id, y->worker_id);
    if (!c)
        c = (x->period > y->period) - (x->period < y->period);
    return c;
}

bool wr_list_threshold_flags(wr_shortfall_item *items, size_t n, int64_t worker_min_fen,
                             int64_t total_min_fen, wr_vec *out)
{
    if (n > 1)
        qsort(items, n, sizeof *items, compare_shortfall_items);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        bool overflow = false, cond_a = false;
        uint64_t workers = 0;
        int64_t total = 0;
        while (j < n && strcmp(items[j].employer_id, items[i].employer_id) == 0) {
            /* one worker at this employer: distinct periods, summed shortfall */
            size_t w = j;
            uint64_t periods = 0;
            int64_t sum = 0;
            for (; j < n && strcmp(items[j].employer_id, items[w].employer_id) == 0 &&
                   strcmp(items[j].worker_id, items[w].worker_id) == 0;
                 j++) {
                if (j == w || items[j].period != items[j - 1].period)
                    periods++;
                sum = wr_add_fen(sum, items[j].shortfall_fen, &overflow);
            }
            workers++;
            total = wr_add_fen(total, sum, &overflow);
            if (periods >= 3 && sum >= worker_min_fen) /* (a) */
                cond_a = true;
        }
        bool cond_b = workers >= 10 && total >= total_min_fen; /* (b) */
        if (cond_a || cond_b) {
            wr_agg_flag_record *a = push_record(out, K_LIST_THRESHOLD);
            if (!a)
                return false;
            a->employer_id = items[i].employer_id;
            a->has_shortfall = true;
            a->shortfall_fen = total;
            a->detail = cond_a && cond_b ? "condition=a+b" : cond_a ? "condition=a" : "condition=b";
        }
        i = j;
    }
    return true;
}

/* ---- SHARED_CARD ---- */

/* The last 4 characters (UTF-8) of s: all a person may see of a card. */
const char *wr_card_last4(const char *s)
{
    const char *p = s + strlen(s);
    for (int chars = 0; p > s && chars < 4; chars++) {
        p--;
        while (p > s && ((unsigned char)*p & 0xC0) == 0x80)
            p--;
    }
    return p;
}

/* Two uses of one card, by project, period and payee: numbers only. */
static int compare_in_card(const void *a, const void *b, void *ctx)
{
    const wr_card_use *uses = ctx;
    const wr_card_use *x = &uses[*(const uint32_t *)a], *y = &uses[*(const uint32_t *)b];
    if (x->project != y->project)
        return x->project < y->project ? -1 : 1;
    if (x->period != y->period)
        return x->period < y->period ? -1 : 1;
    return (x->payee > y->payee) - (x->payee < y->payee);
}
static bool in_card_before(const wr_card_use *x, const wr_card_use *y)
{
    if (x->project != y->project)
        return x->project < y->project;
    if (x->period != y->period)
        return x->period < y->period;
    return x->payee < y->payee;
}

/* One card's uses order[0..n) by compare_in_card: a card has a few uses,
 * sorted in place by insertion, the many of a shared card by qsort_r
 * (one qsort_r a card, with its call through a pointer a compare, was
 * half of SHARED_CARD's time at 100k workers: D379). How uses of one
 * project, period and payee end up among themselves changes no group. */
static void sort_card_uses(const wr_card_use *uses, uint32_t *order, size_t n)
{
    if (n > 16) {
        qsort_r(order, n, sizeof *order, compare_in_card, (void *)uses);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        uint32_t v = order[i];
        size_t j = i;
        for (; j > 0 && in_card_before(&uses[v], &uses[order[j - 1]]); j--)
            order[j] = order[j - 1];
        order[j] = v;
    }
}

typedef struct {
    const wr_card_use *uses;
    const wr_vec *projects, *cards;
} group_texts;

static const char *card_text(const group_texts *t, uint32_t card)
{
    return *WR_AT(*t->cards, const char *, card);
}

/* The records' order: the project's id, the card's text, the period. */
static int compare_groups(const void *a, const void *b, void *ctx)
{
    const group_texts *t = ctx;
    const wr_card_use *x = &t->uses[((const wr_shared_group *)a)->use];
    const wr_card_use *y = &t->uses[((const wr_shared_group *)b)->use];
    int c = x->project == y->project
                ? 0
                : strcmp(WR_AT(*t->projects, wr_project, x->project)->id,
                         WR_AT(*t->projects, wr_project, y->project)->id);
    if (!c)
        c = x->card == y->card ? 0 : strcmp(card_text(t, x->card), card_text(t, y->card));
    if (!c)
        c = (x->period > y->period) - (x->period < y->period);
    return c;
}

/* The groups of two payees or more among the uses of one card,
 * order[b..e) (sorted by compare_in_card). False when out of memory. */
static bool card_groups(const wr_card_use *uses, const uint32_t *order, size_t b, size_t e,
                        wr_vec *groups)
{
    for (size_t i = b; i < e;) {
        const wr_card_use *first = &uses[order[i]];
        size_t j = i;
        uint32_t payees = 0;
        int64_t paid = 0;
        bool overflow = false; /* amounts are >= 0: a sum saturates, in any order */
        for (; j < e && uses[order[j]].project == first->project &&
               uses[order[j]].period == first->period;
             j++) {
            if (j == i || uses[order[j]].payee != uses[order[j - 1]].payee)
                payees++;
            paid = wr_add_fen(paid, uses[order[j]].paid_fen, &overflow);
        }
        if (payees >= 2) {
            wr_shared_group *g = wr_vec_push(groups);
            if (!g)
                return false;
            *g = (wr_shared_group){order[i], payees, paid};
        }
        i = j;
    }
    return true;
}

/* D276: the uses are put in card order by a counting sort and each
 * card's few by numbers (no text compared: a sort of every use by its
 * texts was ~15% of a run's instructions after reading); only the
 * groups that make a record are sorted by their texts. */
bool wr_shared_card_groups(const wr_card_use *uses, size_t n, const wr_vec *projects,
                           const wr_vec *cards, wr_vec *groups)
{
    size_t n_cards = cards->len;
    uint32_t *end = calloc(n_cards + 1, sizeof *end); /* card c's uses end at end[c] */
    uint32_t *order = malloc((n + 1) * sizeof *order);
    bool ok = end && order;
    for (size_t i = 0; ok && i < n; i++)
        end[uses[i].card]++;
    for (size_t c = 1; ok && c < n_cards; c++)
        end[c] += end[c - 1];
    for (size_t i = n; ok && i-- > 0;) /* from the last: each card's uses stay in order */
        order[--end[uses[i].card]] = (uint32_t)i;
    /* now end[c] is where card c's uses begin; they end where c + 1's do */
    for (size_t c = 0; ok && c < n_cards; c++) {
        size_t b = end[c], e = c + 1 < n_cards ? end[c + 1] : n;
        sort_card_uses(uses, order + b, e - b);
        ok = card_groups(uses, order, b, e, groups);
    }
    group_texts t = {uses, projects, cards};
    if (ok && groups->len > 1)
        qsort_r(groups->data, groups->len, sizeof(wr_shared_group), compare_groups, &t);
    free(end);
    free(order);
    return ok;
}

bool wr_shared_card_records(const wr_vec *groups, const wr_card_use *uses,
                            const wr_vec *projects, const wr_vec *cards, wr_arena *arena,
                            wr_vec *out)
{
    group_texts t = {uses, projects, cards};
    for (size_t i = 0; i < groups->len; i++) {
        const wr_shared_group *g = WR_AT(*groups, wr_shared_group, i);
        const wr_card_use *u = &uses[g->use];
        const wr_project *p = WR_AT(*projects, wr_project, u->project);
        wr_agg_flag_record *a = push_record(out, K_SHARED_CARD);
        if (!a)
            return false;
        a->project_id = p->id;
        a->employer_id = p->employer_id;
        a->card = card_text(&t, u->card);
        a->period = u->period;
        a->has_paid = true;
        a->paid_fen = g->paid_fen;
        /* DECISIONS D62: the card's last 4 only */
        if (!(a->detail = arena_printf(arena, "card=%s workers=%llu", wr_card_last4(a->card),
                                       (unsigned long long)g->payees)))
            return false;
    }
    return true;
}

bool wr_shared_card_flags(const wr_card_use *uses, size_t n, const wr_vec *projects,
                          const wr_vec *cards, wr_arena *arena, wr_vec *out)
{
    wr_vec groups;
    wr_vec_init(&groups, sizeof(wr_shared_group));
    bool ok = wr_shared_card_groups(uses, n, projects, cards, &groups) &&
              wr_shared_card_records(&groups, uses, projects, cards, arena, out);
    wr_vec_free(&groups);
    return ok;
}

/* ---- UNPAID_HEADCOUNT ---- */

bool wr_headcount_flag(const char *project_id, const char *employer_id, wr_month period,
                       wr_day due, uint64_t unpaid, uint64_t attended, wr_arena *arena,
                       wr_vec *out)
{
    wr_agg_flag_record *a = push_record(out, K_UNPAID_HEADCOUNT);
    if (!a)
        return false;
    a->severity = (uint8_t)wr_headcount_severity(unpaid, attended);
    a->project_id = project_id;
    a->employer_id = employer_id;
    a->period = period;
    a->has_due = true;
    a->due = due;
    a->detail = arena_printf(arena, "unpaid=%llu attended=%llu", (unsigned long long)unpaid,
                             (unsigned long long)attended);
    return a->detail != NULL;
}

/* ---- ALLOCATION_SHORT ---- */

bool wr_allocation_flags(const wr_alloc_view *v, const char *project_id,
                         const char *employer_id, const char *client_id, wr_day as_of,
                         int64_t tolerance_fen, wr_arena *arena, wr_vec *out,
                         int64_t *latest_shortfall_fen)
{
    bool overflow = false;
    int64_t opening = v->opening_in_fen - v->opening_out_fen; /* both >= 0: no overflow */
    if (opening < 0)
        opening = 0; /* RULES 4.6: 0 if negative */
    int64_t cum_owed = 0;
    *latest_shortfall_fen = 0;
    const char *detail = client_id[0] ? arena_printf(arena, "client=%s", client_id) : "";
    if (!detail)
        return false;
    for (uint32_t k = 0; k < v->n; k++) {
        cum_owed = wr_add_fen(cum_owed, v->owed_fen[k], &overflow);
        int64_t cum_alloc = wr_add_fen(opening, v->credit_fen[k], &overflow);
        if (!(v->due[k] < as_of && cum_owed > 0 &&
              (__int128)cum_alloc < (__int128)cum_owed - tolerance_fen))
            continue;
        wr_agg_flag_record *a = push_record(out, K_ALLOCATION_SHORT);
        if (!a)
            return false;
        a->project_id = project_id;
        a->employer_id = employer_id;
        a->period = v->from + (wr_month)k;
        a->has_due = a->has_owed = a->has_paid = a->has_shortfall = a->has_overdue = true;
        a->due = v->due[k];
        a->owed_fen = cum_owed;
        a->paid_fen = cum_alloc;
        a->shortfall_fen = cum_owed - cum_alloc;
        a->days_overdue = as_of - v->due[k];
        a->detail = detail;
        *latest_shortfall_fen = a->shortfall_fen;
    }
    return true;
}

/* ---- the summary's lists ---- */

bool wr_supervision_summary(const wr_vec *agg, wr_report *rep, wr_vec *employers)
{
    bool overflow = false;
    rep->projects_short = 0;
    rep->allocation_shortfall_fen = 0;
    /* A project's ALLOCATION_SHORT records are together, in period order. */
    for (size_t i = 0; i < agg->len; i++) {
        const wr_agg_flag_record *a = WR_AT(*agg, wr_agg_flag_record, i);
        if (a->kind == K_LIST_THRESHOLD) {
            const char **e = wr_vec_push(employers);
            if (!e)
                return false;
            *e = a->employer_id;
        }
        if (a->kind != K_ALLOCATION_SHORT)
            continue;
        const wr_agg_flag_record *next =
            i + 1 < agg->len ? WR_AT(*agg, wr_agg_flag_record, i + 1) : NULL;
        if (next && next->kind == K_ALLOCATION_SHORT &&
            strcmp(next->project_id, a->project_id) == 0)
            continue; /* not the project's latest */
        rep->projects_short++;
        rep->allocation_shortfall_fen =
            wr_add_fen(rep->allocation_shortfall_fen, a->shortfall_fen, &overflow);
    }
    wr_sort_count_distinct((const char **)employers->data, employers->len);
    return true;
}

/* ---- the run: facts from the model ---- */

bool wr_build_project_periods(wr_model *m)
{
    for (uint32_t bi = 0; bi < m->buckets.len; bi++) {
        const wr_bucket *b = WR_AT(m->buckets, wr_bucket, bi);
        if (b->n_days == 0)
            continue; /* MISSING needs attended days too */
        uint32_t project = WR_AT(m->pairs, wr_pair, b->pair)->project;
        uint32_t i = wr_model_intern_project_period(m, project, b->period);
        if (i == WR_NONE)
            return false;
        wr_project_period *pp = WR_AT(m->project_periods, wr_project_period, i);
        pp->attended++;
        if (b->status == ST_MISSING)
            pp->missing++;
        if (b->owed_known)
            pp->owed_fen = wr_add_fen(pp->owed_fen, b->owed_fen, &m->overflow);
    }
    return true;
}

bool wr_card_use_of(const wr_model *m, size_t i, wr_card_use *u)
{
    const wr_payment *pay = WR_AT(m->payments, wr_payment, i);
    if (pay->card == WR_NONE)
        return false;
    const wr_bucket *b = WR_AT(m->buckets, wr_bucket, pay->bucket);
    const wr_pair *pr = WR_AT(m->pairs, wr_pair, b->pair);
    *u = (wr_card_use){pr->project, pay->card, pr->worker, b->period, pay->amount_fen};
    return true;
}

bool wr_reserve_card_uses(wr_model *m)
{
    if (m->card_uses.elem_size == 0)
        wr_vec_init(&m->card_uses, sizeof(wr_card_use));
    return wr_vec_reserve(&m->card_uses, m->payments.len + 1);
}

bool wr_run_card_groups(wr_model *m, wr_vec *groups)
{
    /* the uses in the array reserved after reading (D297), freed by
     * wr_finish_agg_flags */
    if (!wr_reserve_card_uses(m))
        return false;
    wr_card_use *uses = m->card_uses.data;
    size_t n = 0;
    for (size_t i = 0; i < m->payments.len; i++)
        n += wr_card_use_of(m, i, &uses[n]);
    m->card_uses.len = n;
    return wr_shared_card_groups(uses, n, &m->projects, &m->cards, groups);
}

bool wr_build_agg_flags(wr_model *m, const wr_vec *flags, wr_vec *list)
{
    wr_vec *out = &m->agg_flags;
    const wr_options *o = m->opt;
    /* UNPAID_HEADCOUNT per (project, period) with MISSING flags */
    for (size_t i = 0; i < m->project_periods.len; i++) {
        wr_project_period *pp = WR_AT(m->project_periods, wr_project_period, i);
        const wr_project *p = WR_AT(m->projects, wr_project, pp->project);
        if (p->statement)
            p->statement->owed_fen[pp->period - o->from_month] =
                wr_add_fen(p->statement->owed_fen[pp->period - o->from_month], pp->owed_fen,
                           &m->overflow);
        if (pp->missing > 0 &&
            !wr_headcount_flag(p->id, p->employer_id, pp->period,
                               wr_due_date(m, pp->period, p->pay_day), pp->missing,
                               pp->attended, &m->arena, out))
            return false;
    }
    /* ALLOCATION_SHORT per covered project */
    for (size_t pi = 0; pi < m->projects.len; pi++) {
        const wr_project *p = WR_AT(m->projects, wr_project, pi);
        if (!p->statement)
            continue;
        m->report->projects_covered++;
        wr_statement *s = p->statement;
        wr_alloc_view v = {s->opening_in_fen, s->opening_out_fen, s->credit_fen, s->owed_fen,
                           s->due, m->n_periods, o->from_month};
        int64_t latest;
        if (!wr_allocation_flags(&v, p->id, p->employer_id, p->client_id, o->as_of_day,
                                 o->tolerance_fen, &m->arena, out, &latest))
            return false;
    }
    /* LIST_THRESHOLD over the run's shortfall-bearing flags */
    wr_shortfall_item *items = malloc((flags->len + 1) * sizeof *items);
    if (!items)
        return false;
    size_t n = wr_shortfall_items(m, flags, items);
    bool ok = wr_list_threshold_flags(items, n, m->list_worker_fen, m->list_total_fen, list);
    free(items);
    return ok;
}

bool wr_finish_agg_flags(wr_model *m, const wr_vec *groups, const wr_vec *list)
{
    bool ok = wr_shared_card_records(groups, m->card_uses.data, &m->projects, &m->cards,
                                     &m->arena, &m->agg_flags);
    wr_vec_free(&m->card_uses);
    for (size_t i = 0; ok && i < list->len; i++) {
        wr_agg_flag_record *a = wr_vec_push(&m->agg_flags);
        if ((ok = a != NULL))
            *a = *WR_AT(*list, wr_agg_flag_record, i);
    }
    return ok;
}

size_t wr_shortfall_items(const wr_model *m, const wr_vec *flags, wr_shortfall_item *items)
{
    size_t n = 0;
    for (size_t i = 0; i < flags->len; i++) {
        const wr_flag *f = WR_AT(*flags, wr_flag, i);
        if (f->kind != K_MISSING && f->kind != K_UNDERPAID)
            continue;
        const wr_bucket *b = WR_AT(m->buckets, wr_bucket, f->ref);
        if (!b->owed_known)
            continue; /* RULES 5.3: MISSING bears a shortfall only with owed known */
        const wr_pair *pr = WR_AT(m->pairs, wr_pair, b->pair);
        items[n++] = (wr_shortfall_item){
            WR_AT(m->projects, wr_project, pr->project)->employer_id,
            WR_AT(m->workers, wr_worker, pr->worker)->id, b->period, wr_flag_shortfall(m, f)};
    }
    return n;
}
