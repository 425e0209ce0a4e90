/*
 * report.html, the inspector's page (issue 7), split in three files that
 * share this header: report_html.c writes the page (headline, flags by
 * kind and severity, the ledger as a table and an SVG bar chart, the flags
 * most severe and largest first); report_calendar.c the per-worker month
 * calendars of --project runs; report_words.c the Chinese and English
 * words. The page is one self-contained file: inline CSS and SVG, no
 * scripts, no fonts or anything else from the network. Person-readable,
 * so IDs are masked (wr_mask_id) and cards and accounts show their last 4
 * characters only (RULES 6). Money is integer fen, printed by
 * wr_format_fen; chart geometry is integer arithmetic.
 */
#ifndef WR_REPORT_HTML_H
#define WR_REPORT_HTML_H

#include <stdio.h>

#include "outputs.h"

/* Caps that keep a city-wide report a reasonable size (DECISIONS). */
#define WR_REPORT_MAX_FLAGS 500      /* rows of the flags table */
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
    const char *flags_more;       /* printf: %zu flags not shown */
    const char *calendars, *legend_attended, *legend_on_time, *legend_late, *legend_due;
    const char *weekday[7], *status_none, *status_not_due, *payments_list, *no_payments;
    const char *calendars_more;   /* printf: %zu worker-months not shown */
    const char *hours, *privacy;
} wr_report_words;

const wr_report_words *wr_report_words_for(wr_lang lang);

/* Masks for person-readable output: "310110********0226" (wr_mask_id) and
 * "****0115" (last 4 characters of a card or account; buf >= 16). */
void wr_report_mask_tail(const char *s, size_t n, char *buf);

/* Writes before, then s as HTML text (wr_html_text), then after. */
void wr_report_wrap(FILE *f, const char *before, const char *s, const char *after);

/* Writes money as "1234.50" (wr_format_fen), HTML-safe. */
void wr_report_money(FILE *f, int64_t fen);

/* The calendars of a --project run; false when out of memory. */
bool wr_report_calendars(FILE *f, const wr_model *m, const wr_report_words *w);

#endif
