/* flags.csv and flags.jsonl: one flag a row, columns of RULES section 6. */
#include "../io/outfile.h"
#include "outputs.h"

void wr_write_flags_csv(FILE *f, const wr_model *m, const wr_vec *flags)
{
    wr_csv_begin(f, m->opt);
    for (int c = 0; c < WR_FLAG_COLUMNS; c++)
        fprintf(f, "%s%s", c ? "," : "", wr_flag_column_names[c]);
    fputc('\n', f);
    wr_flag_cells cells;
    for (size_t i = 0; i < flags->len; i++) {
        wr_flag_render(m, WR_AT(*flags, wr_flag, i), &cells);
        wr_flag_cells_csv(f, &cells, m->opt->excel);
    }
}

void wr_write_flags_jsonl(FILE *f, const wr_model *m, const wr_vec *flags)
{
    wr_flag_cells cells;
    for (size_t i = 0; i < flags->len; i++) {
        wr_flag_render(m, WR_AT(*flags, wr_flag, i), &cells);
        wr_flag_cells_jsonl(f, &cells);
    }
}
