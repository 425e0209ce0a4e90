/*
 * Fuzz target for format descriptors (src/formats): the fuzzer's bytes are
 * a descriptor, then a line `%%`, then the file it describes (no `%%`: all
 * descriptor, empty file). Checks what formats/README.md and DECISIONS
 * D36-D40 promise: a descriptor loads or fails with a message naming a
 * line; a read hands out the canonical header (the descriptor's column
 * names) first and then rows of exactly that many fields, on physical
 * lines that never go back; a row's defect is none, FIELD_COUNT or
 * BAD_ENCODING (or, from a workbook's sheet, NUMERIC_CELL: DECISIONS
 * D110) at a column in range; a field read from the file (not
 * mapped) without a defect holds no marker byte 0xFF; the read ends in 0
 * or WR_EINPUT with a message.
 *
 * And that a read handing values typed (as a run does: takes_typed) gives
 * every row the same outcome as a read handing canonical text (as
 * `formats convert` does): the same reject reason and column, or the same
 * typed values (fen, day, time, month) in every column.
 *
 * Parameters (DECISIONS D47): the descriptor is loaded with a value for
 * `${p}` (holding a quote, `#` and a space), and with none when that fails
 * (it has no ${p}); a malformed or unvalued parameter fails like any error.
 * Its resolved text (what partition copies into the parts) must load
 * alone into the same columns and constants, and equal the descriptor
 * byte for byte when it has no parameter.
 */
#include <string.h>
#include <sys/mman.h>

#include "../../src/formats/format.h"
#include "../../src/inputs/columns.h"
#include "../../src/inputs/input.h"
#include "../../src/io/infile.h"
#include "fuzz_common.h"

typedef struct {
    const wr_format *f;
    uint64_t lines, last_line, rows;
    bool header_seen;
} checker;

static int on_header(void *ctx, const wr_row *h)
{
    checker *c = ctx;
    FUZZ_ASSERT(!c->header_seen && c->rows == 0);
    c->header_seen = true;
    FUZZ_ASSERT(h->n_fields == c->f->n_columns);
    for (size_t i = 0; i < h->n_fields; i++)
        FUZZ_ASSERT(wr_str_is(h->fields[i], c->f->columns[i].name));
    return 0;
}

static int on_row(void *ctx, const wr_row *row)
{
    checker *c = ctx;
    FUZZ_ASSERT(c->header_seen);
    FUZZ_ASSERT(row->n_fields == c->f->n_columns);
    FUZZ_ASSERT(row->line >= 1 && row->line <= c->lines && row->line > c->last_line);
    FUZZ_ASSERT(row->defect == 0 || row->defect == WR_FIELD_COUNT || row->defect == WR_BAD_ENCODING ||
                (c->f->sheet && row->defect == WR_NUMERIC_CELL));
    FUZZ_ASSERT(row->defect_field >= -1 && row->defect_field < (int)row->n_fields);
    for (size_t i = 0; i < row->n_fields && !row->defect; i++) {
        const wr_fmt_column *col = &c->f->columns[i];
        if (col->source != SRC_VALUE && col->source != SRC_DERIVE && col->source != SRC_COMPOSE &&
            col->n_map == 0) /* a composed column's text parts come from the descriptor */
            FUZZ_ASSERT(!memchr(row->fields[i].p, 0xFF, row->fields[i].n));
    }
    c->last_line = row->line;
    c->rows++;
    return 0;
}

/* ---- typed values against canonical text ---- */

#define MAX_COMPARED_ROWS 4096

typedef struct {
    int reason, bad_spec;
    wr_value values[WR_MAX_COLUMNS];
} outcome;

typedef struct {
    const wr_input_kind *kind;
    wr_layout layout;
    bool have_layout, typed;
    outcome *rows; /* the text read's outcomes, then compared by the typed read */
    size_t n_rows;
    bool comparing;
} parser;

static int parse_header(void *ctx, const wr_row *header)
{
    parser *p = ctx;
    wr_error err;
    int shape;
    p->have_layout = wr_input_layout_init(p->kind, header, &p->layout, &shape, "fuzz", &err);
    return 0;
}

static bool parse_takes_typed(void *ctx, size_t field, wr_typed_kind kind)
{
    parser *p = ctx;
    return p->have_layout && wr_layout_takes_typed(&p->layout, field, kind);
}

static bool same_values(const wr_layout *L, const wr_value *a, const wr_value *b)
{
    for (size_t s = 0; s < L->n_specs; s++)
        if (a[s].set != b[s].set || a[s].num != b[s].num || a[s].day != b[s].day ||
            a[s].seconds != b[s].seconds || a[s].month != b[s].month)
            return false;
    return true;
}

static int parse_row(void *ctx, const wr_row *row)
{
    parser *p = ctx;
    if (!p->have_layout || p->n_rows == MAX_COMPARED_ROWS)
        return 0;
    FUZZ_ASSERT(p->typed || row->typed == NULL); /* only when asked for */
    outcome o;
    memset(&o, 0, sizeof o);
    o.reason = row->defect;
    o.bad_spec = row->defect_field;
    if (!row->defect)
        o.reason = (int)wr_layout_parse(&p->layout, row, o.values, &o.bad_spec);
    if (!p->comparing) {
        p->rows[p->n_rows++] = o;
        return 0;
    }
    const outcome *want = &p->rows[p->n_rows++];
    FUZZ_ASSERT(o.reason == want->reason && o.bad_spec == want->bad_spec);
    FUZZ_ASSERT(o.reason != 0 || same_values(&p->layout, o.values, want->values));
    return 0;
}

/* Reads the file twice through the descriptor, text then typed, and
 * compares the rows' outcomes. */
static void compare_typed_with_text(wr_format *f, const char *path)
{
    const wr_input_kind *kind = wr_input_kind_named(f->input);
    wr_error err;
    if (!kind || wr_input_check_format(kind, f, &err) != 0)
        return;
    static outcome rows[MAX_COMPARED_ROWS];
    parser p = {.kind = kind, .rows = rows};
    wr_csv_handler h = {.on_header = parse_header, .on_row = parse_row, .ctx = &p};
    int text_rc = wr_format_read(f, path, &h, NULL, &err);
    if (p.have_layout)
        wr_layout_free(&p.layout);
    size_t text_rows = p.n_rows;
    p = (parser){.kind = kind, .rows = rows, .typed = true, .comparing = true};
    h.takes_typed = parse_takes_typed;
    int typed_rc = wr_format_read(f, path, &h, NULL, &err);
    if (p.have_layout)
        wr_layout_free(&p.layout);
    FUZZ_ASSERT(typed_rc == text_rc && p.n_rows == text_rows);
}

/* The resolved text of f loads with no values into the same columns. */
static void check_resolved(const wr_format *f)
{
    char *text;
    size_t len;
    wr_error err = {{0}};
    bool has_param = false;
    for (uint32_t c = 0; c < f->n_columns; c++)
        has_param |= f->columns[c].param != NULL;
    if (wr_format_resolved_text(f, &text, &len, &err) != 0) {
        FUZZ_ASSERT(has_param && strstr(err.message, "would pass") != NULL);
        return;
    }
    FUZZ_ASSERT(has_param || (len == f->text_len && memcmp(text, f->text, len) == 0));
    wr_format r;
    wr_format_ref ref = {.path = fuzz_path_slot(1, (const uint8_t *)text, len)};
    FUZZ_ASSERT(wr_format_load(&r, &ref, &err) == 0);
    FUZZ_ASSERT(r.n_columns == f->n_columns);
    for (uint32_t c = 0; c < f->n_columns; c++) {
        FUZZ_ASSERT(r.columns[c].source == f->columns[c].source && !r.columns[c].param);
        FUZZ_ASSERT(f->columns[c].source != SRC_VALUE ||
                    strcmp(r.columns[c].value, f->columns[c].value) == 0);
    }
    wr_format_free(&r);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *split = memmem(data, size, "\n%%\n", 4);
    size_t desc_n = split ? (size_t)(split - data) + 1 : size;
    const uint8_t *file = split ? split + 4 : data + size;
    size_t file_n = (size_t)(data + size - file);
    const char *desc = fuzz_path_slot(1, data, desc_n);
    wr_format f;
    wr_error err = {{0}};
    static const char *const value[] = {"p=P \"#1"};
    wr_format_ref ref = {.path = desc, .values = value, .n_values = 1};
    int rc = wr_format_load(&f, &ref, &err);
    if (rc != 0) { /* it has no ${p}, or fails anyway */
        wr_format_free(&f);
        ref.n_values = 0;
        rc = wr_format_load(&f, &ref, &err);
    }
    FUZZ_ASSERT(rc == 0 || (rc == WR_EINPUT && strstr(err.message, ": ") != NULL));
    if (rc == 0) {
        checker c = {.f = &f, .lines = 1};
        for (size_t i = 0; i < file_n; i++)
            c.lines += file[i] == '\n';
        if (wr_infile_is_zstd(file, file_n) || f.sheet)
            c.lines = UINT64_MAX; /* lines of the decompressed text, a sheet's rows */
        wr_csv_handler h = {.on_header = on_header, .on_row = on_row, .ctx = &c};
        /* Marks the number columns of a known input (D110), as a run does
         * before reading; a descriptor the input refuses reads without. */
        const wr_input_kind *kind = wr_input_kind_named(f.input);
        if (kind)
            (void)wr_input_check_format(kind, &f, &err);
        wr_format_totals t;
        rc = wr_format_read(&f, fuzz_path(file, file_n), &h, &t, &err);
        FUZZ_ASSERT(rc == 0 || (rc == WR_EINPUT && err.message[0] != '\0'));
        FUZZ_ASSERT(rc != 0 || c.header_seen);
        FUZZ_ASSERT(t.data_rows == c.rows);
        compare_typed_with_text(&f, fuzz_path(file, file_n));
        check_resolved(&f);
    }
    wr_format_free(&f);
    return 0;
}
