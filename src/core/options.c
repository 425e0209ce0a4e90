/* wr_options_init and the library's check of options (core/options.h). */
#include "options.h"

#include <string.h>

#include "../types/error.h"
#include "../types/limits.h"

void wr_options_init(wr_options *o)
{
    memset(o, 0, sizeof *o);
    o->jobs = 1;
    o->lang = WR_LANG_ZH;
}

static bool format_ref_ok(const wr_format_ref *f)
{
    if (f->n_values > 0 && !f->values)
        return false;
    for (size_t i = 0; i < f->n_values; i++)
        if (!f->values[i])
            return false;
    return true;
}

/* n files in files[], each set, with their descriptors' values (formats
 * NULL: all canonical CSV). */
static const char *files_problem(const char *const *files, const wr_format_ref *formats,
                                 size_t n, bool required)
{
    if (required && n == 0)
        return "none given";
    if (n > 0 && !files)
        return "a NULL array with a nonzero count";
    for (size_t i = 0; i < n; i++)
        if (!files[i] || (formats && !format_ref_ok(&formats[i])))
            return "a NULL file name or descriptor value";
    return NULL;
}

wr_status wr_options_begin(const wr_options *o, wr_report *report, wr_error *err)
{
    if (report) /* zeroed first, so wr_report_free is safe after any return */
        memset(report, 0, sizeof *report);
    if (!report || !err)
        return WR_EUSAGE;
    err->message[0] = '\0';
    return wr_options_check(o, true, err);
}

wr_status wr_options_check(const wr_options *o, bool needs_out, wr_error *err)
{
    if (!o)
        return wr_errorf(err, WR_EUSAGE, "options: NULL");
    if (!o->projects || !format_ref_ok(&o->projects_format))
        return wr_errorf(err, WR_EUSAGE, "options: no projects file");
    if (!o->contracts || !format_ref_ok(&o->contracts_format))
        return wr_errorf(err, WR_EUSAGE, "options: no contracts file");
    if (!format_ref_ok(&o->min_wage_format) || !format_ref_ok(&o->holidays_format))
        return wr_errorf(err, WR_EUSAGE, "options: a NULL descriptor value");
    const char *why;
    if ((why = files_problem(o->attendance, o->attendance_format, o->n_attendance, true)))
        return wr_errorf(err, WR_EUSAGE, "options: attendance files: %s", why);
    if ((why = files_problem(o->payments, o->payments_format, o->n_payments, true)))
        return wr_errorf(err, WR_EUSAGE, "options: payments files: %s", why);
    if ((why = files_problem(o->account_txns, o->account_txns_format, o->n_account_txns, false)))
        return wr_errorf(err, WR_EUSAGE, "options: account_txns files: %s", why);
    if (o->n_project_filter > WR_MAX_PROJECT_FILTER)
        return wr_errorf(err, WR_EUSAGE, "options: more than %d projects", WR_MAX_PROJECT_FILTER);
    if (o->n_project_filter > 0 && !o->project_filter)
        return wr_errorf(err, WR_EUSAGE, "options: project_filter NULL with a nonzero count");
    for (size_t i = 0; i < o->n_project_filter; i++)
        if (!o->project_filter[i])
            return wr_errorf(err, WR_EUSAGE, "options: a NULL project");
    if (o->from_month > o->to_month)
        return wr_errorf(err, WR_EUSAGE, "options: from_month is after to_month");
    if (o->to_month - (int64_t)o->from_month >= 120)
        return wr_errorf(err, WR_EUSAGE, "options: the run covers at most 120 months");
    if (o->jobs < 1 || o->jobs > 64)
        return wr_errorf(err, WR_EUSAGE, "options: jobs wants 1-64, got %d", o->jobs);
    if (o->lang != WR_LANG_ZH && o->lang != WR_LANG_EN)
        return wr_errorf(err, WR_EUSAGE, "options: lang is neither WR_LANG_ZH nor WR_LANG_EN");
    if (o->store_backfill && !o->store_url)
        return wr_errorf(err, WR_EUSAGE, "options: store_backfill without store_url");
    if (needs_out && !o->out_dir)
        return wr_errorf(err, WR_EUSAGE, "options: no out_dir");
    return WR_OK;
}
