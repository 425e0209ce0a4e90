/* Unit tests: io/csvread.c: start lines across quoted newlines, CRLF,
 * lone CR (DECISIONS D33, also at a read-chunk boundary), BOM, blank
 * lines, trimming (DECISIONS D2); the fast path against libcsv on tricky
 * lines and on every file of the fuzz corpus (testdata/fuzz); a chunk's
 * line split in place that runs out of memory midway (D267, D275); where
 * a row's bytes >= 0x80 are, as split_lines records it (D346). */
#include <dirent.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "io/csvread.h"
#include "types/utf8.h"

static uint64_t lines[16];
static size_t widths[16];
static char first[16][64];
static int n_rows;

static int on_header(void *ctx, const wr_row *h)
{
    (void)ctx;
    CHECK(h->line == 1);
    CHECK(h->n_fields == 2 && wr_str_is(h->fields[0], "a"));
    return 0;
}

static int on_row(void *ctx, const wr_row *r)
{
    (void)ctx;
    lines[n_rows] = r->line;
    widths[n_rows] = r->n_fields;
    snprintf(first[n_rows], sizeof first[0], "%.*s", (int)r->fields[0].n, r->fields[0].p);
    n_rows++;
    return 0;
}

/* Writes text to a temporary file and reads it (every line through
 * libcsv when libcsv_only); returns the status. */
static int read_text_way(const char *text, size_t len, bool libcsv_only)
{
    char path[] = "/tmp/wr_csvread_test_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0 && write(fd, text, len) == (ssize_t)len);
    close(fd);
    n_rows = 0;
    wr_csv_handler h = {.on_header = on_header, .on_row = on_row, .libcsv_only = libcsv_only};
    wr_error err;
    int rc = wr_csv_read(path, &h, &err);
    remove(path);
    return rc;
}

static int read_text(const char *text, size_t len)
{
    return read_text_way(text, len, false);
}

/* A lone CR ends a line as libcsv ends a row there (D33); a CR that ends
 * a 256 KiB read chunk is decided by the next chunk's first byte. */
static void lone_cr_lines(void)
{
    static const char text[] = "a,b\r1,2\r\r3,4\r\n\"q\rr\",5\r6,7";
    CHECK(read_text(text, sizeof text - 1) == 0);
    CHECK(n_rows == 4);
    CHECK(lines[0] == 2 && strcmp(first[0], "1") == 0);  /* line 3 is blank */
    CHECK(lines[1] == 4 && strcmp(first[1], "3") == 0);
    CHECK(lines[2] == 5 && strcmp(first[2], "q\rr") == 0); /* spans to 6 */
    CHECK(lines[3] == 7 && strcmp(first[3], "6") == 0);
    size_t chunk = (size_t)1 << 18, len = chunk + 16;
    char *big = malloc(len);
    CHECK(big != NULL);
    if (!big)
        return;
    for (int lf_next = 0; lf_next <= 1; lf_next++) {
        memset(big, 'y', len);
        memcpy(big, "a,b\nx,", 6);
        big[chunk - 1] = '\r';        /* the last byte of the first chunk */
        size_t at = chunk;
        if (lf_next)
            big[at++] = '\n';         /* CRLF split across chunks */
        memcpy(big + at, "2,3\n", 4);
        CHECK(read_text(big, at + 4) == 0);
        CHECK(n_rows == 2 && lines[0] == 2 && lines[1] == 3 && strcmp(first[1], "2") == 0);
    }
    free(big);
}

/* A line of only spaces and tabs is a row of one empty field on its own
 * line (DECISIONS D28, D200): after LF, CRLF or a lone CR, as the last line
 * without a line end, and across a read chunk; only an empty line is no
 * row. Each row below is "line:fields" (first field empty). Both ways:
 * the fast path and libcsv alone. */
static void whitespace_lines(void)
{
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"a,b\n   \n1,2\n", "2:1 3:2"},           /* spaces */
        {"a,b\n\t\n1,2\n", "2:1 3:2"},            /* a tab */
        {"a,b\n \t \n\n1,2\n", "2:1 4:2"},       /* mixed, then a blank line */
        {"a,b\r\n  \r\n1,2\r\n", "2:1 3:2"},     /* CRLF */
        {"a,b\r  \r1,2\r", "2:1 3:2"},             /* lone CR (D33) */
        {"a,b\n1,2\n   ", "2:2 3:1"},             /* last line, no line end */
        {"a,b\n1,2\n\t\r", "2:2 3:1"},           /* last line, lone CR */
        {"a,b\n1,\"x\n  \n\",2\n", "2:3"},         /* inside a quoted field: data */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (int way = 0; way <= 1; way++) {
            CHECK(read_text_way(cases[i].text, strlen(cases[i].text), way == 1) == 0);
            char got[128] = "";
            size_t k = 0;
            for (int r = 0; r < n_rows && k < sizeof got; r++)
                k += (size_t)snprintf(got + k, sizeof got - k, "%s%llu:%zu", r ? " " : "",
                                      (unsigned long long)lines[r], widths[r]);
            bool ok = strcmp(got, cases[i].want) == 0;
            for (int r = 0; r < n_rows; r++)
                ok = ok && (widths[r] != 1 || first[r][0] == '\0');
            CHECK(ok);
            if (!ok)
                fprintf(stderr, "    whitespace case %zu (%s): rows %s, want %s\n", i,
                        way ? "libcsv" : "fast path", got, cases[i].want);
        }
    }
    /* Spaces from before a 256 KiB read chunk's end to after it. */
    size_t chunk = (size_t)1 << 18, len = chunk + 16;
    char *big = malloc(len);
    CHECK(big != NULL);
    if (!big)
        return;
    memset(big, ' ', len);
    memcpy(big, "a,b\n1,2\n", 8);
    memcpy(big + len - 5, "\n3,4\n", 5);
    for (int way = 0; way <= 1; way++) {
        CHECK(read_text_way(big, len, way == 1) == 0);
        CHECK(n_rows == 3 && lines[1] == 3 && widths[1] == 1 && first[1][0] == '\0');
        CHECK(lines[2] == 4 && strcmp(first[2], "3") == 0);
    }
    free(big);
}

/* ---- fast path against libcsv: the same rows, fields and lines ---- */

typedef struct {
    char *text;
    size_t len, cap;
} trace;

static void trace_add(trace *t, const void *p, size_t n)
{
    if (t->len + n > t->cap) {
        size_t cap = t->cap ? t->cap : 4096;
        while (t->len + n > cap)
            cap *= 2;
        char *b = realloc(t->text, cap);
        CHECK(b != NULL);
        if (!b)
            return;
        t->text = b;
        t->cap = cap;
    }
    memcpy(t->text + t->len, p, n);
    t->len += n;
}

/* Records a row as line, field count, then each field's length and bytes
 * (and that each field is NUL-terminated, as csvread promises). */
static int trace_row(void *ctx, const wr_row *r)
{
    trace *t = ctx;
    trace_add(t, &r->line, sizeof r->line);
    trace_add(t, &r->n_fields, sizeof r->n_fields);
    for (size_t i = 0; i < r->n_fields; i++) {
        trace_add(t, &r->fields[i].n, sizeof r->fields[i].n);
        trace_add(t, r->fields[i].p, r->fields[i].n);
        CHECK(r->fields[i].p[r->fields[i].n] == '\0');
    }
    return 0;
}

/* Reads path with and without the fast path; true when rows, lines and
 * the status are the same. */
static bool same_both_ways(const char *path)
{
    trace t[2] = {{0}};
    int rc[2];
    for (int i = 0; i < 2; i++) {
        wr_csv_handler h = {.on_header = trace_row, .on_row = trace_row, .ctx = &t[i],
                            .libcsv_only = i == 1};
        wr_error err;
        rc[i] = wr_csv_read(path, &h, &err);
    }
    bool same = rc[0] == rc[1] && t[0].len == t[1].len &&
                (t[0].len == 0 || memcmp(t[0].text, t[1].text, t[0].len) == 0);
    free(t[0].text);
    free(t[1].text);
    return same;
}

static bool text_same_both_ways(const char *text, size_t len)
{
    char path[] = "/tmp/wr_csvread_test_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0 && write(fd, text, len) == (ssize_t)len);
    close(fd);
    bool same = same_both_ways(path);
    remove(path);
    return same;
}

static void fast_path_equals_libcsv(void)
{
    static const char *const texts[] = {
        "a,b\n1,2\n",
        "a,b\r\n1,2\r\n3,4",                      /* CRLF, no final newline */
        "a,b\n  \n1,2\n",                          /* blanks only (D28, D200) */
        "a,b\n1,2\n \t",                           /* blanks only, last line */
        "a\n \t \nx\n",                            /* one column, blanks only */
        "a,b\n , \n\t1\t,\t2 \n",                  /* trimming (D2) */
        "a,b\n\n\r\n\n1,2\n",                        /* blank lines */
        "a,b\n1,\"x\ny\"\n2,3\n",                    /* quoted newline */
        "a,b\r\n\"p\r\nq\",1\r\nr,\"s\"\"t\"\r\n",   /* quoted CRLF, doubled quote */
        "a,b\n1,2\r3,4\r\n5,6\n",                   /* lone CR */
        "a,b\n1,2,3\n,\n,,\n4\n",                   /* field counts */
        "a,b\nx\"y,2\n\"unterminated,3\n4,5\n",      /* quote inside, open quote */
        "\xEF\xBB\xBF" "a,b\n1,2\n",                 /* BOM */
        "a,b\n\xE3\x80\x80\xE5\xBC\xA0,\xEF\xBC\x91\n", /* UTF-8 */
        "a,b\nabcdefghijklmn ,xyz\nabcdefghijklmnopqrstuvwxyzabcd ,e\n", /* a comma the
                                  last look's first bytes see again (a blank before it) */
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        bool same = text_same_both_ways(texts[i], strlen(texts[i]));
        CHECK(same);
        if (!same)
            fprintf(stderr, "    text %zu differs\n", i);
    }
    /* A line cut by the 256 KiB read chunk, and a quoted field across it. */
    size_t chunk = (size_t)1 << 18, len = chunk * 2 + 64;
    char *big = malloc(len);
    CHECK(big != NULL);
    if (!big)
        return;
    for (size_t i = 0; i < len; i++)
        big[i] = i % 40 == 39 ? '\n' : i % 7 == 6 ? ',' : 'a' + (char)(i % 26);
    memcpy(big + chunk - 10, "\"q\n\nq\"", 7);
    CHECK(text_same_both_ways(big, len));
    free(big);
    /* Lines of every length 1 to 70, commas and blanks at random: the
     * fast path's sixteen-byte steps and its last look at a line's last
     * sixteen bytes (a comma before the look's start is not split twice). */
    char lines[80 * 72];
    size_t at = 0;
    uint32_t seed = 99;
    memcpy(lines, "a,b\n", 4);
    at = 4;
    for (size_t n = 1; n <= 70; n++) {
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = (seed >> 16) % 10;
            lines[at++] = r < 3 ? ',' : r == 3 ? ' ' : (char)('a' + r);
        }
        lines[at++] = '\n';
    }
    CHECK(text_same_both_ways(lines, at));
    /* Every file of the fuzz corpus. */
    DIR *top = opendir("testdata/fuzz");
    CHECK(top != NULL);
    int files = 0;
    struct dirent *e, *f;
    while (top && (e = readdir(top)) != NULL) {
        char dir[512];
        snprintf(dir, sizeof dir, "testdata/fuzz/%s", e->d_name);
        DIR *d = e->d_name[0] == '.' ? NULL : opendir(dir);
        while (d && (f = readdir(d)) != NULL) {
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", dir, f->d_name);
            if (f->d_name[0] == '.')
                continue;
            files++;
            bool same = same_both_ways(path);
            CHECK(same);
            if (!same)
                fprintf(stderr, "    %s differs\n", path);
        }
        if (d)
            closedir(d);
    }
    if (top)
        closedir(top);
    CHECK(files > 100);
}

/* A chunk (wr_csv_read_chunk, split in place) read with and without the
 * fast path, each from its own copy of exactly len bytes (a read past
 * them is ASan's to see): true when rows, lines, the end and the status
 * are the same. */
static bool chunk_same_both_ways(const char *text, size_t len, bool last)
{
    trace t[2] = {{0}};
    wr_csv_chunk_end end[2];
    int rc[2];
    for (int i = 0; i < 2; i++) {
        char *copy = malloc(len ? len : 1);
        CHECK(copy != NULL);
        if (!copy)
            return false;
        memcpy(copy, text, len);
        wr_csv_handler h = {.on_row = trace_row, .ctx = &t[i], .libcsv_only = i == 1};
        wr_error err;
        rc[i] = wr_csv_read_chunk(copy, len, last, 7, &h, &end[i], "chunk.csv", &err);
        free(copy);
    }
    bool same = rc[0] == rc[1] && t[0].len == t[1].len &&
                (t[0].len == 0 || memcmp(t[0].text, t[1].text, t[0].len) == 0) &&
                end[0].lines == end[1].lines && end[0].open == end[1].open &&
                end[0].open_offset == end[1].open_offset && end[0].open_line == end[1].open_line;
    free(t[0].text);
    free(t[1].text);
    return same;
}

/* cap bytes for a test's text, the header "a,b\n" (4 bytes) first. */
static char *header_text(size_t cap)
{
    char *text = malloc(cap);
    CHECK(text != NULL);
    if (text)
        memcpy(text, "a,b\n", 4);
    return text;
}

/* Appends a field of n bytes to text at *at: letters, or with a blank
 * (space or tab) at its start or end by kind. */
static void put_test_field(char *text, size_t *at, size_t n, unsigned kind)
{
    for (size_t i = 0; i < n; i++)
        text[(*at)++] = (kind & 1) && i == 0       ? ' '
                        : (kind & 2) && i + 1 == n ? '\t'
                                                   : (char)('a' + (i + n) % 26);
}

/* The many-line fast path (split_lines, D310) against libcsv, both as a
 * stream and as a chunk: fields of 15, 16, 17, 31, 32, 33, 63, 64, 65
 * bytes (a 64-byte step's and its 16-byte loads' edges), blanks to trim
 * at either end, empty fields, CRLF, a lone CR, quotes, blank lines, lines
 * of only blanks, lines past the eight steps it splits itself (512
 * bytes), and every line as a chunk's last. */
static void split_lines_equals_libcsv(void)
{
    static const size_t widths[] = {0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65};
    enum { W = sizeof widths / sizeof widths[0] };
    size_t cap = 1 << 20, at = 4;
    char *text = header_text(cap);
    if (!text)
        return;
    /* every pair of widths, as a line's first and second field, each
     * with every blank kind and with each line end */
    for (size_t i = 0; i < W; i++)
        for (size_t j = 0; j < W; j++)
            for (unsigned kind = 0; kind < 4; kind++) {
                put_test_field(text, &at, widths[i], kind);
                text[at++] = ',';
                put_test_field(text, &at, widths[j], 3 - kind);
                if (kind == 2)
                    text[at++] = '\r';
                text[at++] = '\n';
            }
    /* a comma at every offset 0..130 of a line */
    for (size_t k = 0; k <= 130; k++) {
        put_test_field(text, &at, k, 0);
        text[at++] = ',';
        put_test_field(text, &at, 140 - k, 0);
        text[at++] = '\n';
    }
    /* lines of 500 to 530 bytes (the last steps split here, then fast_line) */
    for (size_t n = 500; n <= 530; n += 3) {
        for (size_t f = 0; f < n / 20; f++) {
            put_test_field(text, &at, 19, f % 4);
            text[at++] = ',';
        }
        text[at++] = '\n';
    }
    /* random lines: letters, commas, blanks, quotes, CR, UTF-8 */
    uint32_t seed = 17;
    for (int line = 0; line < 3000; line++) {
        seed = seed * 1103515245u + 12345u;
        size_t n = (seed >> 16) % 140;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = (seed >> 16) % 100;
            if (r < 15)
                text[at++] = ',';
            else if (r < 21)
                text[at++] = ' ';
            else if (r < 23)
                text[at++] = '\t';
            else if (r == 23 && line % 10 == 0)
                text[at++] = '"';
            else if (r == 24 && line % 10 == 1)
                text[at++] = '\r';
            else if (r < 28) {
                memcpy(text + at, "\xE5\xBC\xA0", 3);
                at += 3;
            } else
                text[at++] = (char)('a' + r % 26);
        }
        if (line % 7 == 3)
            text[at++] = '\r';
        text[at++] = '\n';
    }
    CHECK(at < cap);
    CHECK(text_same_both_ways(text, at));
    /* as chunks of up to nine lines after the header, ending at each
     * line in turn (a chunk's last lines are within a step of its end),
     * ended by the file's end or not */
    size_t starts[8] = {4}, n_lines = 0, failed = 0;
    for (size_t e = 4; e < at; e++) {
        if (text[e] != '\n')
            continue;
        size_t from = starts[n_lines >= 8 ? (n_lines + 1) % 8 : 0];
        if (!chunk_same_both_ways(text + from, e + 1 - from, false) ||
            !chunk_same_both_ways(text + from, e + 1 - from, true))
            failed++;
        n_lines++;
        starts[n_lines % 8] = e + 1;
    }
    CHECK(n_lines > 3500);
    CHECK(failed == 0);
    if (failed)
        fprintf(stderr, "    %zu of %zu chunks differ\n", failed, n_lines);
    free(text);
}

/* ---- where a row's bytes >= 0x80 are (D346) ---- */

typedef struct {
    size_t rows, known, with_high, bad;
} high_tally;

/* Checks a row's recorded high bytes against its span byte by byte:
 * the first and last byte >= 0x80 (both 0 for none), and that checking
 * span[high_from..high_to) alone (wr_utf8_invalid_from, as the inputs
 * do) says what checking the whole span says. */
static int high_row(void *ctx, const wr_row *r)
{
    high_tally *t = ctx;
    t->rows++;
    if (!r->high_known)
        return 0;
    t->known++;
    CHECK(r->span != NULL);
    if (!r->span)
        return 0;
    const unsigned char *u = (const unsigned char *)r->span;
    size_t from = 0, to = 0;
    for (size_t i = 0; i < r->span_n; i++)
        if (u[i] >= 0x80) {
            if (!to)
                from = i;
            to = i + 1;
        }
    bool whole_valid = wr_utf8_invalid_at(r->span, r->span_n, false) == r->span_n;
    bool part_valid = !r->high_to || wr_utf8_invalid_from(r->span, r->high_from, r->high_to,
                                                          false) == r->high_to;
    if (r->high_from != from || r->high_to != to || whole_valid != part_valid) {
        if (t->bad++ < 5)
            fprintf(stderr, "    line %llu: high bytes [%u, %u), byte by byte [%zu, %zu)\n",
                    (unsigned long long)r->line, r->high_from, r->high_to, from, to);
    }
    t->with_high += to != 0;
    return 0;
}

/* Appends a line of n bytes to text at *at: letters and commas, with the
 * bytes of piece (if any) put at offset pos and, with twice, at the
 * line's last bytes too; then LF, or CRLF with crlf. */
static void put_high_line(char *text, size_t *at, size_t n, const char *piece, size_t pos,
                          bool twice, bool crlf)
{
    size_t start = *at, len = piece ? strlen(piece) : 0;
    for (size_t i = 0; i < n; i++)
        text[start + i] = i % 5 == 4 ? ',' : (char)('a' + (i + n) % 26);
    if (len && pos + len <= n)
        memcpy(text + start + pos, piece, len);
    if (twice && len && len <= n)
        memcpy(text + start + n - len, piece, len);
    *at = start + n;
    if (crlf)
        text[(*at)++] = '\r';
    text[(*at)++] = '\n';
}

/* The stream reader's rows of one 64-byte step record where their bytes
 * >= 0x80 are (D346): lines of 1-70 bytes (63 and LF end at the step's
 * last byte; 63 and CRLF, 64 and more, take a second step) with a CJK
 * character, a bad byte (FF), a lone trail (80) or a cut lead (E5 BC) at
 * the first, second, middle, second-to-last and last offsets, alone or
 * with another at the line's end; LF and CRLF; each line after one whose
 * step holds its high bytes (the next line's must be dropped). Every
 * known row is checked by high_row. */
static void high_bytes_recorded(void)
{
    static const char *const pieces[] = {"\xE5\xBC\xA0", "\xFF", "\x80", "\xE5\xBC",
                                         "\xE9\x99\xB6\xE4\xBC\x9F\xE6\x9D\xB0"};
    enum { P = sizeof pieces / sizeof pieces[0] };
    size_t cap = 1 << 20, at = 4;
    char *text = header_text(cap);
    if (!text)
        return;
    for (size_t n = 1; n <= 70; n++)
        for (size_t p = 0; p <= P; p++)
            for (int where = 0; where < 5; where++)
                for (int twice = 0; twice < 2; twice++)
                    for (int crlf = 0; crlf < 2; crlf++) {
                        size_t len = p < P ? strlen(pieces[p]) : 0;
                        size_t pos = where == 0   ? 0
                                     : where == 1 ? 1
                                     : where == 2 ? n / 2
                                     : where == 3 ? (n > len ? n - len - 1 : 0)
                                                  : (n > len ? n - len : 0);
                        put_high_line(text, &at, n, p < P ? pieces[p] : NULL, pos, twice, crlf);
                    }
    /* the last lines: far from the end, so that split_lines takes them */
    for (int i = 0; i < 4; i++)
        put_high_line(text, &at, 60, NULL, 0, false, false);
    CHECK(at < cap);
    char path[] = "/tmp/wr_csvread_test_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0 && write(fd, text, at) == (ssize_t)at);
    close(fd);
    high_tally t = {0};
    wr_csv_handler h = {.on_header = high_row, .on_row = high_row, .ctx = &t};
    wr_error err;
    CHECK(wr_csv_read(path, &h, &err) == 0);
    remove(path);
    CHECK(t.bad == 0);
    if (t.bad)
        fprintf(stderr, "    %zu of %zu known rows wrong\n", t.bad, t.known);
    /* most lines are of one step, most of those hold high bytes */
    CHECK(t.rows > 8000 && t.known > 6000 && t.with_high > 5000);
    /* a chunk's rows (split in place) leave it unknown: checked as before */
    high_tally c = {0};
    wr_csv_handler hc = {.on_row = high_row, .ctx = &c};
    wr_csv_chunk_end end;
    CHECK(wr_csv_read_chunk(text + 4, at - 4, true, 2, &hc, &end, "chunk.csv", &err) == 0);
    CHECK(c.rows > 8000 && c.known == 0);
    free(text);
}

/* ---- a chunk's line of one step: its commas (D382) ---- */

typedef struct {
    const char *text, *orig; /* the chunk as split and as it was */
    size_t rows, with_commas, bad;
} comma_tally;

static int comma_row(void *ctx, const wr_row *r)
{
    comma_tally *t = ctx;
    t->rows++;
    if (!r->commas || r->span_n >= 63)
        return 0; /* not a line of one step's (par_parse takes none) */
    t->with_commas++;
    const char *line = t->orig + (r->span - t->text);
    uint64_t want = 0;
    for (size_t k = 0; k < r->span_n; k++)
        if (line[k] == ',')
            want |= (uint64_t)1 << k;
    t->bad += r->commas != want || r->n_fields != (size_t)__builtin_popcountll(want) + 1;
    return 0;
}

/* wr_row.commas of a chunk's rows: random lines of 1-80 bytes (letters,
 * commas, blanks, tabs, high bytes, NULs; LF or CRLF): each row of a
 * line under 63 bytes that has them holds exactly its line's commas. */
static void chunk_commas_recorded(void)
{
    static const char bytes[] = "abc,,, \t\xE5\x80\0x";
    size_t cap = 1 << 20, at = 0;
    char *text = malloc(cap), *orig = malloc(cap);
    if (!text || !orig) {
        free(text);
        free(orig);
        CHECK(false);
        return;
    }
    memcpy(text, "a,b\n", 4);
    at = 4;
    srand(382);
    for (int i = 0; i < 20000 && at + 100 < cap; i++) {
        size_t n = 1 + (size_t)rand() % 80;
        for (size_t k = 0; k < n; k++)
            text[at++] = bytes[(size_t)rand() % (sizeof bytes - 1)];
        if (rand() % 4 == 0)
            text[at++] = '\r';
        text[at++] = '\n';
    }
    memcpy(orig, text, at);
    comma_tally t = {.text = text, .orig = orig};
    wr_csv_handler h = {.on_row = comma_row, .ctx = &t};
    wr_csv_chunk_end end;
    wr_error err;
    CHECK(wr_csv_read_chunk(text + 4, at - 4, true, 2, &h, &end, "chunk.csv", &err) == 0);
    CHECK(t.bad == 0);
    if (t.bad)
        fprintf(stderr, "    %zu of %zu rows' commas wrong\n", t.bad, t.with_commas);
    CHECK(t.rows > 19000 && t.with_commas > 8000);
    free(text);
    free(orig);
}

/* ---- out of memory in a line split in place (D267, D275) ---- */

/* Not under a sanitizer: its runtime owns realloc. */
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define WR_TEST_REALLOC_FAULT 1

/* While realloc_fail_at is k > 0, the k-th realloc call from then on
 * fails as out of memory would; every other call is the allocator's
 * (the next definition: jemalloc's as the program links it, or the C
 * library's). csvread's buffers grow by realloc (types/buf.c). */
static long realloc_fail_at, realloc_calls;

void *realloc(void *p, size_t n)
{
    static void *(*next)(void *, size_t);
    if (!next)
        next = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
    if (realloc_fail_at > 0 && ++realloc_calls == realloc_fail_at)
        return NULL;
    return next(p, n);
}

enum { WIDE_FIELDS = 300 }; /* more than the reader's first 256 field slots */

/* A row of the wide chunk: field i of line 1 + r is "r.i". */
static int wide_row(void *ctx, const wr_row *r)
{
    int *rows = ctx;
    bool right = r->line == 1 + (uint64_t)*rows && r->n_fields == WIDE_FIELDS;
    for (size_t i = 0; right && i < r->n_fields; i++) {
        char want[32];
        snprintf(want, sizeof want, "%d.%zu", *rows, i);
        right = wr_str_is(r->fields[i], want);
    }
    CHECK(right);
    (*rows)++;
    return 0;
}

/* wr_csv_read_chunk over two lines of 300 fields, the k-th realloc from
 * its start failing, for each k: the reader's field slots grow at the
 * first field and again after the 256th, when 256 commas of the line are
 * already NULs. It must deliver every row right and return 0, or return
 * WR_ENOMEM having delivered no wrong row; never hand the split line to
 * libcsv (which would read one field over the NULs: a row of 45). */
static void chunk_out_of_memory(void)
{
    char text[2 * WIDE_FIELDS * 10], copy[sizeof text];
    size_t len = 0;
    for (int line = 0; line < 2; line++)
        for (int i = 0; i < WIDE_FIELDS; i++)
            len += (size_t)snprintf(text + len, sizeof text - len, "%d.%d%c", line, i,
                                    i + 1 < WIDE_FIELDS ? ',' : '\n');
    int refused_split = 0, whole = 0;
    for (long k = 1; k <= 12; k++) {
        memcpy(copy, text, len);
        int rows = 0;
        wr_csv_handler h = {.on_row = wide_row, .ctx = &rows};
        wr_csv_chunk_end end;
        wr_error err;
        realloc_calls = 0;
        realloc_fail_at = k;
        int rc = wr_csv_read_chunk(copy, len, true, 1, &h, &end, "wide.csv", &err);
        realloc_fail_at = 0;
        CHECK(rc == 0 || rc == WR_ENOMEM);
        if (rc == 0)
            whole += rows == 2;
        else if (memcmp(copy, text, len) != 0)
            refused_split++; /* the failure came after the split began */
    }
    CHECK(whole > 0);         /* a k past the reader's allocations */
    CHECK(refused_split > 0); /* a k inside a line split in place */
}
#endif

int main(void)
{
    char path[] = "/tmp/wr_csvread_test_XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    CHECK(f != NULL);
    if (!f)
        return CHECK_DONE();
    fputs("\xEF\xBB\xBF" "a,b\r\n"
          " x ,1\r\n"              /* line 2 */
          "\"multi\nline\",2\n"    /* line 3, spans to 4 */
          "\n"                     /* line 5: blank, not a row */
          "y,\"q\"\"uote\"\n"      /* line 6 */
          "z\n"                    /* line 7: one field */
          "last,9", f);            /* line 8, no final newline */
    fclose(f);
    wr_csv_handler h = {.on_header = on_header, .on_row = on_row};
    wr_error err;
    CHECK(wr_csv_read(path, &h, &err) == 0);
    CHECK(n_rows == 5);
    CHECK(lines[0] == 2 && strcmp(first[0], "x") == 0);
    CHECK(lines[1] == 3 && strcmp(first[1], "multi\nline") == 0);
    CHECK(lines[2] == 6);
    CHECK(lines[3] == 7 && widths[3] == 1);
    CHECK(lines[4] == 8 && strcmp(first[4], "last") == 0);
    remove(path);
    CHECK(wr_csv_read("/nonexistent/no-such-file.csv", &h, &err) == WR_EINPUT);
    CHECK(strstr(err.message, "no-such-file.csv: cannot open") != NULL);
    lone_cr_lines();
    whitespace_lines();
    fast_path_equals_libcsv();
    split_lines_equals_libcsv();
    high_bytes_recorded();
    chunk_commas_recorded();
#ifdef WR_TEST_REALLOC_FAULT
    chunk_out_of_memory();
#endif
    return CHECK_DONE();
}
