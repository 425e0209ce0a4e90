/*
 * The SQLite backend of the case store (db.h): one file, statements
 * prepared once and cached by their SQL text's address, parameters "$N"
 * bound by name. The write lock is BEGIN IMMEDIATE with a busy timeout: a
 * second writer waits for the first instead of failing at once.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

#define STMT_CACHE 64

typedef struct {
    sqlite3 *db;
    struct {
        const char *sql;
        sqlite3_stmt *st;
    } cache[STMT_CACHE];
    int n_cache;
} lite;

typedef struct {
    sqlite3_stmt *st;
    sqlite3 *db;
} lite_rows;

static void say(char *msg, size_t len, sqlite3 *db)
{
    snprintf(msg, len, "%s", db ? sqlite3_errmsg(db) : "out of memory");
}

static void *lite_open(const char *path, int wait_ms, char *msg, size_t len)
{
    lite *l = calloc(1, sizeof *l);
    if (!l) {
        snprintf(msg, len, "out of memory");
        return NULL;
    }
    int rc = sqlite3_open_v2(path, &l->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        say(msg, len, l->db);
        sqlite3_close(l->db);
        free(l);
        return NULL;
    }
    sqlite3_busy_timeout(l->db, wait_ms);
    sqlite3_extended_result_codes(l->db, 1);
    return l;
}

static void lite_close(void *h)
{
    lite *l = h;
    for (int i = 0; i < l->n_cache; i++)
        sqlite3_finalize(l->cache[i].st);
    sqlite3_close(l->db);
    free(l);
}

/* The prepared statement of `sql`, reset and with `p` bound; NULL on error. */
static sqlite3_stmt *prepare(lite *l, const char *sql, const wr_db_value *p, int n, char *msg,
                             size_t len)
{
    sqlite3_stmt *st = NULL;
    int i;
    for (i = 0; i < l->n_cache; i++)
        if (l->cache[i].sql == sql) {
            st = l->cache[i].st;
            break;
        }
    if (!st) {
        if (sqlite3_prepare_v2(l->db, sql, -1, &st, NULL) != SQLITE_OK) {
            say(msg, len, l->db);
            return NULL;
        }
        if (l->n_cache < STMT_CACHE) {
            l->cache[l->n_cache].sql = sql;
            l->cache[l->n_cache++].st = st;
        }
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    for (int k = 0; k < n; k++) {
        char name[16];
        snprintf(name, sizeof name, "$%d", k + 1);
        int idx = sqlite3_bind_parameter_index(st, name);
        if (idx == 0)
            continue; /* a parameter this statement does not use */
        int rc = p[k].is_int ? sqlite3_bind_int64(st, idx, p[k].i)
                 : p[k].text ? sqlite3_bind_text(st, idx, p[k].text, -1, SQLITE_STATIC)
                             : sqlite3_bind_null(st, idx);
        if (rc != SQLITE_OK) {
            say(msg, len, l->db);
            return NULL;
        }
    }
    return st;
}

static bool cached(const lite *l, const sqlite3_stmt *st)
{
    for (int i = 0; i < l->n_cache; i++)
        if (l->cache[i].st == st)
            return true;
    return false;
}

static bool lite_exec(void *h, const char *sql, const wr_db_value *p, int n, char *msg,
                      size_t len)
{
    lite *l = h;
    sqlite3_stmt *st = prepare(l, sql, p, n, msg, len);
    if (!st)
        return false;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        ;
    bool ok = rc == SQLITE_DONE;
    if (!ok)
        say(msg, len, l->db);
    sqlite3_reset(st);
    if (!cached(l, st))
        sqlite3_finalize(st);
    return ok;
}

static bool lite_begin_write(void *h, char *msg, size_t len)
{
    return lite_exec(h, "BEGIN IMMEDIATE", NULL, 0, msg, len);
}

static bool lite_batch(void *h, bool begin, char *msg, size_t len)
{
    (void)h, (void)begin, (void)msg, (void)len;
    return true; /* in-process: each statement runs as it comes */
}

static void *lite_query(void *h, const char *sql, const wr_db_value *p, int n, char *msg,
                        size_t len)
{
    lite *l = h;
    sqlite3_stmt *st = prepare(l, sql, p, n, msg, len);
    if (!st)
        return NULL;
    lite_rows *r = malloc(sizeof *r);
    if (!r) {
        snprintf(msg, len, "out of memory");
        return NULL;
    }
    r->st = cached(l, st) ? st : NULL;
    r->db = l->db;
    if (!r->st) { /* not cached: the rows own it */
        r->st = st;
        r->db = NULL;
    }
    return r;
}

static int lite_next(void *rows, char *msg, size_t len)
{
    lite_rows *r = rows;
    int rc = sqlite3_step(r->st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    say(msg, len, sqlite3_db_handle(r->st));
    return -1;
}

static const char *lite_col(void *rows, int i)
{
    return (const char *)sqlite3_column_text(((lite_rows *)rows)->st, i);
}

static void lite_rows_free(void *rows)
{
    lite_rows *r = rows;
    if (r->db)
        sqlite3_reset(r->st);
    else
        sqlite3_finalize(r->st);
    free(r);
}

const wr_db_backend_ops wr_db_sqlite_ops = {
    "sqlite", lite_open, lite_close, lite_begin_write, lite_batch, lite_exec,
    lite_query, lite_next, lite_col, lite_rows_free,
};
