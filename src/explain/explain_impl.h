/*
 * The explanation, shared by explain.c (gathering) and render*.c
 * (writing): the focused model with its trace, and the flag found in it.
 */
#ifndef WR_EXPLAIN_IMPL_H
#define WR_EXPLAIN_IMPL_H

#include "../rules/flags.h"
#include "emit.h"
#include "target.h"
#include "trace.h"
#include "wagerecon/explain.h"

struct wr_explanation {
    wr_options opt;
    wr_report report;
    wr_model model;
    wr_trace trace;
    wr_focus focus;
    wr_flag_target target;
    bool have_model;
    wr_vec flags;        /* wr_flag, of the focused rows */
    const wr_flag *flag; /* the one explained */
    char flag_id[17];
};

/* The kind member (its code; in Chinese text also its name) and RULES
 * 5.4's basis in the text's language (render.c). */
void wr_explain_kind(wr_emit *e, int kind);
const char *wr_explain_basis(const wr_emit *e, int kind);
/* A severity (SEV_*): its code, in Chinese text report.html's word. */
const char *wr_explain_severity(const wr_emit *e, int severity);

/* The sections of each kind of flag (render_bucket.c, render_other.c). */
void wr_render_bucket(const wr_explanation *x, wr_emit *e);
void wr_render_pair(const wr_explanation *x, wr_emit *e);
void wr_render_account(const wr_explanation *x, wr_emit *e);
/* RULES 5.3 kinds of a project, card or employer (render_agg.c). */
void wr_render_agg(const wr_explanation *x, wr_emit *e);

#endif
