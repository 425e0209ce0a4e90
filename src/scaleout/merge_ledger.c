/* ledger.csv of the merge: the parts' rows summed per (project, period).
 * Every bucket lives in one part, so each count and amount of a ledger
 * row is the sum of the parts' (RULES section 6), and max_days_late the
 * largest of theirs. Rows are sorted as the run sorts them, and handed
 * to report.html too (merge_report.c). */
#include <stdlib.h>
#include <string.h>

#include "../io/csvread.h"
#include "../types/error.h"
#include "../types/money.h"
#include "merge.h"

typedef struct {
    const char *project_id, *employer_id;
    wr_ledger_row r;
} merged_row;

typedef struct {
    wr_vec rows; /* merged_row */
    wr_table index;
    wr_arena arena;
    const char *file;
    bool overflow, oom, bad;
    uint64_t bad_line;
} ledger_merge;

typedef struct {
    wr_str project;
    wr_month period;
} row_key;

static bool row_eq(const void *ctx, uint32_t i, const void *key)
{
    const merged_row *r = WR_AT(((const ledger_merge *)ctx)->rows, merged_row, i);
    const row_key *k = key;
    return r->r.period == k->period && wr_cstr_eq(r->project_id, k->project);
}

static bool parse_u64(wr_str s, uint64_t *v)
{
    *v = 0;
    if (s.n == 0 || s.n > 19)
        return false;
    for (size_t i = 0; i < s.n; i++) {
        if (s.p[i] < '0' || s.p[i] > '9')
            return false;
        *v = *v * 10 + (uint64_t)(s.p[i] - '0');
    }
    return true;
}

static int on_header(void *ctx, const wr_row *h)
{
    ledger_merge *L = ctx;
    if (h->n_fields != 12 || !wr_str_is(h->fields[0], "project_id")) {
        L->bad = true;
        return WR_EINPUT;
    }
    return 0;
}

static int on_row(void *ctx, const wr_row *row)
{
    ledger_merge *L = ctx;
    const wr_str *f = row->fields;
    wr_ledger_row add = {0};
    uint64_t late;
    row_key k = {f[0], 0};
    if (row->n_fields != 12 || !wr_parse_period(f[2].p, f[2].n, &k.period) ||
        !parse_u64(f[3], &add.workers) || !parse_u64(f[4], &add.attended) ||
        !parse_u64(f[5], &add.paid_workers) || !parse_u64(f[6], &add.in_arrears) ||
        !wr_parse_fen(f[7].p, f[7].n, &add.owed_fen) || !wr_parse_fen(f[8].p, f[8].n, &add.paid_fen) ||
        !wr_parse_fen(f[9].p, f[9].n, &add.arrears_fen) || !parse_u64(f[10], &add.late_workers) ||
        !parse_u64(f[11], &late) || late > INT32_MAX) {
        L->bad = true;
        L->bad_line = row->line;
        return WR_EINPUT;
    }
    uint32_t next = (uint32_t)L->rows.len;
    uint64_t h = wr_hash_bytes(k.project.p, k.project.n) ^ wr_hash_u64((uint32_t)k.period);
    uint32_t i = wr_table_intern(&L->index, h, &k, row_eq, L, next);
    merged_row *m = i == WR_NONE ? NULL : i == next ? wr_vec_push(&L->rows)
                                                     : WR_AT(L->rows, merged_row, i);
    if (m && i == next) {
        m->project_id = wr_arena_strndup(&L->arena, f[0].p, f[0].n);
        m->employer_id = wr_arena_strndup(&L->arena, f[1].p, f[1].n);
        m->r.period = k.period;
    }
    if (!m || !m->project_id || !m->employer_id) {
        L->oom = true;
        L->bad_line = row->line;
        return WR_ENOMEM;
    }
    wr_ledger_row *r = &m->r;
    r->workers += add.workers;
    r->attended += add.attended;
    r->paid_workers += add.paid_workers;
    r->in_arrears += add.in_arrears;
    r->late_workers += add.late_workers;
    r->owed_fen = wr_add_fen(r->owed_fen, add.owed_fen, &L->overflow);
    r->paid_fen = wr_add_fen(r->paid_fen, add.paid_fen, &L->overflow);
    r->arrears_fen = wr_add_fen(r->arrears_fen, add.arrears_fen, &L->overflow);
    if ((int32_t)late > r->max_days_late)
        r->max_days_late = (int32_t)late;
    return 0;
}

static int compare_rows(const void *a, const void *b)
{
    const merged_row *x = a, *y = b;
    int c = strcmp(x->project_id, y->project_id);
    return c ? c : (x->r.period > y->r.period) - (x->r.period < y->r.period);
}

int wr_merge_ledger(const char *const *part_out, size_t n, FILE *out, int64_t *arrears_fen,
                    bool *overflow, const wr_model *projects, wr_vec *rows, wr_error *err)
{
    ledger_merge L = {0};
    wr_vec_init(&L.rows, sizeof(merged_row));
    wr_table_init(&L.index);
    wr_arena_init(&L.arena);
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/ledger.csv", part_out[i]);
        wr_csv_handler h = {.on_header = on_header, .on_row = on_row, .ctx = &L};
        L.bad = L.oom = false;
        rc = wr_csv_read(path, &h, err);
        if (rc && (L.bad || L.oom))
            rc = wr_errorf(err, L.oom ? WR_ENOMEM : WR_EINPUT, "%s: %s at line %llu", path,
                           L.oom ? "out of memory" : "not a wagerecon ledger",
                           (unsigned long long)L.bad_line);
    }
    if (!rc) {
        if (L.rows.len > 1)
            qsort(L.rows.data, L.rows.len, sizeof(merged_row), compare_rows);
        wr_write_ledger_header(out);
        *arrears_fen = 0;
        for (size_t i = 0; i < L.rows.len; i++) {
            const merged_row *m = WR_AT(L.rows, merged_row, i);
            wr_write_ledger_row(out, m->project_id, m->employer_id, &m->r, false);
            *arrears_fen = wr_add_fen(*arrears_fen, m->r.arrears_fen, &L.overflow);
            /* report.html names the row's project from the projects file */
            wr_ledger_row *r = wr_vec_push(rows);
            if (!r) {
                rc = wr_error_nomem(err, NULL);
                break;
            }
            *r = m->r;
            r->project = wr_model_find_project(projects, (wr_str){m->project_id,
                                                                  strlen(m->project_id)});
            if (r->project == WR_NONE) {
                rc = wr_errorf(err, WR_EINPUT, "the parts' ledger.csv names project %s, which is "
                               "not in their projects file", m->project_id);
                break;
            }
        }
        *overflow |= L.overflow;
    }
    wr_vec_free(&L.rows);
    wr_table_free(&L.index);
    wr_arena_free(&L.arena);
    return rc;
}
