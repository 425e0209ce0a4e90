/*
 * What a flag_id stands for. The id is a hash (RULES 5.2), so its kind,
 * worker and account are found either in a previous run's flags.csv
 * (one streaming pass; the row's fields are hashed again to check they
 * give the id) or by a full evaluation of the inputs (DECISIONS D42).
 */
#include "target.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../inputs/input.h"
#include "../io/csvread.h"
#include "../io/infile.h"
#include "../rules/rules.h"
#include "../types/error.h"

void wr_flag_target_free(wr_flag_target *t)
{
    free(t->worker);
    free(t->account);
    free(t->txn_id);
    free(t->project);
    memset(t, 0, sizeof *t);
}

bool wr_flag_id_well_formed(const char *id)
{
    size_t n = strlen(id);
    if (n != 16)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f')))
            return false;
    return true;
}

/* ---- from flags.csv ---- */

enum { F_ID, F_KIND, F_PROJECT, F_WORKER, F_PERIOD, F_DETAIL, F_N };
static const char *const column_names[F_N] = {"flag_id", "kind", "project_id",
                                              "worker_id", "period", "detail"};

typedef struct {
    const char *flag_id, *file;
    long col[F_N];
    char *found[F_N]; /* copies of the matching row's fields */
    wr_error *err;
} csv_lookup;

#define FOUND 1 /* stops the read: the row is found */

static int lookup_header(void *ctx, const wr_row *h)
{
    csv_lookup *l = ctx;
    for (int c = 0; c < F_N; c++) {
        l->col[c] = -1;
        for (size_t i = 0; i < h->n_fields && l->col[c] < 0; i++)
            if (wr_str_is(h->fields[i], column_names[c]))
                l->col[c] = (long)i;
        if (l->col[c] < 0) {
            return wr_errorf(l->err, WR_EINPUT,
                             "%s: not a flags.csv (no column %s)", l->file, column_names[c]);
        }
    }
    return 0;
}

/* A cell of a flags.csv written with --excel (DECISIONS D163): ="TEXT"
 * is TEXT. (The BOM such a file starts with, csvread skips.) */
static wr_str excel_text(wr_str f)
{
    if (f.n >= 3 && f.p[0] == '=' && f.p[1] == '"' && f.p[f.n - 1] == '"')
        return (wr_str){f.p + 2, f.n - 3};
    return f;
}

static int lookup_row(void *ctx, const wr_row *row)
{
    csv_lookup *l = ctx;
    if ((size_t)l->col[F_ID] >= row->n_fields ||
        !wr_str_is(excel_text(row->fields[l->col[F_ID]]), l->flag_id))
        return 0;
    for (int c = 0; c < F_N; c++) {
        wr_str f = (size_t)l->col[c] < row->n_fields ? excel_text(row->fields[l->col[c]])
                                                      : (wr_str){"", 0};
        if (!(l->found[c] = strndup(f.p, f.n))) {
            return wr_error_nomem(l->err, NULL);
        }
    }
    return FOUND;
}

/* DECISIONS D19 detail `account=A txn_id=T rows=N` (rules/flags.h). */
static bool split_detail(wr_flag_target *t, const char *detail, const char *flag_id)
{
    char *account, *txn_id;
    if (!wr_account_detail_split(t->kind, detail, flag_id, &account, &txn_id))
        return false;
    t->account = account;
    if (t->kind == K_DUPLICATE_TXN)
        t->txn_id = txn_id;
    else
        free(txn_id);
    return true;
}

int wr_flag_target_from_csv(const char *flags_csv, const char *flag_id, wr_flag_target *t,
                            wr_error *err)
{
    memset(t, 0, sizeof *t);
    csv_lookup l = {.flag_id = flag_id, .file = wr_base_name(flags_csv), .err = err};
    wr_csv_handler h = {.on_header = lookup_header, .on_row = lookup_row, .ctx = &l};
    int rc = wr_csv_read(flags_csv, &h, err);
    if (rc == 0) {
        rc = wr_errorf(err, WR_EINPUT, "no flag %s in %s", flag_id, l.file);
    } else if (rc == FOUND) {
        rc = 0;
        t->kind = wr_kind_of_name(l.found[F_KIND]);
        char id[17] = "";
        if (t->kind < 0) {
            rc = WR_EINPUT;
        } else if (wr_is_agg_kind(t->kind)) {
            /* RULES 5.3 kinds of a project, card or employer: explained
             * by a full pass (explain.c), where the id is found again;
             * the project's rows are traced. */
            if (l.found[F_PROJECT][0]) {
                t->project = l.found[F_PROJECT];
                l.found[F_PROJECT] = NULL;
            }
        } else if (t->kind == K_DUPLICATE_TXN || t->kind == K_UNKNOWN_ACCOUNT) {
            if (!split_detail(t, l.found[F_DETAIL], flag_id))
                rc = WR_EINPUT;
        } else {
            wr_flag_id(t->kind, l.found[F_PROJECT], l.found[F_WORKER], l.found[F_PERIOD], id);
            t->worker = l.found[F_WORKER];
            l.found[F_WORKER] = NULL;
            if (strcmp(id, flag_id) != 0)
                rc = WR_EINPUT;
        }
        if (rc)
            wr_errorf(err, rc, "%s: the row of flag %s does not give that id (edited file?)",
                      l.file, flag_id);
    }
    for (int c = 0; c < F_N; c++)
        free(l.found[c]);
    if (rc)
        wr_flag_target_free(t);
    return rc;
}

/* ---- by a full evaluation ---- */

int wr_flag_target_from_run(const wr_options *opt, const char *flag_id, wr_flag_target *t,
                            wr_error *err)
{
    memset(t, 0, sizeof *t);
    wr_report *report = calloc(1, sizeof *report);
    wr_model m;
    wr_vec flags;
    wr_vec_init(&flags, sizeof(wr_flag));
    if (!report) {
        return wr_error_nomem(err, NULL);
    }
    wr_model_init(&m, opt, report);
    int rc = wr_read_inputs(&m, err);
    if (!rc && !(wr_evaluate_buckets(&m) && wr_build_flags(&m, &flags))) {
        rc = wr_error_nomem(err, NULL);
    }
    const wr_flag *f = NULL;
    for (size_t i = 0; !rc && i < flags.len && !f; i++)
        if (strcmp(WR_AT(flags, wr_flag, i)->id, flag_id) == 0)
            f = WR_AT(flags, wr_flag, i);
    if (!rc && !f) {
        rc = wr_errorf(err, WR_EINPUT, "no flag %s in a run of these inputs and options", flag_id);
    }
    if (!rc) {
        t->kind = f->kind;
        bool ok = true;
        if (f->kind == K_DUPLICATE_TXN) {
            const wr_txn *x = WR_AT(m.txns, wr_txn, f->ref);
            ok = (t->account = strdup(x->account)) && (t->txn_id = strdup(x->txn_id));
        } else if (wr_is_agg_kind(f->kind)) {
            /* a full pass finds it (explain.c), tracing the project's rows */
            const char *p = WR_AT(m.agg_flags, wr_agg_flag_record, f->ref)->project_id;
            if (p[0])
                ok = (t->project = strdup(p)) != NULL;
        } else if (f->kind == K_UNKNOWN_ACCOUNT) {
            ok = (t->account = strdup(
                      WR_AT(m.unknown_accounts, wr_unknown_account, f->ref)->account)) != NULL;
        } else {
            uint32_t pair = wr_is_pair_kind(f->kind) ? f->ref
                                                     : WR_AT(m.buckets, wr_bucket, f->ref)->pair;
            const wr_worker *w = WR_AT(m.workers, wr_worker, WR_AT(m.pairs, wr_pair, pair)->worker);
            ok = (t->worker = strdup(w->id)) != NULL;
        }
        if (!ok) {
            rc = wr_error_nomem(err, NULL);
        }
    }
    wr_vec_free(&flags);
    wr_model_free(&m);
    wr_report_free(report);
    free(report);
    if (rc)
        wr_flag_target_free(t);
    return rc;
}
