/*
 * Input files as a stream of bytes: plain, or zstd-compressed when the
 * file starts with a zstd frame's or a skippable frame's magic (RULES
 * section 1: by magic, never by name), decompressed with the streaming API so memory stays
 * bounded whatever the file expands to.
 */
#ifndef WR_INFILE_H
#define WR_INFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "digest.h"
#include "wagerecon/wagerecon.h"

typedef struct wr_infile wr_infile;

/* Whether bytes (n of them) begin as a zstd file does: the frame magic
 * 0xFD2FB528 or a skippable frame's 0x184D2A50-0x184D2A5F (pzstd writes
 * one first), little-endian (RFC 8878 3.1). The decoder then reads any
 * sequence of frames and skippable frames. */
bool wr_infile_is_zstd(const void *bytes, size_t n);
/* Opens path into *out: 0, or with *out NULL and err set ("FILE:
 * cause") WR_EINPUT (cannot open or read) or WR_ENOMEM. */
int wr_infile_open(const char *path, wr_infile **out, wr_error *err);
/* Points *data at the next bytes. Returns their count, 0 at the end, or
 * with err set minus the status code: -WR_EINPUT on a read error or a
 * corrupt or truncated zstd frame, -WR_ENOMEM when zstd could not
 * allocate its window (DECISIONS D265). */
ssize_t wr_infile_read(wr_infile *f, const char **data, wr_error *err);
/* From now on the file's raw bytes (compressed bytes for zstd) go to d
 * as they are read, those open read already too (DECISIONS D331). */
void wr_infile_digest(wr_infile *f, wr_digest_acc *d);
/* Bytes consumed from the file so far (compressed bytes for zstd). */
size_t wr_infile_offset(const wr_infile *f);
void wr_infile_close(wr_infile *f);

/* The base name of a path (the part after the last '/'). */
const char *wr_base_name(const char *path);

#endif
