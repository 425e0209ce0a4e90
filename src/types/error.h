/*
 * One way to report an error (issue 19): wr_errorf writes the message
 * (one line naming file, line, column and cause) into err and returns the
 * status code, so a failing call reads `return wr_errorf(err, WR_EINPUT,
 * "%s: line %llu: ...", ...)`. The codes are wagerecon.h's wr_status,
 * each distinct; only the CLI turns them into exit codes.
 */
#ifndef WR_ERROR_H
#define WR_ERROR_H

#include "wagerecon/wagerecon.h"

/* Sets err->message from fmt (truncated to fit) and returns code. err
 * may be NULL (the message is dropped). */
int wr_errorf(wr_error *err, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The same for "out of memory" while doing `what` (NULL: nothing more):
 * returns WR_ENOMEM. */
int wr_error_nomem(wr_error *err, const char *what);

#endif
