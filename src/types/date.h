/*
 * Calendar arithmetic on day numbers (days since 1970-01-01, proleptic
 * Gregorian) and month numbers (year * 12 + month - 1). Parsing is strict:
 * RULES section 1 formats only, and only real calendar days.
 */
#ifndef WR_DATE_H
#define WR_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t wr_day;   /* days since 1970-01-01 */
typedef int32_t wr_month; /* year * 12 + (month - 1) */

wr_day wr_day_from_ymd(int year, int month, int day);
void wr_ymd_from_day(wr_day d, int *year, int *month, int *day);
int wr_days_in_month(int year, int month);
/* 0 = Monday ... 6 = Sunday */
int wr_weekday(wr_day d);
wr_month wr_month_of_day(wr_day d);
/* The last day of month m. */
wr_day wr_month_last_day(wr_month m);
/* The first day of month m, and how many days it has (28-31). */
wr_day wr_month_first_day(wr_month m);
int wr_month_days(wr_month m);

/* `YYYY-MM-DD`, year 0001-9999, real calendar day. */
bool wr_parse_date(const char *s, size_t n, wr_day *out);
/* `YYYY-MM-DD` optionally followed by ` HH:MM` or ` HH:MM:SS`;
 * `*seconds` is the time of day (0 when absent). */
bool wr_parse_datetime(const char *s, size_t n, wr_day *out, int32_t *seconds);
/* `YYYY-MM`, month 01-12. */
bool wr_parse_period(const char *s, size_t n, wr_month *out);

/* The range checks of the three parsers above, on numbers already read
 * (a format descriptor's pictures, src/formats): year 1-9999, a real
 * calendar day; 00:00:00-23:59:59; month 1-12. */
bool wr_day_from_parts(int year, int month, int day, wr_day *out);
bool wr_seconds_from_parts(int hour, int minute, int second, int32_t *out);
bool wr_month_from_parts(int year, int month, wr_month *out);

/* Writes `YYYY-MM-DD` plus NUL into buf (>= 11 bytes). */
void wr_format_day(wr_day d, char *buf);
/* Writes `YYYY-MM` plus NUL into buf (>= 8 bytes). */
void wr_format_month(wr_month m, char *buf);

#endif
