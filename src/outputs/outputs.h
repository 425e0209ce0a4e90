/*
 * The outputs of RULES section 6, each written by its own function from the
 * evaluated model and the sorted flags.
 */
#ifndef WR_OUTPUTS_H
#define WR_OUTPUTS_H

#include <stdio.h>

#include "../core/model.h"
#include "../rules/flags.h"

/* One ledger row per (project, period). */
typedef struct {
    uint32_t project;
    wr_month period;
    uint64_t workers, attended, paid_workers, in_arrears, late_workers;
    int64_t owed_fen, paid_fen, arrears_fen;
    int32_t max_days_late;
} wr_ledger_row;

/* Builds the ledger (sorted by project_id, period) into a vec of rows;
 * *overflow set when a sum left int64 fen (D164). Reads the buckets,
 * pairs and projects only (D378: beside the flags' building). */
bool wr_build_ledger(const wr_model *m, wr_vec *rows, bool *overflow);

/* flags.csv, flags.jsonl; false when out of memory. */
bool wr_write_flags_csv(FILE *f, const wr_model *m, const wr_vec *flags);
bool wr_write_flags_jsonl(FILE *f, const wr_model *m, const wr_vec *flags);
/* The lines of flags[begin..end) in both files, each flag's cells rendered
 * once (D301); flags.csv's header when begin is 0. A NULL file is not
 * written. So a run cuts the two files in parts by ranges of flags. */
bool wr_write_flag_lines(FILE *csv, FILE *jsonl, const wr_model *m, const wr_vec *flags,
                         size_t begin, size_t end);
void wr_write_ledger_csv(FILE *f, const wr_model *m, const wr_vec *rows);
/* ledger.csv's header and one row (shared with the merge of parts). */
void wr_write_ledger_header(FILE *f);
void wr_write_ledger_row(FILE *f, const char *project_id, const char *employer_id,
                         const wr_ledger_row *r, bool excel);
bool wr_write_cases_jsonl(FILE *f, const wr_model *m, const wr_vec *flags);
void wr_write_rejects_csv(FILE *f, const wr_model *m);
/* run.json, the run's manifest (DECISIONS D160): options and inputs with
 * their sizes and digests (wr_digest_inputs first). */
void wr_write_run_json(FILE *f, const wr_model *m);
/* ,"size":N,"xxh3":"..." of a file, or both null when no digest was
 * taken (a pipe): run.json's and summary.json's inputs (D160, D210). */
void wr_json_digest_members(FILE *f, uint64_t size, const char *xxh3);
/* report.html for a person (report_html.h); false when out of memory. */
bool wr_write_report_html(FILE *f, const wr_model *m, const wr_vec *flags, const wr_vec *ledger);
/* The same page in two parts, written one after the other (D300): the
 * top, up to the flags table, and the flags table with what follows it.
 * The top prints cases.jsonl's counts (D213): it calls counted(ctx) once
 * it has gathered the sections' flags and before it writes a byte, and
 * counted returns when those counts are in the report (NULL: they are).
 * The flags part reads nothing cases.jsonl counts. */
bool wr_write_report_html_top(FILE *f, const wr_model *m, const wr_vec *flags,
                              const wr_vec *ledger, void (*counted)(void *ctx), void *ctx);
bool wr_write_report_html_flags(FILE *f, const wr_model *m, const wr_vec *flags);

/* part_facts.csv of a part's run (--part-facts, docs/SCALE_OUT.md). */
/* False when out of memory. */
bool wr_write_part_facts(FILE *f, const wr_model *m, const wr_vec *flags);

/* What cases.jsonl needs of one high-severity flag (DECISIONS D22, D66,
 * D214): one that names an employer, or an UNKNOWN_ACCOUNT (account set). */
typedef struct {
    int kind;
    const char *employer_id, *employer_name; /* employer_name "" without a project */
    const char *project_id, *worker_id, *flag_id; /* "" when the flag has none */
    int64_t shortfall_fen; /* MISSING/UNDERPAID with owed known, else 0 */
    /* ALLOCATION_SHORT of a project with a client_id: the client's case */
    const char *client_id, *client_name; /* "" otherwise */
    wr_month period;
    int64_t alloc_shortfall_fen;
    /* UNKNOWN_ACCOUNT: the account's case (D214), its payees and paid */
    const char *account; /* "" otherwise */
    uint32_t payees;
    int64_t paid_fen;
} wr_case_flag;

/* Writes cases.jsonl (DECISIONS D22, D66, D214) from such flags given in
 * flags.csv order, and counts the cases into rep (D213: cases against the
 * headline); false when out of memory. */
bool wr_write_cases(FILE *f, wr_month from, wr_month to, const wr_case_flag *flags, size_t n,
                    wr_report *rep);
/* The case_id of an unknown account's case (D214). */
void wr_account_case_id(const char *account, wr_month from, wr_month to, char case_id[17]);
/* The case_id of an employer's case in cases.jsonl (report.html's
 * employers section names it, DECISIONS D174). */
void wr_employer_case_id(const char *employer_id, wr_month from, wr_month to, char case_id[17]);

/* Control totals of RULES section 6, computed independently. Counted
 * payments split into matched (the payee has a contract or in-scope
 * attendance in the project) and unmatched (UNKNOWN_PAYEE), DECISIONS D34:
 * the split is summed over the payment records, the counted total as rows
 * were read. */
typedef struct {
    bool rows_ok, payments_ok, matched_ok, arrears_ok;
    int64_t counted_fen, bucket_paid_fen, ledger_arrears_fen, flag_arrears_fen;
    int64_t matched_fen, unmatched_fen;
    uint64_t matched_rows, unmatched_rows;
} wr_checks;

void wr_compute_checks(const wr_model *m, const wr_vec *flags, const wr_vec *ledger,
                       wr_checks *c);
/* The same in two steps (D378), the first beside the flags' building:
 * the totals of the buckets and payments (*overflow: one of their sums
 * left int64 fen), then the rows' identity and the arrears of the ledger
 * and the flags (overflow: the first step's). */
void wr_check_model_totals(const wr_model *m, wr_checks *c, bool *overflow);
void wr_check_arrears_totals(const wr_model *m, const wr_vec *flags, const wr_vec *ledger,
                             wr_checks *c, bool overflow);
/* A file's rejects by reason (only reasons with rows, in reason order),
 * each written with item (printf: %s reason, %llu rows), sep between:
 * summary.json, the terminal and the page (D84, D210). */
void wr_write_reasons(FILE *f, const wr_file_stats *s, const char *item, const char *sep);
/* RULES section 2: data rows = used + out of scope + rejected, every file. */
bool wr_rows_identity_holds(const wr_report *rep);

/* Everything summary.json shows; the run fills it from its model, the
 * merge of parts from the parts. */
typedef struct {
    wr_day as_of;
    wr_month from, to;
    const wr_report *report;         /* files, flag counts, headline */
    const wr_status_count *statuses; /* payments_by_status, in first-seen order */
    size_t n_statuses;
    uint64_t counted_rows;
    uint64_t rejects;
    wr_checks checks;
    const char *const *list_employers; /* at LIST_THRESHOLD, sorted */
    size_t n_list_employers;
} wr_summary;

void wr_write_summary(FILE *f, const wr_summary *s);
void wr_write_summary_json(FILE *f, const wr_model *m, const wr_checks *c);

#endif
