/*
 * report_rows.json: what a part's run (`--report-rows`, written into every
 * part's args by the partitioner) gives the merge of parts so that it can
 * write the single run's report.html byte for byte (DECISIONS D48).
 *
 * Most of the page follows from the merged outputs (headline, flags by
 * kind, the ledger). Its two lists do not: a flag row shows the card of
 * its bucket's first counted payment and an account flag's account, and a
 * calendar shows a worker-month's days, hours and payments, facts no
 * merged output holds. Every such row concerns one bucket, pair or
 * account, hence one part (docs/SCALE_OUT.md), so the part's run renders
 * it exactly as the single run would. The page shows every MISSING and
 * UNDERPAID flag and the first rows of each other kind in a total order
 * (D35, D173), so the single run's rows are among the union of every
 * part's: a part writes the rows its own page would show (all of those
 * two kinds, the first WR_REPORT_MAX_PER_KIND of each other) with their
 * kind and its flag count per kind, and its first WR_REPORT_MAX_CALENDARS
 * calendars in both orders the page may use (which one depends on the
 * whole run's count), each with a key whose byte order is the page order
 * across parts. The merge sorts the union by key and selects as the run.
 *
 *   {"lang":"zh","projects":[--project values],"warn_days":W,
 *    "list_worker_fen":A,"list_total_fen":B,"flags":N,
 *    "flags_by_kind":[N per kind, in wr_kind order],
 *    "flag_rows":[{"kind":"MISSING","key":"...","html":"<tr ...>\n"}, ...],
 *    "calendars":M,"calendar_rows":[{"rank":0,"key":"...","html":"..."}, ...]}
 *
 * A machine output: keys carry full IDs (in hex); the HTML is the page's,
 * already masked. The HTML is valid UTF-8 without control characters but
 * its newlines (wr_html_text), so its JSON string reads back exactly.
 */
#include <stdlib.h>
#include <string.h>

#include "../io/outfile.h"
#include "report_html.h"

/* Writes one "html" member: the fragment rendered into memory first, as
 * JSON needs it whole. */
typedef struct {
    char *text;
    size_t len;
    FILE *f;
} fragment;

static bool fragment_open(fragment *g)
{
    g->text = NULL;
    g->f = open_memstream(&g->text, &g->len);
    return g->f != NULL;
}

static bool fragment_emit(fragment *g, FILE *out)
{
    bool ok = wr_memstream_close(g->f, &g->text);
    if (ok) {
        fputs(",\"html\":", out);
        wr_json_string(out, g->text);
        fputs("}", out);
    }
    free(g->text);
    return ok;
}

static bool write_flag_rows(FILE *f, const wr_model *m, const wr_vec *flags,
                            const wr_report_words *w)
{
    wr_report_flag_list l = {0};
    bool listed = flags->len > 0 && wr_report_flag_list_init(&l, m, flags);
    bool ok = flags->len == 0 || listed;
    fprintf(f, ",\"flags\":%zu,\"flags_by_kind\":[", (size_t)flags->len);
    for (int k = 0; k < WR_N_KINDS; k++)
        fprintf(f, "%s%llu", k ? "," : "", (unsigned long long)l.total_of_kind[k]);
    fputs("],\"flag_rows\":[", f);
    for (size_t i = 0; i < l.shown && ok; i++) {
        const wr_flag *fl = WR_AT(*flags, wr_flag, l.order[i]);
        fragment g;
        fprintf(f, "%s{\"kind\":\"%s\",\"key\":\"", i ? "," : "", wr_kind_name(fl->kind));
        wr_flag_cells c;
        wr_flag_render(m, fl, &c); /* once for the key and the row */
        wr_report_flag_key(f, m, fl, &c);
        fputc('"', f);
        ok = fragment_open(&g);
        if (ok) {
            bool row = wr_report_flag_row(g.f, m, fl, &c, &l, w);
            ok = fragment_emit(&g, f) && row;
        }
    }
    fputs("]", f);
    if (listed)
        wr_report_flag_list_free(&l);
    return ok;
}

/* The calendars (--project runs) in either order's first
 * WR_REPORT_MAX_CALENDARS, each once, in key order. */
static bool write_calendar_rows(FILE *f, const wr_model *m, const wr_report_words *w)
{
    wr_report_calendar_set cs = {0};
    bool has = m->opt->n_project_filter > 0;
    if (has && !wr_report_calendar_set_init(&cs, m))
        return false;
    bool *keep = cs.n ? calloc(m->buckets.len, sizeof *keep) : NULL;
    fprintf(f, ",\"calendars\":%zu,\"calendar_rows\":[", cs.n);
    size_t cap = cs.n < WR_REPORT_MAX_CALENDARS ? cs.n : WR_REPORT_MAX_CALENDARS;
    if (keep) {
        wr_report_sort_calendars(m, cs.buckets, cs.n, true);
        for (size_t i = 0; i < cap; i++)
            keep[cs.buckets[i]] = true;
        wr_report_sort_calendars(m, cs.buckets, cs.n, false);
        for (size_t i = 0; i < cap; i++)
            keep[cs.buckets[i]] = true;
    }
    bool ok = cs.n == 0 || keep, first = true;
    for (size_t i = 0; i < cs.n && ok; i++) {
        uint32_t b = cs.buckets[i];
        if (!keep[b])
            continue;
        fragment g;
        fprintf(f, "%s{\"rank\":%d,\"key\":\"", first ? "" : ",",
                wr_report_calendar_rank(m, b));
        wr_report_calendar_key(f, m, b);
        fputc('"', f);
        first = false;
        ok = fragment_open(&g);
        if (ok) {
            wr_report_calendar_block(g.f, m, &cs, b, w);
            ok = fragment_emit(&g, f);
        }
    }
    fputs("]", f);
    free(keep);
    if (has)
        wr_report_calendar_set_free(&cs);
    return ok;
}

bool wr_write_report_rows(FILE *f, const wr_model *m, const wr_vec *flags)
{
    const wr_report_words *w = wr_report_words_for(m->opt->lang);
    fputs("{\"lang\":", f);
    wr_json_string(f, w->lang);
    fputs(",\"projects\":[", f);
    for (size_t i = 0; i < m->opt->n_project_filter; i++) {
        fputs(i ? "," : "", f);
        wr_json_string(f, m->opt->project_filter[i]);
    }
    /* What shapes the supervision sections' words (report_supervision.c). */
    fprintf(f, "],\"warn_days\":%d,\"list_worker_fen\":%lld,\"list_total_fen\":%lld",
            m->opt->warn_days, (long long)m->list_worker_fen, (long long)m->list_total_fen);
    bool ok = write_flag_rows(f, m, flags, w) && write_calendar_rows(f, m, w);
    fputs("}\n", f);
    return ok;
}
