/* src/formats/sheet.c: numbers to plain digits without a float, doubles
 * to their shortest decimal, date serials to dates, date formats
 * (DECISIONS D110). Expected values worked out by hand. */
#include <string.h>

#include "check.h"
#include "formats/sheet.h"

static int plain_is(const char *in, const char *want)
{
    char out[80];
    size_t n = wr_sheet_plain_number(in, strlen(in), out, sizeof out);
    if (!want)
        return n == 0;
    return n == strlen(want) && strcmp(out, want) == 0;
}

static int double_is(double v, const char *want)
{
    char out[80];
    size_t n = wr_sheet_double_text(v, out, sizeof out);
    return n == strlen(want) && strcmp(out, want) == 0;
}

static int serial_is(const char *plain, bool d1904, const char *want)
{
    char out[32];
    size_t n = wr_sheet_serial_date(plain, strlen(plain), d1904, out, sizeof out);
    if (!want)
        return n == 0;
    return n == strlen(want) && strcmp(out, want) == 0;
}

int main(void)
{
    /* plain digits, as written */
    CHECK(plain_is("6450", "6450"));
    CHECK(plain_is("6450.50", "6450.5"));
    CHECK(plain_is("6450.00", "6450"));
    CHECK(plain_is("0.05", "0.05"));
    CHECK(plain_is("-12.30", "-12.3"));
    CHECK(plain_is("007", "7"));
    CHECK(plain_is("0", "0"));
    CHECK(plain_is("-0", "0"));
    CHECK(plain_is("0.00", "0"));
    CHECK(plain_is("-0.0E-5", "0"));
    CHECK(plain_is(".5", "0.5"));
    CHECK(plain_is("1.2E+3", "1200"));
    CHECK(plain_is("1.25e-2", "0.0125"));
    CHECK(plain_is("7355.7800000000007", "7355.7800000000007")); /* not 2 decimals: kept */
    /* an 18-digit ID typed as a number: Excel wrote 17 digits */
    CHECK(plain_is("5.1082119740521299E+17", "510821197405212990"));
    CHECK(plain_is("1E+300", NULL));
    CHECK(plain_is("", NULL));
    CHECK(plain_is("12a", NULL));
    CHECK(plain_is("1.2.3", NULL));
    CHECK(plain_is("e5", NULL));
    CHECK(plain_is("1e", NULL));
    /* doubles: the shortest decimal that reads back (0.1 + 0.2 is not 0.3) */
    CHECK(double_is(7355.78, "7355.78"));
    CHECK(double_is(0.1, "0.1"));
    CHECK(double_is(0.1 + 0.2, "0.30000000000000004"));
    CHECK(double_is(10580.0, "10580"));
    CHECK(double_is(1234567.89, "1234567.89"));
    CHECK(double_is(-0.5, "-0.5"));
    CHECK(double_is(620523198307074615.0, "620523198307074600")); /* 6.205231983070746e17 */
    /* serials: 1900 system (1899-12-30 + n from 61; the phantom 1900-02-29) */
    CHECK(serial_is("46269", false, "2026-09-04"));
    CHECK(serial_is("46269.683576388888", false, "2026-09-04 16:24:21"));
    CHECK(serial_is("46269.5", false, "2026-09-04 12:00:00"));
    CHECK(serial_is("46269.9999999", false, "2026-09-05")); /* rounds to midnight */
    CHECK(serial_is("1", false, "1900-01-01"));
    CHECK(serial_is("59", false, "1900-02-28"));
    CHECK(serial_is("60", false, NULL));
    CHECK(serial_is("61", false, "1900-03-01"));
    CHECK(serial_is("0", false, NULL));
    CHECK(serial_is("-1", false, NULL));
    CHECK(serial_is("2958465", false, "9999-12-31"));
    CHECK(serial_is("2958466", false, NULL));
    CHECK(serial_is("0", true, "1904-01-01"));
    CHECK(serial_is("44807", true, "2026-09-04"));
    /* date formats */
    CHECK(wr_sheet_format_is_date("yyyy-mm-dd"));
    CHECK(wr_sheet_format_is_date("yyyy\\-mm\\-dd\\ hh:mm:ss"));
    CHECK(wr_sheet_format_is_date("yyyy\"年\"m\"月\"d\"日\""));
    CHECK(wr_sheet_format_is_date("[$-F800]dddd, mmmm dd, yyyy"));
    CHECK(!wr_sheet_format_is_date("#,##0.00"));
    CHECK(!wr_sheet_format_is_date("#,##0.00\"day\""));
    CHECK(!wr_sheet_format_is_date("[Red]0.00"));
    CHECK(!wr_sheet_format_is_date("hh:mm:ss"));
    CHECK(!wr_sheet_format_is_date("0.00;[Red]-0.00;\"d\""));
    CHECK(wr_sheet_builtin_is_date(14) && wr_sheet_builtin_is_date(22) && wr_sheet_builtin_is_date(57));
    CHECK(!wr_sheet_builtin_is_date(4) && !wr_sheet_builtin_is_date(20) && !wr_sheet_builtin_is_date(0));
    return CHECK_DONE();
}
