/*
 * The descriptor row source: reads a file as its descriptor says and
 * hands canonical rows to a wr_csv_handler, like io/csvread.c does for
 * canonical CSV.
 *
 * How it works. The file (plain or zstd, io/infile.h) is cut into lines
 * at LF, which no GBK or GB18030 multi-byte character contains (their
 * trail bytes are 0x30-0x39 and 0x40-0xFE), so physical line numbers are
 * those of the source file. A delimited file is converted to UTF-8
 * (transcode.c) a block of whole lines at a time, then split: the delimiter is
 * looked for only in UTF-8, since a GBK trail byte may equal `|`. A
 * fixed-width file is cut at byte offsets in the source encoding, then
 * each field is converted. A byte sequence invalid in the source
 * encoding becomes one 0xFF byte (never valid UTF-8), so the row that
 * holds it is rejected BAD_ENCODING at its column (DECISIONS D36) and the
 * read goes on. Each field is trimmed, mapped (value map), rewritten by
 * its picture (picture.c) and handed on; the trailer's count and total
 * are compared with what was read at the end.
 */
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "../io/infile.h"
#include "../types/buf.h"
#include "../types/date.h"
#include "../types/error.h"
#include "../types/money.h"
#include "../types/reason.h"
#include "format.h"
#include "sheet.h"
#include "transcode.h"

#define BAD_BYTE WR_BAD_BYTE

typedef wr_buf buffer;

typedef struct {
    const wr_format *f;
    const wr_csv_handler *h;
    const char *name;
    wr_error *err;
    wr_transcoder *tc;
    buffer raw;      /* bytes read, not yet cut into lines */
    buffer dec;      /* a block of lines in UTF-8 */
    buffer scratch;  /* the current row's rewritten fields */
    buffer label;    /* fixed: the trailer label in the source encoding */
    wr_str trailer_word; /* delimited: the trailer label (UTF-8), measured once */
    buffer src_buf;  /* holds src (D266) */
    wr_str *src;     /* the current line's delimited fields */
    size_t n_src, src_cap;
    wr_str fields[WR_FMT_MAX_COLUMNS];
    /* Columns whose picture hands its value typed (the handler takes it:
     * takes_typed), and this row's values; the field's text is then the
     * source's. Saves writing canonical text only to parse it again. */
    bool typed_column[WR_FMT_MAX_COLUMNS];
    bool any_typed;
    wr_typed typed[WR_FMT_MAX_COLUMNS];
    /* Set once (init): each column's text when the line gives none (its
     * constant, else empty), and which columns have a value map, which a
     * picture. */
    wr_str constant[WR_FMT_MAX_COLUMNS];
    uint32_t mapped[WR_FMT_MAX_COLUMNS], n_mapped;
    uint32_t styled[WR_FMT_MAX_COLUMNS], n_styled;
    long field_of[WR_FMT_MAX_COLUMNS]; /* source field of each column */
    size_t expect_fields;              /* delimited: fields per row, 0 not known yet */
    size_t row_reserve;                /* scratch bytes a row needs beyond its line */
    bool block_bad;                    /* delimited: the UTF-8 block holds a BAD_BYTE */
    bool any_derive;                   /* a column is SRC_DERIVE */
    /* A sheet (`sheet`): each source field's cell kind (wr_cell_kind),
     * the columns that take a workbook number as written (money, hours,
     * pay day), and this row's columns whose cell gave their value
     * already (a number or a date: no picture). DECISIONS D110. */
    buffer cell_kind; /* a uint8_t per cell (D266) */
    bool number_column[WR_FMT_MAX_COLUMNS];
    bool cell_done[WR_FMT_MAX_COLUMNS];
    /* The summary line (D111): its fields, copied; composed columns' header
     * parts resolved; the sum column of the trailer and summary totals. */
    wr_buf summary_text;
    wr_str *summary_fields;
    size_t n_summary;
    bool summary_done;
    long part_field[WR_FMT_MAX_COLUMNS][WR_FMT_MAX_PARTS];
    size_t compose_line_parts;         /* parts that copy from the line */
    uint32_t n_parts_columns;          /* composed columns */
    uint32_t sum_column;               /* UINT32_MAX: no total to check */
    /* Fixed width in characters (D112): the byte offset of each character
     * of the line up to the last position a column reads. */
    uint32_t *char_at;
    uint32_t max_char, n_chars;
    uint8_t encoding_kind;             /* 0 UTF-8, 1 GBK, 2 GB18030 */
    uint64_t line;
    bool header_done;
    uint64_t trailer_line;
    wr_format_totals t;
    int status;
} decoder;

static int stop(decoder *d, const char *what)
{
    return d->status = wr_errorf(d->err, WR_EINPUT, "%s: %s", d->name, what);
}

static int out_of_memory(decoder *d)
{
    return d->status = wr_errorf(d->err, WR_ENOMEM, "%s: out of memory", d->name);
}

/* Converts in[0..n) to UTF-8 into out (from its start), followed by 16
 * zero bytes that are not part of it: split_plain loads 16 bytes at a
 * time and may run past a block's last line into them. */
static bool decode(decoder *d, const char *in, size_t n, buffer *out)
{
    /* UTF-8 output is at most twice GBK/GB18030 input, plus the marker bytes */
    if (!wr_buf_reserve(out, 2 * n + 32))
        return false;
    out->len = wr_transcode(d->tc, in, n, out->p);
    memset(out->p + out->len, 0, 16);
    return true;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static wr_str trim(const char *p, size_t n)
{
    while (n && is_blank(*p)) {
        p++;
        n--;
    }
    while (n && is_blank(p[n - 1]))
        n--;
    return (wr_str){p, n};
}

/* Appends to the row's scratch; room was reserved for the whole row. */
static const char *put(decoder *d, const char *s, size_t n)
{
    char *at = d->scratch.p + d->scratch.len;
    memcpy(at, s, n);
    d->scratch.len += n;
    return at;
}

/* src grows by types/buf.c (D266); the splitters test src_cap inline. */
static bool push_src(decoder *d, wr_str s)
{
    if (d->n_src == d->src_cap) {
        if (!wr_buf_reserve(&d->src_buf, (d->n_src + 1) * sizeof(wr_str)))
            return false;
        d->src = (wr_str *)d->src_buf.p;
        d->src_cap = d->src_buf.cap / sizeof(wr_str);
    }
    d->src[d->n_src++] = s;
    return true;
}

/* Splits a UTF-8 line at the delimiter into d->src (trimmed). A quoted
 * field (when the descriptor quotes) ends at its closing quote, `""`
 * inside being one quote; quoted fields do not span lines. */
#if defined(__SSE2__)
/* The field from..to of a line, trimmed, into d->src. */
static inline __attribute__((always_inline)) bool push_trimmed(decoder *d, const char *s, size_t from, size_t to)
{
    /* most fields start and end above ' ' (every blank is <= ' '): one
     * test each end before trim() */
    wr_str field = {s + from, to - from};
    if (from < to && ((unsigned char)s[from] <= ' ' || (unsigned char)s[to - 1] <= ' '))
        field = trim(field.p, field.n);
    if (d->n_src < d->src_cap) {
        d->src[d->n_src++] = field;
        return true;
    }
    return push_src(d, field);
}

/* split_delimited without quoting (and a delimiter that is not a blank,
 * so fields are exactly the runs between delimiters): the delimiters of
 * sixteen bytes at a time as a bit mask, one bit per field after that.
 * A per-field memchr cost about twice as much on ~12-byte fields. */
static bool split_plain(decoder *d, const char *s, size_t n)
{
    const __m128i delim = _mm_set1_epi8(d->f->delimiter);
    size_t from = 0;
    d->n_src = 0;
    for (size_t base = 0; base < n; base += 16) {
        /* the last load reads past the line, into the next lines or the
         * 16 zero bytes decode() leaves after the block: never past it */
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + base));
        unsigned left = n - base < 16 ? (unsigned)(n - base) : 16;
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, delim));
        if (left < 16)
            mask &= (1u << left) - 1;
        while (mask) {
            size_t at = base + (size_t)__builtin_ctz(mask);
            mask &= mask - 1;
            if (!push_trimmed(d, s, from, at))
                return false;
            from = at + 1;
        }
    }
    return push_trimmed(d, s, from, n);
}
#endif

static bool split_delimited(decoder *d, const char *s, size_t n)
{
    const wr_format *f = d->f;
#if defined(__SSE2__)
    if (!f->quote && !is_blank(f->delimiter))
        return split_plain(d, s, n);
#endif
    d->n_src = 0;
    size_t i = 0;
    for (;;) {
        size_t j = i;
        while (j < n && is_blank(s[j]))
            j++;
        wr_str field;
        if (f->quote && j < n && s[j] == f->quote) {
            const char *start = d->scratch.p + d->scratch.len;
            for (j++; j < n; j++) {
                if (s[j] == f->quote) {
                    if (j + 1 < n && s[j + 1] == f->quote)
                        j++;
                    else
                        break;
                }
                put(d, &s[j], 1);
            }
            for (j += j < n; j < n && s[j] != f->delimiter; j++)
                put(d, &s[j], 1); /* after the closing quote, as libcsv keeps it */
            field = trim(start, (size_t)(d->scratch.p + d->scratch.len - start));
        } else {
            const char *end = memchr(s + j, f->delimiter, n - j);
            size_t from = j; /* leading blanks skipped above */
            j = end ? (size_t)(end - s) : n;
            size_t to = j;
            while (to > from && is_blank(s[to - 1]))
                to--;
            field = (wr_str){s + from, to - from};
        }
        if (d->n_src < d->src_cap)
            d->src[d->n_src++] = field;
        else if (!push_src(d, field))
            return false;
        if (j >= n)
            return true;
        i = j + 1;
    }
}

/* Fixed layout's trailer: fields are runs of non-spaces (UTF-8 line). */
static bool split_words(decoder *d, const char *s, size_t n)
{
    d->n_src = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && is_blank(s[i]))
            i++;
        size_t j = i;
        while (j < n && !is_blank(s[j]))
            j++;
        if (j > i && !push_src(d, (wr_str){s + i, j - i}))
            return false;
        i = j;
    }
    return true;
}

static int emit_header(decoder *d)
{
    wr_str names[WR_FMT_MAX_COLUMNS];
    for (uint32_t c = 0; c < d->f->n_columns; c++)
        names[c] = (wr_str){d->f->columns[c].name, strlen(d->f->columns[c].name)};
    wr_row row = {.line = d->line ? d->line : 1, .n_fields = d->f->n_columns, .fields = names};
    d->header_done = true;
    if ((d->status = d->h->on_header(d->h->ctx, &row)) != 0 || !d->h->takes_typed)
        return d->status;
    static const wr_typed_kind kind_of_style[] = {
        [STYLE_NONE] = WR_TYPED_NONE, [STYLE_DATE] = WR_TYPED_DATE,
        [STYLE_MONEY] = WR_TYPED_MONEY, [STYLE_PERIOD] = WR_TYPED_PERIOD,
    };
    for (uint32_t c = 0; c < d->f->n_columns; c++) {
        wr_typed_kind kind = kind_of_style[d->f->columns[c].style];
        d->typed_column[c] = kind != WR_TYPED_NONE && d->h->takes_typed(d->h->ctx, c, kind);
        d->any_typed |= d->typed_column[c];
    }
    return 0;
}

/* The header line of a delimited file: where each named column is. */
static int read_header(decoder *d, const char *s, size_t n)
{
    const wr_format *f = d->f;
    char what[512];
    if (n && memchr(s, BAD_BYTE, n)) {
        snprintf(what, sizeof what, "line %llu: header holds bytes that are not %s",
                 (unsigned long long)d->line, f->encoding);
        return stop(d, what);
    }
    d->expect_fields = d->n_src;
    for (uint32_t c = 0; c < f->n_columns; c++) {
        const wr_fmt_column *col = &f->columns[c];
        if (col->source != SRC_HEADER)
            continue;
        for (size_t i = 0; i < d->n_src && d->field_of[c] < 0; i++)
            if (wr_str_is(d->src[i], col->header))
                d->field_of[c] = (long)i;
        if (d->field_of[c] < 0) {
            snprintf(what, sizeof what, "line %llu: no column %s in the header (descriptor %s line %u)",
                     (unsigned long long)d->line, col->header, f->path, col->line);
            return stop(d, what);
        }
    }
    for (uint32_t c = 0; c < f->n_columns; c++) {
        const wr_fmt_column *col = &f->columns[c];
        for (uint32_t k = 0; k < col->n_parts; k++) {
            if (col->parts[k].source != SRC_HEADER)
                continue;
            d->part_field[c][k] = -1;
            for (size_t i = 0; i < d->n_src && d->part_field[c][k] < 0; i++)
                if (wr_str_is(d->src[i], col->parts[k].text))
                    d->part_field[c][k] = (long)i;
            if (d->part_field[c][k] < 0) {
                snprintf(what, sizeof what,
                         "line %llu: no column %s in the header (descriptor %s line %u)",
                         (unsigned long long)d->line, col->parts[k].text, f->path, col->line);
                return stop(d, what);
            }
        }
    }
    return emit_header(d);
}

/* The trailer's row count: digits, maybe grouped by commas. */
static bool trailer_count(wr_str s, int64_t *out)
{
    int64_t v = 0;
    size_t digits = 0;
    for (size_t i = 0; i < s.n; i++) {
        if (s.p[i] == ',' && digits > 0)
            continue;
        if (s.p[i] < '0' || s.p[i] > '9' || v > (INT64_MAX - 9) / 10)
            return false;
        v = v * 10 + (s.p[i] - '0');
        digits++;
    }
    *out = v;
    return digits > 0;
}

/* The trailer's total, in the summed column's money picture (or canonical). */
static bool trailer_total(wr_str s, const wr_fmt_column *col, int64_t *fen)
{
    char buf[64];
    bool fen_ok;
    size_t n = wr_picture_apply_money(&col->compiled, s.p, s.n, buf, sizeof buf, fen, &fen_ok);
    return n ? fen_ok : wr_parse_fen(s.p, s.n, fen);
}

/* The summary line (D111), split into d->src: its fields kept for the
 * columns that take them, its row count and total for the check at the
 * end. */
static int read_summary(decoder *d)
{
    const wr_format *f = d->f;
    char what[512];
    d->summary_done = true;
    d->t.summary_seen = true;
    d->t.summary_at = d->line;
    if (f->summary_label && (d->n_src == 0 || !wr_str_is(d->src[0], f->summary_label))) {
        snprintf(what, sizeof what,
                 "line %llu: not the summary line (%s) the descriptor says comes first: "
                 "another layout, or the file's start is missing",
                 (unsigned long long)d->line, f->summary_label);
        return stop(d, what);
    }
    d->summary_text.len = 0;
    for (size_t i = 0; i < d->n_src; i++) {
        if (memchr(d->src[i].p, BAD_BYTE, d->src[i].n)) {
            snprintf(what, sizeof what, "line %llu: summary line holds bytes that are not %s",
                     (unsigned long long)d->line, f->encoding);
            return stop(d, what);
        }
        if (!wr_buf_append(&d->summary_text, d->src[i].p, d->src[i].n))
            return out_of_memory(d);
    }
    if (!(d->summary_fields = malloc((d->n_src ? d->n_src : 1) * sizeof *d->summary_fields)))
        return out_of_memory(d);
    size_t at = 0;
    for (size_t i = 0; i < d->n_src; i++) {
        d->summary_fields[i] = (wr_str){d->summary_text.p + at, d->src[i].n};
        at += d->src[i].n;
    }
    d->n_summary = d->n_src;
    d->row_reserve += d->summary_text.len; /* composed columns copy from it */
    for (uint32_t c = 0; c < f->n_columns; c++) {
        const wr_fmt_column *col = &f->columns[c];
        uint32_t want = col->source == SRC_SUMMARY ? col->field + 1 : 0;
        for (uint32_t k = 0; k < col->n_parts; k++)
            if (col->parts[k].source == SRC_SUMMARY && col->parts[k].field + 1 > want)
                want = col->parts[k].field + 1;
        if (want > d->n_summary) {
            snprintf(what, sizeof what,
                     "line %llu: summary line has %zu fields; column %s wants field %u "
                     "(descriptor %s line %u)",
                     (unsigned long long)d->line, d->n_summary, col->name, want, f->path, col->line);
            return stop(d, what);
        }
        if (col->source == SRC_SUMMARY)
            d->constant[c] = d->summary_fields[col->field];
    }
    int64_t rows;
    if (f->summary_rows_field) {
        size_t rf = f->summary_rows_field - 1;
        if (rf >= d->n_src || !trailer_count(d->src[rf], &rows)) {
            snprintf(what, sizeof what, "line %llu: summary row count (field %u) unreadable",
                     (unsigned long long)d->line, f->summary_rows_field);
            return stop(d, what);
        }
        d->t.summary_rows = (uint64_t)rows;
    }
    if (f->summary_total_field) {
        size_t tf = f->summary_total_field - 1;
        if (tf >= d->n_src || !trailer_total(d->src[tf], &f->columns[f->summary_sum_column],
                                              &d->t.summary_total_fen)) {
            snprintf(what, sizeof what, "line %llu: summary total (field %u) unreadable",
                     (unsigned long long)d->line, f->summary_total_field);
            return stop(d, what);
        }
    }
    return 0;
}

static int read_trailer(decoder *d)
{
    const wr_format *f = d->f;
    char what[512];
    d->trailer_line = d->line;
    d->t.trailer_seen = true;
    int64_t rows;
    size_t rf = f->trailer_rows_field - 1, tf = f->trailer_total_field - 1;
    if (rf >= d->n_src || !trailer_count(d->src[rf], &rows)) {
        snprintf(what, sizeof what, "line %llu: trailer row count (field %u) unreadable",
                 (unsigned long long)d->line, f->trailer_rows_field);
        return stop(d, what);
    }
    d->t.trailer_rows = (uint64_t)rows;
    if (f->trailer_total_field &&
        (tf >= d->n_src ||
         !trailer_total(d->src[tf], &f->columns[f->trailer_sum_column], &d->t.trailer_total_fen))) {
        snprintf(what, sizeof what, "line %llu: trailer total (field %u) unreadable",
                 (unsigned long long)d->line, f->trailer_total_field);
        return stop(d, what);
    }
    return 0;
}

/* The bytes of one character of the source encoding at s (left bytes
 * left): GBK two for a lead byte 0x81-0xFE, GB18030 four when the second
 * byte is a digit, UTF-8 by its lead byte. A byte that begins no
 * character counts as one (its field is then rejected BAD_ENCODING). */
static size_t char_bytes(uint8_t encoding_kind, const unsigned char *s, size_t left)
{
    size_t n = 1;
    if (s[0] < 0x80)
        return 1;
    if (encoding_kind == 0)
        n = s[0] >= 0xF0 && s[0] <= 0xF7 ? 4 : s[0] >= 0xE0 && s[0] <= 0xEF ? 3 : s[0] >= 0xC2 && s[0] <= 0xDF ? 2 : 1;
    else if (s[0] >= 0x81 && s[0] <= 0xFE)
        n = encoding_kind == 2 && left >= 2 && s[1] >= 0x30 && s[1] <= 0x39 ? 4 : 2;
    return n < left ? n : left;
}

/* A fixed-width line counted in characters (D112): d->char_at[k] is the
 * byte offset of character k, for k up to the last position a column
 * reads; returns the line's length in characters. */
static size_t count_chars(decoder *d, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t at = 0, k = 0;
    while (at < n) {
        if (k <= d->max_char)
            d->char_at[k] = (uint32_t)at;
        at += char_bytes(d->encoding_kind, u + at, n - at);
        k++;
    }
    for (size_t j = k; j <= d->max_char && j <= k; j++)
        d->char_at[j] = (uint32_t)n; /* the end of the line */
    d->n_chars = (uint32_t)(k < UINT32_MAX ? k : UINT32_MAX);
    return k;
}

/* One column's text from a fixed-width line (raw source bytes). */
static wr_str fixed_field(decoder *d, const wr_fmt_column *col, const char *s, size_t n)
{
    size_t from = col->byte_from, to = col->byte_to < n ? col->byte_to : n;
    if (d->f->count_chars) { /* positions in characters (D112) */
        from = d->char_at[col->byte_from];
        to = d->char_at[col->byte_to < d->n_chars ? col->byte_to : d->n_chars];
    }
    char *at = d->scratch.p + d->scratch.len;
    buffer out = {at, 0, d->scratch.cap - d->scratch.len};
    decode(d, s + from, to - from, &out); /* room reserved: never grows */
    d->scratch.len += out.len;
    return trim(at, out.len);
}

/* The period of a date (canonical text, or typed when its column's
 * picture read it), for `derive`. */
static wr_str derived_period(decoder *d, wr_str date, const wr_typed *typed, wr_fmt_derive rule)
{
    wr_day day;
    int32_t sec;
    bool ok = typed->kind == WR_TYPED_DATE ? wr_typed_datetime(typed, &day, &sec)
                                           : wr_parse_datetime(date.p, date.n, &day, &sec);
    if (!ok)
        return (wr_str){"", 0}; /* the date column itself is rejected first */
    wr_month m = wr_month_of_day(day) - (rule == DERIVE_PREVIOUS_MONTH);
    char buf[16];
    wr_format_month(m, buf);
    return (wr_str){put(d, buf, strlen(buf)), strlen(buf)};
}

/* Pass 1 of data_row: each column's text as the line holds it (a
 * delimited field, a fixed-width field decoded, a constant). In a fixed
 * layout, or a delimited line holding a bad byte, the first column whose
 * text holds one is the row's defect; in a fixed layout the fields after
 * a defect are not decoded. */
static void column_texts(decoder *d, const char *s, size_t n, bool look_in_fields,
                         int *defect, int *defect_field)
{
    const wr_format *f = d->f;
    if (!look_in_fields) { /* delimited, the usual case: no decoding, no look */
        for (uint32_t c = 0; c < f->n_columns; c++) {
            size_t i = (size_t)d->field_of[c];
            d->fields[c] = i < d->n_src ? d->src[i] : d->constant[c];
        }
        return;
    }
    for (uint32_t c = 0; c < f->n_columns; c++) {
        const wr_fmt_column *col = &f->columns[c];
        wr_str t = d->constant[c];
        if (col->source == SRC_BYTES) {
            if (!*defect)
                t = fixed_field(d, col, s, n);
        } else if ((size_t)d->field_of[c] < d->n_src) {
            t = d->src[d->field_of[c]];
        }
        if (!*defect && memchr(t.p, BAD_BYTE, t.n)) {
            *defect = WR_BAD_ENCODING;
            *defect_field = (int)c;
        }
        d->fields[c] = t;
    }
}

/* Pass 1b, a sheet: numbers and dates as their cells typed them
 * (DECISIONS D110). A number is read as written only in a column that is
 * a number by its canonical type (money, hours, pay day); anywhere else
 * (an ID, a card, an account, a date without a date format) it is the
 * row's defect NUMERIC_CELL: Excel keeps 15 digits of a number, so an
 * 18-digit ID stored as one has lost its last digits. A date cell gives
 * its canonical date, or its month in a `period` column. */
static void sheet_cells(decoder *d, int *defect, int *defect_field)
{
    const wr_format *f = d->f;
    for (uint32_t c = 0; c < f->n_columns; c++) {
        size_t i = (size_t)d->field_of[c];
        d->cell_done[c] = false;
        if (i >= d->n_src)
            continue;
        if ((uint8_t)d->cell_kind.p[i] == WR_CELL_NUMBER) {
            d->cell_done[c] = true;
            if (!d->number_column[c] && !*defect) {
                *defect = WR_NUMERIC_CELL;
                *defect_field = (int)c;
            }
        } else if ((uint8_t)d->cell_kind.p[i] == WR_CELL_DATE) {
            d->cell_done[c] = true;
            if (f->columns[c].style == STYLE_PERIOD && d->fields[c].n >= 7)
                d->fields[c].n = 7; /* YYYY-MM */
        }
    }
}

/* Pass 1c: composed columns (D111), their parts joined as written. */
static void compose_columns(decoder *d)
{
    const wr_format *f = d->f;
    for (uint32_t c = 0; c < f->n_columns; c++) {
        const wr_fmt_column *col = &f->columns[c];
        if (col->source != SRC_COMPOSE)
            continue;
        const char *start = d->scratch.p + d->scratch.len;
        for (uint32_t k = 0; k < col->n_parts; k++) {
            const wr_fmt_part *part = &col->parts[k];
            wr_str t = {"", 0};
            size_t i = part->source == SRC_HEADER ? (size_t)d->part_field[c][k] : part->field;
            if (part->source == SRC_VALUE)
                t = (wr_str){part->text, strlen(part->text)};
            else if (part->source == SRC_SUMMARY)
                t = i < d->n_summary ? d->summary_fields[i] : t;
            else if (i < d->n_src)
                t = d->src[i];
            put(d, t.p, t.n);
        }
        d->fields[c] = (wr_str){start, (size_t)(d->scratch.p + d->scratch.len - start)};
    }
}

/* Pass 2: value maps (成功 -> SUCCESS), on the columns that have one. */
static void map_values(decoder *d)
{
    for (uint32_t k = 0; k < d->n_mapped; k++) {
        const wr_fmt_column *col = &d->f->columns[d->mapped[k]];
        wr_str *t = &d->fields[d->mapped[k]];
        for (uint32_t m = 0; m < col->n_map; m++) {
            if (t->n == col->map[m].from_n && memcmp(t->p, col->map[m].from, t->n) == 0) {
                *t = (wr_str){col->map[m].to, col->map[m].to_n};
                break;
            }
        }
    }
}

/* Pass 3: pictures, on the styled columns: a value typed when the
 * handler takes it so (the text stays the source's), else rewritten into
 * canonical text; one that does not match goes on as written. The
 * trailer's sum column gives its fen on the way (*sum_fen_ok). */
static void apply_pictures(decoder *d, int64_t *sum_fen, bool *sum_fen_ok)
{
    const wr_format *f = d->f;
    uint32_t sum_column = d->sum_column;
    for (uint32_t k = 0; k < d->n_styled; k++) {
        uint32_t c = d->styled[k];
        const wr_fmt_column *col = &f->columns[c];
        wr_str *t = &d->fields[c];
        if (t->n == 0 || d->cell_done[c]) {
            d->typed[c].kind = WR_TYPED_NONE;
            continue;
        }
        if (d->typed_column[c]) { /* wr_picture_read sets kind, NONE included */
            if (wr_picture_read(&col->compiled, t->p, t->n, &d->typed[c]) && c == sum_column) {
                *sum_fen = d->typed[c].fen;
                *sum_fen_ok = d->typed[c].readable;
            }
            continue;
        }
        /* written in place: the scratch has 64 bytes a column to spare
         * (row_reserve) */
        char *at = d->scratch.p + d->scratch.len;
        size_t len = c == sum_column
                         ? wr_picture_apply_money(&col->compiled, t->p, t->n, at, 64, sum_fen, sum_fen_ok)
                         : wr_picture_apply(&col->compiled, t->p, t->n, at, 64);
        if (len > 0) {
            d->scratch.len += len;
            *t = (wr_str){at, len};
        }
    }
}

/* Builds and hands on one data row. s..n is the UTF-8 line (delimited)
 * or the raw line (fixed); NULL, 0 for a sheet's row (its cells are in
 * d->src), which memchr must not be given. */
static int data_row(decoder *d, const char *s, size_t n)
{
    const wr_format *f = d->f;
    int defect = 0, defect_field = -1;
    /* delimited: the line is UTF-8 already, look once (and only when its
     * block holds one at all); fixed: each field is decoded on its own,
     * look in each */
    bool line_bad = !f->fixed && d->block_bad && n > 0 && memchr(s, BAD_BYTE, n) != NULL;
    d->t.data_rows++;
    if (f->fixed) {
        size_t len = n;
        if (f->count_chars)
            len = count_chars(d, s, n);
        bool short_line = f->width && len != f->width;
        for (uint32_t c = 0; c < f->n_columns; c++)
            if (f->columns[c].source == SRC_BYTES && f->columns[c].byte_from >= len)
                short_line = true;
        if (short_line)
            defect = WR_FIELD_COUNT;
    } else if (!f->sheet && d->n_src != d->expect_fields) {
        defect = WR_FIELD_COUNT; /* a sheet's rows end at their last value */
    }
    column_texts(d, s, n, f->fixed || line_bad, &defect, &defect_field);
    if (f->sheet)
        sheet_cells(d, &defect, &defect_field);
    if (d->n_parts_columns)
        compose_columns(d);
    map_values(d);
    int64_t sum_fen = 0;
    bool sum_fen_ok = false;
    apply_pictures(d, &sum_fen, &sum_fen_ok);
    for (uint32_t c = 0; d->any_derive && c < f->n_columns; c++)
        if (f->columns[c].source == SRC_DERIVE)
            d->fields[c] = derived_period(d, d->fields[f->columns[c].derive_column],
                                          &d->typed[f->columns[c].derive_column],
                                          f->columns[c].derive);
    if (!defect && line_bad)
        defect = WR_BAD_ENCODING; /* in a field no column reads */
    if (d->sum_column != UINT32_MAX) {
        wr_str v = d->fields[d->sum_column];
        int64_t fen;
        bool overflow = false;
        /* a row cut wrongly has no amount to trust; a bad byte or a
         * number cell elsewhere does */
        if (!defect || ((defect == WR_BAD_ENCODING || defect == WR_NUMERIC_CELL) &&
                        defect_field != (int)d->sum_column)) {
            if (sum_fen_ok)
                d->t.total_fen = wr_add_fen(d->t.total_fen, sum_fen, &overflow);
            else if (wr_parse_fen(v.p, v.n, &fen))
                d->t.total_fen = wr_add_fen(d->t.total_fen, fen, &overflow);
            else
                d->t.unreadable_totals++;
        } else {
            d->t.unreadable_totals++;
        }
        if (overflow)
            d->t.unreadable_totals++;
    }
    wr_row row = {.line = d->line, .n_fields = f->n_columns, .fields = d->fields,
                  .defect = defect, .defect_field = defect_field,
                  .typed = d->any_typed ? d->typed : NULL};
    return d->status = d->h->on_row(d->h->ctx, &row);
}

/* True when a raw fixed-width line starts (after blanks) with the label. */
static bool fixed_trailer(decoder *d, const char *s, size_t n)
{
    wr_str t = trim(s, n);
    return d->label.len && t.n >= d->label.len && memcmp(t.p, d->label.p, d->label.len) == 0 &&
           (t.n == d->label.len || is_blank(t.p[d->label.len]));
}

/* One physical line (without its LF). */
static int line(decoder *d, const char *s, size_t n)
{
    const wr_format *f = d->f;
    d->line++;
    if (n && s[n - 1] == '\r')
        n--;
    if (d->line <= f->skip || n == 0)
        return 0; /* title lines; blank lines are not rows (DECISIONS D28) */
    if (d->trailer_line) {
        char what[160];
        snprintf(what, sizeof what, "line %llu: data after the trailer line %llu",
                 (unsigned long long)d->line, (unsigned long long)d->trailer_line);
        return stop(d, what);
    }
    if (!wr_buf_reserve(&d->scratch, (2 + d->compose_line_parts) * n + d->row_reserve))
        return out_of_memory(d);
    d->scratch.len = 0;
    if (f->summary && !d->summary_done) {
        bool split = f->fixed ? decode(d, s, n, &d->dec) && split_words(d, d->dec.p, d->dec.len)
                              : split_delimited(d, s, n);
        return split ? read_summary(d) : out_of_memory(d);
    }
    if (f->fixed) {
        if (!d->header_done && emit_header(d))
            return d->status;
        if (f->trailer && fixed_trailer(d, s, n)) {
            if (!decode(d, s, n, &d->dec) || !split_words(d, d->dec.p, d->dec.len))
                return out_of_memory(d);
            return read_trailer(d);
        }
        return data_row(d, s, n);
    }
    if (!split_delimited(d, s, n))
        return out_of_memory(d);
    if (!d->header_done && f->header)
        return read_header(d, s, n);
    if (!d->header_done) {
        d->expect_fields = d->n_src; /* no header: the first row sets the count */
        if (emit_header(d))
            return d->status;
    }
    if (f->trailer && d->n_src > 0 && wr_str_eq(d->src[0], d->trailer_word))
        return read_trailer(d);
    return data_row(d, s, n);
}

/* One row of a sheet: its cells are the fields, as a delimited line's. */
static int sheet_row(void *ctx, uint64_t row, const wr_cell *cells, size_t n)
{
    decoder *d = ctx;
    const wr_format *f = d->f;
    d->line = row;
    if (row <= f->skip)
        return 0; /* title rows */
    if (d->trailer_line) {
        char what[160];
        snprintf(what, sizeof what, "row %llu: data after the trailer row %llu",
                 (unsigned long long)row, (unsigned long long)d->trailer_line);
        return stop(d, what);
    }
    if (!wr_buf_reserve(&d->cell_kind, n))
        return out_of_memory(d);
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++)
        bytes += cells[i].text.n;
    /* composed columns copy cells' text (D111) */
    if (!wr_buf_reserve(&d->scratch, d->compose_line_parts * bytes + d->row_reserve))
        return out_of_memory(d);
    d->scratch.len = 0;
    d->n_src = 0;
    for (size_t i = 0; i < n; i++) {
        d->cell_kind.p[i] = (char)cells[i].kind;
        if (!push_src(d, trim(cells[i].text.p, cells[i].text.n)))
            return out_of_memory(d);
    }
    if (f->summary && !d->summary_done)
        return read_summary(d);
    if (!d->header_done && f->header)
        return read_header(d, NULL, 0);
    if (!d->header_done && emit_header(d))
        return d->status;
    if (f->trailer && d->n_src > 0 && wr_str_eq(d->src[0], d->trailer_word))
        return read_trailer(d);
    return data_row(d, NULL, 0);
}

/* Whole lines raw[0..n) (the last without LF only at the end of file). */
static int lines(decoder *d, const char *raw, size_t n)
{
    const char *s = raw;
    if (!d->f->fixed) {
        if (!decode(d, raw, n, &d->dec))
            return out_of_memory(d);
        s = d->dec.p;
        n = d->dec.len;
        d->block_bad = memchr(s, BAD_BYTE, n) != NULL;
    }
    while (n > 0 && !d->status) {
        const char *lf = memchr(s, '\n', n);
        size_t len = lf ? (size_t)(lf - s) : n;
        line(d, s, len);
        len += lf != NULL;
        s += len;
        n -= len;
    }
    return d->status;
}

static void strip_bom(const wr_format *f, const char **data, size_t *n)
{
    const char *bom = strcmp(f->encoding, "UTF-8") == 0 ? "\xEF\xBB\xBF"
                      : strcmp(f->encoding, "GB18030") == 0 ? "\x84\x31\x95\x33" : "";
    size_t len = strlen(bom);
    if (len && *n >= len && memcmp(*data, bom, len) == 0) {
        *data += len;
        *n -= len;
    }
}

static char *format_fen(int64_t fen, char *buf)
{
    wr_format_fen(fen, buf);
    return buf;
}

/* The summary line's check at the end of the file (D111): its count and
 * total against the rows read, as the trailer's. */
static int check_summary(decoder *d)
{
    const wr_format *f = d->f;
    wr_format_totals *t = &d->t;
    char what[600], said[24], read[24];
    t->total_checked = d->sum_column != UINT32_MAX && t->unreadable_totals == 0;
    if (!t->summary_seen)
        return stop(d, "no summary line: empty or truncated file");
    bool rows_ok = !f->summary_rows_field || t->summary_rows == t->data_rows;
    bool total_ok = !f->summary_total_field || !t->total_checked ||
                    t->summary_total_fen == t->total_fen;
    if (rows_ok && total_ok)
        return 0;
    size_t k = (size_t)snprintf(what, sizeof what, "line %llu: summary line says ",
                                (unsigned long long)t->summary_at);
    if (f->summary_rows_field)
        k += (size_t)snprintf(what + k, sizeof what - k, "%llu rows%s",
                              (unsigned long long)t->summary_rows,
                              f->summary_total_field ? ", " : "");
    if (f->summary_total_field)
        k += (size_t)snprintf(what + k, sizeof what - k, "total %s",
                              format_fen(t->summary_total_fen, said));
    k += (size_t)snprintf(what + k, sizeof what - k, "; read ");
    if (f->summary_rows_field)
        k += (size_t)snprintf(what + k, sizeof what - k, "%llu rows%s",
                              (unsigned long long)t->data_rows, f->summary_total_field ? ", " : "");
    if (f->summary_total_field)
        k += (size_t)snprintf(what + k, sizeof what - k, "total %s", format_fen(t->total_fen, read));
    snprintf(what + k, sizeof what - k, " (truncated or altered file)");
    return stop(d, what);
}

/* The trailer check at the end of the file. */
static int check_trailer(decoder *d)
{
    const wr_format *f = d->f;
    wr_format_totals *t = &d->t;
    char what[600], said[24], read[24];
    t->total_checked = d->sum_column != UINT32_MAX && t->unreadable_totals == 0;
    if (!t->trailer_seen) {
        snprintf(what, sizeof what,
                 "no trailer line (%s) at the end: truncated file? read %llu rows, total %s",
                 f->trailer_label, (unsigned long long)t->data_rows,
                 format_fen(t->total_fen, read));
        return stop(d, what);
    }
    bool rows_ok = t->trailer_rows == t->data_rows;
    bool total_ok = !t->total_checked || t->trailer_total_fen == t->total_fen;
    if (rows_ok && total_ok)
        return 0;
    if (f->trailer_total_field)
        snprintf(what, sizeof what,
                 "line %llu: trailer says %llu rows, total %s; read %llu rows, total %s "
                 "(truncated or altered file)",
                 (unsigned long long)d->trailer_line, (unsigned long long)t->trailer_rows,
                 format_fen(t->trailer_total_fen, said), (unsigned long long)t->data_rows,
                 format_fen(t->total_fen, read));
    else
        snprintf(what, sizeof what,
                 "line %llu: trailer says %llu rows; read %llu rows (truncated or altered file)",
                 (unsigned long long)d->trailer_line, (unsigned long long)t->trailer_rows,
                 (unsigned long long)t->data_rows);
    return stop(d, what);
}

static bool init(decoder *d)
{
    const wr_format *f = d->f;
    /* Scratch room for a row beyond twice its line: each column's picture
     * or derived text, and (fixed) each field's UTF-8. Mapped words point
     * into the descriptor. */
    for (uint32_t c = 0; c < f->n_columns; c++) {
        const wr_fmt_column *col = &f->columns[c];
        d->field_of[c] = col->source == SRC_FIELD ? (long)col->field : -1;
        d->constant[c] = col->source == SRC_VALUE ? (wr_str){col->value, strlen(col->value)}
                                                  : (wr_str){"", 0};
        if (col->n_map)
            d->mapped[d->n_mapped++] = c;
        if (col->style != STYLE_NONE)
            d->styled[d->n_styled++] = c;
        d->any_derive |= col->source == SRC_DERIVE;
        d->number_column[c] = f->sheet && col->number;
        d->n_parts_columns += col->n_parts > 0;
        for (uint32_t k = 0; k < col->n_parts; k++) {
            d->compose_line_parts += col->parts[k].source == SRC_FIELD ||
                                     col->parts[k].source == SRC_HEADER;
            if (col->parts[k].source == SRC_VALUE)
                d->row_reserve += strlen(col->parts[k].text);
        }
        if (col->source == SRC_BYTES && col->byte_to > d->max_char)
            d->max_char = col->byte_to;
        d->row_reserve += 64 + 16;
        if (col->source == SRC_BYTES)
            d->row_reserve += (f->count_chars ? 8 : 2) * (size_t)(col->byte_to - col->byte_from) +
                              32; /* decode(): a character is up to 4 bytes */
    }
    if (f->trailer)
        d->trailer_word = (wr_str){f->trailer_label, strlen(f->trailer_label)};
    d->sum_column = f->trailer && f->trailer_total_field ? f->trailer_sum_column
                    : f->summary && f->summary_total_field ? f->summary_sum_column
                                                           : UINT32_MAX;
    d->encoding_kind = strcmp(f->encoding, "GBK") == 0 ? 1 : strcmp(f->encoding, "GB18030") == 0 ? 2 : 0;
    if (f->count_chars && !(d->char_at = malloc(((size_t)d->max_char + 1) * sizeof *d->char_at)))
        return false;
    if (!(d->tc = wr_transcoder_open(f->encoding)))
        return false;
    if (f->fixed && f->trailer) { /* the label as the file writes it */
        iconv_t to = iconv_open(f->encoding, "UTF-8");
        size_t n = strlen(f->trailer_label), ol = 4 * n + 16;
        char *ip = (char *)f->trailer_label;
        if (to == (iconv_t)-1 || !wr_buf_reserve(&d->label, ol))
            return false;
        char *op = d->label.p;
        size_t r = iconv(to, &ip, &n, &op, &ol);
        iconv_close(to);
        if (r == (size_t)-1)
            return false;
        d->label.len = (size_t)(op - d->label.p);
    }
    return true;
}

/* The end of a read, a sheet's or a text file's: the totals handed on,
 * the decoder freed; returns its status. */
static int finish(decoder *d, wr_format_totals *totals)
{
    if (totals)
        *totals = d->t;
    wr_transcoder_close(d->tc);
    free(d->raw.p);
    free(d->dec.p);
    free(d->scratch.p);
    free(d->label.p);
    free(d->src_buf.p);
    free(d->cell_kind.p);
    free(d->summary_text.p);
    free(d->summary_fields);
    free(d->char_at);
    return d->status;
}

int wr_format_read(const wr_format *f, const char *path, const wr_csv_handler *h,
                   wr_format_totals *totals, wr_error *err)
{
    decoder d = {.f = f, .h = h, .name = wr_base_name(path), .err = err};
    if (!init(&d))
        d.status = wr_errorf(err, WR_EINPUT, "%s: cannot convert %s (iconv)", d.name, f->encoding);
    if (f->sheet && !d.status) {
        wr_sheet_ref ref = {f->sheet_name, f->sheet_index};
        int rc = wr_sheet_read(path, d.name, &ref, sheet_row, &d, err);
        if (rc && !d.status)
            d.status = rc;
        if (!d.status && !d.header_done)
            emit_header(&d);
        if (!d.status && f->summary)
            check_summary(&d);
        if (!d.status && f->trailer)
            check_trailer(&d);
        return finish(&d, totals);
    }
    wr_infile *in = NULL;
    if (!d.status)
        d.status = wr_infile_open(path, &in, err);
    if (in && h->digest)
        wr_infile_digest(in, h->digest);
    const char *data;
    ssize_t got = 0;
    bool at_start = true;
    while (in && !d.status && (got = wr_infile_read(in, &data, err)) > 0) {
        size_t n = (size_t)got;
        if (at_start)
            strip_bom(f, &data, &n);
        at_start = false;
        /* Whole lines are read where they are; only a line cut by the
         * end of the block is carried over in d.raw. */
        if (d.raw.len > 0) {
            const char *lf = memchr(data, '\n', n);
            size_t take = lf ? (size_t)(lf - data) + 1 : n;
            if (!wr_buf_append(&d.raw, data, take)) {
                out_of_memory(&d);
                break;
            }
            data += take;
            n -= take;
            if (lf) {
                lines(&d, d.raw.p, d.raw.len);
                d.raw.len = 0;
            }
        }
        if (n > 0 && d.raw.len == 0 && !d.status) {
            const char *last_lf = memrchr(data, '\n', n);
            size_t whole = last_lf ? (size_t)(last_lf - data) + 1 : 0;
            if (whole)
                lines(&d, data, whole);
            if (!wr_buf_append(&d.raw, data + whole, n - whole)) {
                out_of_memory(&d);
                break;
            }
        }
        if (!d.status && d.raw.len > WR_MAX_ROW_BYTES) {
            char what[160];
            snprintf(what, sizeof what, "line %llu: line longer than %d MiB (DECISIONS D30)",
                     (unsigned long long)d.line + 1, WR_MAX_ROW_BYTES >> 20);
            stop(&d, what);
        }
        if (h->on_progress)
            h->on_progress(h->ctx, wr_infile_offset(in));
    }
    if (got < 0)
        d.status = (int)-got; /* WR_EINPUT or WR_ENOMEM, err set */
    if (in && !d.status && d.raw.len > 0)
        lines(&d, d.raw.p, d.raw.len);
    if (in && !d.status && !d.header_done)
        emit_header(&d);
    if (in && !d.status && f->summary)
        check_summary(&d);
    if (in && !d.status && f->trailer)
        check_trailer(&d);
    wr_infile_close(in);
    return finish(&d, totals);
}
