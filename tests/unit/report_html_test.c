/* Unit tests for report.html's masking helper (src/outputs/report_html.c):
 * cards and accounts show "****" and their last 4 characters only. */
#include <string.h>

#include "check.h"
#include "outputs/report_html.h"

static int tail_is(const char *in, const char *want)
{
    char buf[16];
    wr_report_mask_tail(in, strlen(in), buf);
    if (strcmp(buf, want) != 0)
        fprintf(stderr, "mask_tail(%s) = %s, want %s\n", in, buf, want);
    return strcmp(buf, want) == 0;
}

int main(void)
{
    CHECK(tail_is("6222023100000000115", "****0115"));
    CHECK(tail_is("31050161393600000131", "****0131"));
    CHECK(tail_is("0115", "****0115"));
    CHECK(tail_is("15", "****15"));
    CHECK(tail_is("", "****"));
    CHECK(strcmp(wr_report_words_for(WR_LANG_ZH)->employers, "欠薪企业") == 0);
    CHECK(strcmp(wr_report_words_for(WR_LANG_EN)->employers, "Employers in arrears") == 0);
    return CHECK_DONE();
}
