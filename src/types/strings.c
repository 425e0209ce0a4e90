#include "strings.h"

#include <stdlib.h>
#include <string.h>

const char wr_digit_pairs[201] =
    "0001020304050607080910111213141516171819"
    "2021222324252627282930313233343536373839"
    "4041424344454647484950515253545556575859"
    "6061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

void wr_format_hex64(uint64_t v, char buf[17])
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 15; i >= 0; i--, v >>= 4)
        buf[i] = hex[v & 15];
    buf[16] = '\0';
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

size_t wr_sort_count_distinct(const char **v, size_t n)
{
    if (n < 2) /* qsort wants non-NULL data even for 0 items (UBSan) */
        return n;
    qsort(v, n, sizeof *v, compare_strings);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += !i || strcmp(v[i], v[i - 1]) != 0;
    return k;
}

char *wr_format_int(int64_t v, char *buf)
{
    char digits[20];
    uint64_t u = v < 0 ? 0u - (uint64_t)v : (uint64_t)v; /* INT64_MIN too */
    size_t n = 0;
    do {
        digits[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *buf++ = '-';
    while (n)
        *buf++ = digits[--n];
    *buf = '\0';
    return buf;
}
