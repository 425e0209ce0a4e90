/*
 * A row's typed columns parsed inline (columns.h, D350, D375): the
 * per-row part of wr_layout_parse and wr_layout_parse_changed, so that
 * the row paths (inputs/input.c) take it without a call and its frame;
 * columns.c holds the rest and the rare types, out of line.
 */
#ifndef WR_COLUMNS_PARSE_H
#define WR_COLUMNS_PARSE_H

#include "columns.h"

#include "../types/date.h"
#include "../types/ident.h"
#include "../types/money.h"

/* The field's typed value (wr_row.typed), NULL when it has none. */
static const wr_typed *typed_at(const wr_typed *typed, size_t field)
{
    return typed && typed[field].kind != WR_TYPED_NONE ? &typed[field] : NULL;
}

/* Parses one non-empty field (the row's field `field`, with the row's
 * typed values); returns the reason it is bad, or none. */
static inline __attribute__((always_inline)) wr_reason
parse_value(wr_layout *L, wr_col_type type, wr_str t, wr_value *v, const wr_typed *typed, size_t field)
{
    int32_t centi;
    if ((unsigned)type > COL_DIRECTION) /* a spec's type (the plan's copy): no range test */
        __builtin_unreachable();
    switch (type) {
    case COL_TEXT:
        return WR_REASON_NONE;
    case COL_ID:
        if (wr_id_is_normal(t.p, t.n))
            return WR_REASON_NONE; /* v->text is t already; t is not empty */
        if (!wr_buf_reserve(&L->id_scratch, t.n))
            return WR_MISSING_VALUE; /* cannot hold it: never guess */
        v->text.p = L->id_scratch.p;
        v->text.n = wr_normalise_id(t.p, t.n, L->id_scratch.p);
        return v->text.n ? WR_REASON_NONE : WR_MISSING_VALUE; /* DECISIONS D6 */
    case COL_DATE: /* these four may come typed (typed_fits); a test per case,
                    * not one before the switch: that cost 0.6% of a bank
                    * file's read, measured */
        if (typed_at(typed, field))
            return wr_layout_typed_value(type, &typed[field], v);
        return wr_parse_date(t.p, t.n, &v->day) ? WR_REASON_NONE : WR_BAD_DATE;
    case COL_DATETIME:
        if (typed_at(typed, field))
            return wr_layout_typed_value(type, &typed[field], v);
        return wr_parse_datetime(t.p, t.n, &v->day, &v->seconds) ? WR_REASON_NONE : WR_BAD_DATE;
    case COL_MONEY: {
        wr_reason r = typed_at(typed, field) ? wr_layout_typed_value(type, &typed[field], v)
                      : wr_parse_fen(t.p, t.n, &v->num) ? WR_REASON_NONE
                                                         : WR_BAD_MONEY;
        /* DECISIONS D90: too large for a row is rejected here, at its
         * line and column, never a sum that overflows later */
        return r == WR_REASON_NONE && v->num > WR_MAX_ROW_FEN ? WR_BAD_MONEY : r;
    }
    case COL_HOURS:
        if (!wr_parse_centi_hours(t.p, t.n, &centi))
            return WR_BAD_HOURS;
        v->num = centi;
        return WR_REASON_NONE;
    case COL_PERIOD:
        if (typed_at(typed, field))
            return wr_layout_typed_value(type, &typed[field], v);
        return wr_layout_parse_rare(type, t, v);
    case COL_RATE_TYPE:
    case COL_DAY_KIND:
    case COL_PAY_DAY:
    case COL_DIRECTION:
        return wr_layout_parse_rare(type, t, v);
    }
    return WR_REASON_NONE;
}

/* A row's first check, for wr_layout_parse and wr_layout_parse_changed:
 * it has the header's number of fields (else WR_FIELD_COUNT, which names
 * no column: *bad_spec -1, as for a row that parses). */
static inline bool fields_match_header(const wr_layout *L, const wr_row *row, int *bad_spec)
{
    *bad_spec = -1;
    return row->n_fields == L->n_header_fields;
}

/* One step of a row's plan (D350): the spec's value written whole (its
 * text, zeros, set), then typed. Returns the reason it is bad, or none. */
static inline __attribute__((always_inline)) wr_reason
parse_step(wr_layout *L, const wr_col_step *st, const char *fields, const wr_typed *typed,
           wr_value *values)
{
    wr_str t;
    memcpy(&t, fields + st->field_at, sizeof t);
    wr_value *v = (wr_value *)(void *)((char *)values + st->value_at);
    v->text = t;
    v->num = 0;
    v->set = t.n != 0;
    if (t.n == 0)
        return st->required ? WR_MISSING_VALUE : WR_REASON_NONE;
    if (st->type == COL_TEXT) /* the most common: no dispatch */
        return WR_REASON_NONE;
    wr_reason r = parse_value(L, (wr_col_type)st->type, t, v, typed, st->field_at / sizeof(wr_str));
    if (r != WR_REASON_NONE)
        v->set = false;
    return r;
}

/* The absent specs' values: zeros (rare: a file without an optional
 * column). */
static inline wr_reason absent_zeros(uint32_t absent, wr_value *values)
{
    for (; absent; absent &= absent - 1)
        values[__builtin_ctz(absent)] = (wr_value){0};
    return WR_REASON_NONE;
}

/* wr_layout_parse's specs, by the plan in spec order. Made twice by the
 * compiler: for rows with typed values (a format decoder's) and for rows
 * of text only (CSV), which so pay nothing for the typed case. */
static inline __attribute__((always_inline)) wr_reason
parse_all(wr_layout *L, const wr_row *row, const wr_typed *typed, wr_value *values, int *bad_spec)
{
    const char *fields = (const char *)row->fields; /* once: a value's stores may alias *row */
    for (const wr_col_step *st = L->plan, *end = L->plan + L->n_plan; st < end; st++) {
        wr_reason r = parse_step(L, st, fields, typed, values);
        if (r != WR_REASON_NONE)
            return wr_layout_failed(r, st, L->absent, values, bad_spec);
    }
    return absent_zeros(L->absent, values);
}

/* wr_layout_parse_changed's: the specs not in same, in spec order (no
 * turn for the others, D317). */
static inline __attribute__((always_inline)) wr_reason
parse_changed(wr_layout *L, const wr_row *row, const wr_typed *typed, uint32_t same,
              wr_value *values, int *bad_spec)
{
    const char *fields = (const char *)row->fields;
    for (uint32_t m = L->present & ~same; m; m &= m - 1) {
        const wr_col_step *st = &L->steps[__builtin_ctz(m)];
        wr_reason r = parse_step(L, st, fields, typed, values);
        if (r != WR_REASON_NONE)
            return wr_layout_failed(r, st, L->absent & ~same, values, bad_spec);
    }
    return absent_zeros(L->absent & ~same, values);
}

/* wr_layout_parse and wr_layout_parse_changed inline (D375). */
static inline __attribute__((always_inline)) wr_reason
wr_layout_parse_inline(wr_layout *L, const wr_row *row, wr_value *values, int *bad_spec)
{
    if (!fields_match_header(L, row, bad_spec))
        return WR_FIELD_COUNT;
    return row->typed ? parse_all(L, row, row->typed, values, bad_spec)
                      : parse_all(L, row, NULL, values, bad_spec);
}

/* wr_layout_parse_changed of a row with no typed values (a CSV's) */
static inline __attribute__((always_inline)) wr_reason
wr_layout_parse_changed_text(wr_layout *L, const wr_row *row, uint32_t same, wr_value *values,
                             int *bad_spec)
{
    if (!fields_match_header(L, row, bad_spec))
        return WR_FIELD_COUNT;
    return parse_changed(L, row, NULL, same, values, bad_spec);
}

static inline __attribute__((always_inline)) wr_reason
wr_layout_parse_changed_inline(wr_layout *L, const wr_row *row, uint32_t same, wr_value *values,
                               int *bad_spec)
{
    if (!fields_match_header(L, row, bad_spec))
        return WR_FIELD_COUNT;
    return row->typed ? parse_changed(L, row, row->typed, same, values, bad_spec)
                      : parse_changed(L, row, NULL, same, values, bad_spec);
}

#endif
