/* flags.csv and flags.jsonl: one flag a row, columns of RULES section 6. */
#include <stdlib.h>

#include "../io/outfile.h"
#include "outputs.h"

/* The lines go out 64 KB at a time, each built in memory (D286). */
#define WRITE_BYTES (64 * 1024)

static bool write_flag_lines(FILE *f, const wr_model *m, const wr_vec *flags, bool csv)
{
    wr_buf lines = {0};
    wr_flag_cells cells;
    bool ok = true;
    for (size_t i = 0; ok && i < flags->len; i++) {
        wr_flag_render(m, WR_AT(*flags, wr_flag, i), &cells);
        ok = csv ? wr_flag_cells_csv(&lines, &cells, m->opt->excel)
                 : wr_flag_cells_jsonl(&lines, &cells);
        if (ok && (lines.len >= WRITE_BYTES || i + 1 == flags->len)) {
            fwrite(lines.p, 1, lines.len, f);
            lines.len = 0;
        }
    }
    free(lines.p);
    return ok;
}

bool wr_write_flags_csv(FILE *f, const wr_model *m, const wr_vec *flags)
{
    wr_csv_begin(f, m->opt);
    for (int c = 0; c < WR_FLAG_COLUMNS; c++)
        fprintf(f, "%s%s", c ? "," : "", wr_flag_column_names[c]);
    fputc('\n', f);
    return write_flag_lines(f, m, flags, true);
}

bool wr_write_flags_jsonl(FILE *f, const wr_model *m, const wr_vec *flags)
{
    return write_flag_lines(f, m, flags, false);
}
