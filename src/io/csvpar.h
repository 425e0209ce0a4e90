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

#include "csvread.h"

typedef struct wr_csvpar_chunk wr_csvpar_chunk;

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

/* Chunk size: 256 KiB, or the environment's WAGERECON_TEST_CHUNK_BYTES
 * (tests cut small files into many chunks). */
size_t wr_csvpar_chunk_bytes(void);

/* The chunks files are read into, kept from one wr_csv_read_parallel to
 * the next (D319): a run's inputs, read one after the other, reuse the
 * same buffers, touched once, instead of each file leaving its own in the
 * allocator. Not shared by reads at the same time. */
typedef struct wr_csvpar_ring wr_csvpar_ring;

/* An empty ring (its chunks are made by the first read); NULL when out
 * of memory. */
wr_csvpar_ring *wr_csvpar_ring_new(void);
/* Frees the ring and its chunks' buffers; NULL is a no-op. */
void wr_csvpar_ring_free(wr_csvpar_ring *ring);
/* The bytes the ring's chunks hold (their buffers' capacities). */
size_t wr_csvpar_ring_bytes(const wr_csvpar_ring *ring);

/* Reads path on `jobs` threads, into ring's chunks (NULL: a ring of its
 * own, freed before it returns). *serial is set, and nothing is called,
 * when the file is not one this reader takes (not a regular file, zstd,
 * smaller than two chunks, a header that is not one plain line): the
 * caller reads it with wr_csv_read. Returns 0, a handler's status,
 * WR_EINPUT (a read error, a row too long) or WR_ENOMEM (err set). */
int wr_csv_read_parallel(const char *path, int jobs, wr_csvpar_ring *ring,
                         const wr_csvpar_handler *h, bool *serial, wr_error *err);

#endif
