/* Unit tests: types/date.c and rules/due.c. Expected values by hand
 * (calendar) and from RULES 4.4. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/model.h"
#include "rules/rules.h"
#include "types/date.h"

static wr_day D(const char *s)
{
    wr_day d = -1;
    wr_parse_date(s, strlen(s), &d);
    return d;
}


/* The parsers as they were before D342, byte by byte with no memo: the
 * reference every text must give the same result and writes as. */
static bool ref_digits(const char *s, int width, int *out)
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

static int ref_two_digits(const char *s)
{
    unsigned a = (unsigned char)s[0] - '0', b = (unsigned char)s[1] - '0';
    return a <= 9 && b <= 9 ? (int)(a * 10 + b) : -1;
}

static bool ref_parse_date(const char *s, size_t n, wr_day *out)
{
    int y, m, d;
    if (n != 10 || s[4] != '-' || s[7] != '-')
        return false;
    if (!ref_digits(s, 4, &y) || !ref_digits(s + 5, 2, &m) || !ref_digits(s + 8, 2, &d))
        return false;
    return wr_day_from_parts(y, m, d, out);
}

static bool ref_parse_datetime(const char *s, size_t n, wr_day *out, int32_t *seconds)
{
    if (n < 10 || !ref_parse_date(s, 10, out))
        return false;
    if (n == 10) {
        *seconds = 0;
        return true;
    }
    if ((n != 16 && n != 19) || s[10] != ' ' || s[13] != ':')
        return false;
    int hh = ref_two_digits(s + 11), mm = ref_two_digits(s + 14), ss = 0;
    if (n == 19 && (s[16] != ':' || (ss = ref_two_digits(s + 17)) < 0))
        return false;
    return hh >= 0 && mm >= 0 && wr_seconds_from_parts(hh, mm, ss, seconds);
}

/* The texts compared are copied to the end of this block, so that ASan
 * sees a read past a text's last byte. */
enum { TEXT_ROOM = 64 };
static char *text_room;
static long mismatches, compared;

/* s (n bytes) read by wr_parse_date and wr_parse_datetime and by the
 * references: the same results, and the same day and seconds written (or
 * none); counts a difference, prints the first few. */
static void compare(const char *s, size_t n)
{
    char *t = text_room + TEXT_ROOM - n;
    memcpy(t, s, n);
    wr_day d1 = -77777, d2 = -77777;
    int32_t s1 = -88888, s2 = -88888;
    bool r1 = wr_parse_date(t, n, &d1), r2 = ref_parse_date(t, n, &d2);
    bool ok = r1 == r2 && d1 == d2;
    d1 = d2 = -77777;
    r1 = wr_parse_datetime(t, n, &d1, &s1);
    r2 = ref_parse_datetime(t, n, &d2, &s2);
    ok = ok && r1 == r2 && d1 == d2 && s1 == s2;
    compared++;
    if (!ok && mismatches++ < 10)
        fprintf(stderr, "differs from the reference: \"%.*s\" (%zu bytes)\n", (int)n, t, n);
}

/* Makes `month` ("YYYY-MM-..." text) the memo's month, when it is one. */
static void prime(const char *month)
{
    wr_day d;
    char t[10];
    memcpy(t, month, 8);
    memcpy(t + 8, "01", 2);
    wr_parse_date(t, 10, &d);
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint32_t rnd(void) /* splitmix64 */
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return (uint32_t)((z ^ (z >> 31)) >> 32);
}

/* A byte a date's text is likely to hold, or now and then any byte. */
static char date_byte(void)
{
    static const char near[] = "0123456789012345678901234567890123456789-: /T.";
    uint32_t r = rnd();
    return r % 8 == 0 ? (char)(r >> 8) : near[(r >> 8) % (sizeof near - 1)];
}

/* D342: the word paths (the memo's month, "DD hh:mm" as one word) against
 * the byte-by-byte reference, on every form and every way to miss one. */
static void compare_with_reference(void)
{
    static const char *const bases[] = {
        "2026-08-01 06:51:09", "2026-08-31 23:59:59", "2028-02-29 00:00:00", "2026-02-28 12:30:45",
        "0001-01-01 00:00:00", "9999-12-31 23:59:59", "2026-12-31 07:08:09", "1900-02-28 19:00:00",
    };
    text_room = malloc(TEXT_ROOM);
    /* every byte value at every position of each form, with the memo at
     * the text's month (the word path) and at another (the new month's) */
    for (size_t b = 0; b < sizeof bases / sizeof bases[0]; b++) {
        static const size_t lengths[] = {10, 16, 19};
        for (size_t l = 0; l < 3; l++) {
            size_t n = lengths[l];
            char t[32];
            for (size_t i = 0; i < n; i++)
                for (int v = 0; v < 256; v++)
                    for (int memo = 0; memo < 2; memo++) {
                        memcpy(t, bases[b], n);
                        t[i] = (char)v;
                        prime(memo ? bases[b] : "1999-07-");
                        compare(t, n);
                    }
        }
    }
    /* every year with months 00-13 and the days at a month's ends; years
     * 1896-2104 with months 00-19 and days 00-39; in order (mostly the
     * memo's month) and some after another month */
    for (int y = 0; y <= 9999; y++)
        for (int m = 0; m <= 19; m++)
            for (int d = 0; d <= 39; d++) {
                bool near = y >= 1896 && y <= 2104;
                if (!near && (m > 13 || (d > 1 && d < 27) || d > 32))
                    continue;
                char t[32];
                snprintf(t, sizeof t, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, (y + d) % 30,
                         (y + m * 7) % 70, (m + d * 3) % 70);
                compare(t, 10);
                compare(t, (y + m + d) % 2 ? 16 : 19);
                if (d == 7 || d == 29) {
                    prime("2000-01-");
                    compare(t, 19);
                }
            }
    /* every time of day 00:00:00-99:99:99, on one date and on two months
     * taking turns */
    for (int h = 0; h <= 99; h++)
        for (int m = 0; m <= 99; m++)
            for (int s = 0; s <= 99; s++) {
                char t[32];
                snprintf(t, sizeof t, "%s %02d:%02d:%02d", s % 3 ? "2026-10-03" : "2026-11-03", h, m, s);
                compare(t, 19);
                compare(t, 16);
            }
    /* texts of 0-24 bytes, each byte often a date's and now and then
     * any; a valid date-time changed at one to three places; a valid text
     * cut or extended (trailing bytes) */
    for (long k = 0; k < 3000000; k++) {
        char t[32];
        size_t n;
        uint32_t r = rnd();
        if (r % 3 == 0) {
            n = rnd() % 25;
            for (size_t i = 0; i < n; i++)
                t[i] = date_byte();
        } else {
            snprintf(t, sizeof t, "%04u-%02u-%02u %02u:%02u:%02u", 2020 + rnd() % 10, 1 + rnd() % 12,
                     1 + rnd() % 31, rnd() % 25, rnd() % 61, rnd() % 61);
            static const size_t lengths[] = {10, 16, 19};
            n = lengths[rnd() % 3];
            if (r % 3 == 1)
                for (uint32_t c = 1 + rnd() % 3; c > 0; c--)
                    t[rnd() % n] = date_byte();
            else {
                size_t to = rnd() % 25;
                for (size_t i = 19; i < to; i++)
                    t[i] = date_byte();
                n = to;
            }
        }
        compare(t, n);
    }
    free(text_room);
}

/* wr_format_day and wr_format_month as they were before D360 (a digit a
 * division, whatever the year): the reference. */
static void ref_put_digits(char *buf, int v, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        buf[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

/* How many days and months of years -200 to 12000 (past 9999 and before
 * year 0 the four digits wrap as they always did) write unlike the
 * reference. */
static long formats_unlike_before(void)
{
    long bad = 0, n = 0;
    char want[16], got[16];
    for (wr_day d = wr_day_from_ymd(-200, 1, 1); d <= wr_day_from_ymd(12000, 12, 31); d++, n++) {
        int y, m, dd;
        wr_ymd_from_day(d, &y, &m, &dd);
        ref_put_digits(want, y, 4);
        want[4] = '-';
        ref_put_digits(want + 5, m, 2);
        want[7] = '-';
        ref_put_digits(want + 8, dd, 2);
        want[10] = '\0';
        wr_format_day(d, got);
        if (strcmp(want, got) != 0 && bad++ < 5)
            fprintf(stderr, "wr_format_day(%d) = %s, before D360 %s\n", (int)d, got, want);
    }
    for (wr_month m = -200 * 12; m < 12000 * 12; m++, n++) {
        ref_put_digits(want, m / 12, 4);
        want[4] = '-';
        ref_put_digits(want + 5, m % 12 + 1, 2);
        want[7] = '\0';
        wr_format_month(m, got);
        if (strcmp(want, got) != 0 && bad++ < 5)
            fprintf(stderr, "wr_format_month(%d) = %s, before D360 %s\n", (int)m, got, want);
    }
    printf("%ld days and months against the reference\n", n);
    return bad;
}

int main(void)
{
    wr_day d;
    int32_t sec;
    wr_month m;
    char buf[16];
    CHECK(D("1970-01-01") == 0);
    CHECK(D("2026-11-20") == 20777);
    CHECK(wr_weekday(D("2026-11-15")) == 6); /* a Sunday */
    CHECK(wr_weekday(D("2026-11-13")) == 4); /* a Friday */
    /* a month read before: its days by the cache of wr_parse_date */
    CHECK(wr_parse_date("2026-09-01", 10, &d) && d == wr_day_from_ymd(2026, 9, 1));
    CHECK(wr_parse_date("2026-09-30", 10, &d) && d == wr_day_from_ymd(2026, 9, 30));
    CHECK(!wr_parse_date("2026-09-31", 10, &d));
    CHECK(!wr_parse_date("2026-09-00", 10, &d));
    CHECK(!wr_parse_date("2026-09-3x", 10, &d));
    CHECK(wr_parse_date("2028-02-01", 10, &d) && wr_parse_date("2028-02-29", 10, &d) &&
          d == wr_day_from_ymd(2028, 2, 29));
    CHECK(wr_parse_date("2026-02-01", 10, &d) && !wr_parse_date("2026-02-29", 10, &d));
    CHECK(!wr_parse_date("2026-02-29", 10, &d));
    CHECK(wr_parse_date("2028-02-29", 10, &d));
    CHECK(!wr_parse_date("1900-02-29", 10, &d));
    CHECK(wr_parse_date("2000-02-29", 10, &d));
    CHECK(!wr_parse_date("0000-00-00", 10, &d));
    CHECK(!wr_parse_date("2026-1-01", 9, &d));
    CHECK(wr_parse_datetime("2026-10-03 07:58", 16, &d, &sec) && sec == 7 * 3600 + 58 * 60);
    CHECK(wr_parse_datetime("2026-10-03 17:31:10", 19, &d, &sec) && sec == 63070);
    CHECK(!wr_parse_datetime("2026-10-03 25:61", 16, &d, &sec));
    CHECK(!wr_parse_datetime("2026-10-03 7:58", 15, &d, &sec));
    CHECK(!wr_parse_datetime("2026-10-03 0a:58", 16, &d, &sec));   /* a digit that is not */
    CHECK(!wr_parse_datetime("2026-10-03 07:/8", 16, &d, &sec));   /* '/' is '0' - 1 */
    CHECK(!wr_parse_datetime("2026-10-03 07:58:5:", 19, &d, &sec)); /* ':' is '9' + 1 */
    CHECK(!wr_parse_datetime("2026-10-03 07:58:60", 19, &d, &sec));
    CHECK(wr_parse_datetime("2026-10-03 23:59:59", 19, &d, &sec) && sec == 86399);
    CHECK(wr_parse_period("2026-10", 7, &m) && m == 2026 * 12 + 9);
    CHECK(!wr_parse_period("2026-13", 7, &m));
    wr_format_day(D("2027-02-28"), buf);
    CHECK(strcmp(buf, "2027-02-28") == 0);
    wr_format_month(2026 * 12 + 9, buf);
    CHECK(strcmp(buf, "2026-10") == 0);
    CHECK(wr_days_in_month(2027, 2) == 28 && wr_days_in_month(2028, 2) == 29);

    /* RULES 4.4 due dates, no holidays file. */
    wr_options opt = {0};
    wr_report rep;
    wr_model model;
    wr_model_init(&model, &opt, &rep);
    CHECK(wr_due_date(&model, 2026 * 12 + 9, 15) == D("2026-11-13"));  /* Sun -> Fri */
    CHECK(wr_due_date(&model, 2026 * 12 + 9, 0) == D("2026-11-13"));   /* default 15 */
    CHECK(wr_due_date(&model, 2026 * 12 + 9, 31) == D("2026-11-30"));  /* clipped, Monday */
    CHECK(wr_due_date(&model, 2027 * 12 + 0, 31) == D("2027-02-26"));  /* 28th Sun -> Fri */
    /* A Saturday listed as WORKDAY stays; a HOLIDAY moves back. */
    wr_model_add_holiday(&model, D("2026-11-14"), KIND_WORKDAY);
    CHECK(wr_due_date(&model, 2026 * 12 + 9, 15) == D("2026-11-14"));
    wr_model_add_holiday(&model, D("2026-11-05"), KIND_HOLIDAY);
    wr_model_add_holiday(&model, D("2026-11-04"), KIND_HOLIDAY);
    CHECK(wr_due_date(&model, 2026 * 12 + 9, 5) == D("2026-11-03"));
    CHECK(wr_model_add_holiday(&model, D("2026-11-04"), KIND_WORKDAY) == WR_ADD_DUPLICATE);
    wr_model_free(&model);
    /* A month's first and last day and length (D233): leap February, December. */
    CHECK(wr_month_first_day(2024 * 12 + 1) == D("2024-02-01"));
    CHECK(wr_month_days(2024 * 12 + 1) == 29 && wr_month_days(2026 * 12 + 1) == 28);
    CHECK(wr_month_last_day(2024 * 12 + 1) == D("2024-02-29"));
    CHECK(wr_month_first_day(2026 * 12 + 11) == D("2026-12-01"));
    CHECK(wr_month_last_day(2026 * 12 + 11) == D("2026-12-31") && wr_month_days(2026 * 12 + 3) == 30);

    /* D342: the word paths. A date-time of the memo's month, then one that
     * misses the word at each place: a day past the month, 24:00, 23:60,
     * :60 seconds, a separator or a digit that is not, trailing bytes. */
    CHECK(wr_parse_datetime("2026-04-10 08:00:00", 19, &d, &sec) && d == D("2026-04-10") && sec == 28800);
    CHECK(wr_parse_datetime("2026-04-30 23:59", 16, &d, &sec) && d == D("2026-04-30") && sec == 86340);
    CHECK(!wr_parse_datetime("2026-04-31 08:00", 16, &d, &sec));
    CHECK(!wr_parse_datetime("2026-04-00 08:00", 16, &d, &sec));
    CHECK(!wr_parse_datetime("2026-04-10 24:00", 16, &d, &sec));
    CHECK(!wr_parse_datetime("2026-04-10 23:60", 16, &d, &sec));
    CHECK(!wr_parse_datetime("2026-04-10 23:59:60", 19, &d, &sec));
    CHECK(!wr_parse_datetime("2026-04-10T08:00", 16, &d, &sec));
    CHECK(!wr_parse_datetime("2026-04-10 08.00", 16, &d, &sec));
    CHECK(!wr_parse_datetime("2026-04-10 08:00.00", 19, &d, &sec));
    CHECK(!wr_parse_datetime("2026-04-1a 08:00", 16, &d, &sec));
    CHECK(!wr_parse_datetime("2026-04-10 08:0a", 16, &d, &sec));
    CHECK(!wr_parse_datetime("2026-04-10 08:00:0a", 19, &d, &sec));
    CHECK(!wr_parse_datetime("2026-04-10 08:00:00Z", 20, &d, &sec));
    CHECK(!wr_parse_datetime("2026-04-10 08:00:0", 18, &d, &sec));
    CHECK(!wr_parse_date("2026-04-10x", 11, &d));
    d = 5;
    sec = 7;
    CHECK(!wr_parse_datetime("2026-04-10 25:00", 16, &d, &sec) && d == D("2026-04-10") && sec == 7);
    CHECK(wr_parse_datetime("2026-05-10 08:00", 16, &d, &sec) && d == D("2026-05-10")); /* new month */
    CHECK(wr_parse_datetime("2026-04-10", 10, &d, &sec) && sec == 0);
    compare_with_reference();
    printf("%ld texts against the reference, %ld differ\n", compared, mismatches);
    CHECK(mismatches == 0);
    CHECK(formats_unlike_before() == 0);
    return CHECK_DONE();
}
