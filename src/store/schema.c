/*
 * The case store's schema (one text for SQLite and PostgreSQL: TEXT,
 * BIGINT; dates 'YYYY-MM-DD' and periods 'YYYY-MM' as text, which sort as
 * they read in both; money as integer fen) and its migrations, applied in
 * order on open under the write lock. store_schema holds the versions
 * applied. A store written by a newer program (a version above the last
 * migration here) is refused rather than guessed at.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../types/error.h"
#include "store.h"

/* Migration 1: runs, their inputs and scope, flags, events. */
static const char *const migration_1[] = {
    "CREATE TABLE runs ("
    " run_id BIGINT PRIMARY KEY,"
    " run_key TEXT NOT NULL UNIQUE,"      /* XXH3-128 of what decides the run's flags */
    " as_of TEXT NOT NULL,"
    " period_from TEXT NOT NULL,"
    " period_to TEXT NOT NULL,"
    " all_projects BIGINT NOT NULL,"      /* 1 without --project */
    " tolerance BIGINT NOT NULL,"         /* fen */
    " rules_version TEXT NOT NULL,"
    " program_version TEXT NOT NULL,"
    " inputs_digest TEXT NOT NULL,"       /* XXH3-128 over the input files' bytes */
    " backfill BIGINT NOT NULL,"
    " ran_at TEXT NOT NULL,"              /* UTC, YYYY-MM-DDTHH:MM:SSZ */
    " n_new BIGINT NOT NULL, n_persisting BIGINT NOT NULL, n_changed BIGINT NOT NULL,"
    " n_resolved BIGINT NOT NULL, n_reopened BIGINT NOT NULL)",
    "CREATE INDEX runs_as_of ON runs (as_of)",
    "CREATE TABLE run_projects ("
    " run_id BIGINT NOT NULL, project_id TEXT NOT NULL,"
    " PRIMARY KEY (run_id, project_id))",
    "CREATE TABLE run_inputs ("
    " run_id BIGINT NOT NULL, seq BIGINT NOT NULL, role TEXT NOT NULL, file TEXT NOT NULL,"
    " size_bytes BIGINT NOT NULL, PRIMARY KEY (run_id, seq))",
    "CREATE TABLE flags ("
    " flag_id TEXT PRIMARY KEY,"
    " kind TEXT NOT NULL, severity TEXT NOT NULL,"
    " project_id TEXT, employer_id TEXT, worker_id TEXT, worker_name TEXT,"
    " period TEXT, due_date TEXT,"
    " owed BIGINT, paid BIGINT, paid_on_time BIGINT, shortfall BIGINT,"
    " days_late BIGINT, days_overdue BIGINT, detail TEXT,"
    " status TEXT NOT NULL,"              /* open, resolved */
    " first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, resolved_at TEXT,"
    " last_run BIGINT NOT NULL)",         /* the run that last raised it */
    "CREATE INDEX flags_status_kind ON flags (status, kind)",
    "CREATE INDEX flags_employer ON flags (employer_id, status)",
    "CREATE INDEX flags_project ON flags (project_id, status)",
    "CREATE TABLE events ("
    " run_id BIGINT NOT NULL, flag_id TEXT NOT NULL,"
    " event TEXT NOT NULL,"               /* NEW, CHANGED, RESOLVED, REOPENED */
    " as_of TEXT NOT NULL,"
    " severity TEXT, due_date TEXT, owed BIGINT, paid BIGINT, paid_on_time BIGINT,"
    " shortfall BIGINT, days_late BIGINT, days_overdue BIGINT,"
    " old_severity TEXT, old_due_date TEXT, old_owed BIGINT, old_paid BIGINT,"
    " old_paid_on_time BIGINT, old_shortfall BIGINT, old_days_late BIGINT,"
    " PRIMARY KEY (run_id, flag_id))",
    "CREATE INDEX events_flag ON events (flag_id)",
    "CREATE INDEX events_as_of ON events (as_of)",
    NULL,
};

static const char *const *const migrations[] = {migration_1};
#define N_MIGRATIONS (int)(sizeof migrations / sizeof migrations[0])

int wr_store_schema_version(void)
{
    return N_MIGRATIONS;
}

/* The version recorded in the store, 0 for a new one; -1 on error. */
static int64_t applied_version(wr_db *db, bool *missing, wr_error *err)
{
    wr_db_rows *rows;
    *missing = false;
    if (!wr_db_query(db, "SELECT MAX(version) FROM store_schema", NULL, 0, &rows, err)) {
        *missing = true;
        return 0;
    }
    int64_t v = 0;
    int rc = wr_db_next(rows, err);
    if (rc > 0 && wr_db_col(rows, 0))
        v = strtoll(wr_db_col(rows, 0), NULL, 10);
    wr_db_rows_free(rows);
    return rc < 0 ? -1 : v;
}

static bool newer(wr_db *db, int64_t v, wr_error *err)
{
    wr_errorf(err, WR_ESTORE,
              "store %s: schema version %lld is newer than this program's (%d); use a newer "
              "wagerecon", wr_db_display_name(db), (long long)v, N_MIGRATIONS);
    return false;
}

bool wr_store_migrate(wr_db *db, wr_error *err)
{
    bool missing;
    int64_t v = applied_version(db, &missing, err);
    if (v < 0)
        return false;
    if (!missing && v == N_MIGRATIONS)
        return true;
    if (!missing && v > N_MIGRATIONS)
        return newer(db, v, err);
    /* Under the write lock: another process may be migrating the same store. */
    if (!wr_db_begin_write(db, err))
        return false;
    if (!wr_db_exec(db, "CREATE TABLE IF NOT EXISTS store_schema (version BIGINT NOT NULL)",
                    NULL, 0, err))
        goto fail;
    v = applied_version(db, &missing, err);
    if (v < 0 || missing)
        goto fail;
    if (v > N_MIGRATIONS) {
        wr_db_rollback(db);
        return newer(db, v, err);
    }
    for (int m = (int)v; m < N_MIGRATIONS; m++) {
        for (const char *const *s = migrations[m]; *s; s++)
            if (!wr_db_exec(db, *s, NULL, 0, err))
                goto fail;
        wr_db_value ver = WR_DB_INT(m + 1);
        if (!wr_db_exec(db, "INSERT INTO store_schema (version) VALUES ($1)", &ver, 1, err))
            goto fail;
    }
    return wr_db_commit(db, err);
fail:
    wr_db_rollback(db);
    return false;
}
