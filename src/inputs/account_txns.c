/* account_txns: the wage account's statement (专户流水, RULES 1 v2), read
 * for the labour-cost allocation check (RULES 4.6). A row is in scope
 * when its account is the wage account of a project in scope and it is
 * posted on or before --as-of (RULES 4); of in-scope rows with one
 * (account, txn_id), IN and OUT alike, only the first read counts, the
 * others are used rows counted as duplicates. Nothing per row is kept:
 * each counted row adds its amount to its project's sums (wr_statement),
 * so the statement costs a few sums per project and one entry per
 * distinct (account, txn_id). */
#include <string.h>

#include "../core/observer.h"
#include "../rules/rules.h"
#include "../types/money.h"
#include "input.h"

enum { T_ACCOUNT, T_TXN, T_POSTED, T_DIRECTION, T_AMOUNT, T_CP_ACCOUNT, T_CP_NAME, T_PURPOSE };

static const wr_col_spec specs[] = {
    {"account", COL_TEXT, true},          {"txn_id", COL_TEXT, true},
    {"posted_at", COL_DATETIME, true},    {"direction", COL_DIRECTION, true},
    {"amount", COL_MONEY, true},          {"counterparty_account", COL_TEXT, false},
    {"counterparty_name", COL_TEXT, false}, {"purpose", COL_TEXT, false},
};

typedef struct {
    wr_str account, txn_id;
} stmt_key;

static bool stmt_txn_eq(const void *ctx, uint32_t i, const void *key)
{
    const wr_stmt_txn *t = WR_AT(((const wr_model *)ctx)->stmt_txns, wr_stmt_txn, i);
    const stmt_key *k = key;
    return wr_cstr_eq(t->account, k->account) && wr_cstr_eq(t->txn_id, k->txn_id);
}

/* True (and *first) when the (account, txn_id) was noted; false when out
 * of memory. The account is the project's wage account: its text is kept
 * once, in the project (issue 17: 24 bytes less a row). */
static bool note_stmt_txn(wr_model *m, const wr_project *p, wr_str account, wr_str txn_id,
                          bool *first)
{
    stmt_key k = {account, txn_id};
    uint64_t h = wr_hash_bytes(account.p, account.n) * 31 + wr_hash_bytes(txn_id.p, txn_id.n);
    uint32_t next = (uint32_t)m->stmt_txns.len;
    uint32_t i = wr_table_intern(&m->stmt_txn_by_key, h, &k, stmt_txn_eq, m, next);
    if (i == WR_NONE)
        return false;
    *first = i == next;
    if (!*first)
        return true;
    wr_stmt_txn *t = wr_vec_push(&m->stmt_txns);
    return t && (t->account = p->wage_account) && (t->txn_id = wr_model_strdup(m, txn_id));
}

/* A project's statement sums, made when its first in-scope row is read:
 * the project is covered from then on (RULES 4.6). */
wr_statement *wr_statement_new(wr_model *m, const wr_project *p)
{
    uint32_t n = m->n_periods;
    wr_statement *s = wr_arena_alloc(&m->arena, sizeof *s);
    int64_t *sums = wr_arena_alloc(&m->arena, 2 * n * sizeof *sums);
    wr_day *due = wr_arena_alloc(&m->arena, n * sizeof *due);
    if (!s || !sums || !due)
        return NULL;
    memset(s, 0, sizeof *s);
    memset(sums, 0, 2 * n * sizeof *sums);
    s->credit_fen = sums;
    s->owed_fen = sums + n;
    s->due = due;
    for (uint32_t k = 0; k < n; k++) /* RULES 4.4a: the project's pay_day alone */
        due[k] = wr_due_date(m, m->opt->from_month + (wr_month)k, p->pay_day);
    return s;
}

/* RULES 4.6: a counted row adds to the opening (posted before the run's
 * first day) or, an IN row, to cum_alloc of every period whose project
 * due date is on or after its date. */
void wr_statement_count(wr_model *m, wr_statement *s, int direction, wr_day posted,
                        int64_t amount_fen)
{
    if (posted < m->run_first_day) {
        int64_t *sum = direction == DIR_IN ? &s->opening_in_fen : &s->opening_out_fen;
        *sum = wr_add_fen(*sum, amount_fen, &m->overflow);
        return;
    }
    if (direction != DIR_IN)
        return; /* payouts within the run do not reduce cum_alloc */
    for (uint32_t k = 0; k < m->n_periods; k++)
        if (posted <= s->due[k])
            s->credit_fen[k] = wr_add_fen(s->credit_fen[k], amount_fen, &m->overflow);
}

/* An in-scope row of project p: the first of its (account, txn_id) counts. */
static wr_row_outcome use_row(wr_model *m, wr_project *p, const wr_value *v, uint8_t *verdict)
{
    bool first;
    if (!note_stmt_txn(m, p, v[T_ACCOUNT].text, v[T_TXN].text, &first))
        return ROW_NOMEM;
    if (!p->statement && !(p->statement = wr_statement_new(m, p)))
        return ROW_NOMEM;
    if (!first) {
        m->report->files[m->current_file].duplicates++;
        *verdict = STMT_DUPLICATE;
        return ROW_USED;
    }
    wr_statement_count(m, p->statement, (int)v[T_DIRECTION].num, v[T_POSTED].day,
                       v[T_AMOUNT].num);
    return ROW_USED;
}

/* The observer (explain of a project's flag): the row and why it counts
 * or not. */
static bool observe(const wr_model *m, uint32_t project, const wr_value *v, uint8_t verdict)
{
    const wr_row_observer *obs = m->observer;
    if (!obs || !obs->on_statement)
        return true;
    wr_statement_seen s = {.txn_id = v[T_TXN].text, .counterparty_account = v[T_CP_ACCOUNT].text,
                           .counterparty_name = v[T_CP_NAME].text, .purpose = v[T_PURPOSE].text,
                           .amount_fen = v[T_AMOUNT].num, .posted_at = v[T_POSTED].day,
                           .project = project, .direction = (uint8_t)v[T_DIRECTION].num,
                           .verdict = verdict};
    return obs->on_statement(obs->ctx, &s);
}

static wr_row_outcome handle(wr_model *m, int shape, const wr_value *v, wr_reason *reason,
                             int *bad_spec)
{
    (void)shape, (void)reason, (void)bad_spec;
    uint32_t pi = wr_model_find_account(m, v[T_ACCOUNT].text);
    if (pi == WR_NONE)
        return ROW_OUT_OF_SCOPE; /* RULES 4: no UNKNOWN_ACCOUNT from a statement */
    wr_project *p = WR_AT(m->projects, wr_project, pi);
    uint8_t verdict = STMT_COUNTED;
    wr_row_outcome o = ROW_OUT_OF_SCOPE;
    if (!p->selected)
        verdict = STMT_OTHER_PROJECT;
    else if (v[T_POSTED].day > m->opt->as_of_day)
        verdict = STMT_AFTER_AS_OF;
    else
        o = use_row(m, p, v, &verdict);
    if (o != ROW_NOMEM && !observe(m, pi, v, verdict))
        return ROW_NOMEM;
    return o;
}

const wr_input_kind wr_account_txns_input = {
    .role = "account_txns", .specs = specs, .n_specs = sizeof specs / sizeof specs[0],
    .handle = handle,
};
