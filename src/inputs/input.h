/*
 * The input driver: reads one file through the CSV reader, maps its
 * header, parses each row into typed values and hands them to the input's
 * handler; counts every data row as used, out of scope or rejected (RULES
 * section 2) and records rejects with file, line, column and reason.
 */
#ifndef WR_INPUT_H
#define WR_INPUT_H

#include "../core/model.h"
#include "columns.h"
#include "../io/csvpar.h"

struct wr_format_s;

typedef enum { ROW_USED, ROW_OUT_OF_SCOPE, ROW_REJECTED, ROW_NOMEM } wr_row_outcome;

/* Copies n bytes (and a NUL after them) where they live as long as the
 * row's values; NULL when out of memory. */
typedef char *wr_keep_fn(void *ctx, const char *p, size_t n);

typedef struct {
    const char *role; /* "projects", "attendance", ... */
    const wr_col_spec *specs; /* the columns of a one-shape input */
    size_t n_specs;
    /* Or, for inputs of several shapes (attendance): the columns for this
     * header; sets *shape for the handler. */
    const wr_col_spec *(*specs_for)(const wr_row *header, size_t *n_specs, int *shape);
    /* Uses a parsed row. For a semantic reject it returns ROW_REJECTED
     * with *reason and *bad_spec set. A text or ID value's set is not
     * given at --jobs 2 (D449): an empty one is text.n == 0. */
    wr_row_outcome (*handle)(wr_model *m, int shape, const wr_value *values,
                             wr_reason *reason, int *bad_spec);
    /* Optional: sees the header once its columns are mapped (the
     * partitioner copies it into every part); non-zero stops the read. */
    int (*on_header)(wr_model *m, const wr_row *header);
    /* Optional: told the file's size before it is read (D387: payments
     * sizes its table of (account, txn_id) from it). */
    void (*sized)(wr_model *m, uint64_t file_bytes);
    /* The key columns an observer's keep_row sees before parsing
     * (core/observer.h): 1 + the spec index; 0 where the kind has none. */
    int key_worker_col, key_account_col, key_txn_col;
    /* Optional, --jobs 2 or more (D307): on a parsing thread, for a row
     * whose value of a spec in hint_specs (bit i: spec i) is not the row
     * before's, the hashes of the keys handle will look up; `same`: bit i,
     * spec i's value is the row before's. Sets hint->keys and key[]. */
    void (*hint)(const wr_value *values, uint32_t same, wr_csvpar_hint *hint);
    uint32_t hint_specs;
    /* On the calling thread, stage by stage rows before handle gets the
     * row: fetches what the hint's keys lead to. Fetches only. */
    void (*ahead)(const wr_model *m, const wr_csvpar_hint *hint, int stage);
    /* Optional, --jobs 2 or more (D448): on a parsing thread, after a row
     * is parsed and before its hint, values that follow from the row's
     * own values and no model state, made there so that the applying
     * thread need not: n_derived values after the specs' (values[n_specs
     * + j], n_specs + n_derived <= WR_MAX_COLUMNS). derive makes again
     * those whose source specs are not in `same` (the row before's made
     * the others, and apply has them), set true, a text it makes kept by
     * keep(keep_ctx, bytes, n) (NULL: no memory), and sets bit n_specs + j
     * of *made for each; false when out of memory. At --jobs 1 none is
     * made (set false): handle makes what it needs itself. */
    size_t n_derived;
    uint32_t derive_specs; /* bit s: a derived value comes from spec s */
    bool (*derive)(wr_value *values, uint32_t same, wr_keep_fn *keep, void *keep_ctx,
                   uint32_t *made);
} wr_input_kind;

/* Reads path as `kind`: canonical CSV, or through the format descriptor
 * `format` (src/formats) when it is not NULL and has a path. Returns 0,
 * or WR_EINPUT (err set). */
int wr_read_input(wr_model *m, const wr_input_kind *kind, const char *path,
                  const wr_format_ref *format, wr_error *err);

/* Maps a header to the kind's columns (for attendance, of the shape the
 * header tells, set in *shape). False with err set as wr_layout_init. */
bool wr_input_layout_init(const wr_input_kind *kind, const wr_row *header, wr_layout *L,
                          int *shape, const char *file, wr_error *err);

/* The input kind of a role name ("payments"), NULL if there is none. */
const wr_input_kind *wr_input_kind_named(const char *role);

/* Checks that a loaded descriptor describes `kind`: its `input` is the
 * kind's role and each column one of the kind's (for attendance, of the
 * shape its columns make), and marks the columns that are numbers by
 * their canonical type (wr_fmt_column.number: money, hours, pay day,
 * RULES section 1), where a workbook's number cell is read as written
 * (DECISIONS D110). Call it before wr_format_read. Returns 0, or
 * WR_EINPUT naming the line. */
int wr_input_check_format(const wr_input_kind *kind, struct wr_format_s *f, wr_error *err);

/* Reads projects (checking every --project names one), holidays and
 * min_wage, in the order of DECISIONS D1. Returns 0, or WR_EINPUT. */
int wr_read_reference_inputs(wr_model *m, const wr_options *o, wr_error *err);

/* A row's fields joined back as one CSV line, quoted as DECISIONS D17
 * says, without a line end: for --rejects-raw and for the partitioner,
 * whose parts re-read it as the same fields. out has room for
 * wr_row_csv_bound(row) bytes; returns the length written (NUL-ended). */
size_t wr_row_csv_bound(const wr_row *row);
size_t wr_row_csv(const wr_row *row, char *out);

/* Reads every input of m->opt in the order of DECISIONS D1 (the
 * reference inputs, contracts, attendance, payments). Returns 0, or
 * WR_EINPUT (err set). */
int wr_read_inputs(wr_model *m, wr_error *err);

extern const wr_input_kind wr_projects_input, wr_holidays_input, wr_min_wage_input,
    wr_contracts_input, wr_attendance_input, wr_payments_input, wr_account_txns_input;

/* RULES 4.6: a covered project's statement sums (account_txns.c). */
wr_statement *wr_statement_new(wr_model *m, const wr_project *p);
void wr_statement_count(wr_model *m, wr_statement *s, int direction, wr_day posted,
                        int64_t amount_fen);

/* A spec index's value, for handlers: values are in spec order. */
#define V(values, idx) (&(values)[idx])

/* Column indices of the inputs the partitioner routes (their spec order). */
enum { C_PROJECT, C_WORKER, C_NAME, C_RATE_TYPE, C_RATE, C_FROM, C_TO, C_PAY_DAY };
enum { A_PROJECT, A_WORKER, A_NAME, A_WHEN, A_HOURS };
enum { Y_ACCOUNT, Y_TXN, Y_PAYEE, Y_NAME, Y_CARD, Y_AMOUNT, Y_PAID_AT, Y_PERIOD, Y_STATUS };
/* Payments' derived value (D448), after its specs: the card as RULES 5.3
 * compares it. */
enum { Y_CARD_NORM = Y_STATUS + 1, Y_VALUES };

/* Contracts and attendance: the row's project, or the outcome when the
 * project is unknown (UNKNOWN_PROJECT at spec `project_spec`) or not
 * chosen by --project (out of scope). Returns ROW_USED when *project is set. */
wr_row_outcome wr_input_project(const wr_model *m, wr_str project_id, int project_spec,
                                uint32_t *project, wr_reason *reason, int *bad_spec);

/* Contracts and attendance (D307), their project_id and worker_id specs
 * 0 and 1: a row of another project or worker than the row before's
 * hints the hashes of its project_id (key[0]) and worker id (key[1]), and
 * ahead fetches what wr_input_pair will read; wr_input_project and
 * wr_input_pair take those hashes (m->row_hash, D386). */
#define WR_HINT_PAIR_SPECS 3u
void wr_input_hint_pair(const wr_value *values, uint32_t same, wr_csvpar_hint *hint);
void wr_input_ahead_pair(const wr_model *m, const wr_csvpar_hint *hint, int stage);

/* The outcome of adding a reference row: a repeated key is rejected
 * DUPLICATE_KEY at `dup_spec` (projects: a repeated wage_account at
 * `dup_second_spec`), DECISIONS D4. */
wr_row_outcome wr_input_added(wr_add_result added, int dup_spec, int dup_second_spec,
                              wr_reason *reason, int *bad_spec);

/* The pair of the row's project and worker; sets its roster name from
 * `name` when it has none yet (DECISIONS D11). WR_NONE when out of memory. */
uint32_t wr_input_pair(wr_model *m, uint32_t project, wr_str worker_id, wr_str name);
/* The same with the worker id's wr_hash_bytes given (D386: wr_input_pair
 * takes the row's key 1, wr_input_hint_pair's, when the parsing thread
 * made it). */
uint32_t wr_input_pair_hashed(wr_model *m, uint32_t project, wr_str worker_id,
                              uint64_t worker_hash, wr_str name);

/* Scope of a parsed attendance row (RULES 4, DECISIONS D8-D10): ROW_USED
 * with *project set, ROW_OUT_OF_SCOPE, or ROW_REJECTED (UNKNOWN_PROJECT). */
wr_row_outcome wr_attendance_scope(const wr_model *m, const wr_value *v, uint32_t *project,
                                   wr_reason *reason, int *bad_spec);
/* Scope of a parsed payments row: ROW_USED (*project = the account's
 * project, WR_NONE for an unknown account) or ROW_OUT_OF_SCOPE. */
wr_row_outcome wr_payment_scope(const wr_model *m, const wr_value *v, uint32_t *project);
/* summary.json payments_by_status: counts an in-scope row (DECISIONS D29). */
bool wr_count_payment_status(wr_model *m, wr_str word, int64_t amount_fen);

#endif
