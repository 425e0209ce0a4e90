/* A borrowed byte string: pointer and length, not necessarily NUL-ended. */
#ifndef WR_STR_H
#define WR_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef struct {
    const char *p;
    size_t n;
} wr_str;

static inline bool wr_str_eq(wr_str a, wr_str b)
{
    return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

static inline bool wr_str_is(wr_str a, const char *lit)
{
    size_t n = strlen(lit);
    return a.n == n && memcmp(a.p, lit, n) == 0;
}

/* True when the NUL-terminated `stored` equals s (no NUL inside s). */
static inline bool wr_cstr_eq(const char *stored, wr_str s)
{
    for (size_t i = 0; i < s.n; i++) /* short keys: no call (issue 17) */
        if (stored[i] != s.p[i] || stored[i] == '\0')
            return false;
    return stored[s.n] == '\0';
}

#endif
