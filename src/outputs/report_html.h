/*
 * report.html, the inspector's page (issue 7), split in files that
 * share this header: report_html.c writes the page (headline, flags by
 * kind and severity, the ledger as a table and an SVG bar chart, the flags
 * most severe and largest first); report_calendar.c the per-worker month
 * calendars of --project runs; report_words.c the Chinese and English
 * words; report_supervision.c the supervision sections; report_cells.c
 * the cells and text every section writes with. The page is one
 * self-contained file: inline CSS and SVG, no scripts, no fonts or
 * anything else from the network. Person-readable, so IDs are masked
 * (wr_mask_id) and cards and accounts show their last 4 characters only
 * (RULES 6). Money is integer fen, printed by
 * wr_format_fen; chart geometry is integer arithmetic.
 */
#ifndef WR_REPORT_HTML_H
#define WR_REPORT_HTML_H

#include <stdio.h>
#include <string.h>

#include "../io/outfile.h"
#include "../rules/rules.h"
#include "outputs.h"

/* Caps that keep a city-wide report a reasonable size (DECISIONS). */
#define WR_REPORT_MAX_PER_KIND 50    /* flags table rows a kind, MISSING and
                                        UNDERPAID aside: all of them (D173) */
#define WR_REPORT_MAX_LEDGER 2000    /* rows of the project-month table */
#define WR_REPORT_MAX_CHART 40       /* project-months in the bar chart */
#define WR_REPORT_MAX_CALENDARS 300  /* worker-months with a calendar */

typedef struct {
    const char *lang, *title, *periods, *as_of, *projects, *all_projects;
    const char *employers, *workers, *amount, *unit_employers, *unit_workers, *unit_money;
    const char *severity[3], *kind[WR_N_KINDS];
    const char *by_kind, *col_kind, *col_code, *col_severity, *col_count, *no_flags;
    const char *by_month, *col_project, *col_employer, *col_month, *col_attended;
    const char *col_paid_workers, *col_coverage, *col_owed, *col_paid, *col_arrears;
    const char *col_in_arrears, *col_late, *no_ledger, *coverage_note;
    const char *ledger_more;      /* printf: %zu rows not shown */
    const char *chart_largest;    /* printf: %d shown of %zu */
    const char *flag_list, *col_name, *col_id, *col_card, *col_due, *col_on_time;
    const char *col_shortfall, *col_days, *col_detail;
    const char *days_late, *days_overdue; /* printf: %d */
    const char *flags_rule;       /* printf: %d rows a kind (D173) */
    const char *flags_left_out;   /* before the kinds left out */
    const char *flags_left_kind;  /* printf: kind word, code, %llu rows */
    const char *flags_left_sep, *flags_where;
    const char *calendars, *legend_attended, *legend_on_time, *legend_late, *legend_due;
    const char *weekday[7], *status_none, *status_not_due, *payments_list, *no_payments;
    const char *calendars_more;   /* printf: %zu worker-months not shown */
    const char *hours, *privacy;
    /* RULES 5.4: each kind's basis as the law's title and article
     * (DECISIONS D120), and the flags table's column for it. */
    const char *basis[WR_N_KINDS], *col_basis;
    /* The supervision sections (report_supervision.c, D121). */
    const char *alloc_title, *alloc_not_checked, *alloc_all_ok, *alloc_note;
    const char *alloc_headline;   /* printf: %llu covered, %llu short, %s amount */
    const char *col_client, *col_contractor, *col_project_due, *col_cum_owed;
    const char *col_cum_alloc, *col_alloc_short, *no_client;
    const char *rows_more;        /* printf: %zu rows not shown (flags.csv) */
    const char *due_soon_title;   /* printf: %d days */
    const char *due_soon_none;    /* printf: %d days */
    const char *col_days_left, *days_left; /* days_left printf: %d */
    const char *list_title, *list_none, *list_note, *col_credit_code, *col_condition;
    const char *list_cond_a, *list_cond_b; /* printf: %s amount */
    const char *list_and;         /* between the two */
    /* With --store (DECISIONS D78): the line above the flags (printf: new,
     * persisting, changed, reopened, resolved) and each flag's mark. */
    const char *store_line, *mark_new, *mark_persisting, *mark_changed, *mark_reopened;
    /* Issue 15 (DECISIONS D170-D172): the flag id column and how to
     * explain a row; RATE_BELOW_MINIMUM's detail (printf: comparison,
     * region, effective from, first day below); the chart's two scales. */
    const char *col_flag_id, *flag_id_note, *below_minimum, *chart_scales;
    /* The employers section (D174); emp_total printf: %llu employers,
     * emp_workers_note printf: %llu sum, %llu distinct. */
    const char *emp_title, *emp_note, *col_projects, *col_flags_by_kind, *col_case;
    const char *emp_total, *emp_workers_note;
    /* The data-quality section (report_quality.c, D210). The alert line:
     * head, then rejects (printf: %llu rows), status words (printf: %llu
     * rows, %s amount), trailers (printf: %llu files) joined by sep, then
     * see, the section's title as a link, end. */
    const char *dq_title, *dq_note, *dq_alert_head, *dq_alert_rejects, *dq_alert_status;
    const char *dq_alert_trailer, *dq_alert_sep, *dq_alert_see, *dq_alert_end;
    const char *dq_scope, *dq_tolerance, *dq_large_payment, *dq_list, *dq_warn, *dq_version;
    const char *dq_money;        /* printf: %s amount */
    const char *dq_list_amounts; /* printf: %s one worker, %s ten workers */
    const char *dq_warn_days;    /* printf: %d */
    const char *dq_warn_off;
    const char *dq_col_role, *dq_col_file, *dq_col_size, *dq_col_digest, *dq_col_data;
    const char *dq_col_used, *dq_col_out, *dq_col_rejected, *dq_col_reasons, *dq_col_trailer;
    const char *dq_descriptor, *dq_no_digest, *dq_files_note;
    const char *dq_trailer_ok;        /* printf: %llu rows, %s total */
    const char *dq_trailer_rows;      /* printf: %llu rows */
    const char *dq_trailer_unchecked; /* printf: %llu rows */
    const char *dq_statuses, *dq_no_statuses, *dq_col_status, *dq_col_rows, *dq_col_amount;
    const char *dq_col_counted;
    const char *dq_counted_yes, *dq_counted_no;
    /* UNKNOWN_ACCOUNT's detail after rows= (D214); printf: payee name, ID
     * masked, %u payees, %s paid, %s case_id. */
    const char *unknown_account_more;
    /* cases.jsonl against the headline (D213), under the employers
     * section. cases_note printf: %llu cases, %llu employer cases in
     * arrears, %llu without; then the kinds of their flags (flags_left_kind
     * joined by flags_left_sep, cases_kinds_none when none); cases_note_end
     * printf: %llu client cases, %llu account cases. */
    const char *cases_note, *cases_kinds_none, *cases_note_end, *cases_workers_note;
    const char *cases_other_title, *col_high_flags;
} wr_report_words;

const wr_report_words *wr_report_words_for(wr_lang lang);

/* Masks for person-readable output: "310110********0226" (wr_mask_id) and
 * "****0115" (last 4 characters of a card or account; buf >= 16). */
void wr_report_mask_tail(const char *s, size_t n, char *buf);

/* Writes before, then s as HTML text (wr_html_text), then after. */
void wr_report_wrap(FILE *f, const char *before, const char *s, const char *after);

/* Writes money as "1234.50" (wr_format_fen), HTML-safe. */
void wr_report_money(FILE *f, int64_t fen);

/* Table cells: a header; text (NULL empty) with an optional class; a
 * flags.csv amount grouped by thousands like every amount on the page. */
void wr_report_th(FILE *f, const char *label);
void wr_report_td(FILE *f, const char *s, const char *cls);
void wr_report_td_money(FILE *f, const char *amount, const char *cls);
/* The same appended to a row in memory, which the caller writes (D359:
 * a flags table row was ~20 stdio writes); false when out of memory.
 * wr_report_buf_text appends s as it is (markup). */
static inline bool wr_report_buf_text(wr_buf *b, const char *s)
{
    return wr_buf_append(b, s, strlen(s)); /* inline: a literal's length is known */
}
static inline bool wr_report_buf_wrap(wr_buf *b, const char *before, const char *s,
                                      const char *after)
{
    return wr_report_buf_text(b, before) && wr_buf_html_text(b, s, strlen(s)) &&
           wr_report_buf_text(b, after);
}
static inline bool wr_report_buf_td(wr_buf *b, const char *s, const char *cls)
{
    bool ok = cls ? wr_report_buf_text(b, "<td class=\"") && wr_report_buf_text(b, cls) &&
                        wr_report_buf_text(b, "\">")
                  : wr_report_buf_text(b, "<td>");
    return ok && wr_report_buf_wrap(b, "", s ? s : "", "</td>");
}
bool wr_report_buf_td_money(wr_buf *b, const char *amount, const char *cls);

/* ---- the page, section by section ----
 * The run writes every section from its model (wr_write_report_html);
 * the merge of parts (src/scaleout/merge_report.c) writes the top from
 * the merged ledger and headline, and takes the rows of the flags table
 * and the calendars as the parts' runs rendered them (report_rows.c,
 * DECISIONS D48). Both go through these functions, so the frame of the
 * page is written one way. */

/* A flag as the text of its flags.csv cells (NULL where empty), for the
 * sections the page draws from flags alone; the run fills it from its
 * model, the merge from the merged flags.csv (report_supervision.c). */
typedef struct {
    const char *cell[WR_FLAG_COLUMNS];
} wr_report_cells;

/* The supervision sections (RULES 4.6, 5.3; DECISIONS D121): the
 * allocation, the early warnings and the employers at the list
 * threshold, from those flags (wr_report_cells, flags.csv order) and the
 * options that shape the words. */
typedef struct {
    int warn_days;                   /* 0: no early-warning section */
    int64_t list_worker_fen, list_total_fen;
    wr_vec allocation, due_soon, list_threshold;
    wr_vec employer_flags;           /* wr_report_employer_flag (report_employers.c) */
} wr_report_sup;

/* What the employers section (D174) keeps of each flag naming an
 * employer; project and worker only for MISSING and UNDERPAID. */
typedef struct {
    const char *employer, *project, *worker; /* employer: one copy a run of one text */
    int kind;
    bool high; /* severity high: the flag is in the employer's case (D22) */
    int64_t shortfall_fen;
} wr_report_employer_flag;

/* Empty vecs of wr_report_cells. */
void wr_report_sup_init(wr_report_sup *s);
void wr_report_sup_free(wr_report_sup *s);
/* Appends a flag's cells (kind ALLOCATION_SHORT, DUE_SOON or
 * LIST_THRESHOLD; others are ignored), copied into arena; false when out
 * of memory. */
bool wr_report_sup_add(wr_report_sup *s, int kind, const char *const *cells, wr_arena *arena);
/* The kinds wr_report_sup_add keeps (ALLOCATION_SHORT, DUE_SOON,
 * LIST_THRESHOLD), and those wr_report_employers_add reads more than the
 * severity and employer of (MISSING, UNDERPAID: in arrears). */
bool wr_report_sup_kind(int kind);
bool wr_report_arrears_kind(int kind);
/* Keeps what the employers section needs of any flag (cells as
 * flags.csv's); false when out of memory or a shortfall is not money. */
bool wr_report_employers_add(wr_report_sup *s, int kind, const char *const *cells,
                             wr_arena *arena);

/* What the page shows above the flags table. */
typedef struct {
    wr_lang lang;
    wr_month from, to;
    wr_day as_of;
    const char *const *project_filter; /* --project values as given */
    size_t n_project_filter;
    const wr_report *report;           /* headline, flags by severity and kind */
    const wr_vec *projects;            /* wr_project; a ledger row's `project` indexes it */
    const wr_report_sup *sup;          /* the supervision sections */
} wr_report_page;

/* The supervision sections (report_supervision.c); false when out of
 * memory. */
bool wr_report_supervision(FILE *f, const wr_report_page *pg, const wr_report_words *w);
/* An employer's name: that of the first project (projects read order)
 * of the employer that gives one, else "". */
const char *wr_report_employer_name(const wr_vec *projects, const char *employer_id);

/* The run's --project values as given, or "all projects". */
void wr_report_scope(FILE *f, const wr_report_page *pg, const wr_report_words *w);

/* The data-quality section (report_quality.c, D210), from pg->report
 * (false when out of memory), and the line under the title that names
 * rejects, status words other than SUCCESS and unchecked trailer totals
 * (nothing when none). */
bool wr_report_quality(FILE *f, const wr_report_page *pg, const wr_report_words *w);
void wr_report_quality_alert(FILE *f, const wr_report *r, const wr_report_words *w);

/* The employers in arrears (report_employers.c, D174); false when out of
 * memory. */
bool wr_report_employers(FILE *f, const wr_report_page *pg, const wr_report_words *w);

/* Head, headline, flags by kind, the supervision sections, the ledger
 * table and chart (rows of
 * wr_ledger_row, sorted as ledger.csv); false when out of memory. */
bool wr_report_write_top(FILE *f, const wr_report_page *pg, const wr_vec *ledger);
/* Which flags the table shows (DECISIONS D173), walked in page order:
 * every MISSING and UNDERPAID flag, and of every other kind the first
 * WR_REPORT_MAX_PER_KIND. True when the flag of `kind` is shown; counts
 * it in shown[kind]. The run and the merge of parts both decide so. */
bool wr_report_flag_shown(int kind, uint64_t shown[WR_N_KINDS]);
/* How many rows a kind with n flags gets. */
uint64_t wr_report_rows_of_kind(int kind, uint64_t n);
/* The flags heading and the table's header row, or the "no flags" line
 * when total is 0; then the rows shown; then the end, with a note of the
 * rows not shown, per kind (total and shown by kind). */
void wr_report_flags_begin(FILE *f, const wr_report_words *w, uint64_t total);
void wr_report_flags_end(FILE *f, const wr_report_words *w, const uint64_t total[WR_N_KINDS],
                         const uint64_t shown[WR_N_KINDS]);
/* The calendars heading and legend; the end, with the note of blocks
 * not shown. */
void wr_report_calendars_begin(FILE *f, const wr_report_words *w);
void wr_report_calendars_end(FILE *f, const wr_report_words *w, uint64_t total, uint64_t shown);
/* The footer and the end of the document. */
void wr_report_write_end(FILE *f, const wr_report_words *w);

/* ---- rows drawn from the run's model ---- */

/* The flags the table shows (wr_report_flag_shown) in page order
 * (DECISIONS D35), and the counted payments by bucket that their rows
 * need (a flag's card). */
typedef struct {
    uint32_t *order; /* indices into flags of those shown, page order */
    size_t shown;
    uint64_t total_of_kind[WR_N_KINDS], shown_of_kind[WR_N_KINDS];
    wr_grouping pays;
} wr_report_flag_list;

/* False when out of memory (nothing to free then). */
bool wr_report_flag_list_init(wr_report_flag_list *l, const wr_model *m, const wr_vec *flags);
void wr_report_flag_list_free(wr_report_flag_list *l);
/* A flag's place in that order, as a key whose byte order (strcmp) is
 * the page order across parts: severity, shortfall and owed (larger
 * first), then flags.csv's sort fields (D18) in hex, so any bytes of an
 * ID compare as in flags.csv. Written to f (ASCII, no quoting needed). */
void wr_report_flag_key(FILE *f, const wr_model *m, const wr_flag *fl, const wr_flag_cells *c);
/* One row of the flags table; c: the flag's cells (wr_flag_render).
 * False when out of memory (the row is built in memory first, D359). */
bool wr_report_flag_row(FILE *f, const wr_model *m, const wr_flag *fl, const wr_flag_cells *c,
                        const wr_report_flag_list *l, const wr_report_words *w);

/* The worker-months that get a calendar (attended days or counted
 * payments), and their payments grouped by bucket (the days are in each
 * bucket's day block). */
typedef struct {
    uint32_t *buckets; /* unsorted until wr_report_sort_calendars */
    size_t n;
    wr_grouping pays;
} wr_report_calendar_set;

/* False when out of memory (nothing to free then). */
bool wr_report_calendar_set_init(wr_report_calendar_set *s, const wr_model *m);
void wr_report_calendar_set_free(wr_report_calendar_set *s);
/* Sorts them by project_id, worker_id, period; with by_status, those in
 * arrears first, then late, then the rest (D35: when over the cap). */
void wr_report_sort_calendars(const wr_model *m, uint32_t *buckets, size_t n, bool by_status);
/* 0 in arrears, 1 late, 2 the rest. */
int wr_report_calendar_rank(const wr_model *m, uint32_t bucket);
/* A bucket's key for that order across parts: project_id and worker_id
 * in hex, then the period; written to f like the flag key. */
void wr_report_calendar_key(FILE *f, const wr_model *m, uint32_t bucket);
/* One worker-month's block: its calendar and its payments in words. */
void wr_report_calendar_block(FILE *f, const wr_model *m, const wr_report_calendar_set *s,
                              uint32_t bucket, const wr_report_words *w);
/* The calendars section of a --project run; false when out of memory. */
bool wr_report_calendars(FILE *f, const wr_model *m, const wr_report_words *w);

/* report_rows.json of a part's run (--report-rows, DECISIONS D48): the
 * part's first rows of the flags table and of the calendars, rendered,
 * with their keys; false when out of memory. */
bool wr_write_report_rows(FILE *f, const wr_model *m, const wr_vec *flags);

#endif
