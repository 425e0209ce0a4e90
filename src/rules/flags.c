#include "flags.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../types/ident.h"
#include "../types/money.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

static const char *const kind_names[WR_N_KINDS] = {
    "MISSING", "UNDERPAID", "LATE", "OVERPAID", "NO_CONTRACT", "NO_ATTENDANCE",
    "UNKNOWN_PAYEE", "NAME_MISMATCH", "RATE_BELOW_MINIMUM", "INVALID_ID",
    "CONTRACT_OVERLAP", "DUPLICATE_TXN", "UNKNOWN_ACCOUNT",
};

const char *const wr_flag_column_names[WR_FLAG_COLUMNS] = {
    "flag_id", "kind", "severity", "project_id", "employer_id", "worker_id",
    "worker_name", "period", "due_date", "owed", "paid", "paid_on_time",
    "shortfall", "days_late", "days_overdue", "detail",
};

const char *wr_kind_name(int k)
{
    return kind_names[k];
}

int wr_kind_severity(int kind)
{
    switch (kind) {
    case K_MISSING: case K_UNDERPAID: case K_RATE_BELOW_MINIMUM: case K_UNKNOWN_ACCOUNT:
        return SEV_HIGH;
    case K_LATE: case K_NO_CONTRACT: case K_NO_ATTENDANCE: case K_UNKNOWN_PAYEE:
    case K_DUPLICATE_TXN:
        return SEV_MEDIUM;
    default:
        return SEV_LOW;
    }
}

const char *wr_severity_name(int sev)
{
    static const char *const names[] = {"high", "medium", "low"};
    return names[sev];
}

bool wr_is_bucket_kind(int k)
{
    return k <= K_RATE_BELOW_MINIMUM;
}

bool wr_is_pair_kind(int k)
{
    return k == K_INVALID_ID || k == K_CONTRACT_OVERLAP;
}

int wr_kind_of_name(const char *name)
{
    for (int k = 0; k < WR_N_KINDS; k++)
        if (strcmp(kind_names[k], name) == 0)
            return k;
    return -1;
}

const wr_pair *wr_flag_pair(const wr_model *m, const wr_flag *f)
{
    if (wr_is_bucket_kind(f->kind))
        return WR_AT(m->pairs, wr_pair, WR_AT(m->buckets, wr_bucket, f->ref)->pair);
    if (wr_is_pair_kind(f->kind))
        return WR_AT(m->pairs, wr_pair, f->ref);
    return NULL;
}

uint32_t wr_flag_project(const wr_model *m, const wr_flag *f)
{
    const wr_pair *p = wr_flag_pair(m, f);
    return p ? p->project : WR_NONE;
}

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
    return k;
}

static const wr_model *sort_model; /* qsort has no context argument */

static int compare_flags(const void *a, const void *b)
{
    const wr_flag *fa = a, *fb = b;
    sort_key ka = key_of(sort_model, fa), kb = key_of(sort_model, fb);
    int c = strcmp(ka.project, kb.project);
    if (!c)
        c = strcmp(ka.worker, kb.worker);
    if (!c)
        c = (ka.period > kb.period) - (ka.period < kb.period);
    if (!c)
        c = strcmp(kind_names[fa->kind], kind_names[fb->kind]);
    if (!c)
        c = strcmp(fa->id, fb->id);
    return c;
}

/* RULES 5.2 flag_id: XXH3-64 (seed 0) of the key text, 16 hex digits. */
void wr_flag_id(int kind, const char *a, const char *b, const char *c, char id[17])
{
    size_t n = strlen(kind_names[kind]) + strlen(a) + strlen(b) + strlen(c) + 4;
    char stack[512];
    char *buf = n <= sizeof stack ? stack : malloc(n);
    if (!buf) {
        strcpy(id, "0000000000000000");
        return;
    }
    /* kind|project|worker|period, or kind|account|txn_id (RULES 5.2) */
    bool account_kind = kind == K_DUPLICATE_TXN || kind == K_UNKNOWN_ACCOUNT;
    int len = account_kind ? snprintf(buf, n, "%s|%s|%s", kind_names[kind], a, b)
                           : snprintf(buf, n, "%s|%s|%s|%s", kind_names[kind], a, b, c);
    snprintf(id, 17, "%016" PRIx64, (uint64_t)XXH3_64bits(buf, (size_t)len));
    if (buf != stack)
        free(buf);
}

static bool add(wr_model *m, wr_vec *flags, int kind, uint32_t ref)
{
    wr_flag *f = wr_vec_push(flags);
    if (!f)
        return false;
    f->kind = (uint8_t)kind;
    f->ref = ref;
    if (kind == K_DUPLICATE_TXN) {
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

/* DECISIONS D19: the first overlapping pair of contracts, as lines. */
bool wr_find_contract_overlap(const wr_model *m, const wr_pair *p, uint32_t *line_a,
                              uint32_t *line_b)
{
    for (uint32_t b = p->first_contract; b != WR_NONE;
         b = WR_AT(m->contracts, wr_contract, b)->next) {
        const wr_contract *cb = WR_AT(m->contracts, wr_contract, b);
        for (uint32_t a = p->first_contract; a != b; a = WR_AT(m->contracts, wr_contract, a)->next) {
            const wr_contract *ca = WR_AT(m->contracts, wr_contract, a);
            if (ca->valid_from <= ca->valid_to && cb->valid_from <= cb->valid_to &&
                ca->valid_from <= cb->valid_to && cb->valid_from <= ca->valid_to) {
                *line_a = ca->line;
                *line_b = cb->line;
                return true;
            }
        }
    }
    return false;
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
    if (!ok)
        return false;
    sort_model = m;
    if (flags->len > 1) /* qsort wants non-NULL data even for 0 items */
        qsort(flags->data, flags->len, sizeof(wr_flag), compare_flags);
    sort_model = NULL;
    return true;
}

int64_t wr_flag_shortfall(const wr_model *m, const wr_flag *f)
{
    if (f->kind != K_MISSING && f->kind != K_UNDERPAID)
        return 0;
    const wr_bucket *b = WR_AT(m->buckets, wr_bucket, f->ref);
    if (!b->owed_known)
        return 0;
    return f->kind == K_MISSING ? b->owed_fen : b->owed_fen - b->paid_fen;
}

static const char *worker_name(const wr_pair *p)
{
    if (p->roster_name)
        return p->roster_name;
    return p->first_payee_name ? p->first_payee_name : "";
}

void wr_flag_render(const wr_model *m, const wr_flag *f, wr_flag_cells *o)
{
    memset(o, 0, sizeof *o);
    o->cell[0] = f->id;
    o->cell[1] = kind_names[f->kind];
    o->cell[2] = wr_severity_name(wr_kind_severity(f->kind));
    o->numeric[13] = o->numeric[14] = true;
    const wr_pair *p = wr_flag_pair(m, f);
    if (p) {
        const wr_project *pr = WR_AT(m->projects, wr_project, p->project);
        o->cell[3] = pr->id;
        o->cell[4] = pr->employer_id;
        o->cell[5] = WR_AT(m->workers, wr_worker, p->worker)->id;
        o->cell[6] = worker_name(p);
    }
    if (wr_is_bucket_kind(f->kind)) {
        const wr_bucket *b = WR_AT(m->buckets, wr_bucket, f->ref);
        wr_format_month(b->period, o->period);
        wr_format_day(b->due_date, o->due);
        o->cell[7] = o->period;
        o->cell[8] = o->due;
        if (b->owed_known) {
            wr_format_fen(b->owed_fen, o->owed);
            o->cell[9] = o->owed;
        }
        wr_format_fen(b->paid_fen, o->paid);
        wr_format_fen(b->paid_on_time_fen, o->on_time);
        o->cell[10] = o->paid;
        o->cell[11] = o->on_time;
        if ((f->kind == K_MISSING || f->kind == K_UNDERPAID)) {
            if (b->owed_known) {
                wr_format_fen(wr_flag_shortfall(m, f), o->shortfall);
                o->cell[12] = o->shortfall;
            }
            snprintf(o->days_overdue, sizeof o->days_overdue, "%d",
                     (int)(m->opt->as_of_day - b->due_date));
            o->cell[14] = o->days_overdue;
        }
        if (f->kind == K_LATE) {
            snprintf(o->days_late, sizeof o->days_late, "%d", (int)b->days_late);
            o->cell[13] = o->days_late;
        }
        if (f->kind == K_NO_CONTRACT) {
            snprintf(o->detail, sizeof o->detail, "no_contract_days=%u", b->no_contract_days);
            o->cell[15] = o->detail;
        }
    } else if (f->kind == K_CONTRACT_OVERLAP) {
        uint32_t la = 0, lb = 0;
        wr_find_contract_overlap(m, p, &la, &lb);
        snprintf(o->detail, sizeof o->detail, "lines=%u,%u", la, lb);
        o->cell[15] = o->detail;
    } else if (f->kind == K_DUPLICATE_TXN) {
        const wr_txn *t = WR_AT(m->txns, wr_txn, f->ref);
        snprintf(o->detail, sizeof o->detail, "account=%s txn_id=%s rows=%u", t->account,
                 t->txn_id, t->rows);
        o->cell[15] = o->detail;
    } else if (f->kind == K_UNKNOWN_ACCOUNT) {
        const wr_unknown_account *u = WR_AT(m->unknown_accounts, wr_unknown_account, f->ref);
        snprintf(o->detail, sizeof o->detail, "account=%s txn_id=%s rows=%u", u->account,
                 u->first_txn_id, u->rows);
        o->cell[15] = o->detail;
    }
}
