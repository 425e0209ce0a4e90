/*
 * The case store (docs/DECISIONS.md D70-D79): every flag of every run
 * remembered in a database (db.h), so each run can say what is new, what
 * persists, what changed, what was resolved and what came back.
 *
 * A run with --store goes through it in three steps:
 *   wr_store_open_for_run   before the inputs are read: open, migrate,
 *                           refuse an as-of earlier than the store's latest
 *                           (exit 2) unless --store-backfill;
 *   wr_store_diff           after the flags are built: take the write lock,
 *                           read the store's flags and classify this run's
 *                           against them (the counts go to the summary, the
 *                           marks to report.html);
 *   wr_store_write          after the file outputs are in place: write the
 *                           run, the flags and the events in the one
 *                           transaction the lock opened, and commit.
 * A failure anywhere rolls back: the store stays exactly as it was.
 */
#ifndef WR_STORE_H
#define WR_STORE_H

#include "../core/model.h"
#include "../rules/flags.h"
#include "../types/vec.h"
#include "db.h"

/* What a flag of this run is against the store (report.html marks). */
enum { WR_MARK_NEW = 1, WR_MARK_PERSISTING, WR_MARK_CHANGED, WR_MARK_REOPENED };

typedef struct wr_store wr_store;

/* Opens opt->store_url for a run. Returns WR_OK, WR_EINPUT (an as-of
 * earlier than the store's latest run without --store-backfill) or
 * WR_ESTORE, with `err` set. */
wr_status wr_store_open_for_run(const wr_options *opt, wr_store **s, wr_error *err);

/* Classifies `flags` (sorted, as in flags.csv) against the store under its
 * write lock; fills m->report's store counts. Returns WR_OK, WR_EINPUT
 * (the as-of check, made again under the lock) or WR_ESTORE. */
wr_status wr_store_diff(wr_store *s, const wr_model *m, const wr_vec *flags, wr_error *err);

/* The mark (WR_MARK_*) of a flag of the vec given to wr_store_diff; 0 when
 * s is NULL (no --store) or the flag is not in that vec. */
int wr_store_mark_of(const wr_store *s, const wr_flag *f);

/* Writes the run into the store and commits. WR_OK or WR_ESTORE (rolled
 * back: the store is unchanged). */
wr_status wr_store_write(wr_store *s, const wr_model *m, const wr_vec *flags, wr_error *err);

/* Rolls back what is open and closes. NULL is fine. */
void wr_store_close(wr_store *s);

/* Schema (schema.c): brings the store to this program's schema version,
 * under the write lock; refuses a store of a newer version. */
bool wr_store_migrate(wr_db *db, wr_error *err);
int wr_store_schema_version(void);

/* Opens a store for reading (`wagerecon cases`): open and migrate. */
bool wr_store_open_db(const char *url, wr_db **db, wr_error *err);

/* How long a writer waits for another's lock before giving up. */
#define WR_STORE_WAIT_MS 120000

#endif
