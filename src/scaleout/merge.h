/*
 * The merge of parts (merge.c drives; merge_flags.c and merge_ledger.c
 * combine one output each). Everything here reads wagerecon's own
 * outputs back, so a part that is missing, foreign or inconsistent is
 * told, never silently merged.
 */
#ifndef WR_MERGE_H
#define WR_MERGE_H

#include <stdio.h>

#include "../core/model.h"
#include "../io/jsonread.h"
#include "../outputs/outputs.h"
#include "../outputs/report_html.h"
#include "../types/limits.h"
#include "scaleout.h"

/* What the merged flags give the other outputs. */
typedef struct {
    uint64_t by_kind[WR_N_KINDS];
    uint64_t by_severity[3];   /* flags.csv's severity (UNPAID_HEADCOUNT's varies) */
    wr_vec cases;              /* wr_case_flag, flags.csv order */
    wr_vec arrears_employers;  /* const char *, of MISSING/UNDERPAID flags */
    wr_vec arrears_workers;
    int64_t arrears_fen;       /* sum of their shortfall */
    bool overflow;
    wr_report_sup *sup;        /* report.html's supervision sections: their flags */
} wr_merged_flags;

/* K-way merge of the parts' sorted flags.csv (and flags.jsonl, line for
 * line), and of the merge's own flags of the kinds that span parts
 * (extra_csv / extra_jsonl, sorted, with the header; NULL when none),
 * into out_csv/out_jsonl. `projects` gives employer names. Returns
 * 0, WR_EINPUT (unreadable part), WR_ENOMEM or WR_ESELFCHECK (one flag
 * in two parts); err set. Strings in `mf` live in `arena`. */
int wr_merge_flags(const char *const *part_out, size_t n, FILE *extra_csv, FILE *extra_jsonl,
                   FILE *out_csv, FILE *out_jsonl, const wr_model *projects, wr_arena *arena,
                   wr_merged_flags *mf, wr_error *err);

/* The kinds that span parts (merge_agg.c): records into `agg`
 * (wr_agg_flag_record, strings in arena) from the parts' part_facts.csv
 * and the partition's allocation.csv in `sidecar`; rep gets the
 * projects covered. 0, or WR_EINPUT (a part's facts unreadable or not
 * wagerecon's, a sum beyond int64) or WR_ENOMEM, with err set. */
int wr_merge_agg(const char *const *part_out, size_t n, const char *sidecar,
                 const wr_model *projects, wr_arena *arena, wr_day as_of, wr_month from,
                 wr_month to, wr_vec *agg, wr_report *rep, wr_error *err);

/* Sums the parts' ledger.csv per (project, period): counts and money
 * add, max_days_late is the largest. Writes the merged ledger to out, its
 * arrears total to *arrears_fen and its rows to `rows` (wr_ledger_row,
 * `project` an index into projects). Returns 0, or WR_EINPUT or WR_ENOMEM
 * (err set). */
int wr_merge_ledger(const char *const *part_out, size_t n, FILE *out, int64_t *arrears_fen,
                    bool *overflow, const wr_model *projects, wr_vec *rows, wr_error *err);

/* report.html of the merge (merge_report.c, DECISIONS D48). */

/* A row of the page's flags table or calendars as a part rendered it. */
typedef struct {
    const char *key;   /* page order across parts: strcmp */
    const char *html;
    int rank;          /* calendars: 0 in arrears, 1 late, 2 the rest */
    int kind;          /* flag rows: the flag's kind (D173) */
} wr_page_row;

typedef struct {
    wr_lang lang;                                     /* the parts' --lang */
    const char *project_filter[WR_MAX_PROJECT_FILTER]; /* and --project values */
    size_t n_project_filter;
    uint64_t flags, calendars;      /* totals over the parts */
    uint64_t flags_by_kind[WR_N_KINDS];
    wr_report_sup sup;              /* --warn-days and the list amounts of the parts;
                                       the flags from the merged flags.csv */
    wr_vec flag_rows, calendar_rows; /* wr_page_row, init by the caller */
} wr_merged_page;

/* Collects the parts' report_rows.json (parsed; docs[k] is part k+1's):
 * the same language and --project in every part, each part's first rows
 * complete. 0, or WR_EINPUT or WR_ENOMEM with err set. Strings stay in
 * the parsed documents. */
int wr_merge_page_rows(const wr_json *const *docs, const char *const *part_out, size_t n,
                       wr_merged_page *pg, wr_error *err);

/* Writes report.html: `top` from the merge (headline, dates, projects;
 * language and --project from pg), the ledger rows merged (project
 * indices into top->projects), the rows from pg. False when out of
 * memory. Sorts pg's rows. */
bool wr_write_merged_report(FILE *f, wr_merged_page *pg, const wr_report_page *top,
                            const wr_vec *ledger);

#endif
