/*
 * A growable byte buffer (git's strbuf, smaller): readers keep one per
 * stream and reuse it row after row, so a row costs no malloc once the
 * buffer has grown to the longest one.
 */
#ifndef WR_BUF_H
#define WR_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef struct {
    char *p;
    size_t len, cap;
} wr_buf;

/* Grows b to room for need bytes in all (from 4096, doubling); false
 * when out of memory (b unchanged). Called by wr_buf_reserve. */
bool wr_buf_grow(wr_buf *b, size_t need);

/* Room for need bytes in all; false when out of memory. The check is
 * inline: the CSV reader asks once per line (an out-of-line call cost
 * 0.8% of a run's instructions). */
static inline bool wr_buf_reserve(wr_buf *b, size_t need)
{
    return need <= b->cap || wr_buf_grow(b, need);
}
/* Appends s[0..n); false when out of memory (b unchanged). Inline: the
 * outputs build each flag's line by ~35 appends (D286). */
static inline bool wr_buf_append(wr_buf *b, const char *s, size_t n)
{
    if (n == 0)
        return true; /* b->p may still be NULL */
    if (!wr_buf_reserve(b, b->len + n))
        return false;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    return true;
}

#endif
