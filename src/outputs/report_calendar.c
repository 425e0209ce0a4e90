/*
 * report.html, --project runs: one block per worker-month (bucket), with
 * a month calendar of attended days (and their hours, RULES 4.1) against
 * the due date (RULES 4.4) and the counted payments (RULES 4.5) on the
 * dates they were paid, on time or late, so missing and late pay shows at
 * a glance. The calendar runs from the period's month to the month of the
 * due date or of the last payment, at most three months; every counted
 * payment is also listed in words below it. Blocks are sorted by
 * project_id, worker_id, period; when there are more than
 * WR_REPORT_MAX_CALENDARS, the ones in arrears come first, then the late
 * ones, then the rest, and the cap cuts the tail (DECISIONS D35).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../io/outfile.h"
#include "../rules/rules.h"
#include "../types/ident.h"
#include "report_html.h"

#define MAX_MONTHS 3

/* The order of calendars (qsort_r context). */
typedef struct {
    const wr_model *model;
    bool by_status; /* too many to show: the worst first */
} bucket_order;

/* 0 in arrears, 1 late, 2 the rest. */
static int status_rank(const wr_bucket *b)
{
    return b->status == ST_MISSING || b->status == ST_UNDERPAID ? 0 : b->status == ST_LATE ? 1 : 2;
}

static int compare_buckets(const void *a, const void *b, void *ctx)
{
    const bucket_order *o = ctx;
    const wr_model *sort_model = o->model;
    const wr_bucket *x = WR_AT(sort_model->buckets, wr_bucket, *(const uint32_t *)a);
    const wr_bucket *y = WR_AT(sort_model->buckets, wr_bucket, *(const uint32_t *)b);
    if (o->by_status && status_rank(x) != status_rank(y))
        return status_rank(x) - status_rank(y);
    const wr_pair *px = WR_AT(sort_model->pairs, wr_pair, x->pair);
    const wr_pair *py = WR_AT(sort_model->pairs, wr_pair, y->pair);
    int c = strcmp(WR_AT(sort_model->projects, wr_project, px->project)->id,
                   WR_AT(sort_model->projects, wr_project, py->project)->id);
    if (!c)
        c = strcmp(WR_AT(sort_model->workers, wr_worker, px->worker)->id,
                   WR_AT(sort_model->workers, wr_worker, py->worker)->id);
    return c ? c : (x->period > y->period) - (x->period < y->period);
}

/* One day of the calendar: attended hours (-1 none) and payments. */
typedef struct {
    int32_t centi_hours;
    int64_t on_time_fen, late_fen;
} cal_day;

static void write_month(FILE *f, const wr_report_words *w, wr_month month, const cal_day *days,
                        wr_day due_date)
{
    int n_days = wr_month_days(month);
    wr_day first = wr_month_first_day(month);
    char label[8];
    wr_format_month(month, label);
    fprintf(f, "<table class=\"cal\"><caption>%s</caption><tr>", label);
    for (int d = 0; d < 7; d++) {
        wr_report_wrap(f, "<th>", w->weekday[d], "</th>");
    }
    fputs("</tr>\n<tr>", f);
    int col = wr_weekday(first);
    for (int i = 0; i < col; i++)
        fputs("<td class=\"blank\"></td>", f);
    for (int d = 1; d <= n_days; d++, col++) {
        if (col == 7) {
            fputs("</tr>\n<tr>", f);
            col = 0;
        }
        const cal_day *c = &days[d - 1];
        bool attended = c->centi_hours >= 0, due = first + d - 1 == due_date;
        const char *cls = attended && due ? " class=\"att due\""
                        : attended        ? " class=\"att\""
                        : due             ? " class=\"due\""
                                          : "";
        fprintf(f, "<td%s><span class=\"d\">%d</span>", cls, d);
        if (attended)
            fprintf(f, "<span class=\"h\">%d.%02d%s</span>", c->centi_hours / 100,
                    c->centi_hours % 100, w->hours);
        if (c->on_time_fen > 0) {
            fputs("<span class=\"pay ontime\">", f);
            wr_report_money(f, c->on_time_fen);
            fputs("</span>", f);
        }
        if (c->late_fen > 0) {
            fputs("<span class=\"pay late\">", f);
            wr_report_money(f, c->late_fen);
            fputs("</span>", f);
        }
        fputs("</td>", f);
    }
    for (; col < 7; col++)
        fputs("<td class=\"blank\"></td>", f);
    fputs("</tr></table>\n", f);
}

static void write_status(FILE *f, const wr_bucket *b, const wr_report_words *w)
{
    int kind = b->status == ST_MISSING ? K_MISSING : b->status == ST_UNDERPAID ? K_UNDERPAID
             : b->status == ST_LATE    ? K_LATE : -1;
    fprintf(f, "<span class=\"sev sev-%s\">",
            wr_severity_name(kind < 0 ? SEV_LOW : wr_kind_severity(kind)));
    wr_report_wrap(f, "", kind >= 0 ? w->kind[kind] : b->due ? w->status_none : w->status_not_due,
                   "</span>");
}

void wr_report_calendar_block(FILE *f, const wr_model *m, const wr_report_calendar_set *s,
                              uint32_t bi, const wr_report_words *w)
{
    const wr_grouping *pays = &s->pays;
    const wr_bucket *b = WR_AT(m->buckets, wr_bucket, bi);
    const wr_pair *p = WR_AT(m->pairs, wr_pair, b->pair);
    const wr_worker *wk = WR_AT(m->workers, wr_worker, p->worker);
    char id[24], period[8], due[11];
    wr_mask_id(wk->id, wk->id_len, id);
    wr_format_month(b->period, period);
    wr_format_day(b->due_date, due);
    const char *name = p->roster_name        ? p->roster_name
                     : p->first_payee_name ? p->first_payee_name
                                           : ""; /* DECISIONS D11 */
    wr_report_wrap(f, "<div class=\"worker\"><h3><b>", name, "</b> ");
    wr_report_wrap(f, "", id, " · "); /* its last 4 bytes are the input's */
    wr_report_wrap(f, "", WR_AT(m->projects, wr_project, p->project)->id, "");
    fprintf(f, " · %s · ", period);
    wr_report_wrap(f, "", w->col_due, " ");
    fprintf(f, "%s · ", due);
    if (b->owed_known) {
        wr_report_wrap(f, "", w->col_owed, " ");
        wr_report_money(f, b->owed_fen);
        fputs(" · ", f);
    }
    wr_report_wrap(f, "", w->col_paid, " ");
    wr_report_money(f, b->paid_fen);
    fputc(' ', f);
    write_status(f, b, w);
    fputs("</h3>\n<div class=\"months\">\n", f);

    wr_month last = b->period;
    wr_month due_month = wr_month_of_day(b->due_date);
    if (due_month > last)
        last = due_month;
    for (uint32_t k = pays->start[bi]; k < pays->start[bi + 1]; k++) {
        wr_month pm = wr_month_of_day(WR_AT(m->payments, wr_payment, pays->order[k])->paid_at);
        if (pm > last)
            last = pm;
    }
    if (last > b->period + MAX_MONTHS - 1)
        last = b->period + MAX_MONTHS - 1;
    for (wr_month month = b->period; month <= last; month++) {
        cal_day cal[31];
        for (int d = 0; d < 31; d++)
            cal[d] = (cal_day){-1, 0, 0};
        uint32_t day_ids[31];
        uint32_t n_days = wr_model_bucket_days(m, bi, day_ids);
        for (uint32_t k = 0; k < n_days; k++) {
            const wr_attday av = wr_model_day(m, day_ids[k]), *a = &av;
            int y, mo, d;
            wr_ymd_from_day(a->date, &y, &mo, &d);
            if (wr_month_of_day(a->date) == month)
                cal[d - 1].centi_hours = wr_attday_centi_hours(a);
        }
        for (uint32_t k = pays->start[bi]; k < pays->start[bi + 1]; k++) {
            const wr_payment *pay = WR_AT(m->payments, wr_payment, pays->order[k]);
            int y, mo, d;
            wr_ymd_from_day(pay->paid_at, &y, &mo, &d);
            if (wr_month_of_day(pay->paid_at) != month)
                continue;
            if (pay->paid_at <= b->due_date)
                cal[d - 1].on_time_fen += pay->amount_fen;
            else
                cal[d - 1].late_fen += pay->amount_fen;
        }
        write_month(f, w, month, cal, b->due_date);
    }
    wr_report_wrap(f, "</div>\n<p class=\"note\">", w->payments_list, ": ");
    if (pays->start[bi] == pays->start[bi + 1])
        wr_report_wrap(f, "", w->no_payments, "");
    for (uint32_t k = pays->start[bi]; k < pays->start[bi + 1]; k++) {
        const wr_payment *pay = WR_AT(m->payments, wr_payment, pays->order[k]);
        char day[11], card[16] = "";
        wr_format_day(pay->paid_at, day);
        size_t n = strnlen(pay->card_tail, sizeof pay->card_tail);
        if (n)
            wr_report_mask_tail(pay->card_tail, n, card);
        fprintf(f, "%s%s ", k > pays->start[bi] ? "; " : "", day);
        wr_report_money(f, pay->amount_fen);
        fputc(' ', f);
        wr_report_wrap(f, "", card, "");
        fprintf(f, " <span class=\"%s\">", pay->paid_at <= b->due_date ? "ontime" : "late");
        wr_report_wrap(f, "", pay->paid_at <= b->due_date ? w->legend_on_time : w->legend_late,
                       "</span>");
    }
    fputs("</p></div>\n", f);
}

void wr_report_calendars_begin(FILE *f, const wr_report_words *w)
{
    wr_report_wrap(f, "<h2>", w->calendars, "</h2>\n<p class=\"legend\">");
    wr_report_wrap(f, "<span><i class=\"sw\" style=\"background:#c8e6c9\"></i>",
                   w->legend_attended,
                   "</span><span><i class=\"sw\" style=\"border:2px dashed #c62828\"></i>");
    wr_report_wrap(f, "", w->legend_due, "");
    wr_report_wrap(f, "</span><span class=\"ontime\"><b>123.00</b> ", w->legend_on_time,
                   "</span><span class=\"late\"><b>123.00</b> ");
    wr_report_wrap(f, "", w->legend_late, "</span></p>\n");
}

void wr_report_calendars_end(FILE *f, const wr_report_words *w, uint64_t total, uint64_t shown)
{
    if (shown < total) {
        fputs("<p class=\"note\">", f);
        fprintf(f, w->calendars_more, (size_t)(total - shown));
        fputs("</p>\n", f);
    }
}

bool wr_report_calendar_set_init(wr_report_calendar_set *s, const wr_model *m)
{
    s->n = 0;
    s->buckets = malloc((m->buckets.len + 1) * sizeof *s->buckets);
    if (!s->buckets)
        return false;
    if (!wr_group_by_bucket(&m->payments, offsetof(wr_payment, bucket), m->buckets.len,
                            &s->pays)) {
        free(s->buckets);
        return false;
    }
    for (uint32_t i = 0; i < m->buckets.len; i++) {
        const wr_bucket *b = WR_AT(m->buckets, wr_bucket, i);
        if (b->n_days > 0 || b->counted_payments > 0)
            s->buckets[s->n++] = i;
    }
    return true;
}

void wr_report_calendar_set_free(wr_report_calendar_set *s)
{
    free(s->buckets);
    wr_grouping_free(&s->pays);
}

void wr_report_sort_calendars(const wr_model *m, uint32_t *buckets, size_t n, bool by_status)
{
    bucket_order o = {m, by_status};
    if (n > 1)
        qsort_r(buckets, n, sizeof *buckets, compare_buckets, &o);
}

int wr_report_calendar_rank(const wr_model *m, uint32_t bucket)
{
    return status_rank(WR_AT(m->buckets, wr_bucket, bucket));
}

void wr_report_calendar_key(FILE *f, const wr_model *m, uint32_t bucket)
{
    const wr_bucket *b = WR_AT(m->buckets, wr_bucket, bucket);
    const wr_pair *p = WR_AT(m->pairs, wr_pair, b->pair);
    /* compare_buckets' order: ' ' sorts before every hex digit, as the end
     * of a string does; periods are months >= 0 in fixed width. */
    wr_hex_text(f, WR_AT(m->projects, wr_project, p->project)->id);
    fputc(' ', f);
    wr_hex_text(f, WR_AT(m->workers, wr_worker, p->worker)->id);
    fprintf(f, " %08x", (unsigned)b->period);
}

bool wr_report_calendars(FILE *f, const wr_model *m, const wr_report_words *w)
{
    wr_report_calendars_begin(f, w);
    wr_report_calendar_set cs;
    if (!wr_report_calendar_set_init(&cs, m))
        return false;
    wr_report_sort_calendars(m, cs.buckets, cs.n, cs.n > WR_REPORT_MAX_CALENDARS);
    size_t shown = cs.n < WR_REPORT_MAX_CALENDARS ? cs.n : WR_REPORT_MAX_CALENDARS;
    for (size_t i = 0; i < shown; i++)
        wr_report_calendar_block(f, m, &cs, cs.buckets[i], w);
    wr_report_calendars_end(f, w, cs.n, shown);
    wr_report_calendar_set_free(&cs);
    return true;
}
