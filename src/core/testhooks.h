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
#define WR_HOOK_CORRUPT_LEDGER "CORRUPT_LEDGER"     /* a fen added to a ledger row's arrears */
#define WR_HOOK_LOSE_PAYMENT "LOSE_PAYMENT"         /* the last counted payment's record dropped */
/* Not self-checks: SIGTERM when every output is written to its temporary
 * name but none renamed (the worst moment to be stopped); with --store,
 * STORE_WAIT=PATH: once the file outputs are in place, create PATH.ready
 * and wait (up to 60 s) until PATH exists before writing the store, so a
 * test can stop the database then. (The commit's own steps:
 * WAGERECON_TEST_COMMIT_STEP, io/outfile.c.) */
#define WR_HOOK_SIGTERM_BEFORE_COMMIT "SIGTERM_BEFORE_COMMIT"
#define WR_HOOK_STORE_WAIT "STORE_WAIT"

/* True when WAGERECON_TEST_<name> is set. */
bool wr_test_hook(const char *name);
/* Its value; NULL when not set. */
const char *wr_test_hook_value(const char *name);

#endif
