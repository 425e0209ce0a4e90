/*
 * A growable byte buffer (git's strbuf, smaller): readers keep one per
 * stream and reuse it row after row, so a row costs no malloc once the
 * buffer has grown to the longest one.
 */
#ifndef WR_BUF_H
#define WR_BUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char *p;
    size_t len, cap;
} wr_buf;

/* Room for need bytes in all (doubling); false when out of memory. */
bool wr_buf_reserve(wr_buf *b, size_t need);
/* Appends s[0..n); false when out of memory (b unchanged). */
bool wr_buf_append(wr_buf *b, const char *s, size_t n);

#endif
