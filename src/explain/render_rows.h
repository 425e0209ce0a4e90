/*
 * The input rows an explanation cites (render_rows.c), for the sections
 * of each kind of flag.
 */
#ifndef WR_RENDER_ROWS_H
#define WR_RENDER_ROWS_H

#include "explain_impl.h"

/* "file:line" of an input row into buf (>= 300 bytes). */
const char *wr_explain_loc(const wr_explanation *x, uint32_t file, uint32_t line, char *buf);

/* "file:line" of contract `ci` into buf (>= 300 bytes). */
const char *wr_explain_contract_loc(const wr_explanation *x, uint32_t ci, char *buf);

/* A contract's fields (at, rate_type, rate, validity, pay_day). */
/* Opens the "project" object with its id, name and employer (explain's
 * flag of a worker and of a project say the rest). */
void wr_render_project_head(wr_emit *e, const wr_project *pr);

void wr_render_contract_fields(const wr_explanation *x, wr_emit *e, uint32_t ci);


/* Opens a payment row's object with its at (file:line) and txn_id. */
void wr_render_payment_head(const wr_explanation *x, wr_emit *e, const wr_trace_payment *p);

/* One payment row and whether it counts, optionally for a bucket. */
void wr_render_payment(const wr_explanation *x, wr_emit *e, const wr_trace_payment *p,
                       uint32_t bucket);

#endif
