/*
 * Error codes (issue 19): every wr_status is distinct, wr_errorf returns
 * the code it is given with the message set (truncated to fit, never
 * overflowing), and wr_error_nomem says "out of memory" with WR_ENOMEM.
 */
#include <string.h>

#include "check.h"
#include "types/error.h"

int main(void)
{
    const int codes[] = {WR_OK,      WR_EINPUT, WR_HIGH_FLAGS, WR_ESELFCHECK,
                         WR_ESTORE,  WR_EOUTPUT, WR_ENOMEM,    WR_EUSAGE};
    size_t n = sizeof codes / sizeof codes[0];
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            CHECK(codes[i] != codes[j]);

    wr_error err = {{0}};
    CHECK(wr_errorf(&err, WR_EOUTPUT, "%s: cannot write: %s", "out", "disk full") == WR_EOUTPUT);
    CHECK(strcmp(err.message, "out: cannot write: disk full") == 0);
    CHECK(wr_errorf(NULL, WR_EINPUT, "dropped") == WR_EINPUT);

    char longer[2000];
    memset(longer, 'x', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    CHECK(wr_errorf(&err, WR_EINPUT, "%s", longer) == WR_EINPUT);
    CHECK(strlen(err.message) == sizeof err.message - 1);

    CHECK(wr_error_nomem(&err, "writing report.html") == WR_ENOMEM);
    CHECK(strcmp(err.message, "out of memory writing report.html") == 0);
    CHECK(wr_error_nomem(&err, NULL) == WR_ENOMEM);
    CHECK(strcmp(err.message, "out of memory") == 0);
    return CHECK_DONE();
}
