/*
 * Day numbers from civil dates and back, after Howard Hinnant's
 * days_from_civil: exact for any year, no tables, no time zones.
 */
#include "date.h"

#include <stdint.h>
#include <string.h>

#include "strings.h"

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

/*
 * Dates and times by words (issue 17: ~95 instructions a row were 6% of a
 * run, D342). Eight bytes of a date's text are checked against a picture
 * of their form at once: x = word ^ picture makes a digit's byte its value
 * 0-9 (and only a digit's: '0'-'9' are the bytes whose xor with '0' is at
 * most 9) and a separator's byte 0 (only its own); x then fits when no
 * byte of x + room has its high bit, room being 0x76 at a digit
 * (9 + 0x76 = 0x7f) and 0x7f at a separator, with x's own high bits or-ed
 * in. A byte that carries out of x + room has its high bit in x: it fails
 * itself, so the carry decides nothing. The digits are then paired by one
 * multiply: byte i of x * 10 + (x >> 8) is 10 x[i] + x[i + 1].
 */
#define WORD8(a, b, c, d, e, f, g, h)                                                             \
    ((uint64_t)(a) | (uint64_t)(b) << 8 | (uint64_t)(c) << 16 | (uint64_t)(d) << 24 |            \
     (uint64_t)(e) << 32 | (uint64_t)(f) << 40 | (uint64_t)(g) << 48 | (uint64_t)(h) << 56)
enum { DIGIT = 0x76, SEPARATOR = 0x7f };
/* "YYYY-MM-": a date's year and month */
#define MONTH_PICTURE WORD8('0', '0', '0', '0', '-', '0', '0', '-')
#define MONTH_ROOM WORD8(DIGIT, DIGIT, DIGIT, DIGIT, SEPARATOR, DIGIT, DIGIT, SEPARATOR)
/* "DD hh:mm": a date-time's day and time of day to the minute */
#define DAY_TIME_PICTURE WORD8('0', '0', ' ', '0', '0', ':', '0', '0')
#define DAY_TIME_ROOM WORD8(DIGIT, DIGIT, SEPARATOR, DIGIT, DIGIT, SEPARATOR, DIGIT, DIGIT)

/* The eight bytes at p, the first in the low bits whatever the machine. */
static inline uint64_t load_le64(const char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

static inline bool word_fits(uint64_t x, uint64_t room)
{
    return (((x + room) | x) & 0x8080808080808080ull) == 0;
}

/* Byte i: 10 x[i] + x[i + 1], for x's digits (0-9 each: no carries). */
static inline uint64_t digit_pairs(uint64_t x)
{
    return x * 10 + (x >> 8);
}

/* The month of the last date read on this thread, by its "YYYY-MM-" bytes:
 * rows come in runs of one month (~9% of w10k's dates change it), so a
 * date is mostly a compare, two digits and an add. ym 0 is no month's
 * bytes; a thread of its own each (--jobs 2 parses on several). */
typedef struct {
    uint64_t ym;   /* the bytes "YYYY-MM-" (load_le64) */
    wr_day first;  /* the month's first day */
    uint32_t days; /* its length, 28-31; 0: no month (ym 0) */
} memo_month;
static _Thread_local memo_month month_memo;
/* The months the memo held before, the last first (D377): a file whose
 * rows are not in date order (attendance days) takes turns between a few
 * months, each read once, not at each turn. */
#define OLDER_MONTHS 3
static _Thread_local memo_month older_months[OLDER_MONTHS];

/* Takes ym, the bytes "YYYY-MM-", as the memo's month: false (the memo
 * left as it was) when they are no month of years 0001-9999. */
static bool read_month(uint64_t ym)
{
    for (int i = 0; i < OLDER_MONTHS; i++) {
        if (older_months[i].ym == ym && older_months[i].days) {
            memo_month m = older_months[i];
            older_months[i] = month_memo;
            month_memo = m;
            return true;
        }
    }
    uint64_t x = ym ^ MONTH_PICTURE;
    if (!word_fits(x, MONTH_ROOM))
        return false;
    uint64_t p = digit_pairs(x);
    int year = (int)(p & 0xff) * 100 + (int)(p >> 16 & 0xff), month = (int)(p >> 40 & 0xff);
    if (year < 1 || month < 1 || month > 12)
        return false;
    memmove(older_months + 1, older_months, (OLDER_MONTHS - 1) * sizeof older_months[0]);
    older_months[0] = month_memo;
    month_memo.ym = ym;
    month_memo.first = wr_day_from_ymd(year, month, 1);
    month_memo.days = (uint32_t)wr_days_in_month(year, month);
    return true;
}

/* Day d (any int: -1 for no digits) of the memo's month. */
static inline bool day_of_memo(int d, wr_day *out)
{
    if ((uint32_t)d - 1 >= month_memo.days)
        return false;
    *out = month_memo.first + d - 1;
    return true;
}

/* A date of another month than the memo's: out of line, so that the
 * memo's dates save no registers. */
static __attribute__((noinline)) bool date_of_new_month(const char *s, wr_day *out)
{
    return read_month(load_le64(s)) && day_of_memo(two_digits(s + 8), out);
}

bool wr_parse_date(const char *s, size_t n, wr_day *out)
{
    if (n != 10)
        return false;
    if (load_le64(s) != month_memo.ym)
        return date_of_new_month(s, out);
    return day_of_memo(two_digits(s + 8), out);
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

/* wr_parse_datetime byte by byte: every form, and every text that is
 * none (its result and what it writes are the word path's, D342). */
static __attribute__((noinline)) bool datetime_by_bytes(const char *s, size_t n, wr_day *out,
                                                        int32_t *seconds)
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

static bool datetime_of_new_month(const char *s, size_t n, wr_day *out, int32_t *seconds);

bool wr_parse_datetime(const char *s, size_t n, wr_day *out, int32_t *seconds)
{
    /* a date-time of the memo's month whose "DD hh:mm" are digits where
     * digits go: by words; anything else byte by byte */
    if (n != 16 && n != 19)
        return datetime_by_bytes(s, n, out, seconds);
    if (load_le64(s) != month_memo.ym)
        return datetime_of_new_month(s, n, out, seconds);
    uint64_t x = load_le64(s + 8) ^ DAY_TIME_PICTURE;
    if (!word_fits(x, DAY_TIME_ROOM))
        return datetime_by_bytes(s, n, out, seconds);
    uint64_t p = digit_pairs(x);
    if (!day_of_memo((int)(p & 0xff), out))
        return false;
    int hh = (int)(p >> 24 & 0xff), mm = (int)(p >> 48 & 0xff), ss = 0;
    if (n == 19 && (s[16] != ':' || (ss = two_digits(s + 17)) < 0))
        return false;
    if (hh > 23 || mm > 59 || ss > 59)
        return false;
    *seconds = hh * 3600 + mm * 60 + ss;
    return true;
}

/* A date-time (16 or 19 bytes) of another month than the memo's: that
 * month made the memo's, then read as one of it. No month: the date is
 * bad, so is the date-time, and nothing is written. */
static __attribute__((noinline)) bool datetime_of_new_month(const char *s, size_t n, wr_day *out,
                                                            int32_t *seconds)
{
    return read_month(load_le64(s)) && wr_parse_datetime(s, n, out, seconds);
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
    if (width == 2 && v >= 0 && v < 100) { /* D360: a month, a day */
        memcpy(buf, wr_digit_pairs + 2 * v, 2);
        return;
    }
    if (width == 4 && v >= 0 && v < 10000) { /* a year */
        memcpy(buf, wr_digit_pairs + 2 * (v / 100), 2);
        memcpy(buf + 2, wr_digit_pairs + 2 * (v % 100), 2);
        return;
    }
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
