/*
 * Fuzz targets `xlsx` and `xls` for the workbook readers (src/formats/
 * sheet*.c): the fuzzer's bytes are the workbook. One source, two
 * corpora (testdata/fuzz/xlsx: zip workbooks; testdata/fuzz/xls: BIFF8
 * compound documents); the reader picks by the first bytes either way.
 *
 * Checks what sheet.h promises: the read ends in 0 or WR_EINPUT with a
 * message naming the file; rows come in increasing row order, each with
 * 1..WR_SHEET_MAX_COLUMNS cells, its last cell not empty; a NUMBER cell
 * is plain decimal digits (-?D+(.D+)?, no exponent: never a float's
 * text, DECISIONS D110); a DATE cell is a canonical date that
 * wr_parse_datetime reads; an EMPTY cell has no text; no text holds a
 * NUL. The sheet is asked for by position and by a name.
 *
 * The .xls reader runs FreeXL in a child process (DECISIONS D110), so a
 * fault inside FreeXL ends the child, which the parent reports as a
 * corrupt workbook; the parent's side (the pipe, the rows) is fuzzed here.
 */
#include <string.h>

#include "../../src/formats/sheet.h"
#include "../../src/types/date.h"
#include "fuzz_common.h"

typedef struct {
    uint64_t last_row, rows;
} checker;

static bool plain_digits(wr_str s)
{
    size_t i = 0, digits = 0;
    if (i < s.n && s.p[i] == '-')
        i++;
    for (; i < s.n && s.p[i] >= '0' && s.p[i] <= '9'; i++)
        digits++;
    if (digits == 0)
        return false;
    if (i == s.n)
        return true;
    if (s.p[i++] != '.' || i == s.n)
        return false;
    for (; i < s.n; i++)
        if (s.p[i] < '0' || s.p[i] > '9')
            return false;
    return s.p[s.n - 1] != '0'; /* trailing fraction zeros are dropped */
}

static int on_row(void *ctx, uint64_t row, const wr_cell *cells, size_t n)
{
    checker *c = ctx;
    FUZZ_ASSERT(row > c->last_row);
    FUZZ_ASSERT(n >= 1 && n <= WR_SHEET_MAX_COLUMNS);
    FUZZ_ASSERT(cells[n - 1].kind != WR_CELL_EMPTY);
    for (size_t i = 0; i < n; i++) {
        const wr_cell *cell = &cells[i];
        FUZZ_ASSERT(cell->kind <= WR_CELL_DATE);
        FUZZ_ASSERT(cell->kind != WR_CELL_EMPTY || cell->text.n == 0);
        FUZZ_ASSERT(cell->kind == WR_CELL_EMPTY || cell->kind == WR_CELL_TEXT ||
                    cell->text.n > 0);
        if (cell->kind == WR_CELL_NUMBER)
            FUZZ_ASSERT(plain_digits(cell->text));
        if (cell->kind == WR_CELL_DATE) {
            wr_day day;
            int32_t sec;
            FUZZ_ASSERT(wr_parse_datetime(cell->text.p, cell->text.n, &day, &sec));
        }
    }
    c->last_row = row;
    c->rows++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_path(data, size);
    static const wr_sheet_ref refs[] = {{NULL, 1}, {"\xE4\xBB\xA3\xE5\x8F\x91\xE6\x98\x8E\xE7\xBB\x86", 0}};
    for (size_t r = 0; r < sizeof refs / sizeof refs[0]; r++) {
        checker c = {0};
        wr_error err = {{0}};
        int rc = wr_sheet_read(path, "fuzz.xlsx", &refs[r], on_row, &c, &err);
        FUZZ_ASSERT(rc == 0 || (rc == WR_EINPUT && strncmp(err.message, "fuzz.xlsx: ", 11) == 0));
    }
    return 0;
}
