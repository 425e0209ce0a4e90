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
    /* a short text (a field checked alone: a date, a time, hours) all
     * ASCII to its end: two words that may overlap, no byte loop */
    if (n - i >= 8 && n - i <= 16) {
        uint64_t a, b;
        memcpy(&a, u + i, 8);
        memcpy(&b, u + n - 8, 8);
        if (!((a | b) & 0x8080808080808080ull))
            return n;
    } else if (n - i >= 4 && n - i < 8) {
        uint32_t a, b;
        memcpy(&a, u + i, 4);
        memcpy(&b, u + n - 4, 4);
        if (!((a | b) & 0x80808080u))
            return n;
    }
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

#ifdef __SSE2__
/* The bytes of whole three-byte sequences at u[i..n) (n >= 16), up to
 * five of them, seen in one sixteen-byte look; 0 when the first is not
 * one. Only a lead of E1-EC or EE-EF counts (E0 and ED narrow the second
 * byte's range: sequence_length checks those), followed by two bytes
 * 80-BF: the usual non-ASCII text (CJK), a name of two to five
 * characters at a time instead of a test a character (issue 17). Where
 * fewer than sixteen bytes are left, the look is at the last sixteen and
 * its masks shifted, as ascii_end does. */
static inline size_t three_byte_run(const unsigned char *u, size_t i, size_t n)
{
    size_t at = i + 16 <= n ? i : n - 16;
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + at));
    /* signed bytes: a lead E1-EF is -31..-17, a trail 80-BF -128..-65 */
    __m128i lead = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8((char)0xE0)),
                                 _mm_cmpgt_epi8(_mm_set1_epi8((char)0xF0), v));
    __m128i trail = _mm_cmpgt_epi8(_mm_set1_epi8((char)0xC0), v);
    unsigned shift = (unsigned)(i - at);
    unsigned leads = (unsigned)_mm_movemask_epi8(
                         _mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xED)), lead)) >> shift;
    unsigned trails = (unsigned)_mm_movemask_epi8(trail) >> shift;
    /* byte k of u + i is a lead where k % 3 == 0, a trail elsewhere; a
     * byte past n (shifted out: neither) or any other byte is a miss */
    unsigned miss = (leads ^ 0x9249u) | (trails ^ 0x6DB6u) | 0x10000u;
    return (unsigned)__builtin_ctz(miss) / 3 * 3;
}
#endif

/* wr_utf8_invalid_at from u[i], a byte >= 0x80 (i < n): a sequence, then
 * the ASCII after it, until the end or a bad byte. Out of line, so that a
 * text all ASCII (most fields checked alone) costs its caller no saved
 * registers. */
__attribute__((noinline)) static size_t invalid_from(const unsigned char *u, size_t i, size_t n,
                                                     bool cut_ok)
{
    do {
        size_t run = 0;
#ifdef __SSE2__
        if (n >= 16)
            run = three_byte_run(u, i, n);
#endif
        /* in a short text, the usual non-ASCII text (CJK) one character at
         * a time: three bytes, a lead without a narrowed second-byte range
         * (not E0, not ED) */
        if (!run && u[i] >= 0xE1 && u[i] <= 0xEF && u[i] != 0xED && i + 3 <= n &&
            (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80)
            run = 3;
        if (run) {
            i += run;
        } else {
            int len = sequence_length(u + i, n - i);
            if (len < 0)
                return cut_ok ? n : i;
            if (len == 0)
                return i;
            i += (size_t)len;
        }
        i = ascii_end(u, i, n);
    } while (i < n);
    return n;
}

size_t wr_utf8_invalid_at(const char *s, size_t n, bool cut_ok)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = ascii_end(u, 0, n);
    return i == n ? n : invalid_from(u, i, n, cut_ok);
}

size_t wr_utf8_invalid_from(const char *s, size_t from, size_t n, bool cut_ok)
{
    const unsigned char *u = (const unsigned char *)s;
#ifdef __SSE2__
    /* A row's high bytes (D346) are mostly one short name: whole in one
     * look, with no saved registers (invalid_from's loop keeps four
     * constants and three registers). */
    if (n >= 16 && n - from <= 16 && three_byte_run(u, from, n) == n - from)
        return n;
#endif
    return invalid_from(u, from, n, cut_ok);
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
