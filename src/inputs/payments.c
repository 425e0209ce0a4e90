/* payments: the bank's payroll-agency result rows. Decides per row, as it
 * is read, whether it counts (RULES 4.5): first of its (account, txn_id)
 * in read order, SUCCESS, a project's wage account, paid_at <= as-of. */
#include <stdlib.h>
#include <string.h>

#include "../core/observer.h"
#include "../types/ident.h"
#include "../types/money.h"
#include "input.h"

static const wr_col_spec specs[] = {
    {"account", COL_TEXT, true},     {"txn_id", COL_TEXT, true},
    {"payee_id", COL_ID, true},      {"payee_name", COL_TEXT, false},
    {"payee_card", COL_TEXT, false}, {"amount", COL_MONEY, true},
    {"paid_at", COL_DATETIME, true}, {"period", COL_PERIOD, true},
    {"status", COL_TEXT, true},
};

/* ---- (account, txn_id) and account tables ---- */

typedef struct {
    wr_str account, txn_id;
} txn_key;

static bool txn_eq(const void *ctx, uint32_t i, const void *key)
{
    const wr_txn *t = WR_AT(((const wr_model *)ctx)->txns, wr_txn, i);
    const txn_key *k = key;
    return wr_cstr_eq(t->account, k->account) && wr_cstr_eq(t->txn_id, k->txn_id);
}

static bool unknown_eq(const void *ctx, uint32_t i, const void *key)
{
    const wr_unknown_account *u = WR_AT(((const wr_model *)ctx)->unknown_accounts,
                                        wr_unknown_account, i);
    return wr_cstr_eq(u->account, *(const wr_str *)key);
}

/* D307: what use_row will look up, by the hint's key[k] (bit k of its
 * keys, D386: the handler takes them): every row its account (0) and
 * (account, txn_id) (1); a row of another payee than the row before's
 * its pair (2), of another card its card (3). */
enum { HINT_ACCOUNT = 1, HINT_TXN = 2, HINT_PAYEE = 4, HINT_CARD = 8 };

/* The txn table's hash of (account, txn_id), from the account's. */
static uint64_t txn_hash(uint64_t account_hash, wr_str txn_id)
{
    return account_hash * 31 + wr_hash_bytes(txn_id.p, txn_id.n);
}

/* Records the row's (account, txn_id) as *txn (account_hash: the
 * account's wr_hash_bytes); *first tells whether it is the first. A
 * project's wage account is kept once, in the project (issue 17: 24 bytes
 * less a row); another account is copied. */
static bool note_txn(wr_model *m, uint32_t project, wr_str account, uint64_t account_hash,
                     wr_str txn_id, bool *first, uint32_t *txn)
{
    txn_key k = {account, txn_id};
    uint64_t h = m->row_hashed & HINT_TXN ? m->row_hash[1] : txn_hash(account_hash, txn_id);
    uint32_t next = (uint32_t)m->txns.len;
    uint32_t i = wr_table_intern(&m->txn_by_key, h, &k, txn_eq, m, next);
    if (i == WR_NONE)
        return false;
    *txn = i;
    *first = i == next;
    if (!*first) {
        WR_AT(m->txns, wr_txn, i)->rows++;
        return true;
    }
    wr_txn *t = wr_vec_push(&m->txns);
    if (!t || !(t->account = project != WR_NONE
                                 ? WR_AT(m->projects, wr_project, project)->wage_account
                                 : wr_model_strdup(m, account)) ||
        !(t->txn_id = wr_model_strdup(m, txn_id)))
        return false;
    t->rows = 1;
    const wr_row_observer *o = m->observer;
    return !o || !o->on_txn_first || o->on_txn_first(o->ctx, i);
}

typedef struct {
    uint32_t account;
    wr_str payee_id;
} unknown_payee_key;

static bool unknown_payee_eq(const void *ctx, uint32_t i, const void *key)
{
    const wr_unknown_payee *u = WR_AT(((const wr_model *)ctx)->unknown_payees, wr_unknown_payee, i);
    const unknown_payee_key *k = key;
    return u->account == k->account && wr_cstr_eq(u->payee_id, k->payee_id);
}

/* The first row of an (account, txn_id) of an account that is no
 * project's wage account: its rows, payees and paid amount (D214). */
static bool note_unknown_account(wr_model *m, const wr_value *v)
{
    wr_str account = v[Y_ACCOUNT].text, payee = v[Y_PAYEE].text;
    uint32_t next = (uint32_t)m->unknown_accounts.len;
    uint32_t i = wr_table_intern(&m->unknown_by_account, wr_hash_bytes(account.p, account.n),
                                 &account, unknown_eq, m, next);
    if (i == WR_NONE)
        return false;
    if (i == next) {
        wr_unknown_account *u = wr_vec_push(&m->unknown_accounts);
        if (!u)
            return false;
        *u = (wr_unknown_account){0};
        if (!(u->account = wr_model_strdup(m, account)) ||
            !(u->first_txn_id = wr_model_strdup(m, v[Y_TXN].text)) ||
            !(u->first_payee_id = wr_model_strdup(m, payee)) ||
            !(u->first_payee_name = wr_model_strdup(m, v[Y_NAME].text)))
            return false;
    }
    wr_unknown_account *u = WR_AT(m->unknown_accounts, wr_unknown_account, i);
    u->rows++;
    if (wr_str_is(v[Y_STATUS].text, "SUCCESS") && v[Y_PAID_AT].day <= m->opt->as_of_day)
        u->paid_fen = wr_add_fen(u->paid_fen, v[Y_AMOUNT].num, &m->overflow);
    unknown_payee_key k = {i, payee};
    uint32_t pnext = (uint32_t)m->unknown_payees.len;
    uint32_t pi = wr_table_intern(&m->unknown_payee_by_key,
                                  wr_hash_bytes(payee.p, payee.n) * 31 + i, &k, unknown_payee_eq,
                                  m, pnext);
    if (pi == WR_NONE)
        return false;
    if (pi == pnext) {
        wr_unknown_payee *np = wr_vec_push(&m->unknown_payees);
        if (!np || !(np->payee_id = wr_model_strdup(m, payee)))
            return false;
        np->account = i;
        u->payees++;
    }
    return true;
}

/* Keeps text in buf (room for cap bytes) and its length in *n, or
 * UINT32_MAX (none kept) when it does not fit. */
static void keep_text(char *buf, size_t cap, uint32_t *n, wr_str text)
{
    if (text.n > cap) {
        *n = UINT32_MAX;
        return;
    }
    if (text.n)   /* an empty field may have p == NULL */
        memcpy(buf, text.p, text.n);
    *n = (uint32_t)text.n;
}

static wr_status_count *find_status(wr_model *m, wr_str word)
{
    for (size_t i = 0; i < m->statuses.len; i++)
        if (wr_cstr_eq(WR_AT(m->statuses, wr_status_count, i)->word, word))
            return WR_AT(m->statuses, wr_status_count, i);
    return NULL;
}

/* status_of's word that is not the last row's: looked up and made, and
 * kept. NULL when out of memory. */
static __attribute__((noinline)) wr_status_count *status_looked_up(wr_model *m, wr_str word)
{
    wr_str read = word;
    wr_status_count *s = find_status(m, word);
    if (!s && m->statuses.len >= 64) {
        word = (wr_str){"(other)", 7}; /* hostile input: bound the list */
        s = find_status(m, word);
    }
    if (!s) {
        s = wr_vec_push(&m->statuses);
        if (!s || !(s->word = wr_model_strdup(m, word)))
            return NULL;
    }
    /* the list only grows, "(other)" once it is full: a word's record stays its own */
    keep_text(m->last_payment.status, sizeof m->last_payment.status, &m->last_payment.status_n,
              read);
    m->last_payment.status_index = (uint32_t)(s - (wr_status_count *)m->statuses.data);
    return s;
}

/* The status record of the row's word: the last row's when its word
 * reads the same (D322: mostly SUCCESS), else looked up and made. NULL
 * when out of memory. Inline in the handler (D367: the call was ~60
 * instructions a row). */
static inline wr_status_count *status_of(wr_model *m, wr_str word)
{
    if (wr_str_eq(word, (wr_str){m->last_payment.status, m->last_payment.status_n}))
        return (wr_status_count *)m->statuses.data + m->last_payment.status_index;
    return status_looked_up(m, word);
}

static inline bool count_status(wr_model *m, wr_str word, int64_t amount)
{
    wr_status_count *s = status_of(m, word);
    if (!s)
        return false;
    s->rows++;
    s->amount_fen = wr_add_fen(s->amount_fen, amount, &m->overflow);
    return true;
}

bool wr_count_payment_status(wr_model *m, wr_str word, int64_t amount)
{
    return count_status(m, word, amount);
}

/* A name's RULES 3 form into *out: the name itself when it is one
 * (wr_name_is_normal, D450: most are), else normalised into buf (room for
 * name.n bytes). */
static void name_form(wr_str name, char *buf, wr_str *out)
{
    *out = wr_name_is_normal(name.p, name.n) ? name
                                             : (wr_str){buf, wr_normalise_name(name.p, name.n, buf)};
}

/* RULES 5.2 NAME_MISMATCH: compare normalised names. Normal names fit
 * the stack; a longer one is normalised on the heap. Byte-equal names
 * are equal normalised too: most rows, decided without normalising; a
 * name that is its own form is not normalised (D450). */
static bool names_differ(wr_str a, const char *roster, bool *nomem)
{
    size_t rn = strlen(roster);
    if (rn == a.n && memcmp(a.p, roster, rn) == 0)
        return false;
    char stack_a[256], stack_b[256];
    char *na = a.n <= sizeof stack_a ? stack_a : malloc(a.n);
    char *nb = rn <= sizeof stack_b ? stack_b : malloc(rn);
    bool differ = false;
    if (!na || !nb) {
        *nomem = true;
    } else {
        wr_str la, lb;
        name_form(a, na, &la);
        name_form((wr_str){roster, rn}, nb, &lb);
        differ = !wr_str_eq(la, lb);
    }
    if (na != stack_a)
        free(na);
    if (nb != stack_b)
        free(nb);
    return differ;
}

/* Whether the row's payee name differs from the pair's roster name:
 * the last compared row's answer when its name read the same against
 * the same roster text (D366: a worker's rows mostly carry one spelling,
 * one that differs was normalised twice a row), else names_differ. The
 * roster names are arena copies set before payments and never changed:
 * one address, one text. */
static bool name_differs(wr_model *m, wr_str name, const char *roster, bool *nomem)
{
    if (roster == m->last_payment.name_roster &&
        wr_str_eq(name, (wr_str){m->last_payment.name, m->last_payment.name_n}))
        return m->last_payment.name_differs;
    bool differ = names_differ(name, roster, nomem);
    if (*nomem)
        return differ;
    keep_text(m->last_payment.name, sizeof m->last_payment.name, &m->last_payment.name_n, name);
    m->last_payment.name_roster = roster;
    m->last_payment.name_differs = differ;
    return differ;
}

/* The pair of the last counted row when this row is of the same project
 * and payee (a bank file lists a worker's rows together more often than
 * not); WR_NONE otherwise. */
static uint32_t cached_pair(const wr_model *m, uint32_t project, wr_str id)
{
    if (m->last_payment.pair == WR_NONE || m->last_payment.project != project)
        return WR_NONE;
    const wr_pair *p = WR_AT(m->pairs, wr_pair, m->last_payment.pair);
    const wr_worker *w = WR_AT(m->workers, wr_worker, p->worker);
    if (!wr_str_eq((wr_str){w->id, w->id_len}, id))
        return WR_NONE;
    return m->last_payment.pair;
}

/* RULES 5.3 SHARED_CARD: the card with ASCII spaces removed, into out
 * (room for card.n bytes); its length. */
static size_t card_normalise(wr_str card, char *out)
{
    size_t n = 0;
    for (size_t i = 0; i < card.n; i++)
        if (card.p[i] != ' ')
            out[n++] = card.p[i];
    return n;
}

/* The normalised card's id: the last row's when equal (a worker's rows
 * mostly name one card), else interned. */
static uint32_t card_id(wr_model *m, wr_str norm)
{
    uint32_t last = m->last_payment.card;
    if (last != WR_NONE && wr_cstr_eq(*WR_AT(m->cards, const char *, last), norm))
        return last;
    uint32_t id = wr_model_intern_card_hashed(m, norm, wr_model_row_hash(m, 3, norm));
    m->last_payment.card = id;
    return id;
}

/* The row's card id into *id: RULES 5.3 SHARED_CARD, the card with ASCII
 * spaces removed; an empty card never matches (WR_NONE). A card read as
 * the last counted row's is that row's id (D322: a worker's rows mostly
 * name one card; that row's normalising and compare skipped), else
 * normalised (card_norm: by the parsing thread, D448; set false: here)
 * and looked up. False when out of memory. */
static bool card_of(wr_model *m, wr_str card, const wr_value *card_norm, uint32_t *id)
{
    if (wr_str_eq(card, (wr_str){m->last_payment.card_text, m->last_payment.card_text_n})) {
        *id = m->last_payment.card_text_id;
        return true;
    }
    wr_str nc = card_norm->text;
    char stack[64], *heap = NULL;
    if (!card_norm->set) {
        char *norm = card.n <= sizeof stack ? stack : (heap = malloc(card.n));
        if (!norm)
            return false;
        nc = (wr_str){norm, card_normalise(card, norm)};
    }
    *id = nc.n ? card_id(m, nc) : WR_NONE;
    free(heap);
    if (nc.n && *id == WR_NONE)
        return false;
    keep_text(m->last_payment.card_text, sizeof m->last_payment.card_text,
              &m->last_payment.card_text_n, card);
    m->last_payment.card_text_id = *id;
    return true;
}

static bool count_payment(wr_model *m, uint32_t project, const wr_value *v, uint32_t *counted_in)
{
    uint32_t pair = cached_pair(m, project, v[Y_PAYEE].text), bucket;
    if (pair != WR_NONE && m->last_payment.period == v[Y_PERIOD].month) {
        bucket = m->last_payment.bucket;
    } else {
        if (pair == WR_NONE)
            pair = wr_input_pair_hashed(m, project, v[Y_PAYEE].text,
                                        wr_model_row_hash(m, 2, v[Y_PAYEE].text), (wr_str){"", 0});
        bucket = pair == WR_NONE ? WR_NONE : wr_model_intern_bucket(m, pair, v[Y_PERIOD].month);
        m->last_payment.project = project;
        m->last_payment.period = v[Y_PERIOD].month;
        m->last_payment.pair = bucket == WR_NONE ? WR_NONE : pair;
        m->last_payment.bucket = bucket;
    }
    *counted_in = bucket;
    wr_payment *pay = bucket == WR_NONE ? NULL : wr_vec_push(&m->payments);
    if (!pay)
        return false;
    int64_t amount = v[Y_AMOUNT].num;
    pay->bucket = bucket;
    pay->paid_at = v[Y_PAID_AT].day;
    pay->amount_fen = amount;
    /* Only the card's last 4 characters are kept: all a person may see. */
    wr_str card = v[Y_CARD].text;
    size_t tail = card.n < sizeof pay->card_tail ? card.n : sizeof pay->card_tail;
    memset(pay->card_tail, 0, sizeof pay->card_tail);
    if (tail)
        memcpy(pay->card_tail, card.p + card.n - tail, tail);
    if (!card_of(m, card, &v[Y_CARD_NORM], &pay->card))
        return false;
    wr_bucket *b = WR_AT(m->buckets, wr_bucket, bucket);
    b->paid_fen = wr_add_fen(b->paid_fen, amount, &m->overflow);
    b->counted_payments++;
    m->counted_total_fen = wr_add_fen(m->counted_total_fen, amount, &m->overflow);
    m->counted_rows++;
    wr_pair *p = WR_AT(m->pairs, wr_pair, pair);
    wr_str name = v[Y_NAME].text;
    if (name.n > 0) {
        bool nomem = false;
        if (p->roster_name && name_differs(m, name, p->roster_name, &nomem))
            b->name_mismatch = true;
        if (nomem)
            return false;
        if (!p->first_payee_name && !(p->first_payee_name = wr_model_strdup(m, name)))
            return false;
    }
    return true;
}

/* wr_payment_scope of a row of that project. */
static wr_row_outcome scope(const wr_model *m, const wr_value *v, uint32_t project)
{
    if (!wr_model_month_in_run(m, v[Y_PERIOD].month))
        return ROW_OUT_OF_SCOPE;
    if (m->opt->n_project_filter > 0 &&
        (project == WR_NONE || !WR_AT(m->projects, wr_project, project)->selected))
        return ROW_OUT_OF_SCOPE; /* DECISIONS D9 */
    return ROW_USED;
}

wr_row_outcome wr_payment_scope(const wr_model *m, const wr_value *v, uint32_t *project)
{
    *project = wr_model_find_account(m, v[Y_ACCOUNT].text);
    return scope(m, v, *project);
}

/* The project whose wage account the row's account is (WR_NONE: none),
 * and the account's hash: the last row's when its account reads the same
 * (D322: a bank file's rows of one account come together; the projects
 * are all read before payments, so the answer holds for the file). */
static uint32_t account_project(wr_model *m, wr_str account, uint64_t *hash)
{
    if (!wr_str_eq(account, (wr_str){m->last_payment.account, m->last_payment.account_n})) {
        m->last_payment.account_hash = wr_model_row_hash(m, 0, account);
        m->last_payment.account_project =
            wr_model_find_account_hashed(m, account, m->last_payment.account_hash);
        keep_text(m->last_payment.account, sizeof m->last_payment.account,
                  &m->last_payment.account_n, account);
    }
    *hash = m->last_payment.account_hash;
    return m->last_payment.account_project;
}

/* Is the row's money counted? Every SUCCESS row of the run; in explain,
 * those of the worker it explains (its observer's counts_payee). */
static bool counts_payee(const wr_model *m, wr_str payee_id)
{
    const wr_row_observer *o = m->observer;
    return !o || !o->counts_payee || o->counts_payee(o->ctx, payee_id);
}

/* An in-scope row: duplicate detection, then RULES 4.5 (the first
 * failed condition is the row's verdict, for the observer). */
static wr_row_outcome use_row(wr_model *m, uint32_t project, uint64_t account_hash,
                              const wr_value *v, wr_payment_seen *t)
{
    wr_str account = v[Y_ACCOUNT].text;
    bool first;
    if (!count_status(m, v[Y_STATUS].text, v[Y_AMOUNT].num) ||
        !note_txn(m, project, account, account_hash, v[Y_TXN].text, &first, &t->txn))
        return ROW_NOMEM;
    if (!first) {
        t->verdict = PAY_DUPLICATE;
    } else if (project == WR_NONE) {
        t->verdict = PAY_NOT_WAGE_ACCOUNT;
        if (!note_unknown_account(m, v))
            return ROW_NOMEM;
    } else if (!wr_str_is(v[Y_STATUS].text, "SUCCESS")) {
        t->verdict = PAY_NOT_SUCCESS;
    } else if (v[Y_PAID_AT].day > m->opt->as_of_day) {
        t->verdict = PAY_AFTER_AS_OF;
    } else {
        t->verdict = PAY_COUNTED;
        if (counts_payee(m, v[Y_PAYEE].text) && !count_payment(m, project, v, &t->bucket))
            return ROW_NOMEM;
        if (m->observer && t->bucket != WR_NONE) /* explain SHARED_CARD compares cards */
            t->card_id = WR_AT(m->payments, wr_payment, m->payments.len - 1)->card;
    }
    return ROW_USED;
}

static wr_row_outcome handle(wr_model *m, int shape, const wr_value *v, wr_reason *reason,
                             int *bad_spec)
{
    (void)shape;
    (void)reason;
    (void)bad_spec;
    uint64_t account_hash;
    uint32_t project = account_project(m, v[Y_ACCOUNT].text, &account_hash);
    wr_row_outcome o = scope(m, v, project);
    wr_payment_seen t; /* its texts set only for an observer (D367) */
    t.project = project;
    t.bucket = t.txn = t.card_id = WR_NONE;
    if (o != ROW_USED) /* DECISIONS D9: other periods, or --project */
        t.verdict = wr_model_month_in_run(m, v[Y_PERIOD].month) ? PAY_OUT_OF_PROJECTS
                                                                 : PAY_OUT_OF_PERIODS;
    else
        o = use_row(m, project, account_hash, v, &t);
    const wr_row_observer *obs = m->observer;
    if (o == ROW_NOMEM || !obs || !obs->on_payment)
        return o;
    t.account = v[Y_ACCOUNT].text;
    t.txn_id = v[Y_TXN].text;
    t.payee_id = v[Y_PAYEE].text;
    t.payee_name = v[Y_NAME].text;
    t.card = v[Y_CARD].text;
    t.status = v[Y_STATUS].text;
    t.amount_fen = v[Y_AMOUNT].num;
    t.paid_at = v[Y_PAID_AT].day;
    t.period = v[Y_PERIOD].month;
    return obs->on_payment(obs->ctx, &t) ? o : ROW_NOMEM;
}

/* The hint (HINT_*): a bank file lists a worker's rows together more
 * often than not, count_payment's caches take the rest. After derive:
 * the normalised card is the row's. */
static void hint(const wr_value *v, uint32_t same, wr_csvpar_hint *h)
{
    wr_str account = v[Y_ACCOUNT].text, card = v[Y_CARD_NORM].text;
    h->keys = HINT_ACCOUNT | HINT_TXN;
    h->key[0] = wr_hash_bytes(account.p, account.n);
    h->key[1] = txn_hash(h->key[0], v[Y_TXN].text);
    if (!(same >> Y_PAYEE & 1)) {
        h->keys |= HINT_PAYEE;
        h->key[2] = wr_hash_bytes(v[Y_PAYEE].text.p, v[Y_PAYEE].text.n);
    }
    if (!(same >> Y_CARD & 1) && card.n) {
        h->keys |= HINT_CARD;
        h->key[3] = wr_hash_bytes(card.p, card.n);
    }
}

/* D448: on the parsing thread, the card's RULES 5.3 form (ASCII spaces
 * removed), which count_payment looks up and the hint hashes, made from a
 * row whose card is not the row before's: most cards are theirs already
 * (digits), and are not copied. */
static bool derive(wr_value *v, uint32_t same, wr_keep_fn *keep, void *keep_ctx, uint32_t *made)
{
    *made = 0;
    if (same >> Y_CARD & 1)
        return true;
    wr_str card = v[Y_CARD].text;
    wr_value *out = &v[Y_CARD_NORM];
    *made = 1u << Y_CARD_NORM;
    out->set = true;
    if (!card.n || !memchr(card.p, ' ', card.n)) {
        out->text = card;
        return true;
    }
    char stack[64];
    char *buf = card.n <= sizeof stack ? stack : malloc(card.n);
    if (!buf)
        return false;
    size_t n = card_normalise(card, buf);
    char *kept = keep(keep_ctx, buf, n);
    if (buf != stack)
        free(buf);
    out->text = (wr_str){kept, n};
    return kept != NULL;
}

static void ahead(const wr_model *m, const wr_csvpar_hint *h, int stage)
{
    if (stage == 0) {
        wr_table_prefetch(&m->txn_by_key, h->key[1]);
    } else { /* a repeated txn_id compares its record */
        uint32_t i = wr_table_peek(&m->txn_by_key, h->key[1]);
        if (i < m->txns.len)
            __builtin_prefetch(WR_AT(m->txns, wr_txn, i));
    }
    if (h->keys & HINT_PAYEE)
        wr_model_ahead_pair(m, h->key[0], true, h->key[2], stage);
    if (h->keys & HINT_CARD)
        wr_model_ahead_card(m, h->key[3], stage);
}

/* A bank file's row is ~140 bytes (141 in bench/gen's): room for a row
 * each 160 bytes of the file in the (account, txn_id) table before it is
 * read, so it does not grow and move its keys on the way (D387); a file of
 * shorter rows still grows it, once or so, never a table twice its need
 * for rows as long. A failure here is the first row's to report. */
static void sized(wr_model *m, uint64_t file_bytes)
{
    (void)wr_table_reserve(&m->txn_by_key, m->txn_by_key.count + (size_t)(file_bytes / 160));
}

const wr_input_kind wr_payments_input = {
    .role = "payments", .specs = specs, .n_specs = sizeof specs / sizeof specs[0],
    .handle = handle, .key_account_col = 1 + Y_ACCOUNT, .key_txn_col = 1 + Y_TXN,
    .hint = hint, .hint_specs = 1u << Y_TXN, .ahead = ahead, /* a txn_id is mostly new */
    .sized = sized, .n_derived = Y_VALUES - Y_STATUS - 1,
    .derive_specs = 1u << Y_CARD, .derive = derive,
};
_Static_assert(Y_VALUES == sizeof specs / sizeof specs[0] + 1 && Y_VALUES <= WR_MAX_COLUMNS,
               "payments' derived values after its specs");
