/*
 * The case store's database backends behind one small interface: SQLite
 * (a file, the embedded default) and PostgreSQL (libpq). Everything above
 * this file speaks one SQL dialect: the schema (schema.c) uses types that
 * mean the same in both (TEXT, BIGINT), and statements number their
 * parameters $1, $2, ... (PostgreSQL's form; SQLite takes "$1" as a named
 * parameter, bound here by name). Values are only ever bound, never
 * pasted into SQL text.
 *
 * Errors: each call returns false and fills `err` with one line naming the
 * store (its URL with any password masked) and the database's own words.
 */
#ifndef WR_STORE_DB_H
#define WR_STORE_DB_H

#include <stdbool.h>
#include <stdint.h>

#include "wagerecon/wagerecon.h"

typedef struct wr_db wr_db;

/* A bound value: text (NULL text = SQL NULL) or an integer. */
typedef struct {
    const char *text;
    int64_t i;
    bool is_int;
} wr_db_value;

#define WR_DB_TEXT(s) ((wr_db_value){.text = (s)})
#define WR_DB_INT(n) ((wr_db_value){.i = (n), .is_int = true})
#define WR_DB_MAX_PARAMS 32

/* The rows of one query, read one at a time. */
typedef struct wr_db_rows wr_db_rows;

/* Opens the store at `url`: "postgresql://..." or "postgres://..." is a
 * PostgreSQL connection URI; "sqlite:PATH" or any other text is a SQLite
 * file (created when missing). Busy waits (SQLite's lock, PostgreSQL's
 * advisory lock) give up after `wait_ms`. */
bool wr_db_open(const char *url, int wait_ms, wr_db **db, wr_error *err);
void wr_db_close(wr_db *db);
/* The URL as a person may read it: the password of a PostgreSQL URI
 * replaced by ***. */
const char *wr_db_display_name(const wr_db *db);
/* "sqlite" or "postgresql". */
const char *wr_db_backend(const wr_db *db);

/* Starts the one write transaction of a run (or of a migration), taking
 * the store's write lock first: SQLite BEGIN IMMEDIATE (others wait up to
 * the busy timeout), PostgreSQL BEGIN and a transaction-level advisory
 * lock. Only one holder at a time; the lock ends with the transaction. */
bool wr_db_begin_write(wr_db *db, wr_error *err);
bool wr_db_commit(wr_db *db, wr_error *err);
/* Best effort: a connection already lost has nothing to roll back. */
void wr_db_rollback(wr_db *db);

/* A batch of writes (wr_db_exec only, no queries) whose errors may be
 * told only at its end: PostgreSQL pipelines them (libpq pipeline mode,
 * synced every 1000 statements) instead of a round trip each; SQLite runs
 * them as they come. wr_db_batch_end reports the first error. */
bool wr_db_batch_begin(wr_db *db, wr_error *err);
bool wr_db_batch_end(wr_db *db, wr_error *err);

/* Runs one statement with `n` bound values, discarding any rows. `sql`
 * must be a string constant: prepared statements are cached by its
 * address. */
bool wr_db_exec(wr_db *db, const char *sql, const wr_db_value *params, int n, wr_error *err);

/* Runs one query; its rows are read with wr_db_next and wr_db_col, then
 * freed with wr_db_rows_free (before the next statement on `db`). */
bool wr_db_query(wr_db *db, const char *sql, const wr_db_value *params, int n,
                 wr_db_rows **rows, wr_error *err);
/* Moves to the next row: 1 when there is one, 0 at the end, -1 on error. */
int wr_db_next(wr_db_rows *rows, wr_error *err);
/* Column i of the current row as text, NULL for SQL NULL. Valid until the
 * next wr_db_next. */
const char *wr_db_col(wr_db_rows *rows, int i);
void wr_db_rows_free(wr_db_rows *rows);

/* Backends (db_sqlite.c, db_pg.c), chosen by wr_db_open. */
typedef struct {
    const char *name;
    void *(*open)(const char *target, int wait_ms, char *msg, size_t msg_len);
    void (*close)(void *h);
    bool (*begin_write)(void *h, char *msg, size_t msg_len);
    bool (*batch)(void *h, bool begin, char *msg, size_t msg_len);
    bool (*exec)(void *h, const char *sql, const wr_db_value *p, int n, char *msg, size_t msg_len);
    void *(*query)(void *h, const char *sql, const wr_db_value *p, int n, char *msg,
                   size_t msg_len);
    int (*next)(void *rows, char *msg, size_t msg_len);
    const char *(*col)(void *rows, int i);
    void (*rows_free)(void *rows);
} wr_db_backend_ops;

extern const wr_db_backend_ops wr_db_sqlite_ops, wr_db_pg_ops;

#endif
