/*
 * Reading one CSV file on several threads (--jobs N, docs/PARALLEL.md):
 * the file is cut into chunks at line ends, every thread (the caller's
 * included) parses chunks into per-row slots, and the caller applies the
 * rows in file order, so what a run decides by read order ("first row
 * read", RULES 4) is decided exactly as with one thread. A chunk that was
 * cut inside a quoted field is found by its predecessor (which ends inside
 * a row) and read again from that row: outputs never depend on where the
 * cuts fall.
 */
#ifndef WR_CSVPAR_H
#define WR_CSVPAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "../types/buf.h"
#include "csvread.h"

typedef struct wr_csvpar_chunk wr_csvpar_chunk;

/* A row's record in a chunk: this head, then the bytes parse wrote into
 * its slot (len counts both, a multiple of 8). Apply reads the records
 * front to back: one stream from the parsing thread (D305). */
typedef struct {
    uint32_t line; /* from 0 at the chunk's first byte */
    uint32_t len;
} wr_csvpar_rec_head;

/* What a chunk's rows are parsed into, first in every chunk, so that a
 * handler's own on_row (wr_csvpar_handler.on_chunk_row, D394) appends
 * a row's record inline (wr_csvpar_row) rather than through csvpar's
 * call and its indirect call to parse. Written by the parsing thread. */
typedef struct {
    void *ts;          /* the parsing thread's state */
    wr_buf recs;       /* n_rows records: head and slot */
    size_t n_rows;
    size_t slot_size;  /* the slot's room, a multiple of 16 */
    bool kept;         /* rows' fields kept for apply (row_fields): wr_csvpar_row_kept */
    wr_buf hints;      /* wr_csvpar_hint[], by row (D307) */
} wr_csvpar_rows;

/* A chunk reader's on_row status: out of memory (the chunk is read again
 * on the applying thread, which reports it). */
#define WR_CSVPAR_NOMEM (-1000)

/* What a row's apply will look up, told by its parse (D307): hashes of
 * its keys, so the applying thread can fetch what they lead to rows
 * before it applies the row. csvpar reads only `row`. */
typedef struct {
    uint32_t row;  /* the row's index in its chunk (wr_csvpar_hint sets it) */
    uint32_t keys; /* the handler's: which of key[] are set */
    uint64_t key[4];
} wr_csvpar_hint;

/* Stages of ahead: stage s of a row's hint is called when the row is
 * WR_CSVPAR_AHEAD_ROWS(s) rows from being applied (or at its chunk's
 * start), stage 0 first: 0 fetches table slots, 1 reads them and fetches
 * the records they point to (D307: a third stage and shorter distances
 * measured no better). */
#define WR_CSVPAR_AHEAD_STAGES 2
#define WR_CSVPAR_AHEAD_ROWS(stage) ((stage) == 0 ? 32u : 12u)

typedef struct {
    /* As wr_csv_handler's, on the calling thread before any row. */
    int (*on_start)(void *ctx, const char *data, size_t n);
    int (*on_header)(void *ctx, const wr_row *header);
    /* Per parsing thread (the caller's too), after the header: its state
     * for parse; NULL is no memory. */
    void *(*thread_begin)(void *ctx);
    void (*thread_end)(void *ctx, void *thread_state);
    /* On a parsing thread: parses one row into slot (room for slot_size
     * bytes, 8-byte aligned, in the chunk's records) and returns the bytes
     * it wrote, 0 when out of memory. It writes the slot with
     * wr_csvpar_store, each byte once, and does not read it back (D333). The
     * row's fields live as long as the chunk; bytes the slot points to
     * elsewhere must be copied with wr_csvpar_keep. Rows of a chunk are
     * parsed in order on one thread, and applied in that order: a slot
     * may say "as the row before" (D305), except when first is set (the
     * chunk's first row, or a row parsed and applied alone). */
    size_t (*parse)(void *thread_state, wr_csvpar_chunk *c, const wr_row *row, bool first,
                    void *slot);
    /* On the calling thread, rows in file order, row->line absolute;
     * row->fields is NULL and n_fields 0 unless row_fields. Non-zero
     * stops the read with that status. */
    int (*apply)(void *ctx, const wr_row *row, const void *slot);
    /* Optional, on the calling thread: a hint that parse added with
     * wr_csvpar_hint, stage by stage ahead of its row's apply. Fetches
     * only: what apply decides must not depend on it. */
    void (*ahead)(void *ctx, const wr_csvpar_hint *hint, int stage);
    /* apply reads the rows' fields. Else the chunk keeps none: 16 bytes a
     * field written on one thread and read on another (D280). */
    bool row_fields;
    void (*on_progress)(void *ctx, size_t bytes_read);
    /* Optional: the chunk reader's on_row (ctx: the chunk), the handler's
     * wr_csvpar_row with its parse inline (D394); else csvpar's, which
     * calls parse. */
    int (*on_chunk_row)(void *chunk, const wr_row *row);
    /* Optional: applies a chunk's rows in order (the handler's
     * wr_csvpar_apply with its apply inline, D396), line numbers from
     * base; not called when row_fields. Else csvpar's loop calls apply. */
    int (*apply_chunk)(void *ctx, wr_csvpar_chunk *chunk, uint64_t base);
    /* The bytes of a row's slot, asked once after on_header. */
    size_t (*slot_size)(void *ctx);
    /* Optional: the file's digest, taken from the bytes as they are cut
     * (DECISIONS D331). */
    wr_digest_acc *digest;
    void *ctx;
} wr_csvpar_handler;

/* n bytes (a multiple of 8) from src to dst (8-byte aligned) past the
 * caches: the applying thread on the other core read these lines last,
 * and a plain store would first fetch each of them back from it (D306).
 * Sixteen bytes a store where dst is 16-byte aligned (D312). A chunk's
 * stores are ordered before it is handed over (an sfence after its
 * parse). parse writes its slot with it, in place (D333). */
static inline void wr_csvpar_store(void *dst, const void *src, size_t n)
{
#if defined(__SSE2__) && !defined(WR_CSVPAR_PLAIN_STORE)
    char *d = dst;
    const char *s = src;
    size_t i = 0;
    long long w;
    if (((uintptr_t)d & 15) != 0 && n > 0) {
        memcpy(&w, s, 8);
        _mm_stream_si64((long long *)(void *)d, w);
        i = 8;
    }
    for (; i + 16 <= n; i += 16)
        _mm_stream_si128((__m128i *)(void *)(d + i),
                         _mm_loadu_si128((const __m128i *)(const void *)(s + i)));
    if (i < n) {
        memcpy(&w, s + i, 8);
        _mm_stream_si64((long long *)(void *)(d + i), w);
    }
#else
    memcpy(dst, src, n);
#endif
}

/* Bytes copied into the chunk (valid until its rows are applied), NUL
 * after them; NULL when out of memory. */
char *wr_csvpar_keep(wr_csvpar_chunk *c, const char *p, size_t n);

/* From parse: adds *hint for the row being parsed (the copy's row is
 * set); false when out of memory. */
bool wr_csvpar_hint_add(wr_csvpar_chunk *c, const wr_csvpar_hint *hint);

/* chunk_row's other case: a row whose fields the chunk keeps (a libcsv
 * row, or apply reads the rows' fields), parsed by the handler's parse.
 * 0 or WR_CSVPAR_NOMEM. */
int wr_csvpar_row_kept(void *chunk, const wr_row *row);

typedef size_t wr_csvpar_parse_fn(void *thread_state, wr_csvpar_chunk *c, const wr_row *row,
                                  bool first, void *slot);

/* The chunk reader's on_row for a handler whose parse is `parse` (a
 * constant: inline, called directly, D394): a row split where it lies in
 * the chunk (row->span: wr_csv_read_chunk splits in place) has its record
 * appended here, parse writing the slot; any other goes to
 * wr_csvpar_row_kept. 0 or WR_CSVPAR_NOMEM. */
__attribute__((always_inline)) static inline int wr_csvpar_row(void *chunk, const wr_row *row,
                                                               wr_csvpar_parse_fn *parse)
{
    wr_csvpar_rows *o = chunk; /* first in the chunk */
    if (__builtin_expect(!row->span || o->kept, 0))
        return wr_csvpar_row_kept(chunk, row);
    size_t at = o->recs.len;
    if (!wr_buf_reserve(&o->recs, at + sizeof(wr_csvpar_rec_head) + o->slot_size))
        return WR_CSVPAR_NOMEM;
    size_t used = parse(o->ts, (wr_csvpar_chunk *)chunk, row, o->n_rows == 0,
                        o->recs.p + at + sizeof(wr_csvpar_rec_head));
    if (!used)
        return WR_CSVPAR_NOMEM;
    wr_csvpar_rec_head head = {(uint32_t)row->line,
                               (uint32_t)((sizeof head + used + 7) & ~(size_t)7)};
    wr_csvpar_store(o->recs.p + at, &head, sizeof head);
    o->recs.len = at + head.len;
    o->n_rows++;
    return 0;
}

/* Calls the handler's ahead for the chunk's hints of rows up to `row` +
 * each stage's distance, from next[stage] on (D307); returns the row at
 * which a call is next due (SIZE_MAX: none). */
size_t wr_csvpar_hints_ahead(const wr_csvpar_chunk *chunk, size_t row,
                             size_t next[WR_CSVPAR_AHEAD_STAGES]);

typedef int wr_csvpar_apply_fn(void *ctx, const wr_row *row, const void *slot);

/* The fields a chunk keeps for apply (row_fields, D280) and their counts
 * by row, for wr_csvpar_apply's `fields` case. */
void wr_csvpar_kept_fields(const wr_csvpar_chunk *chunk, const wr_str **fields,
                           const uint32_t **counts);

/* A chunk's rows applied in order by `apply` (a constant in a handler's
 * apply_chunk: inline, called directly, D396), its hints' ahead called on
 * the way when ahead; the first non-zero status. fields: apply reads the
 * rows' fields (row_fields; false, a constant, in apply_chunk). The one
 * apply loop: csvpar's own (a handler without apply_chunk) is this with
 * h->apply (D428). */
__attribute__((always_inline)) static inline int wr_csvpar_apply(void *ctx, wr_csvpar_chunk *chunk,
                                                                 uint64_t base, bool ahead,
                                                                 bool fields,
                                                                 wr_csvpar_apply_fn *apply)
{
    const wr_csvpar_rows *o = (const wr_csvpar_rows *)(const void *)chunk;
    const char *rec = o->recs.p;
    wr_row row = {0};
    const wr_str *field = NULL;
    const uint32_t *counts = NULL;
    if (fields)
        wr_csvpar_kept_fields(chunk, &field, &counts);
    size_t next[WR_CSVPAR_AHEAD_STAGES] = {0};
    size_t due = ahead && o->hints.len ? 0 : SIZE_MAX;
    int rc = 0;
    for (size_t i = 0, n = o->n_rows; i < n && !rc; i++) {
        const wr_csvpar_rec_head *head = (const wr_csvpar_rec_head *)(const void *)rec;
        if (i >= due)
            due = wr_csvpar_hints_ahead(chunk, i, next);
        if (fields) {
            row.fields = field;
            row.n_fields = counts[i];
            field += counts[i];
        }
        row.line = base + head->line;
        rc = apply(ctx, &row, rec + sizeof *head);
        rec += head->len;
    }
    return rc;
}

/* Chunk size: 256 KiB, or the environment's WAGERECON_TEST_CHUNK_BYTES
 * (tests cut small files into many chunks). */
size_t wr_csvpar_chunk_bytes(void);

/* The chunks files are read into, kept from one wr_csv_read_parallel to
 * the next (D319): a run's inputs, read one after the other, reuse the
 * same buffers, touched once, instead of each file leaving its own in the
 * allocator. Not shared by reads at the same time. */
typedef struct wr_csvpar_ring wr_csvpar_ring;

/* An empty ring (its chunks and threads are made by the first open);
 * NULL when out of memory. */
wr_csvpar_ring *wr_csvpar_ring_new(void);
/* Stops the ring's threads, closes the files open on it and not read
 * (their thread_end called: their handlers' ctx must live until then),
 * frees its chunks' buffers; NULL is a no-op. */
void wr_csvpar_ring_free(wr_csvpar_ring *ring);
/* The bytes the ring's chunks hold (their buffers' capacities). */
size_t wr_csvpar_ring_bytes(const wr_csvpar_ring *ring);

/* A file opened on a ring (D438): its header read, its chunks cut and
 * parsed once the files opened before it are cut, its rows applied by
 * wr_csvpar_read after theirs. */
typedef struct wr_csvpar_file wr_csvpar_file;

/* Opens path to be read on the ring's threads (`jobs`, the caller's
 * included; the ring's own count while files are open on it): reads its
 * header and calls on_start and on_header on the calling thread, then
 * queues it behind the files open on the ring, so that its first chunks
 * are parsed while the last of those are applied. *file is NULL, and
 * nothing called, when the file is not one this reader takes (not a
 * regular file, zstd, smaller than two chunks, a header that is not one
 * plain line, jobs < 2): the caller reads it with wr_csv_read. Returns
 * 0, a handler's status, or WR_ENOMEM (err set). The handler and its ctx
 * must live until the file is closed. */
int wr_csvpar_open(wr_csvpar_ring *ring, const char *path, int jobs, const wr_csvpar_handler *h,
                   wr_csvpar_file **file, wr_error *err);

/* Applies the file's rows in order (every file opened before it must be
 * read first), then closes it. Returns 0, a handler's status, WR_EINPUT
 * (a read error, a row too long) or WR_ENOMEM (err set). When it fails,
 * the files opened after it stay open and are cut again from their start
 * if they are read. */
int wr_csvpar_read(wr_csvpar_file *file, wr_error *err);

/* Reads path on `jobs` threads, into ring's chunks (NULL: a ring of its
 * own, freed before it returns). *serial is set, and nothing is called,
 * when the file is not one this reader takes (not a regular file, zstd,
 * smaller than two chunks, a header that is not one plain line): the
 * caller reads it with wr_csv_read. Returns 0, a handler's status,
 * WR_EINPUT (a read error, a row too long) or WR_ENOMEM (err set). */
int wr_csv_read_parallel(const char *path, int jobs, wr_csvpar_ring *ring,
                         const wr_csvpar_handler *h, bool *serial, wr_error *err);

#endif
