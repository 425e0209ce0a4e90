/*
 * `wagerecon formats convert` and `formats check` as library calls: read a
 * file through a descriptor and write its canonical CSV, report the rows
 * that cannot be produced and, for check, those the canonical column rules
 * (inputs/columns.h) would reject in a run.
 */
#ifndef WR_CONVERT_H
#define WR_CONVERT_H

#include <stdio.h>

#include "../formats/format.h"
#include "../inputs/input.h"

typedef struct {
    FILE *out;          /* canonical CSV (header first); NULL for none */
    uint64_t max_rows;  /* data rows written at most, 0 for all */
    bool mask;          /* for a terminal: IDs as wr_mask_id, cards as last 4 */
    bool parse;         /* also apply the canonical column rules (check) */
    /* Each rejected row, in file order: line, column (may be ""), reason. */
    void (*on_reject)(void *ctx, uint64_t line, const char *column, const char *reason);
    void *ctx;
} wr_convert_options;

/* A word a column's map does not list, passed through (DECISIONS D38). */
#define WR_MAX_UNMAPPED 16
typedef struct {
    const char *column;
    char word[64];      /* cut at 63 bytes */
    uint64_t rows;
} wr_unmapped_word;

typedef struct {
    uint64_t data_rows, written, rejected;
    wr_format_totals totals;
    wr_unmapped_word unmapped[WR_MAX_UNMAPPED]; /* the first distinct ones */
    size_t n_unmapped;
} wr_convert_result;

/* Reads path through f as an input of `kind`. Rows the decoder cannot
 * produce (BAD_ENCODING, FIELD_COUNT) are reported, never written; with
 * o->parse, rows failing the column rules are reported too (and still
 * written). Returns 0 or WR_EINPUT (err set: file, descriptor, trailer). */
int wr_format_convert(wr_format *f, const wr_input_kind *kind, const char *path,
                      const wr_convert_options *o, wr_convert_result *res, wr_error *err);

#endif
