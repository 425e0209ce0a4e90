/*
 * Money as integer fen and hours as integer 1/100 h: parsing, formatting
 * and the one rounding rule (half up) of RULES 4.3. No floating point.
 */
#ifndef WR_MONEY_H
#define WR_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest amount one row may carry (payment, rate, minimum wage):
 * 100,000,000.00 yuan (DECISIONS D90). Larger is BAD_MONEY at its row, so
 * a bucket's owed (31 days x 24 h x rate) and every sum of rows stays far
 * inside int64 fen; the sums are still checked (wr_add_fen). */
#define WR_MAX_ROW_FEN INT64_C(10000000000)

/* Yuan, `digits[.d[d]]`, non-negative, fits int64 fen (DECISIONS D5). */
bool wr_parse_fen(const char *s, size_t n, int64_t *fen);
/* Hours, same shape, value in (0, 24]: 1/100 h. */
bool wr_parse_centi_hours(const char *s, size_t n, int32_t *centi);
/* Yuan with two decimals plus NUL; buf >= 24 bytes. */
void wr_format_fen(int64_t fen, char *buf);
/* A sum of amounts over any number of flags or rows (a case's amount, an
 * employer's open arrears): 128 bits, which no sum of fewer than 2^63
 * int64 amounts can leave, so such a sum is exact, never saturated
 * (DECISIONS D164). */
typedef __int128 wr_fen_sum;
/* Yuan with two decimals of such a sum; buf >= 44 bytes. */
void wr_format_fen_sum(wr_fen_sum fen, char *buf);
/* As wr_format_fen with the yuan grouped by thousands, for people:
 * 1,234,567.89 (buf >= 40 bytes). */
void wr_format_fen_grouped(int64_t fen, char *buf);
/* The same grouping on an amount already written (-?digits[.digits]). */
void wr_group_thousands(const char *amount, char *buf);
/* round_half_up(num / den) for num >= 0, den > 0; sets *overflow when
 * the result does not fit int64. */
int64_t wr_div_round_half_up(__int128 num, int64_t den, bool *overflow);
/* a + b, setting *overflow instead of wrapping. */
int64_t wr_add_fen(int64_t a, int64_t b, bool *overflow);

#endif
