/*
 * Focus and trace: what `wagerecon explain` adds to a read, as the
 * reader's row observer (core/observer.h, DECISIONS D240); a run pays
 * nothing for it (its model has no observer).
 *
 * The focus says which rows to read at all: the rows of one worker
 * (contracts, attendance; every payment row is still read because a
 * duplicate (account, txn_id) may belong to anyone), or the payment rows
 * of one account (and txn_id). Rows outside it are skipped before their
 * fields are parsed, by comparing one raw field (DECISIONS: explain).
 * Skipping them changes none of the focused worker's or account's
 * figures: no rule of RULES 4-5 links one worker's buckets to another's
 * rows except duplicate detection, which sees every payment row.
 *
 * The trace keeps, per kept row, its source file and line: the rows that
 * made each attended day, and every payment row of the focused worker or
 * account with the reason it counts or not (RULES 4.5).
 *
 * The flags of a project (ALLOCATION_SHORT, UNPAID_HEADCOUNT, SHARED_CARD,
 * RULES 5.3) need every worker's rows: explain reads everything, without
 * a focus, and the trace keeps only the rows of one project
 * (scope_project): its attendance, the payments from its wage account and
 * its statement (account_txns) rows with the reason each counts or not
 * (RULES 4, 4.6).
 */
#ifndef WR_TRACE_H
#define WR_TRACE_H

#include "../core/model.h"
#include "../core/observer.h"
#include "../types/arena.h"
#include "../types/vec.h"

typedef struct wr_focus {
    wr_str worker;  /* normalised worker_id; n == 0: no contract or attendance row */
    wr_str account; /* n > 0: only payment rows of this account */
    wr_str txn_id;  /* n > 0 (with account): only rows of this (account, txn_id) */
} wr_focus;

/* One attendance row folded into attended day `day` (RULES 4.1). */
typedef struct {
    uint32_t day, file, line;
    uint8_t shape;    /* wr_day_shape */
    int32_t value;    /* day row: 1/100 h (800 for empty); punch: second of day */
} wr_trace_attendance;

typedef struct {
    uint32_t file, line;
    const char *account, *txn_id, *payee_id, *payee_name, *status;
    const char *card_last4; /* never the whole card number */
    int64_t amount_fen;
    wr_day paid_at;
    wr_month period;
    uint32_t project;       /* whose wage account it is; WR_NONE */
    uint32_t bucket;        /* PAY_COUNTED: its bucket */
    uint8_t verdict;        /* wr_pay_verdict */
    uint32_t dup_file, dup_line; /* PAY_DUPLICATE: the first row */
    uint32_t card;          /* PAY_COUNTED: its normalised card in m->cards; WR_NONE */
} wr_trace_payment;

/* A statement row of the scope project's wage account (RULES 4, 4.6). */
typedef struct {
    uint32_t file, line;
    const char *txn_id, *counterparty_account, *counterparty_name, *purpose;
    int64_t amount_fen;
    wr_day posted_at;
    uint8_t direction;           /* wr_direction */
    uint8_t verdict;             /* wr_stmt_verdict */
    uint32_t dup_file, dup_line; /* STMT_DUPLICATE: the first row */
} wr_trace_stmt;

typedef struct {
    uint32_t file, line;
} wr_trace_loc;

typedef struct wr_trace {
    const wr_focus *focus;
    wr_row_observer observer; /* what the reader calls; ctx is this trace */
    wr_arena arena;     /* the payment rows' texts */
    wr_vec attendance;  /* wr_trace_attendance, read order */
    wr_vec payments;    /* wr_trace_payment, read order */
    wr_vec txn_first;   /* wr_trace_loc of each model txn's first row */
    uint32_t file, line; /* of the row being handled */
    wr_vec statement;   /* wr_trace_stmt of scope_project's account, read order */
    const char *scope_project; /* no focus: the project whose rows are kept */
    const wr_model *model;     /* with scope_project: the model being read */
    uint64_t rows_read, rows_skipped; /* data rows seen; skipped unparsed */
} wr_trace;

/* A trace of the rows `focus` keeps; hand &t->observer to the model. */
void wr_trace_init(wr_trace *t, const wr_focus *focus);
/* No focus: every row is read and counted, and the trace keeps those of
 * project `project_id` only (its attendance, the payments from its wage
 * account, its statement rows) of the model m reads (DECISIONS D180). */
void wr_trace_scope(wr_trace *t, const wr_model *m, const char *project_id);
void wr_trace_free(wr_trace *t);

#endif
