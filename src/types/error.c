/* Error messages and codes (types/error.h). */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>

int wr_errorf(wr_error *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return code;
}

int wr_error_nomem(wr_error *err, const char *what)
{
    return what ? wr_errorf(err, WR_ENOMEM, "out of memory %s", what)
                : wr_errorf(err, WR_ENOMEM, "out of memory");
}
