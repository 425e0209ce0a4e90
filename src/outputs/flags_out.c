/* flags.csv and flags.jsonl: one flag a row, columns of RULES section 6. */
#include "outputs.h"
#include "../io/outfile.h"

void wr_write_flags_csv(FILE *f, const wr_model *m, const wr_vec *flags)
{
    for (int c = 0; c < WR_FLAG_COLUMNS; c++)
        fprintf(f, "%s%s", c ? "," : "", wr_flag_column_names[c]);
    fputc('\n', f);
    wr_flag_cells cells;
    for (size_t i = 0; i < flags->len; i++) {
        wr_flag_render(m, WR_AT(*flags, wr_flag, i), &cells);
        for (int c = 0; c < WR_FLAG_COLUMNS; c++) {
            if (c)
                fputc(',', f);
            if (cells.cell[c])
                wr_csv_cell(f, cells.cell[c]);
        }
        fputc('\n', f);
    }
}

/* DECISIONS D20: money as strings, day counts as integers, empty as null. */
void wr_write_flags_jsonl(FILE *f, const wr_model *m, const wr_vec *flags)
{
    wr_flag_cells cells;
    for (size_t i = 0; i < flags->len; i++) {
        wr_flag_render(m, WR_AT(*flags, wr_flag, i), &cells);
        fputc('{', f);
        for (int c = 0; c < WR_FLAG_COLUMNS; c++) {
            fprintf(f, "%s\"%s\":", c ? "," : "", wr_flag_column_names[c]);
            if (!cells.cell[c])
                fputs("null", f);
            else if (cells.numeric[c])
                fputs(cells.cell[c], f);
            else
                wr_json_string(f, cells.cell[c]);
        }
        fputs("}\n", f);
    }
}
