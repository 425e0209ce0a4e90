/* rejects.csv: every rejected row with file, line, column and reason
 * (RULES section 2); the raw row only with --rejects-raw. */
#include "../io/outfile.h"
#include "outputs.h"

void wr_write_rejects_csv(FILE *f, const wr_model *m)
{
    wr_csv_begin(f, m->opt);
    fputs(m->opt->rejects_raw ? "file,line,column,reason,raw\n" : "file,line,column,reason\n", f);
    for (size_t i = 0; i < m->rejects.len; i++) {
        const wr_reject *r = WR_AT(m->rejects, wr_reject, i);
        wr_csv_cell(f, m->report->files[r->file].name);
        fprintf(f, ",%llu,", (unsigned long long)r->line);
        wr_csv_cell(f, r->column);
        fprintf(f, ",%s", wr_reason_name(r->reason));
        if (m->opt->rejects_raw) {
            fputc(',', f);
            wr_csv_cell(f, r->raw ? r->raw : "");
        }
        fputc('\n', f);
    }
}
