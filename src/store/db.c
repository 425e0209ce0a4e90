/*
 * The store's database handle: picks the backend from the URL (db.h),
 * masks the password for messages, and prefixes every error with the
 * store's name so a person knows which database said it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../types/error.h"
#include "db.h"

struct wr_db {
    const wr_db_backend_ops *ops;
    void *h;
    char display[512];
};

struct wr_db_rows {
    const wr_db_backend_ops *ops;
    void *r;
    const wr_db *db;
};

static bool has_prefix(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

/* The URL with the password of its user info (user:PASSWORD@host) and
 * any password=VALUE parameter replaced by ***. */
static void mask_url(const char *url, char *out, size_t cap)
{
    size_t o = 0;
    const char *scheme_end = strstr(url, "://");
    const char *at = NULL, *colon = NULL;
    if (scheme_end) {
        const char *host = scheme_end + 3;
        const char *end = host + strcspn(host, "/?");
        for (const char *p = host; p < end; p++)
            if (*p == '@')
                at = p;
        if (at)
            colon = memchr(host, ':', (size_t)(at - host));
    }
    for (const char *p = url; *p && o + 4 < cap;) {
        if (colon && p == colon + 1) {
            memcpy(out + o, "***", 3), o += 3;
            p = at;
            continue;
        }
        if (has_prefix(p, "password=") && (p == url || p[-1] == '?' || p[-1] == '&' ||
                                            p[-1] == ' ')) {
            size_t k = strlen("password=");
            if (o + k + 4 >= cap)
                break;
            memcpy(out + o, p, k), o += k;
            memcpy(out + o, "***", 3), o += 3;
            p += k + strcspn(p + k, "& ");
            continue;
        }
        out[o++] = *p++;
    }
    out[o] = '\0';
}

static void fail(const wr_db *db, const char *url, const char *what, const char *msg,
                 wr_error *err)
{
    char shown[512];
    if (!db)
        mask_url(url, shown, sizeof shown);
    wr_errorf(err, WR_ESTORE, "store %s: %s%s%s", db ? db->display : shown,
              what, *msg ? ": " : "", msg);
}

bool wr_db_open(const char *url, int wait_ms, wr_db **out, wr_error *err)
{
    char msg[512] = "";
    const wr_db_backend_ops *ops = &wr_db_sqlite_ops;
    const char *target = url;
    if (has_prefix(url, "postgresql://") || has_prefix(url, "postgres://"))
        ops = &wr_db_pg_ops;
    else if (has_prefix(url, "sqlite:"))
        target = url + strlen("sqlite:");
    *out = NULL;
    if (!*target) {
        fail(NULL, url, "no database file named", "", err);
        return false;
    }
    wr_db *db = calloc(1, sizeof *db);
    if (!db) {
        fail(NULL, url, "out of memory", "", err);
        return false;
    }
    db->ops = ops;
    mask_url(url, db->display, sizeof db->display);
    db->h = ops->open(target, wait_ms, msg, sizeof msg);
    if (!db->h) {
        fail(db, url, "cannot open", msg, err);
        free(db);
        return false;
    }
    *out = db;
    return true;
}

void wr_db_close(wr_db *db)
{
    if (!db)
        return;
    db->ops->close(db->h);
    free(db);
}

const char *wr_db_display_name(const wr_db *db)
{
    return db->display;
}

const char *wr_db_backend(const wr_db *db)
{
    return db->ops->name;
}

bool wr_db_begin_write(wr_db *db, wr_error *err)
{
    char msg[512] = "";
    if (db->ops->begin_write(db->h, msg, sizeof msg))
        return true;
    fail(db, NULL, "cannot start the write transaction", msg, err);
    return false;
}

static bool batch(wr_db *db, bool begin, wr_error *err)
{
    char msg[512] = "";
    if (db->ops->batch(db->h, begin, msg, sizeof msg))
        return true;
    fail(db, NULL, begin ? "cannot start a batch of writes" : "writes failed", msg, err);
    return false;
}

bool wr_db_batch_begin(wr_db *db, wr_error *err)
{
    return batch(db, true, err);
}

bool wr_db_batch_end(wr_db *db, wr_error *err)
{
    return batch(db, false, err);
}

bool wr_db_commit(wr_db *db, wr_error *err)
{
    char msg[512] = "";
    if (db->ops->exec(db->h, "COMMIT", NULL, 0, msg, sizeof msg))
        return true;
    fail(db, NULL, "commit failed", msg, err);
    wr_db_rollback(db);
    return false;
}

void wr_db_rollback(wr_db *db)
{
    char msg[512];
    db->ops->exec(db->h, "ROLLBACK", NULL, 0, msg, sizeof msg);
}

bool wr_db_exec(wr_db *db, const char *sql, const wr_db_value *params, int n, wr_error *err)
{
    char msg[512] = "";
    if (db->ops->exec(db->h, sql, params, n, msg, sizeof msg))
        return true;
    fail(db, NULL, "statement failed", msg, err);
    return false;
}

bool wr_db_query(wr_db *db, const char *sql, const wr_db_value *params, int n,
                 wr_db_rows **rows, wr_error *err)
{
    char msg[512] = "";
    *rows = NULL;
    wr_db_rows *r = calloc(1, sizeof *r);
    if (!r) {
        fail(db, NULL, "out of memory", "", err);
        return false;
    }
    r->ops = db->ops;
    r->db = db;
    r->r = db->ops->query(db->h, sql, params, n, msg, sizeof msg);
    if (!r->r) {
        free(r);
        fail(db, NULL, "query failed", msg, err);
        return false;
    }
    *rows = r;
    return true;
}

int wr_db_next(wr_db_rows *rows, wr_error *err)
{
    char msg[512] = "";
    int rc = rows->ops->next(rows->r, msg, sizeof msg);
    if (rc < 0)
        fail(rows->db, NULL, "reading rows failed", msg, err);
    return rc;
}

const char *wr_db_col(wr_db_rows *rows, int i)
{
    return rows->ops->col(rows->r, i);
}

void wr_db_rows_free(wr_db_rows *rows)
{
    if (!rows)
        return;
    rows->ops->rows_free(rows->r);
    free(rows);
}
