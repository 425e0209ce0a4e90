/*
 * Canonical CSV from a descriptor's row source: the header is the
 * descriptor's column names, each row its canonical fields (DECISIONS D17
 * quoting). The canonical column layout (wr_layout) of the input kind is
 * built from that header, so check reports the same rejects a run would
 * (before the rules that need other files, such as UNKNOWN_PROJECT).
 */
#include "convert.h"

#include <string.h>

#include "../io/infile.h"
#include "../io/outfile.h"
#include "../types/ident.h"

typedef struct {
    const wr_format *f;
    const wr_input_kind *kind;
    const wr_convert_options *o;
    wr_convert_result *res;
    const char *name;
    wr_layout layout;
    bool have_layout;
    wr_value values[WR_MAX_COLUMNS];
    wr_error *err;
} converter;

static int on_header(void *ctx, const wr_row *header)
{
    converter *c = ctx;
    int shape;
    if (!wr_input_layout_init(c->kind, header, &c->layout, &shape, c->name, c->err))
        return WR_EINPUT;
    c->have_layout = true;
    for (size_t i = 0; c->o->out && i < header->n_fields; i++) {
        if (i)
            fputc(',', c->o->out);
        wr_csv_cell_n(c->o->out, header->fields[i].p, header->fields[i].n);
    }
    if (c->o->out)
        fputc('\n', c->o->out);
    return 0;
}

static const wr_col_spec *spec_of_field(const wr_layout *L, size_t field)
{
    for (size_t s = 0; s < L->n_specs; s++)
        if (L->header_index[s] == (long)field)
            return &L->specs[s];
    return NULL;
}

/* A field as a person may see it (DECISIONS: IDs and cards masked). */
static void write_masked(FILE *out, const wr_col_spec *spec, wr_str t)
{
    char buf[32], id[256];
    if (spec && spec->type == COL_ID && t.n > 0) {
        /* masked after normalising, so a full-width digit is never cut */
        size_t n = t.n <= sizeof id ? wr_normalise_id(t.p, t.n, id) : 0;
        wr_mask_id(id, n, buf);
        fputs(buf, out);
    } else if (spec && strcmp(spec->name, "payee_card") == 0 && t.n > 4) {
        fputs("****", out);
        wr_csv_cell_n(out, t.p + t.n - 4, 4);
    } else {
        wr_csv_cell_n(out, t.p, t.n);
    }
}

static void reject(converter *c, uint64_t line, const char *column, wr_reason reason)
{
    c->res->rejected++;
    if (c->o->on_reject)
        c->o->on_reject(c->o->ctx, line, column, wr_reason_name(reason));
}

/* Notes the words of mapped columns that the map does not list. */
static void note_unmapped(converter *c, const wr_row *row)
{
    for (uint32_t i = 0; i < c->f->n_columns && i < row->n_fields; i++) {
        const wr_fmt_column *col = &c->f->columns[i];
        wr_str t = row->fields[i];
        bool listed = col->n_map == 0 || t.n == 0;
        for (uint32_t k = 0; k < col->n_map && !listed; k++)
            listed = wr_str_is(t, col->map[k].to);
        if (listed)
            continue;
        size_t n = t.n < 63 ? t.n : 63, u = 0;
        wr_convert_result *res = c->res;
        while (u < res->n_unmapped && !(res->unmapped[u].column == col->name &&
                                        strlen(res->unmapped[u].word) == n &&
                                        memcmp(res->unmapped[u].word, t.p, n) == 0))
            u++;
        if (u == res->n_unmapped) {
            if (u == WR_MAX_UNMAPPED)
                continue;
            res->unmapped[u].column = col->name;
            memcpy(res->unmapped[u].word, t.p, n);
            res->unmapped[u].word[n] = '\0';
            res->n_unmapped++;
        }
        res->unmapped[u].rows++;
    }
}

static int on_row(void *ctx, const wr_row *row)
{
    converter *c = ctx;
    c->res->data_rows++;
    if (row->defect) {
        const char *column = row->defect_field >= 0 ? c->f->columns[row->defect_field].name : "";
        reject(c, row->line, column, (wr_reason)row->defect);
        return 0;
    }
    if (c->o->parse) {
        note_unmapped(c, row);
        int bad_spec;
        wr_reason r = wr_layout_parse(&c->layout, row, c->values, &bad_spec);
        if (r != WR_REASON_NONE)
            reject(c, row->line, bad_spec >= 0 ? c->layout.specs[bad_spec].name : "", r);
    }
    FILE *out = c->o->out;
    if (!out || (c->o->max_rows && c->res->written >= c->o->max_rows))
        return 0;
    for (size_t i = 0; i < row->n_fields; i++) {
        if (i)
            fputc(',', out);
        if (c->o->mask)
            write_masked(out, spec_of_field(&c->layout, i), row->fields[i]);
        else
            wr_csv_cell_n(out, row->fields[i].p, row->fields[i].n);
    }
    fputc('\n', out);
    c->res->written++;
    return 0;
}

int wr_format_convert(wr_format *f, const wr_input_kind *kind, const char *path,
                      const wr_convert_options *o, wr_convert_result *res, wr_error *err)
{
    memset(res, 0, sizeof *res);
    int rc = wr_input_check_format(kind, f, err);
    if (rc)
        return rc;
    converter c = {.f = f, .kind = kind, .o = o, .res = res, .name = wr_base_name(path), .err = err};
    wr_csv_handler h = {.on_header = on_header, .on_row = on_row, .ctx = &c};
    rc = wr_format_read(f, path, &h, &res->totals, err);
    if (c.have_layout)
        wr_layout_free(&c.layout);
    return rc;
}
