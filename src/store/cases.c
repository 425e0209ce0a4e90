/*
 * `wagerecon cases` queries (cases.h). Rows are read whole, sorted here
 * (bytewise, NULL as empty) and written as CSV or JSON Lines: money from
 * integer fen as yuan text (DECISIONS D20), day counts as numbers, NULL as
 * an empty cell or null.
 */
#include <stdlib.h>
#include <string.h>

#include "../io/outfile.h"
#include "../types/arena.h"
#include "../types/error.h"
#include "../types/money.h"
#include "../types/vec.h"
#include "cases.h"

typedef enum { T_TEXT, T_MONEY, T_INT } col_type;
typedef struct {
    const char *name;
    col_type type;
} col_spec;

typedef struct {
    wr_arena arena;
    wr_vec rows; /* const char ** (ncols cells each) */
    size_t ncols;
} rowset;

static void rowset_free(rowset *t)
{
    wr_arena_free(&t->arena);
    wr_vec_free(&t->rows);
}

static bool collect(wr_db *db, const char *sql, const wr_db_value *p, int n, size_t ncols,
                    rowset *t, wr_error *err)
{
    wr_arena_init(&t->arena);
    wr_vec_init(&t->rows, sizeof(const char **));
    t->ncols = ncols;
    wr_db_rows *rows;
    if (!wr_db_query(db, sql, p, n, &rows, err))
        return false;
    int rc;
    while ((rc = wr_db_next(rows, err)) > 0) {
        const char **cells = wr_arena_alloc(&t->arena, ncols * sizeof *cells);
        const char ***slot = wr_vec_push(&t->rows);
        if (!cells || !slot) {
            rc = -1;
            wr_errorf(err, WR_ESTORE, "store %s: out of memory",
                      wr_db_display_name(db));
            break;
        }
        *slot = cells;
        for (size_t c = 0; c < ncols; c++) {
            const char *v = wr_db_col(rows, (int)c);
            cells[c] = v ? wr_arena_strndup(&t->arena, v, strlen(v)) : NULL;
        }
    }
    wr_db_rows_free(rows);
    return rc == 0;
}

/* The columns rows are sorted by (qsort_r context). */
typedef struct {
    const int *keys;
    size_t n;
} row_order;

static int cmp_rows(const void *a, const void *b, void *ctx)
{
    const row_order *o = ctx;
    const int *sort_keys = o->keys;
    const char *const *x = *(const char *const *const *)a, *const *y = *(const char *const *const *)b;
    for (size_t k = 0; k < o->n; k++) {
        int c = strcmp(x[sort_keys[k]] ? x[sort_keys[k]] : "", y[sort_keys[k]] ? y[sort_keys[k]] : "");
        if (c)
            return c;
    }
    return 0;
}

static void sort_rows(rowset *t, const int *keys, size_t n)
{
    row_order o = {keys, n};
    qsort_r(t->rows.data, t->rows.len, sizeof(const char **), cmp_rows, &o);
}

static void write_cell(FILE *f, const col_spec *c, const char *v, bool json)
{
    char money[32];
    if (v && c->type == T_MONEY) {
        wr_format_fen(strtoll(v, NULL, 10), money);
        v = money;
    }
    if (!json) {
        if (v)
            wr_csv_cell(f, v);
    } else if (!v) {
        fputs("null", f);
    } else if (c->type == T_INT) {
        fputs(v, f);
    } else {
        wr_json_string(f, v);
    }
}

static void write_rows(FILE *f, const col_spec *cols, const rowset *t, wr_cases_format format)
{
    bool json = format == WR_CASES_JSONL;
    if (!json) {
        for (size_t c = 0; c < t->ncols; c++)
            fprintf(f, "%s%s", c ? "," : "", cols[c].name);
        fputc('\n', f);
    }
    for (size_t i = 0; i < t->rows.len; i++) {
        const char **cells = *(const char ***)wr_vec_at(&t->rows, i);
        if (json)
            fputc('{', f);
        for (size_t c = 0; c < t->ncols; c++) {
            if (json)
                fprintf(f, "%s\"%s\":", c ? "," : "", cols[c].name);
            else if (c)
                fputc(',', f);
            write_cell(f, &cols[c], cells[c], json);
        }
        fputs(json ? "}\n" : "\n", f);
    }
}

/* ---------------------------------------------------------------- list */

static const col_spec list_cols[] = {
    {"flag_id", T_TEXT}, {"kind", T_TEXT}, {"severity", T_TEXT}, {"status", T_TEXT},
    {"project_id", T_TEXT}, {"employer_id", T_TEXT}, {"worker_id", T_TEXT},
    {"worker_name", T_TEXT}, {"period", T_TEXT}, {"due_date", T_TEXT}, {"owed", T_MONEY},
    {"paid", T_MONEY}, {"paid_on_time", T_MONEY}, {"shortfall", T_MONEY},
    {"days_late", T_INT}, {"days_overdue", T_INT}, {"first_seen", T_TEXT},
    {"last_seen", T_TEXT}, {"resolved_at", T_TEXT},
};
#define N_LIST_COLS (sizeof list_cols / sizeof list_cols[0])

static const char list_sql[] =
    "SELECT flag_id, kind, severity, status, project_id, employer_id, worker_id, worker_name,"
    " period, due_date, owed, paid, paid_on_time, shortfall, days_late, days_overdue,"
    " first_seen, last_seen, resolved_at FROM flags"
    " WHERE (CAST($1 AS TEXT) IS NULL OR status = $1)"
    " AND (CAST($2 AS TEXT) IS NULL OR kind = $2)"
    " AND (CAST($3 AS TEXT) IS NULL OR project_id = $3)"
    " AND (CAST($4 AS TEXT) IS NULL OR employer_id = $4)"
    " AND (CAST($5 AS TEXT) IS NULL OR last_seen >= $5 OR resolved_at >= $5)";

/* flags.csv's order (RULES 6): project_id, worker_id, period, kind, flag_id. */
static const int flag_order[] = {4, 6, 8, 1, 0};

bool wr_cases_list(wr_db *db, const wr_cases_filter *f, FILE *out, wr_error *err)
{
    wr_db_value p[5] = {WR_DB_TEXT(f->status), WR_DB_TEXT(f->kind), WR_DB_TEXT(f->project_id),
                        WR_DB_TEXT(f->employer_id), WR_DB_TEXT(f->since)};
    rowset t;
    bool ok = collect(db, list_sql, p, 5, N_LIST_COLS, &t, err);
    if (ok) {
        sort_rows(&t, flag_order, sizeof flag_order / sizeof flag_order[0]);
        write_rows(out, list_cols, &t, f->format);
    }
    rowset_free(&t);
    return ok;
}

/* ---------------------------------------------------------------- events */

static const col_spec event_cols[] = {
    {"as_of", T_TEXT}, {"run_id", T_INT}, {"event", T_TEXT}, {"flag_id", T_TEXT},
    {"kind", T_TEXT}, {"status", T_TEXT}, {"project_id", T_TEXT}, {"employer_id", T_TEXT},
    {"worker_id", T_TEXT}, {"worker_name", T_TEXT}, {"period", T_TEXT},
    {"severity", T_TEXT}, {"due_date", T_TEXT}, {"owed", T_MONEY}, {"paid", T_MONEY},
    {"paid_on_time", T_MONEY}, {"shortfall", T_MONEY}, {"days_late", T_INT},
    {"days_overdue", T_INT}, {"old_severity", T_TEXT}, {"old_due_date", T_TEXT},
    {"old_owed", T_MONEY}, {"old_paid", T_MONEY}, {"old_paid_on_time", T_MONEY},
    {"old_shortfall", T_MONEY}, {"old_days_late", T_INT},
};
#define N_EVENT_COLS (sizeof event_cols / sizeof event_cols[0])

#define EVENT_SELECT                                                                        \
    "SELECT e.as_of, e.run_id, e.event, e.flag_id, f.kind, f.status, f.project_id,"        \
    " f.employer_id, f.worker_id, f.worker_name, f.period, e.severity, e.due_date, e.owed," \
    " e.paid, e.paid_on_time, e.shortfall, e.days_late, e.days_overdue, e.old_severity,"   \
    " e.old_due_date, e.old_owed, e.old_paid, e.old_paid_on_time, e.old_shortfall,"        \
    " e.old_days_late FROM events e JOIN flags f ON f.flag_id = e.flag_id"

static const char changes_sql[] = EVENT_SELECT " WHERE e.as_of >= $1";
static const char history_sql[] = EVENT_SELECT " WHERE e.flag_id = $1";

/* Run by run (as-of, then run id: run ids are decimal, so by length then
 * bytes), then flags.csv's order within a run. */
static void sort_events(rowset *t)
{
    for (size_t i = 0; i < t->rows.len; i++) { /* run_id zero-padded for the bytewise sort */
        const char **cells = *(const char ***)wr_vec_at(&t->rows, i);
        char *padded = wr_arena_alloc(&t->arena, 24);
        if (padded && cells[1])
            snprintf(padded, 24, "%020lld", strtoll(cells[1], NULL, 10));
        cells[1] = padded ? padded : cells[1];
    }
    static const int keys[] = {0, 1, 6, 8, 10, 4, 3};
    sort_rows(t, keys, sizeof keys / sizeof keys[0]);
    for (size_t i = 0; i < t->rows.len; i++) {
        const char **cells = *(const char ***)wr_vec_at(&t->rows, i);
        while (cells[1] && cells[1][0] == '0' && cells[1][1])
            cells[1]++;
    }
}

bool wr_cases_changes(wr_db *db, const char *since, wr_cases_format format, FILE *out,
                      wr_error *err)
{
    wr_db_value p[1] = {WR_DB_TEXT(since)};
    rowset t;
    bool ok = collect(db, changes_sql, p, 1, N_EVENT_COLS, &t, err);
    if (ok) {
        sort_events(&t);
        write_rows(out, event_cols, &t, format);
    }
    rowset_free(&t);
    return ok;
}

bool wr_cases_history(wr_db *db, const char *flag_id, wr_cases_format format, FILE *out,
                      wr_error *err)
{
    wr_db_value p[1] = {WR_DB_TEXT(flag_id)};
    rowset t;
    bool ok = collect(db, history_sql, p, 1, N_EVENT_COLS, &t, err);
    if (ok && t.rows.len == 0) {
        wr_errorf(err, WR_ESTORE, "store %s: no flag %s",
                  wr_db_display_name(db), flag_id);
        ok = false;
    }
    if (ok) {
        sort_events(&t);
        write_rows(out, event_cols, &t, format);
    }
    rowset_free(&t);
    return ok;
}

/* ---------------------------------------------------------------- employers */

static const col_spec employer_cols[] = {
    {"employer_id", T_TEXT}, {"open_flags", T_INT}, {"open_high_flags", T_INT},
    {"open_arrears", T_MONEY}, {"months_in_arrears", T_INT}, {"runs_in_a_row", T_INT},
    {"list_threshold", T_TEXT},
};
#define N_EMPLOYER_COLS (sizeof employer_cols / sizeof employer_cols[0])

static const char open_flags_sql[] =
    "SELECT employer_id, worker_id, period, kind, severity, shortfall, flag_id FROM flags"
    " WHERE status = 'open' AND employer_id IS NOT NULL";
static const char high_events_sql[] =
    "SELECT f.employer_id, e.flag_id, e.as_of, e.run_id, e.event FROM events e"
    " JOIN flags f ON f.flag_id = e.flag_id"
    " WHERE f.severity = 'high' AND f.employer_id IS NOT NULL";
static const char runs_sql[] = "SELECT as_of, run_id FROM runs";

static const char *cell(const rowset *t, size_t i, int c)
{
    const char *v = (*(const char ***)wr_vec_at(&t->rows, i))[c];
    return v ? v : "";
}

static void pad_run_ids(rowset *t, int c)
{
    for (size_t i = 0; i < t->rows.len; i++) {
        const char **cells = *(const char ***)wr_vec_at(&t->rows, i);
        char *padded = wr_arena_alloc(&t->arena, 24);
        if (padded) {
            snprintf(padded, 24, "%020lld", cells[c] ? strtoll(cells[c], NULL, 10) : 0LL);
            cells[c] = padded;
        }
    }
}

/* Runs in a row, from the latest back, after which the employer had an open
 * high-severity flag: a flag is open after a run when its last event up to
 * that run (by as-of, then run id) is not RESOLVED. `ev` rows [lo, hi) are
 * the employer's, sorted by flag, as-of, run id. */
static int64_t runs_in_a_row(const rowset *runs, const rowset *ev, size_t lo, size_t hi)
{
    int64_t n = 0;
    for (size_t r = runs->rows.len; r-- > 0;) {
        const char *as_of = cell(runs, r, 0), *run_id = cell(runs, r, 1);
        bool open = false;
        for (size_t i = lo; i < hi && !open;) {
            size_t j = i;
            const char *last = NULL;
            for (; j < hi && strcmp(cell(ev, j, 1), cell(ev, i, 1)) == 0; j++) {
                int c = strcmp(cell(ev, j, 2), as_of);
                if (c < 0 || (c == 0 && strcmp(cell(ev, j, 3), run_id) <= 0))
                    last = cell(ev, j, 4);
            }
            open = last && strcmp(last, "RESOLVED") != 0;
            i = j;
        }
        if (!open)
            break;
        n++;
    }
    return n;
}

bool wr_cases_employers(wr_db *db, int64_t list_worker_fen, int64_t list_total_fen,
                        wr_cases_format format, FILE *out, wr_error *err)
{
    rowset fl, ev, runs, res;
    memset(&ev, 0, sizeof ev), memset(&runs, 0, sizeof runs), memset(&res, 0, sizeof res);
    bool ok = collect(db, open_flags_sql, NULL, 0, 7, &fl, err) &&
              collect(db, high_events_sql, NULL, 0, 5, &ev, err) &&
              collect(db, runs_sql, NULL, 0, 2, &runs, err);
    wr_arena_init(&res.arena);
    wr_vec_init(&res.rows, sizeof(const char **));
    res.ncols = N_EMPLOYER_COLS;
    if (ok) {
        static const int fl_keys[] = {0, 1, 2, 6}, ev_keys[] = {0, 1, 2, 3}, run_keys[] = {0, 1};
        pad_run_ids(&ev, 3);
        pad_run_ids(&runs, 1);
        sort_rows(&fl, fl_keys, 4);
        sort_rows(&ev, ev_keys, 4);
        sort_rows(&runs, run_keys, 2);
    }
    size_t e_lo = 0;
    for (size_t i = 0; ok && i < fl.rows.len;) {
        const char *employer = cell(&fl, i, 0);
        size_t j = i;
        int64_t open = 0, high = 0, arrears = 0, months = 0, list_total = 0;
        int64_t workers = 0;
        bool overflow = false, list_a = false;
        for (; j < fl.rows.len && strcmp(cell(&fl, j, 0), employer) == 0;) {
            const char *worker = cell(&fl, j, 1);
            size_t k = j;
            int64_t worker_sum = 0, worker_periods = 0;
            char worker_last[8] = "";
            for (; k < fl.rows.len && strcmp(cell(&fl, k, 0), employer) == 0 &&
                   strcmp(cell(&fl, k, 1), worker) == 0; k++) {
                open++;
                high += strcmp(cell(&fl, k, 4), "high") == 0;
                const char *kind = cell(&fl, k, 3), *sf = cell(&fl, k, 5);
                /* RULES 5.3: UNDERPAID, or MISSING with owed known (a shortfall) */
                if ((strcmp(kind, "UNDERPAID") == 0 || strcmp(kind, "MISSING") == 0) && *sf) {
                    int64_t v = strtoll(sf, NULL, 10);
                    worker_sum = wr_add_fen(worker_sum, v, &overflow);
                    if (strcmp(worker_last, cell(&fl, k, 2)) != 0) {
                        worker_periods++;
                        snprintf(worker_last, sizeof worker_last, "%s", cell(&fl, k, 2));
                    }
                }
            }
            if (worker_periods > 0) {
                workers++;
                arrears = wr_add_fen(arrears, worker_sum, &overflow);
                list_total = arrears;
                if (worker_periods >= 3 && worker_sum >= list_worker_fen)
                    list_a = true;
            }
            j = k;
        }
        /* months in arrears (D77): distinct periods of its shortfall-bearing flags */
        {
            char seen[256][8];
            size_t n_seen = 0;
            for (size_t k = i; k < j; k++) {
                const char *kind = cell(&fl, k, 3), *sf = cell(&fl, k, 5), *p = cell(&fl, k, 2);
                if (!((strcmp(kind, "UNDERPAID") == 0 || strcmp(kind, "MISSING") == 0) && *sf))
                    continue;
                bool dup = false;
                for (size_t s = 0; s < n_seen && !dup; s++)
                    dup = strcmp(seen[s], p) == 0;
                if (!dup && n_seen < 256)
                    snprintf(seen[n_seen++], 8, "%s", p);
            }
            months = (int64_t)n_seen;
        }
        bool list_b = workers >= 10 && list_total >= list_total_fen;
        size_t e_hi = e_lo;
        while (e_lo < ev.rows.len && strcmp(cell(&ev, e_lo, 0), employer) < 0)
            e_lo++;
        for (e_hi = e_lo; e_hi < ev.rows.len && strcmp(cell(&ev, e_hi, 0), employer) == 0; e_hi++)
            ;
        int64_t in_a_row = runs_in_a_row(&runs, &ev, e_lo, e_hi);
        char *nums = wr_arena_alloc(&res.arena, 5 * 24);
        const char **cells = wr_arena_alloc(&res.arena, N_EMPLOYER_COLS * sizeof *cells);
        const char ***slot = wr_vec_push(&res.rows);
        if (!nums || !cells || !slot) {
            wr_errorf(err, WR_ESTORE, "store %s: out of memory",
                      wr_db_display_name(db));
            ok = false;
            break;
        }
        int64_t v[5] = {open, high, arrears, months, in_a_row};
        for (int k = 0; k < 5; k++)
            snprintf(nums + 24 * k, 24, "%lld", (long long)v[k]);
        cells[0] = employer;
        for (int k = 0; k < 5; k++)
            cells[1 + k] = nums + 24 * k;
        cells[6] = list_a && list_b ? "a+b" : list_a ? "a" : list_b ? "b" : NULL;
        *slot = cells;
        i = j;
    }
    if (ok)
        write_rows(out, employer_cols, &res, format);
    rowset_free(&fl);
    rowset_free(&ev);
    rowset_free(&runs);
    rowset_free(&res);
    return ok;
}
