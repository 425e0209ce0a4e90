/*
 * Day numbers from civil dates and back, after Howard Hinnant's
 * days_from_civil: exact for any year, no tables, no time zones.
 */
#include "date.h"

#include <stdint.h>
#include <string.h>

wr_day wr_day_from_ymd(int year, int month, int day)
{
    int y = year - (month <= 2);
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int mp = (month + 9) % 12;
    int doy = (153 * mp + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (wr_day)(era * 146097 + doe - 719468);
}

void wr_ymd_from_day(wr_day d, int *year, int *month, int *day)
{
    int z = d + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int m = mp < 10 ? mp + 3 : mp - 9;
    *year = yoe + era * 400 + (m <= 2);
    *month = m;
    *day = doy - (153 * mp + 2) / 5 + 1;
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int wr_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

int wr_weekday(wr_day d)
{
    /* 1970-01-01 was a Thursday (3 with Monday = 0). */
    int w = (d + 3) % 7;
    return w < 0 ? w + 7 : w;
}

wr_month wr_month_of_day(wr_day d)
{
    int y, m, dd;
    wr_ymd_from_day(d, &y, &m, &dd);
    return y * 12 + (m - 1);
}

/* Reads exactly `width` ASCII digits. */
static bool digits(const char *s, int width, int *out)
{
    int v = 0;
    for (int i = 0; i < width; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* Two ASCII digits at s as a number 0-99, or -1. */
static inline int two_digits(const char *s)
{
    unsigned a = (unsigned char)s[0] - '0', b = (unsigned char)s[1] - '0';
    return a <= 9 && b <= 9 ? (int)(a * 10 + b) : -1;
}

bool wr_parse_date(const char *s, size_t n, wr_day *out)
{
    /* The month of the last date read on this thread, by its "YYYY-MM-"
     * bytes: rows come in runs of one month, so a date is mostly two
     * digits and an add (issue 17: ~160 instructions a date were ~7% of a
     * run). 0 is no month's bytes. */
    static _Thread_local struct {
        uint64_t ym; /* the eight bytes "YYYY-MM-" */
        wr_day first;
        int days;
    } last;
    int y, m, d;
    if (n != 10)
        return false;
    uint64_t ym;
    memcpy(&ym, s, 8);
    if (ym == last.ym) {
        d = two_digits(s + 8);
        if (d < 1 || d > last.days)
            return false;
        *out = last.first + d - 1;
        return true;
    }
    if (s[4] != '-' || s[7] != '-')
        return false;
    if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
        return false;
    if (!wr_day_from_parts(y, m, d, out))
        return false;
    last.ym = ym;
    last.first = *out - (d - 1);
    last.days = wr_days_in_month(y, m);
    return true;
}

bool wr_day_from_parts(int year, int month, int day, wr_day *out)
{
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
        day > wr_days_in_month(year, month))
        return false;
    *out = wr_day_from_ymd(year, month, day);
    return true;
}

bool wr_seconds_from_parts(int hour, int minute, int second, int32_t *out)
{
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
        return false;
    *out = hour * 3600 + minute * 60 + second;
    return true;
}

bool wr_month_from_parts(int year, int month, wr_month *out)
{
    if (year < 1 || year > 9999 || month < 1 || month > 12)
        return false;
    *out = year * 12 + (month - 1);
    return true;
}

bool wr_parse_datetime(const char *s, size_t n, wr_day *out, int32_t *seconds)
{
    if (n < 10 || !wr_parse_date(s, 10, out))
        return false;
    if (n == 10) {
        *seconds = 0;
        return true;
    }
    if ((n != 16 && n != 19) || s[10] != ' ' || s[13] != ':')
        return false;
    int hh = two_digits(s + 11), mm = two_digits(s + 14), ss = 0;
    if (n == 19 && (s[16] != ':' || (ss = two_digits(s + 17)) < 0))
        return false;
    return hh >= 0 && mm >= 0 && wr_seconds_from_parts(hh, mm, ss, seconds);
}

bool wr_parse_period(const char *s, size_t n, wr_month *out)
{
    int y, m;
    if (n != 7 || s[4] != '-' || !digits(s, 4, &y) || !digits(s + 5, 2, &m))
        return false;
    return wr_month_from_parts(y, m, out);
}

static void put_digits(char *buf, int v, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        buf[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

void wr_format_day(wr_day d, char *buf)
{
    int y, m, dd;
    wr_ymd_from_day(d, &y, &m, &dd);
    put_digits(buf, y, 4);
    buf[4] = '-';
    put_digits(buf + 5, m, 2);
    buf[7] = '-';
    put_digits(buf + 8, dd, 2);
    buf[10] = '\0';
}

void wr_format_month(wr_month m, char *buf)
{
    put_digits(buf, m / 12, 4);
    buf[4] = '-';
    put_digits(buf + 5, m % 12 + 1, 2);
    buf[7] = '\0';
}

wr_day wr_month_first_day(wr_month m)
{
    return wr_day_from_ymd(m / 12, m % 12 + 1, 1);
}

int wr_month_days(wr_month m)
{
    return wr_days_in_month(m / 12, m % 12 + 1);
}

wr_day wr_month_last_day(wr_month m)
{
    return wr_month_first_day(m) + wr_month_days(m) - 1;
}
