/*
 * report.html, the employers in arrears (issue 15 item 4; DECISIONS
 * D174): one row per employer with MISSING or UNDERPAID flags (RULES
 * 5.1), the largest amount first: its name and credit code, the projects
 * in arrears, its workers in arrears, the amount (their shortfalls, as
 * the headline sums them, D21), every flag of the employer by kind, and
 * the case its flags go into (cases.jsonl's case_id, D22). A total row
 * gives the employers, the distinct workers and the amount, which are the
 * headline's. Drawn from the flags' flags.csv cells only, so the run and
 * the merge of parts (its merged flags.csv) write it with this code, byte
 * for byte.
 */
#include <stdlib.h>
#include <string.h>

#include "../types/money.h"
#include "../types/keysort.h"
#include "../types/strings.h"
#include "report_html.h"

enum { C_KIND = 1, C_PROJECT = 3, C_EMPLOYER = 4, C_WORKER = 5, C_SHORTFALL = 12 };

bool wr_report_arrears_kind(int kind)
{
    return kind == K_MISSING || kind == K_UNDERPAID;
}

static bool in_arrears(int kind)
{
    return wr_report_arrears_kind(kind);
}

bool wr_report_employers_add(wr_report_sup *s, int kind, const char *const *cells,
                             wr_arena *arena)
{
    const char *employer = cells[C_EMPLOYER];
    if (!employer || !employer[0])
        return true; /* account flags name no employer */
    /* the flags come in flags.csv's order, by project: one copy of the
     * employer's text for each run of it, one text in the sort's (D379) */
    const wr_vec *v = &s->employer_flags;
    const char *copy = v->len ? WR_AT(*v, wr_report_employer_flag, v->len - 1)->employer : NULL;
    if ((!copy || strcmp(copy, employer) != 0) &&
        !(copy = wr_arena_strndup(arena, employer, strlen(employer))))
        return false;
    wr_report_employer_flag *r = wr_vec_push(&s->employer_flags);
    if (!r)
        return false;
    *r = (wr_report_employer_flag){copy, NULL, NULL, kind,
                                   cells[2] && strcmp(cells[2], "high") == 0, 0};
    if (!in_arrears(kind))
        return true;
    const char *project = cells[C_PROJECT] ? cells[C_PROJECT] : "";
    const char *worker = cells[C_WORKER] ? cells[C_WORKER] : "";
    const char *shortfall = cells[C_SHORTFALL];
    r->project = wr_arena_strndup(arena, project, strlen(project));
    r->worker = wr_arena_strndup(arena, worker, strlen(worker));
    return r->project && r->worker &&
           (!shortfall || !shortfall[0] || wr_parse_fen(shortfall, strlen(shortfall),
                                                        &r->shortfall_fen));
}

/* The flags by employer, then in arrears first, each group in the
 * flags' order (a stable sort by the two: D379, as glibc's merge sort
 * of the flags by strcmp gave it), by a key: the rank of the employer's
 * text, then arrears. */
static bool sort_flags(wr_report_employer_flag *flags, size_t n)
{
    const char **text = calloc(n + 1, sizeof *text);
    uint32_t *rank = malloc((n + 1) * sizeof *rank), *order = malloc((n + 1) * sizeof *order);
    uint32_t *tmp = malloc((n + 1) * sizeof *tmp);
    uint64_t *key = malloc((n + 1) * sizeof *key);
    wr_report_employer_flag *sorted = malloc((n + 1) * sizeof *sorted);
    bool ok = text && rank && order && tmp && key && sorted;
    for (size_t i = 0; ok && i < n; i++)
        text[i] = flags[i].employer;
    if (ok && (ok = wr_text_ranks(text, n, rank))) {
        for (size_t i = 0; i < n; i++) {
            order[i] = (uint32_t)i;
            key[i] = (uint64_t)rank[i] << 1 | !in_arrears(flags[i].kind);
        }
        wr_sort_by_key(order, n, key, tmp);
        for (size_t i = 0; i < n; i++)
            sorted[i] = flags[order[i]];
        if (n)
            memcpy(flags, sorted, n * sizeof *flags);
    }
    free(text);
    free(rank);
    free(order);
    free(tmp);
    free(key);
    free(sorted);
    return ok;
}

typedef struct {
    const wr_report_employer_flag *first; /* its flags: first[0 .. n) */
    size_t n, n_arrears;
    int64_t amount_fen;
    uint64_t workers;
} employer_row;

static int compare_rows(const void *a, const void *b)
{
    const employer_row *x = a, *y = b;
    if (x->amount_fen != y->amount_fen)
        return x->amount_fen > y->amount_fen ? -1 : 1;
    return strcmp(x->first->employer, y->first->employer);
}

/* Writes the distinct strings of v[0..n) (sorted here), joined by ", ";
 * returns how many. */
static uint64_t distinct(FILE *f, const char **v, size_t n)
{
    wr_sort_count_distinct(v, n);
    uint64_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && strcmp(v[i], v[i - 1]) == 0)
            continue;
        if (f)
            wr_report_wrap(f, k ? ", " : "", v[i], "");
        k++;
    }
    return k;
}

/* The employer's flags (only the high ones: high_only) counted by kind,
 * most severe kinds first. */
static void by_kind(FILE *f, const employer_row *e, bool high_only, const wr_report_words *w)
{
    uint64_t n[WR_N_KINDS] = {0};
    for (size_t i = 0; i < e->n; i++)
        if (!high_only || e->first[i].high)
            n[e->first[i].kind]++;
    bool first = true;
    for (int s = 0; s < 3; s++)
        for (int k = 0; k < WR_N_KINDS; k++) {
            if (wr_kind_severity(k) != s || n[k] == 0)
                continue;
            wr_report_wrap(f, first ? "" : w->flags_left_sep, w->kind[k], "");
            fprintf(f, " %llu", (unsigned long long)n[k]);
            first = false;
        }
}

/* The employer's case in cases.jsonl, and the row's end. */
static void case_cell(FILE *f, const wr_report_page *pg, const char *employer)
{
    char case_id[17];
    wr_employer_case_id(employer, pg->from, pg->to, case_id);
    fprintf(f, "</td><td><code>%s</code></td></tr>\n", case_id);
}

/* cases.jsonl against the headline (DECISIONS D213): the cases by party
 * (the figures wr_write_cases counted into the report), and the employer
 * cases without arrears, each with its high flags and case. */
static void write_cases(FILE *f, const wr_report_page *pg, const employer_row *others, size_t n,
                        const wr_report_words *w)
{
    const wr_report *r = pg->report;
    fputs("<p class=\"note\" id=\"cases-note\">", f);
    fprintf(f, w->cases_note,
            (unsigned long long)(r->cases_employer + r->cases_client + r->cases_account),
            (unsigned long long)r->cases_in_arrears,
            (unsigned long long)(r->cases_employer - r->cases_in_arrears));
    bool first = true;
    for (int k = 0; k < WR_N_KINDS; k++)
        if (r->cases_other_flags[k]) {
            fputs(first ? "" : w->flags_left_sep, f);
            fprintf(f, w->flags_left_kind, w->kind[k], wr_kind_name(k),
                    (unsigned long long)r->cases_other_flags[k]);
            first = false;
        }
    if (first)
        fputs(w->cases_kinds_none, f);
    fprintf(f, w->cases_note_end, (unsigned long long)r->cases_client,
            (unsigned long long)r->cases_account);
    wr_report_wrap(f, " ", w->cases_workers_note, "</p>\n");
    if (n == 0)
        return;
    wr_report_wrap(f, "<h3>", w->cases_other_title, "</h3>\n");
    fputs("<table id=\"cases-without-arrears\"><thead><tr>", f);
    const char *cols[] = {w->col_employer, w->col_high_flags, w->col_case};
    for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
        wr_report_th(f, cols[c]);
    fputs("</tr></thead>\n", f);
    for (size_t i = 0; i < n; i++) {
        const char *employer = others[i].first->employer;
        const char *name = wr_report_employer_name(pg->projects, employer);
        fputs("<tr class=\"case\"><td>", f);
        if (name[0])
            wr_report_wrap(f, "", name, "<br>");
        wr_report_wrap(f, "<code>", employer, "</code></td><td>");
        by_kind(f, &others[i], true, w);
        case_cell(f, pg, employer);
    }
    fputs("</table>\n", f);
}

static void write_row(FILE *f, const wr_report_page *pg, const employer_row *e,
                      const char **scratch, const wr_report_words *w)
{
    const char *employer = e->first->employer;
    fputs("<tr class=\"employer\"><td>", f);
    const char *name = wr_report_employer_name(pg->projects, employer);
    if (name[0])
        wr_report_wrap(f, "", name, "<br>");
    wr_report_wrap(f, "<code>", employer, "</code></td><td>");
    for (size_t i = 0; i < e->n_arrears; i++)
        scratch[i] = e->first[i].project;
    distinct(f, scratch, e->n_arrears);
    fprintf(f, "</td><td class=\"num\">%llu</td><td class=\"num arrears\">",
            (unsigned long long)e->workers);
    wr_report_money(f, e->amount_fen);
    fputs("</td><td>", f);
    by_kind(f, e, false, w);
    case_cell(f, pg, employer);
}

bool wr_report_employers(FILE *f, const wr_report_page *pg, const wr_report_words *w)
{
    size_t n = pg->sup->employer_flags.len;
    wr_report_employer_flag *flags = malloc((n + 1) * sizeof *flags);
    employer_row *rows = malloc((n + 1) * sizeof *rows);
    employer_row *others = malloc((n + 1) * sizeof *others); /* cases without arrears */
    const char **scratch = malloc((n + 1) * sizeof *scratch);
    const char **all_workers = malloc((n + 1) * sizeof *all_workers);
    bool ok = flags && rows && others && scratch && all_workers;
    if (ok && n)
        memcpy(flags, pg->sup->employer_flags.data, n * sizeof *flags);
    if (!ok || !sort_flags(flags, n)) {
        free(flags);
        free(rows);
        free(others);
        free(scratch);
        free(all_workers);
        return false;
    }
    size_t n_rows = 0, n_workers = 0, n_others = 0;
    uint64_t worker_sum = 0;
    int64_t total_fen = 0;
    bool overflow = false;
    for (size_t i = 0; i < n;) {
        const wr_report_employer_flag *a = &flags[i];
        size_t j = i;
        while (j < n && (flags[j].employer == a->employer ||
                         strcmp(flags[j].employer, a->employer) == 0))
            j++;
        employer_row e = {a, j - i, 0, 0, 0};
        while (e.n_arrears < e.n && in_arrears(a[e.n_arrears].kind)) {
            const wr_report_employer_flag *x = &a[e.n_arrears++];
            e.amount_fen = wr_add_fen(e.amount_fen, x->shortfall_fen, &overflow);
            scratch[e.n_arrears - 1] = x->worker;
            all_workers[n_workers++] = x->worker;
        }
        if (e.n_arrears > 0) {
            e.workers = distinct(NULL, scratch, e.n_arrears);
            worker_sum += e.workers;
            total_fen = wr_add_fen(total_fen, e.amount_fen, &overflow);
            rows[n_rows++] = e;
        }
        bool high = false;
        for (size_t k = 0; k < e.n; k++)
            high = high || a[k].high;
        if (e.n_arrears == 0 && high)
            others[n_others++] = e; /* in employer order */
        i = j;
    }
    if (n_rows > 1)
        qsort(rows, n_rows, sizeof *rows, compare_rows);
    wr_report_wrap(f, "<h2>", w->emp_title, "</h2>\n");
    if (n_rows == 0) {
        wr_report_wrap(f, "<p id=\"employers\">", w->no_flags, "</p>\n");
    } else {
        wr_report_wrap(f, "<p class=\"note\">", w->emp_note, "</p>\n");
        fputs("<table id=\"employers\"><thead><tr>", f);
        const char *cols[] = {w->col_employer, w->col_projects, w->col_in_arrears,
                              w->col_arrears, w->col_flags_by_kind, w->col_case};
        for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
            wr_report_th(f, cols[c]);
        fputs("</tr></thead>\n", f);
        for (size_t r = 0; r < n_rows; r++)
            write_row(f, pg, &rows[r], scratch, w);
        uint64_t workers = distinct(NULL, all_workers, n_workers);
        fputs("<tr class=\"total\"><td><b>", f);
        fprintf(f, w->emp_total, (unsigned long long)n_rows);
        fprintf(f, "</b></td><td></td><td class=\"num\"><b>%llu</b></td>"
                   "<td class=\"num arrears\"><b>", (unsigned long long)workers);
        wr_report_money(f, total_fen);
        fputs("</b></td><td></td><td></td></tr>\n</table>\n", f);
        if (worker_sum != workers) {
            fputs("<p class=\"note\">", f);
            fprintf(f, w->emp_workers_note, (unsigned long long)worker_sum,
                    (unsigned long long)workers);
            fputs("</p>\n", f);
        }
    }
    write_cases(f, pg, others, n_others, w);
    free(flags);
    free(rows);
    free(others);
    free(scratch);
    free(all_workers);
    return true;
}
