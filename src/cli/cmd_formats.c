/*
 * `wagerecon formats check DESCRIPTOR FILE` and `formats convert
 * DESCRIPTOR FILE`: try a descriptor on a file, or turn the file into
 * canonical CSV. The work is in the library (src/formats/convert.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "../io/infile.h"
#include "../types/money.h"
#include "cli.h"

static const char usage_formats[] =
    "usage: wagerecon formats check DESCRIPTOR FILE [--rows N] [--format-value NAME=VALUE]...\n"
    "       wagerecon formats convert DESCRIPTOR FILE [--format-value NAME=VALUE]... > out.csv\n"
    "\n"
    "DESCRIPTOR is a format descriptor (formats/*.fmt, language in\n"
    "formats/README.md); FILE the file it describes, plain or zstd-compressed.\n"
    "--format-value gives the descriptor's parameter ${NAME} its VALUE (e.g. the\n"
    "project of a device's site: --format-value project=PJ00001); repeat it for\n"
    "several parameters. A parameter without a value, or a value the descriptor\n"
    "does not use, is exit 2.\n"
    "\n"
    "check   validates the descriptor (errors name its line), prints the first\n"
    "        rows (default 10) as canonical CSV with IDs and cards masked, every\n"
    "        reject (line, column, reason) a run would make before joining files,\n"
    "        words a column's map does not list (passed through as written) and\n"
    "        the trailer check.\n"
    "convert writes the whole file as canonical CSV to standard output (full\n"
    "        IDs: personal data). Rows that cannot be decoded (BAD_ENCODING,\n"
    "        FIELD_COUNT) are not written; they are listed on standard error.\n"
    "\n"
    "Exit: 0 done; 1 (convert) some rows not written; 2 bad usage, bad\n"
    "descriptor, unreadable file or trailer mismatch (do not use the output).\n";

#define SHOWN_REJECTS 20

typedef struct {
    const char *file;
    uint64_t n;
} reject_printer;

static void print_reject(void *ctx, uint64_t line, const char *column, const char *reason)
{
    reject_printer *p = ctx;
    if (p->n++ < SHOWN_REJECTS)
        fprintf(stderr, "%s:%llu: %s%s%s%s\n", p->file, (unsigned long long)line, column,
                *column ? ": " : "", reason,
                strcmp(reason, "NUMERIC_CELL") == 0
                    ? " (a number cell where text is wanted: Excel keeps 15 digits of a "
                      "number, so an ID or card stored as one has lost digits; DECISIONS D110)"
                    : "");
}

static void print_descriptor(const wr_format *f)
{
    printf("descriptor %s: %s, %s, ", f->path, f->input, f->sheet ? "workbook (.xlsx or .xls)" : f->encoding);
    if (f->sheet && f->sheet_name)
        printf("sheet %s", f->sheet_name);
    else if (f->sheet)
        printf("sheet %u", f->sheet_index);
    else if (f->fixed)
        printf("fixed-width in %s", f->count_chars ? "characters" : "bytes");
    else if (f->delimiter == '\t')
        printf("delimited by tab");
    else
        printf("delimited by '%c'", f->delimiter);
    printf(", %u %s%s skipped%s, %u columns%s%s\n", f->skip, f->sheet ? "row" : "line",
           f->skip == 1 ? "" : "s",
           !f->fixed && f->header ? ", header" : "", f->n_columns,
           f->trailer ? ", trailer " : "", f->trailer ? f->trailer_label : "");
    if (f->summary)
        printf("summary line: the first line%s%s%s, giving every row its values%s%s\n",
               f->summary_label ? " (labelled " : "", f->summary_label ? f->summary_label : "",
               f->summary_label ? ")" : "", f->summary_rows_field ? ", the row count" : "",
               f->summary_total_field ? ", the total" : "");
}

/* What the summary line said and that the rows agree (a disagreement
 * stopped the read before this). */
static void print_summary(const wr_format *f, const wr_format_totals *t)
{
    char said[24];
    if (!f->summary)
        return;
    printf("summary line %llu:", (unsigned long long)t->summary_at);
    if (f->summary_rows_field)
        printf(" %llu rows", (unsigned long long)t->summary_rows);
    if (f->summary_total_field) {
        wr_format_fen(t->summary_total_fen, said);
        printf("%s total %s", f->summary_rows_field ? "," : "", said);
    }
    printf(": matches what was read");
    if (f->summary_total_field && !t->total_checked)
        printf(" (rows only: %llu rows' amounts unreadable, so the total is not checked)",
               (unsigned long long)t->unreadable_totals);
    printf("\n");
}

static void print_trailer(const wr_format *f, const wr_format_totals *t)
{
    char said[24], read[24];
    if (!f->trailer)
        return;
    wr_format_fen(t->trailer_total_fen, said);
    wr_format_fen(t->total_fen, read);
    printf("trailer: %llu rows", (unsigned long long)t->trailer_rows);
    if (f->trailer_total_field)
        printf(", total %s", said);
    printf(": matches what was read");
    if (f->trailer_total_field && !t->total_checked)
        printf(" (rows only: %llu rows' amounts unreadable, so the total is not checked)",
               (unsigned long long)t->unreadable_totals);
    printf("\n");
}

static int check_or_convert(bool check, const wr_format_ref *desc, const char *file,
                            uint64_t rows)
{
    wr_format f;
    wr_error err;
    int rc = wr_format_load(&f, desc, &err);
    const wr_input_kind *kind = rc ? NULL : wr_input_kind_named(f.input);
    if (!rc && !kind)
        rc = WR_EINPUT;
    reject_printer printer = {wr_base_name(file), 0};
    wr_convert_options o = {.out = stdout, .max_rows = check ? rows : 0, .mask = check,
                            .parse = check, .on_reject = print_reject, .ctx = &printer};
    wr_convert_result res = {0}; /* wr_format_convert fills it; zero for cppcheck */
    if (!rc && check) {
        print_descriptor(&f);
        printf("first rows as canonical CSV (IDs and cards masked):\n");
        fflush(stdout);
    }
    if (!rc)
        rc = wr_format_convert(&f, kind, file, &o, &res, &err);
    fflush(stdout);
    if (rc) {
        fprintf(stderr, "wagerecon: %s\n", err.message);
    } else if (check) {
        if (printer.n > SHOWN_REJECTS)
            fprintf(stderr, "... and %llu more rejects\n",
                    (unsigned long long)(printer.n - SHOWN_REJECTS));
        printf("rows: %llu data rows = %llu readable + %llu rejected\n",
               (unsigned long long)res.data_rows,
               (unsigned long long)(res.data_rows - res.rejected),
               (unsigned long long)res.rejected);
        for (size_t i = 0; i < res.n_unmapped; i++)
            printf("not in the map of %s, passed through as written: %s (%llu rows)\n",
                   res.unmapped[i].column, res.unmapped[i].word,
                   (unsigned long long)res.unmapped[i].rows);
        print_summary(&f, &res.totals);
        print_trailer(&f, &res.totals);
    } else if (res.rejected) {
        if (printer.n > SHOWN_REJECTS)
            fprintf(stderr, "... and %llu more\n", (unsigned long long)(printer.n - SHOWN_REJECTS));
        fprintf(stderr, "wagerecon: %s: %llu rows not written (listed above)\n",
                wr_base_name(file), (unsigned long long)res.rejected);
        rc = CLI_ROWS_NOT_WRITTEN;
    }
    wr_format_free(&f);
    return rc;
}

enum { O_ROWS = 1, O_FORMAT_VALUE, O_HELP };

int cmd_formats(int argc, char **argv)
{
    static const struct option options[] = {
        {"rows", required_argument, 0, O_ROWS},
        {"format-value", required_argument, 0, O_FORMAT_VALUE},
        {"help", no_argument, 0, O_HELP},
        {0, 0, 0, 0},
    };
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage_formats, stdout);
        return 0;
    }
    if (argc < 2)
        return cli_usage_error("formats ", "missing check or convert", NULL);
    bool check = strcmp(argv[1], "check") == 0;
    if (!check && strcmp(argv[1], "convert") != 0)
        return cli_usage_error("formats ", "unknown formats command", argv[1]);
    uint64_t rows = 10;
    bool have_rows = false;
    wr_format_ref desc = {0};
    const char *desc_values[CLI_MAX_FORMAT_VALUES];
    opterr = 0;
    optind = 1; /* argv + 1: `check` or `convert` stands where a program name would */
    int code;
    while ((code = getopt_long(argc - 1, argv + 1, ":", options, NULL)) != -1) {
        const char *arg = optarg;
        char *end;
        unsigned long long n;
        switch (code) {
        case O_HELP:
            fputs(usage_formats, stdout);
            return 0;
        case O_ROWS:
            if (have_rows)
                return cli_given_twice("formats ", "rows"); /* D261 */
            have_rows = true;
            n = strtoull(arg, &end, 10);
            if (!check || *end || !*arg || n == 0)
                return cli_usage_error("formats ", check ? "--rows wants a number from 1, got"
                                                         : "--rows is for formats check:", arg);
            rows = n;
            break;
        case O_FORMAT_VALUE:
            if (cli_add_format_value(&desc, desc_values, "formats ", arg))
                return 2;
            break;
        default:
            return cli_getopt_error("formats ", argv + 1, code);
        }
    }
    if (argc - 1 - optind != 2)
        return cli_usage_error("formats ", "wants DESCRIPTOR FILE", NULL);
    desc.path = argv[1 + optind];
    return check_or_convert(check, &desc, argv[2 + optind], rows);
}
