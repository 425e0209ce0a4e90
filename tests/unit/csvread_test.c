/* Unit tests: io/csvread.c: start lines across quoted newlines, CRLF,
 * lone CR (DECISIONS D33, also at a read-chunk boundary), BOM, blank
 * lines, trimming (DECISIONS D2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "io/csvread.h"

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

/* Writes text to a temporary file and reads it; returns the status. */
static int read_text(const char *text, size_t len)
{
    char path[] = "/tmp/wr_csvread_test_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0 && write(fd, text, len) == (ssize_t)len);
    close(fd);
    n_rows = 0;
    wr_csv_handler h = {.on_header = on_header, .on_row = on_row};
    wr_error err;
    int rc = wr_csv_read(path, &h, &err);
    remove(path);
    return rc;
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
    return CHECK_DONE();
}
