/* Unit tests: src/formats: transcode.c (GBK and GB18030 to UTF-8 by table,
 * against iconv itself) and formats/picture.c (date, period and money
 * pictures). The transcoder must give, for any bytes, exactly what iconv
 * gives, with each byte that begins an invalid sequence as 0xFF. */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "formats/format.h"
#include "formats/transcode.h"

/* The reference: plain iconv, marking as the transcoder documents. */
static size_t reference(const char *enc, const char *in, size_t n, char *out)
{
    iconv_t cd = iconv_open("UTF-8", enc);
    char *ip = (char *)in, *op = out;
    size_t il = n, ol = 2 * n + 16;
    while (il > 0) {
        if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1)
            break;
        *op++ = WR_BAD_BYTE;
        ol--;
        ip++;
        il--;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    iconv_close(cd);
    return (size_t)(op - out);
}

static uint64_t rng = 88172645463325252ull;
static unsigned next_byte(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng >> 24);
}

/* Random text: ASCII, two-byte and four-byte shapes, stray high bytes. */
static size_t random_text(char *buf, size_t cap)
{
    size_t n = 0;
    while (n + 4 <= cap) {
        unsigned r = next_byte() % 10;
        if (r < 4) {
            buf[n++] = (char)(0x20 + next_byte() % 0x5F);
        } else if (r < 8) {
            buf[n++] = (char)(0x81 + next_byte() % 126);
            buf[n++] = (char)(0x40 + next_byte() % 191);
        } else if (r < 9) {
            buf[n++] = (char)(0x81 + next_byte() % 126);
            buf[n++] = (char)(0x30 + next_byte() % 10);
            buf[n++] = (char)(0x81 + next_byte() % 126);
            buf[n++] = (char)(0x30 + next_byte() % 10);
        } else {
            buf[n++] = (char)next_byte(); /* anything, cut sequences too */
        }
    }
    return n;
}

static void same_as_iconv(const char *enc)
{
    wr_transcoder *t = wr_transcoder_open(enc);
    CHECK(t != NULL);
    if (!t)
        return;
    static char in[4096], want[2 * 4096 + 16], got[2 * 4096 + 16];
    int differ = 0;
    for (int round = 0; round < 300; round++) {
        size_t n = random_text(in, 1 + next_byte() % sizeof in);
        size_t wn = reference(enc, in, n, want);
        size_t gn = wr_transcode(t, in, n, got);
        differ += wn != gn || memcmp(want, got, wn) != 0;
    }
    CHECK(differ == 0);
    /* every two-byte code, one after another */
    size_t n = 0;
    static char all[2 * 126 * 191], all_want[4 * 126 * 191 + 16], all_got[4 * 126 * 191 + 16];
    for (int lead = 0x81; lead <= 0xFE; lead++)
        for (int trail = 0x40; trail <= 0xFE; trail++) {
            all[n++] = (char)lead;
            all[n++] = (char)trail;
        }
    size_t wn = reference(enc, all, n, all_want);
    CHECK(wr_transcode(t, all, n, all_got) == wn && memcmp(all_want, all_got, wn) == 0);
    wr_transcoder_close(t);
}

static bool pic(wr_fmt_style style, const char *picture, const char *value, const char *want)
{
    wr_picture p;
    char out[64];
    if (!wr_picture_compile(style, picture, &p))
        return false;
    size_t n = wr_picture_apply(&p, value, strlen(value), out, sizeof out);
    return n == strlen(want) && memcmp(out, want, n) == 0;
}

/* The fen a money picture reads while writing (the trailer's sum): what
 * wr_parse_fen gives for the text, worked out by hand here. */
static bool money_fen(const char *value, bool want_ok, int64_t want_fen)
{
    wr_picture p;
    char out[64];
    int64_t fen = -1;
    bool ok = true;
    if (!wr_picture_compile(STYLE_MONEY, "1,234.50", &p))
        return false;
    wr_picture_apply_money(&p, value, strlen(value), out, sizeof out, &fen, &ok);
    return ok == want_ok && (!ok || fen == want_fen);
}

static bool bad_picture(wr_fmt_style style, const char *picture)
{
    wr_picture p;
    return !wr_picture_compile(style, picture, &p);
}

int main(void)
{
    same_as_iconv("GB18030");
    same_as_iconv("GBK");
    wr_transcoder *u = wr_transcoder_open("UTF-8");
    char out[64];
    CHECK(u && wr_transcode(u, "a\xC3(b", 4, out) == 4 && memcmp(out, "a\xFF(b", 4) == 0);
    wr_transcoder_close(u);

    CHECK(pic(STYLE_DATE, "YYYYMMDD", "20261003", "2026-10-03"));
    CHECK(pic(STYLE_DATE, "YYYYMMDD", "20261332", "2026-13-32")); /* range: the canonical rule's */
    CHECK(pic(STYLE_DATE, "YYYYMMDD", "2026103", "")); /* too short: passed on as written */
    CHECK(pic(STYLE_DATE, "YYYY年M月D日", "2026年3月4日", "2026-03-04"));
    CHECK(pic(STYLE_DATE, "YYYY年M月D日", "2026年12月31日", "2026-12-31"));
    CHECK(pic(STYLE_DATE, "YYYY/MM/DD[ hh:mm[:ss]]", "2026/10/03", "2026-10-03"));
    CHECK(pic(STYLE_DATE, "YYYY/MM/DD[ hh:mm[:ss]]", "2026/10/03 07:58", "2026-10-03 07:58"));
    CHECK(pic(STYLE_DATE, "YYYY/MM/DD[ hh:mm[:ss]]", "2026/10/03 07:58:09", "2026-10-03 07:58:09"));
    CHECK(pic(STYLE_DATE, "YYYY/MM/DD[ hh:mm[:ss]]", "2026/10/03 07:5", ""));
    CHECK(pic(STYLE_DATE, "YYYY/MM/DD h:mm", "2026/10/03 7:58", "2026-10-03 07:58"));
    CHECK(pic(STYLE_DATE, "YYYY/MM/DD", "2026-10-03", ""));
    CHECK(pic(STYLE_PERIOD, "YYYY年MM月", "2026年10月", "2026-10"));
    CHECK(pic(STYLE_PERIOD, "YYYYMM", "202610", "2026-10"));
    CHECK(bad_picture(STYLE_DATE, "YYYY/MM"));
    CHECK(bad_picture(STYLE_DATE, "YYYY/MM/DD[ hh:mm"));
    CHECK(bad_picture(STYLE_DATE, "YYYY/MM/DD hh"));
    CHECK(bad_picture(STYLE_PERIOD, "YYYY-MM-DD"));
    CHECK(bad_picture(STYLE_MONEY, "元"));
    CHECK(bad_picture(STYLE_MONEY, "1,234'50.00"));
    /* issue 16 item 8, D91: a decimal comma or other grouping is refused,
     * not read as 1,234.50 */
    CHECK(bad_picture(STYLE_MONEY, "1.234,50"));
    CHECK(bad_picture(STYLE_MONEY, "1 234,50"));
    CHECK(bad_picture(STYLE_MONEY, "1234,50"));
    CHECK(bad_picture(STYLE_MONEY, "12,34.50"));
    CHECK(!bad_picture(STYLE_MONEY, "1,234"));

    CHECK(pic(STYLE_MONEY, "1,234.50", "1,234,567.89", "1234567.89"));
    CHECK(pic(STYLE_MONEY, "1,234.50", "1234567.89", "1234567.89"));
    CHECK(pic(STYLE_MONEY, "1,234.50", "0.5", "0.5"));
    CHECK(pic(STYLE_MONEY, "1,234.50", "1,23.00", ""));
    CHECK(pic(STYLE_MONEY, "1,234.50", "1234,567.00", ""));
    CHECK(pic(STYLE_MONEY, "1,234.50", "-5.00", ""));
    CHECK(pic(STYLE_MONEY, "1,234.50", "5.", ""));
    CHECK(pic(STYLE_MONEY, "1234.50元", "8799.00元", "8799.00"));
    CHECK(pic(STYLE_MONEY, "1234.50元", "8799", "8799"));
    CHECK(pic(STYLE_MONEY, "¥1,234.50", "¥ 1,000", "1000"));
    CHECK(money_fen("1,234,567.89", true, 123456789));
    CHECK(money_fen("0.5", true, 50));
    CHECK(money_fen("8799", true, 879900));
    CHECK(money_fen("1.234", false, 0));                      /* three decimals */
    CHECK(money_fen("1,23.00", false, 0));                    /* no text written */
    CHECK(money_fen("92233720368547758.07", true, INT64_MAX)); /* the largest fen */
    CHECK(money_fen("92233720368547758.08", false, 0));
    CHECK(money_fen("99999999999999999999", false, 0));

    /* implied decimals (DECISIONS D113): fen, and implied:N */
    CHECK(pic(STYLE_MONEY, "fen", "645000", "6450.00"));
    CHECK(pic(STYLE_MONEY, "fen", "5", "0.05"));
    CHECK(pic(STYLE_MONEY, "fen", "50", "0.50"));
    CHECK(pic(STYLE_MONEY, "fen", "0", "0.00"));
    CHECK(pic(STYLE_MONEY, "fen", "000000645000", "6450.00")); /* zero-padded field */
    CHECK(pic(STYLE_MONEY, "fen", "-645000", ""));  /* no sign: passed on, BAD_MONEY */
    CHECK(pic(STYLE_MONEY, "fen", "6450.00", ""));  /* yuan already: passed on, read as yuan (D113) */
    CHECK(pic(STYLE_MONEY, "fen", "6,450", ""));
    CHECK(pic(STYLE_MONEY, "implied:0", "6450", "6450"));
    CHECK(pic(STYLE_MONEY, "implied:1", "64505", "6450.5"));
    CHECK(pic(STYLE_MONEY, "implied:3", "6450500", "6450.50")); /* 厘: trailing 0 dropped */
    CHECK(pic(STYLE_MONEY, "implied:3", "6450000", "6450.00"));
    CHECK(pic(STYLE_MONEY, "implied:3", "6450505", "6450.505")); /* not fen: BAD_MONEY */
    CHECK(pic(STYLE_MONEY, "implied:4", "7", "0.0007"));
    CHECK(bad_picture(STYLE_MONEY, "implied:7"));
    CHECK(bad_picture(STYLE_MONEY, "implied:"));
    CHECK(bad_picture(STYLE_MONEY, "implied:22"));
    {
        wr_picture p;
        char buf[64];
        int64_t fen = -1;
        bool ok = false;
        CHECK(wr_picture_compile(STYLE_MONEY, "fen", &p));
        CHECK(wr_picture_apply_money(&p, "1935550", 7, buf, sizeof buf, &fen, &ok) == 8 && ok &&
              fen == 1935550);
        CHECK(wr_picture_apply_money(&p, "922337203685477580700", 21, buf, sizeof buf, &fen, &ok) > 0 &&
              !ok); /* past int64 fen */
        CHECK(wr_picture_compile(STYLE_MONEY, "implied:3", &p));
        CHECK(wr_picture_apply_money(&p, "1234567", 7, buf, sizeof buf, &fen, &ok) == 8 && !ok);
    }
    return CHECK_DONE();
}
