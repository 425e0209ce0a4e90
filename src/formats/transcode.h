/*
 * Source encoding to UTF-8 for the descriptor reader (decode.c), with
 * bytes that are invalid in the source encoding marked, never dropped.
 */
#ifndef WR_TRANSCODE_H
#define WR_TRANSCODE_H

#include <stddef.h>

/* Never valid UTF-8: stands for each byte that begins an invalid or
 * cut-short sequence in the source (DECISIONS D36). */
#define WR_BAD_BYTE 0xFF /* as memchr takes it: an int 0-255 */

typedef struct wr_transcoder wr_transcoder;

/* For "UTF-8", "GBK" or "GB18030"; NULL when iconv cannot convert it or
 * out of memory. */
wr_transcoder *wr_transcoder_open(const char *encoding);
void wr_transcoder_close(wr_transcoder *t);

/* Converts in[0..n) to UTF-8 at out, which has room for 2 * n + 16 bytes;
 * returns the bytes written. */
size_t wr_transcode(wr_transcoder *t, const char *in, size_t n, char *out);

#endif
