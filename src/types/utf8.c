#include "utf8.h"

#include <stdint.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s[0..n): 1-4; 0 when invalid;
 * -1 when valid so far but cut short by n. */
static int sequence_length(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    int len;
    unsigned char lo = 0x80, hi = 0xBF; /* the second byte's range */
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0; /* no overlong */
        if (c == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        if (c == 0xF4)
            hi = 0x8F; /* <= U+10FFFF */
    } else
        return 0;
    for (int i = 1; i < len; i++) {
        if ((size_t)i >= n)
            return -1;
        unsigned char lo_i = i == 1 ? lo : 0x80, hi_i = i == 1 ? hi : 0xBF;
        if (s[i] < lo_i || s[i] > hi_i)
            return 0;
    }
    return len;
}

size_t wr_utf8_invalid_at(const char *s, size_t n, bool cut_ok)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        /* ASCII runs, eight bytes at a time: the usual field */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, u + i, 8);
            if (w & 0x8080808080808080ull)
                break;
            i += 8;
        }
        if (i == n)
            break;
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        /* the usual non-ASCII text (CJK): three bytes, a lead without a
         * narrowed second-byte range (not E0, not ED) */
        if (u[i] >= 0xE1 && u[i] <= 0xEF && u[i] != 0xED && i + 3 <= n &&
            (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80) {
            i += 3;
            continue;
        }
        int len = sequence_length(u + i, n - i);
        if (len < 0)
            return cut_ok ? n : i;
        if (len == 0)
            return i;
        i += (size_t)len;
    }
    return n;
}

bool wr_looks_gbk(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    bool high = false;
    for (size_t i = 0; i < n;) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        high = true;
        if (u[i] == 0x80 || u[i] == 0xFF)
            return false;
        if (i + 1 >= n)
            return true; /* cut by the end */
        unsigned char b = u[i + 1];
        if (b >= 0x30 && b <= 0x39) { /* GB18030 four bytes: 81-FE 30-39 81-FE 30-39 */
            if (i + 3 >= n)
                return true;
            if (u[i + 2] < 0x81 || u[i + 2] > 0xFE || u[i + 3] < 0x30 || u[i + 3] > 0x39)
                return false;
            i += 4;
        } else if (b >= 0x40 && b <= 0xFE && b != 0x7F) {
            i += 2;
        } else {
            return false;
        }
    }
    return high;
}
