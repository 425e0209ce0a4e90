/*
 * Fuzz target: one input file of a run is the fuzzer's bytes (plain or
 * zstd), the others are the small fixed set in testdata/fuzz/base. It drives
 * the CSV reader, the zstd path, that input's row parser and the rules.
 * FUZZ_ROLE picks the input: projects contracts attendance payments
 * min_wage holidays. Built with libFuzzer (clang -fsanitize=fuzzer) for
 * `make fuzz`, or with replay_main.c to replay a corpus in `make test`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wagerecon/wagerecon.h"

#ifndef FUZZ_ROLE
#define FUZZ_ROLE "payments"
#endif
#define BASE "testdata/fuzz/base/"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[] = "/tmp/wr_fuzz_input_XXXXXX", out[] = "/tmp/wr_fuzz_out_XXXXXX";
    static int fd = -1;
    if (fd < 0 && ((fd = mkstemp(path)) < 0 || !mkdtemp(out)))
        abort();
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
        abort();
    wr_options o = {
        .projects = BASE "projects.csv", .contracts = BASE "contracts.csv",
        .attendance = {BASE "attendance.csv", BASE "punches.csv"}, .n_attendance = 2,
        .payments = {BASE "payments.csv"}, .n_payments = 1,
        .min_wage = BASE "min_wage.csv", .holidays = BASE "holidays.csv",
        .jobs = 1, .out_dir = out,
    };
    wr_parse_date_text("2026-11-20", &o.as_of_day);
    wr_parse_period_text("2026-09", &o.from_month);
    wr_parse_period_text("2026-10", &o.to_month);
    const char *role = FUZZ_ROLE;
    if (!strcmp(role, "projects")) o.projects = path;
    else if (!strcmp(role, "contracts")) o.contracts = path;
    else if (!strcmp(role, "attendance")) o.attendance[1] = path;
    else if (!strcmp(role, "payments")) o.payments[0] = path;
    else if (!strcmp(role, "min_wage")) o.min_wage = path;
    else if (!strcmp(role, "holidays")) o.holidays = path;
    static wr_report report;
    wr_error err;
    wr_status st = wr_run(&o, &report, &err);
    /* The run must end in one of its documented states, never anything else. */
    if (st != WR_OK && st != WR_HIGH_FLAGS && st != WR_EINPUT)
        abort();
    return 0;
}
