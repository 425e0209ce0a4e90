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

static bool keep_row(void *ctx, const wr_row_keys *k)
{
    wr_trace *t = ctx;
    const wr_focus *f = t->focus;
    bool keep = true;
    t->rows_read++;
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

/* Does the trace want this payment row (payee or account in focus)? */
static bool counts_payee(void *ctx, wr_str payee_id)
{
    const wr_focus *f = ((const wr_trace *)ctx)->focus;
    if (f->account.n > 0)
        return true; /* keep_row kept only the focused account's rows */
    return wr_str_eq(payee_id, f->worker);
}

static bool on_day(void *ctx, uint32_t day, wr_day_shape shape, int32_t value)
{
    wr_trace *t = ctx;
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
    if (!counts_payee(t, p->payee_id))
        return true;
    wr_trace_payment *r = wr_vec_push(&t->payments);
    if (!r)
        return false;
    *r = (wr_trace_payment){
        .file = t->file, .line = t->line, .amount_fen = p->amount_fen, .paid_at = p->paid_at,
        .period = p->period, .project = p->project, .bucket = p->bucket, .verdict = p->verdict};
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

void wr_trace_init(wr_trace *t, const wr_focus *focus)
{
    memset(t, 0, sizeof *t);
    t->focus = focus;
    t->observer = (wr_row_observer){
        .ctx = t, .keep_row = keep_row, .on_row = on_row, .counts_payee = counts_payee,
        .on_day = on_day, .on_txn_first = on_txn_first, .on_payment = on_payment};
    wr_arena_init(&t->arena);
    wr_vec_init(&t->attendance, sizeof(wr_trace_attendance));
    wr_vec_init(&t->payments, sizeof(wr_trace_payment));
    wr_vec_init(&t->txn_first, sizeof(wr_trace_loc));
}

void wr_trace_free(wr_trace *t)
{
    wr_arena_free(&t->arena);
    wr_vec_free(&t->attendance);
    wr_vec_free(&t->payments);
    wr_vec_free(&t->txn_first);
}
