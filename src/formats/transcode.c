/*
 * Source encoding to UTF-8. iconv is the reference for every mapping;
 * for GBK and GB18030 the two-byte characters (almost all Chinese text in
 * these files) are looked up in a table filled from iconv when the
 * transcoder opens, and ASCII is copied as is, so the bytes of a large
 * file do not each go through iconv's two conversion steps (source to
 * UCS-4 to UTF-8). Everything else (GB18030 four-byte sequences, single
 * high bytes, invalid or cut-short sequences) goes to iconv one sequence
 * at a time and gets exactly iconv's answer. UTF-8 input is converted by
 * iconv, which also validates it.
 *
 * Both encodings are stateless and a two-byte character is a lead byte
 * 0x81-0xFE and a trail byte 0x40-0xFE (not 0x7F), so a table lookup gives
 * what iconv would give for those two bytes anywhere in the text. The
 * table is filled with one iconv call per lead byte (its 190 pairs in a
 * row), not one per pair (that cost ~19 M instructions), and only for
 * the lead bytes the text has (all of them cost ~4 M at open).
 */
#include "transcode.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* A two-byte character's UTF-8 (2 or 3 bytes) in the low three bytes of
 * an entry, its length in the top byte; 0: not a two-byte character
 * (ask iconv). Indexed by lead << 8 | trail, so a lookup needs no range
 * check: entries outside leads 0x81-0xFE and trails 0x40-0xFE stay 0. */
#define PAIRS 65536

struct wr_transcoder {
    iconv_t cd;
    uint32_t *pairs; /* NULL for UTF-8 */
    /* Rows are filled the first time their lead byte is met (fill_lead):
     * a file uses a fraction of the 126 leads, and a small file should
     * not pay for all of them (~4 M instructions). */
    bool filled[256];
};

/* iconv on in[0..n) into out; invalid or cut-short sequences become
 * WR_BAD_BYTE. Returns the bytes written. */
static size_t with_iconv(iconv_t cd, const char *in, size_t n, char *out, size_t cap)
{
    char *ip = (char *)in, *op = out;
    size_t il = n, ol = cap;
    iconv(cd, NULL, NULL, NULL, NULL);
    while (il > 0 && ol > 0) {
        if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1)
            break;
        if (errno == E2BIG)
            break;
        *op++ = WR_BAD_BYTE;
        ol--;
        ip++;
        il--;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    return (size_t)(op - out);
}

/* The entry for one character of UTF-8 out[0..len): 0 unless it is 2 or
 * 3 bytes and none of them is ours. */
static uint32_t pair_entry(const unsigned char *out, size_t len)
{
    if (len < 2 || len > 3 || memchr(out, WR_BAD_BYTE, len))
        return 0;
    uint32_t e = (uint32_t)len << 24;
    for (size_t k = 0; k < len; k++)
        e |= (uint32_t)out[k] << (8 * k);
    return e;
}

/* Bytes in the UTF-8 character that starts with b (1 for a stray byte). */
static size_t utf8_len(unsigned char b)
{
    return b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
}

/* One lead byte's row, each pair through iconv on its own. */
static void fill_lead_one_by_one(wr_transcoder *t, int lead)
{
    for (int trail = 0x40; trail <= 0xFE; trail++) {
        char in[2] = {(char)lead, (char)trail}, out[8];
        char *ip = in, *op = out;
        size_t il = 2, ol = sizeof out;
        iconv(t->cd, NULL, NULL, NULL, NULL);
        size_t r = iconv(t->cd, &ip, &il, &op, &ol);
        if (r != (size_t)-1 && il == 0 && utf8_len((unsigned char)out[0]) == (size_t)(op - out))
            t->pairs[lead << 8 | trail] = pair_entry((unsigned char *)out, (size_t)(op - out));
    }
}

/* One lead byte's row of the table, with one iconv call for its 190
 * pairs (trail 0x7F is never a trail byte); a row where iconv does not
 * give exactly one character per pair is filled one pair at a time. */
static void fill_lead(wr_transcoder *t, int lead)
{
    char in[2 * 190], out[8 * 190];
    int trails[190], n = 0;
    t->filled[lead] = true;
    for (int trail = 0x40; trail <= 0xFE; trail++) {
        if (trail == 0x7F)
            continue;
        in[2 * n] = (char)lead;
        in[2 * n + 1] = (char)trail;
        trails[n++] = trail;
    }
    char *ip = in, *op = out;
    size_t il = sizeof in, ol = sizeof out;
    iconv(t->cd, NULL, NULL, NULL, NULL);
    bool whole = iconv(t->cd, &ip, &il, &op, &ol) != (size_t)-1 && il == 0;
    uint32_t row[190];
    const unsigned char *u = (const unsigned char *)out, *end = (const unsigned char *)op;
    int k = 0;
    for (; whole && k < n && u < end; k++) {
        size_t len = utf8_len(*u);
        if (len > (size_t)(end - u))
            break;
        row[k] = pair_entry(u, len);
        u += len;
    }
    if (!whole || k != n || u != end) {
        fill_lead_one_by_one(t, lead);
        return;
    }
    for (k = 0; k < n; k++)
        t->pairs[lead << 8 | trails[k]] = row[k];
}

wr_transcoder *wr_transcoder_open(const char *encoding)
{
    wr_transcoder *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->cd = iconv_open("UTF-8", encoding);
    if (t->cd == (iconv_t)-1) {
        free(t);
        return NULL;
    }
    if (strcmp(encoding, "UTF-8") != 0 && !(t->pairs = calloc(PAIRS, sizeof *t->pairs))) {
        wr_transcoder_close(t);
        return NULL;
    }
    return t;
}

void wr_transcoder_close(wr_transcoder *t)
{
    if (!t)
        return;
    iconv_close(t->cd);
    free(t->pairs);
    free(t);
}

size_t wr_transcode(wr_transcoder *t, const char *in, size_t n, char *out)
{
    if (!t->pairs)
        return with_iconv(t->cd, in, n, out, 2 * n + 16);
    const uint8_t *s = (const uint8_t *)in;
    const uint32_t *pairs = t->pairs; /* local: the stores below may alias t */
    char *o = out;
    size_t i = 0;
    while (i < n) {
        /* ASCII eight bytes at a time while none has its high bit set
         * (the output has room: it never passes 1.5 n + 8 here) */
#if defined(__SSE2__)
        /* sixteen at a time (o stays below 1.5 i, so o + 16 fits) */
        while (i + 16 <= n) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            _mm_storeu_si128((__m128i *)(void *)o, v);
            unsigned high = (unsigned)_mm_movemask_epi8(v);
            if (high) {
                size_t k = (size_t)__builtin_ctz(high);
                o += k;
                i += k;
                break;
            }
            o += 16;
            i += 16;
        }
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        uint64_t word;
        while (i + 8 <= n) {
            memcpy(&word, s + i, 8);
            memcpy(o, &word, 8);
            uint64_t high = word & 0x8080808080808080ull;
            if (high) { /* the ASCII bytes before the first high one */
                size_t k = (size_t)__builtin_ctzll(high) / 8; /* little-endian */
                o += k;
                i += k;
                break;
            }
            o += 8;
            i += 8;
        }
#endif
        while (i < n && s[i] < 0x80)
            *o++ = (char)s[i++];
        /* two-byte characters: an entry is 0 when s[i] is not a lead
         * (ASCII included), s[i + 1] not a trail, the row not filled yet or
         * iconv has no two-byte answer */
        uint32_t e;
        while (i + 1 < n && (e = pairs[s[i] << 8 | s[i + 1]]) != 0) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            memcpy(o, &e, 4); /* the length byte lands past the text; room: 2 n + 16 */
#else
            o[0] = (char)e;
            o[1] = (char)(e >> 8);
            o[2] = (char)(e >> 16); /* room: 2 n + 16 */
#endif
            o += e >> 24;
            i += 2;
        }
        if (i == n || s[i] < 0x80)
            continue; /* ASCII again */
        if (!t->filled[s[i]] && s[i] >= 0x81 && s[i] <= 0xFE) {
            fill_lead(t, s[i]); /* the first time this lead byte is met */
            continue;           /* and look again */
        }
        /* not a table pair: iconv's answer for the next sequence (at most
         * 4 bytes); at least one byte is consumed */
        size_t window = n - i < 4 ? n - i : 4;
        char tmp[16];
        char *ip = (char *)s + i, *op = tmp;
        size_t il = window, ol = 4;
        iconv(t->cd, NULL, NULL, NULL, NULL);
        iconv(t->cd, &ip, &il, &op, &ol);
        size_t used = window - il;
        if (used == 0) {
            *o++ = WR_BAD_BYTE;
            i++;
            continue;
        }
        memcpy(o, tmp, (size_t)(op - tmp));
        o += op - tmp;
        i += used;
    }
    return (size_t)(o - out);
}
