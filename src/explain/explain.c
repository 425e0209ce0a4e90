/*
 * wr_explain_open: find what the flag_id stands for (target.c), read the
 * inputs again keeping only the rows of that worker or account, with
 * their sources (trace.h, the reader's row observer), evaluate them with the run's own rule
 * code, and find the flag among the flags they raise: the same id proves
 * it is the flag the run wrote. Rendering is in render*.c.
 */
#include <stdlib.h>
#include <string.h>

#include "../core/options.h"
#include "../core/progress.h"
#include "../inputs/input.h"
#include "../rules/rules.h"
#include "../types/error.h"
#include "explain_impl.h"

static int focused_pass(wr_explanation *x, wr_error *err)
{
    wr_model *m = &x->model;
    wr_model_init(m, &x->opt, &x->report);
    wr_trace_init(&x->trace, &x->focus);
    /* The kinds of a project, card or employer (RULES 5.3) need every
     * worker's rows: a full pass, without the per-row trace. */
    if (!wr_is_agg_kind(x->target.kind)) {
        m->observer = &x->trace.observer;
    } else if (x->target.project) { /* the rows of its project only (D180) */
        wr_trace_scope(&x->trace, m, x->target.project);
        m->observer = &x->trace.observer;
    }
    int rc = wr_read_inputs(m, err);
    wr_stage_clock clock;
    bool ok = true;
    if (!rc) {
        wr_stage_begin(&clock, &x->opt, WR_STAGE_EVALUATE, NULL, NULL, 0);
        ok = wr_evaluate_buckets(m);
        wr_stage_end(&clock);
        wr_stage_begin(&clock, &x->opt, WR_STAGE_FLAGS, NULL, NULL, 0);
        ok = ok && wr_build_flags(m, &x->flags);
        wr_stage_end(&clock);
    }
    if (!rc && !ok) {
        rc = wr_error_nomem(err, NULL);
    }
    if (!rc && m->overflow) {
        rc = wr_errorf(err, WR_EINPUT, "amounts too large to add exactly (a sum left int64 fen)");
    }
    for (size_t i = 0; !rc && i < x->flags.len && !x->flag; i++)
        if (strcmp(WR_AT(x->flags, wr_flag, i)->id, x->flag_id) == 0)
            x->flag = WR_AT(x->flags, wr_flag, i);
    if (!rc && !x->flag) {
        rc = wr_errorf(err, WR_EINPUT,
                       "flag %s is not raised by these inputs and options (give those of the run "
                       "that wrote it)", x->flag_id);
    }
    return rc;
}

static wr_str str_of(const char *s)
{
    return (wr_str){s ? s : "", s ? strlen(s) : 0};
}

wr_status wr_explain_open(const wr_options *opt, const char *flag_id, const char *flags_csv,
                          wr_explanation **out, wr_error *err)
{
    if (!out || !err)
        return WR_EUSAGE;
    *out = NULL;
    err->message[0] = '\0';
    wr_status checked = wr_options_check(opt, false, err);
    if (checked != WR_OK)
        return checked;
    if (!flag_id)
        return wr_errorf(err, WR_EUSAGE, "no flag_id");
    if (!wr_flag_id_well_formed(flag_id)) {
        return wr_errorf(err, WR_EINPUT,
                         "flag id %s: want 16 lower-case hex digits, as in flags.csv", flag_id);
    }
    wr_explanation *x = calloc(1, sizeof *x);
    if (!x) {
        return wr_error_nomem(err, NULL);
    }
    x->opt = *opt;
    snprintf(x->flag_id, sizeof x->flag_id, "%s", flag_id);
    wr_vec_init(&x->flags, sizeof(wr_flag));
    int rc = flags_csv ? wr_flag_target_from_csv(flags_csv, flag_id, &x->target, err)
                       : wr_flag_target_from_run(opt, flag_id, &x->target, err);
    if (!rc) {
        x->focus.worker = str_of(x->target.worker);
        x->focus.account = str_of(x->target.account);
        x->focus.txn_id = str_of(x->target.txn_id);
        x->have_model = true;
        rc = focused_pass(x, err);
    }
    if (rc) {
        wr_explain_close(x);
        return (wr_status)rc; /* WR_EINPUT, or WR_ENOMEM (was WR_EINPUT too) */
    }
    *out = x;
    return WR_OK;
}

void wr_explain_rows(const wr_explanation *x, uint64_t *read, uint64_t *skipped)
{
    *read = x->trace.rows_read;
    *skipped = x->trace.rows_skipped;
}

void wr_explain_close(wr_explanation *x)
{
    if (!x)
        return;
    if (x->have_model) {
        wr_model_free(&x->model);
        wr_trace_free(&x->trace);
    }
    wr_vec_free(&x->flags);
    wr_flag_target_free(&x->target);
    wr_report_free(&x->report);
    free(x);
}
