/*
 * report.html, the data-quality section (issue 15 item 2; DECISIONS
 * D210): the options in effect, every input file as read (rows used, out
 * of scope and rejected with the reasons' counts, the descriptor's trailer
 * check, size and XXH3-128 of the file and its descriptor) and the
 * payment status words with their rows and amounts; and, under the page's
 * title, one line naming what needs a look (rejects, status words other
 * than SUCCESS, a trailer total left unchecked).
 *
 * Drawn from the wr_report only: the figures summary.json writes and the
 * terminal prints, so the three never disagree; the merge of parts fills
 * the wr_report from the partition's summary.json and writes the same
 * section with this code, byte for byte.
 */
#include <stdlib.h>
#include <string.h>

#include "../types/ident.h"
#include "../types/money.h"
#include "report_html.h"

/* What the alert line counts. */
typedef struct {
    uint64_t rejected, status_rows, unchecked;
    int64_t status_fen;
} quality_issues;

static quality_issues issues_of(const wr_report *r)
{
    quality_issues q = {0};
    bool overflow = false;
    for (size_t i = 0; i < r->n_files; i++) {
        q.rejected += r->files[i].rejected;
        q.unchecked += r->files[i].trailer == WR_TRAILER_TOTAL_UNCHECKED;
    }
    for (size_t i = 0; i < r->n_statuses; i++)
        if (strcmp(r->statuses[i].word, "SUCCESS") != 0) {
            q.status_rows += r->statuses[i].rows;
            q.status_fen = wr_add_fen(q.status_fen, r->statuses[i].amount_fen, &overflow);
        }
    return q;
}

void wr_report_quality_alert(FILE *f, const wr_report *r, const wr_report_words *w)
{
    quality_issues q = issues_of(r);
    if (q.rejected + q.status_rows + q.unchecked == 0)
        return;
    char amount[40];
    const char *sep = "";
    wr_report_wrap(f, "<p class=\"alert\" id=\"data-alert\">", w->dq_alert_head, "");
    if (q.rejected) {
        fprintf(f, w->dq_alert_rejects, (unsigned long long)q.rejected);
        sep = w->dq_alert_sep;
    }
    if (q.status_rows) {
        wr_format_fen_grouped(q.status_fen, amount);
        fputs(sep, f);
        fprintf(f, w->dq_alert_status, (unsigned long long)q.status_rows, amount);
        sep = w->dq_alert_sep;
    }
    if (q.unchecked) {
        fputs(sep, f);
        fprintf(f, w->dq_alert_trailer, (unsigned long long)q.unchecked);
    }
    wr_report_wrap(f, "", w->dq_alert_see, "<a href=\"#data-quality\">");
    wr_report_wrap(f, "", w->dq_title, "</a>");
    wr_report_wrap(f, "", w->dq_alert_end, "</p>\n");
}

/* A number of a count grouped by thousands. */
static void count_cell(FILE *f, uint64_t n)
{
    char digits[24], grouped[40];
    snprintf(digits, sizeof digits, "%llu", (unsigned long long)n);
    wr_group_thousands(digits, grouped);
    wr_report_td(f, grouped, "num");
}

static void option_row(FILE *f, const char *label, const char *value)
{
    wr_report_wrap(f, "<tr><th>", label, "</th>");
    wr_report_td(f, value, NULL);
    fputs("</tr>\n", f);
}

static void write_options(FILE *f, const wr_report_page *pg, const wr_report_words *w)
{
    const wr_report *r = pg->report;
    char text[256], a[40], b[40], from[8], to[8];
    fputs("<table id=\"run-options\">\n", f);
    wr_format_day(r->as_of_day, text);
    option_row(f, w->as_of, text);
    wr_format_month(r->from_month, from);
    wr_format_month(r->to_month, to);
    snprintf(text, sizeof text, "%s – %s", from, to);
    option_row(f, w->periods, text);
    wr_report_wrap(f, "<tr><th>", w->dq_scope, "</th><td>");
    wr_report_scope(f, pg, w);
    fputs("</td></tr>\n", f);
    wr_format_fen_grouped(r->tolerance_fen, a);
    snprintf(text, sizeof text, w->dq_money, a);
    option_row(f, w->dq_tolerance, text);
    wr_format_fen_grouped(r->large_payment_fen, a);
    snprintf(text, sizeof text, w->dq_money, a);
    option_row(f, w->dq_large_payment, text);
    wr_format_fen_grouped(r->list_worker_fen, a);
    wr_format_fen_grouped(r->list_total_fen, b);
    snprintf(text, sizeof text, w->dq_list_amounts, a, b);
    option_row(f, w->dq_list, text);
    if (r->warn_days > 0)
        snprintf(text, sizeof text, w->dq_warn_days, r->warn_days);
    option_row(f, w->dq_warn, r->warn_days > 0 ? text : w->dq_warn_off);
    option_row(f, w->dq_version, "wagerecon " WAGERECON_VERSION " · RULES v2");
    fputs("</table>\n", f);
}

/* A file's (or its descriptor's) size and digest cells. */
static void digest_cells(FILE *f, uint64_t size, const char *xxh3, const wr_report_words *w)
{
    if (!xxh3[0]) {
        wr_report_td(f, NULL, NULL);
        wr_report_td(f, w->dq_no_digest, NULL);
        return;
    }
    count_cell(f, size);
    fprintf(f, "<td><code>%s</code></td>", xxh3); /* 32 hex digits, as xxh128sum */
}

static void trailer_cell(FILE *f, const wr_file_stats *s, const wr_report_words *w)
{
    char text[160], total[40];
    if (s->trailer == WR_TRAILER_NONE) {
        wr_report_td(f, "–", NULL);
        return;
    }
    wr_format_fen_grouped(s->trailer_total_fen, total);
    if (s->trailer == WR_TRAILER_TOTAL_UNCHECKED)
        snprintf(text, sizeof text, w->dq_trailer_unchecked, (unsigned long long)s->trailer_rows);
    else if (s->trailer_has_total)
        snprintf(text, sizeof text, w->dq_trailer_ok, (unsigned long long)s->trailer_rows, total);
    else
        snprintf(text, sizeof text, w->dq_trailer_rows, (unsigned long long)s->trailer_rows);
    wr_report_td(f, text, s->trailer == WR_TRAILER_TOTAL_UNCHECKED ? "arrears" : NULL);
}

static void reasons_cell(FILE *f, const wr_file_stats *s)
{
    fputs("<td>", f);
    wr_write_reasons(f, s, "<code>%s</code> %llu", ", ");
    fputs("</td>", f);
}

static void write_files(FILE *f, const wr_report *r, const wr_report_words *w)
{
    fputs("<table id=\"inputs\"><thead><tr>", f);
    const char *cols[] = {w->dq_col_role, w->dq_col_file, w->dq_col_size, w->dq_col_digest,
                          w->dq_col_data,  w->dq_col_used, w->dq_col_out,  w->dq_col_rejected,
                          w->dq_col_reasons, w->dq_col_trailer};
    for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
        wr_report_th(f, cols[c]);
    fputs("</tr></thead>\n", f);
    for (size_t i = 0; i < r->n_files; i++) {
        const wr_file_stats *s = &r->files[i];
        fprintf(f, "<tr class=\"input\"><td><code>%s</code></td>", s->role);
        wr_report_td(f, s->name, NULL);
        digest_cells(f, s->size, s->xxh3, w);
        count_cell(f, s->data_rows);
        count_cell(f, s->used);
        count_cell(f, s->out_of_scope);
        count_cell(f, s->rejected);
        reasons_cell(f, s);
        trailer_cell(f, s, w);
        fputs("</tr>\n", f);
        if (!s->format_name)
            continue;
        wr_report_wrap(f, "<tr class=\"descriptor\"><td>", w->dq_descriptor, "</td>");
        wr_report_td(f, s->format_name, NULL);
        digest_cells(f, s->format_size, s->format_xxh3, w);
        fputs("<td></td><td></td><td></td><td></td><td></td><td></td></tr>\n", f);
    }
    wr_report_wrap(f, "</table>\n<p class=\"note\">", w->dq_files_note, "</p>\n");
}

/* False when out of memory (a word's masked copy). */
static bool write_statuses(FILE *f, const wr_report *r, const wr_report_words *w)
{
    wr_report_wrap(f, "<h3>", w->dq_statuses, "</h3>\n");
    if (r->n_statuses == 0) {
        wr_report_wrap(f, "<p>", w->dq_no_statuses, "</p>\n");
        return true;
    }
    fputs("<table id=\"statuses\"><thead><tr>", f);
    const char *cols[] = {w->dq_col_status, w->dq_col_rows, w->dq_col_amount, w->dq_col_counted};
    for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
        wr_report_th(f, cols[c]);
    fputs("</tr></thead>\n", f);
    for (size_t i = 0; i < r->n_statuses; i++) {
        const wr_status_word *s = &r->statuses[i];
        bool counted = strcmp(s->word, "SUCCESS") == 0;
        char *word = wr_mask_digit_runs_dup(s->word); /* a shifted ID or card */
        if (!word)
            return false;
        fputs("<tr><td><code>", f);
        wr_report_wrap(f, "", word, "</code></td>");
        free(word);
        count_cell(f, s->rows);
        fputs("<td class=\"num\">", f);
        wr_report_money(f, s->amount_fen);
        fputs("</td>", f);
        wr_report_td(f, counted ? w->dq_counted_yes : w->dq_counted_no,
                     counted ? NULL : "arrears");
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
    return true;
}

bool wr_report_quality(FILE *f, const wr_report_page *pg, const wr_report_words *w)
{
    wr_report_wrap(f, "<h2 id=\"data-quality\">", w->dq_title, "</h2>\n");
    wr_report_wrap(f, "<p class=\"note\">", w->dq_note, "</p>\n");
    write_options(f, pg, w);
    write_files(f, pg->report, w);
    return write_statuses(f, pg->report, w);
}
