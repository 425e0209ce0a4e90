/*
 * The CSV row reader: drives libcsv over an input stream (plain or zstd),
 * hands each row to a callback as trimmed fields, with the physical line
 * on which the row starts (the header is line 1; a quoted field holding
 * newlines makes a row span lines). A UTF-8 byte order mark is skipped;
 * empty lines are not rows; a line of only spaces and tabs is a row of
 * one empty field (DECISIONS D28, D200).
 */
#ifndef WR_CSVREAD_H
#define WR_CSVREAD_H

#include <stdbool.h>
#include <stdint.h>

#include "../types/row.h"
#include "digest.h"
#include "wagerecon/wagerecon.h"

/* A longer row stops the read (exit 2): hostile or not CSV. */
#define WR_MAX_ROW_BYTES (32 << 20)

typedef struct {
    /* Called once with the header row (n_fields 0 for an empty file).
     * Returning non-zero stops the read with that status. */
    int (*on_header)(void *ctx, const wr_row *header);
    /* Called for every data row; non-zero stops the read. */
    int (*on_row)(void *ctx, const wr_row *row);
    /* Optional: called once with the first bytes of the stream (after
     * zstd, before a byte order mark is skipped), before any row; non-zero
     * stops the read with that status. Not called for an empty file. */
    int (*on_start)(void *ctx, const char *data, size_t n);
    /* Optional: called now and then with raw bytes read so far. */
    void (*on_progress)(void *ctx, size_t bytes_read);
    void *ctx;
    /* Optional, for format decoders: true when the handler takes field
     * i's value typed (wr_typed_kind kind) rather than as canonical text.
     * Asked once per styled column, after on_header. Handlers that need
     * the canonical text (formats convert, partition, --rejects-raw) leave
     * it NULL or answer false. */
    bool (*takes_typed)(void *ctx, size_t field, wr_typed_kind kind);
    /* Optional: the file's digest, taken from its raw bytes as they are
     * read (DECISIONS D331). */
    wr_digest_acc *digest;
    /* Tests only: every line through libcsv, none through the fast path
     * (csvread.c), to compare the two. */
    bool libcsv_only;
} wr_csv_handler;

/* Reads the file at path. Returns 0, a handler's non-zero status, or
 * WR_EINPUT with err set when the file cannot be read. */
int wr_csv_read(const char *path, const wr_csv_handler *h, wr_error *err);

/* How a chunk read ended (wr_csv_read_chunk). */
typedef struct {
    uint64_t lines;      /* physical line ends read */
    bool open;           /* the bytes ended inside a row (not delivered) */
    size_t open_offset;  /* where that row starts in the bytes */
    uint64_t open_line;  /* and its line, counted from 0 at the first byte */
} wr_csv_chunk_end;

/* Reads bytes data[0..n) that start at the start of a row (not the file's
 * header: every row goes to on_row; on_start, on_header and on_progress
 * are not called), as wr_csv_read reads the same bytes mid-file; the
 * first byte is on line first_line. A row still open at the end is not
 * delivered and is told in *end, unless `last` (the end of the file).
 * The bytes are written: a line of the fast path (no quote) is split in
 * place, a NUL after each field (over a comma, a blank or the line end),
 * and its row's fields point into data; rows read by libcsv point into
 * the reader's buffer, valid during on_row only. Read again, the bytes
 * give other rows: read a fresh copy.
 * For csvpar.c's threads: the reader holds no state between calls.
 * Returns 0, a handler's status, WR_EINPUT (a row too long) or
 * WR_ENOMEM (path names the file in err). */
int wr_csv_read_chunk(char *data, size_t n, bool last, uint64_t first_line,
                      const wr_csv_handler *h, wr_csv_chunk_end *end, const char *path,
                      wr_error *err);

#endif
