/* types/utf8: where UTF-8 stops being valid, and what GBK looks like
 * (DECISIONS D80). Bytes from the Unicode and GB 18030 tables by hand. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "types/utf8.h"

#define AT(s, cut) wr_utf8_invalid_at(s, sizeof(s) - 1, cut)

/* The answer byte by byte, from the definition (RULES section 1,
 * DECISIONS D80): the reference for the fast function's steps. */
static size_t reference_invalid_at(const unsigned char *u, size_t n, bool cut_ok)
{
    for (size_t i = 0; i < n;) {
        unsigned c = u[i];
        size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                     : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (len == 0)
            return i;
        uint32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
        for (size_t k = 1; k < len; k++) {
            if (i + k >= n)
                return cut_ok ? n : i;
            if ((u[i + k] & 0xC0) != 0x80)
                return i;
            cp = cp << 6 | (u[i + k] & 0x3F);
            /* overlong, surrogate or past U+10FFFF: known from the first
             * two bytes, as a decoder that stops early knows it */
            if (k == 1 && ((len == 3 && c == 0xE0 && u[i + 1] < 0xA0) ||
                           (len == 3 && c == 0xED && u[i + 1] > 0x9F) ||
                           (len == 4 && c == 0xF0 && u[i + 1] < 0x90) ||
                           (len == 4 && c == 0xF4 && u[i + 1] > 0x8F)))
                return i;
        }
        (void)cp;
        i += len;
    }
    return n;
}

/* Every length 0..80 and every start, over bytes mostly ASCII with CJK,
 * other sequences and bad bytes put at random: each ASCII step (sixteen,
 * eight, one byte, the last sixteen again) must stop where the
 * reference does; so must wr_utf8_invalid_from from the first byte >= 0x80
 * (its one look at a short name, D347). */
static int differential(void)
{
    static const char *const pieces[] = {"a", "PJ00084,", "371526199401237495", "\xE9\x99\xB6",
                                         "\xE4\xBC\x9F", "\xC3\xA9", "\xF0\x9F\x98\x80",
                                         "\xFF", "\xE5\xBC", "\xED\xA0\x80", "\x80", ",2026-08-01 06:51:09",
                                         "\xE6\x9D\xB0\xE5\xBC\xA0\xE4\xB8\x89", "\xE0\xA0\x80",
                                         "\xE0\x80\x80", "\xED\x9F\xBF", "\xEE\x80\x80",
                                         "\xEF\xBF\xBF", "\xE1\x80\x80", "\xEC\xBF\xBF",
                                         "\xC0\x80", "\xC1\xBF", "\xF4\x90\x80\x80",
                                         "\xF4\x8F\xBF\xBF", "\xE9\x99"};
    uint32_t seed = 12345;
    int bad = 0;
    for (int round = 0; round < 1000; round++) {
        unsigned char buf[96];
        size_t n = 0;
        while (n < 80) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
            size_t len = strlen(p);
            if (n + len > 80)
                break;
            memcpy(buf + n, p, len);
            n += len;
        }
        for (size_t start = 0; start < n; start++)
            for (size_t len = 0; start + len <= n; len++) {
                /* the first byte >= 0x80, where wr_utf8_invalid_from may
                 * start (D346) */
                size_t high = 0;
                while (high < len && buf[start + high] < 0x80)
                    high++;
                for (int cut = 0; cut < 2; cut++) {
                    size_t want = reference_invalid_at(buf + start, len, cut);
                    if (wr_utf8_invalid_at((const char *)buf + start, len, cut) != want)
                        bad++;
                    if (high < len &&
                        wr_utf8_invalid_from((const char *)buf + start, high, len, cut) != want)
                        bad++;
                }
            }
    }
    return bad;
}

/* Every three bytes b0 b1 b2 (b0 >= 0x80) and every four F0-F7 b1 b2 b3
 * (b3 one of 41, 80, BF, C0) after two CJK characters, in a text of
 * sixteen bytes or more: once with ASCII after them (the sixteen-byte
 * look from the sequence), once at the text's very end (the look at the
 * last sixteen, shifted; the sequence cut), each both ways of cut_ok. */
static int exhaustive(void)
{
    int bad = 0;
    for (unsigned b0 = 0x80; b0 < 0x100; b0++)
        for (unsigned b1 = 0; b1 < 0x100; b1++)
            for (unsigned b2 = 0; b2 < 0x100; b2++) {
                unsigned char buf[32] = "\xE9\x99\xB6\xE4\xBC\x9F";
                unsigned b3s[4] = {0x41, 0x80, 0xBF, 0xC0};
                for (int k = 0; k < (b0 >= 0xF0 && b0 <= 0xF7 ? 4 : 1); k++) {
                    buf[6] = (unsigned char)b0, buf[7] = (unsigned char)b1, buf[8] = (unsigned char)b2;
                    size_t len = 9;
                    if (b0 >= 0xF0 && b0 <= 0xF7)
                        buf[len++] = (unsigned char)b3s[k];
                    memcpy(buf + len, ",2026-09-08,11", 14);
                    for (int cut = 0; cut < 2; cut++) {
                        if (wr_utf8_invalid_at((const char *)buf, len + 14, cut) !=
                            reference_invalid_at(buf, len + 14, cut))
                            bad++;
                        /* the same bytes last, after ten ASCII bytes */
                        unsigned char end[32];
                        memcpy(end, "PJ00009,37", 10);
                        memcpy(end + 10, buf, len);
                        for (size_t m = 17; m <= 10 + len; m++)
                            if (wr_utf8_invalid_at((const char *)end, m, cut) !=
                                reference_invalid_at(end, m, cut))
                                bad++;
                    }
                }
            }
    return bad;
}

/* wr_utf8_short_ascii (D348) against the bytes one by one: every length
 * 0..40, all ASCII and with one byte >= 0x80 at each offset, from every
 * start of a buffer (its loads are at the text's two ends): true exactly
 * when the text is ASCII and at most 32 bytes. */
static int short_ascii(void)
{
    int bad = 0;
    unsigned char buf[64];
    for (size_t start = 0; start < 8; start++)
        for (size_t n = 0; n <= 40; n++)
            for (size_t high = 0; high <= n; high++) { /* high == n: none */
                memset(buf, 'a', sizeof buf);
                memset(buf, 0xE5, start);               /* before the text */
                memset(buf + start + n, 0xBC, sizeof buf - start - n); /* after it */
                if (high < n)
                    buf[start + high] = (unsigned char)(high % 2 ? 0x80 : 0xFF);
                bool want = high == n && n <= 32;
                if (wr_utf8_short_ascii((const char *)buf + start, n) != want)
                    bad++;
            }
    return bad;
}

int main(void)
{
    CHECK(short_ascii() == 0);
    CHECK(differential() == 0);
    CHECK(exhaustive() == 0);
    /* three-byte sequences back to back: five in one look, the sixth in
     * the next; the first bad one at every place */
    CHECK(AT("\xE9\x99\xB6\xE4\xBC\x9F\xE6\x9D\xB0\xE5\xBC\xA0\xE4\xB8\x89\xE6\x9D\xB0x", false) == 19);
    CHECK(AT("\xE9\x99\xB6\xE4\xBC\x9F\xE6\x9D\xB0\xE5\xBC\xA0\xE4\xB8\x89\xE6\x9D\xB0", false) == 18);
    CHECK(AT("\xE9\x99\xB6\xE4\xBC\x9F\xE6\x9D\xB0\xE5\xBC\xA0\xE4\xB8\x89\xE6\x9D", false) == 15);
    CHECK(AT("\xE9\x99\xB6\xE4\xBC\x9F\xE6\x9D\xB0\xE5\xBC\xA0\xE4\xB8\x89\xE6\x9D", true) == 17);
    CHECK(AT("\xE9\x99\xB6\xE4\xBC\x9F\xED\xA0\x80\xE5\xBC\xA0\xE4\xB8\x89" "ascii", false) == 6);
    CHECK(AT("\xE9\x99\xB6\xE4\xBC\x9F\xE0\x80\xAF\xE5\xBC\xA0\xE4\xB8\x89" "ascii", false) == 6);
    CHECK(AT("\xE9\x99\xB6\xE4\xBC\x9F\xE0\xA0\x80\xED\x9F\xBF\xE4\xB8\x89" "ascii", false) == 20);
    CHECK(AT("\xE9\x99\xB6\xE4\xBC\x9F\xC3\xA9\xE5\xBC\xA0\xE4\xB8\x89" "ascii!", false) == 20);
    CHECK(AT("\xE9\x99\xB6\xE4\xBC\x9F\xBC\xE5\xBC\xA0\xE4\xB8\x89" "ascii!!", false) == 6);
    CHECK(AT("PJ00009,371526199401237495,\xE9\x99\xB6\xE4\xBC\x9F\xE6\x9D\xB0,2026-09-08,11", false) == 50);
    CHECK(AT("PJ00009,371526199401237495,\xE9\x99\xB6\xE4\xBC\x9F\xE6\x9D", false) == 33);
    CHECK(AT("plain ascii, eight+ bytes long", false) == 30);
    /* from a row's first high byte to its last (D346, D347): a name whole
     * in one look, one that fills it (sixteen bytes: the loop), cut, bad */
    static const char row[] = "PJ00009,371526199401237495,\xE9\x99\xB6\xE4\xBC\x9F\xE6\x9D\xB0";
    CHECK(wr_utf8_invalid_from(row, 27, 36, false) == 36);
    CHECK(wr_utf8_invalid_from(row, 27, 35, false) == 33);
    CHECK(wr_utf8_invalid_from(row, 27, 35, true) == 35);
    CHECK(wr_utf8_invalid_from("0123456789\xE9\x99\xB6\xE4\xBC\x9F\xFF", 10, 17, false) == 16);
    CHECK(wr_utf8_invalid_from("0123456789\xE9\x99\xB6\xE4\xBC\x9F\xE6\x9D\xB0\xE5\xBC\xA0"
                               "\xE4\xB8\x89\xC3\xA9", 10, 27, false) == 27);
    CHECK(wr_utf8_invalid_from("\xE5\xBC\xA0", 0, 3, false) == 3);   /* short: no look */
    CHECK(AT("\xE5\xBC\xA0\xE4\xB8\x89", false) == 6);        /* 张三 */
    CHECK(AT("ab\xF0\x9F\x98\x80", false) == 6);                /* U+1F600 */
    CHECK(AT("ab\xD5\xC5\xC8\xFD", false) == 2);                /* 张三 in GBK */
    CHECK(AT("abcdefgh\xFF", false) == 8);                      /* past the word loop */
    CHECK(AT("\xC0\xAF", false) == 0);                          /* overlong '/' */
    CHECK(AT("\xE0\x80\xAF", false) == 0);                      /* overlong, 3 bytes */
    CHECK(AT("\xED\xA0\x80", false) == 0);                      /* surrogate D800 */
    CHECK(AT("\xF4\x90\x80\x80", false) == 0);                  /* past U+10FFFF */
    CHECK(AT("\xE5\xBC\xA0\xE4\x41\x89", false) == 3);        /* 2nd byte not a trail */
    CHECK(AT("\xE5\xBC\xA0\xE4\xB8\x41", false) == 3);        /* 3rd byte not a trail */
    CHECK(AT("\xEF\xBF\xBD\xEE\x80\x80", false) == 6);        /* U+FFFD, U+E000 */
    CHECK(AT("x\xE5\xBC", false) == 1);                         /* cut short */
    CHECK(AT("x\xE5\xBC", true) == 3);                          /* ... at a chunk's end */
    CHECK(AT("x\xE5\x41", true) == 1);                          /* a bad byte is no cut */
    CHECK(wr_looks_gbk("\xD5\xC5\xC8\xFD,abc", 8));             /* 张三 */
    CHECK(wr_looks_gbk("\x81\x30\x81\x30", 4));                 /* GB18030 four bytes */
    CHECK(wr_looks_gbk("a\xD5", 2));                            /* cut at the end */
    CHECK(!wr_looks_gbk("ascii only", 10));
    CHECK(!wr_looks_gbk("\xFF\xFE", 2));
    CHECK(!wr_looks_gbk("\xD5\x7F", 2));                        /* 7F is no trail byte */
    return CHECK_DONE();
}
