/* A borrowed byte string: pointer and length, not necessarily NUL-ended. */
#ifndef WR_STR_H
#define WR_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    const char *p;
    size_t n;
} wr_str;

static inline uint64_t wr_load64(const char *p)
{
    uint64_t x;
    memcpy(&x, p, 8);
    return x;
}

static inline uint32_t wr_load32(const char *p)
{
    uint32_t x;
    memcpy(&x, p, 4);
    return x;
}

/* Compared by words that may overlap, without a call: the strings
 * compared on a row's path are short (IDs, names, dates), and a call to
 * memcmp cost more than the compare (issue 17, D305). */
static inline bool wr_str_eq(wr_str a, wr_str b)
{
    size_t n = a.n;
    if (n != b.n)
        return false;
    if (n >= 8) {
        for (size_t i = 0; i + 8 < n; i += 8)
            if (wr_load64(a.p + i) != wr_load64(b.p + i))
                return false;
        return wr_load64(a.p + n - 8) == wr_load64(b.p + n - 8);
    }
    if (n >= 4)
        return wr_load32(a.p) == wr_load32(b.p) && wr_load32(a.p + n - 4) == wr_load32(b.p + n - 4);
    for (size_t i = 0; i < n; i++)
        if (a.p[i] != b.p[i])
            return false;
    return true;
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
