/*
 * Typed columns: each input declares its columns (RULES section 1) in the
 * order they are checked (DECISIONS D3); a header is mapped to them by
 * name, and each row is parsed into typed values or one reject reason.
 * This is the one place where field text becomes dates, money and hours,
 * and where a format decoder's typed values (wr_row.typed) are checked
 * as that text would be.
 */
#ifndef WR_COLUMNS_H
#define WR_COLUMNS_H

#include <stdbool.h>
#include <stdint.h>

#include "../types/buf.h"
#include "../types/date.h"
#include "../types/reason.h"
#include "../types/row.h"
#include "../types/str.h"
#include "wagerecon/wagerecon.h"

typedef enum {
    COL_TEXT,      /* any text */
    COL_ID,        /* worker or payee ID, normalised (RULES 3) */
    COL_DATE,      /* YYYY-MM-DD */
    COL_DATETIME,  /* YYYY-MM-DD[ HH:MM[:SS]] */
    COL_MONEY,     /* yuan -> fen */
    COL_HOURS,     /* hours -> 1/100 h */
    COL_RATE_TYPE, /* DAY HOUR MONTH PIECE */
    COL_DAY_KIND,  /* HOLIDAY WORKDAY */
    COL_PERIOD,    /* YYYY-MM */
    COL_PAY_DAY,   /* integer 1-31 */
    COL_DIRECTION, /* IN OUT (account_txns, RULES 1) */
} wr_col_type;

typedef struct {
    const char *name;
    wr_col_type type;
    bool required;
} wr_col_spec;

typedef struct {
    wr_str text;       /* the trimmed (for COL_ID: normalised) text */
    union {            /* by the column's type */
        int64_t num;   /* fen, 1/100 h, enum value, pay day */
        struct {
            wr_day day;      /* COL_DATE, COL_DATETIME */
            int32_t seconds; /* COL_DATETIME: time of day */
        };
        wr_month month; /* COL_PERIOD */
    };
    bool set;          /* false for an empty optional column */
} wr_value;

#define WR_MAX_COLUMNS 16

/* What a row's parse needs of a spec the header has, made once per
 * layout from the spec and the header (D350): where its field lies in a
 * row's fields and its value in the values, as byte offsets, so a row's
 * spec costs loads, no index arithmetic and no look at the spec. */
typedef struct {
    size_t field_at;   /* header field index * sizeof(wr_str) */
    uint32_t bit;      /* 1 << spec */
    uint16_t value_at; /* spec * sizeof(wr_value) */
    uint8_t type;      /* wr_col_type */
    bool required;
} wr_col_step;

typedef struct {
    const wr_col_spec *specs;
    size_t n_specs;
    long header_index[WR_MAX_COLUMNS]; /* field index of each spec, -1 absent */
    size_t n_header_fields;
    wr_buf id_scratch;                 /* a normalised ID of the current row */
    wr_col_step plan[WR_MAX_COLUMNS];  /* the specs the header has, in spec order */
    size_t n_plan;
    wr_col_step steps[WR_MAX_COLUMNS]; /* the same by spec (set for those in present) */
    uint32_t present;                  /* bit s: spec s's column is in the header */
    uint32_t absent;                   /* bit s: it is not */
} wr_layout;

/* Maps header fields to specs (first of duplicate names wins). Returns
 * false with err set ("FILE: missing required column NAME") when a
 * required column is absent. */
bool wr_layout_init(wr_layout *L, const wr_col_spec *specs, size_t n_specs,
                    const wr_row *header, const char *file, wr_error *err);
void wr_layout_free(wr_layout *L);
/* True when the header has a column of that name. */
bool wr_header_has(const wr_row *header, const char *name);

/* True when the column that reads header field `field` takes a value of
 * that kind typed (wr_row.typed): money for a money column, a date for a
 * date or date-time column, a period for a period column. */
bool wr_layout_takes_typed(const wr_layout *L, size_t field, wr_typed_kind kind);

/* Parses a row into values[n_specs]. A field with a typed value
 * (row->typed) is checked as its canonical text would be, not parsed. Returns WR_REASON_NONE, or the first
 * failure with *bad_spec its column (-1 for FIELD_COUNT). */
wr_reason wr_layout_parse(wr_layout *L, const wr_row *row, wr_value *values, int *bad_spec);

/* As wr_layout_parse, but the specs in same are not parsed: values[s] is
 * left as it was (the row before's value, as a column's value follows
 * from its text). */
wr_reason wr_layout_parse_changed(wr_layout *L, const wr_row *row, uint32_t same, wr_value *values,
                                  int *bad_spec);

/* Out of line, in columns.c: a format decoder's typed value checked as
 * its canonical text would be; the rare types' texts (enums, periods, pay
 * days); a failure at step st (*bad_spec; the absent specs before it
 * zeroed). */
wr_reason wr_layout_typed_value(wr_col_type type, const wr_typed *t, wr_value *v);
wr_reason wr_layout_parse_rare(wr_col_type type, wr_str t, wr_value *v);
wr_reason wr_layout_failed(wr_reason r, const wr_col_step *st, uint32_t absent, wr_value *values,
                           int *bad_spec);

#endif
