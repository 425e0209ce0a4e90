/*
 * libcsv parses bytes; it does not count lines. To know where each row
 * starts we feed it one physical line at a time (split at LF, CRLF or a
 * lone CR): a row that is still open after its line ends must be inside a
 * quoted field, so the next line continues it. Fields are copied into one
 * reusable buffer, so a row costs no allocation once the buffer has grown
 * to the widest row.
 *
 * The fast path: most lines of real exports are a whole row without a
 * quote. Such a line (starting a row, ending in LF or CRLF within the
 * chunk at hand, no quote, no other CR) is split at its commas here,
 * which is what libcsv would do with it, at a fraction of
 * the cost (libcsv looks at every byte through a state machine): a run
 * of such lines by split_lines, each line's end and commas found together
 * (D310), a line of 512 bytes or more, or one near the end of the bytes,
 * by fast_line. Every other line goes to libcsv, which stays the
 * reference:
 * tests/unit/csvread_test.c reads tricky inputs and the fuzz corpus both
 * ways (wr_csv_handler.libcsv_only) and requires identical rows and lines.
 * A stream's line is first copied into the reader's buffer; a chunk's
 * (wr_csv_read_chunk, the --jobs reader) is split where it lies, its
 * commas and line end overwritten, so its fields need no copy.
 *
 * Blank lines: an empty line is no row, but a line of only spaces and
 * tabs is a row of one empty field on its own line (DECISIONS D28, D200).
 * libcsv skips spaces and tabs before a row and reports nothing for such
 * a line, so the reader delivers that row itself when the line ends.
 */
#include "csvread.h"

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "../types/buf.h"
#include "../types/error.h"
#include "infile.h"

#define CSV_BLOCK_MIN ((size_t)4 << 10)
#define CSV_BLOCK_MAX ((size_t)1 << 20)

/* A field's bytes in the reader's buf (which may move as it grows). */
typedef struct {
    size_t offset, length;
} field_span;

typedef struct {
    const wr_csv_handler *h;
    wr_buf buf;              /* field bytes, each followed by NUL */
    wr_buf span_buf, field_buf; /* the arrays below (D266) */
    field_span *spans;       /* each field of the open row, in buf */
    wr_str *fields;          /* the row handed on */
    size_t n_fields, fields_cap;
    uint64_t line;           /* physical line being fed */
    uint64_t row_start;      /* line where the open row started */
    bool row_open;           /* a row has begun and not yet ended */
    bool row_ended;          /* cb2 fired during the current line */
    bool seen_header;
    size_t row_bytes;        /* bytes fed since the open row started */
    size_t csv_block;        /* libcsv's field growth step, see feed() */
    int status;              /* first non-zero handler status */
    bool oom;
    bool line_blank;         /* the current line so far holds only CR */
    bool line_spaces;        /* ... only spaces, tabs and CR */
    bool cr_pending;         /* the last byte fed was a CR ending a chunk */
    const char *row_at;      /* where the open row started in the bytes fed */
    bool in_place;           /* the bytes are the caller's to write: split there */
    const char *path;        /* for messages */
    wr_error *err;
} reader;

static bool is_blank(unsigned char c)
{
    return c == ' ' || c == '\t';
}

/* Room for n fields: spans and fields grow by types/buf.c (D266). */
static bool grow_fields_to(reader *r, size_t n)
{
    bool ok = wr_buf_reserve(&r->span_buf, n * sizeof(field_span)) &&
              wr_buf_reserve(&r->field_buf, n * sizeof(wr_str));
    r->spans = (field_span *)r->span_buf.p;
    r->fields = (wr_str *)r->field_buf.p;
    if (ok) {
        size_t spans = r->span_buf.cap / sizeof(field_span);
        size_t fields = r->field_buf.cap / sizeof(wr_str);
        r->fields_cap = spans < fields ? spans : fields;
    }
    return ok;
}

/* Room for one more field. */
static bool grow_fields(reader *r)
{
    return grow_fields_to(r, r->fields_cap + 1);
}

static void on_field(void *s, size_t len, void *data)
{
    reader *r = data;
    const char *p = s ? s : "";
    while (len && is_blank((unsigned char)p[0])) {
        p++;
        len--;
    }
    while (len && is_blank((unsigned char)p[len - 1]))
        len--;
    if (r->n_fields == r->fields_cap && !grow_fields(r)) {
        r->oom = true;
        return;
    }
    if (!wr_buf_reserve(&r->buf, r->buf.len + len + 1)) {
        r->oom = true;
        return;
    }
    memcpy(r->buf.p + r->buf.len, p, len);
    r->spans[r->n_fields] = (field_span){r->buf.len, len};
    r->n_fields++;
    r->buf.len += len;
    r->buf.p[r->buf.len++] = '\0';
}

/* Hands row to the handler: the first row read is the header. deliver's
 * and split_lines' (which sets one row's words per line, D311). */
static inline void hand_row(reader *r, const wr_row *row)
{
    if (__builtin_expect(r->seen_header, 1)) {
        r->status = r->h->on_row(r->h->ctx, row);
    } else {
        r->seen_header = true;
        r->status = r->h->on_header(r->h->ctx, row);
    }
}

/* Hands r->fields[0..n_fields) to the handler as the row at row_start,
 * split from the line at span (NULL: by libcsv). */
static void deliver(reader *r, const char *span, size_t span_n)
{
    wr_row row = {.line = r->row_start, .n_fields = r->n_fields, .fields = r->fields,
                  .span = span, .span_n = span_n};
    hand_row(r, &row);
}

static void on_row_end(int c, void *data)
{
    (void)c;
    reader *r = data;
    r->row_ended = true;
    if (!r->oom && !r->status) {
        for (size_t i = 0; i < r->n_fields; i++)
            r->fields[i] = (wr_str){r->buf.p + r->spans[i].offset, r->spans[i].length};
        deliver(r, NULL, 0);
    }
    r->n_fields = 0;
    r->buf.len = 0;
    r->row_bytes = 0;
}

/* Field [p, e) of a fast-path line as fields[nf], trimmed of blanks
 * (DECISIONS D2), NUL after it (over a blank, the comma or the line end).
 * A byte above ' ' is no blank: one compare a side for the fields that
 * need no trimming. *p may be the field's end (an empty field): its
 * comma, CR or LF, never a blank, so the line's end byte must be there
 * to read (fast_line copies it, split_lines too). */
static inline size_t put_field(wr_str *fields, size_t nf, char *p, char *e)
{
    if ((unsigned char)*p <= ' ')
        while (p < e && is_blank((unsigned char)*p))
            p++;
    if (e > p && (unsigned char)e[-1] <= ' ')
        while (e > p && is_blank((unsigned char)e[-1]))
            e--;
    *e = '\0';
    fields[nf] = (wr_str){p, (size_t)(e - p)};
    return nf + 1;
}

/* put_field for fast_line, which makes room field by field (split_lines
 * makes it once per line). */
static inline bool add_field(reader *r, size_t *nf, char *p, char *stop)
{
    if (*nf == r->fields_cap && !grow_fields(r))
        return false;
    *nf = put_field(r->fields, *nf, p, stop);
    return true;
}

/* The fields ended by the commas at base + k for each bit k of m. */
static inline bool add_fields_at(reader *r, size_t *nf, char **field, char *base, unsigned m)
{
    for (; m; m &= m - 1) {
        char *c = base + (unsigned)__builtin_ctz(m);
        if (!add_field(r, nf, *field, c))
            return false;
        *field = c + 1;
    }
    return true;
}

/* The fast path for line s[0..n) (its LF, and the CR of a CRLF, already
 * cut off: s[n] is that CR or LF), which starts a row and holds no quote
 * and no CR. Returns
 * false, having delivered nothing, when out of memory (libcsv must read
 * it instead; a line split in place cannot be read again: r->oom). An
 * empty line is no row; a line of only spaces and tabs is a row of one
 * empty field (DECISIONS D28, D200). The commas are found 16 bytes at a
 * time (SSE2, every x86-64), not by a memchr per field: fields are short,
 * and the calls were a sixth of a run's reading (issue 17). */
static bool fast_line(reader *r, const char *s, size_t n)
{
    if (n == 0)
        return true;
    char *p;
    if (r->in_place) {
        p = (char *)s; /* wr_csv_read_chunk's writable bytes; s[n] is the CR or LF */
    } else {
        if (!wr_buf_reserve(&r->buf, n + 1))
            return false;
        p = memcpy(r->buf.p, s, n + 1); /* and s[n], the CR or LF: put_field may read it */
    }
    size_t nf = 0, i = 0;
    char *field = p;
#ifdef __SSE2__
    const __m128i comma = _mm_set1_epi8(',');
    for (; i + 16 <= n; i += 16) {
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        if (!add_fields_at(r, &nf, &field, p + i,
                           (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, comma))))
            goto nomem;
    }
    if (i < n && n >= 16) {
        /* the last bytes: the last sixteen looked at again, the commas
         * before i dropped (bit k is byte n - 16 + k), not a byte loop */
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(p + n - 16));
        if (!add_fields_at(r, &nf, &field, p + i,
                           (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(b, comma)) >> (16 - (n - i))))
            goto nomem;
        i = n;
    }
#endif
    for (; i < n; i++) {
        if (p[i] == ',') {
            if (!add_field(r, &nf, field, p + i))
                goto nomem;
            field = p + i + 1;
        }
    }
    if (!add_field(r, &nf, field, p + n))
        goto nomem;
    r->n_fields = nf;
    r->row_start = r->line;
    deliver(r, p, n);
    r->n_fields = 0;
    return true;
nomem:
    if (!r->in_place)
        return false;
    r->oom = true; /* its bytes are split: the chunk is read again (csvpar.c) */
    return true;
}

/* The first byte c at or after data, before end, or NULL: *at caches the
 * answer for the rest of the bytes, so a file without quotes or CR is
 * searched for them once per chunk rather than once per line. */
static const char *next_byte(const char **at, bool *known, const char *data, const char *end,
                             int c)
{
    if (!*known || (*at && *at < data)) {
        *at = memchr(data, c, (size_t)(end - data));
        *known = true;
    }
    return *at;
}

static bool before(const char *at, const char *limit)
{
    return at && at < limit;
}

#ifdef __SSE2__
/* The longest line split_lines splits itself, in 64-byte steps (D310); a
 * longer one goes by fast_line. */
#define SPLIT_STEPS 8

/* Bit k: byte k of the 64-byte step b0..b3 is the byte in needle. */
static inline uint64_t step_mask(__m128i b0, __m128i b1, __m128i b2, __m128i b3, __m128i needle)
{
    return (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(b0, needle)) |
           (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(b1, needle)) << 16 |
           (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(b2, needle)) << 32 |
           (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(b3, needle)) << 48;
}

/* Bit k: byte k of the 64-byte step b0..b3 is >= 0x80 (its sign bit). */
static inline uint64_t step_high(__m128i b0, __m128i b1, __m128i b2, __m128i b3)
{
    return (uint64_t)(uint32_t)_mm_movemask_epi8(b0) |
           (uint64_t)(uint32_t)_mm_movemask_epi8(b1) << 16 |
           (uint64_t)(uint32_t)_mm_movemask_epi8(b2) << 32 |
           (uint64_t)(uint32_t)_mm_movemask_epi8(b3) << 48;
}

/* The fast path over many lines (D310): from data, while the lines are
 * fast-path lines (fast_line's: whole in the bytes, ending in LF or CRLF,
 * no quote, no other CR), each line's LF and commas are found together,
 * 64 bytes a step (SSE2), and the commas' masks kept until the line is
 * known to be one: nothing is written before. A line longer than
 * SPLIT_STEPS steps has its LF found so and goes to fast_line. The quote
 * and CR come from read_bytes' caches (next_byte). Stops at the first
 * other line, one whose steps would read past end, a handler's status or
 * no memory (r->oom when a line was split in place; else nothing of that
 * line done): returns the bytes of the lines it read. */
static size_t split_lines(reader *r, const char *data, const char *end, const char **next_quote,
                          bool *quote_known, const char **next_cr, bool *cr_known)
{
    const char *s = data;
    const char *quote = next_byte(next_quote, quote_known, s, end, '"');
    const char *cr = next_byte(next_cr, cr_known, s, end, '\r');
    if (!quote)
        quote = end;
    if (!cr)
        cr = end;
    if (end - data < 64)
        return 0;
    const char *last_step = end - 64; /* the last place a step may start */
    const __m128i comma = _mm_set1_epi8(','), lf = _mm_set1_epi8('\n');
    wr_row row = {0};
    while (!r->status && !r->oom) {
        uint64_t commas[SPLIT_STEPS], lfs;
        size_t k = 0;
        for (const char *at = s;; k++, at += 64) {
            if (at > last_step)
                return (size_t)(s - data);
            const __m128i *v = (const __m128i *)(const void *)at;
            __m128i b0 = _mm_loadu_si128(v), b1 = _mm_loadu_si128(v + 1);
            __m128i b2 = _mm_loadu_si128(v + 2), b3 = _mm_loadu_si128(v + 3);
            if (k < SPLIT_STEPS)
                commas[k] = step_mask(b0, b1, b2, b3, comma);
            lfs = step_mask(b0, b1, b2, b3, lf);
            if (lfs)
                break;
        }
        unsigned lf_bit = (unsigned)__builtin_ctzll(lfs);
        uint64_t below_lf = ((uint64_t)1 << lf_bit) - 1;
        const char *lf_at = s + 64 * k + lf_bit, *stop = lf_at;
        if (quote < lf_at)
            return (size_t)(s - data);
        if (cr < lf_at) {
            if (cr + 1 != lf_at)
                return (size_t)(s - data); /* a lone CR (D33) */
            stop = cr;                     /* CRLF */
        }
        size_t len = (size_t)(stop - s);
        if (k >= SPLIT_STEPS) {
            /* a long line: its LF found, its commas by fast_line */
            if (!fast_line(r, s, len))
                return (size_t)(s - data);
        } else if (len > 0) {
            commas[k] &= below_lf; /* the next line's commas */
            if (r->fields_cap < len + 1 && !grow_fields_to(r, len + 1))
                return (size_t)(s - data);
            char *p;
            if (r->in_place) {
                p = (char *)s;
                row.commas = commas[0]; /* D382: a line of one step's when len < 63 */
            } else {
                /* A line copied (the stream reader, --jobs 1) and of one
                 * step: where its bytes >= 0x80 are, from its step's
                 * bytes, in the cache (D346). The chunk reader (--jobs 2
                 * and more) leaves it unknown: its rows are checked a
                 * changed field at a time, mostly short ASCII ones, and
                 * knowing cost more than it saved (D348). */
                row.high_known = k == 0;
                if (k == 0) {
                    const __m128i *v = (const __m128i *)(const void *)s;
                    uint64_t high = step_high(_mm_loadu_si128(v), _mm_loadu_si128(v + 1),
                                              _mm_loadu_si128(v + 2), _mm_loadu_si128(v + 3)) &
                                    below_lf;
                    row.high_from = row.high_to = 0;
                    if (high) {
                        row.high_from = (uint16_t)__builtin_ctzll(high);
                        row.high_to = (uint16_t)(64 - __builtin_clzll(high));
                    }
                }
                if (!wr_buf_reserve(&r->buf, len + 1))
                    return (size_t)(s - data);
                p = memcpy(r->buf.p, s, len + 1);
            }
            wr_str *fields = r->fields;
            size_t nf = 0;
            char *field = p;
            for (size_t i = 0; i <= k; i++) {
                for (uint64_t m = commas[i]; m; m &= m - 1) {
                    char *c = p + 64 * i + (unsigned)__builtin_ctzll(m);
                    nf = put_field(fields, nf, field, c);
                    field = c + 1;
                }
            }
            nf = put_field(fields, nf, field, p + len);
            row.line = r->line; /* deliver's row, not built whole each time */
            row.n_fields = nf;
            row.fields = fields;
            row.span = p;
            row.span_n = len;
            hand_row(r, &row);
        }
        r->line++;
        s = lf_at + 1;
        if (stop == cr && !(cr = next_byte(next_cr, cr_known, s, end, '\r')))
            cr = end;
    }
    return (size_t)(s - data);
}
#endif

/* Feeds one piece of the current line to libcsv. */
static bool feed(reader *r, struct csv_parser *p, const char *s, size_t n)
{
    if (!r->row_open) {
        r->row_start = r->line;
        r->row_open = true;
        r->row_bytes = 0;
        r->row_at = s;
    }
    r->row_bytes += n;
    /* libcsv grows a field's buffer by a fixed block: keeping the block
     * near the row's length makes growth geometric, so a 10 MB field costs
     * a few dozen reallocs, and a small file never asks for a large block. */
    if (r->row_bytes > r->csv_block && r->csv_block < CSV_BLOCK_MAX) {
        r->csv_block = r->row_bytes < CSV_BLOCK_MAX ? r->row_bytes : CSV_BLOCK_MAX;
        csv_set_blk_size(p, r->csv_block);
    }
    return csv_parse(p, s, n, on_field, on_row_end, r) == n;
}

/* What line r->line held, once it has been fed whole: a line of only
 * spaces and tabs (and its line end) that began no row left libcsv where
 * it was before the line, having reported nothing; it is a row of one
 * empty field all the same (DECISIONS D28, D200), delivered here. An
 * empty line (line_was_blank) is no row. */
static void line_fed(reader *r, bool line_was_blank, bool line_was_spaces)
{
    if (r->row_ended || !r->row_open || r->n_fields != 0 || r->row_start != r->line)
        return;
    if (!line_was_blank && line_was_spaces) {
        on_field(NULL, 0, r);
        on_row_end(0, r);
    }
    if (line_was_spaces) /* blank lines included */
        r->row_open = false;
}

/* Called after the LF that ends line r->line has been fed. */
static void end_line(reader *r, bool line_was_blank, bool line_was_spaces)
{
    line_fed(r, line_was_blank, line_was_spaces);
    if (r->row_ended)
        r->row_open = false;
    r->row_ended = false;
    r->line++;
}

/* Feeds bytes data[0..n) (after any byte order mark) through the fast
 * path or libcsv, line by line; stops at a handler status, no memory or a
 * row too long (r->status, r->oom set). */
static void read_bytes(reader *r, struct csv_parser *parser, const char *data, size_t n)
{
    const wr_csv_handler *h = r->h;
    const char *end = data + n, *next_cr = NULL, *next_quote = NULL;
    bool cr_known = false, quote_known = false;
    if (r->cr_pending && n > 0 && data[0] != '\n') {
        end_line(r, r->line_blank, r->line_spaces); /* that CR was a line end of its own */
        r->line_blank = r->line_spaces = true;
    }
    r->cr_pending = false;
    while (n > 0 && !r->status && !r->oom) {
#ifdef __SSE2__
        if (!r->row_open && !h->libcsv_only) {
            size_t done = split_lines(r, data, end, &next_quote, &quote_known, &next_cr, &cr_known);
            data += done;
            n -= done;
            if (n == 0 || r->status || r->oom)
                break;
        }
#endif
        /* A line ends at LF, CRLF, or a lone CR (DECISIONS D33): libcsv
         * ends a row at a lone CR, so it must be a line end too. */
        const char *lf = memchr(data, '\n', n);
        size_t piece = lf ? (size_t)(lf - data) + 1 : n;
        const char *cr = next_byte(&next_cr, &cr_known, data, end, '\r');
        if (!before(cr, data + piece))
            cr = NULL;
        bool lone_cr = cr && cr + 1 < data + piece && cr[1] != '\n';
        if (lone_cr)
            piece = (size_t)(cr - data) + 1;
        if (lf && !lone_cr && !r->row_open && !h->libcsv_only &&
            (!cr || cr + 2 == data + piece) &&
            !before(next_byte(&next_quote, &quote_known, data, end, '"'), data + piece) &&
            fast_line(r, data, piece - 1 - (cr != NULL))) {
            r->line++;
            data += piece;
            n -= piece;
            continue;
        }
        for (size_t i = 0; i < piece && r->line_spaces; i++) {
            if (data[i] != '\r' && data[i] != '\n') {
                r->line_blank = false;
                r->line_spaces = is_blank((unsigned char)data[i]);
            }
        }
        if (!feed(r, parser, data, piece)) {
            r->oom = true;
            break;
        }
        if (r->row_open && r->row_bytes > WR_MAX_ROW_BYTES) {
            /* DECISIONS D30: memory stays bounded whatever the input. */
            r->status = wr_errorf(r->err, WR_EINPUT,
                                  "%s: line %llu: row longer than %d MiB (not a CSV row?)",
                                  wr_base_name(r->path), (unsigned long long)r->row_start,
                                  WR_MAX_ROW_BYTES >> 20);
            break;
        }
        if (lf || lone_cr) {
            end_line(r, r->line_blank, r->line_spaces);
            r->line_blank = r->line_spaces = true;
        } else if (data[piece - 1] == '\r') {
            r->cr_pending = true; /* a CR ends the chunk: is an LF next? */
        }
        data += piece;
        n -= piece;
    }
}

static void reader_free(reader *r, struct csv_parser *parser)
{
    csv_free(parser);
    free(r->buf.p);
    free(r->span_buf.p);
    free(r->field_buf.p);
}

int wr_csv_read(const char *path, const wr_csv_handler *h, wr_error *err)
{
    wr_infile *in;
    int opened = wr_infile_open(path, &in, err);
    if (opened)
        return opened;
    if (h->digest)
        wr_infile_digest(in, h->digest);
    struct csv_parser parser;
    reader r = {.h = h, .line = 1, .line_blank = true, .line_spaces = true, .path = path,
                .err = err};
    int rc = 0;
    if (csv_init(&parser, 0) != 0) {
        wr_infile_close(in);
        return wr_errorf(err, WR_ENOMEM, "%s: out of memory", wr_base_name(path));
    }
    r.csv_block = CSV_BLOCK_MIN;
    csv_set_blk_size(&parser, r.csv_block);
    bool at_start = true;
    const char *data;
    ssize_t got;
    while ((got = wr_infile_read(in, &data, err)) > 0) {
        size_t n = (size_t)got;
        if (at_start) {
            at_start = false;
            if (h->on_start && (r.status = h->on_start(h->ctx, data, n)) != 0)
                break;
            if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
                data += 3;
                n -= 3;
            }
        }
        read_bytes(&r, &parser, data, n);
        if (h->on_progress)
            h->on_progress(h->ctx, wr_infile_offset(in));
        if (r.status || r.oom)
            break;
    }
    if (got < 0) {
        rc = (int)-got; /* WR_EINPUT or WR_ENOMEM, err set */
    } else if (!r.status && !r.oom) {
        line_fed(&r, r.line_blank, r.line_spaces); /* the last line, without a line end */
        if (!r.status && !r.oom)
            csv_fini(&parser, on_field, on_row_end, &r);
        if (!r.seen_header && !r.status) {
            wr_row empty = {.line = 1};
            r.status = h->on_header(h->ctx, &empty);
        }
    }
    if (r.oom && !rc) {
        rc = wr_errorf(err, WR_ENOMEM, "%s: out of memory", wr_base_name(path));
    }
    if (!rc)
        rc = r.status;
    reader_free(&r, &parser);
    wr_infile_close(in);
    return rc;
}

int wr_csv_read_chunk(char *data, size_t n, bool last, uint64_t first_line,
                      const wr_csv_handler *h, wr_csv_chunk_end *end, const char *path,
                      wr_error *err)
{
    struct csv_parser parser;
    reader r = {.h = h, .line = first_line, .line_blank = true, .line_spaces = true,
                .seen_header = true, .in_place = true, .path = path, .err = err};
    *end = (wr_csv_chunk_end){0};
    if (csv_init(&parser, 0) != 0)
        return wr_errorf(err, WR_ENOMEM, "%s: out of memory", wr_base_name(path));
    r.csv_block = CSV_BLOCK_MIN;
    csv_set_blk_size(&parser, r.csv_block);
    read_bytes(&r, &parser, data, n);
    if (!r.status && !r.oom) {
        if (r.row_open && !last) {
            /* the bytes end inside a row: the caller reads again from it */
            end->open = true;
            end->open_offset = (size_t)(r.row_at - data);
            end->open_line = r.row_start - first_line;
        } else {
            line_fed(&r, r.line_blank, r.line_spaces); /* a last line without a line end */
            if (!r.status && !r.oom)
                csv_fini(&parser, on_field, on_row_end, &r);
        }
    }
    end->lines = r.line - first_line;
    int rc = r.status;
    if (r.oom && !rc)
        rc = wr_errorf(err, WR_ENOMEM, "%s: out of memory", wr_base_name(path));
    reader_free(&r, &parser);
    return rc;
}
