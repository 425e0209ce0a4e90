/*
 * .xlsx (Office Open XML) workbooks through libzip and expat.
 *
 * How it works. A workbook is a zip of XML parts. xl/workbook.xml lists
 * the sheets (name and relationship id, in tab order) and the date
 * system (date1904); xl/_rels/workbook.xml.rels maps ids to part names,
 * and names the shared strings and styles parts. The shared strings (the
 * text of most cells, by index) are kept, packed in one buffer; of the
 * styles only which cell formats (cellXfs) show a date. The sheet itself
 * is streamed: each block read from the zip goes to expat, which calls
 * back per element; a row's cells are gathered in one reused buffer and
 * handed on at </row>, so memory does not grow with the sheet's rows.
 *
 * A cell's number is taken from the XML's own text (`<v>6450.5</v>`),
 * never through a double (DECISIONS D110); under a date format it is a
 * date serial, written as a canonical date.
 */
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "../io/csvread.h"
#include "../types/buf.h"
#include "../types/error.h"
#include "../types/vec.h"
#include "sheet.h"

/* Shared strings: at most this much text and this many strings. */
#define MAX_SST_BYTES ((size_t)256 << 20)
#define MAX_SST_STRINGS ((size_t)16 << 20)
/* Custom number formats and cell formats kept. */
#define MAX_XF 65536

typedef struct {
    uint32_t off, len;
} span;

typedef struct {
    zip_t *zip;
    const char *name;
    wr_error *err;
    int status;
    XML_Parser xp;
    const char *part; /* the part being parsed, for messages */
    /* workbook.xml and its rels */
    const wr_sheet_ref *want;
    uint32_t sheets_seen;
    char *sheet_rid, *sheet_part, *sst_part, *styles_part;
    bool date1904;
    /* sharedStrings.xml */
    wr_buf sst;
    wr_vec sst_off;  /* uint32_t: where string i starts in sst; it ends where
                      * the next starts (the last: at sst.len) */
    int sst_rph;     /* inside <rPh> (phonetic guide): not the cell's text */
    bool sst_in_t;
    /* styles.xml */
    wr_vec fmt_ids;  /* unsigned: custom number formats that show a date */
    wr_vec xf_date;  /* uint8_t: cellXfs[i] shows a date */
    bool in_cell_xfs;
    /* the sheet */
    wr_sheet_row_fn on_row;
    void *ctx;
    uint64_t row;        /* the current row's number */
    bool in_row;
    wr_buf text;            /* the row's cell texts */
    wr_buf span_buf, kind_buf, cell_buf; /* hold the three below (D266) */
    span *spans;         /* per column */
    uint8_t *kinds;
    size_t n_cells, cells_cap;
    wr_cell *cells;
    long col;            /* current cell's column (0-based), -1 none yet in the row */
    char cell_type[12];
    unsigned cell_style;
    uint32_t cell_from;
    bool in_cell, capture;
    bool in_is;          /* inside <is> (inline string) */
    int is_rph;
} xlsx;

/* The first error of the read stops it: code and "BOOK: what". */
static int stop_with(xlsx *x, int code, const char *what)
{
    if (!x->status)
        x->status = wr_errorf(x->err, code, "%s: %s", x->name, what);
    if (x->xp)
        XML_StopParser(x->xp, XML_FALSE);
    return x->status;
}

static int stop(xlsx *x, const char *what)
{
    return stop_with(x, WR_EINPUT, what);
}

static int nomem(xlsx *x)
{
    return stop_with(x, WR_ENOMEM, "out of memory");
}

static int corrupt(xlsx *x, const char *what)
{
    char m[300];
    snprintf(m, sizeof m, "truncated or corrupt .xlsx workbook (%s: %s)", x->part, what);
    return stop(x, m);
}

/* An element's or attribute's name without its prefix (`x:row`, `r:id`):
 * namespaces are not processed (expat is a third cheaper without), and
 * the parts use the main namespace unprefixed, or one prefix throughout. */
static const char *local(const char *name)
{
    const char *colon = strchr(name, ':');
    return colon ? colon + 1 : name;
}

static const char *attr(const char **atts, const char *want)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(local(atts[i]), want) == 0)
            return atts[i + 1];
    return NULL;
}

static bool parse_uint(const char *s, unsigned long max, unsigned long *out)
{
    unsigned long v = 0;
    if (!s || !*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || (v = v * 10 + (unsigned long)(*s - '0')) > max)
            return false;
    }
    *out = v;
    return true;
}

/* Streams one part of the zip through expat with x's handlers. A missing
 * part is an error when required, else nothing. */
static int parse_part(xlsx *x, const char *part, bool required, XML_StartElementHandler start,
                      XML_EndElementHandler end, XML_CharacterDataHandler chars)
{
    x->part = part;
    zip_file_t *zf = zip_fopen(x->zip, part, 0);
    if (!zf) {
        if (!required)
            return 0;
        return corrupt(x, "missing");
    }
    x->xp = XML_ParserCreate(NULL);
    if (!x->xp) {
        zip_fclose(zf);
        return nomem(x);
    }
    XML_SetUserData(x->xp, x);
    XML_SetElementHandler(x->xp, start, end);
    XML_SetCharacterDataHandler(x->xp, chars);
    char block[65536];
    for (;;) {
        zip_int64_t got = zip_fread(zf, block, sizeof block);
        if (got < 0) {
            corrupt(x, zip_file_strerror(zf));
            break;
        }
        if (XML_Parse(x->xp, block, (int)got, got == 0) == XML_STATUS_ERROR) {
            if (!x->status) {
                char m[200];
                snprintf(m, sizeof m, "XML line %lu: %s",
                         (unsigned long)XML_GetCurrentLineNumber(x->xp),
                         XML_ErrorString(XML_GetErrorCode(x->xp)));
                corrupt(x, m);
            }
            break;
        }
        if (got == 0 || x->status)
            break;
    }
    XML_ParserFree(x->xp);
    x->xp = NULL;
    zip_fclose(zf);
    return x->status;
}

/* ---- workbook.xml: the sheet wanted, and the date system ---- */

static void XMLCALL workbook_start(void *ud, const char *el, const char **atts)
{
    xlsx *x = ud;
    const char *n = local(el);
    if (strcmp(n, "workbookPr") == 0) {
        const char *d = attr(atts, "date1904");
        x->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
    } else if (strcmp(n, "sheet") == 0 && !x->sheet_rid) {
        x->sheets_seen++;
        const char *name = attr(atts, "name"), *rid = attr(atts, "id");
        bool hit = x->want->name ? name && strcmp(name, x->want->name) == 0
                                 : x->sheets_seen == x->want->index;
        if (hit && !rid)
            corrupt(x, "a sheet without a relationship id");
        else if (hit && !(x->sheet_rid = strdup(rid)))
            nomem(x);
    }
}

static void XMLCALL no_end(void *ud, const char *el)
{
    (void)ud;
    (void)el;
}

static void XMLCALL no_chars(void *ud, const char *s, int n)
{
    (void)ud;
    (void)s;
    (void)n;
}

/* A relationship's target as a zip entry name (targets are relative to
 * xl/, or absolute from the root). */
static char *part_name(const char *target)
{
    if (target[0] == '/')
        return strdup(target + 1);
    char *p = malloc(strlen(target) + 4);
    if (p)
        sprintf(p, "xl/%s", target);
    return p;
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && strcmp(s + n - t, tail) == 0;
}

static void XMLCALL rels_start(void *ud, const char *el, const char **atts)
{
    xlsx *x = ud;
    if (strcmp(local(el), "Relationship") != 0)
        return;
    const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *target = attr(atts, "Target");
    if (!target)
        return;
    char **slot = NULL;
    if (id && x->sheet_rid && strcmp(id, x->sheet_rid) == 0)
        slot = &x->sheet_part;
    else if (type && ends_with(type, "/sharedStrings"))
        slot = &x->sst_part;
    else if (type && ends_with(type, "/styles"))
        slot = &x->styles_part;
    if (slot && !*slot && !(*slot = part_name(target)))
        nomem(x);
}

/* ---- sharedStrings.xml: <si> strings, the text of <t> outside <rPh> ---- */

static void XMLCALL sst_start(void *ud, const char *el, const char **atts)
{
    xlsx *x = ud;
    (void)atts;
    const char *n = local(el);
    if (strcmp(n, "si") == 0) {
        uint32_t *at;
        if (x->sst_off.len == MAX_SST_STRINGS)
            corrupt(x, "too many shared strings");
        else if (!(at = wr_vec_push(&x->sst_off)))
            nomem(x);
        else
            *at = (uint32_t)x->sst.len;
    } else if (strcmp(n, "rPh") == 0) {
        x->sst_rph++;
    } else if (strcmp(n, "t") == 0) {
        x->sst_in_t = x->sst_rph == 0 && x->sst_off.len > 0;
    }
}

static void XMLCALL sst_end(void *ud, const char *el)
{
    xlsx *x = ud;
    const char *n = local(el);
    if (strcmp(n, "rPh") == 0)
        x->sst_rph--;
    else if (strcmp(n, "t") == 0)
        x->sst_in_t = false;
}

static void XMLCALL sst_chars(void *ud, const char *s, int n)
{
    xlsx *x = ud;
    if (!x->sst_in_t)
        return;
    if (x->sst.len + (size_t)n > MAX_SST_BYTES)
        corrupt(x, "shared strings past 256 MiB");
    else if (!wr_buf_append(&x->sst, s, (size_t)n))
        nomem(x);
}

/* Shared string i (i < sst_off.len). */
static wr_str shared_string(const xlsx *x, size_t i)
{
    uint32_t from = *(const uint32_t *)wr_vec_at(&x->sst_off, i);
    uint32_t to = i + 1 < x->sst_off.len ? *(const uint32_t *)wr_vec_at(&x->sst_off, i + 1)
                                         : (uint32_t)x->sst.len;
    return (wr_str){x->sst.p + from, to - from};
}

/* ---- styles.xml: which cell formats show a date ---- */

static void XMLCALL styles_start(void *ud, const char *el, const char **atts)
{
    xlsx *x = ud;
    const char *n = local(el);
    unsigned long id;
    if (strcmp(n, "numFmt") == 0) {
        const char *code = attr(atts, "formatCode");
        unsigned *at;
        if (!parse_uint(attr(atts, "numFmtId"), 1000000, &id) || !code ||
            !wr_sheet_format_is_date(code) || x->fmt_ids.len == MAX_XF)
            return;
        if (!(at = wr_vec_push(&x->fmt_ids)))
            nomem(x);
        else
            *at = (unsigned)id;
    } else if (strcmp(n, "cellXfs") == 0) {
        x->in_cell_xfs = true;
    } else if (strcmp(n, "xf") == 0 && x->in_cell_xfs && x->xf_date.len < MAX_XF) {
        bool date = false;
        if (parse_uint(attr(atts, "numFmtId"), 1000000, &id)) {
            date = wr_sheet_builtin_is_date((unsigned)id);
            for (size_t i = 0; i < x->fmt_ids.len && !date; i++)
                date = *(unsigned *)wr_vec_at(&x->fmt_ids, i) == id;
        }
        uint8_t *at = wr_vec_push(&x->xf_date);
        if (!at)
            nomem(x);
        else
            *at = date;
    }
}

static void XMLCALL styles_end(void *ud, const char *el)
{
    xlsx *x = ud;
    if (strcmp(local(el), "cellXfs") == 0)
        x->in_cell_xfs = false;
}

/* ---- the sheet: rows of cells ---- */

/* "AB12" -> column 27 (0-based); -1 when malformed or past XFD. */
static long column_of(const char *ref)
{
    long col = 0;
    size_t i = 0;
    for (; ref[i] >= 'A' && ref[i] <= 'Z'; i++)
        if ((col = col * 26 + (ref[i] - 'A' + 1)) > WR_SHEET_MAX_COLUMNS)
            return -1;
    return i == 0 ? -1 : col - 1;
}

/* The per-column arrays grow by types/buf.c (D266), all three to col. */
static bool room_for_column(xlsx *x, size_t col)
{
    if (col < x->cells_cap)
        return true;
    size_t n = col + 1;
    bool ok = wr_buf_reserve(&x->span_buf, n * sizeof(span)) &&
              wr_buf_reserve(&x->kind_buf, n) &&
              wr_buf_reserve(&x->cell_buf, n * sizeof(wr_cell));
    x->spans = (span *)x->span_buf.p;
    x->kinds = (uint8_t *)x->kind_buf.p;
    x->cells = (wr_cell *)x->cell_buf.p;
    if (ok) {
        size_t cap = x->span_buf.cap / sizeof(span);
        if (x->kind_buf.cap < cap)
            cap = x->kind_buf.cap;
        if (x->cell_buf.cap / sizeof(wr_cell) < cap)
            cap = x->cell_buf.cap / sizeof(wr_cell);
        x->cells_cap = cap;
    }
    return ok;
}

static void XMLCALL sheet_start(void *ud, const char *el, const char **atts)
{
    xlsx *x = ud;
    const char *n = local(el);
    if (strcmp(n, "row") == 0) {
        unsigned long r;
        /* rows go forward: a missing or backward number is the next row */
        x->row = parse_uint(attr(atts, "r"), 1u << 24, &r) && r > x->row ? r : x->row + 1;
        x->in_row = true;
        x->n_cells = 0;
        x->text.len = 0;
        x->col = -1;
    } else if (strcmp(n, "c") == 0 && x->in_row) {
        const char *ref = attr(atts, "r"), *t = attr(atts, "t");
        unsigned long s = 0;
        long col = ref ? column_of(ref) : x->col + 1;
        if (col < 0 || col <= x->col || col >= WR_SHEET_MAX_COLUMNS) {
            char m[80];
            snprintf(m, sizeof m, "row %llu: cell reference %.20s out of order or past XFD",
                     (unsigned long long)x->row, ref ? ref : "(none)");
            corrupt(x, m);
            return;
        }
        if (!room_for_column(x, (size_t)col)) {
            nomem(x);
            return;
        }
        for (size_t k = x->n_cells; k <= (size_t)col; k++) {
            x->kinds[k] = WR_CELL_EMPTY;
            x->spans[k] = (span){0, 0};
        }
        x->n_cells = (size_t)col + 1;
        x->col = col;
        size_t tn = t ? strlen(t) : 1;
        tn = tn < sizeof x->cell_type - 1 ? tn : sizeof x->cell_type - 1;
        memcpy(x->cell_type, t ? t : "n", tn);
        x->cell_type[tn] = '\0';
        x->cell_style = parse_uint(attr(atts, "s"), MAX_XF, &s) ? (unsigned)s : 0;
        x->cell_from = (uint32_t)x->text.len;
        x->in_cell = true;
        x->in_is = false;
        x->is_rph = 0;
    } else if (x->in_cell) {
        if (strcmp(n, "v") == 0)
            x->capture = true;
        else if (strcmp(n, "is") == 0)
            x->in_is = true;
        else if (strcmp(n, "rPh") == 0)
            x->is_rph++;
        else if (strcmp(n, "t") == 0 && x->in_is && x->is_rph == 0)
            x->capture = true;
    }
}

/* The current cell's captured text, as its type makes it. */
static void finish_cell(xlsx *x)
{
    size_t col = (size_t)x->col, from = x->cell_from, n = x->text.len - from;
    char raw[80];
    const char *t = x->cell_type;
    wr_cell_kind kind = WR_CELL_TEXT;
    if (strcmp(t, "s") == 0) { /* a shared string, by index */
        unsigned long i;
        snprintf(raw, sizeof raw, "%.*s", (int)(n < 79 ? n : 79), x->text.p + from);
        x->text.len = from;
        if (n == 0 || !parse_uint(raw, UINT32_MAX, &i) || i >= x->sst_off.len) {
            char m[100];
            snprintf(m, sizeof m, "row %llu: shared string %.20s out of range",
                     (unsigned long long)x->row, raw);
            corrupt(x, m);
            return;
        }
        wr_str str = shared_string(x, i);
        if (!wr_buf_append(&x->text, str.p, str.n)) {
            nomem(x);
            return;
        }
    } else if (strcmp(t, "b") == 0) {
        bool yes = n == 1 && x->text.p[from] == '1';
        x->text.len = from;
        wr_buf_append(&x->text, yes ? "TRUE" : "FALSE", yes ? 4 : 5);
    } else if (strcmp(t, "n") == 0 && n > 0) {
        /* the number as Excel wrote it, in plain digits; under a date
         * format a date (DECISIONS D110) */
        char plain[72], date[32];
        size_t len = wr_sheet_plain_number(x->text.p + from, n, plain, sizeof plain), dn = 0;
        if (len > 0) {
            kind = WR_CELL_NUMBER;
            if (x->cell_style < x->xf_date.len && *(uint8_t *)wr_vec_at(&x->xf_date, x->cell_style) &&
                (dn = wr_sheet_serial_date(plain, len, x->date1904, date, sizeof date)) > 0)
                kind = WR_CELL_DATE;
            x->text.len = from;
            wr_buf_append(&x->text, kind == WR_CELL_DATE ? date : plain, kind == WR_CELL_DATE ? dn : len);
        }
    }
    /* str (a formula's text), inlineStr, e (#N/A), d (ISO text): text as is */
    if (x->text.len == from)
        kind = WR_CELL_EMPTY;
    x->kinds[col] = (uint8_t)kind;
    x->spans[col] = (span){(uint32_t)from, (uint32_t)(x->text.len - from)};
}

static void XMLCALL sheet_end(void *ud, const char *el)
{
    xlsx *x = ud;
    const char *n = local(el);
    if (strcmp(n, "v") == 0 || strcmp(n, "t") == 0) {
        x->capture = false;
    } else if (strcmp(n, "rPh") == 0 && x->is_rph) {
        x->is_rph--;
    } else if (strcmp(n, "c") == 0 && x->in_cell) {
        x->in_cell = x->capture = false;
        finish_cell(x);
    } else if (strcmp(n, "row") == 0 && x->in_row) {
        x->in_row = false;
        size_t last = x->n_cells;
        while (last > 0 && x->kinds[last - 1] == WR_CELL_EMPTY)
            last--;
        if (last == 0 || x->status)
            return; /* a row of no values is no row */
        for (size_t k = 0; k < last; k++)
            x->cells[k] = (wr_cell){x->kinds[k], {x->text.p + x->spans[k].off, x->spans[k].len}};
        int rc = x->on_row(x->ctx, x->row, x->cells, last);
        if (rc) {
            x->status = rc;
            XML_StopParser(x->xp, XML_FALSE);
        }
    }
}

static void XMLCALL sheet_chars(void *ud, const char *s, int n)
{
    xlsx *x = ud;
    if (!x->capture)
        return;
    if (x->text.len + (size_t)n > WR_MAX_ROW_BYTES) {
        char m[100];
        snprintf(m, sizeof m, "row %llu: longer than %d MiB (DECISIONS D30)",
                 (unsigned long long)x->row, WR_MAX_ROW_BYTES >> 20);
        stop(x, m);
    } else if (!wr_buf_append(&x->text, s, (size_t)n)) {
        nomem(x);
    }
}

int wr_sheet_read_xlsx(const char *path, const char *name, const wr_sheet_ref *sheet,
                       wr_sheet_row_fn on_row, void *ctx, wr_error *err)
{
    xlsx x = {.name = name, .err = err, .want = sheet, .on_row = on_row, .ctx = ctx};
    wr_vec_init(&x.sst_off, sizeof(uint32_t));
    wr_vec_init(&x.fmt_ids, sizeof(unsigned));
    wr_vec_init(&x.xf_date, sizeof(uint8_t));
    int zerr = 0;
    x.zip = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
    if (!x.zip) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        char m[200];
        snprintf(m, sizeof m, "truncated or corrupt .xlsx workbook (zip: %s)", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        stop(&x, m);
        return x.status;
    }
    if (!parse_part(&x, "xl/workbook.xml", true, workbook_start, no_end, no_chars) &&
        !x.sheet_rid) {
        if (sheet->name)
            x.status = wr_errorf(err, WR_EINPUT, "%s: no sheet named %s in the workbook", name,
                                 sheet->name);
        else
            x.status = wr_errorf(err, WR_EINPUT, "%s: no sheet %u in the workbook (it has %u)",
                                 name, sheet->index, x.sheets_seen);
    }
    if (!x.status && !parse_part(&x, "xl/_rels/workbook.xml.rels", true, rels_start, no_end,
                                 no_chars) && !x.sheet_part)
        corrupt(&x, "no part for the sheet");
    if (!x.status && x.sst_part)
        parse_part(&x, x.sst_part, true, sst_start, sst_end, sst_chars);
    if (!x.status && x.styles_part)
        parse_part(&x, x.styles_part, false, styles_start, styles_end, no_chars);
    if (!x.status)
        parse_part(&x, x.sheet_part, true, sheet_start, sheet_end, sheet_chars);
    zip_discard(x.zip);
    free(x.sheet_rid);
    free(x.sheet_part);
    free(x.sst_part);
    free(x.styles_part);
    free(x.sst.p);
    wr_vec_free(&x.sst_off);
    wr_vec_free(&x.fmt_ids);
    wr_vec_free(&x.xf_date);
    free(x.text.p);
    free(x.span_buf.p);
    free(x.kind_buf.p);
    free(x.cell_buf.p);
    return x.status;
}
