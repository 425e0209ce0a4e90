/*
 * report.html of the merge (DECISIONS D48): the single run's page, byte
 * for byte, from the merged outputs and the parts' report_rows.json
 * (src/outputs/report_rows.c says what a part writes there and why it is
 * enough).
 *
 * The top of the page (head, headline, flags by kind, the ledger table
 * and chart) is written by the run's own code (wr_report_write_top) from
 * the merged headline and ledger and the projects every part carries.
 * The flags table and the calendars are the union of the parts' rows,
 * sorted by their keys (the page order, D35) and cut at the page's caps;
 * the notes of rows not shown count the parts' totals. A part's row is
 * data, never HTML copied through (DECISIONS D93): the merge parses it
 * into tags of the report's own closed vocabulary (render_row) and text,
 * and writes the tags it knows and the text escaped again; a row holding
 * anything else (a script, an attribute other than class, a valid full
 * ID number: the page masks them, D35) refuses the part. For the rows a run
 * renders this gives back the same bytes, so the page is still the single
 * run's.
 *
 * Memory: every part's rows (its MISSING and UNDERPAID flags, at most
 * WR_REPORT_MAX_PER_KIND of each other kind, and 2 *
 * WR_REPORT_MAX_CALENDARS calendars a part; about 1 KB a row), in the
 * merge's arena.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../io/outfile.h"
#include "../types/error.h"
#include "../types/ident.h"
#include "merge.h"

static int bad_rows(const char *part_out, const char *what, wr_error *err)
{
    return wr_errorf(err, WR_EINPUT, "%s/report_rows.json: %s", part_out, what);
}

/* A non-negative integer member. */
static bool count_of(const wr_json *obj, const char *key, uint64_t *v)
{
    const wr_json *j = wr_json_get(obj, key);
    *v = j && j->type == WR_JSON_NUMBER && j->is_u64 ? j->u64 : 0;
    return j && j->type == WR_JSON_NUMBER && j->is_u64;
}

/* The tags a flag row or a calendar is made of (report_html.c,
 * report_calendar.c), with at most a class="[a-z -]" attribute and an
 * id="F[0-9a-f]" (a flag row's anchor). */
static const char *const row_tags[] = {"tr",  "td", "th", "span", "div", "table", "caption",
                                       "br",  "code", "h3", "b",   "p",   "i",     "small"};

/* One tag at s ('<' ... '>'): its length when it is of the vocabulary,
 * else 0. */
static size_t row_tag(const char *s)
{
    const char *p = s + 1 + (s[1] == '/');
    size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789");
    bool known = false;
    for (size_t i = 0; i < sizeof row_tags / sizeof row_tags[0] && !known; i++)
        known = strlen(row_tags[i]) == n && strncmp(row_tags[i], p, n) == 0;
    if (!known)
        return 0;
    p += n;
    if (s[1] != '/' && strncmp(p, " class=\"", 8) == 0) {
        p += 8 + strspn(p + 8, "abcdefghijklmnopqrstuvwxyz -");
        if (*p++ != '"')
            return 0;
    }
    if (s[1] != '/' && strncmp(p, " id=\"F", 6) == 0) { /* a flag row's anchor (D170) */
        p += 6 + strspn(p + 6, "0123456789abcdef");
        if (*p++ != '"')
            return 0;
    }
    return *p == '>' ? (size_t)(p + 1 - s) : 0;
}

/* The entities wr_html_text writes, and the bytes they stand for. */
static const char *const entities[][2] = {
    {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}};

/* Whether html holds a full ID number (GB 11643, valid), which the page
 * only ever shows masked. */
static bool holds_full_id(const char *html)
{
    size_t run = 0;
    for (const char *s = html; *s; s++) {
        bool digit = *s >= '0' && *s <= '9';
        if (run == 17 && (digit || *s == 'X') && wr_id_is_valid(s - 17, 18, INT32_MAX))
            return true;
        run = digit ? run + 1 : 0;
    }
    return false;
}

/* Parses a part's row and, when f is not NULL, writes it: each tag as it
 * is, each text run decoded and escaped again (wr_html_text). False when
 * the row holds anything but the vocabulary and text, or a full ID. */
static bool render_row(FILE *f, const char *html)
{
    char text[512];
    size_t tn = 0;
    if (holds_full_id(html))
        return false;
    for (const char *s = html;;) {
        if (*s == '<' || *s == '\0' ||
            (tn + 4 >= sizeof text && ((unsigned char)*s & 0xC0) != 0x80)) {
            if (f && tn)
                wr_html_text(f, text, tn);
            tn = 0;
        }
        if (*s == '\0')
            return true;
        if (*s == '<') {
            size_t n = row_tag(s);
            if (n == 0)
                return false;
            if (f)
                fwrite(s, 1, n, f);
            s += n;
            continue;
        }
        if (*s == '>' || *s == '"' || *s == '\'')
            return false; /* wr_html_text writes these as entities */
        if (*s == '&') {
            size_t e = 0;
            while (e < 5 && strncmp(s, entities[e][0], strlen(entities[e][0])) != 0)
                e++;
            if (e == 5)
                return false;
            text[tn++] = entities[e][1][0];
            s += strlen(entities[e][0]);
            continue;
        }
        if (*s == '\n' && f) { /* a line end between tags: kept (wr_html_text drops it) */
            if (tn)
                wr_html_text(f, text, tn);
            tn = 0;
            fputc('\n', f);
            s++;
            continue;
        }
        text[tn++] = *s++;
    }
}

/* Appends a part's rows of one list (calendars ranked, flag rows with
 * their kind, counted in of_kind): 0, -1 when one is malformed, or
 * WR_ENOMEM. */
static int take_rows(const wr_json *list, bool ranked, wr_vec *rows, size_t *taken,
                     uint64_t of_kind[WR_N_KINDS])
{
    *taken = 0;
    if (!list || list->type != WR_JSON_ARRAY)
        return -1;
    for (const wr_json *r = list->child; r; r = r->next) {
        const wr_json *key = wr_json_get(r, "key"), *html = wr_json_get(r, "html");
        const wr_json *kind = wr_json_get(r, "kind");
        uint64_t rank = 0;
        int k = !ranked && kind && kind->type == WR_JSON_STRING ? wr_kind_of_name(kind->text) : -1;
        if (!key || key->type != WR_JSON_STRING || !html || html->type != WR_JSON_STRING ||
            (ranked && (!count_of(r, "rank", &rank) || rank > 2)) || (!ranked && k < 0) ||
            !render_row(NULL, html->text))
            return -1;
        wr_page_row *row = wr_vec_push(rows);
        if (!row)
            return WR_ENOMEM;
        *row = (wr_page_row){key->text, html->text, (int)rank, k};
        if (!ranked)
            of_kind[k]++;
        (*taken)++;
    }
    return 0;
}

/* A part's flag count per kind (report_rows.c), adding to `flags`. */
static bool kind_counts(const wr_json *doc, uint64_t n[WR_N_KINDS], uint64_t *flags)
{
    const wr_json *a = wr_json_get(doc, "flags_by_kind"), *j = a ? a->child : NULL;
    if (!a || a->type != WR_JSON_ARRAY)
        return false;
    *flags = 0;
    for (int k = 0; k < WR_N_KINDS; k++, j = j->next) {
        if (!j || j->type != WR_JSON_NUMBER || !j->is_u64)
            return false;
        n[k] = j->u64;
        *flags += n[k];
    }
    return j == NULL;
}

/* The parts' language and --project values, which must be part 1's. */
static int same_options(wr_merged_page *pg, const wr_json *doc, const char *part_out,
                         bool first, wr_error *err)
{
    const wr_json *lang = wr_json_get(doc, "lang"), *projects = wr_json_get(doc, "projects");
    int l = -1;
    for (int i = WR_LANG_ZH; lang && lang->type == WR_JSON_STRING && i <= WR_LANG_EN; i++)
        if (strcmp(wr_report_words_for((wr_lang)i)->lang, lang->text) == 0)
            l = i;
    if (l < 0 || !projects || projects->type != WR_JSON_ARRAY)
        return bad_rows(part_out, "no language or --project list", err);
    const char *filter[WR_MAX_PROJECT_FILTER];
    size_t n = 0;
    for (const wr_json *p = projects->child; p; p = p->next) {
        if (p->type != WR_JSON_STRING || n == WR_MAX_PROJECT_FILTER)
            return bad_rows(part_out, "bad --project list", err);
        filter[n++] = p->text;
    }
    /* What shapes the supervision sections' words (report_rows.c). */
    uint64_t warn_days, worker_fen, total_fen;
    if (!count_of(doc, "warn_days", &warn_days) || warn_days > INT32_MAX ||
        !count_of(doc, "list_worker_fen", &worker_fen) || worker_fen > INT64_MAX ||
        !count_of(doc, "list_total_fen", &total_fen) || total_fen > INT64_MAX)
        return bad_rows(part_out, "no --warn-days or list amounts", err);
    if (first) {
        pg->sup.warn_days = (int)warn_days;
        pg->sup.list_worker_fen = (int64_t)worker_fen;
        pg->sup.list_total_fen = (int64_t)total_fen;
    } else if ((int)warn_days != pg->sup.warn_days ||
               (int64_t)worker_fen != pg->sup.list_worker_fen ||
               (int64_t)total_fen != pg->sup.list_total_fen) {
        return wr_errorf(err, WR_EINPUT,
                         "%s: run with another --warn-days or list amounts than part 1", part_out);
    }
    if (first) {
        pg->lang = (wr_lang)l;
        pg->n_project_filter = n;
        memcpy(pg->project_filter, filter, n * sizeof *filter);
        return 0;
    }
    bool same = (wr_lang)l == pg->lang && n == pg->n_project_filter;
    for (size_t i = 0; same && i < n; i++)
        same = strcmp(filter[i], pg->project_filter[i]) == 0;
    return same ? 0
                : wr_errorf(err, WR_EINPUT, "%s: run with another --lang or --project than part 1",
                            part_out);
}

int wr_merge_page_rows(const wr_json *const *docs, const char *const *part_out, size_t n,
                       wr_merged_page *pg, wr_error *err)
{
    for (size_t k = 0; k < n; k++) {
        const wr_json *d = docs[k];
        uint64_t flags, by_kind_sum, calendars, by_kind[WR_N_KINDS], rows_of_kind[WR_N_KINDS] = {0};
        size_t n_flag_rows, n_calendar_rows;
        int rc = same_options(pg, d, part_out[k], k == 0, err);
        if (rc)
            return rc;
        if (!count_of(d, "flags", &flags) || !count_of(d, "calendars", &calendars) ||
            !kind_counts(d, by_kind, &by_kind_sum) || by_kind_sum != flags)
            rc = -1;
        if (!rc)
            rc = take_rows(wr_json_get(d, "flag_rows"), false, &pg->flag_rows, &n_flag_rows,
                           rows_of_kind);
        if (!rc)
            rc = take_rows(wr_json_get(d, "calendar_rows"), true, &pg->calendar_rows,
                           &n_calendar_rows, rows_of_kind);
        if (rc == WR_ENOMEM)
            return wr_error_nomem(err, "for report.html's rows");
        if (rc)
            return bad_rows(part_out[k], "not a wagerecon report_rows.json (or a row "
                            "outside the report's tags and text, or an unmasked ID: D93)", err);
        /* A part gives the rows its page shows (D173) and its first
         * calendars up to the cap (both orders): fewer would leave a row
         * of the page out unseen. */
        uint64_t cal_cap = calendars < WR_REPORT_MAX_CALENDARS ? calendars
                                                               : WR_REPORT_MAX_CALENDARS;
        bool complete = n_calendar_rows >= cal_cap && n_calendar_rows <= 2 * cal_cap;
        for (int kind = 0; kind < WR_N_KINDS; kind++) {
            complete = complete && rows_of_kind[kind] == wr_report_rows_of_kind(kind, by_kind[kind]);
            pg->flags_by_kind[kind] += by_kind[kind];
        }
        if (!complete)
            return bad_rows(part_out[k], "rows missing or too many", err);
        pg->flags += flags;
        pg->calendars += calendars;
    }
    return 0;
}

static int compare_rows(const void *a, const void *b, void *ctx) /* ctx: bool, by rank first */
{
    bool sort_by_rank = *(const bool *)ctx;
    const wr_page_row *x = a, *y = b;
    if (sort_by_rank && x->rank != y->rank)
        return x->rank - y->rank;
    return strcmp(x->key, y->key);
}

static void sort_rows(wr_vec *rows, bool by_rank)
{
    if (rows->len > 1)
        qsort_r(rows->data, rows->len, sizeof(wr_page_row), compare_rows, &by_rank);
}

/* The first `cap` calendars of the union in page order; returns how many. */
static uint64_t write_first_rows(FILE *f, wr_vec *rows, bool by_rank, uint64_t cap)
{
    sort_rows(rows, by_rank);
    uint64_t shown = rows->len < cap ? rows->len : cap;
    for (uint64_t i = 0; i < shown; i++)
        render_row(f, WR_AT(*rows, wr_page_row, i)->html); /* checked when read */
    return shown;
}

/* The flag rows of the union the single run shows, in page order (D173);
 * counts them by kind. */
static void write_flag_rows(FILE *f, wr_vec *rows, uint64_t shown[WR_N_KINDS])
{
    sort_rows(rows, false);
    for (size_t i = 0; i < rows->len; i++) {
        const wr_page_row *r = WR_AT(*rows, wr_page_row, i);
        if (wr_report_flag_shown(r->kind, shown))
            render_row(f, r->html); /* checked when read */
    }
}

bool wr_write_merged_report(FILE *f, wr_merged_page *pg, const wr_report_page *top,
                            const wr_vec *ledger)
{
    const wr_report_words *w = wr_report_words_for(top->lang);
    bool ok = wr_report_write_top(f, top, ledger);
    if (ok) {
        uint64_t shown[WR_N_KINDS] = {0};
        wr_report_flags_begin(f, w, pg->flags);
        write_flag_rows(f, &pg->flag_rows, shown);
        wr_report_flags_end(f, w, pg->flags_by_kind, shown);
    }
    if (ok && top->n_project_filter > 0) {
        /* D35: over the cap, the worst first; that depends on the whole
         * run's count, so the parts gave their first rows in both orders. */
        wr_report_calendars_begin(f, w);
        uint64_t shown = write_first_rows(f, &pg->calendar_rows,
                                          pg->calendars > WR_REPORT_MAX_CALENDARS,
                                          WR_REPORT_MAX_CALENDARS);
        wr_report_calendars_end(f, w, pg->calendars, shown);
    }
    wr_report_write_end(f, w);
    return ok;
}
