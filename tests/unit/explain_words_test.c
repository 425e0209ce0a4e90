/* explain/words_zh.c: every Chinese format keeps its English format's
 * conversions, in order (a swapped %s/%d would print garbage or crash);
 * no English entry twice; every Chinese text valid UTF-8 (DECISIONS D162).
 * That every phrase render*.c writes has an entry: explain_test.sh
 * (zh_words_cover_every_phrase). */
#include <string.h>

#include "check.h"
#include "explain/emit.h"
#include "types/utf8.h"

/* The conversions of a printf format, one letter each, "%%" skipped:
 * "%s x %lld" -> "sd" (length modifiers dropped, the conversion kept). */
static void conversions(const char *f, char *out, size_t n)
{
    size_t k = 0;
    for (; *f && k + 1 < n; f++) {
        if (*f != '%')
            continue;
        f++;
        if (*f == '%')
            continue;
        while (*f && strchr("0123456789.-+ #lhzjt", *f))
            f++;
        if (!*f)
            break;
        out[k++] = *f;
    }
    out[k] = '\0';
}

static void check_table(const wr_explain_word *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char a[16], b[16];
        conversions(t[i].en, a, sizeof a);
        conversions(t[i].zh, b, sizeof b);
        if (strcmp(a, b) != 0)
            fprintf(stderr, "conversions differ: \"%s\" -> \"%s\"\n", t[i].en, t[i].zh);
        CHECK(strcmp(a, b) == 0);
        /* the same length modifiers too: %lld stays %lld */
        CHECK((strstr(t[i].en, "%lld") != NULL) == (strstr(t[i].zh, "%lld") != NULL));
        CHECK(wr_utf8_invalid_at(t[i].zh, strlen(t[i].zh), false) == strlen(t[i].zh));
        CHECK(t[i].zh[0] != '\0');
        for (size_t j = 0; j < i; j++)
            CHECK(strcmp(t[i].en, t[j].en) != 0);
    }
}

int main(void)
{
    char c[16];
    conversions("%s x %lld days = %s, %% %u %c", c, sizeof c);
    CHECK(strcmp(c, "sdsuc") == 0);
    check_table(wr_explain_keys_zh, wr_explain_n_keys_zh);
    check_table(wr_explain_phrases_zh, wr_explain_n_phrases_zh);
    CHECK(wr_explain_n_phrases_zh > 70 && wr_explain_n_keys_zh > 80);
    CHECK(strcmp(wr_explain_phrase_zh("status %s is not SUCCESS"), "状态 %s 不是 SUCCESS") == 0);
    CHECK(wr_explain_phrase_zh("no such phrase") == NULL);
    CHECK(strcmp(wr_explain_key_zh("due_date"), "应发日") == 0);
    return CHECK_DONE();
}
