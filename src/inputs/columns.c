#include "columns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../types/error.h"
#include "../types/ident.h"
#include "../types/money.h"

_Static_assert(WR_N_REASONS == WR_REASON_END, "wagerecon.h's WR_N_REASONS: the number of wr_reason values");

const char *wr_reject_reason_name(int reason)
{
    return reason >= 0 && reason < WR_N_REASONS ? wr_reason_name((wr_reason)reason) : "";
}

bool wr_header_has(const wr_row *header, const char *name)
{
    for (size_t i = 0; i < header->n_fields; i++)
        if (wr_str_is(header->fields[i], name))
            return true;
    return false;
}

bool wr_layout_init(wr_layout *L, const wr_col_spec *specs, size_t n_specs,
                    const wr_row *header, const char *file, wr_error *err)
{
    memset(L, 0, sizeof *L);
    L->specs = specs;
    L->n_specs = n_specs;
    L->n_header_fields = header->n_fields;
    for (size_t s = 0; s < n_specs; s++) {
        L->header_index[s] = -1;
        for (size_t i = 0; i < header->n_fields; i++) {
            if (wr_str_is(header->fields[i], specs[s].name)) {
                L->header_index[s] = (long)i;
                break;
            }
        }
        if (L->header_index[s] < 0 && specs[s].required) {
            /* a first line of only spaces and tabs is the header (D200) */
            if (header->n_fields == 1 && header->fields[0].n == 0)
                wr_errorf(err, WR_EINPUT,
                          "%s: missing required column %s (the header, line %llu, holds only "
                          "spaces and tabs)",
                          file, specs[s].name, (unsigned long long)header->line);
            else
                wr_errorf(err, WR_EINPUT, "%s: missing required column %s", file, specs[s].name);
            return false;
        }
        if (L->header_index[s] < 0) {
            L->absent |= 1u << s;
            continue;
        }
        L->present |= 1u << s;
        L->steps[s] = (wr_col_step){.field_at = (size_t)L->header_index[s] * sizeof(wr_str),
                                    .bit = 1u << s,
                                    .value_at = (uint16_t)(s * sizeof(wr_value)),
                                    .type = (uint8_t)specs[s].type,
                                    .required = specs[s].required};
        L->plan[L->n_plan++] = L->steps[s];
    }
    return true;
}

void wr_layout_free(wr_layout *L)
{
    free(L->id_scratch.p);
    L->id_scratch = (wr_buf){0};
}

static bool parse_pay_day(wr_str t, int64_t *out)
{
    if (t.n == 0 || t.n > 2)
        return false;
    int v = 0;
    for (size_t i = 0; i < t.n; i++) {
        if (t.p[i] < '0' || t.p[i] > '9')
            return false;
        v = v * 10 + (t.p[i] - '0');
    }
    if (v < 1 || v > 31)
        return false;
    *out = v;
    return true;
}

static bool parse_enum(wr_str t, const char *const *words, size_t n, int64_t *out)
{
    for (size_t i = 0; i < n; i++) {
        if (wr_str_is(t, words[i])) {
            *out = (int64_t)i;
            return true;
        }
    }
    return false;
}

/* The column type a typed value of that kind stands for. */
static bool typed_fits(wr_typed_kind kind, wr_col_type type)
{
    switch (kind) {
    case WR_TYPED_MONEY: return type == COL_MONEY;
    case WR_TYPED_DATE: return type == COL_DATE || type == COL_DATETIME;
    case WR_TYPED_PERIOD: return type == COL_PERIOD;
    case WR_TYPED_NONE: break;
    }
    return false;
}

bool wr_layout_takes_typed(const wr_layout *L, size_t field, wr_typed_kind kind)
{
    for (size_t s = 0; s < L->n_specs; s++)
        if (L->header_index[s] == (long)field)
            return typed_fits(kind, L->specs[s].type);
    return false; /* no column reads it */
}

/* A value a picture read (only of a kind typed_fits the type): the same
 * checks the text parsers make on the canonical text the picture would
 * have written (picture.c writes that text from the same numbers). */
wr_reason wr_layout_typed_value(wr_col_type type, const wr_typed *t, wr_value *v)
{
    switch (type) {
    case COL_MONEY:
        v->num = t->fen;
        return t->readable ? WR_REASON_NONE : WR_BAD_MONEY;
    case COL_DATE: /* YYYY-MM-DD only: a time makes it another shape */
        return !t->has_time && wr_day_from_parts(t->year, t->month, t->day, &v->day)
                   ? WR_REASON_NONE
                   : WR_BAD_DATE;
    case COL_DATETIME:
        return wr_typed_datetime(t, &v->day, &v->seconds) ? WR_REASON_NONE : WR_BAD_DATE;
    case COL_PERIOD:
        return wr_month_from_parts(t->year, t->month, &v->month) ? WR_REASON_NONE : WR_BAD_PERIOD;
    default:
        return WR_REASON_NONE; /* not given: wr_layout_takes_typed said no */
    }
}

/* parse_value's types that are rare in a row (columns_parse.h), out of
 * line: enums, periods and pay days (one per contract row at most). */
wr_reason wr_layout_parse_rare(wr_col_type type, wr_str t, wr_value *v)
{
    static const char *const rate_words[] = {"DAY", "HOUR", "MONTH", "PIECE"};
    static const char *const kind_words[] = {"HOLIDAY", "WORKDAY"};
    static const char *const direction_words[] = {"IN", "OUT"};
    switch (type) {
    case COL_RATE_TYPE:
        return parse_enum(t, rate_words, 4, &v->num) ? WR_REASON_NONE : WR_BAD_ENUM;
    case COL_DAY_KIND:
        return parse_enum(t, kind_words, 2, &v->num) ? WR_REASON_NONE : WR_BAD_ENUM;
    case COL_PERIOD:
        return wr_parse_period(t.p, t.n, &v->month) ? WR_REASON_NONE : WR_BAD_PERIOD;
    case COL_PAY_DAY:
        return parse_pay_day(t, &v->num) ? WR_REASON_NONE : WR_BAD_NUMBER;
    case COL_DIRECTION:
        return parse_enum(t, direction_words, 2, &v->num) ? WR_REASON_NONE : WR_BAD_ENUM;
    default:
        return WR_REASON_NONE;
    }
}

/* A failure at step st (columns_parse.h): its spec in *bad_spec; the
 * absent specs of `absent` before it get their value of zeros, as in
 * spec order. */
wr_reason wr_layout_failed(wr_reason r, const wr_col_step *st, uint32_t absent, wr_value *values,
                           int *bad_spec)
{
    *bad_spec = (int)(st->value_at / sizeof(wr_value));
    for (absent &= st->bit - 1; absent; absent &= absent - 1)
        values[__builtin_ctz(absent)] = (wr_value){0};
    return r;
}
