/*
 * report.html, the supervision sections (RULES 4.6, 5.3; DECISIONS D121),
 * between the flags by kind and the ledger:
 *   - the labour-cost allocation: projects with a statement and short,
 *     each ALLOCATION_SHORT with its project's client (the responsible
 *     party, Reg. art. 24) and general contractor;
 *   - the early warnings (DUE_SOON), with --warn-days only, the fewest
 *     days left first;
 *   - the employers at the credit list's amount standard (LIST_THRESHOLD),
 *     with the condition they reach, in words.
 * Every row is drawn from the flags' flags.csv cells, the projects and
 * the summary's allocation headline, facts the run and the merge of
 * parts both hold, so the merge writes these sections with this code
 * from its merged flags.csv, byte for byte (docs/SCALE_OUT.md). Person-
 * readable: worker IDs masked (wr_mask_id). Client and employer IDs are
 * organisations' credit codes, not personal data, and are shown whole.
 */
#include <stdlib.h>
#include <string.h>

#include "../io/outfile.h"
#include "../types/ident.h"
#include "../types/keysort.h"
#include "../types/money.h"
#include "report_html.h"

/* Rows of a section table; the rest are counted in a note (D35's way). */
#define MAX_SECTION_ROWS 500

void wr_report_sup_init(wr_report_sup *s)
{
    memset(s, 0, sizeof *s);
    wr_vec_init(&s->allocation, sizeof(wr_report_cells));
    wr_vec_init(&s->due_soon, sizeof(wr_report_cells));
    wr_vec_init(&s->list_threshold, sizeof(wr_report_cells));
    wr_vec_init(&s->employer_flags, sizeof(wr_report_employer_flag));
}

void wr_report_sup_free(wr_report_sup *s)
{
    wr_vec_free(&s->allocation);
    wr_vec_free(&s->due_soon);
    wr_vec_free(&s->list_threshold);
    wr_vec_free(&s->employer_flags);
}

bool wr_report_sup_kind(int kind)
{
    return kind == K_ALLOCATION_SHORT || kind == K_DUE_SOON || kind == K_LIST_THRESHOLD;
}

bool wr_report_sup_add(wr_report_sup *s, int kind, const char *const *cells, wr_arena *arena)
{
    wr_vec *v = kind == K_ALLOCATION_SHORT ? &s->allocation
              : kind == K_DUE_SOON         ? &s->due_soon
              : kind == K_LIST_THRESHOLD   ? &s->list_threshold
                                           : NULL;
    if (!v)
        return true;
    wr_report_cells *r = wr_vec_push(v);
    if (!r)
        return false;
    for (int i = 0; i < WR_FLAG_COLUMNS; i++) {
        r->cell[i] = NULL;
        if (cells[i] && cells[i][0] &&
            !(r->cell[i] = wr_arena_strndup(arena, cells[i], strlen(cells[i]))))
            return false;
    }
    return true;
}

enum { C_PROJECT = 3, C_EMPLOYER = 4, C_WORKER = 5, C_NAME = 6, C_PERIOD = 7, C_DUE = 8,
       C_OWED = 9, C_PAID = 10, C_SHORTFALL = 12, C_OVERDUE = 14, C_DETAIL = 15 };

/* In <thead>, so a printed page repeats it (D172). */
static void header_row(FILE *f, const char *const *cols, size_t n)
{
    fputs("<thead><tr>", f);
    for (size_t c = 0; c < n; c++)
        wr_report_th(f, cols[c]);
    fputs("</tr></thead>\n", f);
}

static void more_note(FILE *f, const wr_report_words *w, size_t total, size_t shown)
{
    if (shown < total) {
        fputs("<p class=\"note\">", f);
        fprintf(f, w->rows_more, total - shown);
        fputs("</p>\n", f);
    }
}

static const wr_project *find_project(const wr_vec *projects, const char *id)
{
    for (size_t i = 0; id && i < projects->len; i++) {
        const wr_project *p = WR_AT(*projects, wr_project, i);
        if (strcmp(p->id, id) == 0)
            return p;
    }
    return NULL;
}

const char *wr_report_employer_name(const wr_vec *projects, const char *employer_id)
{
    for (size_t p = 0; p < projects->len; p++) {
        const wr_project *pr = WR_AT(*projects, wr_project, p);
        if (strcmp(pr->employer_id, employer_id) == 0 && pr->employer_name[0])
            return pr->employer_name;
    }
    return "";
}

/* An organisation: its name and, after it, its code. */
static void td_org(FILE *f, const char *name, const char *code)
{
    fputs("<td>", f);
    if (name && name[0])
        wr_report_wrap(f, "", name, code && code[0] ? "<br>" : "");
    if (code && code[0])
        wr_report_wrap(f, "<code>", code, "</code>");
    fputs("</td>", f);
}

/* ---- allocation (RULES 4.6, ALLOCATION_SHORT) ---- */

static void write_allocation(FILE *f, const wr_report_page *pg, const wr_report_words *w)
{
    const wr_vec *rows = &pg->sup->allocation;
    wr_report_wrap(f, "<h2>", w->alloc_title, "</h2>\n");
    if (pg->report->projects_covered == 0) {
        wr_report_wrap(f, "<p id=\"allocation\">", w->alloc_not_checked, "</p>\n");
        return;
    }
    char amount[40];
    wr_format_fen_grouped(pg->report->allocation_shortfall_fen, amount);
    fputs("<p id=\"allocation\">", f);
    fprintf(f, w->alloc_headline, (unsigned long long)pg->report->projects_covered,
            (unsigned long long)pg->report->projects_short, amount);
    fputs("</p>\n", f);
    if (rows->len == 0) {
        wr_report_wrap(f, "<p>", w->alloc_all_ok, "</p>\n");
        return;
    }
    fputs("<table id=\"allocation-short\">", f);
    const char *cols[] = {w->col_project, w->col_client, w->col_contractor, w->col_month,
                          w->col_project_due, w->col_cum_owed, w->col_cum_alloc,
                          w->col_alloc_short, w->col_days};
    header_row(f, cols, sizeof cols / sizeof cols[0]);
    size_t shown = rows->len < MAX_SECTION_ROWS ? rows->len : MAX_SECTION_ROWS;
    for (size_t i = 0; i < shown; i++) {
        const wr_report_cells *r = WR_AT(*rows, wr_report_cells, i);
        const wr_project *p = find_project(pg->projects, r->cell[C_PROJECT]);
        fputs("<tr>", f);
        fputs("<td>", f);
        wr_report_wrap(f, "", r->cell[C_PROJECT] ? r->cell[C_PROJECT] : "", "");
        if (p && p->name[0])
            wr_report_wrap(f, " ", p->name, "");
        fputs("</td>", f);
        if (p && p->client_id[0])
            td_org(f, p->client_name, p->client_id);
        else
            wr_report_td(f, w->no_client, NULL);
        td_org(f, p ? p->employer_name : "", r->cell[C_EMPLOYER]);
        wr_report_td(f, r->cell[C_PERIOD], "num");
        wr_report_td(f, r->cell[C_DUE], "num");
        wr_report_td_money(f, r->cell[C_OWED], "num");
        wr_report_td_money(f, r->cell[C_PAID], "num");
        wr_report_td_money(f, r->cell[C_SHORTFALL], "num arrears");
        char days[64] = "";
        if (r->cell[C_OVERDUE])
            snprintf(days, sizeof days, w->days_overdue, atoi(r->cell[C_OVERDUE]));
        wr_report_td(f, days, NULL);
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
    more_note(f, w, rows->len, shown);
    wr_report_wrap(f, "<p class=\"note\">", w->alloc_note, "</p>\n");
}

/* ---- early warnings (DUE_SOON) ---- */

/* Days left: due_date - as_of (RULES 5.3), from the due_date cell. */
static int days_left(const wr_report_cells *r, wr_day as_of)
{
    wr_day due;
    const char *s = r->cell[C_DUE];
    return s && wr_parse_date(s, strlen(s), &due) ? (int)(due - as_of) : 0;
}

static bool write_due_soon(FILE *f, const wr_report_page *pg, const wr_report_words *w)
{
    const wr_vec *rows = &pg->sup->due_soon;
    int n_days = pg->sup->warn_days;
    fputs("<h2>", f);
    fprintf(f, w->due_soon_title, n_days);
    fputs("</h2>\n", f);
    if (rows->len == 0) {
        fputs("<p id=\"due-soon\">", f);
        fprintf(f, w->due_soon_none, n_days);
        fputs("</p>\n", f);
        return true;
    }
    /* the fewest days left first, then flags.csv order (the rows'): each
     * row's days parsed once, a key sort (D379) */
    uint32_t *order = malloc(rows->len * sizeof *order), *tmp = malloc(rows->len * sizeof *tmp);
    uint64_t *key = malloc(rows->len * sizeof *key);
    if (!order || !tmp || !key) {
        free(order);
        free(tmp);
        free(key);
        return false;
    }
    for (uint32_t i = 0; i < rows->len; i++) {
        order[i] = i;
        key[i] = wr_key_ascending(days_left(WR_AT(*rows, wr_report_cells, i), pg->as_of));
    }
    wr_sort_by_key(order, rows->len, key, tmp);
    free(tmp);
    free(key);
    fputs("<table id=\"due-soon\">", f);
    const char *cols[] = {w->col_days_left, w->col_due, w->col_project, w->col_name,
                          w->col_id, w->col_month, w->col_owed, w->col_paid};
    header_row(f, cols, sizeof cols / sizeof cols[0]);
    size_t shown = rows->len < MAX_SECTION_ROWS ? rows->len : MAX_SECTION_ROWS;
    for (size_t i = 0; i < shown; i++) {
        const wr_report_cells *r = WR_AT(*rows, wr_report_cells, order[i]);
        char left[64], id[24] = "";
        snprintf(left, sizeof left, w->days_left, days_left(r, pg->as_of));
        if (r->cell[C_WORKER])
            wr_mask_id(r->cell[C_WORKER], strlen(r->cell[C_WORKER]), id);
        fputs("<tr>", f);
        wr_report_td(f, left, "num arrears");
        wr_report_td(f, r->cell[C_DUE], "num");
        wr_report_td(f, r->cell[C_PROJECT], NULL);
        wr_report_td(f, r->cell[C_NAME], NULL);
        wr_report_td(f, id, "num");
        wr_report_td(f, r->cell[C_PERIOD], "num");
        wr_report_td_money(f, r->cell[C_OWED], "num");
        wr_report_td_money(f, r->cell[C_PAID], "num");
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
    more_note(f, w, rows->len, shown);
    free(order);
    return true;
}

/* ---- the credit list's amount standard (LIST_THRESHOLD) ---- */

static void write_list_threshold(FILE *f, const wr_report_page *pg, const wr_report_words *w)
{
    const wr_vec *rows = &pg->sup->list_threshold;
    wr_report_wrap(f, "<h2>", w->list_title, "</h2>\n");
    if (rows->len == 0) {
        wr_report_wrap(f, "<p id=\"list-threshold\">", w->list_none, "</p>\n");
        return;
    }
    fputs("<table id=\"list-threshold\">", f);
    const char *cols[] = {w->col_employer, w->col_credit_code, w->col_condition,
                          w->col_arrears};
    header_row(f, cols, sizeof cols / sizeof cols[0]);
    char worker_min[40], total_min[40];
    wr_format_fen_grouped(pg->sup->list_worker_fen, worker_min);
    wr_format_fen_grouped(pg->sup->list_total_fen, total_min);
    size_t shown = rows->len < MAX_SECTION_ROWS ? rows->len : MAX_SECTION_ROWS;
    for (size_t i = 0; i < shown; i++) {
        const wr_report_cells *r = WR_AT(*rows, wr_report_cells, i);
        const char *employer = r->cell[C_EMPLOYER] ? r->cell[C_EMPLOYER] : "";
        const char *name = wr_report_employer_name(pg->projects, employer);
        /* detail: condition=a, condition=b or condition=a+b (D62) */
        const char *detail = r->cell[C_DETAIL] ? r->cell[C_DETAIL] : "";
        const char *cond = strchr(detail, '=');
        cond = cond ? cond + 1 : "";
        char a[200] = "", b[200] = "", text[512];
        if (strchr(cond, 'a'))
            snprintf(a, sizeof a, w->list_cond_a, worker_min);
        if (strchr(cond, 'b'))
            snprintf(b, sizeof b, w->list_cond_b, total_min);
        snprintf(text, sizeof text, "%s%s%s", a, a[0] && b[0] ? w->list_and : "", b);
        fputs("<tr>", f);
        wr_report_td(f, name, NULL);
        wr_report_td(f, employer, NULL);
        wr_report_td(f, text, NULL);
        wr_report_td_money(f, r->cell[C_SHORTFALL], "num arrears");
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
    more_note(f, w, rows->len, shown);
    wr_report_wrap(f, "<p class=\"note\">", w->list_note, "</p>\n");
}

bool wr_report_supervision(FILE *f, const wr_report_page *pg, const wr_report_words *w)
{
    write_allocation(f, pg, w);
    if (pg->sup->warn_days > 0 && !write_due_soon(f, pg, w))
        return false;
    write_list_threshold(f, pg, w);
    return true;
}
