/*
 * The case store's run path (store.h): open and check, the diff of a run
 * against the store under the write lock (DECISIONS D72, the scoped
 * resolution rule D73, backfill D74), and the write of the run, its flags
 * and their events in that one transaction.
 *
 * The store's flags are read once into an array and a hash table by
 * flag_id; this run's flags are matched against it in flags.csv order, so
 * memory is a few words per flag and no flags.csv is read back.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../core/testhooks.h"
#include "../rules/flags.h"
#include "../types/error.h"
#include "../types/money.h"
#include "store.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

/* The values a flag carries from run to run; n[] in the order below,
 * present where bit i of `has` is set. */
enum { V_OWED, V_PAID, V_ON_TIME, V_SHORTFALL, V_DAYS_LATE, V_DAYS_OVERDUE, N_VALUES };
#define CHANGE_VALUES 5 /* days_overdue grows every run: no CHANGED for it (D72) */

typedef struct {
    int8_t sev; /* 0 high, 1 medium, 2 low; -1 unknown */
    char due[11];
    int64_t n[N_VALUES];
    uint8_t has;
} fvals;

/* One flag of the store. */
typedef struct {
    char id[17];
    bool open, seen;
    wr_month period;              /* -1: a flag without a period */
    wr_month last_from, last_to;  /* periods of the run that last raised it */
    const char *project_id;       /* arena; NULL when none */
    fvals v;
} store_entry;

/* A later run, for a backfill (D74). */
typedef struct {
    int64_t run_id;
    char as_of[11];
    wr_month from, to;
    bool all_projects;
    const char **projects; /* arena */
    size_t n_projects;
} later_run;

struct wr_store {
    wr_db *db;
    const wr_options *opt;
    bool in_txn, backfill, repeat;
    wr_arena arena;
    wr_vec entries; /* store_entry */
    wr_table by_id;
    const wr_flag *flags; /* the run's, as given to wr_store_diff */
    size_t n_flags;
    uint8_t *marks;     /* per flag of the run */
    uint32_t *entry_of; /* per flag: its entry, WR_NONE for a new one */
    uint8_t *backfill_resolved_by; /* per flag: index into later + 1, 0 none */
    wr_vec later;       /* later_run */
    int64_t run_id;
    char as_of[11], from[8], to[8];
    char inputs_digest[33], run_key[33];
    int col[WR_FLAG_COLUMNS];
};

/* Column indices of flags.csv by name: the store reads cells by name so
 * new columns (v2's basis) change nothing here. */
enum { C_ID, C_KIND, C_SEV, C_PROJECT, C_EMPLOYER, C_WORKER, C_NAME, C_PERIOD, C_DUE, C_OWED,
       C_PAID, C_ON_TIME, C_SHORTFALL, C_DAYS_LATE, C_DAYS_OVERDUE, C_DETAIL, N_COLS };
static const char *const col_names[N_COLS] = {
    "flag_id", "kind", "severity", "project_id", "employer_id", "worker_id", "worker_name",
    "period", "due_date", "owed", "paid", "paid_on_time", "shortfall", "days_late",
    "days_overdue", "detail",
};

/* Rolls back the open transaction (err already says why). */
static wr_status fail_store(wr_store *s)
{
    if (s && s->in_txn) {
        wr_db_rollback(s->db);
        s->in_txn = false;
    }
    return WR_ESTORE;
}

static bool oom(wr_store *s, wr_error *err)
{
    wr_errorf(err, WR_ESTORE, "store %s: out of memory",
              wr_db_display_name(s->db));
    return false;
}

bool wr_store_open_db(const char *url, wr_db **db, wr_error *err)
{
    if (!wr_db_open(url, WR_STORE_WAIT_MS, db, err))
        return false;
    if (wr_store_migrate(*db, err))
        return true;
    wr_db_close(*db);
    *db = NULL;
    return false;
}

/* The store's latest as-of ("" for an empty store) into latest[11]. */
static bool latest_as_of(wr_db *db, char latest[11], wr_error *err)
{
    wr_db_rows *rows;
    latest[0] = '\0';
    if (!wr_db_query(db, "SELECT MAX(as_of) FROM runs", NULL, 0, &rows, err))
        return false;
    int rc = wr_db_next(rows, err);
    if (rc > 0 && wr_db_col(rows, 0))
        snprintf(latest, 11, "%s", wr_db_col(rows, 0));
    wr_db_rows_free(rows);
    return rc >= 0;
}

/* RULES-free check of D74: an earlier as-of needs --store-backfill. */
static wr_status check_as_of(wr_store *s, wr_error *err)
{
    char latest[11];
    if (!latest_as_of(s->db, latest, err))
        return WR_ESTORE;
    s->backfill = latest[0] && strcmp(s->as_of, latest) < 0;
    if (s->backfill && !s->opt->store_backfill) {
        return wr_errorf(err, WR_EINPUT,
                         "store %s: --as-of %s is before the store's latest run (%s); a run for an "
                         "earlier date goes in only with --store-backfill",
                         wr_db_display_name(s->db), s->as_of, latest);
    }
    return WR_OK;
}

wr_status wr_store_open_for_run(const wr_options *opt, wr_store **out, wr_error *err)
{
    *out = NULL;
    wr_store *s = calloc(1, sizeof *s);
    if (!s) {
        return wr_errorf(err, WR_ESTORE, "store: out of memory");
    }
    s->opt = opt;
    wr_arena_init(&s->arena);
    wr_vec_init(&s->entries, sizeof(store_entry));
    wr_vec_init(&s->later, sizeof(later_run));
    wr_table_init(&s->by_id);
    wr_format_day(opt->as_of_day, s->as_of);
    wr_format_month(opt->from_month, s->from);
    wr_format_month(opt->to_month, s->to);
    *out = s;
    if (!wr_store_open_db(opt->store_url, &s->db, err))
        return WR_ESTORE;
    return check_as_of(s, err);
}

void wr_store_close(wr_store *s)
{
    if (!s)
        return;
    if (s->db) {
        if (s->in_txn)
            wr_db_rollback(s->db);
        wr_db_close(s->db);
    }
    wr_arena_free(&s->arena);
    wr_vec_free(&s->entries);
    wr_vec_free(&s->later);
    wr_table_free(&s->by_id);
    free(s->marks);
    free(s->entry_of);
    free(s->backfill_resolved_by);
    free(s);
}

int wr_store_mark_of(const wr_store *s, const wr_flag *f)
{
    if (!s || !s->marks || !s->flags || f < s->flags || f >= s->flags + s->n_flags)
        return 0;
    return s->marks[f - s->flags];
}

/* ---------------------------------------------------------------- values */

static bool parse_int(const char *t, int64_t *v)
{
    if (!t || !*t)
        return false;
    char *end;
    errno = 0;
    long long x = strtoll(t, &end, 10);
    if (*end || errno)
        return false;
    *v = x;
    return true;
}

static int8_t severity_index(const char *t)
{
    for (int8_t k = 0; k < 3; k++)
        if (t && strcmp(t, wr_severity_name(k)) == 0)
            return k;
    return -1;
}

/* This run's values of a flag, from its rendered cells (one money parser). */
static void values_of_cells(const wr_store *s, const wr_flag_cells *c, fvals *v)
{
    memset(v, 0, sizeof *v);
    v->sev = severity_index(c->cell[s->col[C_SEV]]);
    const char *due = c->cell[s->col[C_DUE]];
    if (due)
        snprintf(v->due, sizeof v->due, "%s", due);
    for (int i = 0; i < N_VALUES; i++) {
        const char *t = c->cell[s->col[C_OWED + i]];
        bool ok = t && (i >= V_DAYS_LATE ? parse_int(t, &v->n[i])
                                         : wr_parse_fen(t, strlen(t), &v->n[i]));
        if (ok)
            v->has |= (uint8_t)(1u << i);
    }
}

static bool same_values(const fvals *a, const fvals *b)
{
    uint8_t mask = (1u << CHANGE_VALUES) - 1;
    if (a->sev != b->sev || strcmp(a->due, b->due) != 0 || (a->has & mask) != (b->has & mask))
        return false;
    for (int i = 0; i < CHANGE_VALUES; i++)
        if ((a->has >> i & 1) && a->n[i] != b->n[i])
            return false;
    return true;
}

/* The values as bound parameters: severity, due_date, then N_VALUES. */
static void bind_values(const fvals *v, wr_db_value *p)
{
    p[0] = WR_DB_TEXT(v->sev >= 0 ? wr_severity_name(v->sev) : NULL);
    p[1] = WR_DB_TEXT(v->due[0] ? v->due : NULL);
    for (int i = 0; i < N_VALUES; i++)
        p[2 + i] = v->has >> i & 1 ? WR_DB_INT(v->n[i]) : WR_DB_TEXT(NULL);
}

/* ---------------------------------------------------------------- scope */

static bool project_in_scope(const wr_options *o, const char *project_id)
{
    if (o->n_project_filter == 0)
        return true;
    for (size_t i = 0; project_id && i < o->n_project_filter; i++)
        if (strcmp(o->project_filter[i], project_id) == 0)
            return true;
    return false;
}

/* D73: could a run of periods [from, to] over the projects of `o` (all of
 * them when all_projects) have raised this flag? A flag with a period: its
 * period in the run's and its project in the run's scope. A flag without
 * one (INVALID_ID, CONTRACT_OVERLAP, DUPLICATE_TXN, UNKNOWN_ACCOUNT,
 * LIST_THRESHOLD): the run's periods cover those of the run that last
 * raised it, and its project in scope (all projects for a flag without a
 * project: account and employer flags). */
static bool could_raise(wr_month from, wr_month to, bool all_projects, bool (*in)(const void *,
                        const char *), const void *ctx, wr_month period, wr_month last_from,
                        wr_month last_to, const char *project_id)
{
    bool periods = period >= 0 ? from <= period && period <= to
                               : from <= last_from && last_to <= to;
    bool projects = project_id ? all_projects || in(ctx, project_id) : all_projects;
    return periods && projects;
}

static bool in_options(const void *ctx, const char *project_id)
{
    return project_in_scope(ctx, project_id);
}

static bool in_later(const void *ctx, const char *project_id)
{
    const later_run *r = ctx;
    for (size_t i = 0; i < r->n_projects; i++)
        if (strcmp(r->projects[i], project_id) == 0)
            return true;
    return false;
}

/* ---------------------------------------------------------------- loading */

static bool id_eq(const void *ctx, uint32_t index, const void *key)
{
    return memcmp(((const store_entry *)wr_vec_at(ctx, index))->id, key, 16) == 0;
}

static uint32_t find_entry(const wr_store *s, const char *id)
{
    return wr_table_find(&s->by_id, wr_hash_bytes(id, 16), id, id_eq, &s->entries);
}

static bool parse_month_text(const char *t, wr_month *m)
{
    return t && wr_parse_period(t, strlen(t), m);
}

static const char load_sql[] =
    "SELECT f.flag_id, f.status, f.project_id, f.period, f.severity, f.due_date, f.owed,"
    " f.paid, f.paid_on_time, f.shortfall, f.days_late, f.days_overdue, r.period_from,"
    " r.period_to FROM flags f JOIN runs r ON r.run_id = f.last_run";

static bool load_entries(wr_store *s, wr_error *err)
{
    wr_db_rows *rows;
    if (!wr_db_query(s->db, load_sql, NULL, 0, &rows, err))
        return false;
    int rc;
    while ((rc = wr_db_next(rows, err)) > 0) {
        const char *id = wr_db_col(rows, 0);
        if (!id || strlen(id) != 16)
            continue; /* not a flag id this program wrote */
        uint32_t idx = (uint32_t)s->entries.len;
        store_entry *e = wr_vec_push(&s->entries);
        if (!e) {
            wr_db_rows_free(rows);
            return oom(s, err);
        }
        memcpy(e->id, id, 17);
        const char *status = wr_db_col(rows, 1);
        e->open = status && strcmp(status, "open") == 0;
        const char *project = wr_db_col(rows, 2);
        e->project_id = project ? wr_arena_strndup(&s->arena, project, strlen(project)) : NULL;
        if (!parse_month_text(wr_db_col(rows, 3), &e->period))
            e->period = -1;
        e->v.sev = severity_index(wr_db_col(rows, 4));
        const char *due = wr_db_col(rows, 5);
        if (due)
            snprintf(e->v.due, sizeof e->v.due, "%s", due);
        for (int i = 0; i < N_VALUES; i++)
            if (parse_int(wr_db_col(rows, 6 + i), &e->v.n[i]))
                e->v.has |= (uint8_t)(1u << i);
        if (!parse_month_text(wr_db_col(rows, 12), &e->last_from) ||
            !parse_month_text(wr_db_col(rows, 13), &e->last_to))
            e->last_from = e->last_to = -1;
        if ((project && !e->project_id) ||
            wr_table_intern(&s->by_id, wr_hash_bytes(e->id, 16), e->id, id_eq, &s->entries,
                            idx) == WR_NONE) {
            wr_db_rows_free(rows);
            return oom(s, err);
        }
    }
    wr_db_rows_free(rows);
    return rc == 0;
}

/* The runs after this one's as-of, with their scopes (a backfill, D74). */
static bool load_later_runs(wr_store *s, wr_error *err)
{
    wr_db_rows *rows;
    wr_db_value p[1] = {WR_DB_TEXT(s->as_of)};
    if (!wr_db_query(s->db,
                     "SELECT run_id, as_of, period_from, period_to, all_projects FROM runs "
                     "WHERE as_of > $1 ORDER BY as_of, run_id", p, 1, &rows, err))
        return false;
    int rc;
    while ((rc = wr_db_next(rows, err)) > 0) {
        later_run *r = wr_vec_push(&s->later);
        if (!r) {
            wr_db_rows_free(rows);
            return oom(s, err);
        }
        parse_int(wr_db_col(rows, 0), &r->run_id);
        snprintf(r->as_of, sizeof r->as_of, "%s", wr_db_col(rows, 1));
        parse_month_text(wr_db_col(rows, 2), &r->from);
        parse_month_text(wr_db_col(rows, 3), &r->to);
        r->all_projects = wr_db_col(rows, 4) && strcmp(wr_db_col(rows, 4), "1") == 0;
    }
    wr_db_rows_free(rows);
    if (rc < 0)
        return false;
    for (size_t i = 0; i < s->later.len; i++) {
        later_run *r = wr_vec_at(&s->later, i);
        if (r->all_projects)
            continue;
        wr_db_value q[1] = {WR_DB_INT(r->run_id)};
        if (!wr_db_query(s->db, "SELECT project_id FROM run_projects WHERE run_id = $1", q, 1,
                         &rows, err))
            return false;
        size_t cap = 0;
        while ((rc = wr_db_next(rows, err)) > 0) {
            if (r->n_projects == cap) {
                cap = cap ? 2 * cap : 8;
                const char **grown = wr_arena_alloc(&s->arena, cap * sizeof *grown);
                if (!grown) {
                    wr_db_rows_free(rows);
                    return oom(s, err);
                }
                if (r->n_projects)
                    memcpy(grown, r->projects, r->n_projects * sizeof *grown);
                r->projects = grown;
            }
            const char *pid = wr_db_col(rows, 0);
            r->projects[r->n_projects++] = wr_arena_strndup(&s->arena, pid, strlen(pid));
        }
        wr_db_rows_free(rows);
        if (rc < 0)
            return false;
    }
    return true;
}

/* ---------------------------------------------------------------- run key */

static void hex128(XXH128_hash_t h, char out[33])
{
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)h.high64,
             (unsigned long long)h.low64);
}

static void hash_str(XXH3_state_t *st, const char *t)
{
    XXH3_128bits_update(st, t ? t : "", t ? strlen(t) + 1 : 1);
}

static void hash_u64(XXH3_state_t *st, uint64_t v)
{
    XXH3_128bits_update(st, &v, sizeof v);
}

/* inputs_digest: each input's role, size and XXH3 (DECISIONS D160: taken
 * once by the run, wr_digest_inputs) and its descriptor's with the
 * descriptor's values; the bytes, not the names: a renamed copy is the
 * same input. run_key: that, the as-of, periods, scope, tolerance and
 * every flag of the run with its values, so "the same run" is one that
 * would write the same (D72). */
static bool compute_keys(wr_store *s, const wr_report *rep, XXH128_hash_t flags_hash,
                         wr_error *err)
{
    const wr_options *o = s->opt;
    XXH3_state_t *st = XXH3_createState();
    if (!st)
        return oom(s, err);
    XXH3_128bits_reset(st);
    for (size_t i = 0; i < rep->n_files; i++) {
        const wr_file_stats *f = &rep->files[i];
        hash_str(st, f->role);
        hash_str(st, f->xxh3);
        hash_u64(st, f->size);
        hash_str(st, f->format ? f->format_xxh3 : "");
        hash_u64(st, f->format ? f->format_size : 0);
        for (size_t k = 0; f->format && k < f->format->n_values; k++)
            hash_str(st, f->format->values[k]);
    }
    hex128(XXH3_128bits_digest(st), s->inputs_digest);
    XXH3_128bits_reset(st);
    char tol[24];
    wr_format_fen(o->tolerance_fen, tol);
    hash_str(st, s->inputs_digest);
    hash_str(st, s->as_of);
    hash_str(st, s->from);
    hash_str(st, s->to);
    hash_str(st, tol);
    for (size_t i = 0; i < o->n_project_filter; i++)
        hash_str(st, o->project_filter[i]);
    XXH3_128bits_update(st, &flags_hash, sizeof flags_hash);
    hex128(XXH3_128bits_digest(st), s->run_key);
    XXH3_freeState(st);
    return true;
}

static bool run_exists(wr_store *s, bool *exists, wr_error *err)
{
    wr_db_rows *rows;
    wr_db_value p[1] = {WR_DB_TEXT(s->run_key)};
    if (!wr_db_query(s->db, "SELECT run_id FROM runs WHERE run_key = $1", p, 1, &rows, err))
        return false;
    int rc = wr_db_next(rows, err);
    wr_db_rows_free(rows);
    *exists = rc > 0;
    return rc >= 0;
}

static bool next_run_id(wr_store *s, wr_error *err)
{
    wr_db_rows *rows;
    if (!wr_db_query(s->db, "SELECT MAX(run_id) FROM runs", NULL, 0, &rows, err))
        return false;
    int rc = wr_db_next(rows, err);
    s->run_id = 0;
    if (rc > 0)
        parse_int(wr_db_col(rows, 0), &s->run_id);
    s->run_id++;
    wr_db_rows_free(rows);
    return rc >= 0;
}

/* ---------------------------------------------------------------- diff */

static bool find_columns(wr_store *s, wr_error *err)
{
    for (int c = 0; c < N_COLS; c++) {
        s->col[c] = -1;
        for (int k = 0; k < WR_FLAG_COLUMNS; k++)
            if (strcmp(wr_flag_column_names[k], col_names[c]) == 0)
                s->col[c] = k;
        if (s->col[c] < 0) {
            wr_errorf(err, WR_ESTORE, "store: flags have no column %s",
                      col_names[c]);
            return false;
        }
    }
    return true;
}

/* A flag of this run and its period (-1 none), project (NULL none). */
static void flag_scope(const wr_store *s, const wr_flag_cells *c, wr_month *period,
                       const char **project)
{
    if (!parse_month_text(c->cell[s->col[C_PERIOD]], period))
        *period = -1;
    *project = c->cell[s->col[C_PROJECT]];
}

wr_status wr_store_diff(wr_store *s, const wr_model *m, const wr_vec *flags, wr_error *err)
{
    wr_report *rep = m->report;
    if (!find_columns(s, err))
        return WR_ESTORE;
    if (!wr_db_begin_write(s->db, err))
        return WR_ESTORE;
    s->in_txn = true;
    wr_status st = check_as_of(s, err); /* again, under the lock */
    if (st != WR_OK) {
        fail_store(s);
        return st;
    }
    if (!load_entries(s, err) || (s->backfill && !load_later_runs(s, err)))
        return fail_store(s);
    size_t n = flags->len;
    s->flags = flags->data;
    s->n_flags = n;
    s->marks = calloc(n + 1, 1);
    s->entry_of = calloc(n + 1, sizeof *s->entry_of);
    s->backfill_resolved_by = calloc(n + 1, 1);
    if (!s->marks || !s->entry_of || !s->backfill_resolved_by) {
        oom(s, err);
        return fail_store(s);
    }
    XXH3_state_t *fh = XXH3_createState();
    if (!fh) {
        oom(s, err);
        return fail_store(s);
    }
    XXH3_128bits_reset(fh);
    wr_flag_cells cells;
    for (size_t i = 0; i < n; i++) {
        const wr_flag *f = WR_AT(*flags, wr_flag, i);
        wr_flag_render(m, f, &cells);
        fvals v;
        values_of_cells(s, &cells, &v);
        XXH3_128bits_update(fh, f->id, 16);
        XXH3_128bits_update(fh, &v, sizeof v);
        uint32_t e = find_entry(s, f->id);
        s->entry_of[i] = e;
        if (e == WR_NONE) {
            s->marks[i] = WR_MARK_NEW;
            rep->store_new++;
            if (!s->backfill)
                continue;
            /* D74: the first later run that could have raised it, and did not. */
            wr_month period;
            const char *project;
            flag_scope(s, &cells, &period, &project);
            for (size_t r = 0; r < s->later.len && r < 254; r++) {
                const later_run *lr = wr_vec_at(&s->later, r);
                if (could_raise(lr->from, lr->to, lr->all_projects, in_later, lr, period,
                                m->opt->from_month, m->opt->to_month, project)) {
                    s->backfill_resolved_by[i] = (uint8_t)(r + 1);
                    rep->store_resolved++;
                    break;
                }
            }
            continue;
        }
        store_entry *se = wr_vec_at(&s->entries, e);
        se->seen = true;
        if (s->backfill) {
            s->marks[i] = WR_MARK_PERSISTING; /* D74: an old run changes no state */
            rep->store_persisting++;
        } else if (!se->open) {
            s->marks[i] = WR_MARK_REOPENED;
            rep->store_reopened++;
        } else if (same_values(&se->v, &v)) {
            s->marks[i] = WR_MARK_PERSISTING;
            rep->store_persisting++;
        } else {
            s->marks[i] = WR_MARK_CHANGED;
            rep->store_persisting++;
            rep->store_changed++;
        }
    }
    XXH128_hash_t flags_hash = XXH3_128bits_digest(fh);
    XXH3_freeState(fh);
    if (!s->backfill)
        for (size_t e = 0; e < s->entries.len; e++) {
            const store_entry *se = wr_vec_at(&s->entries, e);
            if (se->open && !se->seen &&
                could_raise(m->opt->from_month, m->opt->to_month, m->opt->n_project_filter == 0,
                            in_options, m->opt, se->period, se->last_from, se->last_to,
                            se->project_id))
                rep->store_resolved++;
        }
    bool exists = false;
    if (!compute_keys(s, rep, flags_hash, err) || !run_exists(s, &exists, err) ||
        !next_run_id(s, err))
        return fail_store(s);
    s->repeat = exists;
    rep->store_used = true;
    rep->store_repeat = exists;
    if (exists) { /* D72: the same run again writes nothing */
        rep->store_new = rep->store_changed = rep->store_resolved = rep->store_reopened = 0;
        rep->store_persisting = n;
        memset(s->marks, WR_MARK_PERSISTING, n);
    }
    return WR_OK;
}

/* ---------------------------------------------------------------- write */

static const char insert_run_sql[] =
    "INSERT INTO runs (run_id, run_key, as_of, period_from, period_to, all_projects, tolerance,"
    " rules_version, program_version, inputs_digest, backfill, ran_at, n_new, n_persisting,"
    " n_changed, n_resolved, n_reopened)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)";
static const char insert_project_sql[] =
    "INSERT INTO run_projects (run_id, project_id) VALUES ($1, $2)";
static const char insert_input_sql[] =
    "INSERT INTO run_inputs (run_id, seq, role, file, size_bytes) VALUES ($1, $2, $3, $4, $5)";
/* $1 flag_id, $2 kind, $3 project, $4 employer, $5 worker, $6 name, $7 period, $8 detail,
 * $9 severity, $10 due_date, $11-$16 values, $17 as_of, $18 run_id */
static const char insert_flag_sql[] =
    "INSERT INTO flags (flag_id, kind, project_id, employer_id, worker_id, worker_name, period,"
    " detail, severity, due_date, owed, paid, paid_on_time, shortfall, days_late, days_overdue,"
    " status, first_seen, last_seen, resolved_at, last_run)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,"
    " 'open', $17, $17, NULL, $18)";
static const char update_flag_sql[] =
    "UPDATE flags SET kind = $2, project_id = $3, employer_id = $4, worker_id = $5,"
    " worker_name = $6, period = $7, detail = $8, severity = $9, due_date = $10, owed = $11,"
    " paid = $12, paid_on_time = $13, shortfall = $14, days_late = $15, days_overdue = $16,"
    " status = 'open', last_seen = $17, resolved_at = NULL, last_run = $18 WHERE flag_id = $1";
static const char resolve_flag_sql[] =
    "UPDATE flags SET status = 'resolved', resolved_at = $2 WHERE flag_id = $1";
static const char first_seen_sql[] =
    "UPDATE flags SET first_seen = $2 WHERE flag_id = $1 AND first_seen > $2";
/* $1 run, $2 flag, $3 event, $4 as_of, $5-$12 values, $13-$19 old values */
static const char insert_event_sql[] =
    "INSERT INTO events (run_id, flag_id, event, as_of, severity, due_date, owed, paid,"
    " paid_on_time, shortfall, days_late, days_overdue, old_severity, old_due_date, old_owed,"
    " old_paid, old_paid_on_time, old_shortfall, old_days_late)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,"
    " $19)";

static bool write_event(wr_store *s, int64_t run_id, const char *id, const char *event,
                        const char *as_of, const fvals *v, const fvals *old, wr_error *err)
{
    wr_db_value p[20]; /* bind_values fills 8 from p + 12: the last is unused */
    p[0] = WR_DB_INT(run_id);
    p[1] = WR_DB_TEXT(id);
    p[2] = WR_DB_TEXT(event);
    p[3] = WR_DB_TEXT(as_of);
    bind_values(v, p + 4);
    for (int k = 12; k < 19; k++)
        p[k] = WR_DB_TEXT(NULL);
    if (old)
        bind_values(old, p + 12); /* old_* stop before days_overdue: 7 of the 8 */
    return wr_db_exec(s->db, insert_event_sql, p, 19, err);
}

static bool write_run(wr_store *s, const wr_report *rep, wr_error *err)
{
    const wr_options *o = s->opt;
    char ran_at[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(ran_at, sizeof ran_at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    wr_db_value p[17] = {
        WR_DB_INT(s->run_id), WR_DB_TEXT(s->run_key), WR_DB_TEXT(s->as_of), WR_DB_TEXT(s->from),
        WR_DB_TEXT(s->to), WR_DB_INT(o->n_project_filter == 0), WR_DB_INT(o->tolerance_fen),
        WR_DB_TEXT("RULES v2"), WR_DB_TEXT(WAGERECON_VERSION), WR_DB_TEXT(s->inputs_digest),
        WR_DB_INT(s->backfill), WR_DB_TEXT(ran_at), WR_DB_INT((int64_t)rep->store_new),
        WR_DB_INT((int64_t)rep->store_persisting), WR_DB_INT((int64_t)rep->store_changed),
        WR_DB_INT((int64_t)rep->store_resolved), WR_DB_INT((int64_t)rep->store_reopened),
    };
    if (!wr_db_exec(s->db, insert_run_sql, p, 17, err))
        return false;
    for (size_t i = 0; i < o->n_project_filter; i++) {
        bool dup = false; /* --project P --project P names one project */
        for (size_t j = 0; j < i; j++)
            dup |= strcmp(o->project_filter[i], o->project_filter[j]) == 0;
        wr_db_value q[2] = {WR_DB_INT(s->run_id), WR_DB_TEXT(o->project_filter[i])};
        if (!dup && !wr_db_exec(s->db, insert_project_sql, q, 2, err))
            return false;
    }
    for (size_t i = 0; i < rep->n_files; i++) { /* in read order (D1), sizes as digested */
        const wr_file_stats *f = &rep->files[i];
        wr_db_value q[5] = {WR_DB_INT(s->run_id), WR_DB_INT((int64_t)i), WR_DB_TEXT(f->role),
                            WR_DB_TEXT(f->name), WR_DB_INT((int64_t)f->size)};
        if (!wr_db_exec(s->db, insert_input_sql, q, 5, err))
            return false;
    }
    return true;
}

/* The flag row's parameters ($1-$18 of insert_flag_sql / update_flag_sql). */
static void flag_params(const wr_store *s, const wr_flag_cells *c, const fvals *v,
                        wr_db_value p[18])
{
    static const int text_cols[8] = {C_ID, C_KIND, C_PROJECT, C_EMPLOYER, C_WORKER, C_NAME,
                                     C_PERIOD, C_DETAIL};
    for (int k = 0; k < 8; k++)
        p[k] = WR_DB_TEXT(c->cell[s->col[text_cols[k]]]);
    bind_values(v, p + 8);
    p[16] = WR_DB_TEXT(s->as_of);
    p[17] = WR_DB_INT(s->run_id);
}

/* Test hook (WR_HOOK_STORE_WAIT, core/testhooks.h). */
static void wait_for_test(const char *path)
{
    char ready[4096];
    snprintf(ready, sizeof ready, "%s.ready", path);
    FILE *f = fopen(ready, "w");
    if (f)
        fclose(f);
    for (int i = 0; i < 6000 && access(path, F_OK) != 0; i++)
        usleep(10000);
}

static bool write_flags(wr_store *s, const wr_model *m, const wr_vec *flags, wr_error *err)
{
    wr_flag_cells cells;
    wr_db_value p[18];
    for (size_t i = 0; i < flags->len; i++) {
        const wr_flag *f = WR_AT(*flags, wr_flag, i);
        wr_flag_render(m, f, &cells);
        fvals v;
        values_of_cells(s, &cells, &v);
        flag_params(s, &cells, &v, p);
        int mark = s->marks[i];
        const store_entry *se =
            s->entry_of[i] == WR_NONE ? NULL : wr_vec_at(&s->entries, s->entry_of[i]);
        bool ok = true;
        if (mark == WR_MARK_NEW) {
            ok = wr_db_exec(s->db, insert_flag_sql, p, 18, err) &&
                 write_event(s, s->run_id, f->id, "NEW", s->as_of, &v, NULL, err);
            if (ok && s->backfill_resolved_by[i]) {
                const later_run *lr = wr_vec_at(&s->later, s->backfill_resolved_by[i] - 1u);
                wr_db_value q[2] = {WR_DB_TEXT(f->id), WR_DB_TEXT(lr->as_of)};
                ok = wr_db_exec(s->db, resolve_flag_sql, q, 2, err) &&
                     write_event(s, lr->run_id, f->id, "RESOLVED", lr->as_of, &v, NULL, err);
            }
        } else if (s->backfill) {
            wr_db_value q[2] = {WR_DB_TEXT(f->id), WR_DB_TEXT(s->as_of)};
            ok = wr_db_exec(s->db, first_seen_sql, q, 2, err);
        } else {
            ok = wr_db_exec(s->db, update_flag_sql, p, 18, err);
            if (ok && mark == WR_MARK_CHANGED)
                ok = write_event(s, s->run_id, f->id, "CHANGED", s->as_of, &v, &se->v, err);
            if (ok && mark == WR_MARK_REOPENED)
                ok = write_event(s, s->run_id, f->id, "REOPENED", s->as_of, &v, &se->v, err);
        }
        if (!ok)
            return false;
    }
    if (s->backfill)
        return true;
    for (size_t e = 0; e < s->entries.len; e++) {
        const store_entry *se = wr_vec_at(&s->entries, e);
        if (!se->open || se->seen ||
            !could_raise(m->opt->from_month, m->opt->to_month, m->opt->n_project_filter == 0,
                         in_options, m->opt, se->period, se->last_from, se->last_to,
                         se->project_id))
            continue;
        wr_db_value q[2] = {WR_DB_TEXT(se->id), WR_DB_TEXT(s->as_of)};
        if (!wr_db_exec(s->db, resolve_flag_sql, q, 2, err) ||
            !write_event(s, s->run_id, se->id, "RESOLVED", s->as_of, &se->v, NULL, err))
            return false;
    }
    return true;
}

wr_status wr_store_write(wr_store *s, const wr_model *m, const wr_vec *flags, wr_error *err)
{
    const char *wait_for = wr_test_hook_value(WR_HOOK_STORE_WAIT);
    if (wait_for)
        wait_for_test(wait_for);
    if (s->repeat) { /* D72: nothing to write; end the transaction */
        wr_db_rollback(s->db);
        s->in_txn = false;
        return WR_OK;
    }
    if (!wr_db_batch_begin(s->db, err))
        return fail_store(s);
    bool ok = write_run(s, m->report, err) && write_flags(s, m, flags, err);
    wr_error batch_err;
    if (!wr_db_batch_end(s->db, &batch_err) && ok) { /* the first error told at the end */
        *err = batch_err;
        ok = false;
    }
    if (!ok)
        return fail_store(s);
    s->in_txn = false;
    if (!wr_db_commit(s->db, err))
        return WR_ESTORE;
    return WR_OK;
}
