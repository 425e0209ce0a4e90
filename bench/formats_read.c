/*
 * formats_read: reads one input file the way a run does, up to and
 * including the typed column parse (inputs/columns.h), and nothing after:
 * canonical CSV through io/csvread.c, or a file in another layout through
 * its format descriptor (src/formats). bench/formats_bench.sh times the
 * two on the same rows to get the cost of the descriptor path.
 *
 *   formats_read INPUT FILE [DESCRIPTOR]     (INPUT: payments, contracts, ...)
 *
 * Prints the rows read and how many the column rules rejected.
 */
#include <stdio.h>

#include "../src/formats/format.h"
#include "../src/inputs/input.h"

typedef struct {
    const wr_input_kind *kind;
    wr_layout layout;
    bool have_layout;
    wr_value values[WR_MAX_COLUMNS];
    unsigned long long rows, rejected;
    wr_error *err;
} reader;

static int on_header(void *ctx, const wr_row *header)
{
    reader *r = ctx;
    int shape;
    if (!wr_input_layout_init(r->kind, header, &r->layout, &shape, "input", r->err))
        return WR_EINPUT;
    r->have_layout = true;
    return 0;
}

/* As a run does (inputs/input.c): pictures hand values typed. */
static bool takes_typed(void *ctx, size_t field, wr_typed_kind kind)
{
    reader *r = ctx;
    return r->have_layout && wr_layout_takes_typed(&r->layout, field, kind);
}

static int on_row(void *ctx, const wr_row *row)
{
    reader *r = ctx;
    int bad;
    r->rows++;
    if (row->defect || wr_layout_parse(&r->layout, row, r->values, &bad) != WR_REASON_NONE)
        r->rejected++;
    return 0;
}

int main(int argc, char **argv)
{
    const wr_input_kind *kind = argc >= 3 ? wr_input_kind_named(argv[1]) : NULL;
    if (!kind || argc > 4) {
        fprintf(stderr, "usage: formats_read INPUT FILE [DESCRIPTOR]\n");
        return 2;
    }
    wr_error err;
    reader r = {.kind = kind, .err = &err};
    wr_csv_handler h = {.on_header = on_header, .on_row = on_row, .takes_typed = takes_typed, .ctx = &r};
    int rc;
    if (argc == 4) {
        wr_format f;
        rc = wr_format_load(&f, &(wr_format_ref){.path = argv[3]}, &err);
        if (!rc)
            rc = wr_input_check_format(kind, &f, &err);
        if (!rc)
            rc = wr_format_read(&f, argv[2], &h, NULL, &err);
        wr_format_free(&f);
    } else {
        rc = wr_csv_read(argv[2], &h, &err);
    }
    if (r.have_layout)
        wr_layout_free(&r.layout);
    if (rc) {
        fprintf(stderr, "formats_read: %s\n", err.message);
        return rc;
    }
    printf("%llu rows, %llu rejected\n", r.rows, r.rejected);
    return 0;
}
