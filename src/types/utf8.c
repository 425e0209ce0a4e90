#include "utf8.h"

#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Length of the valid UTF-8 sequence at s[0..n): 1-4; 0 when invalid;
 * -1 when valid so far but cut short by n. */
static int sequence_length(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    int len;
    unsigned char lo = 0x80, hi = 0xBF; /* the second byte's range */
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0; /* no overlong */
        if (c == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        if (c == 0xF4)
            hi = 0x8F; /* <= U+10FFFF */
    } else
        return 0;
    for (int i = 1; i < len; i++) {
        if ((size_t)i >= n)
            return -1;
        unsigned char lo_i = i == 1 ? lo : 0x80, hi_i = i == 1 ? hi : 0xBF;
        if (s[i] < lo_i || s[i] > hi_i)
            return 0;
    }
    return len;
}

/* The end of the run of ASCII bytes at u[i..n): the first byte >= 0x80,
 * or n. Sixteen bytes a step (SSE2, every x86-64), the last step over the
 * last sixteen bytes again rather than byte by byte: a row checked whole
 * is mostly ASCII with a short name in it (issue 17: this check was 12% of
 * a run's instructions, a third of them in the bytes after the last whole
 * word). */
static inline size_t ascii_end(const unsigned char *u, size_t i, size_t n)
{
#ifdef __SSE2__
    if (n >= 16) {
        for (; i + 16 <= n; i += 16) {
            unsigned m = (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(u + i)));
            if (m)
                return i + (unsigned)__builtin_ctz(m);
        }
        if (i == n)
            return n;
        /* bit k of the last sixteen bytes is byte n - 16 + k; bytes before i
         * were seen */
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(u + n - 16)));
        m >>= 16 - (n - i);
        return m ? i + (unsigned)__builtin_ctz(m) : n;
    }
#endif
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, u + i, 8);
        if (w & 0x8080808080808080ull)
            break;
    }
    while (i < n && u[i] < 0x80)
        i++;
    return i;
}

size_t wr_utf8_invalid_at(const char *s, size_t n, bool cut_ok)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = ascii_end(u, 0, n);
    while (i < n) {
        if (u[i] < 0x80) {
            i = ascii_end(u, i, n);
            continue;
        }
        /* the usual non-ASCII text (CJK): three bytes, a lead without a
         * narrowed second-byte range (not E0, not ED) */
        if (u[i] >= 0xE1 && u[i] <= 0xEF && u[i] != 0xED && i + 3 <= n &&
            (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80) {
            i += 3;
            continue;
        }
        int len = sequence_length(u + i, n - i);
        if (len < 0)
            return cut_ok ? n : i;
        if (len == 0)
            return i;
        i += (size_t)len;
    }
    return n;
}

bool wr_looks_gbk(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    bool high = false;
    for (size_t i = 0; i < n;) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        high = true;
        if (u[i] == 0x80 || u[i] == 0xFF)
            return false;
        if (i + 1 >= n)
            return true; /* cut by the end */
        unsigned char b = u[i + 1];
        if (b >= 0x30 && b <= 0x39) { /* GB18030 four bytes: 81-FE 30-39 81-FE 30-39 */
            if (i + 3 >= n)
                return true;
            if (u[i + 2] < 0x81 || u[i + 2] > 0xFE || u[i + 3] < 0x30 || u[i + 3] > 0x39)
                return false;
            i += 4;
        } else if (b >= 0x40 && b <= 0xFE && b != 0x7F) {
            i += 2;
        } else {
            return false;
        }
    }
    return high;
}
