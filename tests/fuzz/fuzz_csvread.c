/*
 * Fuzz target for the CSV row reader (src/io/csvread.c): the fuzzer's
 * bytes are a file; every row the reader hands out is checked against
 * what RULES section 2 and DECISIONS D2/D28/D33 promise: rows start on
 * non-decreasing physical lines within the file, the header on line 1,
 * every field trimmed of ASCII spaces and tabs and NUL-terminated inside
 * the reader's buffer, a row that starts on a line of only spaces and tabs
 * is that line's one empty field (D28, D200: such a line cannot open a
 * quote, so no row can start there and go on), and a read ends in 0 or
 * WR_EINPUT with a message.
 */
#include <stdlib.h>
#include <string.h>

#include "../../src/io/csvread.h"
#include "../../src/io/infile.h"
#include "fuzz_common.h"

typedef struct {
    uint64_t lines;      /* physical lines in the input */
    uint64_t last_line;  /* start line of the previous row */
    uint64_t rows;
    size_t input_size;
    bool zstd;           /* compressed input: fields may outgrow it */
    int stop_after;      /* handler status test: stop at this row */
    bool *spaces_line;   /* [line]: only spaces and tabs (plain input), or NULL */
} checker;

static void check_row(checker *c, const wr_row *row)
{
    FUZZ_ASSERT(row->line >= 1 && row->line <= c->lines);
    FUZZ_ASSERT(row->line >= c->last_line);
    FUZZ_ASSERT(row->n_fields >= 1);
    if (c->spaces_line && c->spaces_line[row->line])
        FUZZ_ASSERT(row->n_fields == 1 && row->fields[0].n == 0);
    size_t bytes = 0;
    for (size_t i = 0; i < row->n_fields; i++) {
        wr_str f = row->fields[i];
        if (f.n > 0) {
            FUZZ_ASSERT(f.p[0] != ' ' && f.p[0] != '\t');
            FUZZ_ASSERT(f.p[f.n - 1] != ' ' && f.p[f.n - 1] != '\t');
        }
        FUZZ_ASSERT(f.p[f.n] == '\0');
        bytes += f.n;
    }
    FUZZ_ASSERT(c->zstd || bytes <= c->input_size); /* quotes, commas only shrink */
    c->last_line = row->line;
    c->rows++;
}

static int on_header(void *ctx, const wr_row *header)
{
    checker *c = ctx;
    if (header->n_fields == 0) { /* empty input: called once, on line 1 */
        FUZZ_ASSERT(c->rows == 0 && header->line == 1);
        return 0;
    }
    check_row(c, header);
    return 0;
}

static int on_row(void *ctx, const wr_row *row)
{
    checker *c = ctx;
    FUZZ_ASSERT(c->rows >= 1); /* the header came first */
    check_row(c, row);
    return c->stop_after && (int)c->rows == c->stop_after ? 99 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_path(data, size);
    checker c = {.lines = 1, .input_size = size,
                 .zstd = wr_infile_is_zstd(data, size)};
    for (size_t i = 0; i < size; i++) /* line ends: LF, CRLF, lone CR (D33) */
        c.lines += data[i] == '\n' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n'));
    if (c.zstd)
        c.lines = UINT64_MAX; /* lines are of the decompressed text */
    else
        c.spaces_line = calloc(c.lines + 1, sizeof *c.spaces_line);
    for (size_t i = 0, line = 1, start = 0; c.spaces_line && i <= size; i++) {
        bool end = i == size || data[i] == '\n' || data[i] == '\r';
        if (!end)
            continue;
        size_t j = start; /* line `line` is data[start..i) */
        while (j < i && (data[j] == ' ' || data[j] == '\t'))
            j++;
        c.spaces_line[line] = i > start && j == i;
        if (i < size && data[i] == '\r' && i + 1 < size && data[i + 1] == '\n')
            i++; /* CRLF: one line end */
        line++;
        start = i + 1;
    }
    c.stop_after = size > 0 ? data[size - 1] % 8 : 0; /* sometimes stop early */
    wr_csv_handler h = {.on_header = on_header, .on_row = on_row, .ctx = &c};
    wr_error err = {{0}};
    int rc = wr_csv_read(path, &h, &err);
    if (rc == 99)
        FUZZ_ASSERT((int)c.rows == c.stop_after); /* a handler's status stops the read */
    else
        FUZZ_ASSERT(rc == 0 || (rc == WR_EINPUT && err.message[0] != '\0'));
    free(c.spaces_line);
    return 0;
}
