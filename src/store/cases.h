/*
 * `wagerecon cases`: what a case store holds, read back for case intake
 * and for people (DECISIONS D75-D77). Every function writes CSV (a header
 * line, then one row a line) or JSON Lines to `out`, rows in an order that
 * depends on no database (sorted here, bytewise), so SQLite and PostgreSQL
 * stores with the same runs print the same bytes.
 */
#ifndef WR_STORE_CASES_H
#define WR_STORE_CASES_H

#include <stdio.h>

#include "db.h"

typedef enum { WR_CASES_CSV, WR_CASES_JSONL } wr_cases_format;

typedef struct {
    const char *status;   /* "open", "resolved" or NULL for all */
    const char *kind, *project_id, *employer_id; /* NULL: any */
    const char *since;    /* YYYY-MM-DD: last seen or resolved on or after it; NULL: any */
    wr_cases_format format;
} wr_cases_filter;

/* One row per flag: flag_id, kind, severity, status, the flag's columns,
 * first_seen, last_seen, resolved_at. */
bool wr_cases_list(wr_db *db, const wr_cases_filter *f, FILE *out, wr_error *err);

/* The events of flags in runs with as-of on or after `since` (D76). */
bool wr_cases_changes(wr_db *db, const char *since, wr_cases_format format, FILE *out,
                      wr_error *err);

/* One flag's events, run by run; false with err set for an unknown id. */
bool wr_cases_history(wr_db *db, const char *flag_id, wr_cases_format format, FILE *out,
                      wr_error *err);

/* Per employer with open flags (D77): open arrears, months in arrears,
 * runs in a row with open high-severity flags, and the credit-list amount
 * standard of RULES 5.3 over the open flags. */
bool wr_cases_employers(wr_db *db, int64_t list_worker_fen, int64_t list_total_fen,
                        wr_cases_format format, FILE *out, wr_error *err);

#endif
