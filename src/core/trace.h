/*
 * Focus and trace: what `wagerecon explain` adds to a read, and nothing a
 * run pays for (a run leaves model->focus and model->trace NULL).
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
 */
#ifndef WR_TRACE_H
#define WR_TRACE_H

#include "model.h"

typedef struct wr_focus {
    wr_str worker;  /* normalised worker_id; n == 0: no contract or attendance row */
    wr_str account; /* n > 0: only payment rows of this account */
    wr_str txn_id;  /* n > 0 (with account): only rows of this (account, txn_id) */
} wr_focus;

typedef enum { TRACE_DAY_ROW, TRACE_PUNCH } wr_trace_shape;

/* One attendance row folded into attended day `day` (RULES 4.1). */
typedef struct {
    uint32_t day, file, line;
    uint8_t shape;    /* wr_trace_shape */
    int32_t value;    /* day row: 1/100 h (800 for empty); punch: second of day */
} wr_trace_attendance;

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
} wr_trace_payment;

typedef struct {
    uint32_t file, line;
} wr_trace_loc;

typedef struct wr_trace {
    wr_vec attendance;  /* wr_trace_attendance, read order */
    wr_vec payments;    /* wr_trace_payment, read order */
    wr_vec txn_first;   /* wr_trace_loc of each model txn's first row */
    uint64_t rows_read, rows_skipped; /* data rows seen; skipped unparsed */
} wr_trace;

void wr_trace_init(wr_trace *t);
void wr_trace_free(wr_trace *t);

/* Is the row's raw field of `role` kept? (input.c, before parsing) */
bool wr_focus_keeps_worker(const wr_focus *f, wr_str raw_worker_id);

/* Recording, called by the readers when m->trace is set; false when out
 * of memory. */
bool wr_trace_attendance_row(wr_model *m, uint32_t day, wr_trace_shape shape, int32_t value);
bool wr_trace_txn_first(wr_model *m, uint32_t txn);
/* Does the trace want this payment row (payee or account in focus)? */
bool wr_trace_wants_payment(const wr_model *m, wr_str payee_id);
/* The row's texts, copied into the arena by wr_trace_payment_row. */
typedef struct {
    wr_str account, txn_id, payee_id, payee_name, card, status;
} wr_trace_payment_text;

/* Appends p (its string fields are set from `text`), at the current
 * file and line. */
bool wr_trace_payment_row(wr_model *m, const wr_trace_payment *p,
                          const wr_trace_payment_text *text);

#endif
