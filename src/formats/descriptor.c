/*
 * The descriptor parser: one directive per line, words separated by
 * spaces, `"..."` quoting a word that holds spaces or `#` (`""` is a
 * quote), `#` starting a comment. formats/README.md documents the
 * language; every error names the descriptor and its line (exit 2).
 *
 *   wagerecon-format 1
 *   input payments
 *   encoding GB18030
 *   delimited |  [quote double-quote|none]  or: fixed [width N]  or: sheet NAME|N
 *   skip 2
 *   header yes|no
 *   column NAME (header TEXT | field N | bytes A-B | chars A-B | value TEXT|${NAME}
 *               | summary N | compose PART... | derive COLUMN same-month|previous-month)
 *               [date PIC | money PIC | period PIC] [map FROM=TO ...]
 *     PART: field N | header TEXT | summary N | text TEXT
 *   trailer LABEL rows N [total N sum COLUMN]
 *   summary first|label LABEL [rows N] [total N sum COLUMN]
 */
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../io/outfile.h"
#include "../types/error.h"
#include "format.h"

#define MAX_WORDS 256

typedef struct {
    wr_format *f;
    wr_error *err;
    unsigned line;
    size_t line_at;           /* the line's offset in the descriptor */
    char *words[MAX_WORDS];
    size_t word_at[MAX_WORDS], word_len[MAX_WORDS]; /* as written, quotes included */
    size_t n_words;
    bool seen_magic, seen_layout, seen_header;
    const char *derive_names[WR_FMT_MAX_COLUMNS]; /* resolved at the end */
    const char *trailer_sum_name;
    const char *summary_sum_name;
    bool seen_bytes;          /* a `bytes` column: positions count bytes */
} parser;

static int fail(parser *p, const char *fmt, ...)
{
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return wr_errorf(p->err, WR_EINPUT,
                     "%s: line %u: %s", p->f->path, p->line,
                     what);
}

/* Out of memory at the descriptor's current line: WR_ENOMEM. */
static int nomem(parser *p)
{
    return wr_errorf(p->err, WR_ENOMEM, "%s: line %u: out of memory", p->f->path, p->line);
}

/* Splits one line into words (in the arena). Returns 0 or an error. */
static int split_words(parser *p, const char *line)
{
    const char *s = line;
    p->n_words = 0;
    char buf[4096];
    for (;;) {
        while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
            s++;
        if (!*s || *s == '#')
            return 0;
        const char *start = s;
        size_t n = 0;
        if (*s == '"') {
            for (s++;; s++) {
                if (!*s || *s == '\n')
                    return fail(p, "unclosed quote");
                if (*s == '"' && s[1] != '"')
                    break;
                if (*s == '"')
                    s++;
                if (n + 1 >= sizeof buf)
                    return fail(p, "word too long");
                buf[n++] = *s;
            }
            s++;
        } else {
            while (*s && *s != ' ' && *s != '\t' && *s != '\r' && *s != '\n') {
                if (n + 1 >= sizeof buf)
                    return fail(p, "word too long");
                buf[n++] = *s++;
            }
        }
        if (p->n_words == MAX_WORDS)
            return fail(p, "too many words");
        p->word_at[p->n_words] = p->line_at + (size_t)(start - line);
        p->word_len[p->n_words] = (size_t)(s - start);
        if (!(p->words[p->n_words++] = wr_arena_strndup(&p->f->arena, buf, n)))
            return nomem(p);
    }
}

static bool parse_count(const char *s, uint32_t max, uint32_t *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (!*s || *end || errno || v > max || *s == '-' || *s == '+')
        return false;
    *out = (uint32_t)v;
    return true;
}

/* A sheet's column by its letters: A is 1, XFD 16384. */
static bool sheet_column(const char *s, uint32_t *out)
{
    uint32_t col = 0;
    for (const char *c = s; *c; c++)
        if (*c < 'A' || *c > 'Z' || (col = col * 26 + (uint32_t)(*c - 'A' + 1)) > 16384)
            return false;
    *out = col;
    return col > 0;
}

/* A delimiter or quote character: one ASCII byte, or its name. */
static bool parse_char(const char *s, char *out)
{
    static const struct {
        const char *name;
        char c;
    } names[] = {{"tab", '\t'}, {"comma", ','}, {"pipe", '|'}, {"semicolon", ';'}, {"space", ' '},
                 {"double-quote", '"'}, {"single-quote", '\''}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(s, names[i].name) == 0)
            return (*out = names[i].c), true;
    if (strlen(s) != 1 || (unsigned char)s[0] >= 0x80 || s[0] == '\n' || s[0] == '\r')
        return false;
    *out = s[0];
    return true;
}

static int parse_layout(parser *p)
{
    wr_format *f = p->f;
    char **w = p->words;
    if (p->seen_layout)
        return fail(p, "layout given twice");
    p->seen_layout = true;
    if (strcmp(w[0], "sheet") == 0) { /* DECISIONS D110 */
        if (p->n_words != 2)
            return fail(p, "sheet wants one NAME (quoted when it holds a space) or a position N from 1");
        if (f->encoding)
            return fail(p, "a workbook's text is Unicode: no `encoding` with `sheet`");
        f->sheet = true;
        f->encoding = "UTF-8";
        if (!parse_count(w[1], 65535, &f->sheet_index))
            f->sheet_name = w[1];
        else if (f->sheet_index == 0)
            return fail(p, "sheet positions count from 1");
        return 0;
    }
    if (strcmp(w[0], "fixed") == 0) {
        f->fixed = true;
        if (p->n_words == 1)
            return 0;
        if (p->n_words == 3 && strcmp(w[1], "width") == 0 &&
            parse_count(w[2], 1 << 20, &f->width) && f->width > 0)
            return 0;
        return fail(p, "fixed takes only `width N`");
    }
    if (p->n_words < 2 || !parse_char(w[1], &f->delimiter))
        return fail(p, "delimited wants one ASCII character (or tab, comma, pipe, semicolon, "
                       "space)");
    /* Without `quote`, the double quote (formats/README.md, D248): what a
       bank or device CSV export uses, as RFC 4180 does; none when the
       delimiter is itself the double quote. */
    f->quote = f->delimiter == '"' ? 0 : '"';
    if (p->n_words == 2)
        return 0;
    if (p->n_words == 4 && strcmp(w[2], "quote") == 0) {
        if (strcmp(w[3], "none") == 0) {
            f->quote = 0;
            return 0;
        }
        if (parse_char(w[3], &f->quote) && f->quote != f->delimiter)
            return 0;
    }
    return fail(p, "delimited CHAR takes only `quote double-quote`, `quote CHAR` or `quote none`");
}

static int parse_column_options(parser *p, wr_fmt_column *c, size_t i)
{
    static const struct {
        const char *word;
        wr_fmt_style style;
    } styles[] = {{"date", STYLE_DATE}, {"money", STYLE_MONEY}, {"period", STYLE_PERIOD}};
    while (i < p->n_words) {
        const char *w = p->words[i++];
        if (strcmp(w, "map") == 0) {
            if (c->map)
                return fail(p, "column %s: map given twice", c->name);
            size_t first = i;
            while (i < p->n_words && strchr(p->words[i], '='))
                i++;
            if (i == first)
                return fail(p, "column %s: map wants FROM=TO words", c->name);
            wr_fmt_pair *pairs = wr_arena_alloc(&p->f->arena, (i - first) * sizeof *pairs);
            if (!pairs)
                return nomem(p);
            for (size_t k = first; k < i; k++) {
                char *eq = strchr(p->words[k], '=');
                *eq = '\0';
                pairs[k - first] = (wr_fmt_pair){p->words[k], eq + 1, strlen(p->words[k]), strlen(eq + 1)};
            }
            c->map = pairs;
            c->n_map = (uint32_t)(i - first);
            continue;
        }
        size_t s = 0;
        while (s < sizeof styles / sizeof styles[0] && strcmp(w, styles[s].word) != 0)
            s++;
        if (s == sizeof styles / sizeof styles[0])
            return fail(p, "column %s: unknown option %s (date, money, period or map)", c->name, w);
        if (c->style != STYLE_NONE)
            return fail(p, "column %s: one style only", c->name);
        if (i == p->n_words)
            return fail(p, "column %s: %s wants a picture", c->name, w);
        c->style = styles[s].style;
        c->picture = p->words[i++];
        if (!wr_picture_compile(c->style, c->picture, &c->compiled))
            return fail(p, "column %s: bad %s picture %s%s", c->name, w, c->picture,
                        c->style == STYLE_MONEY ? " (groups of three digits, '.' before the "
                                                  "decimals: DECISIONS D91)"
                                                : "");
    }
    return 0;
}

static int parse_compose(parser *p, wr_fmt_column *c, size_t *next);

static int parse_column(parser *p)
{
    wr_format *f = p->f;
    char **w = p->words;
    if (!p->seen_layout)
        return fail(p, "column before the layout (delimited, fixed or sheet)");
    if (p->n_words < 4)
        return fail(p, "column wants NAME and a source (header, field, bytes, value, derive)");
    if (f->n_columns == WR_FMT_MAX_COLUMNS)
        return fail(p, "more than %d columns", WR_FMT_MAX_COLUMNS);
    for (uint32_t i = 0; i < f->n_columns; i++)
        if (strcmp(f->columns[i].name, w[1]) == 0)
            return fail(p, "column %s given twice (first at line %u)", w[1], f->columns[i].line);
    wr_fmt_column *c = &f->columns[f->n_columns];
    memset(c, 0, sizeof *c);
    c->name = w[1];
    c->line = p->line;
    const char *src = w[2], *arg = w[3];
    size_t next = 4;
    if (strcmp(src, "header") == 0) {
        if (f->fixed || !f->header)
            return fail(p, "column %s: `header` needs a delimited layout or a sheet, with `header yes`", c->name);
        c->source = SRC_HEADER;
        c->header = arg;
    } else if (strcmp(src, "field") == 0) {
        if (f->fixed)
            return fail(p, "column %s: `field` needs a delimited layout or a sheet", c->name);
        if (!parse_count(arg, 4096, &c->field) && !(f->sheet && sheet_column(arg, &c->field)))
            c->field = 0;
        if (c->field == 0)
            return fail(p, "column %s: field wants a number from 1%s", c->name,
                        f->sheet ? " or a column letter (A, B, ... XFD)" : "");
        c->source = SRC_FIELD;
        c->field--;
    } else if (strcmp(src, "bytes") == 0 || strcmp(src, "chars") == 0) {
        char *dash = strchr(arg, '-');
        uint32_t a, b;
        bool chars = src[0] == 'c';
        if (!f->fixed)
            return fail(p, "column %s: `%s` needs a fixed layout", c->name, src);
        if (chars ? p->seen_bytes : f->count_chars)
            return fail(p, "column %s: positions count bytes or characters, not both in one "
                           "descriptor", c->name);
        p->seen_bytes |= !chars;
        f->count_chars |= chars;
        if (dash)
            *dash = '\0';
        if (!dash || !parse_count(arg, 1 << 20, &a) || !parse_count(dash + 1, 1 << 20, &b) ||
            a == 0 || b < a)
            return fail(p, "column %s: %s wants FROM-TO (1-based, inclusive)", c->name, src);
        if (f->width && b > f->width)
            return fail(p, "column %s: %s %u-%u pass the width %u", c->name, src, a, b, f->width);
        c->source = SRC_BYTES;
        c->byte_from = a - 1;
        c->byte_to = b;
    } else if (strcmp(src, "value") == 0) {
        const char *name;
        size_t name_n;
        c->source = SRC_VALUE;
        c->value = arg;
        switch (wr_format_param_parse(arg, &name, &name_n)) {
        case -1:
            return fail(p, "column %s: bad parameter %s (a value is a whole ${NAME}, NAME of "
                           "a-z, 0-9 and _, not starting with a digit)", c->name, arg);
        case 1: /* its value comes with wr_format_bind_values */
            if (!(c->param = wr_arena_strndup(&f->arena, name, name_n)))
                return nomem(p);
            c->value = NULL;
            c->param_at = (uint32_t)p->word_at[3];
            c->param_len = (uint32_t)p->word_len[3];
            break;
        }
    } else if (strcmp(src, "summary") == 0) {
        if (!parse_count(arg, 4096, &c->field) || c->field == 0)
            return fail(p, "column %s: summary wants a field number from 1", c->name);
        c->source = SRC_SUMMARY;
        c->field--;
    } else if (strcmp(src, "compose") == 0) {
        int rc = parse_compose(p, c, &next);
        if (rc)
            return rc;
    } else if (strcmp(src, "derive") == 0) {
        if (p->n_words < 5 || (strcmp(w[4], "same-month") && strcmp(w[4], "previous-month")))
            return fail(p, "column %s: derive wants COLUMN same-month|previous-month", c->name);
        c->source = SRC_DERIVE;
        c->derive = strcmp(w[4], "same-month") == 0 ? DERIVE_SAME_MONTH : DERIVE_PREVIOUS_MONTH;
        p->derive_names[f->n_columns] = arg;
        next = 5;
    } else {
        return fail(p, "column %s: unknown source %s (header, field, bytes, chars, value, summary, "
                       "compose, derive)", c->name, src);
    }
    int rc = parse_column_options(p, c, next);
    if (rc)
        return rc;
    if (c->source == SRC_DERIVE && (c->style != STYLE_NONE || c->map))
        return fail(p, "column %s: a derived column takes no style or map", c->name);
    f->n_columns++;
    return 0;
}

/* `compose PART...`: parts up to the first word that is an option
 * (date, money, period, map). */
static int parse_compose(parser *p, wr_fmt_column *c, size_t *next)
{
    wr_format *f = p->f;
    wr_fmt_part parts[WR_FMT_MAX_PARTS];
    size_t i = 3, n = 0;
    while (i < p->n_words && strcmp(p->words[i], "date") && strcmp(p->words[i], "money") &&
           strcmp(p->words[i], "period") && strcmp(p->words[i], "map")) {
        const char *kind = p->words[i];
        if (i + 1 == p->n_words)
            return fail(p, "column %s: compose part %s wants a value", c->name, kind);
        if (n == WR_FMT_MAX_PARTS)
            return fail(p, "column %s: compose takes at most %d parts", c->name, WR_FMT_MAX_PARTS);
        const char *arg = p->words[i + 1];
        wr_fmt_part *part = &parts[n++];
        memset(part, 0, sizeof *part);
        if (strcmp(kind, "field") == 0 || strcmp(kind, "summary") == 0) {
            part->source = kind[0] == 'f' ? SRC_FIELD : SRC_SUMMARY;
            if (!parse_count(arg, 4096, &part->field) &&
                !(f->sheet && part->source == SRC_FIELD && sheet_column(arg, &part->field)))
                part->field = 0;
            if (part->field == 0)
                return fail(p, "column %s: compose %s wants a number from 1", c->name, kind);
            if (part->source == SRC_FIELD && f->fixed)
                return fail(p, "column %s: compose field needs a delimited layout or a sheet", c->name);
            part->field--;
        } else if (strcmp(kind, "header") == 0) {
            if (f->fixed || !f->header)
                return fail(p, "column %s: compose header needs `header yes`", c->name);
            part->source = SRC_HEADER;
            part->text = arg;
        } else if (strcmp(kind, "text") == 0) {
            part->source = SRC_VALUE;
            part->text = arg;
        } else {
            return fail(p, "column %s: unknown compose part %s (field, header, summary, text)",
                        c->name, kind);
        }
        i += 2;
    }
    if (n < 2)
        return fail(p, "column %s: compose wants two parts or more (e.g. summary 2 text - field 2)",
                    c->name);
    wr_fmt_part *kept = wr_arena_alloc(&f->arena, n * sizeof *kept);
    if (!kept)
        return nomem(p);
    memcpy(kept, parts, n * sizeof *kept);
    c->source = SRC_COMPOSE;
    c->parts = kept;
    c->n_parts = (uint32_t)n;
    *next = i;
    return 0;
}

/* `summary first|label LABEL [rows N] [total N sum COLUMN]` (D111). */
static int parse_summary(parser *p)
{
    wr_format *f = p->f;
    char **w = p->words;
    size_t i = 2;
    if (f->summary)
        return fail(p, "summary given twice");
    if (p->n_words >= 2 && strcmp(w[1], "label") == 0 && p->n_words >= 3) {
        f->summary_label = w[2];
        i = 3;
    } else if (p->n_words < 2 || strcmp(w[1], "first") != 0) {
        return fail(p, "summary wants first or label LABEL, then [rows N] [total N sum COLUMN]");
    }
    if (i + 1 < p->n_words && strcmp(w[i], "rows") == 0) {
        if (!parse_count(w[i + 1], 4096, &f->summary_rows_field) || f->summary_rows_field == 0)
            return fail(p, "summary rows wants a field number from 1");
        i += 2;
    }
    if (i + 3 < p->n_words && strcmp(w[i], "total") == 0 && strcmp(w[i + 2], "sum") == 0) {
        if (!parse_count(w[i + 1], 4096, &f->summary_total_field) || f->summary_total_field == 0)
            return fail(p, "summary total wants a field number from 1");
        p->summary_sum_name = w[i + 3];
        i += 4;
    }
    if (i != p->n_words)
        return fail(p, "summary wants first or label LABEL, then [rows N] [total N sum COLUMN]");
    f->summary = true;
    f->summary_line = p->line;
    return 0;
}

static int parse_trailer(parser *p)
{
    wr_format *f = p->f;
    char **w = p->words;
    if (f->trailer)
        return fail(p, "trailer given twice");
    bool ok = (p->n_words == 4 || p->n_words == 8) && strcmp(w[2], "rows") == 0 &&
              parse_count(w[3], 4096, &f->trailer_rows_field) && f->trailer_rows_field > 0;
    if (ok && p->n_words == 8)
        ok = strcmp(w[4], "total") == 0 && strcmp(w[6], "sum") == 0 &&
             parse_count(w[5], 4096, &f->trailer_total_field) && f->trailer_total_field > 0;
    if (!ok)
        return fail(p, "trailer wants LABEL rows N [total N sum COLUMN]");
    f->trailer = true;
    f->trailer_label = w[1];
    f->trailer_line = p->line;
    p->trailer_sum_name = p->n_words == 8 ? w[7] : NULL;
    return 0;
}

static int parse_directive(parser *p)
{
    wr_format *f = p->f;
    char **w = p->words;
    const char *d = w[0];
    if (!p->seen_magic) {
        if (strcmp(d, "wagerecon-format") != 0 || p->n_words != 2 || strcmp(w[1], "1") != 0)
            return fail(p, "a descriptor starts with `wagerecon-format 1`");
        p->seen_magic = true;
        return 0;
    }
    if (strcmp(d, "column") == 0)
        return parse_column(p);
    if (strcmp(d, "trailer") == 0)
        return parse_trailer(p);
    if (strcmp(d, "summary") == 0)
        return parse_summary(p);
    if (strcmp(d, "delimited") == 0 || strcmp(d, "fixed") == 0 || strcmp(d, "sheet") == 0)
        return parse_layout(p);
    static const char *const one_value[] = {"input", "encoding", "skip", "header"};
    size_t k = 0;
    while (k < sizeof one_value / sizeof one_value[0] && strcmp(d, one_value[k]) != 0)
        k++;
    if (k == sizeof one_value / sizeof one_value[0])
        return fail(p, "unknown directive %s", d);
    if (p->n_words != 2)
        return fail(p, "%s wants one value", d);
    if (strcmp(d, "input") == 0) {
        static const char *const inputs[] = {"projects", "contracts", "attendance",
                                             "payments", "min_wage",  "holidays",
                                             "account_txns"};
        for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++)
            if (strcmp(w[1], inputs[i]) == 0)
                return (f->input = w[1]), 0;
        return fail(p, "unknown input %s (projects, contracts, attendance, payments, min_wage, "
                       "holidays, account_txns)", w[1]);
    }
    if (strcmp(d, "encoding") == 0) {
        if (f->sheet)
            return fail(p, "a workbook's text is Unicode: no `encoding` with `sheet`");
        static const char *const encodings[] = {"UTF-8", "GBK", "GB18030"};
        for (size_t i = 0; i < sizeof encodings / sizeof encodings[0]; i++)
            if (strcasecmp(w[1], encodings[i]) == 0)
                return (f->encoding = encodings[i]), 0;
        return fail(p, "unknown encoding %s (UTF-8, GBK, GB18030)", w[1]);
    }
    if (strcmp(d, "skip") == 0) {
        if (!parse_count(w[1], 1000, &f->skip))
            return fail(p, "skip wants a number of lines (0-1000)");
        return 0;
    }
    if (strcmp(d, "header") == 0) {
        if (f->n_columns)
            return fail(p, "header goes before the columns");
        if (strcmp(w[1], "yes") && strcmp(w[1], "no"))
            return fail(p, "header wants yes or no");
        f->header = strcmp(w[1], "yes") == 0;
        p->seen_header = true;
        return 0;
    }
    return fail(p, "unknown directive %s", d);
}

static int find_column(const wr_format *f, const char *name)
{
    for (uint32_t i = 0; i < f->n_columns; i++)
        if (strcmp(f->columns[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* Whole-descriptor checks, after the last line. */
static int finish(parser *p)
{
    wr_format *f = p->f;
    if (!p->seen_magic)
        return fail(p, "empty descriptor (it starts with `wagerecon-format 1`)");
    if (!f->input)
        return fail(p, "no `input` line");
    if (!f->encoding)
        return fail(p, "no `encoding` line");
    if (!p->seen_layout)
        return fail(p, "no layout line (delimited CHAR, fixed or sheet)");
    if (f->fixed && p->seen_header && f->header)
        return fail(p, "a fixed layout has no header to read (skip it with `skip`)");
    if (f->n_columns == 0)
        return fail(p, "no columns");
    for (uint32_t i = 0; i < f->n_columns; i++) {
        wr_fmt_column *c = &f->columns[i];
        if (c->source != SRC_DERIVE)
            continue;
        int from = find_column(f, p->derive_names[i]);
        p->line = c->line;
        if (from < 0 || f->columns[from].source == SRC_DERIVE)
            return fail(p, "column %s: derive from %s, which is not a column here", c->name,
                        p->derive_names[i]);
        c->derive_column = (uint32_t)from;
    }
    if (p->trailer_sum_name) {
        int sum = find_column(f, p->trailer_sum_name);
        p->line = f->trailer_line;
        if (sum < 0)
            return fail(p, "trailer sums %s, which is not a column here", p->trailer_sum_name);
        f->trailer_sum_column = (uint32_t)sum;
    }
    if (p->summary_sum_name) {
        int sum = find_column(f, p->summary_sum_name);
        p->line = f->summary_line;
        if (sum < 0)
            return fail(p, "summary sums %s, which is not a column here", p->summary_sum_name);
        if (p->trailer_sum_name && (uint32_t)sum != f->trailer_sum_column)
            return fail(p, "summary and trailer sum one column, not two");
        f->summary_sum_column = (uint32_t)sum;
    }
    for (uint32_t i = 0; i < f->n_columns; i++) {
        const wr_fmt_column *c = &f->columns[i];
        bool wants = c->source == SRC_SUMMARY;
        for (uint32_t k = 0; k < c->n_parts; k++)
            wants |= c->parts[k].source == SRC_SUMMARY;
        p->line = c->line;
        if (wants && !f->summary)
            return fail(p, "column %s: takes a summary field, but there is no `summary` line", c->name);
    }
    iconv_t cd = iconv_open("UTF-8", f->encoding);
    if (cd == (iconv_t)-1)
        return fail(p, "this system's iconv cannot read %s", f->encoding);
    iconv_close(cd);
    return 0;
}

/* The largest descriptor read, in bytes (a descriptor is a few lines). */
#define MAX_DESCRIPTOR_BYTES (1u << 20)

int wr_format_load(wr_format *f, const wr_format_ref *ref, wr_error *err)
{
    memset(f, 0, sizeof *f);
    wr_arena_init(&f->arena);
    f->path = ref->path;
    f->delimiter = ',';
    f->quote = '"';
    f->header = true;
    FILE *in = fopen(ref->path, "r");
    if (!in) {
        return wr_errorf(err, WR_EINPUT,
                         "%s: cannot open: %s", ref->path,
                         strerror(errno));
    }
    parser p = {.f = f, .err = err};
    char *line = NULL, *text = NULL;
    size_t cap = 0, text_len = 0;
    FILE *kept = open_memstream(&text, &text_len); /* the text, for wr_format_resolved_text */
    int rc = kept ? 0 : nomem(&p);
    ssize_t len;
    while (!rc && (len = getline(&line, &cap, in)) != -1) {
        p.line++;
        if (len > WR_FMT_MAX_LINE || (size_t)len != strlen(line))
            rc = fail(&p, "line too long or holding a NUL byte");
        else if (p.line_at + (size_t)len > MAX_DESCRIPTOR_BYTES)
            rc = fail(&p, "a descriptor holds at most %u bytes", MAX_DESCRIPTOR_BYTES);
        else if (!(rc = split_words(&p, line)) && p.n_words > 0)
            rc = parse_directive(&p);
        if (!rc && fwrite(line, 1, (size_t)len, kept) != (size_t)len)
            rc = nomem(&p);
        p.line_at += (size_t)len;
    }
    free(line);
    fclose(in);
    if (kept && !wr_memstream_close(kept, &text) && !rc)
        rc = nomem(&p);
    if (!rc && !(f->text = wr_arena_strndup(&f->arena, text ? text : "", text_len)))
        rc = nomem(&p);
    f->text_len = text_len;
    free(text);
    if (!rc)
        rc = finish(&p);
    if (!rc)
        rc = wr_format_bind_values(f, ref, err);
    return rc;
}

void wr_format_free(wr_format *f)
{
    wr_arena_free(&f->arena);
}
