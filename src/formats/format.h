/*
 * Format descriptors (formats/README.md): how to read a file that is not
 * canonical CSV (a bank's payroll-agency export in GBK or GB18030, an
 * attendance device's punches, a roster with Chinese headers) so that it
 * gives exactly the rows the canonical CSV would.
 *
 * descriptor.c parses a descriptor into a wr_format; params.c gives its
 * `${NAME}` parameters their values (--format-value); picture.c turns local
 * date, money and period styles into canonical text, or into the numbers
 * that text holds for a reader that takes typed values (wr_row.typed:
 * a run does, `formats convert` does not); decode.c is a row
 * source beside the CSV reader (io/csvread.h): it converts the file to
 * UTF-8 (iconv), skips title lines, splits delimited or fixed-width lines,
 * maps values and hands canonical rows, with the source file's physical
 * line numbers, to the same wr_csv_handler. Everything downstream
 * (typed parsing, rejects, counts) is unchanged.
 */
#ifndef WR_FORMAT_H
#define WR_FORMAT_H

#include <stdbool.h>
#include <stdint.h>

#include "../io/csvread.h"
#include "../types/arena.h"
#include "wagerecon/wagerecon.h"

/* How a canonical column gets its text. */
typedef enum {
    SRC_HEADER, /* the source column with this header name */
    SRC_FIELD,  /* the n-th delimited field (no header) */
    SRC_BYTES,  /* bytes [from, to) of a fixed-width line, in the source encoding */
    SRC_VALUE,  /* a constant */
    SRC_DERIVE, /* period from another column's date (paid_at) */
    SRC_SUMMARY, /* field N of the summary line (DECISIONS D111) */
    SRC_COMPOSE, /* parts joined: `compose summary 2 text - field 2` (D111) */
} wr_fmt_source;

/* One part of a composed column: a field (delimited or sheet), a header
 * name, a summary field, or literal text. */
typedef struct {
    uint8_t source;     /* SRC_FIELD, SRC_HEADER, SRC_SUMMARY, SRC_VALUE */
    uint32_t field;     /* SRC_FIELD, SRC_SUMMARY: 0-based */
    const char *text;   /* SRC_HEADER: the name; SRC_VALUE: the text */
} wr_fmt_part;

#define WR_FMT_MAX_PARTS 8

typedef enum { STYLE_NONE, STYLE_DATE, STYLE_MONEY, STYLE_PERIOD } wr_fmt_style;
typedef enum { DERIVE_SAME_MONTH, DERIVE_PREVIOUS_MONTH } wr_fmt_derive;

typedef struct {
    const char *from, *to;
    size_t from_n, to_n;
} wr_fmt_pair;

/* A picture compiled once at load (picture.c): a date or period picture
 * as its alternatives (each optional part taken or left out, in the order
 * they are tried), each a list of steps; money as its prefix, suffix and
 * group separator. */
#define WR_PICTURE_MAX_STEPS 32
#define WR_PICTURE_MAX_ALTS 8
typedef struct {
    uint8_t kind;  /* literal byte or digits */
    uint8_t byte;  /* literal */
    uint8_t slot;  /* digits: year, month, day, hour, minute, second */
    uint8_t min_digits, max_digits;
} wr_picture_step;

/* Where a date's fields (year, month, day, hour, minute, second) are in
 * a value: from[k] its first digit's offset, n[k] its digits (0 absent). */
typedef struct {
    uint8_t from[6], n[6];
} wr_picture_fields;

typedef struct {
    wr_fmt_style style;
    wr_picture_step steps[WR_PICTURE_MAX_ALTS][WR_PICTURE_MAX_STEPS];
    uint8_t n_steps[WR_PICTURE_MAX_ALTS];
    uint8_t min_len[WR_PICTURE_MAX_ALTS], max_len[WR_PICTURE_MAX_ALTS]; /* value bytes */
    uint8_t n_alts;
    /* The fast path for an alternative of fixed-width fields only (YYYY MM
     * DD hh mm ss), the usual case: the value, read as words of 8 bytes,
     * must equal `lit` under `lit_mask` (its literal bytes) and hold a
     * digit in every byte under `digit_mask`; its fields' digits are
     * then where fixed_fields says. fixed_len 0: no fast path. */
    uint8_t fixed_len[WR_PICTURE_MAX_ALTS];
    uint64_t fixed_lit[WR_PICTURE_MAX_ALTS][WR_PICTURE_MAX_STEPS / 8];
    uint64_t fixed_lit_mask[WR_PICTURE_MAX_ALTS][WR_PICTURE_MAX_STEPS / 8];
    uint64_t fixed_digit_mask[WR_PICTURE_MAX_ALTS][WR_PICTURE_MAX_STEPS / 8];
    wr_picture_fields fixed_fields[WR_PICTURE_MAX_ALTS];
    const char *prefix, *suffix; /* money */
    size_t prefix_n, suffix_n;
    char group;                  /* money: digit group separator, 0 none */
    uint8_t implied;             /* money `fen`, `implied:N`: N + 1 implied decimals, 0 none */
} wr_picture;

typedef struct {
    const char *name;          /* canonical column name */
    wr_fmt_source source;
    const char *header;        /* SRC_HEADER */
    uint32_t field;            /* SRC_FIELD: 0-based (a sheet: column A is 0) */
    uint32_t byte_from, byte_to; /* SRC_BYTES: 0-based, end exclusive (bytes, or
                                  * characters when the format counts them) */
    const wr_fmt_part *parts;  /* SRC_COMPOSE: n_parts parts */
    uint32_t n_parts;
    const char *value;         /* SRC_VALUE: the constant, or the parameter's value */
    const char *param;         /* SRC_VALUE `${NAME}`: NAME (DECISIONS D47), else NULL */
    uint32_t param_at, param_len; /* where `${NAME}` is written in the descriptor's text */
    uint32_t derive_column;    /* SRC_DERIVE: index in columns[] */
    wr_fmt_derive derive;
    wr_fmt_style style;
    const char *picture;       /* STYLE_*: e.g. YYYY/MM/DD, 1,234.50 */
    wr_picture compiled;
    const wr_fmt_pair *map;    /* value map, n_map pairs (source word -> canonical) */
    uint32_t n_map;
    unsigned line;             /* descriptor line, for messages */
    /* A number by its canonical type (money, hours, pay day: RULES
     * section 1), so a workbook's number cell is read as written
     * (DECISIONS D110); set by the input layer's wr_input_check_format,
     * which knows the types, false until then. */
    bool number;
} wr_fmt_column;

#define WR_FMT_MAX_COLUMNS 16

typedef struct wr_format_s {
    const char *path;          /* the descriptor file */
    const char *input;         /* projects contracts attendance payments min_wage holidays */
    const char *encoding;      /* iconv name: UTF-8, GBK, GB18030 */
    bool fixed;                /* fixed-width, else delimited */
    bool sheet;                /* a workbook's sheet (.xlsx, .xls): `sheet NAME|N` */
    const char *sheet_name;    /* the sheet by name, or NULL: */
    uint32_t sheet_index;      /* by position from 1 */
    char delimiter;
    char quote;                /* 0: no quoting */
    uint32_t skip;             /* lines before the header (or the data) */
    bool header;               /* delimited: a header line names the columns */
    uint32_t width;            /* fixed: required line length in bytes (characters
                                * with count_chars), 0 any */
    bool count_chars;          /* fixed: positions in characters of the encoding
                                * (`chars A-B`), not bytes (DECISIONS D112) */
    /* A summary line (DECISIONS D111): the first line after `skip` (with a
     * label, it must start with it), before the header and the data; its
     * fields give values (`summary N`) and, like the trailer, the row
     * count and total of the data. */
    bool summary;
    const char *summary_label; /* NULL: the first line, whatever it holds */
    uint32_t summary_rows_field, summary_total_field; /* 1-based, 0 none */
    uint32_t summary_sum_column;
    unsigned summary_line;     /* the descriptor's line */
    bool trailer;
    const char *trailer_label; /* first field of the trailer line */
    uint32_t trailer_rows_field, trailer_total_field; /* 1-based, 0 none */
    uint32_t trailer_sum_column; /* index in columns[] */
    unsigned trailer_line;
    wr_fmt_column columns[WR_FMT_MAX_COLUMNS];
    uint32_t n_columns;
    const char *text;          /* the descriptor as read */
    size_t text_len;
    wr_arena arena;            /* every string above */
} wr_format;

/* The longest descriptor line, in bytes with its line feed. */
#define WR_FMT_MAX_LINE 4000

/* Reads and checks the descriptor ref->path, giving its parameters the
 * values ref->values (params.c). Returns 0, or WR_EINPUT with err naming
 * the descriptor and its line. wr_format_free() in both cases. */
int wr_format_load(wr_format *f, const wr_format_ref *ref, wr_error *err);
void wr_format_free(wr_format *f);

/* Parameters (params.c, DECISIONS D47). A `value` word holding `${` is a
 * parameter: 1 when it is exactly `${NAME}` (*name, *name_n: NAME), -1
 * when it is malformed; 0 for a plain word. */
int wr_format_param_parse(const char *word, const char **name, size_t *name_n);

/* What is wrong with a --format-value "NAME=VALUE", or NULL when it is
 * good: NAME of [a-z_][a-z0-9_]*, VALUE 1-256 bytes, no control bytes. */
const char *wr_format_value_problem(const char *arg);

/* Gives each parameter column of f the value named for it in ref (called
 * by wr_format_load once the descriptor is read). WR_EINPUT when a
 * parameter has no value (naming its line), a value is malformed, given
 * twice or used by no parameter. */
int wr_format_bind_values(wr_format *f, const wr_format_ref *ref, wr_error *err);

/* The descriptor's text with each `${NAME}` replaced by its value, quoted:
 * a descriptor that reads the same with no values (partition copies it
 * into the parts, which merge and the parts' runs read alone). Sets
 * *text (malloc'ed) and *len; WR_EINPUT when a line would grow past
 * WR_FMT_MAX_LINE or memory runs out. */
int wr_format_resolved_text(const wr_format *f, char **text, size_t *len, wr_error *err);

/* What the read found, for the trailer check and `formats check`. */
typedef struct {
    uint64_t data_rows;
    int64_t total_fen;         /* sum of the trailer's column over data rows */
    uint64_t unreadable_totals; /* rows whose summed value could not be read */
    bool trailer_seen;
    uint64_t trailer_rows;
    int64_t trailer_total_fen;
    bool total_checked;        /* false when some summed value was unreadable */
    bool summary_seen;         /* the summary line (D111) and what it says */
    uint64_t summary_at;       /* its line in the file */
    uint64_t summary_rows;
    int64_t summary_total_fen;
} wr_format_totals;

/* Reads path through the descriptor, calling h like wr_csv_read: first
 * the canonical header (the descriptor's column names, in its order),
 * then one canonical row per data line. A row the decoder cannot produce
 * carries a defect (BAD_ENCODING, FIELD_COUNT). Checks the trailer at the
 * end: missing, mismatched or followed by data is WR_EINPUT with both
 * figures in err. `totals` may be NULL. */
int wr_format_read(const wr_format *f, const char *path, const wr_csv_handler *h,
                   wr_format_totals *totals, wr_error *err);

/* Pictures (picture.c). Compiles a picture at load (false when it is not
 * usable for the style); rewrites one value into canonical text in out
 * (returns its length, 0 when the value does not match: the caller passes
 * it on as written). `text` must outlive the compiled picture. */
bool wr_picture_compile(wr_fmt_style style, const char *text, wr_picture *pic);
size_t wr_picture_apply(const wr_picture *pic, const char *s, size_t n, char *out,
                        size_t out_cap);
/* wr_picture_apply for a money picture that also gives the fen of the
 * text it wrote (*fen_ok false when it wrote none or wr_parse_fen would
 * refuse it), read while writing it: the trailer's sum needs no re-parse. */
size_t wr_picture_apply_money(const wr_picture *pic, const char *s, size_t n, char *out,
                              size_t out_cap, int64_t *fen, bool *fen_ok);

/* wr_picture_apply for a reader that takes values typed (wr_csv_handler
 * takes_typed): the numbers of the canonical text it would write, unchecked
 * (the column layer range-checks them as it would that text). False when
 * the value does not match: the caller passes it on as written. */
bool wr_picture_read(const wr_picture *pic, const char *s, size_t n, wr_typed *out);

#endif
