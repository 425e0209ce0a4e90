/*
 * XXH3-128 digests of files: the one way wagerecon fingerprints bytes it
 * reads or writes (the run manifest's inputs, DECISIONS D160; the store's
 * inputs digest, D70; a part's outputs.xxh3, D93). Written as 32
 * lower-case hex digits of the canonical (big-endian) form, exactly as
 * `xxhsum -H2` (xxh128sum) prints it, so anyone can check one by hand.
 */
#ifndef WR_DIGEST_H
#define WR_DIGEST_H

#include <stdbool.h>
#include <stdint.h>

#include "wagerecon/wagerecon.h"

#define WR_DIGEST_HEX 33 /* 32 hex digits and the NUL */

/* A file's digest taken as its bytes are read (DECISIONS D331), so a run
 * need not read its inputs a second time: every read of the file's raw
 * bytes hands them over with the offset they start at. Only bytes that
 * continue what is hashed are taken: bytes read again (a chunk cut
 * again, a header read before the rows) or out of order are skipped, so
 * the digest is always of the file's first bytes in order, and
 * wr_digest_acc_finish reads from the file what no read handed over.
 * Zeroed is empty; one thread at a time. */
typedef struct {
    struct XXH3_state_s *state; /* NULL until bytes come (or no memory) */
    uint64_t at;                /* the file's bytes [0, at) are hashed */
} wr_digest_acc;

/* Takes the file's bytes [offset, offset + n), or the part of them that
 * continues what d holds. */
void wr_digest_acc_add(wr_digest_acc *d, uint64_t offset, const void *bytes, size_t n);
void wr_digest_acc_free(wr_digest_acc *d);

/* The digest of what fd holds, read from offset 0 with pread (the file
 * offset is not moved); *size gets the bytes read. False on a read error
 * (errno set). */
bool wr_digest_fd(int fd, char hex[WR_DIGEST_HEX], uint64_t *size);

/* The digest and size of the regular file at path. False with err set
 * ("PATH: cause"): it cannot be opened or read, or it is not a regular
 * file (a pipe cannot be read twice). */
bool wr_digest_path(const char *path, char hex[WR_DIGEST_HEX], uint64_t *size, wr_error *err);

/* Fills size and xxh3 (and format_size, format_xxh3) of every input file
 * rep lists with a path, once a run has read them; a file that is not a
 * regular file (a pipe) keeps xxh3 "". taken[i] (i < n_taken; NULL when
 * none) is what reading files[i] hashed already: only the rest is read.
 * False with err set. */
bool wr_digest_inputs(wr_report *rep, wr_digest_acc *taken, size_t n_taken, wr_error *err);

#endif
