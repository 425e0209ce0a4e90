/*
 * Writing an explanation: the header every flag has (id, kind, severity,
 * the run's as-of, periods and tolerance, worker and project), then the
 * sections of its kind (render_bucket.c, render_other.c, render_agg.c;
 * the rows they cite in render_rows.c). One walk for text and JSON
 * (emit.h).
 */
#include <stdio.h>
#include <string.h>

#include "../outputs/report_html.h"
#include "explain_impl.h"
#include "render_rows.h"

/* The kind: its RULES code, and in Chinese text its name beside it, as
 * report.html shows it (the code finds it in flags.csv). */
void wr_explain_kind(wr_emit *e, int kind)
{
    if (e->zh)
        wr_emit_fmt(e, "kind", "%s（%s）", wr_kind_name(kind),
                    wr_report_words_for(WR_LANG_ZH)->kind[kind]);
    else
        wr_emit_str(e, "kind", wr_kind_name(kind));
}

/* RULES 5.4's basis: flags.csv's short text, or in Chinese text the law's
 * title and article as report.html writes them (DECISIONS D120). */
const char *wr_explain_basis(const wr_emit *e, int kind)
{
    return e->zh ? wr_report_words_for(WR_LANG_ZH)->basis[kind] : wr_kind_basis(kind);
}

/* A severity as the text shows it: report.html's word in Chinese. */
const char *wr_explain_severity(const wr_emit *e, int severity)
{
    return e->zh ? wr_report_words_for(WR_LANG_ZH)->severity[severity] : wr_severity_name(severity);
}

static void render_worker_project(const wr_explanation *x, wr_emit *e, uint32_t pair)
{
    const wr_model *m = &x->model;
    const wr_pair *p = WR_AT(m->pairs, wr_pair, pair);
    const wr_project *pr = WR_AT(m->projects, wr_project, p->project);
    wr_emit_object(e, "worker");
    wr_emit_id(e, "id", WR_AT(m->workers, wr_worker, p->worker)->id);
    wr_emit_str(e, "name", wr_pair_worker_name(p));
    wr_emit_str(e, "name_from",
                p->roster_name         ? wr_emit_tr(e, "roster (first contract, else attendance row)")
                : p->first_payee_name ? wr_emit_tr(e, "first counted payment's payee_name")
                                      : NULL);
    wr_emit_end(e);
    wr_render_project_head(e, pr);
    wr_emit_str(e, "wage_account", pr->wage_account);
    wr_emit_end(e);
}

static void render_run(const wr_explanation *x, wr_emit *e)
{
    const wr_options *o = &x->opt;
    wr_emit_object(e, "run");
    wr_emit_day(e, "as_of", o->as_of_day);
    wr_emit_month(e, "from", o->from_month);
    wr_emit_month(e, "to", o->to_month);
    wr_emit_fen(e, "tolerance", o->tolerance_fen);
    wr_emit_end(e);
}

void wr_explain_write(const wr_explanation *x, wr_explain_format format, FILE *out)
{
    const wr_model *m = &x->model;
    const wr_flag *f = x->flag;
    wr_emit e;
    wr_emit_begin(&e, out, format == WR_EXPLAIN_JSON, x->opt.lang == WR_LANG_ZH);
    wr_emit_str(&e, "flag_id", f->id);
    wr_explain_kind(&e, f->kind);
    wr_emit_str(&e, "severity", wr_explain_severity(&e, f->severity));
    render_run(x, &e);
    if (wr_is_bucket_kind(f->kind)) {
        const wr_bucket *b = WR_AT(m->buckets, wr_bucket, f->ref);
        render_worker_project(x, &e, b->pair);
        wr_emit_month(&e, "period", b->period);
        wr_render_bucket(x, &e);
    } else if (wr_is_pair_kind(f->kind)) {
        render_worker_project(x, &e, f->ref);
        wr_render_pair(x, &e);
    } else if (wr_is_agg_kind(f->kind)) {
        wr_render_agg(x, &e);
    } else {
        wr_render_account(x, &e);
    }
    wr_emit_finish(&e);
}
