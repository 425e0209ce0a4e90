/*
 * What the two workbook readers (sheet_xlsx.c, sheet_xls.c) share: which
 * one a file needs (by its first bytes), numbers into plain decimal
 * digits without a float (DECISIONS D110), date serials into canonical
 * dates, and whether a number format shows a date.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/infile.h"
#include "../types/date.h"
#include "../types/error.h"
#include "sheet.h"

static const unsigned char zip_magic[4] = {'P', 'K', 3, 4};
static const unsigned char ole_magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

static int sniff(const char *path, unsigned char head[8])
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t got = fread(head, 1, 8, f);
    fclose(f);
    return (int)got;
}

bool wr_sheet_sniff(const char *path)
{
    unsigned char head[8];
    int n = sniff(path, head);
    return (n >= 4 && memcmp(head, zip_magic, 4) == 0) ||
           (n == 8 && memcmp(head, ole_magic, 8) == 0);
}

int wr_sheet_read(const char *path, const char *name, const wr_sheet_ref *sheet,
                  wr_sheet_row_fn on_row, void *ctx, wr_error *err)
{
    unsigned char head[8];
    int n = sniff(path, head);
    if (n < 0) {
        return wr_errorf(err, WR_EINPUT, "%s: cannot open", name);
    }
    if (n >= 4 && memcmp(head, zip_magic, 4) == 0)
        return wr_sheet_read_xlsx(path, name, sheet, on_row, ctx, err);
    if (n == 8 && memcmp(head, ole_magic, 8) == 0)
        return wr_sheet_read_xls(path, name, sheet, on_row, ctx, err);
    return wr_errorf(err, WR_EINPUT,
                     "%s: not an Excel workbook (neither .xlsx nor .xls by its first bytes)", name);
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The longest plain form written: an amount or an ID has far fewer digits;
 * 1E+300 has no business in a payroll file. */
#define MAX_PLAIN 64

size_t wr_sheet_plain_number(const char *s, size_t n, char *out, size_t cap)
{
    size_t i = 0;
    bool neg = false;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    char digits[MAX_PLAIN];
    size_t nd = 0;
    long point = 0; /* where the decimal point is, in digits[] */
    bool any = false, seen_point = false;
    for (; i < n && (is_digit(s[i]) || s[i] == '.'); i++) {
        if (s[i] == '.') {
            if (seen_point)
                return 0;
            seen_point = true;
            point = (long)nd;
            continue;
        }
        any = true;
        if (nd == 0 && s[i] == '0') { /* leading zeros: after the point, shift it */
            if (seen_point)
                point--;
            continue;
        }
        if (nd == sizeof digits)
            return 0;
        digits[nd++] = s[i];
    }
    if (!any)
        return 0;
    if (!seen_point)
        point = (long)nd;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        bool eneg = false;
        if (i < n && (s[i] == '-' || s[i] == '+'))
            eneg = s[i++] == '-';
        long e = 0;
        size_t first = i;
        for (; i < n && is_digit(s[i]); i++)
            if ((e = e * 10 + (s[i] - '0')) > 1000)
                return 0;
        if (i == first)
            return 0;
        point += eneg ? -e : e;
    }
    if (i != n)
        return 0;
    if (nd == 0)
        point = 0; /* zero, however written */
    while (nd > 0 && digits[nd - 1] == '0' && (long)nd > point)
        nd--; /* trailing zeros of the fraction */
    /* out: [-] int part (at least "0") [. fraction] */
    long int_digits = point > 0 ? point : 0;
    long frac_digits = (long)nd > point ? (long)nd - point : 0;
    size_t len = (size_t)(neg && nd > 0) + (size_t)(int_digits ? int_digits : 1) +
                 (frac_digits ? 1 + (size_t)frac_digits : 0);
    if (len > MAX_PLAIN || len + 1 > cap)
        return 0;
    char *o = out;
    if (neg && nd > 0)
        *o++ = '-';
    if (int_digits == 0)
        *o++ = '0';
    for (long k = 0; k < int_digits; k++)
        *o++ = k < (long)nd ? digits[k] : '0';
    if (frac_digits) {
        *o++ = '.';
        for (long k = point; k < (long)nd; k++)
            *o++ = k < 0 ? '0' : digits[k];
    }
    *o = '\0';
    return (size_t)(o - out);
}

size_t wr_sheet_double_text(double v, char *out, size_t cap)
{
    char buf[40];
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, sizeof buf, "%.*e", p - 1, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return wr_sheet_plain_number(buf, strlen(buf), out, cap);
}

size_t wr_sheet_serial_date(const char *plain, size_t n, bool date1904, char *out, size_t cap)
{
    /* days: the integer part; the fraction: the time of day, to the second */
    int64_t days = 0;
    size_t i = 0;
    if (n == 0 || plain[0] == '-' || cap < 20)
        return 0;
    for (; i < n && is_digit(plain[i]); i++)
        if ((days = days * 10 + (plain[i] - '0')) > 3000000)
            return 0;
    int64_t num = 0, den = 1;
    if (i < n && plain[i] == '.')
        for (i++; i < n && is_digit(plain[i]); i++)
            if (den < 1000000000000LL) { /* 12 digits: far below a second */
                num = num * 10 + (plain[i] - '0');
                den *= 10;
            }
    int64_t seconds = (num * 86400 + den / 2) / den;
    if (seconds == 86400) {
        days++;
        seconds = 0;
    }
    wr_day day;
    if (date1904) {
        day = wr_day_from_ymd(1904, 1, 1) + (wr_day)days;
    } else {
        /* Excel's 1900 system counts 1900-02-29, which never was: serial
         * 60 is no date, and serials from 61 are one day behind. */
        if (days == 0 || days == 60)
            return 0;
        day = wr_day_from_ymd(1899, 12, days < 60 ? 31 : 30) + (wr_day)days;
    }
    int y, m, d;
    wr_ymd_from_day(day, &y, &m, &d);
    if (y > 9999)
        return 0;
    if (seconds == 0)
        return (size_t)snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
    return (size_t)snprintf(out, cap, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d,
                            (int)(seconds / 3600), (int)(seconds / 60 % 60), (int)(seconds % 60));
}

bool wr_sheet_builtin_is_date(unsigned id)
{
    /* ECMA-376 18.8.30: 14-17 and 22 dates; 27-36 and 50-58 the East
     * Asian date formats (年月日). Times alone (18-21, 45-47) are not dates. */
    return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

bool wr_sheet_format_is_date(const char *code)
{
    for (const char *s = code; *s; s++) {
        switch (*s) {
        case '"':
            while (s[1] && s[1] != '"')
                s++;
            if (s[1])
                s++;
            break;
        case '[':
            while (s[1] && s[1] != ']')
                s++;
            if (s[1])
                s++;
            break;
        case '\\':
        case '_':
        case '*':
            if (s[1])
                s++;
            break;
        case 'y': case 'Y': case 'd': case 'D':
            return true;
        case ';':
            return false; /* the first section decides */
        }
    }
    return false;
}
