/*
 * report.html: the page an inspector opens (issue 7; helpers and caps in
 * report_html.h). Written from the same sorted flags and ledger as the
 * machine outputs, after the self-check, as one more file of the atomic
 * output set. Sections: headline (DECISIONS D21), flags by kind and
 * severity, the ledger per project and month as a table and an SVG bar
 * chart, the flags most severe and largest first, and for --project runs
 * a calendar per worker-month (report_calendar.c).
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../io/outfile.h"
#include "../rules/rules.h"
#include "../types/ident.h"
#include "../types/keysort.h"
#include "../types/money.h"
#include "../types/strings.h"
#include "../store/store.h"
#include "report_html.h"

static const char css[] =
    "body{font-family:\"Noto Sans CJK SC\",\"WenQuanYi Micro Hei\",\"PingFang SC\","
    "\"Microsoft YaHei\",sans-serif;margin:24px auto;max-width:1280px;padding:0 16px;"
    "color:#222;line-height:1.4}\n"
    "h1{font-size:24px;margin:0 0 4px}\n"
    "h2{font-size:18px;margin:28px 0 8px;border-bottom:2px solid #ddd;padding-bottom:4px}\n"
    ".meta,.note{color:#666;font-size:13px}\n"
    ".figs{display:flex;gap:16px;margin:16px 0}\n"
    ".fig{flex:1;border:1px solid #e3c4c4;background:#fdf3f3;border-radius:6px;padding:12px 16px}\n"
    ".fig .label{font-size:15px;color:#7a3030}\n"
    ".fig .value{font-size:32px;font-weight:bold;color:#b00020}\n"
    ".fig .unit{font-size:15px;font-weight:normal;margin-left:6px}\n"
    ".sev{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;color:#fff;"
    "white-space:nowrap}\n"
    ".sev-high{background:#c62828}.sev-medium{background:#ef8c00}.sev-low{background:#78909c}\n"
    ".chips span{margin-right:12px}\n"
    "table{border-collapse:collapse;font-size:13px;margin:8px 0}\n"
    "th,td{border:1px solid #ddd;padding:3px 7px;text-align:left;vertical-align:top}\n"
    "th{background:#f4f4f4;white-space:nowrap}\n"
    "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "td.arrears{color:#b00020;font-weight:bold}\n"
    ".mark{font-size:12px;padding:0 4px;border-radius:3px;background:#eee}\n"
    ".mark.m1{background:#fde2e1}.mark.m4{background:#fff0c2}\n"
    "code{font-size:11px;color:#555}\n"
    "svg text{font-size:11px;fill:#333}\n"
    ".worker{border:1px solid #ddd;border-radius:6px;padding:8px 12px;margin:10px 0;"
    "break-inside:avoid}\n"
    ".worker h3{font-size:14px;margin:0 0 6px;font-weight:normal}\n"
    ".worker h3 b{font-size:15px}\n"
    ".months{display:flex;gap:18px;flex-wrap:wrap;align-items:flex-start}\n"
    ".months caption{font-weight:bold;font-size:12px;text-align:left}\n"
    "table.cal{font-size:11px;margin:0}\n"
    "table.cal th{font-weight:normal;text-align:center;padding:1px}\n"
    "table.cal td{width:58px;height:36px;padding:1px 3px}\n"
    "table.cal td.blank{background:#fafafa;border-color:#f0f0f0}\n"
    "td.att{background:#c8e6c9}\n"
    "td.due{outline:2px dashed #c62828;outline-offset:-3px}\n"
    ".d{color:#555}.h{color:#2e7d32;font-size:10px;margin-left:3px}\n"
    ".pay{display:block;font-weight:bold;white-space:nowrap}\n"
    ".ontime{color:#1565c0}.late{color:#e65100}\n"
    ".legend span{display:inline-block;margin-right:14px;font-size:12px}\n"
    ".sw{display:inline-block;width:12px;height:12px;vertical-align:middle;margin-right:4px;"
    "border:1px solid #bbb}\n"
    "footer{margin-top:32px;color:#666;font-size:12px;border-top:1px solid #ddd;padding-top:8px}\n"
    ".alert{border:1px solid #e0b252;background:#fff8e1;border-radius:4px;padding:6px 10px}\n"
    "#run-options th{text-align:left;font-weight:normal;color:#555}\n"
    "code.fid{white-space:nowrap}\n"
    "tr.flag:target{outline:2px solid #1565c0}\n"
    /* Printing (DECISIONS D172): A4 landscape, table headers repeated on
     * every page (thead), rows not split, names and numbers on one line
     * so no column narrows to one character; long texts wrap. */
    "@media print{@page{size:A4 landscape;margin:10mm}\n"
    "body{max-width:none;margin:0;padding:0;font-size:10px}\n"
    "h1{font-size:18px}h2{font-size:14px;margin:14px 0 6px;break-after:avoid}\n"
    ".figs{margin:8px 0}.fig .value{font-size:22px}\n"
    "table{font-size:8px}table:not(.cal){width:100%}th,td{padding:1px 2px}\n"
    "thead{display:table-header-group}tr{break-inside:avoid}\n"
    "td{white-space:nowrap}td.wrap{white-space:normal;min-width:30mm}code{font-size:7px}\n"
    "svg{max-width:100%;height:auto}\n"
    ".worker{display:inline-block;width:48.5%;margin:4px 0.5%;padding:4px 6px;"
    "vertical-align:top;box-sizing:border-box;break-inside:avoid}\n"
    ".months{gap:6px}table.cal{font-size:7px}table.cal td{width:auto;height:auto;padding:0 2px}"
    ".h{font-size:6px}}\n";

static void severity_chip(FILE *f, const wr_report_words *w, int sev)
{
    fprintf(f, "<span class=\"sev sev-%s\">", wr_severity_name(sev));
    wr_report_wrap(f, "", w->severity[sev], "</span>");
}

static void write_head(FILE *f, const wr_report_page *pg, const wr_report_words *w)
{
    char from[8], to[8], as_of[11];
    wr_format_month(pg->from, from);
    wr_format_month(pg->to, to);
    wr_format_day(pg->as_of, as_of);
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
            w->lang);
    wr_report_wrap(f, "", w->title, "");
    fprintf(f, " %s – %s</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", from, to, css);
    wr_report_wrap(f, "", w->title, "</h1>\n<p class=\"meta\">");
    wr_report_wrap(f, "", w->periods, "");
    fprintf(f, " %s – %s · ", from, to);
    wr_report_wrap(f, "", w->as_of, "");
    fprintf(f, " %s · ", as_of);
    wr_report_wrap(f, "", w->projects, "");
    wr_report_scope(f, pg, w);
    fputs("</p>\n", f);
}

/* The three figures of the headline, then flags by severity and kind. */
static void write_headline(FILE *f, const wr_report *r, const wr_report_words *w)
{
    fputs("<section class=\"figs\" id=\"headline\">\n", f);
    const char *labels[3] = {w->employers, w->workers, w->amount};
    const char *units[3] = {w->unit_employers, w->unit_workers, w->unit_money};
    for (int i = 0; i < 3; i++) {
        wr_report_wrap(f, "<div class=\"fig\"><div class=\"label\">", labels[i],
                       "</div><div class=\"value\">");
        if (i == 0)
            fprintf(f, "%llu", (unsigned long long)r->employers_in_arrears);
        else if (i == 1)
            fprintf(f, "%llu", (unsigned long long)r->workers_in_arrears);
        else
            wr_report_money(f, r->arrears_fen);
        wr_report_wrap(f, "<span class=\"unit\">", units[i], "</span></div></div>\n");
    }
    wr_report_wrap(f, "</section>\n<h2>", w->by_kind, "</h2>\n<p class=\"chips\">");
    for (int s = 0; s < 3; s++) {
        fputs("<span>", f);
        severity_chip(f, w, s);
        fprintf(f, " %llu</span>", (unsigned long long)r->flags_by_severity[s]);
    }
    fputs("</p>\n", f);
    if (r->flags_by_severity[0] + r->flags_by_severity[1] + r->flags_by_severity[2] == 0) {
        wr_report_wrap(f, "<p>", w->no_flags, "</p>\n");
        return;
    }
    wr_report_wrap(f, "<table id=\"kinds\"><tr><th>", w->col_severity, "</th><th>");
    wr_report_wrap(f, "", w->col_kind, "");
    wr_report_wrap(f, "</th><th>", w->col_code, "</th><th>");
    wr_report_wrap(f, "", w->col_count, "</th></tr>\n");
    for (int s = 0; s < 3; s++)
        for (int k = 0; k < WR_N_KINDS; k++) {
            if (wr_kind_severity(k) != s || r->flags_by_kind[k] == 0)
                continue;
            fputs("<tr><td>", f);
            severity_chip(f, w, s);
            wr_report_wrap(f, "</td><td>", w->kind[k], "");
            fprintf(f, "</td><td><code>%s</code></td><td class=\"num\">%llu</td></tr>\n",
                    wr_kind_name(k), (unsigned long long)r->flags_by_kind[k]);
        }
    fputs("</table>\n", f);
}

static void money_cell(FILE *f, int64_t fen, const char *cls)
{
    fprintf(f, "<td class=\"num%s%s\">", cls ? " " : "", cls ? cls : "");
    wr_report_money(f, fen);
    fputs("</td>", f);
}

/* Coverage = workers_paid / workers_attended of the ledger row, as a
 * fraction and a percentage rounded down (DECISIONS D35). */
static void coverage_cell(FILE *f, const wr_ledger_row *r)
{
    if (r->attended == 0) {
        fputs("<td class=\"num\">–</td>", f);
        return;
    }
    fprintf(f, "<td class=\"num\">%llu/%llu (%llu%%)</td>", (unsigned long long)r->paid_workers,
            (unsigned long long)r->attended,
            (unsigned long long)(r->paid_workers * 100 / r->attended));
}

static void write_ledger_table(FILE *f, const wr_report_page *pg, const wr_vec *ledger,
                               const wr_report_words *w)
{
    fputs("<table id=\"ledger\"><thead><tr>", f);
    const char *cols[] = {w->col_project, w->col_employer, w->col_month, w->col_attended,
                          w->col_paid_workers, w->col_coverage, w->col_owed, w->col_paid,
                          w->col_arrears, w->col_in_arrears, w->col_late};
    for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
        wr_report_th(f, cols[c]);
    fputs("</tr></thead>\n", f);
    size_t shown = ledger->len < WR_REPORT_MAX_LEDGER ? ledger->len : WR_REPORT_MAX_LEDGER;
    for (size_t i = 0; i < shown; i++) {
        const wr_ledger_row *r = WR_AT(*ledger, wr_ledger_row, i);
        const wr_project *p = WR_AT(*pg->projects, wr_project, r->project);
        char period[8];
        wr_format_month(r->period, period);
        wr_report_wrap(f, "<tr><td>", p->id, "");
        if (p->name[0])
            wr_report_wrap(f, " ", p->name, "");
        wr_report_wrap(f, "</td><td>", p->employer_name[0] ? p->employer_name : p->employer_id, "");
        fprintf(f, "</td><td class=\"num\">%s</td><td class=\"num\">%llu</td>"
                   "<td class=\"num\">%llu</td>", period,
                (unsigned long long)r->attended, (unsigned long long)r->paid_workers);
        coverage_cell(f, r);
        money_cell(f, r->owed_fen, NULL);
        money_cell(f, r->paid_fen, NULL);
        money_cell(f, r->arrears_fen, r->arrears_fen > 0 ? "arrears" : NULL);
        fprintf(f, "<td class=\"num\">%llu</td><td class=\"num\">%llu</td></tr>\n",
                (unsigned long long)r->in_arrears, (unsigned long long)r->late_workers);
    }
    wr_report_wrap(f, "</table>\n<p class=\"note\">", w->coverage_note, "");
    if (shown < ledger->len) {
        fputc(' ', f);
        fprintf(f, w->ledger_more, ledger->len - shown);
    }
    fputs("</p>\n", f);
}

/* Chart order: the ledger's when it fits, else the largest arrears (then
 * owed, then ledger order) first (DECISIONS D35). */
static int compare_chart_rows(const void *a, const void *b, void *ctx) /* ctx: the ledger */
{
    const wr_vec *chart_ledger = ctx;
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    const wr_ledger_row *rx = WR_AT(*chart_ledger, wr_ledger_row, x);
    const wr_ledger_row *ry = WR_AT(*chart_ledger, wr_ledger_row, y);
    if (rx->arrears_fen != ry->arrears_fen)
        return rx->arrears_fen > ry->arrears_fen ? -1 : 1;
    if (rx->owed_fen != ry->owed_fen)
        return rx->owed_fen > ry->owed_fen ? -1 : 1;
    return (x > y) - (x < y);
}

/* Bar length in pixels: value / max of the chart, integer arithmetic. */
static int bar_px(int64_t fen, int64_t max_fen, int width_px)
{
    if (fen <= 0 || max_fen <= 0)
        return 0;
    int px = (int)((__int128)fen * width_px / max_fen);
    return px > 0 ? px : 1;
}

/* Two panels (DECISIONS D172): owed and paid on one scale, arrears on
 * its own, so arrears small beside owed still show their size. */
enum { CHART_LABEL_PX = 200, CHART_BAR_PX = 360, CHART_ARREARS_X = 680, CHART_ARREARS_PX = 240,
       CHART_BAR_H = 10, CHART_ROW_H = 36 };

static void chart_bar(FILE *f, int x, int y, int px, int h, const char *colour, int64_t fen)
{
    fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>"
               "<text x=\"%d\" y=\"%d\">",
            x, y, px, h, colour, x + px + 4, y + h / 2 + 4);
    wr_report_money(f, fen);
    fputs("</text>\n", f);
}

static bool write_ledger_chart(FILE *f, const wr_report_page *pg, const wr_vec *ledger,
                               const wr_report_words *w)
{
    size_t n = ledger->len < WR_REPORT_MAX_CHART ? ledger->len : WR_REPORT_MAX_CHART;
    uint32_t *rows = malloc((ledger->len + 1) * sizeof *rows);
    if (!rows)
        return false;
    for (uint32_t i = 0; i < ledger->len; i++)
        rows[i] = i;
    if (n < ledger->len) {
        qsort_r(rows, ledger->len, sizeof *rows, compare_chart_rows, (void *)ledger);
    }
    int64_t max_fen = 0, max_arrears_fen = 0;
    for (size_t i = 0; i < n; i++) {
        const wr_ledger_row *r = WR_AT(*ledger, wr_ledger_row, rows[i]);
        if (r->owed_fen > max_fen)
            max_fen = r->owed_fen;
        if (r->paid_fen > max_fen)
            max_fen = r->paid_fen;
        if (r->arrears_fen > max_arrears_fen)
            max_arrears_fen = r->arrears_fen;
    }
    static const char *const colours[3] = {"#90a4ae", "#43a047", "#c62828"};
    const char *names[3] = {w->col_owed, w->col_paid, w->col_arrears};
    int height = 30 + (int)n * CHART_ROW_H;
    int width = CHART_ARREARS_X + CHART_ARREARS_PX + 110;
    fprintf(f, "<svg id=\"chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n",
            width, height, width, height);
    for (int j = 0; j < 3; j++) {
        int x = j < 2 ? CHART_LABEL_PX + j * 110 : CHART_ARREARS_X;
        fprintf(f, "<rect x=\"%d\" y=\"6\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                   "<text x=\"%d\" y=\"16\">",
                x, colours[j], x + 16);
        wr_report_wrap(f, "", names[j], "</text>\n");
    }
    for (size_t i = 0; i < n; i++) {
        const wr_ledger_row *r = WR_AT(*ledger, wr_ledger_row, rows[i]);
        int y = 30 + (int)i * CHART_ROW_H;
        char period[8];
        wr_format_month(r->period, period);
        fprintf(f, "<text x=\"0\" y=\"%d\">", y + 14);
        wr_report_wrap(f, "", WR_AT(*pg->projects, wr_project, r->project)->id, "");
        fprintf(f, " %s</text>\n", period);
        chart_bar(f, CHART_LABEL_PX, y, bar_px(r->owed_fen, max_fen, CHART_BAR_PX), CHART_BAR_H,
                  colours[0], r->owed_fen);
        chart_bar(f, CHART_LABEL_PX, y + CHART_BAR_H + 1,
                  bar_px(r->paid_fen, max_fen, CHART_BAR_PX), CHART_BAR_H, colours[1],
                  r->paid_fen);
        fprintf(f, "<g class=\"arrears\">");
        chart_bar(f, CHART_ARREARS_X, y, bar_px(r->arrears_fen, max_arrears_fen, CHART_ARREARS_PX),
                  2 * CHART_BAR_H + 1, colours[2], r->arrears_fen);
        fputs("</g>\n", f);
    }
    fputs("</svg>\n", f);
    wr_report_wrap(f, "<p class=\"note\">", w->chart_scales, "");
    if (n < ledger->len) {
        fputc(' ', f);
        fprintf(f, w->chart_largest, (int)n, ledger->len);
    }
    fputs("</p>\n", f);
    free(rows);
    return true;
}

/* ---- the flags, most severe and largest first (DECISIONS D35) ---- */

/* The page's order: severity (high first), then shortfall and owed,
 * larger first, then flags.csv's order (the flags' own). */

/* The amounts that order a flag on the page (DECISIONS D35, D121): its
 * shortfall and owed columns as flags.csv has them for the project and
 * employer kinds (ALLOCATION_SHORT's cum_owed and shortfall,
 * LIST_THRESHOLD's total), else the bucket's shortfall (MISSING,
 * UNDERPAID) and owed when known; 0 otherwise. */
static int64_t agg_shortfall_fen(const wr_agg_flag_record *a)
{
    return a->has_shortfall ? a->shortfall_fen : 0;
}

static int64_t agg_owed_fen(const wr_agg_flag_record *a)
{
    return a->has_owed ? a->owed_fen : 0;
}

static const wr_agg_flag_record *agg_of(const wr_model *m, const wr_flag *fl)
{
    return wr_is_agg_kind(fl->kind) ? WR_AT(m->agg_flags, wr_agg_flag_record, fl->ref) : NULL;
}

static int64_t flag_shortfall_fen(const wr_model *m, const wr_flag *fl)
{
    const wr_agg_flag_record *a = agg_of(m, fl);
    return a ? agg_shortfall_fen(a) : wr_flag_shortfall(m, fl);
}

static int64_t flag_owed_fen(const wr_model *m, const wr_flag *fl)
{
    const wr_agg_flag_record *a = agg_of(m, fl);
    if (a)
        return agg_owed_fen(a);
    const wr_bucket *b = wr_is_bucket_kind(fl->kind) ? WR_AT(m->buckets, wr_bucket, fl->ref) : NULL;
    return b && b->owed_known ? b->owed_fen : 0;
}

bool wr_report_flag_list_init(wr_report_flag_list *l, const wr_model *m, const wr_vec *flags)
{
    /* D379: compare_flag_order's order by three key sorts, the least
     * significant field first, from the flags' own order (the last field) */
    size_t n = flags->len;
    uint64_t *key = malloc((3 * n + 1) * sizeof *key);
    uint32_t *order = malloc((n + 1) * sizeof *order), *tmp = malloc((n + 1) * sizeof *tmp);
    l->order = malloc((n + 1) * sizeof *l->order);
    if (!key || !order || !tmp || !l->order ||
        !wr_group_by_bucket(&m->payments, offsetof(wr_payment, bucket), m->buckets.len, &l->pays)) {
        free(key);
        free(order);
        free(tmp);
        free(l->order);
        l->order = NULL;
        return false;
    }
    uint64_t *owed = key, *shortfall = key + n, *severity = key + 2 * n;
    for (uint32_t i = 0; i < n; i++) {
        const wr_flag *fl = WR_AT(*flags, wr_flag, i);
        order[i] = i;
        owed[i] = wr_key_descending(flag_owed_fen(m, fl));
        shortfall[i] = wr_key_descending(flag_shortfall_fen(m, fl));
        severity[i] = fl->severity;
    }
    wr_sort_by_key(order, n, owed, tmp);
    wr_sort_by_key(order, n, shortfall, tmp);
    wr_sort_by_key(order, n, severity, tmp);
    memset(l->total_of_kind, 0, sizeof l->total_of_kind);
    memset(l->shown_of_kind, 0, sizeof l->shown_of_kind);
    l->shown = 0;
    for (uint32_t i = 0; i < n; i++) {
        int kind = WR_AT(*flags, wr_flag, order[i])->kind;
        l->total_of_kind[kind]++;
        if (wr_report_flag_shown(kind, l->shown_of_kind))
            l->order[l->shown++] = order[i];
    }
    free(key);
    free(order);
    free(tmp);
    return true;
}

void wr_report_flag_list_free(wr_report_flag_list *l)
{
    free(l->order);
    wr_grouping_free(&l->pays);
}

/* A signed amount as 16 hex digits whose byte order is the amounts'
 * order reversed (larger first). */
static void key_amount_desc(FILE *f, int64_t fen)
{
    fprintf(f, " %016" PRIx64, ~((uint64_t)fen ^ UINT64_C(0x8000000000000000)));
}

/* The key of a flag with these cells and amounts. */
static void flag_key(FILE *f, const wr_flag_cells *c, int severity, int64_t shortfall_fen,
                     int64_t owed_fen)
{
    fprintf(f, "%d", severity);
    key_amount_desc(f, shortfall_fen);
    key_amount_desc(f, owed_fen);
    /* flags.csv order: the fields the merge of flags.csv compares (D18);
     * ' ' sorts before every hex digit, as the end of a string does. */
    static const int fields[] = {3, 5, 7, 1, 0}; /* project, worker, period, kind, flag_id */
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        fputc(' ', f);
        wr_hex_text(f, c->cell[fields[i]] ? c->cell[fields[i]] : "");
    }
}

void wr_report_flag_key(FILE *f, const wr_model *m, const wr_flag *fl, const wr_flag_cells *c)
{
    flag_key(f, c, fl->severity, flag_shortfall_fen(m, fl), flag_owed_fen(m, fl));
}

/* UNKNOWN_ACCOUNT (D214): the first payee (name, ID masked) and how
 * many, what the account paid and the case the flag goes into. */
static bool unknown_account_more(wr_buf *row, const wr_model *m, const wr_unknown_account *u,
                                 const wr_report_words *w)
{
    char name[512], id[24], paid[40], case_id[17], text[1024];
    wr_mask_digit_runs(u->first_payee_name, name, sizeof name);
    wr_mask_id(u->first_payee_id, strlen(u->first_payee_id), id);
    wr_format_fen_grouped(u->paid_fen, paid);
    wr_account_case_id(u->account, m->opt->from_month, m->opt->to_month, case_id);
    snprintf(text, sizeof text, w->unknown_account_more, name, id, u->payees, paid, case_id);
    return wr_report_buf_wrap(row, "", text, "");
}

/* The account flags' detail with the account masked to its last 4. */
static bool account_detail(wr_buf *row, const wr_model *m, const wr_flag *fl,
                           const wr_report_words *w)
{
    const char *account, *txn_id;
    uint32_t rows;
    if (fl->kind == K_DUPLICATE_TXN) {
        const wr_txn *t = WR_AT(m->txns, wr_txn, fl->ref);
        account = t->account, txn_id = t->txn_id, rows = t->rows;
    } else {
        const wr_unknown_account *u = WR_AT(m->unknown_accounts, wr_unknown_account, fl->ref);
        account = u->account, txn_id = u->first_txn_id, rows = u->rows;
    }
    char masked[16], count[24] = " rows=";
    wr_report_mask_tail(account, strlen(account), masked);
    wr_format_int(rows, count + 6);
    /* As HTML text: the last 4 bytes may be markup or part of a character. */
    bool ok = wr_report_buf_wrap(row, "<td class=\"wrap\">account=", masked, " txn_id=") &&
              wr_report_buf_wrap(row, "", txn_id, "") && wr_report_buf_text(row, count);
    if (ok && fl->kind == K_UNKNOWN_ACCOUNT)
        ok = unknown_account_more(row, m,
                                  WR_AT(m->unknown_accounts, wr_unknown_account, fl->ref), w);
    return ok && wr_report_buf_text(row, "</td>");
}

/* RATE_BELOW_MINIMUM's detail (D171): the contract rate against the
 * minimum wage in force, RULES 5.2's comparison, as explain shows it. */
static bool below_minimum_detail(wr_buf *row, const wr_model *m, const wr_flag *fl,
                                 const wr_report_words *w)
{
    wr_below_minimum below;
    if (!wr_bucket_first_below_minimum(m, fl->ref, &below))
        return wr_report_buf_td(row, NULL, "wrap");
    const wr_bucket *b = WR_AT(m->buckets, wr_bucket, fl->ref);
    const wr_project *p = WR_AT(m->projects, wr_project, WR_AT(m->pairs, wr_pair, b->pair)->project);
    char comparison[160], from[11], day[11], text[512];
    wr_below_minimum_comparison(m, &below, comparison);
    wr_format_day(below.min_wage->effective_from, from);
    wr_format_day(below.day, day);
    snprintf(text, sizeof text, w->below_minimum, comparison, p->region, from, day);
    return wr_report_buf_td(row, text, "wrap");
}

/* With --store, the flag's mark against the store (DECISIONS D78). */
static bool store_mark(wr_buf *row, int mark, const wr_report_words *w)
{
    const char *text = mark == WR_MARK_NEW          ? w->mark_new
                       : mark == WR_MARK_PERSISTING ? w->mark_persisting
                       : mark == WR_MARK_CHANGED    ? w->mark_changed
                       : mark == WR_MARK_REOPENED   ? w->mark_reopened
                                                    : NULL;
    if (!text)
        return true;
    char tag[48];
    snprintf(tag, sizeof tag, "<br><span class=\"mark m%d\">", mark);
    return wr_report_buf_text(row, tag) && wr_report_buf_text(row, text) &&
           wr_report_buf_text(row, "</span>");
}

/* With --store, what the store says of this run, above the flags (D78). */
static void store_line(FILE *f, const wr_report *r, const wr_report_words *w)
{
    if (!r->store_used)
        return;
    fputs("<p class=\"store\">", f);
    fprintf(f, w->store_line, (unsigned long long)r->store_new,
            (unsigned long long)r->store_persisting, (unsigned long long)r->store_changed,
            (unsigned long long)r->store_reopened, (unsigned long long)r->store_resolved);
    fputs("</p>\n", f);
}

/* A flags table row up to its days cell; the caller writes the detail
 * cell, then flag_row_end. `card` is the masked card or ""; `mark` the
 * flag's against the store (WR_MARK_*, 0 without --store). */
static bool flag_row_begin(wr_buf *row, const wr_flag_cells *c, int kind, int severity,
                           const char *card, int mark, const wr_report_words *w)
{
    /* The flag id, and the row's anchor (#F<flag_id>), D170. */
    bool ok = wr_report_buf_wrap(row, "<tr class=\"flag\" id=\"F", c->cell[0], "\">") &&
              wr_report_buf_wrap(row, "<td><code class=\"fid\">", c->cell[0], "</code></td><td>");
    /* the severity chip (severity_chip's bytes) */
    ok = ok && wr_report_buf_text(row, "<span class=\"sev sev-") &&
         wr_report_buf_text(row, wr_severity_name(severity)) && wr_report_buf_text(row, "\">") &&
         wr_report_buf_wrap(row, "", w->severity[severity], "</span>");
    ok = ok && wr_report_buf_wrap(row, "</td><td>", w->kind[kind], "<br><code>") &&
         wr_report_buf_text(row, wr_kind_name(kind)) && wr_report_buf_text(row, "</code>") &&
         store_mark(row, mark, w) && wr_report_buf_text(row, "</td>");
    ok = ok && wr_report_buf_td(row, c->cell[3], NULL) && wr_report_buf_td(row, c->cell[6], NULL);
    char id[24] = "";
    if (c->cell[5])
        wr_mask_id(c->cell[5], strlen(c->cell[5]), id);
    ok = ok && wr_report_buf_td(row, id, "num") && wr_report_buf_td(row, card, "num") &&
         wr_report_buf_td(row, c->cell[7], "num") && wr_report_buf_td(row, c->cell[8], "num") &&
         wr_report_buf_td_money(row, c->cell[9], "num") &&
         wr_report_buf_td_money(row, c->cell[10], "num") &&
         wr_report_buf_td_money(row, c->cell[11], "num") &&
         wr_report_buf_td_money(row, c->cell[12], c->cell[12] ? "num arrears" : "num");
    char days[64] = "";
    if (kind == K_LATE)
        snprintf(days, sizeof days, w->days_late, atoi(c->cell[13]));
    else if (c->cell[14])
        snprintf(days, sizeof days, w->days_overdue, atoi(c->cell[14]));
    return ok && wr_report_buf_td(row, days, NULL);
}

/* The basis (RULES 5.4) in the page's language (D120), and the row's end. */
static bool flag_row_end(wr_buf *row, int kind, const wr_report_words *w)
{
    return wr_report_buf_td(row, w->basis[kind], "wrap") && wr_report_buf_text(row, "</tr>\n");
}

/* One row appended to `row` (D359: built in memory, one write a row). */
static bool flag_row(wr_buf *row, const wr_model *m, const wr_flag *fl, const wr_flag_cells *c,
                     const wr_report_flag_list *l, const wr_report_words *w)
{
    const wr_grouping *pays = &l->pays;
    char card[16] = "";
    /* The card of the bucket's first counted payment. */
    if (wr_is_bucket_kind(fl->kind) && pays->start[fl->ref] < pays->start[fl->ref + 1]) {
        const wr_payment *p = WR_AT(m->payments, wr_payment, pays->order[pays->start[fl->ref]]);
        size_t n = strnlen(p->card_tail, sizeof p->card_tail);
        if (n)
            wr_report_mask_tail(p->card_tail, n, card);
    }
    int mark = wr_store_mark_of(m->store, fl);
    bool ok = flag_row_begin(row, c, fl->kind, fl->severity, card, mark, w);
    if (fl->kind == K_DUPLICATE_TXN || fl->kind == K_UNKNOWN_ACCOUNT)
        ok = ok && account_detail(row, m, fl, w);
    else if (fl->kind == K_RATE_BELOW_MINIMUM)
        ok = ok && below_minimum_detail(row, m, fl, w);
    else
        ok = ok && wr_report_buf_td(row, c->cell[15], "wrap");
    return ok && flag_row_end(row, fl->kind, w);
}

bool wr_report_flag_row(FILE *f, const wr_model *m, const wr_flag *fl, const wr_flag_cells *c,
                        const wr_report_flag_list *l, const wr_report_words *w)
{
    wr_buf row = {0};
    bool ok = flag_row(&row, m, fl, c, l, w);
    if (ok && row.len)
        fwrite(row.p, 1, row.len, f);
    free(row.p);
    return ok;
}

bool wr_report_flag_shown(int kind, uint64_t shown[WR_N_KINDS])
{
    if (kind != K_MISSING && kind != K_UNDERPAID && shown[kind] >= WR_REPORT_MAX_PER_KIND)
        return false;
    shown[kind]++;
    return true;
}

uint64_t wr_report_rows_of_kind(int kind, uint64_t n)
{
    return kind == K_MISSING || kind == K_UNDERPAID || n < WR_REPORT_MAX_PER_KIND
               ? n
               : WR_REPORT_MAX_PER_KIND;
}

void wr_report_flags_begin(FILE *f, const wr_report_words *w, uint64_t total)
{
    wr_report_wrap(f, "<h2>", w->flag_list, "</h2>\n");
    if (total == 0) {
        wr_report_wrap(f, "<p>", w->no_flags, "</p>\n");
        return;
    }
    fputs("<p class=\"note\">", f);
    fprintf(f, w->flags_rule, WR_REPORT_MAX_PER_KIND);
    wr_report_wrap(f, " ", w->flag_id_note, "</p>\n");
    fputs("<table id=\"flags\"><thead><tr>", f);
    const char *cols[] = {w->col_flag_id, w->col_severity, w->col_kind, w->col_project, w->col_name,
                          w->col_id, w->col_card, w->col_month, w->col_due,
                          w->col_owed, w->col_paid, w->col_on_time, w->col_shortfall,
                          w->col_days, w->col_detail, w->col_basis};
    for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
        wr_report_th(f, cols[c]);
    fputs("</tr></thead>\n", f);
}

/* The kinds with flags left out, each with how many, and where they are
 * (D173). */
void wr_report_flags_end(FILE *f, const wr_report_words *w, const uint64_t total[WR_N_KINDS],
                         const uint64_t shown[WR_N_KINDS])
{
    uint64_t all = 0, left = 0;
    for (int k = 0; k < WR_N_KINDS; k++)
        all += total[k], left += total[k] - shown[k];
    if (all == 0)
        return;
    fputs("</table>\n", f);
    if (left == 0)
        return;
    wr_report_wrap(f, "<p class=\"note\" id=\"left-out\">", w->flags_left_out, "");
    bool first = true;
    for (int s = 0; s < 3; s++)
        for (int k = 0; k < WR_N_KINDS; k++) {
            if (wr_kind_severity(k) != s || total[k] == shown[k])
                continue;
            fputs(first ? "" : w->flags_left_sep, f);
            fprintf(f, w->flags_left_kind, w->kind[k], wr_kind_name(k),
                    (unsigned long long)(total[k] - shown[k]));
            first = false;
        }
    wr_report_wrap(f, "", w->flags_where, "</p>\n");
}

static bool write_flag_table(FILE *f, const wr_model *m, const wr_vec *flags,
                             const wr_report_words *w)
{
    wr_report_flags_begin(f, w, flags->len);
    store_line(f, m->report, w);
    wr_report_flag_list l;
    if (flags->len == 0)
        return true;
    if (!wr_report_flag_list_init(&l, m, flags))
        return false;
    wr_flag_cells c;
    wr_buf rows = {0}; /* written 64 KB at a time (D359) */
    bool ok = true;
    for (size_t i = 0; ok && i < l.shown; i++) {
        const wr_flag *fl = WR_AT(*flags, wr_flag, l.order[i]);
        wr_flag_render(m, fl, &c);
        ok = flag_row(&rows, m, fl, &c, &l, w);
        if (ok && (rows.len >= 64 * 1024 || i + 1 == l.shown)) {
            fwrite(rows.p, 1, rows.len, f);
            rows.len = 0;
        }
    }
    free(rows.p);
    if (ok)
        wr_report_flags_end(f, w, l.total_of_kind, l.shown_of_kind);
    wr_report_flag_list_free(&l);
    return ok;
}

bool wr_report_write_top(FILE *f, const wr_report_page *pg, const wr_vec *ledger)
{
    const wr_report_words *w = wr_report_words_for(pg->lang);
    write_head(f, pg, w);
    wr_report_quality_alert(f, pg->report, w); /* D210: what needs a look, first */
    write_headline(f, pg->report, w);
    if (!wr_report_employers(f, pg, w) || !wr_report_supervision(f, pg, w))
        return false;
    wr_report_wrap(f, "<h2>", w->by_month, "</h2>\n");
    if (ledger->len == 0) {
        wr_report_wrap(f, "<p>", w->no_ledger, "</p>\n");
    } else {
        write_ledger_table(f, pg, ledger, w);
        if (!write_ledger_chart(f, pg, ledger, w))
            return false;
    }
    return wr_report_quality(f, pg, w);
}

void wr_report_write_end(FILE *f, const wr_report_words *w)
{
    wr_report_wrap(f, "<footer>", w->privacy, "");
    fputs(" · wagerecon " WAGERECON_VERSION "</footer>\n</body>\n</html>\n", f);
}

/* The flags the supervision and employers sections show, from the run's
 * model. */
static bool collect_sup(const wr_model *m, const wr_vec *flags, wr_report_sup *sup,
                        wr_arena *arena)
{
    sup->warn_days = m->opt->warn_days;
    sup->list_worker_fen = m->list_worker_fen;
    sup->list_total_fen = m->list_total_fen;
    for (size_t i = 0; i < flags->len; i++) {
        const wr_flag *fl = WR_AT(*flags, wr_flag, i);
        wr_flag_cells c;
        if (wr_report_sup_kind(fl->kind) || wr_report_arrears_kind(fl->kind)) {
            wr_flag_render(m, fl, &c);
        } else { /* D380: the employers section reads its severity and employer only */
            memset(c.cell, 0, sizeof c.cell);
            c.cell[2] = wr_severity_name(fl->severity);
            c.cell[4] = wr_flag_employer_id(m, fl);
        }
        if (!wr_report_sup_add(sup, fl->kind, c.cell, arena) ||
            !wr_report_employers_add(sup, fl->kind, c.cell, arena))
            return false;
    }
    return true;
}

bool wr_write_report_html_top(FILE *f, const wr_model *m, const wr_vec *flags,
                              const wr_vec *ledger, void (*counted)(void *ctx), void *ctx)
{
    wr_report_sup sup;
    wr_arena arena;
    wr_report_sup_init(&sup);
    wr_arena_init(&arena);
    const wr_report_page pg = {m->opt->lang, m->opt->from_month, m->opt->to_month,
                               m->opt->as_of_day, m->opt->project_filter,
                               m->opt->n_project_filter, m->report, &m->projects, &sup};
    bool ok = collect_sup(m, flags, &sup, &arena);
    if (counted)
        counted(ctx);
    ok = ok && wr_report_write_top(f, &pg, ledger);
    wr_report_sup_free(&sup);
    wr_arena_free(&arena);
    return ok;
}

bool wr_write_report_html_flags(FILE *f, const wr_model *m, const wr_vec *flags)
{
    const wr_report_words *w = wr_report_words_for(m->opt->lang);
    bool ok = write_flag_table(f, m, flags, w);
    if (ok && m->opt->n_project_filter > 0)
        ok = wr_report_calendars(f, m, w);
    wr_report_write_end(f, w);
    return ok;
}

bool wr_write_report_html(FILE *f, const wr_model *m, const wr_vec *flags, const wr_vec *ledger)
{
    return wr_write_report_html_top(f, m, flags, ledger, NULL, NULL) &&
           wr_write_report_html_flags(f, m, flags);
}
