/*
 * Fuzz targets for each input's rows: the fuzzer's bytes are one input
 * file (header and rows) read through the CSV reader, the typed column
 * layer (src/inputs/columns.c) and that input's handler; the other inputs
 * are the small fixed set in testdata/fuzz/base, read in the run's order.
 * Then the rules run in memory and every output is rendered to /dev/null
 * (no files, no fsync: thousands of inputs a second), and the invariants
 * a run promises are asserted: every data row used, out of scope or
 * rejected; rejects well formed; the control totals of summary.json hold.
 * FUZZ_TARGET picks the input: projects contracts attendance_day
 * attendance_punch payments min_wage holidays account_txns (the wage
 * account's statement, RULES v2: DECISIONS D466).
 */
#include <string.h>

#include "../../src/inputs/input.h"
#include "fuzz_outputs.h"

#ifndef FUZZ_TARGET
#define FUZZ_TARGET "payments"
#endif
#define BASE "testdata/fuzz/base/"

/* The run's read order (DECISIONS D1); the target's input is replaced. */
static const struct {
    const char *target;
    const wr_input_kind *kind;
    const char *base;
} inputs[] = {
    {"projects", &wr_projects_input, BASE "projects.csv"},
    {"holidays", &wr_holidays_input, BASE "holidays.csv"},
    {"min_wage", &wr_min_wage_input, BASE "min_wage.csv"},
    {"contracts", &wr_contracts_input, BASE "contracts.csv"},
    {"attendance_day", &wr_attendance_input, BASE "attendance.csv"},
    {"attendance_punch", &wr_attendance_input, BASE "punches.csv"},
    {"payments", &wr_payments_input, BASE "payments.csv"},
    {"account_txns", &wr_account_txns_input, BASE "account_txns.csv"},
};

static void check_rejects(const wr_model *m)
{
    for (size_t i = 0; i < m->rejects.len; i++) {
        const wr_reject *j = WR_AT(m->rejects, wr_reject, i);
        FUZZ_ASSERT(j->line >= 2); /* line 1 is the header */
        /* canonical rows may be BAD_ENCODING too (DECISIONS D80), column
         * empty when the bytes are in a field no column reads (D36) */
        FUZZ_ASSERT(j->reason > WR_REASON_NONE && j->reason <= WR_BAD_ENCODING);
        FUZZ_ASSERT(j->reason == WR_BAD_ENCODING ||
                    (j->reason == WR_FIELD_COUNT) == (j->column[0] == '\0'));
        FUZZ_ASSERT(j->file < m->report->n_files);
    }
}

/* RULES 4.6 (v2): of a statement's used rows, the first of each
 * (account, txn_id) counts and the others are its duplicates; the run has
 * one statement file, so its used rows are the distinct pairs noted plus
 * the duplicates (DECISIONS D466). */
static void check_statement(const wr_model *m)
{
    for (size_t i = 0; i < m->report->n_files; i++) {
        const wr_file_stats *f = &m->report->files[i];
        if (strcmp(f->role, "account_txns") == 0)
            FUZZ_ASSERT(f->used == m->stmt_txns.len + f->duplicates);
    }
}

/* Rules, outputs rendered to /dev/null, control totals (an overflowing
 * sum stops a run before the checks). */
static void evaluate(wr_model *m)
{
    static FILE *sink;
    if (!sink && !(sink = fopen("/dev/null", "w")))
        abort();
    wr_checks c;
    if (fuzz_outputs(m, sink, &c)) {
        FUZZ_ASSERT(c.rows_ok);
        FUZZ_ASSERT(c.payments_ok);
        FUZZ_ASSERT(c.arrears_ok);
        FUZZ_ASSERT(c.matched_ok);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *fuzzed = fuzz_path(data, size);
    wr_options o = {.jobs = 1};
    wr_parse_date_text("2026-11-20", &o.as_of_day);
    wr_parse_period_text("2026-09", &o.from_month);
    wr_parse_period_text("2026-10", &o.to_month);
    static wr_report report;
    memset(&report, 0, sizeof report);
    wr_model m;
    wr_model_init(&m, &o, &report);
    wr_error err = {{0}};
    int rc = 0;
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0] && !rc; i++) {
        bool is_target = strcmp(inputs[i].target, FUZZ_TARGET) == 0;
        rc = wr_read_input(&m, inputs[i].kind, is_target ? fuzzed : inputs[i].base, NULL, &err);
    }
    /* A read ends in success or in a one-line message, nothing else. */
    FUZZ_ASSERT(rc == 0 || (rc == WR_EINPUT && err.message[0] != '\0'));
    check_rejects(&m);
    if (rc == 0) {
        check_statement(&m);
        evaluate(&m);
    }
    wr_model_free(&m);
    wr_report_free(&report);
    return 0;
}
