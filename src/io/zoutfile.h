/*
 * A zstd-compressed output file written as a stream: bytes go into a
 * buffer, the buffer through ZSTD_compressStream2 into the file. Errors
 * are sticky: writes after a failure do nothing, and close reports the
 * first one, so a caller writing many rows checks once. The partitioner
 * writes its parts with it (the reader, infile.c, knows zstd by magic).
 */
#ifndef WR_ZOUTFILE_H
#define WR_ZOUTFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "wagerecon/wagerecon.h"

typedef struct wr_zout wr_zout;

/* Creates path (truncating it) into *out: 0, or with *out NULL and err
 * set WR_EOUTPUT (cannot create) or WR_ENOMEM. */
int wr_zout_open(const char *path, wr_zout **out, wr_error *err);
/* Appends n bytes; false once anything has failed. */
bool wr_zout_write(wr_zout *z, const void *p, size_t n);
/* Ends the frame, flushes and closes; frees z (NULL: nothing, 0).
 * Returns 0, or with err set ("FILE: cause") the first failure's code
 * (DECISIONS D244): WR_ENOMEM when zstd could not allocate, WR_EOUTPUT
 * when a write failed (stdio's ENOMEM too: the output is not written). */
int wr_zout_close(wr_zout *z, wr_error *err);

#endif
