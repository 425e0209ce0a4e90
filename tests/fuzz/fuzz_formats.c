/*
 * Fuzz target for format descriptors (src/formats): the fuzzer's bytes are
 * a descriptor, then a line `%%`, then the file it describes (no `%%`: all
 * descriptor, empty file). Checks what formats/README.md and DECISIONS
 * D36-D40 promise: a descriptor loads or fails with a message naming a
 * line; a read hands out the canonical header (the descriptor's column
 * names) first and then rows of exactly that many fields, on physical
 * lines that never go back; a row's defect is none, FIELD_COUNT or
 * BAD_ENCODING at a column in range; a field read from the file (not
 * mapped) without a defect holds no marker byte 0xFF; the read ends in 0
 * or WR_EINPUT with a message.
 */
#include <string.h>
#include <sys/mman.h>

#include "../../src/formats/format.h"
#include "../../src/inputs/columns.h"
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
    FUZZ_ASSERT(row->defect == 0 || row->defect == WR_FIELD_COUNT || row->defect == WR_BAD_ENCODING);
    FUZZ_ASSERT(row->defect_field >= -1 && row->defect_field < (int)row->n_fields);
    for (size_t i = 0; i < row->n_fields && !row->defect; i++) {
        const wr_fmt_column *col = &c->f->columns[i];
        if (col->source != SRC_VALUE && col->source != SRC_DERIVE && col->n_map == 0)
            FUZZ_ASSERT(!memchr(row->fields[i].p, 0xFF, row->fields[i].n));
    }
    c->last_line = row->line;
    c->rows++;
    return 0;
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
    int rc = wr_format_load(&f, desc, &err);
    FUZZ_ASSERT(rc == 0 || (rc == WR_EINPUT && strstr(err.message, ": ") != NULL));
    if (rc == 0) {
        checker c = {.f = &f, .lines = 1};
        for (size_t i = 0; i < file_n; i++)
            c.lines += file[i] == '\n';
        if (file_n >= 4 && memcmp(file, "\x28\xB5\x2F\xFD", 4) == 0)
            c.lines = UINT64_MAX; /* lines of the decompressed text */
        wr_csv_handler h = {.on_header = on_header, .on_row = on_row, .ctx = &c};
        wr_format_totals t;
        rc = wr_format_read(&f, fuzz_path(file, file_n), &h, &t, &err);
        FUZZ_ASSERT(rc == 0 || (rc == WR_EINPUT && err.message[0] != '\0'));
        FUZZ_ASSERT(rc != 0 || c.header_seen);
        FUZZ_ASSERT(t.data_rows == c.rows);
    }
    wr_format_free(&f);
    return 0;
}
