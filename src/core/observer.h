/*
 * The row observer: what a reader (inputs/input.c and the input kinds)
 * tells whoever watches it read, and the one question it asks them. The
 * model holds a pointer to one (wr_model.observer, NULL in a run) and
 * knows nothing else of who is watching: `wagerecon explain` records
 * where its rows came from (explain/trace.c), the partitioner writes
 * each used row into its part (scaleout/partition.c). DECISIONS D240.
 *
 * Every callback may be NULL. Those returning bool return false when out
 * of memory: the row is then ROW_NOMEM.
 */
#ifndef WR_OBSERVER_H
#define WR_OBSERVER_H

#include <stdbool.h>
#include <stdint.h>

#include "../types/date.h"
#include "../types/row.h"
#include "../types/str.h"

/* The raw (trimmed, unparsed) key fields of a data row, for keep_row:
 * the input kind's worker column, or its account and txn_id columns
 * (has_* false where the kind has none; a field the row lacks is ""). */
typedef struct {
    bool has_worker, has_account;
    wr_str worker, account, txn_id;
} wr_row_keys;

/* How an attendance row made its attended day (RULES 4.1). */
typedef enum { WR_DAY_FROM_ROW, WR_DAY_FROM_PUNCH } wr_day_shape;

/* Why a payment row counts or not (RULES 4.5), first reason found. */
typedef enum {
    PAY_COUNTED,
    PAY_OUT_OF_PERIODS,     /* period outside the run: out of scope */
    PAY_OUT_OF_PROJECTS,    /* --project does not choose its account's project */
    PAY_DUPLICATE,          /* an earlier in-scope row has its (account, txn_id) */
    PAY_NOT_WAGE_ACCOUNT,   /* no project has this wage_account */
    PAY_NOT_SUCCESS,
    PAY_AFTER_AS_OF,
} wr_pay_verdict;

/* A parsed payment row and its verdict (the texts point into the row). */
typedef struct {
    wr_str account, txn_id, payee_id, payee_name, card, status;
    int64_t amount_fen;
    wr_day paid_at;
    wr_month period;
    uint32_t project;  /* whose wage account it is; WR_NONE */
    uint32_t bucket;   /* PAY_COUNTED and counted: its bucket; else WR_NONE */
    uint32_t txn;      /* in-scope: the model's (account, txn_id); else WR_NONE */
    uint8_t verdict;   /* wr_pay_verdict */
    uint32_t card_id;  /* counted: its normalised card in the model's cards; else WR_NONE */
} wr_payment_seen;

/* Why a statement (account_txns) row counts or not (RULES 4, 4.6), first
 * reason found. */
typedef enum {
    STMT_COUNTED,        /* in scope, first of its (account, txn_id) */
    STMT_OTHER_PROJECT,  /* --project does not choose its account's project */
    STMT_AFTER_AS_OF,    /* posted after as_of: out of scope */
    STMT_DUPLICATE,      /* an earlier in-scope row has its (account, txn_id) */
} wr_stmt_verdict;

/* A parsed statement row of a project's wage account and its verdict
 * (the texts point into the row). */
typedef struct {
    wr_str txn_id, counterparty_account, counterparty_name, purpose;
    int64_t amount_fen;
    wr_day posted_at;
    uint32_t project;  /* whose wage account it is */
    uint8_t direction; /* wr_direction */
    uint8_t verdict;   /* wr_stmt_verdict */
} wr_statement_seen;

typedef struct wr_row_observer {
    void *ctx; /* handed to every callback */
    /* The row's fields must stay canonical text (no typed value from a
     * descriptor's picture): the observer writes rows out again. */
    bool needs_row_text;
    /* Before parsing: is this data row read at all? false: it is counted
     * out of scope, unparsed. */
    bool (*keep_row)(void *ctx, const wr_row_keys *keys);
    /* A parsed row about to be handled, with its file (index into the
     * report's files); the row lives until the next row. */
    void (*on_row)(void *ctx, uint32_t file, const wr_row *row);
    /* An in-scope SUCCESS payment row: is its money counted? (explain
     * reads every payment row for duplicates but counts one worker's.) */
    bool (*counts_payee)(void *ctx, wr_str payee_id);
    /* An attendance row folded into attended day `day` (its id in the
     * model); value: 1/100 h for a day row, the second of day for a punch. */
    bool (*on_day)(void *ctx, uint32_t day, wr_day_shape shape, int32_t value);
    /* The first in-scope row of the model's (account, txn_id) `txn`. */
    bool (*on_txn_first)(void *ctx, uint32_t txn);
    /* A payment row's verdict (every row not rejected). */
    bool (*on_payment)(void *ctx, const wr_payment_seen *p);
    /* A statement row of a project's wage account (not rejected). */
    bool (*on_statement)(void *ctx, const wr_statement_seen *s);
} wr_row_observer;

#endif
