/*
 * Test hooks (issue 19 item 7): faults the test suite injects so that each
 * self-check of RULES section 6 (summary.json's "checks") is seen to fail
 * once. Internal, never part of the public wr_options: a hook is on when
 * the environment holds WAGERECON_TEST_<NAME> (any value), which no user
 * sets; tests/e2e/cli_test.sh sets them one at a time.
 */
#ifndef WR_TESTHOOKS_H
#define WR_TESTHOOKS_H

#include <stdbool.h>

/* Self-check faults, each breaking one identity of wr_compute_checks. */
#define WR_HOOK_SKEW_ROWS "SKEW_ROWS"               /* a used row counted twice: rows */
#define WR_HOOK_SKEW_BUCKET_PAID "SKEW_BUCKET_PAID" /* a fen appears in a bucket: counted payments */

/* True when WAGERECON_TEST_<name> is set. */
bool wr_test_hook(const char *name);

#endif
