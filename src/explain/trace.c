/* Focus and trace for `wagerecon explain`: the reader's row observer
 * (see trace.h). */
#include "trace.h"

#include <stdlib.h>
#include <string.h>

#include "../core/model.h"
#include "../types/ident.h"

/* Is the row's raw worker_id the focused worker's? */
static bool keeps_worker(const wr_focus *f, wr_str raw)
{
    if (f->worker.n == 0)
        return false;
    if (wr_str_eq(raw, f->worker)) /* already normal: the common case */
        return true;
    char stack[256];
    char *buf = raw.n <= sizeof stack ? stack : malloc(raw.n);
    if (!buf)
        return true; /* keep it: the parser will deal with it */
    size_t n = wr_normalise_id(raw.p, raw.n, buf);
    bool keep = wr_str_eq((wr_str){buf, n}, f->worker);
    if (buf != stack)
        free(buf);
    return keep;
}

/* With no focus (a project's flag, D180): is `project` the scope
 * project? */
static bool scoped(const wr_trace *t, uint32_t project)
{
    return !t->focus && project != WR_NONE &&
           strcmp(WR_AT(t->model->projects, wr_project, project)->id, t->scope_project) == 0;
}

static bool keep_row(void *ctx, const wr_row_keys *k)
{
    wr_trace *t = ctx;
    const wr_focus *f = t->focus;
    bool keep = true;
    t->rows_read++;
    if (!f)
        return true; /* a project's flag: every row */
    if (k->has_worker)
        keep = keeps_worker(f, k->worker);
    else if (k->has_account && f->account.n > 0)
        keep = wr_str_eq(k->account, f->account) &&
               (f->txn_id.n == 0 || wr_str_eq(k->txn_id, f->txn_id));
    if (!keep)
        t->rows_skipped++;
    return keep;
}

static void on_row(void *ctx, uint32_t file, const wr_row *row)
{
    wr_trace *t = ctx;
    t->file = file;
    t->line = (uint32_t)row->line;
}

/* Does the trace want this payment row's money (payee or account in
 * focus; with no focus every row's)? */
static bool counts_payee(void *ctx, wr_str payee_id)
{
    const wr_focus *f = ((const wr_trace *)ctx)->focus;
    if (!f)
        return true;
    if (f->account.n > 0)
        return true; /* keep_row kept only the focused account's rows */
    return wr_str_eq(payee_id, f->worker);
}

static bool on_day(void *ctx, uint32_t day, wr_day_shape shape, int32_t value)
{
    wr_trace *t = ctx;
    if (!t->focus) { /* a project's flag: that project's rows only */
        const wr_attday d = wr_model_day(t->model, day);
        const wr_bucket *b = WR_AT(t->model->buckets, wr_bucket, d.bucket);
        if (!scoped(t, WR_AT(t->model->pairs, wr_pair, b->pair)->project))
            return true;
    }
    wr_trace_attendance *a = wr_vec_push(&t->attendance);
    if (!a)
        return false;
    *a = (wr_trace_attendance){day, t->file, t->line, (uint8_t)shape, value};
    return true;
}

static bool on_txn_first(void *ctx, uint32_t txn)
{
    wr_trace *t = ctx;
    while (t->txn_first.len <= txn)
        if (!wr_vec_push(&t->txn_first))
            return false;
    *WR_AT(t->txn_first, wr_trace_loc, txn) = (wr_trace_loc){t->file, t->line};
    return true;
}

static bool copy(wr_trace *t, const char **to, wr_str s)
{
    return (*to = wr_arena_strndup(&t->arena, s.p, s.n)) != NULL;
}

static bool on_payment(void *ctx, const wr_payment_seen *p)
{
    wr_trace *t = ctx;
    if (t->focus ? !counts_payee(t, p->payee_id) : !scoped(t, p->project))
        return true;
    wr_trace_payment *r = wr_vec_push(&t->payments);
    if (!r)
        return false;
    *r = (wr_trace_payment){
        .file = t->file, .line = t->line, .amount_fen = p->amount_fen, .paid_at = p->paid_at,
        .period = p->period, .project = p->project, .bucket = p->bucket, .verdict = p->verdict,
        .card = p->card_id};
    if (p->verdict == PAY_DUPLICATE) {
        const wr_trace_loc *at = WR_AT(t->txn_first, wr_trace_loc, p->txn);
        r->dup_file = at->file;
        r->dup_line = at->line;
    }
    wr_str card = p->card;
    if (card.n > 4) { /* a person may read it: the last 4 only */
        card.p += card.n - 4;
        card.n = 4;
    }
    return copy(t, &r->account, p->account) && copy(t, &r->txn_id, p->txn_id) &&
           copy(t, &r->payee_id, p->payee_id) && copy(t, &r->payee_name, p->payee_name) &&
           copy(t, &r->card_last4, card) && copy(t, &r->status, p->status);
}

/* A statement row of the scope project's account, with a duplicate's
 * first row among those traced. */
static bool on_statement(void *ctx, const wr_statement_seen *s)
{
    wr_trace *t = ctx;
    if (!scoped(t, s->project))
        return true;
    wr_trace_stmt *r = wr_vec_push(&t->statement);
    if (!r)
        return false;
    *r = (wr_trace_stmt){.file = t->file, .line = t->line, .amount_fen = s->amount_fen,
                         .posted_at = s->posted_at, .direction = s->direction,
                         .verdict = s->verdict};
    if (!(copy(t, &r->txn_id, s->txn_id) &&
          copy(t, &r->counterparty_account, s->counterparty_account) &&
          copy(t, &r->counterparty_name, s->counterparty_name) && copy(t, &r->purpose, s->purpose)))
        return false;
    if (r->verdict != STMT_DUPLICATE)
        return true;
    for (size_t i = 0; i + 1 < t->statement.len; i++) { /* the first read, traced too */
        const wr_trace_stmt *f = WR_AT(t->statement, wr_trace_stmt, i);
        if (f->verdict == STMT_COUNTED && strcmp(f->txn_id, r->txn_id) == 0) {
            r->dup_file = f->file;
            r->dup_line = f->line;
            break;
        }
    }
    return true;
}

void wr_trace_scope(wr_trace *t, const wr_model *m, const char *project_id)
{
    t->focus = NULL;
    t->model = m;
    t->scope_project = project_id;
}

void wr_trace_init(wr_trace *t, const wr_focus *focus)
{
    memset(t, 0, sizeof *t);
    t->focus = focus;
    t->observer = (wr_row_observer){
        .ctx = t, .keep_row = keep_row, .on_row = on_row, .counts_payee = counts_payee,
        .on_day = on_day, .on_txn_first = on_txn_first, .on_payment = on_payment,
        .on_statement = on_statement};
    wr_arena_init(&t->arena);
    wr_vec_init(&t->attendance, sizeof(wr_trace_attendance));
    wr_vec_init(&t->payments, sizeof(wr_trace_payment));
    wr_vec_init(&t->txn_first, sizeof(wr_trace_loc));
    wr_vec_init(&t->statement, sizeof(wr_trace_stmt));
}

void wr_trace_free(wr_trace *t)
{
    wr_arena_free(&t->arena);
    wr_vec_free(&t->attendance);
    wr_vec_free(&t->payments);
    wr_vec_free(&t->txn_first);
    wr_vec_free(&t->statement);
}
