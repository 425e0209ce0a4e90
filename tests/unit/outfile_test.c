/* Unit tests for the shared text writers of src/io/outfile.c: HTML
 * escaping (report.html) beside the JSON and CSV cells, written to a FILE
 * (chunk by chunk through a stack buffer) and to a line in memory (D286). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "io/outfile.h"
#include "rules/flags.h"
#include "types/strings.h"

/* Runs a writer into a memory buffer and compares with want. */
static int html_is(const char *in, size_t n, const char *want)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    wr_html_text(f, in, n);
    fclose(f);
    int ok = strcmp(buf, want) == 0;
    if (!ok)
        fprintf(stderr, "html(%s) = [%s], want [%s]\n", in, buf, want);
    free(buf);
    return ok;
}

static int html_all(const char *in, const char *want)
{
    return html_is(in, strlen(in), want);
}

enum { JSON, CSV, EXCEL };

/* One cell or string by the FILE writer and by the wr_buf writer (after
 * "x" already in the line): both must give want. */
static int cell_is(int how, const char *in, const char *want)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    wr_buf line = {0};
    bool appended = wr_buf_append(&line, "x", 1);
    if (how == JSON) {
        wr_json_string(f, in);
        appended = appended && wr_buf_json_string(&line, in);
    } else if (how == CSV) {
        wr_csv_cell(f, in);
        appended = appended && wr_buf_csv_cell(&line, in, strlen(in));
    } else {
        wr_csv_id_cell(f, in, true);
        appended = appended && wr_buf_csv_id_cell(&line, in, true);
    }
    fclose(f);
    int ok = appended && strcmp(buf, want) == 0 && line.len == strlen(want) + 1 &&
             memcmp(line.p + 1, want, line.len - 1) == 0;
    if (!ok)
        fprintf(stderr, "cell %d (%.40s...): FILE [%.60s...] (%zu), line (%zu), want [%.60s...] (%zu)\n",
                how, in, buf, len, line.len, want, strlen(want));
    free(buf);
    free(line.p);
    return ok;
}

/* A long text: n copies of unit, then tail. */
static char *repeat(const char *unit, size_t n, const char *tail)
{
    size_t u = strlen(unit), t = strlen(tail);
    char *s = malloc(u * n + t + 1), *p = s;
    for (size_t i = 0; i < n; i++, p += u)
        memcpy(p, unit, u);
    memcpy(p, tail, t + 1);
    return s;
}

static int long_cells(void)
{
    int ok = 1;
    /* FILE chunks of 512 (JSON) and 256 (CSV) bytes: escapes and a
     * three-byte character across each boundary. */
    for (size_t lead = 500; lead < 520; lead++) {
        char *in = repeat("a", lead, "\"\x01金\xff\\z"), *want = repeat("a", lead, "");
        char *w = malloc(strlen(want) + 64);
        sprintf(w, "\"%s\\\"\\u0001金\\ufffd\\\\z\"", want);
        ok &= cell_is(JSON, in, w);
        free(in), free(want), free(w);
    }
    for (size_t lead = 250; lead < 260; lead++) {
        char *in = repeat("a", lead, "\"b,\""), *want = repeat("a", lead, "");
        char *w = malloc(strlen(want) + 64);
        sprintf(w, "\"%s\"\"b,\"\"\"", want);
        ok &= cell_is(CSV, in, w);
        sprintf(w, "\"=\"\"%s\"\"\"\"b,\"\"\"\"\"\"\"", want);
        ok &= cell_is(EXCEL, in, w);
        free(in), free(want), free(w);
    }
    char *quotes = repeat("\"", 300, ""), *doubled = repeat("\"\"", 300, "");
    char *w = malloc(700);
    sprintf(w, "\"%s\"", doubled);
    ok &= cell_is(CSV, quotes, w);
    free(quotes), free(doubled), free(w);
    return ok;
}

/* report.html's cell in one write when it fits (D287): the text across
 * the 512-byte chunk's end, with the tags around it. */
static int html_wrapped_long(void)
{
    int ok = 1;
    for (size_t lead = 460; lead < 520; lead++) {
        char *in = repeat("a", lead, "<金\xff'b"), *as = repeat("a", lead, "");
        char *want = malloc(lead + 64), *buf = NULL;
        sprintf(want, "<td class=\"num\">%s&lt;金\xEF\xBF\xBD&#39;b</td></tr>\n", as);
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        wr_html_wrapped(f, "<td class=\"num\">", in, strlen(in), "</td></tr>\n");
        fclose(f);
        if (strcmp(buf, want) != 0) {
            fprintf(stderr, "wrapped, lead %zu: [...%s], want [...%s]\n", lead,
                    buf + (len > 40 ? len - 40 : 0), want + lead);
            ok = 0;
        }
        free(in), free(as), free(want), free(buf);
    }
    return ok;
}

static int int_is(int64_t v, const char *want)
{
    char buf[21];
    char *end = wr_format_int(v, buf);
    return strcmp(buf, want) == 0 && end == buf + strlen(want);
}

/* A flags.jsonl line built in memory: the first key without a comma,
 * null, a number, a string (D286). */
static int jsonl_line(void)
{
    wr_flag_cells c = {0};
    c.cell[0] = "00ab";
    c.cell[13] = "7";
    c.numeric[13] = true;
    c.cell[15] = "a\"b";
    wr_buf line = {0};
    bool ok = wr_flag_cells_jsonl(&line, &c) && wr_buf_append(&line, "", 1);
    const char *want = "{\"flag_id\":\"00ab\",\"kind\":null,\"severity\":null,"
                       "\"project_id\":null,\"employer_id\":null,\"worker_id\":null,"
                       "\"worker_name\":null,\"period\":null,\"due_date\":null,\"owed\":null,"
                       "\"paid\":null,\"paid_on_time\":null,\"shortfall\":null,\"days_late\":7,"
                       "\"days_overdue\":null,\"detail\":\"a\\\"b\",\"basis\":null}\n";
    ok = ok && strcmp(line.p, want) == 0;
    if (!ok)
        fprintf(stderr, "jsonl line [%s]\n", line.p ? line.p : "");
    free(line.p);
    return ok;
}

int main(void)
{
    CHECK(cell_is(JSON, "", "\"\""));
    CHECK(cell_is(JSON, "金燕 ok", "\"金燕 ok\""));
    CHECK(cell_is(JSON, "q\"b\\", "\"q\\\"b\\\\\""));
    CHECK(cell_is(JSON, "\x01\t\x1f\x7f", "\"\\u0001\\u0009\\u001f\x7f\""));
    CHECK(cell_is(JSON, "x\xffy\xe9\x87", "\"x\\ufffdy\\ufffd\\ufffd\""));
    CHECK(cell_is(CSV, "plain", "plain"));
    CHECK(cell_is(CSV, "", ""));
    CHECK(cell_is(CSV, "a,b", "\"a,b\""));
    CHECK(cell_is(CSV, "say \"hi\"\n", "\"say \"\"hi\"\"\n\""));
    CHECK(cell_is(EXCEL, "0123456789012345678", "\"=\"\"0123456789012345678\"\"\""));
    CHECK(cell_is(EXCEL, "a\"b", "\"=\"\"a\"\"\"\"b\"\"\""));
    CHECK(cell_is(EXCEL, "", ""));
    CHECK(long_cells());
    CHECK(html_wrapped_long());
    CHECK(int_is(0, "0"));
    CHECK(int_is(42, "42"));
    CHECK(int_is(-7, "-7"));
    CHECK(int_is(INT_MAX, "2147483647"));
    CHECK(int_is(INT_MIN, "-2147483648"));
    CHECK(int_is(UINT32_MAX, "4294967295"));
    CHECK(int_is(INT64_MIN, "-9223372036854775808"));
    CHECK(jsonl_line());
    CHECK(html_all("金燕", "金燕"));
    CHECK(html_all("<b>&\"'", "&lt;b&gt;&amp;&quot;&#39;"));
    CHECK(html_all("a\tb\nc\x7f", "abc"));          /* control characters dropped */
    CHECK(html_all("x\xff y", "x\xEF\xBF\xBD y"));  /* invalid byte -> U+FFFD */
    CHECK(html_all("\xe9\x87", "\xEF\xBF\xBD\xEF\xBF\xBD")); /* truncated sequence */
    CHECK(html_is("0115", 2, "01"));                /* n bytes only */
    CHECK(html_is("\xe9\x87\x91", 2, "\xEF\xBF\xBD\xEF\xBF\xBD")); /* cut inside a character */
    CHECK(html_all("", ""));
    /* plain runs (one write each, D279) around escapes, bad bytes, a NUL */
    CHECK(html_all("ab<cd>ef", "ab&lt;cd&gt;ef"));
    CHECK(html_all("金\xff燕&x", "金\xEF\xBF\xBD燕&amp;x"));
    CHECK(html_all("run\tend", "runend"));
    CHECK(html_is("ab\0cd", 5, "ab"));            /* a NUL ends the text */
    CHECK(html_is("abc\xe9\x87", 5, "abc\xEF\xBF\xBD\xEF\xBF\xBD"));
    return CHECK_DONE();
}
