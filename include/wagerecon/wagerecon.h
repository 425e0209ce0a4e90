/*
 * wagerecon: reconciles construction workers' wages (bank payroll-agency
 * files) against real-name attendance and labour contracts, per
 * docs/RULES.md (v2).
 *
 * The library does all the work; the `wagerecon` CLI is one user of it.
 * A run reads every input once, front to back, evaluates the rules and
 * writes the outputs of RULES section 6 atomically into a directory.
 * Nothing here calls exit() or prints to the terminal.
 */
#ifndef WAGERECON_H
#define WAGERECON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WAGERECON_VERSION "0.1.0"

/* Status codes, each distinct: what every library call returns (0 or
 * WR_HIGH_FLAGS on success, one error code otherwise, with wr_error set).
 * The process exit codes of RULES section 6 are the CLI's business: it
 * maps WR_OK to 0, WR_HIGH_FLAGS to 3, WR_ESELFCHECK to 4, WR_ESTORE to 5
 * and every other error to 2 (bad usage, unreadable input, outputs not
 * written, out of memory). */
typedef enum {
    WR_OK = 0,          /* ran fine; no high-severity flag */
    WR_EINPUT = 2,      /* an input cannot be read or is refused (a missing
                           column, --strict); nothing written */
    WR_HIGH_FLAGS = 3,  /* ran fine; high-severity flags found */
    WR_ESELFCHECK = 4,  /* a control total did not hold (the self-check,
                           RULES 6); nothing written */
    WR_ESTORE = 5,      /* the case store (--store) failed: it is unchanged; the file
                           outputs are written all the same (DECISIONS D71) */
    WR_EOUTPUT = 6,     /* outputs could not be written; the previous ones kept */
    WR_ENOMEM = 7,      /* out of memory; nothing written */
    WR_EUSAGE = 8,      /* an option is missing, NULL or inconsistent
                           (wr_options_check); nothing read or written */
} wr_status;

/* Language of report.html's labels (--lang). */
typedef enum { WR_LANG_ZH = 0, WR_LANG_EN = 1 } wr_lang;

/* No fixed caps in wr_options (DECISIONS D242): every list is a pointer
 * and a count, the arrays owned by the caller (wr_file_stats.path and
 * .format point into them: keep them while the report is read).
 * wr_options_check refuses a NULL pointer with a nonzero count, or
 * a NULL entry, with WR_EUSAGE, nothing read. */

/* Progress of a run, for a caller that shows it: the library never
 * prints. Called at the start and end of each stage (and of each input
 * file), and while a file is read, at most every 256 KiB read. */
/* WR_STAGE_STORE_DIFF and _WRITE only with --store (store/store.h). */
typedef enum {
    WR_STAGE_READ, WR_STAGE_EVALUATE, WR_STAGE_FLAGS, WR_STAGE_OUTPUTS,
    WR_STAGE_STORE_DIFF, WR_STAGE_STORE_WRITE,
} wr_stage;

typedef struct {
    wr_stage stage;
    const char *file;        /* WR_STAGE_READ: the input's base name, else NULL */
    const char *role;        /* WR_STAGE_READ: "attendance", ... */
    uint64_t bytes_read;     /* WR_STAGE_READ: of the file as stored (zstd: compressed) */
    uint64_t bytes_total;    /* its size; 0 when unknown (a pipe) */
    uint64_t rows;           /* WR_STAGE_READ: data rows so far */
    bool done;               /* the stage (or file) has ended */
    uint64_t elapsed_ns;     /* since the stage (or file) began */
} wr_progress;

typedef void (*wr_progress_fn)(void *ctx, const wr_progress *p);

/* A format descriptor as one input file uses it (formats/README.md):
 * its path, and the values of its `${NAME}` parameters, each written
 * "NAME=VALUE" (--format-value, DECISIONS D47). path NULL: the file is
 * canonical CSV. */
typedef struct {
    const char *path;
    const char *const *values; /* n_values entries (NULL when 0) */
    size_t n_values;
} wr_format_ref;

typedef struct {
    const char *projects;
    const char *contracts;
    const char *const *attendance; /* n_attendance paths */
    size_t n_attendance;
    const char *const *payments;   /* n_payments paths */
    size_t n_payments;
    const char *min_wage;  /* optional, NULL when absent */
    const char *holidays;  /* optional, NULL when absent */
    const char *const *account_txns; /* the wage accounts' statements (RULES 4.6) */
    size_t n_account_txns;
    /* Format descriptors (formats/README.md) for inputs that are not
     * canonical CSV, one per file; a NULL path reads canonical CSV. Each
     * *_format array is NULL (every file canonical CSV) or has as many
     * entries as its files. */
    wr_format_ref projects_format, contracts_format, min_wage_format, holidays_format;
    const wr_format_ref *attendance_format;
    const wr_format_ref *payments_format;
    const wr_format_ref *account_txns_format;

    int32_t as_of_day;       /* days since 1970-01-01 */
    int32_t from_month;      /* year * 12 + (month - 1), inclusive */
    int32_t to_month;        /* inclusive */
    int64_t tolerance_fen;
    /* RULES 5.3 thresholds; each *_set false takes the rule's default
     * (50000.00, 5000.00, 30000.00 yuan). warn_days 0: no DUE_SOON. */
    int64_t large_payment_fen, list_worker_fen, list_total_fen;
    bool large_payment_set, list_worker_set, list_total_set;
    int warn_days;

    const char *const *project_filter; /* --project values, n_project_filter */
    size_t n_project_filter;

    int jobs;           /* 1-64; never changes an output byte */
    bool rejects_raw;   /* rejects.csv carries the raw row (personal data) */
    /* DECISIONS D163, for people opening the CSV outputs in Excel: csv_bom
     * starts flags.csv, ledger.csv and rejects.csv with a UTF-8 BOM;
     * excel also writes their identifier cells as ="..." text. Never in
     * a part's run (the merge reads its CSVs). */
    bool csv_bom, excel;
    const char *out_dir;
    wr_lang lang;       /* report.html labels: Chinese (default) or English */
    bool report_rows;   /* also report_rows.json, for the merge of parts (DECISIONS D48) */
    /* A part of a partition (docs/SCALE_OUT.md): leave out the kinds that
     * span parts (ALLOCATION_SHORT, UNPAID_HEADCOUNT, SHARED_CARD,
     * LIST_THRESHOLD) and write part_facts.csv, from which the merge
     * computes them. */
    bool part_facts;
    /* DECISIONS D81: any reject, payment status word other than SUCCESS
     * or unchecked trailer total stops the run (WR_EINPUT, nothing
     * written) instead of being counted and shown. */
    bool strict;

    /* The case store (DECISIONS D70-D79): a SQLite file ("sqlite:PATH" or
     * a path) or a PostgreSQL URI; NULL: none. store_backfill lets a run
     * older than the store's latest in. */
    const char *store_url;
    bool store_backfill;

    wr_progress_fn progress; /* NULL: none */
    void *progress_ctx;
    /* No test hooks here: tests switch faults on through WAGERECON_TEST_*
     * environment variables read inside the library (DECISIONS D141, D231). */
} wr_options;

/* Reject reasons (the `reason` column of rejects.csv), indexed as
 * wr_file_stats.rejected_by_reason; wr_reject_reason_name(0) is "". */
#define WR_N_REASONS 13
const char *wr_reject_reason_name(int reason);

/* A descriptor's trailer check (formats/README.md, DECISIONS D39). */
typedef enum {
    WR_TRAILER_NONE = 0,      /* canonical CSV, or a descriptor without a trailer */
    WR_TRAILER_OK,            /* rows (and total, when it has one) agree */
    WR_TRAILER_TOTAL_UNCHECKED, /* rows agree; some summed value was unreadable */
} wr_trailer_check;

/* Per input file figures, for the human summary. The strings name and
 * format_name are the report's (DECISIONS D243): freed by wr_report_free. */
typedef struct {
    char *name;         /* base name */
    const char *role;   /* "projects", "payments", ... */
    uint64_t data_rows, used, out_of_scope, rejected;
    uint64_t duplicates; /* account_txns: used rows repeating an (account, txn_id) */
    uint64_t rejected_by_reason[WR_N_REASONS];
    uint8_t trailer;    /* wr_trailer_check */
    bool trailer_has_total; /* the trailer (or summary line) gives a total */
    uint64_t trailer_rows;
    int64_t trailer_total_fen;
    /* The file as a run read it (DECISIONS D160): its path as given
     * (pointing into the run's wr_options) and descriptor (NULL: canonical
     * CSV); its size in bytes and XXH3-128, 32 hex digits as `xxh128sum`
     * prints them, and the same of its descriptor file. xxh3 is "" where
     * not computed (explain, a merge). */
    const char *path;
    const wr_format_ref *format;
    uint64_t size, format_size;
    char xxh3[33], format_xxh3[33];
    char *format_name;  /* the descriptor's base name; NULL: canonical CSV */
} wr_file_stats;

/* A payment status word and its in-scope rows (DECISIONS D29). The word
 * is whole, as summary.json lists it, and the report's (DECISIONS D264):
 * freed by wr_report_free. */
typedef struct {
    char *word;
    uint64_t rows;
    int64_t amount_fen;
} wr_status_word;

#define WR_N_KINDS 19

/* What a run, partition or merge found. Zeroed by the call that fills it
 * (whatever it held is overwritten, not freed); its files and status
 * words are the library's allocations (DECISIONS D243, D264): give the
 * report to wr_report_free after each call, an error's too, before it is
 * filled again or dropped. */
typedef struct {
    /* One entry per input file, in read order: n_files entries. */
    wr_file_stats *files;
    size_t n_files;
    uint64_t flags_by_kind[WR_N_KINDS];
    uint64_t flags_by_severity[3]; /* high, medium, low */
    uint64_t employers_in_arrears, workers_in_arrears;
    int64_t arrears_fen;
    /* RULES 6 v2: the allocation headline (DECISIONS D60). */
    uint64_t projects_covered, projects_short;
    int64_t allocation_shortfall_fen;
    /* The payments' status words in read order: n_statuses entries, the
     * report's (DECISIONS D264). A run counts 64 words at most and the
     * rest as "(other)" (hostile input), as summary.json does. */
    wr_status_word *statuses;
    size_t n_statuses;
    /* With --store: this run's flags against the store (DECISIONS D72). */
    bool store_used;
    bool store_repeat; /* the same run was stored before: nothing written */
    bool store_failed; /* WR_ESTORE: the store is unchanged, the outputs written */
    uint64_t store_new, store_persisting, store_changed, store_resolved, store_reopened;
    /* The options that shape the figures, in effect (defaults filled in),
     * for summary.json's "options", the terminal and report.html's data
     * quality section (DECISIONS D210); the merge of parts takes them from
     * the partition's summary.json. */
    int32_t as_of_day, from_month, to_month;
    int64_t tolerance_fen, large_payment_fen, list_worker_fen, list_total_fen;
    int warn_days;
    /* cases.jsonl against the headline (DECISIONS D213): employer cases,
     * those with MISSING or UNDERPAID flags (the headline's employers),
     * the high flags of the others by kind; client and account cases. */
    uint64_t cases_employer, cases_in_arrears, cases_client, cases_account;
    uint64_t cases_other_flags[WR_N_KINDS];
} wr_report;

/* The fixed arrays left in the public structs are no caps on the input
 * (DECISIONS D264): counts by reason, kind or severity (one per value of
 * the enum), a digest's 32 hex digits, and the error's message below,
 * fixed on purpose so that "out of memory" is told without allocating
 * (a longer message is cut to fit by the library). */
typedef struct {
    char message[1024]; /* one line naming file and cause */
} wr_error;

/* Sets o to the defaults: everything empty or off, jobs 1, lang Chinese.
 * Then set the inputs, period, as_of_day and out_dir. */
void wr_options_init(wr_options *o);

/* Runs one reconciliation. Checks opt first (a NULL pointer, a missing
 * input, from_month after to_month, jobs outside 1-64, ...: WR_EUSAGE
 * with err set, nothing read). Returns WR_OK or WR_HIGH_FLAGS on success
 * (outputs written, `report` filled), else an error status with `err`
 * set and the output directory untouched: WR_EINPUT, WR_ENOMEM,
 * WR_ESELFCHECK, WR_EOUTPUT; WR_ESTORE when only the store failed (the
 * outputs are written, report->store_failed is set). */
wr_status wr_run(const wr_options *opt, wr_report *report, wr_error *err);

/* Frees the report's files and their names (DECISIONS D243) and its
 * status words (D264), and zeroes it; nothing to do for a zeroed report
 * or NULL. */
void wr_report_free(wr_report *report);

/* Scale-out (docs/SCALE_OUT.md). wr_partition reads the run's inputs
 * once and writes `parts` self-contained input sets into opt->out_dir
 * (which must not exist or be empty): part-0001 ... each with zstd inputs
 * and an `args` file for `wagerecon run $(cat args)`, every worker's rows
 * in exactly one part. Rejects and out-of-scope rows are decided here
 * (with their original file names and lines) and kept beside part 1.
 * `report` gets the per-file figures. Returns WR_OK, or with err set and
 * nothing left in opt->out_dir: WR_EUSAGE (wr_options_check, a NULL
 * report or err), WR_EINPUT (bad input, a non-empty --out, --parts out of
 * 1..WR_MAX_PARTS, a --project an args file cannot carry), WR_EOUTPUT (a
 * part cannot be created or written) or WR_ENOMEM. */
#define WR_MAX_PARTS 1024
wr_status wr_partition(const wr_options *opt, int parts, wr_report *report, wr_error *err);

/* Merges the outputs of `wagerecon run` on every part (`out_dirs`, one
 * per part, each inside its part's folder) into out_dir, byte-identical
 * to one run on the whole input, after checking that the parts are one
 * complete partition and re-checking the control totals over the merge.
 * Returns like wr_run: WR_OK / WR_HIGH_FLAGS, WR_EUSAGE (NULL folders,
 * out_dir, report or err), WR_EINPUT (bad or missing parts, n outside
 * 1..WR_MAX_PARTS, out_dir inside a part), WR_ESELFCHECK (a control total
 * failed), WR_ENOMEM, WR_EOUTPUT; nothing written on any error. */
wr_status wr_merge(const char *const *out_dirs, size_t n, const char *out_dir,
                   wr_report *report, wr_error *err);

/* Async-signal-safe: removes the output set being written, so a run
 * stopped by a signal leaves no partial files (the previous outputs are
 * untouched: they are replaced by one rename, DECISIONS D92). */
void wr_remove_partial_outputs(void);

/* Name of flag kind k (0 <= k < WR_N_KINDS), e.g. "MISSING". */
const char *wr_kind_name(int k);

/* Parsers for option values, shared by the CLI and tests. Each returns
 * true on success: a date YYYY-MM-DD into days since 1970-01-01, a period
 * YYYY-MM into year * 12 + month - 1, an amount in yuan (at most two
 * decimals) into integer fen. */
bool wr_parse_date_text(const char *s, int32_t *day);
bool wr_parse_period_text(const char *s, int32_t *month);
bool wr_parse_money_text(const char *s, int64_t *fen);

#endif
