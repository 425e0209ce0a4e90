#include "money.h"

#include <string.h>

#include "strings.h"

/* Parses `digits[.d[d]]` into hundredths. False on any other shape or
 * on overflow of int64. */
static bool parse_hundredths(const char *s, size_t n, int64_t *out)
{
    size_t i = 0;
    int64_t v = 0;
    if (n == 0)
        return false;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
        if (v > (INT64_MAX - 9) / 10)
            return false;
        v = v * 10 + (s[i] - '0');
    }
    if (i == 0)
        return false;
    int frac_digits = 0;
    int64_t frac = 0;
    if (i < n) {
        if (s[i] != '.')
            return false;
        i++;
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
            if (++frac_digits > 2)
                return false;
            frac = frac * 10 + (s[i] - '0');
        }
        if (i < n || frac_digits == 0)
            return false;
    }
    if (frac_digits == 1)
        frac *= 10;
    if (v > (INT64_MAX - frac) / 100)
        return false;
    *out = v * 100 + frac;
    return true;
}

bool wr_parse_fen(const char *s, size_t n, int64_t *fen)
{
    return parse_hundredths(s, n, fen);
}

/* The digit s[i] as a number; above 9 when it is no digit. */
static inline unsigned digit_at(const char *s, size_t i)
{
    return (unsigned)(unsigned char)s[i] - '0';
}

/* Hours of a row's forms ("8", "11", "8.5", "10.25": at most two digits
 * each side of the point) without parse_hundredths' loops (D376); *v in
 * hundredths, false when s is not of those forms (parse_hundredths then
 * reads it, so every text gives what it gave). */
static inline bool short_hundredths(const char *s, size_t n, int64_t *v)
{
    size_t dot = n >= 3 && s[n - 2] == '.' ? n - 2 : n >= 4 && s[n - 3] == '.' ? n - 3 : n;
    if (dot == 0 || dot > 2 || n - dot == 1)
        return false;
    unsigned whole = digit_at(s, 0), frac = 0;
    if (whole > 9)
        return false;
    if (dot == 2) {
        unsigned d = digit_at(s, 1);
        if (d > 9)
            return false;
        whole = whole * 10 + d;
    }
    if (n > dot) { /* one or two digits after the point */
        unsigned a = digit_at(s, dot + 1), b = n - dot == 3 ? digit_at(s, dot + 2) : 0;
        if (a > 9 || b > 9)
            return false;
        frac = a * 10 + b;
    }
    *v = (int64_t)(whole * 100 + frac);
    return true;
}

bool wr_parse_centi_hours(const char *s, size_t n, int32_t *centi)
{
    int64_t v;
    if (!(n <= 5 && short_hundredths(s, n, &v)) && !parse_hundredths(s, n, &v))
        return false;
    if (v <= 0 || v > 2400)
        return false;
    *centi = (int32_t)v;
    return true;
}

/* The digits of an amount were written backwards into tmp (cents first);
 * adds the sign and turns them around into buf. */
static void emit_reversed(char *tmp, size_t n, bool neg, char *buf)
{
    if (neg)
        tmp[n++] = '-';
    for (size_t i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
}

void wr_format_fen(int64_t fen, char *buf)
{
    /* D360: two digits a division, from the end (was a digit a division,
     * written backwards and turned around). The magnitude unsigned, so
     * INT64_MIN formats too. */
    char tmp[32], *p = tmp + sizeof tmp;
    uint64_t v = fen < 0 ? 0u - (uint64_t)fen : (uint64_t)fen;
    unsigned cents = (unsigned)(v % 100);
    v /= 100;
    p -= 3;
    p[0] = '.';
    memcpy(p + 1, wr_digit_pairs + 2 * cents, 2);
    while (v >= 100) {
        unsigned two = (unsigned)(v % 100);
        v /= 100;
        p -= 2;
        memcpy(p, wr_digit_pairs + 2 * two, 2);
    }
    if (v >= 10) {
        p -= 2;
        memcpy(p, wr_digit_pairs + 2 * v, 2);
    } else {
        *--p = (char)('0' + v);
    }
    if (fen < 0)
        *--p = '-';
    size_t n = (size_t)(tmp + sizeof tmp - p);
    memcpy(buf, p, n);
    buf[n] = '\0';
}

void wr_format_fen_sum(wr_fen_sum fen, char *buf)
{
    if (fen >= INT64_MIN && fen <= INT64_MAX) { /* the 64-bit path, as every amount */
        wr_format_fen((int64_t)fen, buf);
        return;
    }
    char tmp[48];
    size_t n = 0;
    bool neg = fen < 0;
    wr_fen_sum v = neg ? fen : -fen; /* the negative side, as wr_format_fen */
    int cents = (int)-(v % 100);
    v /= 100;
    tmp[n++] = (char)('0' + cents % 10);
    tmp[n++] = (char)('0' + cents / 10);
    tmp[n++] = '.';
    do {
        tmp[n++] = (char)('0' - v % 10);
        v /= 10;
    } while (v != 0);
    emit_reversed(tmp, n, neg, buf);
}

void wr_group_thousands(const char *amount, char *buf)
{
    const char *digits = amount + (amount[0] == '-');
    size_t whole = strcspn(digits, ".");
    char *o = buf;
    if (amount[0] == '-')
        *o++ = '-';
    for (size_t i = 0; i < whole; i++) {
        if (i > 0 && (whole - i) % 3 == 0)
            *o++ = ',';
        *o++ = digits[i];
    }
    strcpy(o, digits + whole);
}

void wr_format_fen_grouped(int64_t fen, char *buf)
{
    char plain[32];
    wr_format_fen(fen, plain);
    wr_group_thousands(plain, buf);
}

int64_t wr_div_round_half_up(__int128 num, int64_t den, bool *overflow)
{
    /* floor((2 num + den) / (2 den)) is num/den rounded half up. */
    __int128 q = (2 * num + den) / (2 * (__int128)den);
    if (q > INT64_MAX) {
        *overflow = true;
        return INT64_MAX;
    }
    return (int64_t)q;
}

int64_t wr_add_fen(int64_t a, int64_t b, bool *overflow)
{
    int64_t r;
    if (__builtin_add_overflow(a, b, &r)) {
        *overflow = true;
        return INT64_MAX;
    }
    return r;
}
