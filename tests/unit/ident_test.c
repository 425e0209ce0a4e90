/* Unit tests: types/ident.c (RULES 3 normalisation, GB 11643). */
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
    char m[32];
    wr_mask_id("11010519491231002X", 18, m);
    CHECK(strcmp(m, "110105********002X") == 0);
    return CHECK_DONE();
}
