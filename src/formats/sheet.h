/*
 * Excel workbooks as rows of typed cells, for the descriptor reader
 * (decode.c, `sheet NAME|N`): .xlsx (Office Open XML) through libzip and
 * expat, the sheet's XML streamed a block at a time, never loaded whole;
 * .xls (BIFF8) through FreeXL, in a child process (sheet_xls.c). Which one is told by the file's first
 * bytes (PK zip or the OLE2 compound-document magic), not its name.
 *
 * Cells come typed, and never through a float where an amount is
 * concerned (DECISIONS D110): a number is handed as plain decimal
 * digits, from the XML's own text (.xlsx) or from the shortest decimal
 * that reads back as the same double (.xls, correctly rounded by the C
 * library); a number under a date format is handed as a canonical date
 * (`YYYY-MM-DD[ HH:MM:SS]`); text as UTF-8.
 */
#ifndef WR_SHEET_H
#define WR_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../types/str.h"
#include "wagerecon/wagerecon.h"

typedef enum {
    WR_CELL_EMPTY,
    WR_CELL_TEXT,   /* text, booleans (TRUE/FALSE), error values (#N/A) */
    WR_CELL_NUMBER, /* plain decimal digits: -?D+(.D+)?, no exponent, no float */
    WR_CELL_DATE,   /* a number under a date format: YYYY-MM-DD[ HH:MM:SS] */
} wr_cell_kind;

typedef struct {
    uint8_t kind; /* wr_cell_kind */
    wr_str text;
} wr_cell;

/* Called once per sheet row that holds a cell, in row order: row is the
 * sheet's row number (1-based, as Excel shows it), cells[i] column i+1
 * (A, B, ...), n up to the row's last cell. Non-zero stops the read. */
typedef int (*wr_sheet_row_fn)(void *ctx, uint64_t row, const wr_cell *cells, size_t n);

/* Which sheet: by name (UTF-8), else by position from 1 (workbook order). */
typedef struct {
    const char *name;
    uint32_t index;
} wr_sheet_ref;

/* The most columns a row may have (Excel's XFD). */
#define WR_SHEET_MAX_COLUMNS 16384

/* Reads the sheet of the workbook at path. Returns 0, the row function's
 * non-zero status, or WR_EINPUT with err naming the file (not an Excel
 * file, truncated or corrupt, no such sheet). `name` is the file name
 * used in messages. */
int wr_sheet_read(const char *path, const char *name, const wr_sheet_ref *sheet,
                  wr_sheet_row_fn on_row, void *ctx, wr_error *err);

/* True when the file starts like a workbook (.xlsx or .xls). */
bool wr_sheet_sniff(const char *path);

/* Shared by both readers (sheet.c). */
int wr_sheet_read_xlsx(const char *path, const char *name, const wr_sheet_ref *sheet,
                       wr_sheet_row_fn on_row, void *ctx, wr_error *err);
int wr_sheet_read_xls(const char *path, const char *name, const wr_sheet_ref *sheet,
                      wr_sheet_row_fn on_row, void *ctx, wr_error *err);

/* A number as written (`6450.5`, `-1.2E+3`, `5.1082119740521299E+17`)
 * into plain decimal digits at out (cap bytes): leading zeros and
 * trailing fraction zeros dropped, no exponent. Returns the length, 0
 * when s is not a number or its plain form would not fit. */
size_t wr_sheet_plain_number(const char *s, size_t n, char *out, size_t cap);

/* The shortest decimal that reads back as v (printf is correctly
 * rounded), in plain digits as wr_sheet_plain_number gives them. */
size_t wr_sheet_double_text(double v, char *out, size_t cap);

/* An Excel date serial in plain digits (1900 system, or 1904 when
 * date1904) as canonical `YYYY-MM-DD`, or `YYYY-MM-DD HH:MM:SS` when it
 * has a time of day; 0 when it is no date (negative, 0, the phantom
 * 1900-02-29 (serial 60), past 9999-12-31). */
size_t wr_sheet_serial_date(const char *plain, size_t n, bool date1904, char *out, size_t cap);

/* Whether an Excel number format code shows a date (y or d outside
 * quotes, brackets and escapes: `yyyy-mm-dd`, `yyyy"年"m"月"d"日"`). */
bool wr_sheet_format_is_date(const char *code);

/* Whether a built-in number format id is a date format. */
bool wr_sheet_builtin_is_date(unsigned id);

#endif
