/* Unit tests for the shared text writers of src/io/outfile.c: HTML
 * escaping (report.html) beside the JSON and CSV cells. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "io/outfile.h"

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

int main(void)
{
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
