/* Unit tests: types/ident.c (RULES 3 normalisation, GB 11643). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "types/ident.h"

static bool id_is(const char *in, const char *want)
{
    char out[128];
    size_t n = wr_normalise_id(in, strlen(in), out);
    return n == strlen(want) && memcmp(out, want, n) == 0;
}

/* wr_id_is_normal may say false for a text normalising leaves alone (any
 * non-ASCII byte), never true for one it would change. */
static bool normal_agrees(const char *in)
{
    char out[128];
    size_t n = wr_normalise_id(in, strlen(in), out);
    bool unchanged = n == strlen(in) && memcmp(out, in, n) == 0;
    return !wr_id_is_normal(in, strlen(in)) || unchanged;
}

/* wr_id_is_normal as the byte loop it answers for (D352's reference). */
static bool ref_is_normal(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80 || c == ' ' || c == 'x')
            return false;
    }
    return true;
}

/* Every length 0-40 (15- and 18-character IDs among them; the inline
 * looks take 16-32), a normal text with every byte value at every
 * position, then with two bad bytes: the same answer as the byte loop.
 * Each text ends its malloc'd block, so ASan sees a read past it. */
static int is_normal_differs(void)
{
    static const char digits[] = "11010519491231002X0123456789ABCDEFGHIJKLM";
    int differ = 0;
    for (size_t n = 0; n <= 40; n++) {
        char *block = malloc(n + 1), *s = block + 1; /* n bytes, the block's last */
        for (size_t i = 0; i < n; i++)
            for (int c = 0; c < 256; c++) {
                memcpy(s, digits, n);
                s[i] = (char)c;
                differ += wr_id_is_normal(s, n) != ref_is_normal(s, n);
                for (size_t j = i + 1; j < n; j += 3) { /* a second byte: space, x, non-ASCII */
                    s[j] = "x \x80"[j % 3 == 1 ? 0 : j % 3 == 2 ? 1 : 2];
                    differ += wr_id_is_normal(s, n) != ref_is_normal(s, n);
                    s[j] = digits[j];
                }
            }
        memcpy(s, digits, n);
        differ += wr_id_is_normal(s, n) != ref_is_normal(s, n);
        free(block);
    }
    return differ;
}

static bool same_name(const char *a, const char *b)
{
    char x[128], y[128];
    size_t n = wr_normalise_name(a, strlen(a), x), m = wr_normalise_name(b, strlen(b), y);
    return n == m && memcmp(x, y, n) == 0;
}

int main(void)
{
    wr_day today;
    wr_parse_date("2026-11-20", 10, &today);
    CHECK(wr_id_is_normal("11010519491231002X", 18));
    CHECK(!wr_id_is_normal("11010519491231002x", 18));
    CHECK(!wr_id_is_normal("110105 19491231002X", 19));
    CHECK(!wr_id_is_normal("\xEF\xBC\x91" "10105194912310021", 20)); /* full-width 1 */
    CHECK(!wr_id_is_normal("1101051949x231002X", 18)); /* x in the second word */
    CHECK(!wr_id_is_normal("1101051 49123100 X", 18));
    CHECK(wr_id_is_normal("yw!~09AZ", 8));            /* near ' ' and 'x', not them */
    CHECK(wr_id_is_normal("11010519491231002X0123456789ABCDEF!", 35));
    CHECK(!wr_id_is_normal("1234567890123456x8", 18)); /* found by the last look */
    CHECK(!wr_id_is_normal("12345678901234567\xC3", 18));
    CHECK(!wr_id_is_normal("123456789012345678901234567890123x", 34));
    static const char *const ids[] = {"11010519491231002X", "1101x", "a b", "\xE3\x80\x80" "12",
                                      "\xEF\xBC\xB8", "ABCxyz", "-_.", "\xC3\xA9",
                                      "12345678x", "1234567 9", "12345678901234567\xC3\xA9",
                                      "x2345678901234567", "123456789012345 78", "wxyw",
                                      /* in the last sixteen bytes' second look only */
                                      "1234567890123456x8", "12345678901234567x",
                                      "1234567890123456 8", "12345678901234567\xC3"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        CHECK(normal_agrees(ids[i]));
    /* GB 11643 example: 11010519491231002X */
    CHECK(wr_id_is_valid("11010519491231002X", 18, today));
    /* D448: a name wr_name_is_normal calls normal is its own normal form
     * (RULES 3); those with something RULES 3 changes are not. */
    CHECK(wr_name_is_normal("张伟", 6) && wr_name_is_normal("", 0));
    CHECK(wr_name_is_normal("LINA.2", 6));             /* capitals, '.', digits stay */
    CHECK(wr_name_is_normal("买买提.艾力", 16));        /* the ASCII dot is the one dot */
    CHECK(!wr_name_is_normal("LI NA", 5));             /* an ASCII space */
    CHECK(!wr_name_is_normal("zhang", 5));             /* lower case */
    CHECK(!wr_name_is_normal("欧阳\xE3\x80\x80娜娜", 15)); /* U+3000 */
    CHECK(!wr_name_is_normal("买买提\xC2\xB7艾力", 17));   /* U+00B7 */
    CHECK(!wr_name_is_normal("买买提\xE2\x80\xA2艾力", 18)); /* U+2022 */
    CHECK(!wr_name_is_normal("阿依古丽\xE2\x80\xA7吐尔逊", 24)); /* U+2027 */
    CHECK(!wr_name_is_normal("阿依古丽\xE3\x83\xBB吐尔逊", 24)); /* U+30FB */
    CHECK(!wr_name_is_normal("\xEF\xBC\xAC\xEF\xBD\x89", 6)); /* Ｌｉ */
    CHECK(!wr_name_is_normal("王小明\xEF\xBC\x92", 12)); /* full-width 2 */
    static const char *const names[] = {"张伟", "LINA", "买买提.艾力", "Li Na", "zhang wei",
                                        "欧阳\xE3\x80\x80娜娜", "买买提\xC2\xB7艾力",
                                        "\xEF\xBC\xAC\xEF\xBD\x89 \xEF\xBC\xAE\xEF\xBD\x81",
                                        "", "A", "9"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char out[64];
        size_t n = strlen(names[i]);
        size_t on = wr_normalise_name(names[i], n, out);
        /* a normal name normalises to itself (the converse may not hold) */
        CHECK(!wr_name_is_normal(names[i], n) || (on == n && memcmp(out, names[i], n) == 0));
    }
    CHECK(!wr_id_is_valid("110105194912310021", 18, today)); /* check char */
    CHECK(!wr_id_is_valid("11010519491231002", 17, today));
    CHECK(!wr_id_is_valid("110105199902300015", 18, today)); /* 1999-02-30 */
    CHECK(!wr_id_is_valid("11010520300101001X", 18, today)); /* born after as-of */
    CHECK(id_is("11010519491231002x", "11010519491231002X"));
    CHECK(id_is("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"));
    CHECK(id_is(" 110105\xe3\x80\x80" "19491231002ｘ ", "11010519491231002X"));
    CHECK(same_name("买买提·艾力", "买买提.艾力"));
    CHECK(same_name("买买提•艾力", "买买提・艾力"));
    CHECK(same_name("买买提‧艾力", "买买提．艾力"));
    CHECK(same_name("Ｌｉ Ｎａ", "LI NA"));
    CHECK(same_name("张\xe3\x80\x80三", "张三"));
    CHECK(!same_name("张三", "张山"));
    CHECK(wr_id_is_normal("110105491231002", 15)); /* a 15-character ID: no inline look */
    CHECK(!wr_id_is_normal("11010549123100x", 15));
    CHECK(is_normal_differs() == 0);
    char m[32];
    wr_mask_id("11010519491231002X", 18, m);
    CHECK(strcmp(m, "110105********002X") == 0);
    return CHECK_DONE();
}
