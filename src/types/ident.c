#include "ident.h"

#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* UTF-8 of the code points normalisation cares about. */
#define IS_U3000(s, i, n) ((i) + 2 < (n) && (unsigned char)(s)[i] == 0xE3 && \
                           (unsigned char)(s)[(i) + 1] == 0x80 && \
                           (unsigned char)(s)[(i) + 2] == 0x80)

/* The bytes of the space at s[i] that normalisation drops (an ASCII
 * space or U+3000, the ideographic one), 0 when s[i] starts none. */
static size_t space_length(const char *s, size_t i, size_t n)
{
    return s[i] == ' ' ? 1 : IS_U3000(s, i, n) ? 3 : 0;
}

/* If s[i..] is a full-width ASCII form (U+FF01-U+FF5E), returns its ASCII
 * equivalent, else 0. */
static char fullwidth_ascii(const char *s, size_t i, size_t n)
{
    if (i + 2 >= n || (unsigned char)s[i] != 0xEF)
        return 0;
    unsigned char b1 = (unsigned char)s[i + 1], b2 = (unsigned char)s[i + 2];
    unsigned cp;
    if (b1 == 0xBC && b2 >= 0x81 && b2 <= 0xBF)
        cp = 0xFF00u + (b2 - 0x80u);
    else if (b1 == 0xBD && b2 >= 0x80 && b2 <= 0x9E)
        cp = 0xFF40u + (b2 - 0x80u);
    else
        return 0;
    return (char)(cp - 0xFF01u + 0x21u);
}

size_t wr_normalise_id(const char *s, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        char c = s[i];
        size_t sl = space_length(s, i, n);
        if (sl) {
            i += sl;
            continue;
        }
        char fw = fullwidth_ascii(s, i, n);
        if (fw && ((fw >= '0' && fw <= '9') || fw == 'X' || fw == 'x')) {
            out[o++] = fw == 'x' ? 'X' : fw;
            i += 3;
            continue;
        }
        out[o++] = c == 'x' ? 'X' : c;
        i++;
    }
    return o;
}

/* Non-zero when some byte of v equals b (exact as a yes/no answer). */
static inline uint64_t has_byte(uint64_t v, unsigned char b)
{
    const uint64_t ones = 0x0101010101010101ULL;
    uint64_t x = v ^ (ones * b);
    return (x - ones) & ~x & (ones << 7);
}

#ifdef __SSE2__
/* Bit k set when byte k of the 16 at s is non-ASCII, ' ' or 'x'. */
static inline unsigned not_normal16(const char *s)
{
    __m128i b = _mm_loadu_si128((const __m128i *)(const void *)s);
    __m128i bad = _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8(' ')),
                               _mm_cmpeq_epi8(b, _mm_set1_epi8('x')));
    return (unsigned)_mm_movemask_epi8(_mm_or_si128(b, bad));
}
#endif

bool wr_id_is_normal_any_length(const char *s, size_t n)
{
    size_t i = 0;
#ifdef __SSE2__
    /* sixteen bytes at a time, then the last sixteen again (16 to 32
     * bytes, an 18-byte ID among them, are looked at inline: ident.h) */
    if (n >= 16) {
        for (; i + 16 <= n; i += 16)
            if (not_normal16(s + i))
                return false;
        return i == n || !not_normal16(s + n - 16);
    }
#endif
    for (; i + 8 <= n; i += 8) { /* eight bytes at a time */
        uint64_t v;
        memcpy(&v, s + i, 8);
        if ((v & 0x8080808080808080ULL) || has_byte(v, ' ') || has_byte(v, 'x'))
            return false;
    }
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80 || c == ' ' || c == 'x')
            return false;
    }
    return true;
}

/* Length of a middle-dot-family character at s[i], or 0. */
static size_t dot_length(const char *s, size_t i, size_t n)
{
    const unsigned char *u = (const unsigned char *)s + i;
    size_t left = n - i;
    if (u[0] == '.')
        return 1;
    if (left >= 2 && u[0] == 0xC2 && u[1] == 0xB7) /* U+00B7 */
        return 2;
    if (left >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xA2 || u[2] == 0xA7))
        return 3; /* U+2022, U+2027 */
    if (left >= 3 && u[0] == 0xE3 && u[1] == 0x83 && u[2] == 0xBB)
        return 3; /* U+30FB */
    return 0;
}

/* Bytes that start something wr_normalise_name changes (wr_name_is_normal). */
#define NAME_CHANGES(c) \
    ((c) == ' ' || ((c) >= 'a' && (c) <= 'z') || (c) == 0xC2 || (c) == 0xE2 || (c) == 0xE3 || \
     (c) == 0xEF)
#define NC1(c) NAME_CHANGES(c)
#define NC4(c) NC1(c), NC1((c) + 1), NC1((c) + 2), NC1((c) + 3)
#define NC16(c) NC4(c), NC4((c) + 4), NC4((c) + 8), NC4((c) + 12)
#define NC64(c) NC16(c), NC16((c) + 16), NC16((c) + 32), NC16((c) + 48)
static const bool name_changes[256] = {NC64(0), NC64(64), NC64(128), NC64(192)};
#undef NC64
#undef NC16
#undef NC4
#undef NC1
#undef NAME_CHANGES

bool wr_name_is_normal(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    bool changes = false;
    for (size_t i = 0; i < n; i++) /* no early exit: most names are short and normal */
        changes |= name_changes[u[i]];
    return !changes;
}

size_t wr_normalise_name(const char *s, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        size_t sl = space_length(s, i, n);
        if (sl) {
            i += sl;
            continue;
        }
        size_t dl = dot_length(s, i, n);
        if (dl) {
            out[o++] = '.';
            i += dl;
            continue;
        }
        char c = fullwidth_ascii(s, i, n);
        if (c) {
            i += 3; /* U+FF0E becomes '.', the common dot, here too */
        } else {
            c = s[i++];
        }
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        out[o++] = c;
    }
    return o;
}

bool wr_id_is_valid(const char *id, size_t n, wr_day latest)
{
    return wr_id_check(id, n, latest, NULL) == ID_VALID;
}

wr_id_verdict wr_id_check(const char *id, size_t n, wr_day latest, char *want_check)
{
    static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char check[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
    if (n != 18)
        return ID_BAD_LENGTH;
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        if (id[i] < '0' || id[i] > '9')
            return ID_NOT_DIGITS;
        sum += (id[i] - '0') * weights[i];
    }
    if (want_check)
        *want_check = check[sum % 11];
    if (id[17] != check[sum % 11])
        return ID_BAD_CHECK;
    char birth[10] = {id[6], id[7], id[8], id[9], '-', id[10], id[11], '-', id[12], id[13]};
    wr_day born;
    if (!wr_parse_date(birth, sizeof birth, &born))
        return ID_BAD_BIRTH_DATE;
    if (born < wr_day_from_ymd(1900, 1, 1) || born > latest)
        return ID_BIRTH_OUT_OF_RANGE;
    return ID_VALID;
}

void wr_mask_id(const char *id, size_t n, char *buf)
{
    if (n < 10) {
        strcpy(buf, "********");
        return;
    }
    memcpy(buf, id, 6);
    memcpy(buf + 6, "********", 8);
    memcpy(buf + 14, id + n - 4, 4);
    buf[18] = '\0';
}

static bool id_char(char c)
{
    return (c >= '0' && c <= '9') || c == 'X' || c == 'x';
}

void wr_mask_digit_runs(const char *s, char *out, size_t outsz)
{
    size_t o = 0;
    while (*s) {
        size_t run = 0;
        while (id_char(s[run]))
            run++;
        const char *piece = s;
        size_t n = run ? run : 1;
        if (run >= 10) {
            if (o + 8 >= outsz)
                break;
            memcpy(out + o, "****", 4);
            o += 4;
            piece = s + run - 4;
            n = 4;
        }
        if (o + n >= outsz)
            break;
        memcpy(out + o, piece, n);
        o += n;
        s += run ? run : 1;
    }
    out[o] = '\0';
}

char *wr_mask_digit_runs_dup(const char *s)
{
    size_t size = strlen(s) + 1; /* a run of 10+ becomes 8 bytes: never longer */
    char *out = malloc(size);
    if (out)
        wr_mask_digit_runs(s, out, size);
    return out;
}
