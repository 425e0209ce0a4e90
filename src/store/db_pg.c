/*
 * The PostgreSQL backend of the case store (db.h), through libpq:
 * statements prepared once per connection and cached by their SQL text's
 * address, values sent as text parameters ($1, $2, ...). The write lock
 * is a transaction-level advisory lock (pg_advisory_xact_lock) taken right
 * after BEGIN, so writers of one store take turns; lock_timeout bounds the
 * wait.
 *
 * libpq is loaded when a store is first opened (dlopen), not linked: it
 * and the 21 libraries it needs (TLS, Kerberos, LDAP) cost every run ~10
 * ms of the dynamic loader's CPU at start, a store or none (D424).
 */
#include <dlfcn.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

#define STMT_CACHE 64
/* The advisory lock key of the case store: any fixed number. */
#define STORE_LOCK_KEY "7249001400"

#define PIPELINE_SYNC_EVERY 1000

/* libpq's functions this backend calls, found by dlsym in libpq.so.5. */
#define PQ_FUNCTIONS \
    X(PQclear) \
    X(PQconnectdb) \
    X(PQenterPipelineMode) \
    X(PQerrorMessage) \
    X(PQexec) \
    X(PQexecPrepared) \
    X(PQexitPipelineMode) \
    X(PQfinish) \
    X(PQgetResult) \
    X(PQgetisnull) \
    X(PQgetvalue) \
    X(PQntuples) \
    X(PQpipelineSync) \
    X(PQprepare) \
    X(PQresultErrorMessage) \
    X(PQresultStatus) \
    X(PQsendPrepare) \
    X(PQsendQueryPrepared) \
    X(PQsetClientEncoding) \
    X(PQstatus)

/* Process-wide, as the library loaded is: loaded once (pthread_once),
 * read only after. */
static struct {
    pthread_once_t once;
    char error[256]; /* why libpq could not be loaded; "" once it is */
#define X(f) __typeof__(&f) f;
    PQ_FUNCTIONS
#undef X
} pq = {.once = PTHREAD_ONCE_INIT};

static void pq_load(void)
{
    void *lib = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        /* D437: what to install, for a machine without PostgreSQL's client */
        snprintf(pq.error, sizeof pq.error,
                 "cannot load libpq.so.5, PostgreSQL's client library (install the libpq5 "
                 "package): %s", dlerror());
        return;
    }
    /* D453: a libpq older than 14 (Debian 11's) loads but lacks the
     * pipeline mode; it is closed again and the store fails to open. */
#define X(f)                                                                          \
    if (!(*(void **)&pq.f = dlsym(lib, #f))) {                                         \
        snprintf(pq.error, sizeof pq.error,                                           \
                 "libpq.so.5 has no %s: wagerecon needs libpq 14 or later", #f);       \
        dlclose(lib);                                                                 \
        return;                                                                       \
    }
    PQ_FUNCTIONS
#undef X
}

/* Every call below through the table loaded. */
#define PQclear pq.PQclear
#define PQconnectdb pq.PQconnectdb
#define PQenterPipelineMode pq.PQenterPipelineMode
#define PQerrorMessage pq.PQerrorMessage
#define PQexec pq.PQexec
#define PQexecPrepared pq.PQexecPrepared
#define PQexitPipelineMode pq.PQexitPipelineMode
#define PQfinish pq.PQfinish
#define PQgetResult pq.PQgetResult
#define PQgetisnull pq.PQgetisnull
#define PQgetvalue pq.PQgetvalue
#define PQntuples pq.PQntuples
#define PQpipelineSync pq.PQpipelineSync
#define PQprepare pq.PQprepare
#define PQresultErrorMessage pq.PQresultErrorMessage
#define PQresultStatus pq.PQresultStatus
#define PQsendPrepare pq.PQsendPrepare
#define PQsendQueryPrepared pq.PQsendQueryPrepared
#define PQsetClientEncoding pq.PQsetClientEncoding
#define PQstatus pq.PQstatus

typedef struct {
    PGconn *conn;
    const char *cache[STMT_CACHE];
    int n_cache;
    bool pipeline;  /* in a batch (db.h): statements sent, results read at syncs */
    int pending;    /* statements sent since the last sync */
} pg;

typedef struct {
    PGresult *res;
    int row, n_rows;
} pg_rows;

static void say(char *msg, size_t len, const char *text)
{
    snprintf(msg, len, "%s", text && *text ? text : "unknown error");
    size_t n = strlen(msg); /* libpq ends its messages with a newline */
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    for (char *p = msg; *p; p++)
        if (*p == '\n')
            *p = ' ';
}

/* True when `res` is a success; else msg says why. Frees res. */
static bool finish(pg *g, PGresult *res, char *msg, size_t len)
{
    ExecStatusType s = PQresultStatus(res);
    bool ok = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
    if (!ok)
        say(msg, len, PQerrorMessage(g->conn));
    PQclear(res);
    return ok;
}

static bool simple(pg *g, const char *sql, char *msg, size_t len)
{
    return finish(g, PQexec(g->conn, sql), msg, len);
}

static void *pg_open(const char *url, int wait_ms, char *msg, size_t len)
{
    pthread_once(&pq.once, pq_load);
    if (pq.error[0]) {
        snprintf(msg, len, "%s", pq.error);
        return NULL;
    }
    pg *g = calloc(1, sizeof *g);
    if (!g) {
        snprintf(msg, len, "out of memory");
        return NULL;
    }
    g->conn = PQconnectdb(url);
    if (PQstatus(g->conn) != CONNECTION_OK) {
        say(msg, len, PQerrorMessage(g->conn));
        PQfinish(g->conn);
        free(g);
        return NULL;
    }
    char set[96];
    snprintf(set, sizeof set, "SET lock_timeout = %d", wait_ms);
    if (PQsetClientEncoding(g->conn, "UTF8") != 0 || !simple(g, set, msg, len) ||
        !simple(g, "SET client_min_messages = warning", msg, len)) {
        if (!*msg)
            say(msg, len, PQerrorMessage(g->conn));
        PQfinish(g->conn);
        free(g);
        return NULL;
    }
    return g;
}

static void pg_close(void *h)
{
    pg *g = h;
    PQfinish(g->conn);
    free(g);
}

static bool pg_begin_write(void *h, char *msg, size_t len)
{
    pg *g = h;
    if (!simple(g, "BEGIN", msg, len))
        return false;
    if (simple(g, "SELECT pg_advisory_xact_lock(" STORE_LOCK_KEY ")", msg, len))
        return true;
    char keep[512];
    snprintf(keep, sizeof keep, "%s", msg);
    simple(g, "ROLLBACK", msg, len);
    snprintf(msg, len, "%s", keep);
    return false;
}

/* The cache slot of `sql`, prepared on first use (in a batch the prepare
 * is sent like any statement; its error comes at the sync); -1 on error. */
static int prepared_slot(pg *g, const char *sql, char *msg, size_t len)
{
    for (int i = 0; i < g->n_cache; i++)
        if (g->cache[i] == sql)
            return i;
    if (g->n_cache == STMT_CACHE) {
        snprintf(msg, len, "too many distinct statements");
        return -1;
    }
    char name[16];
    snprintf(name, sizeof name, "wr%d", g->n_cache);
    if (g->pipeline) {
        if (!PQsendPrepare(g->conn, name, sql, 0, NULL)) {
            say(msg, len, PQerrorMessage(g->conn));
            return -1;
        }
        g->pending++;
    } else if (!finish(g, PQprepare(g->conn, name, sql, 0, NULL), msg, len)) {
        return -1;
    }
    g->cache[g->n_cache] = sql;
    return g->n_cache++;
}

/* Reads the results of the statements sent since the last sync; false
 * (msg set to the first error) when one failed or the connection broke. */
static bool sync_pipeline(pg *g, char *msg, size_t len)
{
    bool ok = PQpipelineSync(g->conn) == 1;
    if (!ok)
        say(msg, len, PQerrorMessage(g->conn));
    for (int i = 0; ok && i < g->pending; i++) { /* each: its result(s), then NULL */
        PGresult *res;
        while ((res = PQgetResult(g->conn)) != NULL) {
            ExecStatusType st = PQresultStatus(res);
            if (ok && st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
                say(msg, len, st == PGRES_PIPELINE_ABORTED ? "an earlier statement failed"
                                                           : PQresultErrorMessage(res));
                ok = false;
            }
            PQclear(res);
        }
        if (PQstatus(g->conn) == CONNECTION_BAD && ok) {
            say(msg, len, PQerrorMessage(g->conn));
            ok = false;
        }
    }
    if (ok) {
        PGresult *res = PQgetResult(g->conn);
        ok = res && PQresultStatus(res) == PGRES_PIPELINE_SYNC;
        if (!ok)
            say(msg, len, PQerrorMessage(g->conn));
        PQclear(res);
    }
    g->pending = 0;
    return ok;
}

static bool pg_batch(void *h, bool begin, char *msg, size_t len)
{
    pg *g = h;
    if (begin) {
        g->pending = 0;
        g->pipeline = PQenterPipelineMode(g->conn) == 1;
        if (!g->pipeline)
            say(msg, len, PQerrorMessage(g->conn));
        return g->pipeline;
    }
    bool ok = sync_pipeline(g, msg, len);
    g->pipeline = false;
    if (PQexitPipelineMode(g->conn) != 1 && ok) {
        say(msg, len, PQerrorMessage(g->conn));
        ok = false;
    }
    return ok;
}

/* Runs `sql` (prepared once) with `p` as text parameters: its result, or,
 * in a batch, *sent set and NULL. */
static PGresult *run(pg *g, const char *sql, const wr_db_value *p, int n, bool *sent,
                     char *msg, size_t len)
{
    *sent = false;
    bool cached = false;
    for (int i = 0; i < g->n_cache; i++)
        cached |= g->cache[i] == sql;
    if (n == 0 && !g->pipeline && !cached) /* DDL, COMMIT, ...: the simple protocol */
        return PQexec(g->conn, sql);
    int slot = prepared_slot(g, sql, msg, len);
    if (slot < 0)
        return NULL;
    char name[16];
    snprintf(name, sizeof name, "wr%d", slot);
    char ints[WR_DB_MAX_PARAMS][24];
    const char *values[WR_DB_MAX_PARAMS];
    if (n > WR_DB_MAX_PARAMS) {
        snprintf(msg, len, "too many parameters");
        return NULL;
    }
    for (int k = 0; k < n; k++) {
        if (p[k].is_int) {
            snprintf(ints[k], sizeof ints[k], "%" PRId64, p[k].i);
            values[k] = ints[k];
        } else {
            values[k] = p[k].text;
        }
    }
    if (!g->pipeline)
        return PQexecPrepared(g->conn, name, n, values, NULL, NULL, 0);
    if (!PQsendQueryPrepared(g->conn, name, n, values, NULL, NULL, 0)) {
        say(msg, len, PQerrorMessage(g->conn));
        return NULL;
    }
    *sent = true;
    if (++g->pending >= PIPELINE_SYNC_EVERY && !sync_pipeline(g, msg, len)) {
        *sent = false;
        return NULL;
    }
    return NULL;
}

static bool pg_exec(void *h, const char *sql, const wr_db_value *p, int n, char *msg, size_t len)
{
    pg *g = h;
    bool sent;
    PGresult *res = run(g, sql, p, n, &sent, msg, len);
    return sent || (res && finish(g, res, msg, len));
}

static void *pg_query(void *h, const char *sql, const wr_db_value *p, int n, char *msg,
                      size_t len)
{
    pg *g = h;
    bool sent;
    if (g->pipeline) {
        snprintf(msg, len, "a query inside a batch of writes");
        return NULL;
    }
    PGresult *res = run(g, sql, p, n, &sent, msg, len);
    if (!res)
        return NULL;
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        say(msg, len, PQerrorMessage(g->conn));
        PQclear(res);
        return NULL;
    }
    pg_rows *r = malloc(sizeof *r);
    if (!r) {
        PQclear(res);
        snprintf(msg, len, "out of memory");
        return NULL;
    }
    r->res = res;
    r->row = -1;
    r->n_rows = PQntuples(res);
    return r;
}

static int pg_next(void *rows, char *msg, size_t len)
{
    (void)msg, (void)len;
    pg_rows *r = rows;
    if (r->row + 1 >= r->n_rows)
        return 0;
    r->row++;
    return 1;
}

static const char *pg_col(void *rows, int i)
{
    pg_rows *r = rows;
    if (PQgetisnull(r->res, r->row, i))
        return NULL;
    return PQgetvalue(r->res, r->row, i);
}

static void pg_rows_free(void *rows)
{
    pg_rows *r = rows;
    PQclear(r->res);
    free(r);
}

const wr_db_backend_ops wr_db_pg_ops = {
    "postgresql", pg_open, pg_close, pg_begin_write, pg_batch, pg_exec,
    pg_query, pg_next, pg_col, pg_rows_free,
};
