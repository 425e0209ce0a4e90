/* Small helpers over C strings and arrays of them. */
#ifndef WR_STRINGS_H
#define WR_STRINGS_H

#include <stddef.h>
#include <stdint.h>

/* Sorts v (bytewise) and returns how many distinct strings it holds. */
size_t wr_sort_count_distinct(const char **v, size_t n);

/* v in decimal, as printf's "%d" writes it, NUL-ended (at most 21 bytes:
 * "-9223372036854775808"); returns the NUL's place. No printf for a
 * flag's day counts and details (D286, D287). */
char *wr_format_int(int64_t v, char *buf);

/* v as 16 lower-case hex digits and a NUL, as printf's "%016" PRIx64
 * writes it (D360: a flag_id, ~900 instructions by snprintf). */
void wr_format_hex64(uint64_t v, char buf[17]);

/* "00" "01" ... "99": the two digits of i at [2 i] and [2 i + 1], so the
 * formatters write two digits a division (D360: amounts and dates). */
extern const char wr_digit_pairs[201];

#endif
