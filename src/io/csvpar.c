/*
 * One CSV file on several threads (csvpar.h, docs/PARALLEL.md).
 *
 * Cutting: under the lock, a thread reads the next chunk_bytes of the
 * file (pread) into a free slot of a ring and cuts it after its last LF;
 * outside the lock it parses the chunk (wr_csv_read_chunk, then the
 * handler's parse of each row into the chunk's slots). The calling thread
 * applies chunks in cut order, and parses chunks itself while the next one
 * to apply is not ready, so N threads parse and one of them applies.
 *
 * A cut is where the previous chunk's bytes end; a chunk's parse is right
 * when it starts at the start of a row. The first chunk starts after the
 * header; a chunk that ends inside a row (a quoted field holding a line
 * end, cut in two) tells where that row starts, and the calling thread,
 * which meets it in order, throws away every chunk cut after it and cuts
 * again from that row, to a line end past the old cut (so each retry
 * holds more of the row). By induction every chunk applied was parsed
 * from the start of a row: rows, their lines and their order are those of
 * wr_csv_read, wherever the cuts fell (tests/e2e/jobs_test.sh cuts small
 * files into many chunks with WAGERECON_TEST_CHUNK_BYTES).
 *
 * Lines: a chunk counts its lines from 0; the applying thread adds the
 * line at which the chunk starts. A chunk whose parse failed (no memory,
 * a row too long) is read again on the applying thread, row by row, with
 * its true first line, so an error message names the line wr_csv_read
 * names.
 *
 * Hand-offs (D422): a slot's state is atomic. A chunk is cut (FREE to
 * CUT) under the lock, its parse published by a release store of PARSED;
 * the applying thread checks the next chunk with an acquire load and hands
 * it back with a store of FREE, taking no lock on that path. The lock and
 * its two condition variables are only for sleeping: the applying thread
 * sets applier_waiting under the lock before it waits, and a parser, which
 * takes the lock after each parse to cut again, signals it then; a worker
 * counts itself in sleepers and looks at the next slot again before it
 * waits, and a store of FREE is followed by a look at sleepers (both
 * seq_cst: one of the two sees the other), so no wake-up is lost.
 *
 * Memory: the chunks are a ring the caller may keep from one file to the
 * next (wr_csvpar_ring, D319), so a run's files are read through the same
 * buffers: each grows to what its largest chunk needs (the text to a
 * chunk, the records to a chunk's rows at the largest file's slot size,
 * the kept bytes by blocks as rows keep them) and is touched once a run.
 *
 * Files (D438): the ring's worker threads live as long as the ring, and
 * files opened on it (wr_csvpar_open: header, on_start, on_header) queue
 * in the order they were opened. Chunks are numbered across files: once a
 * file is cut to its end, the next file opened is cut into the slots that
 * follow, so its first chunks are parsed while the file before's last
 * ones are applied. A file is applied (wr_csvpar_read) only after the
 * files before it, so rows are applied file by file, each in line order.
 * A parsing thread makes its state for a file (thread_begin) at the first
 * chunk of that file it parses; a file's states are ended when it is
 * closed. A restart (a chunk ending inside a row) takes the files after
 * its own back to their first data byte, as it takes the file's later
 * chunks: chunks cut after it are stale, whatever their file.
 */
#include "csvpar.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../types/buf.h"
#include "../types/error.h"
#include "infile.h"

#define CHUNK_BYTES_DEFAULT ((size_t)256 << 10)
/* wr_csv_read hands on_start the first read of wr_infile: this many
 * bytes of a regular file (infile.c IN_BUF_SIZE). */
#define START_BYTES ((size_t)1 << 18)
#define PARSE_NOMEM WR_CSVPAR_NOMEM
#define WR_MAX_HEADER_FIELDS 128
/* A chunk's first block of kept bytes (D320): at 100k workers a chunk
 * keeps at most ~3 KB (normalised IDs; fields only of quoted rows). */
#define KEEP_BYTES_MIN ((size_t)4096)

enum { SLOT_FREE, SLOT_CUT, SLOT_PARSED };

typedef wr_csvpar_rec_head rec_head;

typedef struct wr_csvpar_file par;

struct wr_csvpar_chunk {
    wr_csvpar_rows out;    /* first: its rows' records (csvpar.h, D394) */
    par *P;
    _Atomic int state;     /* SLOT_*: see "Hand-offs" above */
    bool stale;            /* cut after a chunk that ended inside a row */
    bool last;             /* reaches the end of the file */
    uint64_t seq;          /* in the ring's order of cuts, across files */
    uint64_t nth;          /* in its file's (WAGERECON_TEST_CHUNK_FAIL) */
    off_t start;
    char *text;
    size_t len, text_cap;
    char *keep;            /* the block kept fields and parse's bytes go to */
    size_t keep_len, keep_cap;
    wr_buf keep_full;      /* char *[]: blocks filled before keep, pointed to
                            * until the chunk is applied (kept bytes never move) */
    wr_buf fields;         /* wr_str[n_fields] */
    size_t n_fields;
    wr_buf counts;         /* uint32_t[n_rows]: a row's fields, when apply reads them */
    wr_csv_chunk_end end;
    int status;
    wr_error err;
};

/* A file opened on a ring: queued until it is read, then closed. */
struct wr_csvpar_file {
    wr_csvpar_ring *R;
    const wr_csvpar_handler *h;
    const char *path;
    size_t slot_size;
    int fd;
    off_t size, data_at;    /* data_at: its first byte after the header */
    uint64_t test_fail_every; /* WAGERECON_TEST_CHUNK_FAIL, see parse_chunk */
    void **ts;              /* by thread (0: the applying one), made at its first chunk */
    par *next;              /* the file opened after it */
    /* its cuts, under the ring's lock */
    off_t next_off;
    uint64_t n_cut;
    size_t must_pass;       /* the next cut ends past this many bytes */
    bool eof_cut;
    int cut_status;
    wr_error cut_err;
};

size_t wr_csvpar_chunk_bytes(void)
{
    const char *e = getenv("WAGERECON_TEST_CHUNK_BYTES");
    if (e && *e) {
        char *end;
        unsigned long long v = strtoull(e, &end, 10);
        if (!*end && v >= 1 && v <= ((size_t)1 << 30))
            return (size_t)v;
    }
    return CHUNK_BYTES_DEFAULT;
}

/* Tests only: WAGERECON_TEST_CHUNK_FAIL=K takes every K-th chunk's parse
 * (seq 0, K, 2K...) as failed for want of memory once it has run, so the
 * applying thread reads it again (reread_chunk): the bytes it split in
 * place must not be read as they were left. 0: none. */
static uint64_t chunk_fail_every(void)
{
    const char *e = getenv("WAGERECON_TEST_CHUNK_FAIL");
    return e && *e ? strtoull(e, NULL, 10) : 0;
}

typedef struct {
    wr_csvpar_ring *R;
    int index; /* the file's thread state ts[index] */
} worker_arg;

/* The chunks, kept across the files a caller reads (D319), and the
 * threads that parse them (D438). */
struct wr_csvpar_ring {
    wr_csvpar_chunk *chunks;
    size_t k;
    int jobs;
    size_t chunk_bytes;
    pthread_t *threads;
    worker_arg *args;
    int n_threads;          /* running: jobs - 1, or fewer when one could not start */
    pthread_mutex_t mu;
    pthread_cond_t work_cv; /* a slot was freed, a file opened, a restart, or stop */
    pthread_cond_t done_cv; /* a chunk was parsed */
    atomic_uint sleepers;   /* workers in (or going to) work_cv's wait */
    bool applier_waiting;   /* the applying thread in done_cv's wait; under mu */
    bool stop;
    par *first;             /* the files opened and not closed, in order */
    par *cutting;           /* the one being cut; files before it are cut to their end */
    uint64_t next_seq;      /* the next chunk cut */
    uint64_t apply_seq;     /* the next chunk applied (the applying thread's) */
};

wr_csvpar_ring *wr_csvpar_ring_new(void)
{
    wr_csvpar_ring *R = calloc(1, sizeof(wr_csvpar_ring));
    if (R) {
        pthread_mutex_init(&R->mu, NULL);
        pthread_cond_init(&R->work_cv, NULL);
        pthread_cond_init(&R->done_cv, NULL);
    }
    return R;
}

static void free_keep_full(wr_csvpar_chunk *c)
{
    char **full = (char **)(void *)c->keep_full.p;
    for (size_t i = 0; i < c->keep_full.len / sizeof *full; i++)
        free(full[i]);
    c->keep_full.len = 0;
}

static void free_chunks(wr_csvpar_ring *R)
{
    for (size_t i = 0; i < R->k; i++) {
        wr_csvpar_chunk *c = &R->chunks[i];
        free_keep_full(c);
        free(c->keep_full.p);
        free(c->text);
        free(c->keep);
        free(c->fields.p);
        free(c->out.recs.p);
        free(c->counts.p);
        free(c->out.hints.p);
    }
    free(R->chunks);
    R->chunks = NULL;
    R->k = 0;
}

size_t wr_csvpar_ring_bytes(const wr_csvpar_ring *R)
{
    size_t n = 0;
    for (size_t i = 0; i < R->k; i++) {
        const wr_csvpar_chunk *c = &R->chunks[i];
        n += c->text_cap + c->keep_cap + c->fields.cap + c->out.recs.cap + c->counts.cap +
             c->out.hints.cap;
    }
    return n;
}

/* Every chunk free, none to apply (no thread running). */
static void ring_reset(wr_csvpar_ring *R)
{
    for (size_t i = 0; i < R->k; i++)
        atomic_store_explicit(&R->chunks[i].state, SLOT_FREE, memory_order_relaxed);
    R->apply_seq = R->next_seq;
}


/* The chunk's kept bytes dropped (its rows applied): the blocks filled
 * before the last are freed, so the last, the largest, is the one kept. */
static void keep_reset(wr_csvpar_chunk *c)
{
    if (c->keep_full.len)
        free_keep_full(c);
    c->keep_len = 0;
}

/* A new block of keep for at least need bytes, twice the last: the last
 * stays where it is (its bytes are pointed to) until keep_reset. */
__attribute__((noinline)) static bool keep_grow(wr_csvpar_chunk *c, size_t need)
{
    size_t cap = c->keep_cap ? 2 * c->keep_cap : KEEP_BYTES_MIN;
    while (cap < need)
        cap *= 2;
    char *k = malloc(cap);
    if (!k)
        return false;
    if (c->keep && !wr_buf_append(&c->keep_full, (const char *)&c->keep, sizeof c->keep)) {
        free(k);
        return false;
    }
    c->keep = k;
    c->keep_cap = cap;
    c->keep_len = 0;
    return true;
}

char *wr_csvpar_keep(wr_csvpar_chunk *c, const char *p, size_t n)
{
    if (n + 1 > c->keep_cap - c->keep_len && !keep_grow(c, n + 1))
        return NULL;
    char *k = c->keep + c->keep_len;
    memcpy(k, p, n);
    k[n] = '\0';
    c->keep_len += n + 1;
    return k;
}

/* ---- parsing a chunk (any thread, no lock) ---- */

/* The chunk's fields and their counts, kept in wr_bufs (types/buf.h). */
static wr_str *fields_of(const wr_csvpar_chunk *c)
{
    return (wr_str *)c->fields.p;
}

static uint32_t *counts_of(const wr_csvpar_chunk *c)
{
    return (uint32_t *)c->counts.p;
}

void wr_csvpar_kept_fields(const wr_csvpar_chunk *chunk, const wr_str **fields,
                           const uint32_t **counts)
{
    *fields = fields_of(chunk);
    *counts = counts_of(chunk);
}

/* Added past the caches as the records are (D306, D307): the applying
 * thread reads them first, rows ahead of the records. */
bool wr_csvpar_hint_add(wr_csvpar_chunk *c, const wr_csvpar_hint *hint)
{
    if (!wr_buf_reserve(&c->out.hints, c->out.hints.len + sizeof *hint))
        return false;
    wr_csvpar_hint h = *hint;
    h.row = (uint32_t)c->out.n_rows;
    wr_csvpar_store(c->out.hints.p + c->out.hints.len, &h, sizeof h);
    c->out.hints.len += sizeof h;
    return true;
}

/* Parses row into a record at the end of c->out.recs; false: no memory.
 * first: no earlier row of the chunk can be read with it. parse writes
 * the slot in place, past the caches (wr_csvpar_store, D333). */
__attribute__((always_inline)) /* in chunk_row's fast path: no frame of its own (D334) */
static inline bool add_record(wr_csvpar_chunk *c, const wr_row *row, bool first)
{
    par *P = c->P;
    size_t at = c->out.recs.len;
    if (!wr_buf_reserve(&c->out.recs, at + sizeof(rec_head) + P->slot_size))
        return false;
    size_t used = P->h->parse(c->out.ts, c, row, first, c->out.recs.p + at + sizeof(rec_head));
    if (!used)
        return false;
    rec_head head = {(uint32_t)row->line, (uint32_t)((sizeof(rec_head) + used + 7) & ~(size_t)7)};
    wr_csvpar_store(c->out.recs.p + at, &head, sizeof head);
    c->out.recs.len = at + head.len;
    c->out.n_rows++;
    return true;
}

/* A row whose fields the chunk keeps, out of line so that the usual
 * row's path (wr_csvpar_row, or chunk_row) saves no registers for it
 * (D334). A libcsv row lies in the reader's buffer, reused by the next
 * row: its bytes are copied into the chunk, as the slot points to them;
 * a fast-path row's lie in the chunk's text, but apply reads the rows'
 * fields, which the chunk then keeps (D280). */
__attribute__((noinline)) int wr_csvpar_row_kept(void *chunk, const wr_row *row)
{
    wr_csvpar_chunk *c = chunk;
    const wr_csvpar_handler *h = c->P->h;
    wr_row kept = *row;
    size_t field0 = c->n_fields;
    if (!wr_buf_reserve(&c->fields, (c->n_fields + row->n_fields) * sizeof(wr_str)) ||
        (h->row_fields && !wr_buf_reserve(&c->counts, (c->out.n_rows + 1) * sizeof(uint32_t))))
        return PARSE_NOMEM;
    wr_str *fields = fields_of(c);
    for (size_t i = 0; i < row->n_fields; i++) {
        wr_str f = row->fields[i];
        if (!(f.p >= c->text && f.p < c->text + c->len) && !(f.p = wr_csvpar_keep(c, f.p, f.n)))
            return PARSE_NOMEM;
        fields[c->n_fields++] = f;
    }
    kept.fields = fields + field0;
    if (h->row_fields)
        counts_of(c)[c->out.n_rows] = (uint32_t)row->n_fields;
    return add_record(c, &kept, c->out.n_rows == 0) ? 0 : PARSE_NOMEM;
}

/* The chunk reader's on_row when the handler has no on_chunk_row: a row
 * split where it lies in the chunk (row->span) has its fields there. */
static int chunk_row(void *ctx, const wr_row *row)
{
    wr_csvpar_chunk *c = ctx;
    if (!c->out.kept && row->span)
        return add_record(c, row, c->out.n_rows == 0) ? 0 : PARSE_NOMEM;
    return wr_csvpar_row_kept(c, row);
}

static void parse_chunk(wr_csvpar_chunk *c, void *ts)
{
    c->out.ts = ts;
    c->out.n_rows = c->n_fields = c->out.recs.len = c->out.hints.len = 0;
    c->status = 0;
    keep_reset(c);
    wr_csv_handler h = {.on_row = c->P->h->on_chunk_row ? c->P->h->on_chunk_row : chunk_row,
                        .ctx = c};
    c->status = wr_csv_read_chunk(c->text, c->len, c->last, 0, &h, &c->end, c->P->path, &c->err);
    if (!c->status && c->P->test_fail_every && c->nth % c->P->test_fail_every == 0)
        c->status = PARSE_NOMEM;
#ifdef __SSE2__
    _mm_sfence(); /* wr_csvpar_store's stores before the chunk is handed over */
#endif
}

/* ---- cutting (under the lock) ---- */

static bool pread_full(int fd, char *buf, size_t n, off_t at)
{
    size_t done = 0;
    while (done < n) {
        ssize_t got = pread(fd, buf + done, n - done, at + (off_t)done);
        if (got <= 0)
            return false;
        done += (size_t)got;
    }
    return true;
}

/* The file whose next chunk is cut (past the files cut to their end, to
 * the next opened); NULL when none is to be cut now. Under the lock. */
static par *file_to_cut(wr_csvpar_ring *R)
{
    par *P = R->cutting;
    while (P && P->eof_cut && P->next)
        P = R->cutting = P->next;
    return P && !P->eof_cut && !P->cut_status && !R->stop ? P : NULL;
}

/* The next chunk, cut into a free slot; NULL when none can be cut now. */
static wr_csvpar_chunk *cut(wr_csvpar_ring *R)
{
    par *P = file_to_cut(R);
    if (!P)
        return NULL;
    wr_csvpar_chunk *c = &R->chunks[R->next_seq % R->k];
    if (atomic_load(&c->state) != SLOT_FREE) /* its last apply done (acquire) */
        return NULL;
    size_t want = R->chunk_bytes > 2 * P->must_pass ? R->chunk_bytes : 2 * P->must_pass;
    size_t left = (size_t)(P->size - P->next_off);
    for (;;) {
        bool last = left <= want;
        size_t n = last ? left : want;
        if (n + 1 > c->text_cap) { /* exactly: a slot holds one chunk and no more */
            char *t = realloc(c->text, n + 1);
            if (!t) {
                P->cut_status = wr_errorf(&P->cut_err, WR_ENOMEM, "%s: out of memory",
                                          wr_base_name(P->path));
                return NULL;
            }
            c->text = t;
            c->text_cap = n + 1;
        }
        if (!pread_full(P->fd, c->text, n, P->next_off)) {
            P->cut_status = wr_errorf(&P->cut_err, WR_EINPUT,
                                      "%s: read error or the file shrank while read",
                                      wr_base_name(P->path));
            return NULL;
        }
        /* Under the lock, cuts come in file order: the digest takes each
         * byte once, as it is read (D331). */
        if (P->h->digest)
            wr_digest_acc_add(P->h->digest, (uint64_t)P->next_off, c->text, n);
        const char *lf = last ? NULL : memrchr(c->text, '\n', n);
        if (lf && (size_t)(lf - c->text) < P->must_pass)
            lf = NULL; /* a cut that ends no further than the last one */
        if (last || lf || want > WR_MAX_ROW_BYTES + R->chunk_bytes) {
            /* no LF in that much: the reader reports the row too long */
            c->len = lf ? (size_t)(lf - c->text) + 1 : n;
            c->last = last;
            break;
        }
        want *= 2; /* one line longer than the chunk */
    }
    c->P = P;
    c->out.slot_size = P->slot_size;
    c->out.kept = P->h->row_fields;
    c->seq = R->next_seq++;
    c->nth = P->n_cut++;
    c->start = P->next_off;
    c->stale = false;
    atomic_store_explicit(&c->state, SLOT_CUT, memory_order_relaxed); /* this thread's */
    P->next_off += (off_t)c->len;
    P->eof_cut = c->last;
    P->must_pass = 0;
    return c;
}

/* Thread `index`'s state for parsing P's chunks, made at its first
 * (only that thread touches it until P is closed); NULL: no memory. */
static void *thread_state(par *P, int index)
{
    if (!P->ts[index])
        P->ts[index] = P->h->thread_begin(P->h->ctx);
    return P->ts[index];
}

/* Cuts a chunk and parses it on thread `index`, if one can be cut now;
 * the lock is held on entry and on return, not while parsing. A thread
 * without memory for its state leaves the chunk failed: the applying
 * thread reads it again. */
static bool cut_and_parse(wr_csvpar_ring *R, int index)
{
    wr_csvpar_chunk *c = cut(R);
    if (!c)
        return false;
    pthread_mutex_unlock(&R->mu);
    void *ts = thread_state(c->P, index);
    if (ts) {
        parse_chunk(c, ts);
    } else {
        c->end = (wr_csv_chunk_end){0};
        c->status = PARSE_NOMEM;
    }
    atomic_store_explicit(&c->state, SLOT_PARSED, memory_order_release);
    pthread_mutex_lock(&R->mu); /* to cut the next; the applier waits only under it */
    if (R->applier_waiting)
        pthread_cond_signal(&R->done_cv);
    return true;
}

/* Whether cut would cut now (the lock held). */
static bool cut_ready(wr_csvpar_ring *R)
{
    return file_to_cut(R) && atomic_load(&R->chunks[R->next_seq % R->k].state) == SLOT_FREE;
}

static void *worker(void *arg)
{
    const worker_arg *w = arg;
    wr_csvpar_ring *R = w->R;
    pthread_mutex_lock(&R->mu);
    while (!R->stop) {
        if (cut_and_parse(R, w->index))
            continue;
        atomic_fetch_add(&R->sleepers, 1); /* before the slot is looked at again */
        if (!cut_ready(R))
            pthread_cond_wait(&R->work_cv, &R->mu);
        atomic_fetch_sub(&R->sleepers, 1);
    }
    pthread_mutex_unlock(&R->mu);
    return NULL;
}

/* The ring's workers started, when none runs. */
static void start_threads(wr_csvpar_ring *R)
{
    if (R->n_threads || R->jobs < 2)
        return;
    free(R->threads);
    free(R->args);
    R->threads = calloc((size_t)R->jobs, sizeof *R->threads);
    R->args = calloc((size_t)R->jobs, sizeof *R->args);
    if (!R->threads || !R->args)
        return; /* the applying thread parses every chunk */
    for (int i = 1; i < R->jobs; i++) { /* the applying thread is thread 0 */
        R->args[R->n_threads] = (worker_arg){R, R->n_threads + 1};
        if (pthread_create(&R->threads[R->n_threads], NULL, worker, &R->args[R->n_threads]) == 0)
            R->n_threads++;
    }
}

/* The workers stopped and joined; the files' chunks dropped. */
static void stop_threads(wr_csvpar_ring *R)
{
    pthread_mutex_lock(&R->mu);
    R->stop = true;
    pthread_cond_broadcast(&R->work_cv);
    pthread_mutex_unlock(&R->mu);
    for (int i = 0; i < R->n_threads; i++)
        pthread_join(R->threads[i], NULL);
    R->n_threads = 0;
    R->stop = false;
    ring_reset(R);
}

/* The ring's 3 x jobs chunks (made again, its threads stopped, when it
 * had another count: only with no file open on it), every one free;
 * false when out of memory. Buffers stay as they are. */
static bool ring_ready(wr_csvpar_ring *R, int jobs)
{
    size_t k = (size_t)jobs * 3;
    if (R->k != k) {
        stop_threads(R);
        free_chunks(R);
        if (!(R->chunks = calloc(k, sizeof *R->chunks)))
            return false;
        R->k = k;
        R->jobs = jobs;
        ring_reset(R);
    }
    return true;
}

/* ---- the calling thread: header, then apply in order ---- */

typedef struct {
    const wr_csvpar_handler *h;
    wr_csvpar_chunk *c;
} serial_ctx;

/* A failed chunk read again on the applying thread, its rows parsed and
 * applied one by one (line numbers absolute). */
static int serial_row(void *ctx, const wr_row *row)
{
    serial_ctx *s = ctx;
    wr_csvpar_chunk *c = s->c;
    c->out.recs.len = c->out.n_rows = c->out.hints.len = 0;
    keep_reset(c);
    if (!wr_buf_reserve(&c->fields, row->n_fields * sizeof(wr_str)))
        return PARSE_NOMEM;
    wr_str *fields = fields_of(c);
    for (size_t i = 0; i < row->n_fields; i++) {
        char *k = wr_csvpar_keep(c, row->fields[i].p, row->fields[i].n);
        if (!k)
            return PARSE_NOMEM;
        fields[i] = (wr_str){k, row->fields[i].n};
    }
    wr_row kept = {.line = row->line, .n_fields = row->n_fields, .fields = fields};
    if (!add_record(c, &kept, true))
        return PARSE_NOMEM;
    return s->h->apply(s->h->ctx, &kept, c->out.recs.p + sizeof(rec_head));
}

static int reread_chunk(par *P, wr_csvpar_chunk *c, uint64_t first_line, wr_error *err)
{
    /* the failed parse split lines in place: the chunk's bytes afresh */
    if (!pread_full(P->fd, c->text, c->len, c->start))
        return wr_errorf(err, WR_EINPUT, "%s: read error or the file shrank while read",
                         wr_base_name(P->path));
    if (!(c->out.ts = thread_state(P, 0)))
        return wr_errorf(err, WR_ENOMEM, "%s: out of memory", wr_base_name(P->path));
    serial_ctx s = {P->h, c};
    wr_csv_handler h = {.on_row = serial_row, .ctx = &s};
    int rc = wr_csv_read_chunk(c->text, c->len, c->last, first_line, &h, &c->end, P->path, err);
    if (rc == PARSE_NOMEM)
        rc = wr_errorf(err, WR_ENOMEM, "%s: out of memory", wr_base_name(P->path));
    return rc;
}

typedef struct {
    char buf[4096];
    wr_str fields[WR_MAX_HEADER_FIELDS];
    size_t n_fields, used;
    bool got, too_big;
} header_copy;

static int capture_header(void *ctx, const wr_row *row)
{
    header_copy *hc = ctx;
    if (hc->got || row->n_fields > WR_MAX_HEADER_FIELDS) {
        hc->too_big = true;
        return 1;
    }
    for (size_t i = 0; i < row->n_fields; i++) {
        if (row->fields[i].n + 1 > sizeof hc->buf - hc->used) {
            hc->too_big = true;
            return 1;
        }
        memcpy(hc->buf + hc->used, row->fields[i].p, row->fields[i].n);
        hc->buf[hc->used + row->fields[i].n] = '\0';
        hc->fields[i] = (wr_str){hc->buf + hc->used, row->fields[i].n};
        hc->used += row->fields[i].n + 1;
    }
    hc->n_fields = row->n_fields;
    hc->got = true;
    return 0;
}

/* The header when it is one plain line (no quote, no lone CR) followed by
 * data: *data_at is where the data starts. False: read serially. */
static bool read_header(const char *path, char *head, size_t n, header_copy *hc, off_t *data_at)
{
    if (n >= 4 && wr_infile_is_zstd(head, n))
        return false;
    size_t skip = n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    const char *lf = memchr(head + skip, '\n', n - skip);
    if (!lf)
        return false;
    size_t len = (size_t)(lf - head) + 1 - skip;
    const char *cr = memchr(head + skip, '\r', len);
    if (memchr(head + skip, '"', len) || (cr && cr + 2 != lf + 1) || len <= 1 + (cr != NULL))
        return false;
    /* the reader splits a line in place: a copy, on_start reads head */
    char *line = malloc(len);
    if (!line)
        return false;
    memcpy(line, head + skip, len);
    wr_csv_handler h = {.on_row = capture_header, .ctx = hc};
    wr_csv_chunk_end end;
    wr_error err;
    int rc = wr_csv_read_chunk(line, len, false, 1, &h, &end, path, &err);
    free(line);
    if (rc != 0 || !hc->got || end.open)
        return false;
    *data_at = (off_t)(skip + len);
    return true;
}

/* The chunk handed back (its rows applied): the lock only when a worker
 * sleeps. */
static void release(wr_csvpar_ring *R, wr_csvpar_chunk *c)
{
    atomic_store(&c->state, SLOT_FREE); /* before sleepers is read */
    if (atomic_load(&R->sleepers)) {
        pthread_mutex_lock(&R->mu);
        pthread_cond_broadcast(&R->work_cv);
        pthread_mutex_unlock(&R->mu);
    }
}

/* Until chunk c (the next to apply, of file P or stale) is parsed,
 * parsing others meanwhile (of P or of a file after it); no lock when it
 * already is. */
static int wait_parsed(par *P, wr_csvpar_chunk *c, wr_error *err)
{
    if (atomic_load_explicit(&c->state, memory_order_acquire) == SLOT_PARSED)
        return 0;
    wr_csvpar_ring *R = P->R;
    pthread_mutex_lock(&R->mu);
    while (atomic_load_explicit(&c->state, memory_order_acquire) != SLOT_PARSED) {
        if (P->cut_status) {
            *err = P->cut_err;
            pthread_mutex_unlock(&R->mu);
            return P->cut_status;
        }
        /* a cut that failed here (its cut_status) is reported above, not waited on */
        if (!cut_and_parse(R, 0) && !P->cut_status) {
            R->applier_waiting = true;
            pthread_cond_wait(&R->done_cv, &R->mu);
            R->applier_waiting = false;
        }
    }
    pthread_mutex_unlock(&R->mu);
    return 0;
}

/* The files after P cut again from their first data byte (under the
 * lock): their chunks cut so far are stale. */
static void recut_after(par *P)
{
    for (par *Q = P->next; Q; Q = Q->next) {
        Q->next_off = Q->data_at;
        Q->must_pass = 0;
        Q->eof_cut = false;
        Q->cut_status = 0;
    }
}

/* A row without a call due costs its apply loop a compare. */
__attribute__((noinline)) /* the apply loop kept tight */
size_t wr_csvpar_hints_ahead(const wr_csvpar_chunk *c, size_t row,
                             size_t next[WR_CSVPAR_AHEAD_STAGES])
{
    const wr_csvpar_handler *h = c->P->h;
    const wr_csvpar_hint *hints = (const wr_csvpar_hint *)(const void *)c->out.hints.p;
    size_t n = c->out.hints.len / sizeof *hints, due = SIZE_MAX;
    for (int s = 0; s < WR_CSVPAR_AHEAD_STAGES; s++) {
        size_t d = WR_CSVPAR_AHEAD_ROWS(s);
        for (; next[s] < n && hints[next[s]].row <= row + d; next[s]++)
            h->ahead(h->ctx, &hints[next[s]], s);
        if (next[s] < n && hints[next[s]].row - d < due)
            due = hints[next[s]].row - d;
    }
    return due;
}

/* Applies P's chunks in order until the end of the file or a status:
 * the chunks before them were the files' before P (closed). */
static int apply_all(par *P, wr_error *err)
{
    wr_csvpar_ring *R = P->R;
    const wr_csvpar_handler *h = P->h;
    uint64_t base = 2; /* the header is line 1 */
    for (;;) {
        /* the slot holds chunk apply_seq or none: its last, apply_seq - k, was applied */
        wr_csvpar_chunk *c = &R->chunks[R->apply_seq % R->k];
        int rc = wait_parsed(P, c, err);
        if (rc)
            return rc;
        R->apply_seq++;
        if (c->stale) { /* set under the lock by this thread or before the cut's hand-off */
            release(R, c);
            continue;
        }
        if (c->status) {
            rc = reread_chunk(P, c, base, err);
        } else if (h->apply_chunk && !h->row_fields) {
            rc = h->apply_chunk(h->ctx, c, base);
        } else {
            rc = wr_csvpar_apply(h->ctx, c, base, h->ahead != NULL, h->row_fields, h->apply);
        }
        if (rc)
            return rc;
        bool done = c->last && !c->end.open;
        if (c->end.open) {
            /* read again from the row the chunk ended in; every chunk cut
             * after this one started inside it, or is of a file after P */
            pthread_mutex_lock(&R->mu);
            for (uint64_t s = R->apply_seq; s < R->next_seq; s++)
                R->chunks[s % R->k].stale = true;
            P->next_off = c->start + (off_t)c->end.open_offset;
            P->must_pass = c->len - c->end.open_offset;
            P->eof_cut = false;
            R->cutting = P;
            recut_after(P);
            pthread_cond_broadcast(&R->work_cv);
            pthread_mutex_unlock(&R->mu);
            base += c->end.open_line;
        } else {
            base += c->end.lines;
        }
        if (h->on_progress)
            h->on_progress(h->ctx, (size_t)(c->start + (off_t)c->len));
        release(R, c);
        if (done)
            return 0;
    }
}

/* P taken off the ring's files (no chunk of it cut or parsing), its
 * threads' states ended, its file closed. */
static void close_file(par *P)
{
    wr_csvpar_ring *R = P->R;
    pthread_mutex_lock(&R->mu);
    par **at = &R->first;
    while (*at != P)
        at = &(*at)->next;
    *at = P->next;
    if (R->cutting == P)
        R->cutting = P->next;
    pthread_mutex_unlock(&R->mu);
    for (int i = 0; i < R->jobs; i++)
        if (P->ts[i])
            P->h->thread_end(P->h->ctx, P->ts[i]);
    free(P->ts);
    close(P->fd);
    free(P);
}

void wr_csvpar_ring_free(wr_csvpar_ring *R)
{
    if (!R)
        return;
    stop_threads(R);
    while (R->first)
        close_file(R->first);
    free_chunks(R);
    free(R->threads);
    free(R->args);
    pthread_cond_destroy(&R->done_cv);
    pthread_cond_destroy(&R->work_cv);
    pthread_mutex_destroy(&R->mu);
    free(R);
}

int wr_csvpar_open(wr_csvpar_ring *R, const char *path, int jobs, const wr_csvpar_handler *h,
                   wr_csvpar_file **file, wr_error *err)
{
    *file = NULL;
    size_t chunk_bytes = wr_csvpar_chunk_bytes();
    int fd;
    struct stat st;
    if (jobs < 2 || (fd = open(path, O_RDONLY)) < 0)
        return 0; /* wr_csv_read reports what open says */
    char *head = NULL;
    size_t n = 0;
    header_copy hc = {0};
    off_t data_at = 0;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size < 2 * chunk_bytes)
        goto serial_read;
    n = (size_t)st.st_size < START_BYTES ? (size_t)st.st_size : START_BYTES;
    if (!(head = malloc(n)) || !pread_full(fd, head, n, 0))
        goto serial_read;
    if (h->digest)
        wr_digest_acc_add(h->digest, 0, head, n);
    if (!read_header(path, head, n, &hc, &data_at))
        goto serial_read;
    int rc = h->on_start ? h->on_start(h->ctx, head, n) : 0;
    free(head);
    wr_row header = {.line = 1, .n_fields = hc.n_fields, .fields = hc.fields};
    if (!rc)
        rc = h->on_header(h->ctx, &header);
    if (rc) {
        close(fd);
        return rc;
    }
    /* jobs is the ring's while files are open on it */
    par *P = NULL;
    void **ts = NULL;
    if (!(R->first || ring_ready(R, jobs)) || !(ts = calloc((size_t)R->jobs, sizeof *ts)) ||
        !(P = malloc(sizeof *P))) {
        free(ts);
        close(fd);
        return wr_errorf(err, WR_ENOMEM, "%s: out of memory", wr_base_name(path));
    }
    *P = (par){.R = R, .h = h, .path = path, .fd = fd, .size = st.st_size, .data_at = data_at,
               .next_off = data_at, .ts = ts, .test_fail_every = chunk_fail_every(),
               .slot_size = (h->slot_size(h->ctx) + 15) & ~(size_t)15};
    pthread_mutex_lock(&R->mu);
    R->chunk_bytes = chunk_bytes;
    par **at = &R->first;
    while (*at)
        at = &(*at)->next;
    *at = P;
    if (!R->cutting)
        R->cutting = P;
    pthread_cond_broadcast(&R->work_cv);
    pthread_mutex_unlock(&R->mu);
    start_threads(R);
    *file = P;
    return 0;

serial_read:
    free(head);
    close(fd);
    return 0;
}

int wr_csvpar_read(wr_csvpar_file *P, wr_error *err)
{
    wr_csvpar_ring *R = P->R;
    start_threads(R); /* again after a read that failed */
    int rc = apply_all(P, err);
    if (rc) {
        /* its chunks and the later files' dropped: those are cut again
         * from their start if they are read */
        stop_threads(R);
        pthread_mutex_lock(&R->mu);
        recut_after(P);
        R->cutting = P->next;
        pthread_mutex_unlock(&R->mu);
    }
    close_file(P);
    return rc;
}

int wr_csv_read_parallel(const char *path, int jobs, wr_csvpar_ring *ring,
                         const wr_csvpar_handler *h, bool *serial, wr_error *err)
{
    *serial = true;
    if (jobs < 2)
        return 0;
    wr_csvpar_ring *own = NULL, *R = ring ? ring : (own = wr_csvpar_ring_new());
    if (!R)
        return wr_errorf(err, WR_ENOMEM, "%s: out of memory", wr_base_name(path));
    wr_csvpar_file *f;
    int rc = wr_csvpar_open(R, path, jobs, h, &f, err);
    *serial = !f && !rc;
    if (f)
        rc = wr_csvpar_read(f, err);
    wr_csvpar_ring_free(own);
    return rc;
}
