/*
 * Fuzz target: the inputs read on threads against the same inputs read on
 * one (DECISIONS D466). `--jobs N` promises the outputs of `--jobs 1`,
 * byte for byte (docs/PARALLEL.md); tests/e2e/jobs_test.sh checks it on
 * the e2e cases and generator data, this target on whatever the fuzzer
 * makes: quoted line ends across chunk cuts, lone CRs, rejects, rows
 * "first read" (roster names, (account, txn_id) pairs) in any order.
 *
 * The fuzzer's bytes: byte 0 picks the input they replace (below) and the
 * thread count (2 or 3); byte 1 the chunk size (WAGERECON_TEST_CHUNK_BYTES,
 * 1-64 bytes, so a small file is cut into many chunks) and whether every
 * third chunk's parse is taken as failed (WAGERECON_TEST_CHUNK_FAIL, the
 * applying thread reads it again); the rest is that file. The other
 * inputs are testdata/fuzz/base's. Every input is read through
 * wr_read_inputs as a run reads them, the rules run, and each output is
 * rendered into memory: the read's status and message, and every output
 * byte, must be those of the read on one thread.
 */
#include <stdlib.h>
#include <string.h>

#include "../../src/inputs/input.h"
#include "fuzz_outputs.h"

#define BASE "testdata/fuzz/base/"

/* The inputs the fuzzer's file may stand for (byte 0 % N_ROLES). */
enum { R_PROJECTS, R_CONTRACTS, R_DAYS, R_PUNCHES, R_PAYMENTS, R_STATEMENT, N_ROLES };

/* What one read gives: its status, its message and its outputs' bytes. */
typedef struct {
    int rc;
    wr_error err;
    char *out;
    size_t out_n;
} outcome;

static void read_all(const wr_options *o, outcome *r)
{
    wr_report report;
    memset(&report, 0, sizeof report);
    wr_model m;
    wr_model_init(&m, o, &report);
    memset(&r->err, 0, sizeof r->err);
    r->rc = wr_read_inputs(&m, &r->err);
    FILE *f = open_memstream(&r->out, &r->out_n);
    if (!f)
        abort();
    fprintf(f, "rc %d: %s\n", r->rc, r->err.message);
    wr_checks c;
    if (r->rc == 0)
        fprintf(f, "\nsums within int64: %d\n", (int)fuzz_outputs(&m, f, &c));
    fclose(f);
    wr_model_free(&m);
    wr_report_free(&report);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    int role = data[0] % N_ROLES, jobs = 2 + (data[0] / N_ROLES) % 2;
    char chunk[16];
    snprintf(chunk, sizeof chunk, "%d", 1 + data[1] % 64);
    const char *fuzzed = fuzz_path(data + 2, size - 2);

    const char *days = role == R_DAYS ? fuzzed : BASE "attendance.csv";
    const char *punches = role == R_PUNCHES ? fuzzed : BASE "punches.csv";
    const char *payments = role == R_PAYMENTS ? fuzzed : BASE "payments.csv";
    const char *statement = role == R_STATEMENT ? fuzzed : BASE "account_txns.csv";
    const char *attendance[] = {days, punches};
    wr_options o = {
        .projects = role == R_PROJECTS ? fuzzed : BASE "projects.csv",
        .contracts = role == R_CONTRACTS ? fuzzed : BASE "contracts.csv",
        .attendance = attendance, .n_attendance = 2,
        .payments = &payments, .n_payments = 1,
        .account_txns = &statement, .n_account_txns = 1,
        .holidays = BASE "holidays.csv", .min_wage = BASE "min_wage.csv",
        .warn_days = 5, .jobs = 1,
    };
    wr_parse_date_text("2026-11-20", &o.as_of_day);
    wr_parse_period_text("2026-09", &o.from_month);
    wr_parse_period_text("2026-10", &o.to_month);

    outcome one, many;
    read_all(&o, &one);
    setenv("WAGERECON_TEST_CHUNK_BYTES", chunk, 1);
    setenv("WAGERECON_TEST_CHUNK_FAIL", data[1] & 64 ? "3" : "0", 1);
    o.jobs = jobs;
    read_all(&o, &many);
    unsetenv("WAGERECON_TEST_CHUNK_BYTES");
    unsetenv("WAGERECON_TEST_CHUNK_FAIL");

    if (one.out_n != many.out_n || memcmp(one.out, many.out, one.out_n) != 0) {
        fprintf(stderr, "--jobs 1:\n%.*s\n--jobs %d (chunks of %s bytes):\n%.*s\n",
                (int)(one.out_n < 2000 ? one.out_n : 2000), one.out, jobs, chunk,
                (int)(many.out_n < 2000 ? many.out_n : 2000), many.out);
        FUZZ_ASSERT(!"the outputs of --jobs N are those of --jobs 1");
    }
    free(one.out);
    free(many.out);
    return 0;
}
