/* The escapers of src/io/outfile.c by runs (D358) against the byte-by-byte
 * escapers of D286 they replaced, kept here as the reference: JSON strings,
 * HTML text (whole and cut at n) and CSV cells, by the FILE writers (chunk
 * by chunk) and the line writers (wr_buf). Every byte value at every
 * place of short and long texts, ASCII and UTF-8 (names of three-byte
 * characters), then random texts across the chunks' ends; and whole
 * flags.csv records and flags.jsonl lines (D361) against D286's cell by
 * cell. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "io/outfile.h"
#include "rules/flags.h"

/* ---- D286's escapers, as they were (the reference) ---- */

static bool ref_csv_needs_quotes(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
            return true;
    return false;
}

static int ref_utf8_len(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    int n = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 && s[0] < 0xE0 ? 2 : 0;
    if (s[0] > 0xF4)
        return 0;
    for (int i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

/* The whole of each reference's output into out (room enough). */
static size_t ref_csv_cell(const char *s, size_t n, char *out)
{
    if (!ref_csv_needs_quotes(s, n)) {
        memcpy(out, s, n);
        return n;
    }
    char *o = out;
    *o++ = '"';
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            *o++ = '"';
        *o++ = s[i];
    }
    *o++ = '"';
    return (size_t)(o - out);
}

static size_t ref_json_string(const char *s, char *out)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    char *o = out;
    *o++ = '"';
    while (*u) {
        size_t plain = 0;
        while (u[plain] >= 0x20 && u[plain] < 0x80 && u[plain] != '"' && u[plain] != '\\')
            plain++;
        if (plain) {
            memcpy(o, u, plain);
            o += plain;
            u += plain;
        } else if (*u == '"' || *u == '\\') {
            *o++ = '\\';
            *o++ = (char)*u++;
        } else if (*u < 0x20) {
            memcpy(o, "\\u00", 4);
            o[4] = hex[*u >> 4];
            o[5] = hex[*u & 15];
            o += 6;
            u++;
        } else {
            int n = ref_utf8_len(u);
            if (n == 0) {
                memcpy(o, "\\ufffd", 6);
                o += 6;
                u++;
            } else {
                memcpy(o, u, (size_t)n);
                o += n;
                u += n;
            }
        }
    }
    *o++ = '"';
    return (size_t)(o - out);
}

static size_t ref_html(const char *s, size_t n, char *out)
{
    const unsigned char *u = (const unsigned char *)s, *s_end = u + n;
    char *o = out;
    while (u < s_end && *u) {
        if (*u >= 0x20 && *u < 0x7F && *u != '&' && *u != '<' && *u != '>' && *u != '"' &&
            *u != '\'') {
            *o++ = (char)*u++;
            continue;
        }
        int len = ref_utf8_len(u);
        if (len == 0 || u + len > s_end) {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
            u++;
            continue;
        }
        const char *entity = *u == '&'    ? "&amp;"
                             : *u == '<'  ? "&lt;"
                             : *u == '>'  ? "&gt;"
                             : *u == '"'  ? "&quot;"
                             : *u == '\'' ? "&#39;"
                             : *u < 0x80  ? ""
                                          : NULL;
        if (entity) {
            o = stpcpy(o, entity);
        } else {
            memcpy(o, u, (size_t)len);
            o += len;
        }
        u += len;
    }
    return (size_t)(o - out);
}

/* An Excel identifier cell as D163 wrote it: ="s" quoted, each " as """". */
static size_t ref_excel_cell(const char *s, char *out)
{
    if (!*s)
        return 0;
    char *o = stpcpy(out, "\"=\"\"");
    for (; *s; s++)
        o = *s == '"' ? stpcpy(o, "\"\"\"\"") : (*o++ = *s, o);
    return (size_t)(stpcpy(o, "\"\"\"") - out);
}

/* ---- the writers under test, against the reference ---- */

/* One memory stream for all the FILE writers' output: each text's bytes
 * are what the stream grew by. */
static FILE *mem;
static char *mem_buf;
static size_t mem_len, mem_seen;

static bool mem_took(const char *want, size_t n) /* call it after every writer */
{
    fflush(mem);
    bool same = mem_len - mem_seen == n && memcmp(mem_buf + mem_seen, want, n) == 0;
    mem_seen = mem_len;
    return same;
}

static char *want;
static wr_buf line;
static long texts, bad_json, bad_html, bad_csv;

static void report(const char *what, const char *s, size_t n)
{
    fprintf(stderr, "%s differs from D286's for [", what);
    for (size_t i = 0; i < n && i < 40; i++)
        fprintf(stderr, "%02x", (unsigned char)s[i]);
    fprintf(stderr, "%s] (%zu bytes)\n", n > 40 ? "..." : "", n);
}

/* s[0..n), NUL-terminated at n (s[n] == 0; JSON stops at a NUL before,
 * CSV by length does not), through every writer; html_n
 * bytes of it (<= n) through the HTML writer as well. */
static void compare(const char *s, size_t n, size_t html_n)
{
    texts++;
    /* JSON */
    size_t w = ref_json_string(s, want);
    line.len = 0;
    wr_json_string(mem, s);
    bool ok = mem_took(want, w) && wr_buf_json_string(&line, s) && line.len == w &&
              memcmp(line.p, want, w) == 0;
    if (!ok && bad_json++ < 5)
        report("JSON", s, n);
    /* CSV */
    w = ref_csv_cell(s, n, want);
    line.len = 0;
    wr_csv_cell_n(mem, s, n);
    ok = mem_took(want, w) && wr_buf_csv_cell(&line, s, n) && line.len == w &&
         memcmp(line.p, want, w) == 0;
    if (!memchr(s, 0, n)) { /* up to its NUL */
        wr_csv_cell(mem, s);
        ok = mem_took(want, w) && ok;
    }
    if (!ok && bad_csv++ < 5)
        report("CSV", s, n);
    /* HTML, whole, cut, and wrapped in tags */
    w = ref_html(s, n, want);
    wr_html_text(mem, s, n);
    ok = mem_took(want, w);
    w = ref_html(s, html_n, want);
    wr_html_text(mem, s, html_n);
    ok = mem_took(want, w) && ok;
    memmove(want + 9, want, w);
    memcpy(want, "<td x=\"\">", 9);
    memcpy(want + 9 + w, "</td>\n", 6);
    wr_html_wrapped(mem, "<td x=\"\">", s, html_n, "</td>\n");
    ok = mem_took(want, w + 15) && ok;
    if (!ok && bad_html++ < 5)
        report("HTML", s, n);
}

/* Every byte value 0-255 at every place of texts of `len` bytes made of
 * `base` (an ASCII letter or a UTF-8 character) repeated. */
static void every_byte(const char *base, size_t max_len)
{
    size_t b = strlen(base);
    char s[256];
    for (size_t len = 0; len <= max_len; len++)
        for (size_t at = 0; at < len || (len == 0 && at == 0); at++)
            for (int c = 0; c < 256; c++) {
                for (size_t i = 0; i < len; i++)
                    s[i] = base[i % b];
                if (len)
                    s[at] = (char)c;
                s[len] = '\0';
                compare(s, len, at);
                if (len == 0)
                    break;
            }
}

/* A small generator (xorshift): random texts from bytes that matter. */
static uint64_t rng = 88172645463325252u;
static unsigned next(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (unsigned)(rng >> 32);
}

static char pick(void)
{
    static const char some[] = ",\"\r\n\\&<>'\x7f\x01\x1f\t \x80\xbf\xc2\xdf\xe0\xe9\xed\xef"
                               "\xf0\xf4\xf5\xff\x87\x91";
    switch (next() % 8) {
    case 0:
        return some[next() % (sizeof some - 1)];
    case 1:
        return (char)(1 + next() % 255);
    default:
        return (char)('a' + next() % 26);
    }
}

static void random_texts(int rounds, size_t max_len)
{
    static const char *const names[] = {"金燕", "段小", "覃秀", "PJ00002", "😀"};
    char *s = malloc(max_len + 16);
    for (int r = 0; r < rounds; r++) {
        size_t len = next() % (max_len + 1), n = 0;
        while (n < len) {
            if (next() % 4 == 0) { /* a whole character or an ID */
                const char *name = names[next() % 5];
                size_t k = strlen(name);
                if (n + k > len)
                    break;
                memcpy(s + n, name, k);
                n += k;
            } else {
                s[n++] = pick();
            }
        }
        s[n] = '\0';
        compare(s, n, n ? next() % (n + 1) : 0);
    }
    free(s);
}

/* A flags.csv record and a flags.jsonl line of D286 (a cell at a time)
 * against wr_flag_cells_csv / _jsonl (D361: one call a line): random
 * cells, NULL, empty, numeric, with and without --excel. */
static long lines, bad_lines;

static void compare_line(const wr_flag_cells *c, bool excel)
{
    static const int ids[] = {0, 3, 4, 5, 7}; /* flag_id, project, employer, worker, period */
    char *o = want;
    for (int i = 0; i < WR_FLAG_COLUMNS; i++) {
        bool id = false;
        for (size_t k = 0; k < sizeof ids / sizeof ids[0]; k++)
            id |= ids[k] == i;
        if (i)
            *o++ = ',';
        if (c->cell[i])
            o += excel && id ? ref_excel_cell(c->cell[i], o)
                             : ref_csv_cell(c->cell[i], strlen(c->cell[i]), o);
    }
    *o++ = '\n';
    lines++;
    line.len = 3; /* after what the buffer held */
    bool ok = wr_flag_cells_csv(&line, c, excel) && line.len == 3 + (size_t)(o - want) &&
              memcmp(line.p + 3, want, line.len - 3) == 0;
    o = stpcpy(want, "{");
    for (int i = 0; i < WR_FLAG_COLUMNS; i++) {
        o += sprintf(o, "%s\"%s\":", i ? "," : "", wr_flag_column_names[i]);
        if (!c->cell[i])
            o = stpcpy(o, "null");
        else if (c->numeric[i])
            o = stpcpy(o, c->cell[i]);
        else
            o += ref_json_string(c->cell[i], o);
    }
    o = stpcpy(o, "}\n");
    line.len = 3;
    ok = ok && wr_flag_cells_jsonl(&line, c) && line.len == 3 + (size_t)(o - want) &&
         memcmp(line.p + 3, want, line.len - 3) == 0;
    if (!ok && bad_lines++ < 5)
        fprintf(stderr, "a flag's line differs from D286's: [%.*s]\n", (int)(o - want), want);
}

static void random_lines(int rounds)
{
    char text[WR_FLAG_COLUMNS][160];
    for (int r = 0; r < rounds; r++) {
        wr_flag_cells c;
        memset(&c, 0, sizeof c);
        for (int i = 0; i < WR_FLAG_COLUMNS; i++) {
            unsigned how = next() % 8;
            size_t len = how == 0 ? 0 : next() % (how < 6 ? 24 : 150);
            for (size_t k = 0; k < len; k++)
                text[i][k] = how < 4 ? (char)('0' + next() % 10) : pick();
            text[i][len] = '\0';
            c.cell[i] = how == 7 && r % 3 ? NULL : text[i];
            c.numeric[i] = how < 4 && next() % 2;
        }
        compare_line(&c, r % 4 == 0);
    }
}

int main(void)
{
    want = malloc(1 << 16);
    mem = open_memstream(&mem_buf, &mem_len);
    wr_buf_append(&line, "abc", 3);
    every_byte("a", 40);
    every_byte("金", 40); /* 3-byte characters, each byte replaced in turn */
    every_byte("é", 20);
    every_byte("😀", 20);
    random_texts(200000, 100);
    random_texts(3000, 1500); /* across the FILE writers' chunks (256, 512) */
    random_lines(200000);
    printf("%ld texts, %ld flag lines\n", texts, lines);
    CHECK(bad_json == 0);
    CHECK(bad_csv == 0);
    CHECK(bad_html == 0);
    CHECK(bad_lines == 0);
    if (bad_json || bad_csv || bad_html || bad_lines)
        fprintf(stderr, "unlike D286's: texts JSON %ld, CSV %ld, HTML %ld of %ld; "
                        "lines %ld of %ld\n", bad_json, bad_csv, bad_html, texts, bad_lines, lines);
    fclose(mem);
    free(mem_buf);
    free(want);
    free(line.p);
    return CHECK_DONE();
}
