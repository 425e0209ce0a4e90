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
 * regular file (a pipe) keeps xxh3 "". False with err set. */
bool wr_digest_inputs(wr_report *rep, wr_error *err);

#endif
