/*
 * Worker identity: ID and name normalisation (RULES section 3), GB 11643
 * ID validity (RULES 5.2 INVALID_ID, DECISIONS D15) and masking of IDs and
 * cards for anything a person reads.
 */
#ifndef WR_IDENT_H
#define WR_IDENT_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Writes the normalised ID of s[0..n) into out (room for n bytes) and
 * returns its length. Strips ASCII and U+3000 spaces, maps full-width
 * digits, Ｘ and ｘ to ASCII, and x to X. */
size_t wr_normalise_id(const char *s, size_t n, char *out);
/* wr_id_is_normal for any length, out of line. */
bool wr_id_is_normal_any_length(const char *s, size_t n);

/* True when wr_normalise_id would give s back unchanged (plain ASCII with
 * no space and no lower-case x): the common case, read without a copy.
 * 16 to 32 bytes (an 18-byte ID) inline, no call: the first sixteen and
 * the last sixteen looked at together (issue 17, D352). */
static inline bool wr_id_is_normal(const char *s, size_t n)
{
#ifdef __SSE2__
    if (n - 16 <= 16) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)s);
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + n - 16));
        __m128i space = _mm_set1_epi8(' '), x = _mm_set1_epi8('x');
        __m128i eq = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(a, space), _mm_cmpeq_epi8(b, space)),
                                  _mm_or_si128(_mm_cmpeq_epi8(a, x), _mm_cmpeq_epi8(b, x)));
        /* a byte's top bit: non-ASCII in a or b, or equal to ' ' or 'x' */
        return _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b), eq)) == 0;
    }
#endif
    return wr_id_is_normal_any_length(s, n);
}

/* Writes the comparison form of a name into out (room for n bytes):
 * spaces dropped, full-width ASCII to ASCII, letters upper-cased, the
 * middle-dot family to '.'. */
size_t wr_normalise_name(const char *s, size_t n, char *out);
/* True when wr_normalise_name would give s back unchanged: no byte that
 * starts what it changes (an ASCII space or lower-case letter, the lead
 * bytes 0xC2, 0xE2, 0xE3 and 0xEF of U+00B7, U+2022/U+2027, U+3000/U+30FB
 * and the full-width forms). A false may still be normal (another
 * character of those lead bytes); a true is exact. Most names (Han
 * characters: lead bytes 0xE4-0xE9) are, and are then read without a
 * copy (D448). */
bool wr_name_is_normal(const char *s, size_t n);

/* True for an 18-character GB 11643 ID with a correct check character and
 * a birth date between 1900-01-01 and `latest`. */
bool wr_id_is_valid(const char *id, size_t n, wr_day latest);

/* The same, saying which test fails (for explain); *want_check (if not
 * NULL) gets the check character the first 17 digits call for. */
typedef enum {
    ID_VALID,
    ID_BAD_LENGTH,          /* not 18 characters */
    ID_NOT_DIGITS,          /* a non-digit among the first 17 */
    ID_BAD_CHECK,           /* 18th character is not the ISO 7064 MOD 11-2 one */
    ID_BAD_BIRTH_DATE,      /* characters 7-14 are no calendar day */
    ID_BIRTH_OUT_OF_RANGE,  /* before 1900-01-01 or after `latest` */
} wr_id_verdict;
wr_id_verdict wr_id_check(const char *id, size_t n, wr_day latest, char *want_check);

/* First 6 + "********" + last 4 (all stars when shorter than 10), NUL
 * terminated; buf >= 24 bytes. */
void wr_mask_id(const char *id, size_t n, char *buf);

/* Copies s into out (room for outsz >= 8 bytes, cut short if need be)
 * with each run of 10 or more digits and X/x, which may be an ID or card
 * number in the wrong column, shown as "****" and its last 4 characters:
 * for free text from the inputs shown to a person (DECISIONS D210). */
void wr_mask_digit_runs(const char *s, char *out, size_t outsz);

/* The same, whole: a copy of s masked (never longer than s, so never cut),
 * to free; NULL when out of memory. */
char *wr_mask_digit_runs_dup(const char *s);

#endif
