/*
 * The library with bad options (issue 19): wr_run, wr_partition,
 * wr_merge and wr_explain_open return WR_EUSAGE with a message for NULL
 * or inconsistent options, never crash, and read or write nothing.
 * DECISIONS D242: the lists in wr_options are pointer + count, owned by
 * the caller; a NULL pointer with a nonzero count is WR_EUSAGE.
 */
#include <string.h>

#include "check.h"
#include "wagerecon/explain.h"
#include "wagerecon/wagerecon.h"

static wr_report report;
static const char *attendance[1], *payments[1], *projects[1];
static wr_format_ref attendance_format[1];

static void good(wr_options *o)
{
    wr_options_init(o);
    o->projects = "testdata/none/projects.csv";
    o->contracts = "testdata/none/contracts.csv";
    attendance[0] = "testdata/none/attendance.csv";
    o->attendance = attendance;
    o->n_attendance = 1;
    payments[0] = "testdata/none/payments.csv";
    o->payments = payments;
    o->n_payments = 1;
    attendance_format[0] = (wr_format_ref){0};
    projects[0] = NULL;
    o->from_month = o->to_month = 2026 * 12;
    o->out_dir = "/nonexistent/out";
}

/* wr_run with o is WR_EUSAGE and says why (`word` in the message). */
static void refused(const wr_options *o, const char *word)
{
    wr_error err = {{0}};
    CHECK(wr_run(o, &report, &err) == WR_EUSAGE);
    CHECK(strstr(err.message, word) != NULL);
}

int main(void)
{
    wr_options o;
    wr_error err = {{0}};
    refused(NULL, "NULL");
    good(&o), o.projects = NULL, refused(&o, "projects");
    good(&o), o.contracts = NULL, refused(&o, "contracts");
    good(&o), o.n_attendance = 0, refused(&o, "attendance");
    good(&o), attendance[0] = NULL, refused(&o, "attendance");
    good(&o), o.attendance = NULL, refused(&o, "attendance files: a NULL array");
    good(&o), o.payments = NULL, refused(&o, "payments files: a NULL array");
    good(&o), o.n_account_txns = 1, refused(&o, "account_txns files: a NULL array");
    good(&o), o.n_project_filter = 1, refused(&o, "project_filter NULL");
    good(&o), o.project_filter = projects, o.n_project_filter = 1, refused(&o, "NULL project");
    good(&o), o.from_month = o.to_month + 1, refused(&o, "after");
    good(&o), o.to_month = o.from_month + 120, refused(&o, "120 months");
    good(&o), o.jobs = 0, refused(&o, "jobs");
    good(&o), o.lang = (wr_lang)7, refused(&o, "lang");
    good(&o), o.attendance_format = attendance_format, attendance_format[0].n_values = 1,
        refused(&o, "attendance");
    good(&o), o.min_wage_format.n_values = 2, refused(&o, "descriptor value");
    good(&o), o.store_backfill = true, refused(&o, "store");
    good(&o), o.out_dir = NULL, refused(&o, "out_dir");
    /* NULL *_format arrays: every file canonical CSV, not a usage error
     * (the run stops at the missing input instead) */
    good(&o);
    CHECK(wr_run(&o, &report, &err) == WR_EINPUT);
    wr_report_free(&report); /* D243: the files read before the error */
    CHECK(wr_run(&o, NULL, &err) == WR_EUSAGE);
    CHECK(wr_run(&o, &report, NULL) == WR_EUSAGE);

    good(&o), o.projects = NULL;
    CHECK(wr_partition(&o, 2, &report, &err) == WR_EUSAGE);
    /* D230: --out that cannot be created is an output error (was EINPUT) */
    good(&o);
    CHECK(wr_partition(&o, 2, &report, &err) == WR_EOUTPUT);
    CHECK(strstr(err.message, "cannot create") != NULL);
    CHECK(wr_partition(NULL, 2, &report, &err) == WR_EUSAGE);

    const char *dirs[] = {"a", NULL};
    CHECK(wr_merge(dirs, 2, "out", &report, &err) == WR_EUSAGE);
    CHECK(wr_merge(NULL, 1, "out", &report, &err) == WR_EUSAGE);
    CHECK(wr_merge(dirs, 1, NULL, &report, &err) == WR_EUSAGE);

    wr_explanation *x = (wr_explanation *)&x;
    CHECK(wr_explain_open(NULL, "0123456789abcdef", NULL, &x, &err) == WR_EUSAGE && !x);
    good(&o);
    CHECK(wr_explain_open(&o, NULL, NULL, &x, &err) == WR_EUSAGE);
    return CHECK_DONE();
}
