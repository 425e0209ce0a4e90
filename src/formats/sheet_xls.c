/*
 * .xls (BIFF8, Excel 97-2003) workbooks through FreeXL (libfreexl): the
 * library reads the compound document and the selected sheet's cells
 * (a .xls holds at most 65,536 rows, so it is bounded); this file hands
 * them on as typed cells (sheet.h). FreeXL itself tells date cells (a
 * number under a date format) and gives them as `YYYY-MM-DD[ HH:MM:SS]`
 * text; a number is a double, written as the shortest decimal that reads
 * back as it (DECISIONS D110).
 */
#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../types/date.h"
#include "sheet.h"

static int fail(wr_error *err, const char *name, const char *what, int code)
{
    snprintf(err->message, sizeof err->message, "%s: %s (FreeXL error %d)", name, what, code);
    return WR_EINPUT;
}

static int select_sheet(const void *xl, const char *name, const wr_sheet_ref *sheet, wr_error *err)
{
    unsigned int count = 0;
    int rc = freexl_get_info(xl, FREEXL_BIFF_SHEET_COUNT, &count);
    if (rc != FREEXL_OK)
        return fail(err, name, "unreadable .xls workbook", rc);
    for (unsigned int i = 0; i < count && i < 65535; i++) {
        const char *sheet_name = NULL;
        bool hit = sheet->name ? freexl_get_worksheet_name(xl, (unsigned short)i, &sheet_name) ==
                                         FREEXL_OK &&
                                     sheet_name && strcmp(sheet_name, sheet->name) == 0
                               : i + 1 == sheet->index;
        if (hit) {
            rc = freexl_select_active_worksheet(xl, (unsigned short)i);
            return rc == FREEXL_OK ? 0 : fail(err, name, "unreadable sheet in .xls workbook", rc);
        }
    }
    if (sheet->name)
        snprintf(err->message, sizeof err->message, "%s: no sheet named %s in the workbook", name,
                 sheet->name);
    else
        snprintf(err->message, sizeof err->message,
                 "%s: no sheet %u in the workbook (it has %u)", name, sheet->index, count);
    return WR_EINPUT;
}

int wr_sheet_read_xls(const char *path, const char *name, const wr_sheet_ref *sheet,
                      wr_sheet_row_fn on_row, void *ctx, wr_error *err)
{
    const void *xl = NULL;
    int rc = freexl_open(path, &xl);
    if (rc != FREEXL_OK) {
        if (xl)
            freexl_close(xl);
        return fail(err, name, "truncated or corrupt .xls workbook", rc);
    }
    unsigned int rows = 0;
    unsigned short columns = 0;
    int status = select_sheet(xl, name, sheet, err);
    if (!status && (rc = freexl_worksheet_dimensions(xl, &rows, &columns)) != FREEXL_OK)
        status = fail(err, name, "unreadable sheet dimensions", rc);
    wr_cell *cells = NULL;
    char *numbers = NULL; /* each number cell's digits, 64 bytes a column */
    if (!status && columns > 0 &&
        (!(cells = malloc(columns * sizeof *cells)) || !(numbers = malloc((size_t)columns * 64)))) {
        snprintf(err->message, sizeof err->message, "%s: out of memory", name);
        status = WR_EINPUT;
    }
    for (unsigned int r = 0; !status && columns > 0 && r < rows; r++) {
        size_t n = 0;
        for (unsigned short c = 0; c < columns; c++) {
            FreeXL_CellValue v;
            wr_cell *cell = &cells[c];
            char *digits = numbers + (size_t)c * 64;
            *cell = (wr_cell){WR_CELL_EMPTY, {"", 0}};
            if ((rc = freexl_get_cell_value(xl, r, c, &v)) != FREEXL_OK) {
                status = fail(err, name, "unreadable cell", rc);
                break;
            }
            size_t len;
            switch (v.type) {
            case FREEXL_CELL_INT:
                len = (size_t)snprintf(digits, 64, "%d", v.value.int_value);
                *cell = (wr_cell){WR_CELL_NUMBER, {digits, len}};
                break;
            case FREEXL_CELL_DOUBLE:
                len = wr_sheet_double_text(v.value.double_value, digits, 64);
                if (len == 0) /* NaN, infinity, or past 64 digits: not an amount */
                    len = (size_t)snprintf(digits, 64, "%g", v.value.double_value);
                *cell = (wr_cell){WR_CELL_NUMBER, {digits, len}};
                break;
            case FREEXL_CELL_DATE:
            case FREEXL_CELL_DATETIME:
                if (v.value.text_value) { /* as FreeXL writes it; a date only if it reads as one */
                    wr_day day;
                    int32_t sec;
                    wr_str t = {v.value.text_value, strlen(v.value.text_value)};
                    *cell = (wr_cell){wr_parse_datetime(t.p, t.n, &day, &sec) ? WR_CELL_DATE
                                                                              : WR_CELL_TEXT, t};
                }
                break;
            case FREEXL_CELL_TEXT:
            case FREEXL_CELL_SST_TEXT:
            case FREEXL_CELL_TIME:
                if (v.value.text_value)
                    *cell = (wr_cell){WR_CELL_TEXT,
                                      {v.value.text_value, strlen(v.value.text_value)}};
                break;
            default:
                break;
            }
            if (cell->kind != WR_CELL_EMPTY)
                n = (size_t)c + 1;
        }
        if (!status && n > 0)
            status = on_row(ctx, (uint64_t)r + 1, cells, n);
    }
    free(cells);
    free(numbers);
    freexl_close(xl);
    return status;
}
