/*
 * Encoding checks for canonical CSV (RULES section 1: UTF-8), DECISIONS
 * D80: where the first byte that is not UTF-8 is, and whether bytes that
 * are not UTF-8 read as GBK / GB18030 (a bank export given without its
 * descriptor), so the message can say which descriptor is missing.
 */
#ifndef WR_UTF8_H
#define WR_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Offset of the first byte of s[0..n) that does not begin a valid UTF-8
 * sequence (overlong forms, surrogates and code points past U+10FFFF are
 * invalid), or n when all of it is valid. With `cut_ok`, a sequence cut
 * short by the end of s counts as valid (s is the first piece of a
 * stream). */
size_t wr_utf8_invalid_at(const char *s, size_t n, bool cut_ok);

/* wr_utf8_invalid_at(s, n, cut_ok) for a text known to be ASCII before
 * s[from], a byte >= 0x80 (from < n): the check starts there (the CSV
 * reader saw where a row's high bytes are, D346). All of s[0..n) must
 * be readable: a sixteen-byte look near the end may take bytes before
 * from (and drop them). */
size_t wr_utf8_invalid_from(const char *s, size_t from, size_t n, bool cut_ok);

/* True when s[0..n) is ASCII, told with no call by one or two loads that
 * may overlap, for a text of at most 32 bytes (a field checked alone:
 * dates, date-times, hours, IDs); false when not ASCII or longer: then
 * ask wr_utf8_invalid_at (D348). */
static inline bool wr_utf8_short_ascii(const char *s, size_t n)
{
#ifdef __SSE2__
    if (n - 16 <= 16) { /* 16..32 */
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)s);
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + n - 16));
        return !_mm_movemask_epi8(_mm_or_si128(a, b));
    }
#endif
    if (n - 8 <= 8) { /* 8..16 */
        uint64_t a, b;
        memcpy(&a, s, 8);
        memcpy(&b, s + n - 8, 8);
        return !((a | b) & 0x8080808080808080ull);
    }
    if (n - 4 <= 3) { /* 4..7 */
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        return !((a | b) & 0x80808080u);
    }
    if (n - 1 <= 2) /* 1..3: bytes 0, n / 2 and n - 1 are all of them */
        return !((s[0] | s[n / 2] | s[n - 1]) & 0x80);
    return n == 0;
}

/* True when s[0..n) holds a byte >= 0x80 and every such byte is part of
 * a GBK double-byte or GB18030 four-byte sequence (a sequence cut by the
 * end of s counts). */
bool wr_looks_gbk(const char *s, size_t n);

#endif
