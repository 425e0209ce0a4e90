/* Focus and trace for `wagerecon explain` (see trace.h). */
#include "trace.h"

#include <stdlib.h>
#include <string.h>

#include "../types/ident.h"

void wr_trace_init(wr_trace *t)
{
    memset(t, 0, sizeof *t);
    wr_vec_init(&t->attendance, sizeof(wr_trace_attendance));
    wr_vec_init(&t->payments, sizeof(wr_trace_payment));
    wr_vec_init(&t->txn_first, sizeof(wr_trace_loc));
}

void wr_trace_free(wr_trace *t)
{
    wr_vec_free(&t->attendance);
    wr_vec_free(&t->payments);
    wr_vec_free(&t->txn_first);
}

bool wr_focus_keeps_worker(const wr_focus *f, wr_str raw)
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

bool wr_trace_attendance_row(wr_model *m, uint32_t day, wr_trace_shape shape, int32_t value)
{
    wr_trace_attendance *a = wr_vec_push(&m->trace->attendance);
    if (!a)
        return false;
    *a = (wr_trace_attendance){day, m->current_file, (uint32_t)m->current_line,
                               (uint8_t)shape, value};
    return true;
}

bool wr_trace_txn_first(wr_model *m, uint32_t txn)
{
    while (m->trace->txn_first.len <= txn)
        if (!wr_vec_push(&m->trace->txn_first))
            return false;
    *WR_AT(m->trace->txn_first, wr_trace_loc, txn) =
        (wr_trace_loc){m->current_file, (uint32_t)m->current_line};
    return true;
}

bool wr_trace_wants_payment(const wr_model *m, wr_str payee_id)
{
    const wr_focus *f = m->focus;
    if (f->account.n > 0)
        return true; /* input.c kept only the focused account's rows */
    return wr_str_eq(payee_id, f->worker);
}

static bool copy(wr_model *m, const char **to, wr_str s)
{
    return (*to = wr_model_strdup(m, s)) != NULL;
}

bool wr_trace_payment_row(wr_model *m, const wr_trace_payment *p,
                          const wr_trace_payment_text *text)
{
    wr_trace_payment *t = wr_vec_push(&m->trace->payments);
    if (!t)
        return false;
    *t = *p;
    t->file = m->current_file;
    t->line = (uint32_t)m->current_line;
    wr_str card = text->card;
    if (card.n > 4) { /* a person may read it: the last 4 only */
        card.p += card.n - 4;
        card.n = 4;
    }
    return copy(m, &t->account, text->account) && copy(m, &t->txn_id, text->txn_id) &&
           copy(m, &t->payee_id, text->payee_id) && copy(m, &t->payee_name, text->payee_name) &&
           copy(m, &t->card_last4, card) && copy(m, &t->status, text->status);
}
