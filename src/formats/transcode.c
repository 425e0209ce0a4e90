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
 * what iconv would give for those two bytes anywhere in the text.
 */
#include "transcode.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define LEADS 126  /* 0x81-0xFE */
#define TRAILS 191 /* 0x40-0xFE */

typedef struct {
    uint8_t len; /* UTF-8 bytes, 0: not a two-byte character (ask iconv) */
    char utf8[3];
} pair_entry;

struct wr_transcoder {
    iconv_t cd;
    pair_entry *pairs; /* NULL for UTF-8 */
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

static bool fill_pairs(wr_transcoder *t)
{
    t->pairs = calloc(LEADS * TRAILS, sizeof *t->pairs);
    if (!t->pairs)
        return false;
    for (int lead = 0; lead < LEADS; lead++) {
        for (int trail = 0; trail < TRAILS; trail++) {
            char in[2] = {(char)(0x81 + lead), (char)(0x40 + trail)}, out[8];
            char *ip = in, *op = out;
            size_t il = 2, ol = sizeof out;
            iconv(t->cd, NULL, NULL, NULL, NULL);
            size_t r = iconv(t->cd, &ip, &il, &op, &ol);
            size_t len = (size_t)(op - out);
            /* one character of at most 3 UTF-8 bytes, none of them ours */
            if (r != (size_t)-1 && il == 0 && len >= 2 && len <= 3 &&
                !memchr(out, WR_BAD_BYTE, len)) {
                pair_entry *e = &t->pairs[lead * TRAILS + trail];
                e->len = (uint8_t)len;
                memcpy(e->utf8, out, len);
            }
        }
    }
    return true;
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
    if (strcmp(encoding, "UTF-8") != 0 && !fill_pairs(t)) {
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
    char *o = out;
    size_t i = 0;
    while (i < n) {
        /* ASCII eight bytes at a time while none has its high bit set
         * (the output has room: it never passes 1.5 n + 8 here) */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
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
        while (i < n && s[i] >= 0x80) {
            bool lead = s[i] >= 0x81 && s[i] <= 0xFE; /* 0x80 and 0xFF lead nothing */
            if (lead && i + 1 < n && s[i + 1] >= 0x40 && s[i + 1] <= 0xFE) {
                const pair_entry *e = &t->pairs[(s[i] - 0x81) * TRAILS + (s[i + 1] - 0x40)];
                if (e->len) {
                    memcpy(o, e->utf8, 3);
                    o += e->len;
                    i += 2;
                    continue;
                }
            }
            /* not a table pair: iconv's answer for the next sequence
             * (at most 4 bytes); at least one byte is consumed */
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
    }
    return (size_t)(o - out);
}
