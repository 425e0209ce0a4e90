/* outputs/cases.c: a case's amount is the exact sum of its flags'
 * shortfalls whatever their number and size (DECISIONS D164): 128 bits,
 * never saturated at int64. Amounts computed by hand in the comments. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "outputs/outputs.h"
#include "types/money.h"

static char *write_cases(const wr_case_flag *cf, size_t n)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    wr_report *rep = calloc(1, sizeof *rep); /* the case counts (D213): not checked here */
    bool ok = f && rep && wr_write_cases(f, 2026 * 12 + 9, 2026 * 12 + 9, cf, n, rep);
    if (f)
        fclose(f);
    free(rep);
    CHECK(ok);
    return text;
}

static wr_case_flag flag(const char *worker, const char *id, int64_t shortfall_fen)
{
    return (wr_case_flag){.employer_id = "E1", .employer_name = "甲建筑公司",
                          .project_id = "P1", .worker_id = worker, .flag_id = id,
                          .shortfall_fen = shortfall_fen, .client_id = "", .client_name = "",
                          .period = 2026 * 12 + 9, .account = ""};
}

int main(void)
{
    char buf[48];
    wr_format_fen_sum((wr_fen_sum)INT64_MAX + 1, buf);   /* 9223372036854775808 fen */
    CHECK(strcmp(buf, "92233720368547758.08") == 0);
    wr_format_fen_sum((wr_fen_sum)INT64_MAX * 3, buf);   /* 27670116110564327421 fen */
    CHECK(strcmp(buf, "276701161105643274.21") == 0);
    wr_format_fen_sum(-((wr_fen_sum)INT64_MAX * 2), buf); /* -18446744073709551614 fen */
    CHECK(strcmp(buf, "-184467440737095516.14") == 0);
    wr_format_fen_sum(12345, buf);
    CHECK(strcmp(buf, "123.45") == 0);

    /* Three shortfalls of 5,000,000,000,000,000,000 fen: 15e18 fen, past
     * INT64_MAX (about 9.22e18): 150,000,000,000,000,000.00 yuan. */
    wr_case_flag big[3] = {flag("W1", "0000000000000001", INT64_C(5000000000000000000)),
                           flag("W2", "0000000000000002", INT64_C(5000000000000000000)),
                           flag("W3", "0000000000000003", INT64_C(5000000000000000000))};
    char *text = write_cases(big, 3);
    CHECK(text && strstr(text, "\"workers\":3,\"amount\":\"150000000000000000.00\""));
    if (text && !strstr(text, "150000000000000000.00"))
        fprintf(stderr, "got: %s", text);
    free(text);
    /* Small ones as before: 600.00 + 1050.00 = 1650.00. */
    wr_case_flag small[2] = {flag("W1", "0000000000000001", 60000),
                             flag("W2", "0000000000000002", 105000)};
    text = write_cases(small, 2);
    CHECK(text && strstr(text, "\"workers\":2,\"amount\":\"1650.00\""));
    free(text);
    return CHECK_DONE();
}
