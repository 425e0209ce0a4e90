/*
 * wagerecon explain: the evidence behind one flag, for an inspector and
 * for a case file. Same inputs and options as a run (wr_options; out_dir
 * unused). The flag_id (RULES 5.2) is a hash, so first the flag's
 * identity is found (kind, project, worker, period, or account and
 * txn_id): from a previous run's flags.csv when given, else by one full
 * evaluation. Then the inputs are read again keeping only that worker's
 * rows (or that account's payment rows), with each row's file and line,
 * the flag is recomputed from them and must have the same id, and its
 * evidence is written as text or as one JSON object.
 */
#ifndef WAGERECON_EXPLAIN_H
#define WAGERECON_EXPLAIN_H

#include <stdio.h>

#include "wagerecon.h"

typedef struct wr_explanation wr_explanation;

/* Finds flag `flag_id` and gathers its evidence into *out. `flags_csv`:
 * a previous run's flags.csv, or NULL for a full evaluation first.
 * Returns WR_OK, or with err set and *out NULL: WR_EUSAGE (opt fails
 * wr_options_check, a NULL flag_id, out or err), WR_EINPUT (unreadable
 * input, an id that is not 16 hex digits, or that no flag of these inputs
 * has), WR_ENOMEM. */
wr_status wr_explain_open(const wr_options *opt, const char *flag_id, const char *flags_csv,
                          wr_explanation **out, wr_error *err);

typedef enum {
    WR_EXPLAIN_TEXT, /* for a person: ID numbers masked, cards last 4 */
    WR_EXPLAIN_JSON, /* one JSON object for a case file: full IDs, cards last 4 */
} wr_explain_format;

/* Writes the evidence to out in `format` (stdio errors are the caller's
 * to check with ferror). */
void wr_explain_write(const wr_explanation *e, wr_explain_format format, FILE *out);

/* Rows read and rows skipped unparsed (not the flag's worker or account). */
void wr_explain_rows(const wr_explanation *e, uint64_t *read, uint64_t *skipped);

/* Frees e (NULL: nothing). */
void wr_explain_close(wr_explanation *e);

typedef struct wr_run_record wr_run_record;

/* The options of the run whose --out folder is `out_dir`, read from its
 * run.json (DECISIONS D160), for explain without the options typed again.
 * Every input file and descriptor it lists must still have the recorded
 * size and XXH3 digest. Returns WR_OK, or WR_EINPUT with err set (no or a
 * malformed run.json, an input missing, changed since the run, or read
 * from a pipe), WR_ENOMEM. */
wr_status wr_run_record_open(const char *out_dir, wr_run_record **out, wr_error *err);
/* The run's options (out_dir unset), valid until wr_run_record_close. */
const wr_options *wr_run_record_options(const wr_run_record *r);
/* The flags.csv of the same published output set as the run.json read. */
const char *wr_run_record_flags_csv(const wr_run_record *r);
void wr_run_record_close(wr_run_record *r);

#endif
