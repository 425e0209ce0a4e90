/*
 * .xls (BIFF8, Excel 97-2003) workbooks through FreeXL (libfreexl): the
 * library reads the compound document and the selected sheet's cells
 * (a .xls holds at most 65,536 rows, so it is bounded); this file hands
 * them on as typed cells (sheet.h). FreeXL itself tells date cells (a
 * number under a date format) and gives them as `YYYY-MM-DD[ HH:MM:SS]`
 * text; a number is a double, written as the shortest decimal that reads
 * back as it (DECISIONS D110).
 *
 * FreeXL runs in a child process. Under AddressSanitizer, FreeXL 1.0.6
 * (Debian 12) reads past a stack buffer when a corrupt .xls declares a
 * string longer than the record holding it (tests/e2e/bank_layouts_test.sh
 * corrupt_xls): a hostile file must not be able to crash or misread the
 * run. The child reads the sheet and writes its rows to a pipe (kind,
 * length, bytes); the parent hands them on. A child that stops without
 * finishing (a signal, an abort) is a corrupt workbook: exit 2, the file
 * named, like any other.
 */
#include <errno.h>
#include <freexl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../types/buf.h"

#include "../types/date.h"
#include "../types/error.h"
#include "sheet.h"

static int fail(wr_error *err, const char *name, const char *what, int code)
{
    return wr_errorf(err, WR_EINPUT, "%s: %s (FreeXL error %d)", name, what, code);
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
        return wr_errorf(err, WR_EINPUT, "%s: no sheet named %s in the workbook", name,
                         sheet->name);
    return wr_errorf(err, WR_EINPUT, "%s: no sheet %u in the workbook (it has %u)", name,
                     sheet->index, count);
}

/* Reads the sheet in this process (the child's part). */
static int read_xls(const char *path, const char *name, const wr_sheet_ref *sheet,
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
        status = wr_errorf(err, WR_ENOMEM, "%s: out of memory", name);
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
                if (len > 0) {
                    *cell = (wr_cell){WR_CELL_NUMBER, {digits, len}};
                } else { /* NaN, infinity, or past 64 digits: text, as the .xlsx
                          * reader keeps a number it cannot write plainly */
                    len = (size_t)snprintf(digits, 64, "%g", v.value.double_value);
                    *cell = (wr_cell){WR_CELL_TEXT, {digits, len}};
                }
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

/* ---- the child and the pipe ---- */

enum { REC_ROW = 'R', REC_ERROR = 'E', REC_END = 'Z' };

static bool put_u32(FILE *out, uint32_t v)
{
    return fwrite(&v, sizeof v, 1, out) == 1;
}

/* The child's row function: one REC_ROW record. */
static int send_row(void *ctx, uint64_t row, const wr_cell *cells, size_t n)
{
    FILE *out = ctx;
    bool ok = putc(REC_ROW, out) != EOF && fwrite(&row, sizeof row, 1, out) == 1 &&
              put_u32(out, (uint32_t)n);
    for (size_t i = 0; ok && i < n; i++)
        ok = putc(cells[i].kind, out) != EOF && put_u32(out, (uint32_t)cells[i].text.n) &&
             fwrite(cells[i].text.p, 1, cells[i].text.n, out) == cells[i].text.n;
    return ok ? 0 : WR_EINPUT;
}

static void child(int fd, const char *path, const char *name, const wr_sheet_ref *sheet)
{
    FILE *out = fdopen(fd, "w");
    if (!out)
        _exit(3);
    wr_error err = {{0}};
    int rc = read_xls(path, name, sheet, send_row, out, &err);
    if (rc) {
        putc(REC_ERROR, out);
        put_u32(out, (uint32_t)strlen(err.message));
        fputs(err.message, out);
    } else {
        putc(REC_END, out);
    }
    _exit(fclose(out) == 0 ? 0 : 3); /* the child only: no exit() below main */
}

static bool get_u32(FILE *in, uint32_t *v)
{
    return fread(v, sizeof *v, 1, in) == 1;
}

/* The parent's side: rows from the pipe to on_row. Returns 0, the row
 * function's status, WR_EINPUT for the child's error (err set), or -1
 * when the pipe ended without an end record. */
static int receive(FILE *in, wr_sheet_row_fn on_row, void *ctx, wr_error *err)
{
    wr_buf text = {0}, cell_buf = {0}; /* the row's texts and cells */
    int status = -1;
    for (;;) {
        int rec = getc(in);
        uint64_t row;
        uint32_t n, len;
        if (rec == REC_END) {
            status = 0;
            break;
        }
        if (rec == REC_ERROR) {
            if (get_u32(in, &len)) {
                size_t take = len < sizeof err->message - 1 ? len : sizeof err->message - 1;
                size_t got = fread(err->message, 1, take, in);
                err->message[got] = '\0';
                status = WR_EINPUT;
            }
            break;
        }
        if (rec != REC_ROW || fread(&row, sizeof row, 1, in) != 1 || !get_u32(in, &n) ||
            n > WR_SHEET_MAX_COLUMNS)
            break;
        if (!wr_buf_reserve(&cell_buf, n * sizeof(wr_cell))) /* D266 */
            break;
        wr_cell *cells = (wr_cell *)cell_buf.p;
        text.len = 0;
        bool ok = true;
        for (uint32_t i = 0; ok && i < n; i++) {
            int kind = getc(in);
            ok = kind >= WR_CELL_EMPTY && kind <= WR_CELL_DATE && get_u32(in, &len) &&
                 len <= (1u << 20) && wr_buf_reserve(&text, text.len + len + 1) &&
                 fread(text.p + text.len, 1, len, in) == len;
            if (ok) {
                cells[i] = (wr_cell){(uint8_t)kind, {NULL, len}};
                text.len += len;
            }
        }
        if (!ok)
            break;
        for (uint32_t i = 0, at = 0; i < n; at += (uint32_t)cells[i].text.n, i++)
            cells[i].text.p = text.p ? text.p + at : "";
        if ((status = on_row(ctx, row, cells, n)) != 0)
            break;
        status = -1;
    }
    free(text.p);
    free(cell_buf.p);
    return status;
}

int wr_sheet_read_xls(const char *path, const char *name, const wr_sheet_ref *sheet,
                      wr_sheet_row_fn on_row, void *ctx, wr_error *err)
{
    int fds[2];
    if (pipe(fds) != 0) {
        return wr_errorf(err, WR_EINPUT, "%s: cannot start the .xls reader (pipe)", name);
    }
    fflush(NULL); /* nothing buffered is written twice */
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return wr_errorf(err, WR_EINPUT, "%s: cannot start the .xls reader (fork)", name);
    }
    if (pid == 0) {
        close(fds[0]);
        child(fds[1], path, name, sheet);
    }
    close(fds[1]);
    FILE *in = fdopen(fds[0], "r");
    int status = in ? receive(in, on_row, ctx, err) : -1;
    if (status != 0)
        kill(pid, SIGKILL); /* stopped early, or the child is stuck */
    if (in)
        fclose(in);
    else
        close(fds[0]);
    int wstatus = 0;
    while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
        ;
    if (status == -1) {
        if (WIFSIGNALED(wstatus) && WTERMSIG(wstatus) != SIGKILL)
            status = wr_errorf(err, WR_EINPUT,
                               "%s: truncated or corrupt .xls workbook (the reader stopped on "
                               "signal %d)",
                               name, WTERMSIG(wstatus));
        else
            status = wr_errorf(err, WR_EINPUT,
                               "%s: truncated or corrupt .xls workbook (the reader stopped, "
                               "status %d)",
                               name, WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1);
    }
    return status;
}
