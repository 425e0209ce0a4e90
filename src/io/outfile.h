/*
 * The output set of a run or a merge, published all or nothing (RULES
 * section 6, DECISIONS D92): the files are written into a fresh set in
 * DIR/.wagerecon/, fsynced, and published by one atomic rename of the link
 * DIR/.wagerecon/current; DIR/NAME is a link to .wagerecon/current/NAME. A
 * failed or killed run leaves the previous set as it was. The protocol is
 * described at the top of outfile.c and in docs/RELIABILITY.md.
 */
#ifndef WR_OUTFILE_H
#define WR_OUTFILE_H

#include <pthread.h>
#include <stdio.h>

#include "wagerecon/wagerecon.h"
#include "../types/buf.h"

#define WR_MAX_OUTPUTS 12
/* The XXH3 digests of the other outputs (scaleout's part check, D93). */
#define WR_OUTPUT_DIGESTS "outputs.xxh3"

struct wr_outset_flusher;

/* A file of the set as its stream writes it (D416): its descriptor, and
 * how far its bytes are written and put on their way to the disk. Read
 * and written by the thread that writes the stream. */
typedef struct {
    int fd;
    long long written, begun; /* bytes written; written back from 0 to begun */
    int error;                /* errno of the first failed write (0: none) */
    bool synced;              /* fsynced whole before the commit (wr_outset_sync) */
    int sync_error;           /* that fsync's errno (0: it succeeded) */
    struct wr_outset_flusher *flusher; /* the set's, while it runs (D464); NULL: none */
    int flush_error;          /* errno of the flusher's first failed fdatasync (D464) */
} wr_outset_file;

/* Bytes of a file written before they are put on their way to the disk
 * (sync_file_range, no wait), as the file is written (D416). */
#define WR_OUTSET_WRITEBACK_BYTES (1 << 20)
/* Bytes of the set's files put on their way to the disk before the
 * flusher fdatasyncs the last of them (D464). */
#define WR_OUTSET_FLUSH_BYTES (4 << 20)

/* A thread that fdatasyncs the set's files while they are written
 * (D464): on this host the disk's flush costs about as long as the bytes
 * written since the one before, so flushes made beside the writing leave
 * the commit's fsyncs little to wait for. Its failures are the commit's
 * (flush_error). Guarded by mu but for the thread itself. */
typedef struct wr_outset_flusher {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t wake;
    bool running, stop;
    wr_outset_file *want; /* the file to fdatasync next; NULL: none */
    long long pending;    /* bytes written back since the last file was wanted */
    unsigned flushes;     /* fdatasyncs made (tests) */
} wr_outset_flusher;

typedef struct {
    const char *dir;
    int dir_fd, meta_fd, set_fd, lock_fd; /* DIR, DIR/.wagerecon, the new set */
    char set_name[32];
    char name[WR_MAX_OUTPUTS][64];
    FILE *fp[WR_MAX_OUTPUTS];
    wr_outset_file file[WR_MAX_OUTPUTS]; /* fp[i]'s cookie: the set must not move */
    unsigned char state[16]; /* what DIR/NAME held, per managed name */
    bool digests;            /* also WR_OUTPUT_DIGESTS */
    int n;
    int remove_threads;      /* threads that remove the previous set (D418) */
    bool removing;           /* the previous set's removal runs on `remover` (D445) */
    pthread_t remover;
    char old_set[64];        /* the set it removes */
    wr_outset_flusher flusher; /* wr_outset_flush_ahead's, until the commit (D464) */
} wr_outset;

/* Creates DIR when missing (not its parents, D26), refuses one that is not
 * safe to write (D92), waits for the lock of DIR, removes what killed runs
 * left, and makes the new set. False with err set ("DIR: cause"). */
bool wr_outset_init(wr_outset *s, const char *dir, wr_error *err);
/* Creates `name` in the new set; NULL with err set on failure. The
 * stream writes the file itself (no descriptor: fileno is -1; see
 * wr_outset_fd) and puts every WR_OUTSET_WRITEBACK_BYTES it wrote on
 * their way to the disk (D416); a failed write sets its error, which
 * fails the commit. */
FILE *wr_outset_open(wr_outset *s, const char *name, wr_error *err);
/* The descriptor of a stream wr_outset_open returned (-1: none of s's). */
int wr_outset_fd(const wr_outset *s, FILE *f);
/* The commit removes the previous set on `threads` threads (1 or 2:
 * D418; 1 by default). With 2, neither is this one (D445): the commit
 * returns while they unlink, and wr_outset_finish waits for them. */
void wr_outset_set_threads(wr_outset *s, int threads);
/* Starts the set's flusher (D464): the files opened after this call are
 * fdatasynced on a thread of its own while they are written, the last
 * one put on its way after each WR_OUTSET_FLUSH_BYTES of the set, until
 * the commit or abort stops it. Without a thread, none is flushed early. */
void wr_outset_flush_ahead(wr_outset *s);
/* Flushes and fsyncs every file and publishes the set; drops the lock,
 * or leaves it to wr_outset_finish while the previous set is removed.
 * False with err set: the previous set is what DIR shows. */
bool wr_outset_commit(wr_outset *s, wr_error *err);
/* Returns once the previous set is removed and the lock dropped: after a
 * commit with 2 threads, before the run ends (D92: a finished run leaves
 * one set). Nothing to do otherwise, also for a zeroed s. */
void wr_outset_finish(wr_outset *s);
/* The bytes written so far to fd, a file of the set (not what its stream
 * still holds), put on their way to the disk without waiting
 * (sync_file_range), so the commit's fsync waits for less (D302). Any
 * thread, beside another writing the file. Its errors are the commit's:
 * nothing is flushed, reported or checked here, and errno is kept. */
void wr_outset_writeback(int fd);
/* f, a stream wr_outset_open returned whose file is written whole, is
 * flushed and its file fsynced now, by a thread that would otherwise
 * wait (D444): the commit then takes that fsync's result for the file's
 * instead of its own, so a failure here still fails the commit (an
 * fsync's error is reported once). Nothing may be written to f after.
 * A failed flush leaves the file to the commit, which reports it. */
void wr_outset_sync(wr_outset *s, FILE *f);
/* Removes the new set and drops the lock (after a failure). */
void wr_outset_abort(wr_outset *s);
/* The commit also writes WR_OUTPUT_DIGESTS: the XXH3-128 of every other
 * output, as `xxhsum -H2` prints it (a part's run, for the merge: D93). */
void wr_outset_want_digests(wr_outset *s);
/* Checks DIR's outputs against DIR/WR_OUTPUT_DIGESTS, which must list
 * each of names[0..n). False with err set ("DIR/NAME: cause"). */
bool wr_outputs_verify(const char *dir, const char *const *names, size_t n, wr_error *err);

/* Writers shared by the outputs. */
void wr_csv_cell(FILE *f, const char *s);   /* quoted only when needed (D17) */
void wr_csv_cell_n(FILE *f, const char *s, size_t n); /* the same, for s[0..n) */
/* DECISIONS D163: the start of a CSV output, a UTF-8 BOM with --csv-bom or
 * --excel (nothing otherwise); an identifier cell, with --excel written
 * as the formula ="..." (CSV-quoted) so Excel keeps 18 digits as text. */
void wr_csv_begin(FILE *f, const wr_options *o);
void wr_csv_id_cell(FILE *f, const char *s, bool excel);
void wr_json_string(FILE *f, const char *s); /* escaped, invalid UTF-8 -> U+FFFD */
/* The same cells and strings appended to a line in memory, which the
 * caller writes with one fwrite (D286: the outputs with a line per flag,
 * ~50 stdio calls a line before). False when out of memory. */
bool wr_buf_csv_cell(wr_buf *b, const char *s, size_t n);
bool wr_buf_csv_id_cell(wr_buf *b, const char *s, bool excel);
bool wr_buf_json_string(wr_buf *b, const char *s);
/* D361: a whole line of cells in one call, its room reserved once (a
 * flags.csv record / a flags.jsonl object were ~35 appends and calls).
 * A CSV record: cells[0..n) (NULL: empty) as wr_buf_csv_id_cell writes
 * them, the cells whose bit is set in id_cells as Excel identifiers when
 * `excel`, comma-separated, then LF. n <= 32. */
bool wr_buf_csv_record(wr_buf *b, const char *const *cells, size_t n, uint32_t id_cells,
                       bool excel);
/* A JSON object on a line: "{", then for each cell its key (keys[i], its
 * text from its second byte for the first: ",\"name\":" with the
 * comma) and null (NULL), the cell as it is (numeric[i]), or the cell as
 * wr_buf_json_string writes it; then "}" and LF. 1 <= n <= 32. */
#define WR_JSON_KEY_MAX 24
typedef struct {
    char text[WR_JSON_KEY_MAX]; /* zero-padded: copied whole */
    size_t len;                 /* < WR_JSON_KEY_MAX */
} wr_json_key;
bool wr_buf_json_line(wr_buf *b, const wr_json_key *keys, const char *const *cells,
                      const bool *numeric, size_t n);
/* HTML text or attribute value: & < > " ' as entities, control characters
 * dropped, invalid UTF-8 -> U+FFFD. Writes n bytes of s (stops at NUL). */
void wr_html_text(FILE *f, const char *s, size_t n);
/* The same appended to a line in memory (D359: report.html's flag rows,
 * a row one write); false when out of memory. */
bool wr_buf_html_text(wr_buf *b, const char *s, size_t n);
/* before, s[0..n) as HTML text, after (before and after as they are). */
void wr_html_wrapped(FILE *f, const char *before, const char *s, size_t n, const char *after);
/* Every byte of s as two lower-case hex digits: any bytes, kept exactly,
 * in an ASCII text, and in the same byte order (strcmp) as s. */
void wr_hex_text(FILE *f, const char *s);
/* Closes a stream of open_memstream whose buffer is *text: true when every
 * write went in and *text holds them (out of memory inside the stream sets
 * its error flag, or leaves *text NULL, and fclose may still return 0).
 * The caller frees *text either way. */
bool wr_memstream_close(FILE *f, char **text);

#endif
