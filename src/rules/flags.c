#include "flags.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/outfile.h"
#include "../types/ident.h"
#include "../types/money.h"
#include "../types/strings.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

static const char *const kind_names[WR_N_KINDS] = {
    "MISSING", "UNDERPAID", "LATE", "OVERPAID", "NO_CONTRACT", "NO_ATTENDANCE",
    "UNKNOWN_PAYEE", "NAME_MISMATCH", "RATE_BELOW_MINIMUM", "INVALID_ID",
    "CONTRACT_OVERLAP", "DUPLICATE_TXN", "UNKNOWN_ACCOUNT",
    "ALLOCATION_SHORT", "UNPAID_HEADCOUNT", "SHARED_CARD", "LARGE_PAYMENT", "LIST_THRESHOLD",
    "DUE_SOON",
};

/* RULES 5.4: the legal basis of each kind, exactly. */
static const char *const kind_basis[WR_N_KINDS] = {
    [K_MISSING] = "Reg. art. 12",           [K_UNDERPAID] = "Reg. art. 12",
    [K_LATE] = "Reg. art. 12",              [K_OVERPAID] = "Reg. art. 15",
    [K_NO_CONTRACT] = "Reg. art. 28",       [K_NO_ATTENDANCE] = "Reg. art. 28",
    [K_UNKNOWN_PAYEE] = "Reg. art. 28",     [K_NAME_MISMATCH] = "Reg. art. 11",
    [K_RATE_BELOW_MINIMUM] = "Min. Wage Prov. art. 12",
    [K_INVALID_ID] = "Reg. art. 28",        [K_CONTRACT_OVERLAP] = "Reg. art. 28",
    [K_DUPLICATE_TXN] = "Reg. art. 15",     [K_UNKNOWN_ACCOUNT] = "Reg. art. 26",
    [K_ALLOCATION_SHORT] = "Reg. art. 24",  [K_UNPAID_HEADCOUNT] = "Reg. arts. 12, 31",
    [K_SHARED_CARD] = "Reg. arts. 11, 31",  [K_LARGE_PAYMENT] = "Reg. art. 26",
    [K_LIST_THRESHOLD] = "MOHRSS Order 45 art. 5; SPC Interp. 2013-3 art. 3",
    [K_DUE_SOON] = "Reg. art. 12",
};

#define FLAG_COLUMNS(X)                                                                     \
    X(flag_id) X(kind) X(severity) X(project_id) X(employer_id) X(worker_id) X(worker_name)   \
    X(period) X(due_date) X(owed) X(paid) X(paid_on_time) X(shortfall) X(days_late)           \
    X(days_overdue) X(detail) X(basis)

#define COLUMN_NAME(c) #c,
const char *const wr_flag_column_names[WR_FLAG_COLUMNS] = {FLAG_COLUMNS(COLUMN_NAME)};

/* flags.jsonl's keys with their comma, quotes and colon, each one append
 * (D279, D286); the first line's key is written from its second byte. */
#define JSONL_KEY(c) {",\"" #c "\":", sizeof ",\"" #c "\":" - 1},
static const wr_json_key jsonl_keys[WR_FLAG_COLUMNS] = {FLAG_COLUMNS(JSONL_KEY)};

const char *wr_kind_basis(int k)
{
    return kind_basis[k];
}

const char *wr_kind_name(int k)
{
    return kind_names[k];
}

int wr_kind_severity(int kind)
{
    switch (kind) {
    case K_MISSING: case K_UNDERPAID: case K_RATE_BELOW_MINIMUM: case K_UNKNOWN_ACCOUNT:
    case K_ALLOCATION_SHORT: case K_SHARED_CARD: case K_LIST_THRESHOLD:
        return SEV_HIGH;
    case K_LATE: case K_NO_CONTRACT: case K_NO_ATTENDANCE: case K_UNKNOWN_PAYEE:
    case K_DUPLICATE_TXN: case K_LARGE_PAYMENT: case K_UNPAID_HEADCOUNT:
        return SEV_MEDIUM;
    default:
        return SEV_LOW;
    }
}

/* RULES 5.4: UNPAID_HEADCOUNT is high when 10 x U > A (DECISIONS D61). */
int wr_headcount_severity(uint64_t unpaid, uint64_t attended)
{
    return 10 * unpaid > attended ? SEV_HIGH : SEV_MEDIUM;
}

const char *wr_severity_name(int sev)
{
    static const char *const names[] = {"high", "medium", "low"};
    return names[sev];
}

bool wr_is_bucket_kind(int k)
{
    return k <= K_RATE_BELOW_MINIMUM || k == K_LARGE_PAYMENT || k == K_DUE_SOON;
}

bool wr_is_agg_kind(int k)
{
    return k == K_ALLOCATION_SHORT || k == K_UNPAID_HEADCOUNT || k == K_SHARED_CARD ||
           k == K_LIST_THRESHOLD;
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

/* RULES 5.2 flag_id: XXH3-64 (seed 0) of the key text, 16 hex digits.
 * The key is hashed piece by piece (XXH3's streaming state gives the
 * hash of the whole text), so no buffer is needed and none can fail. */
void wr_flag_id(int kind, const char *a, const char *b, const char *c, char id[17])
{
    /* kind|project|worker|period, or kind|account|txn_id (RULES 5.2), or
     * kind|employer_id| (RULES 5.4 LIST_THRESHOLD: b is "") */
    bool account_kind = kind == K_DUPLICATE_TXN || kind == K_UNKNOWN_ACCOUNT ||
                        kind == K_LIST_THRESHOLD;
    const char *pieces[] = {kind_names[kind], a, b, c};
    size_t n_pieces = account_kind ? 3 : 4;
    /* D360: the pieces joined on the stack and hashed at once (XXH3's
     * one-shot digest is its streaming digest of the same bytes), the
     * stream only when they do not fit; the hex without snprintf. */
    char joined[512];
    size_t len = 0, i = 0;
    for (; i < n_pieces; i++) {
        size_t n = strlen(pieces[i]);
        if (len + n + 1 > sizeof joined)
            break;
        if (i)
            joined[len++] = '|';
        memcpy(joined + len, pieces[i], n);
        len += n;
    }
    uint64_t h;
    if (i == n_pieces) {
        h = XXH3_64bits(joined, len);
    } else {
        XXH3_state_t st;
        XXH3_INITSTATE(&st);
        XXH3_64bits_reset(&st);
        for (i = 0; i < n_pieces; i++) {
            if (i)
                XXH3_64bits_update(&st, "|", 1);
            XXH3_64bits_update(&st, pieces[i], strlen(pieces[i]));
        }
        h = XXH3_64bits_digest(&st);
    }
    wr_format_hex64(h, id);
}

/* RULES 5.4 flag ids of the agg kinds. */
void wr_agg_flag_id(const wr_agg_flag_record *a, char id[17])
{
    char period[8] = "";
    if (a->period >= 0)
        wr_format_month(a->period, period);
    if (a->kind == K_LIST_THRESHOLD)
        wr_flag_id(a->kind, a->employer_id, "", "", id);
    else /* kind|project_id|card|period; card "" for the (project, period) kinds */
        wr_flag_id(a->kind, a->project_id, a->card, period, id);
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

bool wr_bucket_due_soon(const wr_model *m, const wr_bucket *b)
{
    int n = m->opt->warn_days;
    if (n < 1 || b->due || b->n_days == 0 || (int64_t)b->due_date - m->opt->as_of_day > n)
        return false;
    return b->paid_fen == 0 ||
           (b->owed_known && (__int128)b->paid_fen < (__int128)b->owed_fen - m->opt->tolerance_fen);
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

void wr_agg_flag_render(const wr_agg_flag_record *a, const char *id, wr_flag_cells *o)
{
    memset(o, 0, sizeof *o);
    o->cell[0] = id;
    o->cell[1] = kind_names[a->kind];
    o->cell[2] = wr_severity_name(a->severity);
    o->numeric[13] = o->numeric[14] = true;
    if (a->project_id[0])
        o->cell[3] = a->project_id;
    if (a->employer_id[0])
        o->cell[4] = a->employer_id;
    if (a->period >= 0) {
        wr_format_month(a->period, o->period);
        o->cell[7] = o->period;
    }
    if (a->has_due) {
        wr_format_day(a->due, o->due);
        o->cell[8] = o->due;
    }
    if (a->has_owed) {
        wr_format_fen(a->owed_fen, o->owed);
        o->cell[9] = o->owed;
    }
    if (a->has_paid) {
        wr_format_fen(a->paid_fen, o->paid);
        o->cell[10] = o->paid;
    }
    if (a->has_shortfall) {
        wr_format_fen(a->shortfall_fen, o->shortfall);
        o->cell[12] = o->shortfall;
    }
    if (a->has_overdue) {
        wr_format_int((int)a->days_overdue, o->days_overdue);
        o->cell[14] = o->days_overdue;
    }
    if (a->detail[0])
        o->cell[15] = a->detail;
    o->cell[16] = kind_basis[a->kind];
}

const char *wr_flag_employer_id(const wr_model *m, const wr_flag *f)
{
    if (wr_is_agg_kind(f->kind)) {
        const char *e = WR_AT(m->agg_flags, wr_agg_flag_record, f->ref)->employer_id;
        return e[0] ? e : NULL;
    }
    const wr_pair *p = wr_flag_pair(m, f);
    return p ? WR_AT(m->projects, wr_project, p->project)->employer_id : NULL;
}

void wr_flag_render(const wr_model *m, const wr_flag *f, wr_flag_cells *o)
{
    if (wr_is_agg_kind(f->kind)) {
        wr_agg_flag_render(WR_AT(m->agg_flags, wr_agg_flag_record, f->ref), f->id, o);
        return;
    }
    memset(o, 0, sizeof *o);
    o->cell[0] = f->id;
    o->cell[1] = kind_names[f->kind];
    o->cell[2] = wr_severity_name(f->severity);
    o->cell[16] = kind_basis[f->kind];
    o->numeric[13] = o->numeric[14] = true;
    const wr_pair *p = wr_flag_pair(m, f);
    if (p) {
        const wr_project *pr = WR_AT(m->projects, wr_project, p->project);
        o->cell[3] = pr->id;
        o->cell[4] = pr->employer_id; /* as wr_flag_employer_id */
        o->cell[5] = WR_AT(m->workers, wr_worker, p->worker)->id;
        o->cell[6] = wr_pair_worker_name(p);
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
            wr_format_int((int)(m->opt->as_of_day - b->due_date), o->days_overdue);
            o->cell[14] = o->days_overdue;
        }
        if (f->kind == K_LATE) {
            wr_format_int((int)b->days_late, o->days_late);
            o->cell[13] = o->days_late;
        }
        if (f->kind == K_NO_CONTRACT) {
            wr_format_int(b->no_contract_days, stpcpy(o->detail, "no_contract_days="));
            o->cell[15] = o->detail;
        }
        if (f->kind == K_LARGE_PAYMENT) { /* DECISIONS D62 */
            wr_format_fen(m->large_payment_fen, stpcpy(o->detail, "limit="));
            o->cell[15] = o->detail;
        }
        if (f->kind == K_DUE_SOON) {
            wr_format_int((int)(b->due_date - m->opt->as_of_day),
                          stpcpy(o->detail, "due_in_days="));
            o->cell[15] = o->detail;
        }
    } else if (f->kind == K_CONTRACT_OVERLAP) {
        uint32_t la = 0, lb = 0;
        wr_find_contract_overlap(m, p, &la, &lb);
        char *end = wr_format_int(la, stpcpy(o->detail, "lines="));
        *end++ = ',';
        wr_format_int(lb, end);
        o->cell[15] = o->detail;
    } else if (f->kind == K_DUPLICATE_TXN) {
        const wr_txn *t = WR_AT(m->txns, wr_txn, f->ref);
        snprintf(o->detail, sizeof o->detail, "account=%s txn_id=%s rows=%u", t->account,
                 t->txn_id, t->rows);
        o->cell[15] = o->detail;
    } else if (f->kind == K_UNKNOWN_ACCOUNT) {
        const wr_unknown_account *u = WR_AT(m->unknown_accounts, wr_unknown_account, f->ref);
        char paid[24];
        wr_format_fen(u->paid_fen, paid); /* D214: whose money, how much */
        snprintf(o->detail, sizeof o->detail, "account=%s txn_id=%s rows=%u payees=%u paid=%s",
                 u->account, u->first_txn_id, u->rows, u->payees, paid);
        o->cell[15] = o->detail;
    }
}

/* An identifier column, which Excel would otherwise read as a number
 * (18 digits -> 5.1E+17, a hex flag_id like 1e10... as an exponent) or a
 * date (2026-10). */
static bool is_id_column(int i)
{
    static const char *const ids[] = {"flag_id", "project_id", "employer_id", "worker_id",
                                      "period"};
    for (size_t k = 0; k < sizeof ids / sizeof ids[0]; k++)
        if (strcmp(wr_flag_column_names[i], ids[k]) == 0)
            return true;
    return false;
}

bool wr_flag_cells_csv(wr_buf *line, const wr_flag_cells *c, bool excel)
{
    uint32_t ids = 0;
    for (int i = 0; excel && i < WR_FLAG_COLUMNS; i++)
        ids |= (uint32_t)is_id_column(i) << i;
    return wr_buf_csv_record(line, c->cell, WR_FLAG_COLUMNS, ids, excel);
}

/* DECISIONS D20: money as strings, day counts as integers, empty as null. */
bool wr_flag_cells_jsonl(wr_buf *line, const wr_flag_cells *c)
{
    return wr_buf_json_line(line, jsonl_keys, c->cell, c->numeric, WR_FLAG_COLUMNS);
}

bool wr_account_detail_split(int kind, const char *detail, const char *flag_id, char **account,
                             char **txn_id)
{
    *account = *txn_id = NULL;
    if (strncmp(detail, "account=", 8) != 0)
        return false;
    const char *rows = NULL;
    for (const char *r = detail; (r = strstr(r, " rows=")); r++)
        rows = r; /* the last one */
    if (!rows)
        return false;
    const char *acc = detail + 8;
    for (const char *sep = strstr(acc, " txn_id="); sep && sep < rows;
         sep = strstr(sep + 1, " txn_id=")) {
        char *a = strndup(acc, (size_t)(sep - acc));
        char *x = strndup(sep + 8, (size_t)(rows - sep - 8));
        char id[17];
        if (a && x) {
            wr_flag_id(kind, a, kind == K_DUPLICATE_TXN ? x : "", "", id);
            if (strcmp(id, flag_id) == 0) {
                *account = a;
                *txn_id = x;
                return true;
            }
        }
        free(a);
        free(x);
    }
    return false;
}

bool wr_unknown_account_detail(const char *detail, uint32_t *payees, int64_t *paid_fen)
{
    const char *p = NULL;
    for (const char *r = detail; (r = strstr(r, " payees=")); r++)
        p = r; /* the last one */
    unsigned long n;
    char amount[32], end;
    return p && sscanf(p, " payees=%lu paid=%31[0-9.]%c", &n, amount, &end) == 2 &&
           n <= UINT32_MAX && (*payees = (uint32_t)n, true) &&
           wr_parse_fen(amount, strlen(amount), paid_fen);
}
