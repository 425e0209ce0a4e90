/* types/utf8: where UTF-8 stops being valid, and what GBK looks like
 * (DECISIONS D80). Bytes from the Unicode and GB 18030 tables by hand. */
#include <string.h>

#include "check.h"
#include "types/utf8.h"

#define AT(s, cut) wr_utf8_invalid_at(s, sizeof(s) - 1, cut)

int main(void)
{
    CHECK(AT("plain ascii, eight+ bytes long", false) == 30);
    CHECK(AT("\xE5\xBC\xA0\xE4\xB8\x89", false) == 6);        /* 张三 */
    CHECK(AT("ab\xF0\x9F\x98\x80", false) == 6);                /* U+1F600 */
    CHECK(AT("ab\xD5\xC5\xC8\xFD", false) == 2);                /* 张三 in GBK */
    CHECK(AT("abcdefgh\xFF", false) == 8);                      /* past the word loop */
    CHECK(AT("\xC0\xAF", false) == 0);                          /* overlong '/' */
    CHECK(AT("\xE0\x80\xAF", false) == 0);                      /* overlong, 3 bytes */
    CHECK(AT("\xED\xA0\x80", false) == 0);                      /* surrogate D800 */
    CHECK(AT("\xF4\x90\x80\x80", false) == 0);                  /* past U+10FFFF */
    CHECK(AT("\xE5\xBC\xA0\xE4\x41\x89", false) == 3);        /* 2nd byte not a trail */
    CHECK(AT("\xE5\xBC\xA0\xE4\xB8\x41", false) == 3);        /* 3rd byte not a trail */
    CHECK(AT("\xEF\xBF\xBD\xEE\x80\x80", false) == 6);        /* U+FFFD, U+E000 */
    CHECK(AT("x\xE5\xBC", false) == 1);                         /* cut short */
    CHECK(AT("x\xE5\xBC", true) == 3);                          /* ... at a chunk's end */
    CHECK(AT("x\xE5\x41", true) == 1);                          /* a bad byte is no cut */
    CHECK(wr_looks_gbk("\xD5\xC5\xC8\xFD,abc", 8));             /* 张三 */
    CHECK(wr_looks_gbk("\x81\x30\x81\x30", 4));                 /* GB18030 four bytes */
    CHECK(wr_looks_gbk("a\xD5", 2));                            /* cut at the end */
    CHECK(!wr_looks_gbk("ascii only", 10));
    CHECK(!wr_looks_gbk("\xFF\xFE", 2));
    CHECK(!wr_looks_gbk("\xD5\x7F", 2));                        /* 7F is no trail byte */
    return CHECK_DONE();
}
