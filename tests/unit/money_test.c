/* Unit tests: types/money.c (fen, 1/100 h, rounding). */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "types/money.h"

/* wr_format_fen as it was before D360 (a digit a division, written
 * backwards and turned around): the reference. */
static void ref_format_fen(int64_t fen, char *buf)
{
    char tmp[32];
    size_t n = 0;
    bool neg = fen < 0;
    int64_t v = neg ? fen : -fen;
    int64_t cents = -(v % 100);
    v /= 100;
    tmp[n++] = (char)('0' + cents % 10);
    tmp[n++] = (char)('0' + cents / 10);
    tmp[n++] = '.';
    do {
        tmp[n++] = (char)('0' - v % 10);
        v /= 10;
    } while (v != 0);
    if (neg)
        tmp[n++] = '-';
    for (size_t i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
}

/* How many amounts wr_format_fen writes unlike the reference: every
 * amount within 2,000,000 fen of 0, each power of ten and its
 * neighbours, both ends of int64, random amounts of every length. */
static long format_fen_unlike_before(void)
{
    long bad = 0, n = 0;
    char want[32], got[32];
    int64_t v = 0;
    uint64_t rng = 88172645463325252u;
    for (long i = 0; i < 4000000 + 19 * 6 + 2 + 1000000; i++, n++) {
        if (i < 4000001)
            v = i - 2000000;
        else if (i < 4000001 + 19 * 6) {
            long k = i - 4000001;
            int64_t p = 1;
            for (long e = 0; e <= k / 6; e++)
                p *= e ? 10 : 1;
            int64_t d[] = {p - 1, p, p + 1, -p + 1, -p, -p - 1};
            v = d[k % 6];
        } else if (i == 4000001 + 19 * 6)
            v = INT64_MIN;
        else if (i == 4000002 + 19 * 6)
            v = INT64_MAX;
        else {
            rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
            v = (int64_t)(rng >> (rng % 64));
            v = rng & 1 ? -v : v;
        }
        ref_format_fen(v, want);
        wr_format_fen(v, got);
        if (strcmp(want, got) != 0 && bad++ < 5)
            fprintf(stderr, "wr_format_fen(%lld) = %s, before D360 %s\n", (long long)v, got, want);
    }
    printf("%ld amounts against the reference\n", n);
    return bad;
}

/* D376: every text of up to six bytes over digits, '.', '-', ' ' and 'x'
 * read as hours as wr_parse_fen's hundredths in (0, 24.00] (the reading
 * before the short forms' path). Returns the texts read otherwise. */
static long centi_hours_unlike_before(void)
{
    static const char alphabet[] = "0123456789.- x";
    const size_t k = sizeof alphabet - 1;
    long bad = 0, n = 0;
    char s[8];
    for (size_t len = 0; len <= 6; len++) {
        size_t total = 1;
        for (size_t i = 0; i < len; i++)
            total *= k;
        for (size_t code = 0; code < total; code++, n++) {
            size_t c = code;
            for (size_t i = 0; i < len; i++, c /= k)
                s[i] = alphabet[c % k];
            s[len] = '\0';
            int64_t v = 0;
            bool want = wr_parse_fen(s, len, &v) && v > 0 && v <= 2400;
            int32_t h = -1;
            bool got = wr_parse_centi_hours(s, len, &h);
            if ((got != want || (got && h != v)) && bad++ < 5)
                fprintf(stderr, "wr_parse_centi_hours(\"%s\") = %d (%d), before D376 %d (%lld)\n", s,
                        got, h, want, (long long)v);
        }
    }
    printf("%ld hours texts against the reference\n", n);
    return bad;
}

static bool fen(const char *s, int64_t want)
{
    int64_t v;
    return wr_parse_fen(s, strlen(s), &v) && v == want;
}

static bool bad_fen(const char *s)
{
    int64_t v;
    return !wr_parse_fen(s, strlen(s), &v);
}

int main(void)
{
    CHECK(fen("0", 0));
    CHECK(fen("12", 1200));
    CHECK(fen("12.5", 1250));
    CHECK(fen("12.05", 1205));
    CHECK(fen("92233720368547758.07", INT64_MAX));
    CHECK(bad_fen("92233720368547758.08"));
    CHECK(bad_fen("99999999999999999999.99"));
    CHECK(bad_fen("-1.00"));
    CHECK(bad_fen("12."));
    CHECK(bad_fen(".5"));
    CHECK(bad_fen("1,000.00"));
    CHECK(bad_fen("1.005"));
    CHECK(bad_fen(""));
    CHECK(bad_fen("1e3"));
    int32_t h;
    CHECK(wr_parse_centi_hours("8", 1, &h) && h == 800);
    CHECK(wr_parse_centi_hours("24.00", 5, &h) && h == 2400);
    CHECK(!wr_parse_centi_hours("24.01", 5, &h));
    CHECK(!wr_parse_centi_hours("0", 1, &h));
    CHECK(wr_parse_centi_hours("0.01", 4, &h) && h == 1);
    char buf[32];
    wr_format_fen(123450, buf);
    CHECK(strcmp(buf, "1234.50") == 0);
    wr_format_fen(5, buf);
    CHECK(strcmp(buf, "0.05") == 0);
    wr_format_fen(-205, buf);
    CHECK(strcmp(buf, "-2.05") == 0);
    /* grouped for the report: hand-written */
    wr_format_fen_grouped(123450, buf);
    CHECK(strcmp(buf, "1,234.50") == 0);
    wr_format_fen_grouped(99999, buf);
    CHECK(strcmp(buf, "999.99") == 0);
    wr_format_fen_grouped(100000, buf);
    CHECK(strcmp(buf, "1,000.00") == 0);
    wr_format_fen_grouped(5, buf);
    CHECK(strcmp(buf, "0.05") == 0);
    wr_format_fen_grouped(-123456789, buf);
    CHECK(strcmp(buf, "-1,234,567.89") == 0);
    wr_format_fen_grouped(INT64_MIN, buf);
    CHECK(strcmp(buf, "-92,233,720,368,547,758.08") == 0);
    wr_group_thousands("2758.62", buf);
    CHECK(strcmp(buf, "2,758.62") == 0);
    wr_group_thousands("1234567", buf);
    CHECK(strcmp(buf, "1,234,567") == 0);
    wr_group_thousands("-758.6", buf);
    CHECK(strcmp(buf, "-758.6") == 0);
    bool of = false;
    /* 3 days x 6000.00 / 21.75 = 82758.6206.. fen -> 82759 */
    CHECK(wr_div_round_half_up((__int128)600000 * 3 * 100, 2175, &of) == 82759);
    CHECK(wr_div_round_half_up(3755850, 100, &of) == 37559); /* exactly .5 rounds up */
    CHECK(wr_div_round_half_up(3755849, 100, &of) == 37558);
    CHECK(!of);
    wr_div_round_half_up((__int128)INT64_MAX * 10, 1, &of);
    CHECK(of);
    of = false;
    wr_add_fen(INT64_MAX, 1, &of);
    CHECK(of);
    CHECK(format_fen_unlike_before() == 0);
    CHECK(centi_hours_unlike_before() == 0);
    return CHECK_DONE();
}
