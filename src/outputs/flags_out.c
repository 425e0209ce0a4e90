/* flags.csv and flags.jsonl: one flag a row, columns of RULES section 6. */
#include <stdlib.h>

#include "../io/outfile.h"
#include "outputs.h"

/* The lines go out 64 KB at a time, each built in memory (D286). */
#define WRITE_BYTES (64 * 1024)

/* Writes the line buffered in b when it reached WRITE_BYTES or `last`. */
static void write_lines(FILE *f, wr_buf *b, bool last)
{
    if (b->len >= WRITE_BYTES || (last && b->len)) {
        fwrite(b->p, 1, b->len, f);
        b->len = 0;
    }
}

bool wr_write_flag_lines(FILE *csv, FILE *jsonl, const wr_model *m, const wr_vec *flags,
                         size_t begin, size_t end)
{
    if (csv && begin == 0) {
        wr_csv_begin(csv, m->opt);
        for (int c = 0; c < WR_FLAG_COLUMNS; c++)
            fprintf(csv, "%s%s", c ? "," : "", wr_flag_column_names[c]);
        fputc('\n', csv);
    }
    wr_buf csv_lines = {0}, jsonl_lines = {0};
    wr_flag_cells cells;
    bool ok = true;
    for (size_t i = begin; ok && i < end; i++) {
        wr_flag_render(m, WR_AT(*flags, wr_flag, i), &cells); /* once for both files (D301) */
        if (csv && (ok = wr_flag_cells_csv(&csv_lines, &cells, m->opt->excel)))
            write_lines(csv, &csv_lines, i + 1 == end);
        if (ok && jsonl && (ok = wr_flag_cells_jsonl(&jsonl_lines, &cells)))
            write_lines(jsonl, &jsonl_lines, i + 1 == end);
    }
    free(csv_lines.p);
    free(jsonl_lines.p);
    return ok;
}

bool wr_write_flags_csv(FILE *f, const wr_model *m, const wr_vec *flags)
{
    return wr_write_flag_lines(f, NULL, m, flags, 0, flags->len);
}

bool wr_write_flags_jsonl(FILE *f, const wr_model *m, const wr_vec *flags)
{
    return wr_write_flag_lines(NULL, f, m, flags, 0, flags->len);
}
