/*
 * Encoding checks for canonical CSV (RULES section 1: UTF-8), DECISIONS
 * D80: where the first byte that is not UTF-8 is, and whether bytes that
 * are not UTF-8 read as GBK / GB18030 (a bank export given without its
 * descriptor), so the message can say which descriptor is missing.
 */
#ifndef WR_UTF8_H
#define WR_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Offset of the first byte of s[0..n) that does not begin a valid UTF-8
 * sequence (overlong forms, surrogates and code points past U+10FFFF are
 * invalid), or n when all of it is valid. With `cut_ok`, a sequence cut
 * short by the end of s counts as valid (s is the first piece of a
 * stream). */
size_t wr_utf8_invalid_at(const char *s, size_t n, bool cut_ok);

/* True when s[0..n) holds a byte >= 0x80 and every such byte is part of
 * a GBK double-byte or GB18030 four-byte sequence (a sequence cut by the
 * end of s counts). */
bool wr_looks_gbk(const char *s, size_t n);

#endif
