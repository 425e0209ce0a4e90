/*
 * Pictures: a descriptor writes a local style as an example of itself.
 *
 *   date/period  YYYY MM DD hh mm ss (exactly that many digits), M D h (one
 *                or two digits), [ ... ] an optional part, anything else
 *                literal: YYYYMMDD, YYYY/MM/DD, YYYY年MM月DD日,
 *                YYYY/MM/DD[ hh:mm[:ss]], YYYY年MM月.
 *   money        an amount as the file writes it: 1,234.50 (digits grouped
 *                by a separator), 1234.50元 or ¥1234.50 (a suffix or prefix
 *                that may be left out), 1234.50.
 *
 * A value is rewritten into the canonical text of RULES section 1
 * (YYYY-MM-DD[ HH:MM[:SS]], YYYY-MM, yuan digits with a dot). Nothing is
 * range-checked here: the canonical parser does that, so 20261332 becomes
 * 2026-13-32 and is rejected BAD_DATE as the canonical file would be. A
 * value that does not fit the picture is passed on as written (DECISIONS
 * D37): the canonical parser accepts it only when it is canonical already.
 */
#include <string.h>

#include "format.h"

/* ---- dates and periods ---- */

enum { STEP_BYTE, STEP_DIGITS, STEP_OPEN, STEP_CLOSE };
enum { YEAR, MONTH, DAY, HOUR, MINUTE, SECOND, N_SLOTS };

typedef struct {
    const char *token;
    uint8_t slot, min_digits, max_digits;
} date_token;

static const date_token tokens[] = {
    {"YYYY", YEAR, 4, 4}, {"MM", MONTH, 2, 2},  {"M", MONTH, 1, 2},
    {"DD", DAY, 2, 2},    {"D", DAY, 1, 2},     {"hh", HOUR, 2, 2},
    {"h", HOUR, 1, 2},    {"mm", MINUTE, 2, 2}, {"ss", SECOND, 2, 2},
};

/* A list of steps [from, to) and what follows it. */
typedef struct segment {
    uint8_t from, to;
    const struct segment *next;
} segment;

/* Matches the value s..send against the segments g (a picture and what
 * follows it); an optional part is tried with, then without. */
static bool match(const wr_picture *pic, const segment *g, const char *s, const char *send,
                  int *v)
{
    if (!g)
        return s == send;
    if (g->from == g->to)
        return match(pic, g->next, s, send, v);
    const wr_picture_step *st = &pic->steps[g->from];
    segment next = {(uint8_t)(g->from + 1), g->to, g->next};
    switch (st->kind) {
    case STEP_BYTE:
        return s < send && (uint8_t)*s == st->byte && match(pic, &next, s + 1, send, v);
    case STEP_OPEN: {
        segment rest = {(uint8_t)(st->close + 1), g->to, g->next};
        segment inner = {(uint8_t)(g->from + 1), st->close, &rest};
        int saved[N_SLOTS];
        memcpy(saved, v, sizeof saved);
        if (match(pic, &inner, s, send, v))
            return true;
        memcpy(v, saved, sizeof saved);
        return match(pic, &rest, s, send, v);
    }
    case STEP_DIGITS: {
        int value = 0, n = 0;
        while (n < st->max_digits && s + n < send && s[n] >= '0' && s[n] <= '9')
            value = value * 10 + (s[n++] - '0');
        if (n < st->min_digits)
            return false;
        v[st->slot] = value;
        return match(pic, &next, s + n, send, v);
    }
    }
    return match(pic, &next, s, send, v); /* STEP_CLOSE */
}

/* Compiles a date or period picture; checks it names the fields it must. */
static bool compile_date(const char *text, bool period, wr_picture *pic)
{
    int count[N_SLOTS] = {0};
    uint8_t open[WR_PICTURE_MAX_STEPS];
    int depth = 0;
    for (const char *p = text; *p;) {
        if (pic->n_steps == WR_PICTURE_MAX_STEPS)
            return false;
        wr_picture_step *st = &pic->steps[pic->n_steps];
        memset(st, 0, sizeof *st);
        size_t t = 0;
        while (t < sizeof tokens / sizeof tokens[0] &&
               strncmp(p, tokens[t].token, strlen(tokens[t].token)) != 0)
            t++;
        if (t < sizeof tokens / sizeof tokens[0]) {
            *st = (wr_picture_step){STEP_DIGITS, 0, tokens[t].slot, tokens[t].min_digits,
                                    tokens[t].max_digits, 0};
            count[tokens[t].slot]++;
            p += strlen(tokens[t].token);
        } else if (*p == '[') {
            st->kind = STEP_OPEN;
            open[depth++] = pic->n_steps;
            p++;
        } else if (*p == ']') {
            if (depth == 0)
                return false;
            st->kind = STEP_CLOSE;
            pic->steps[open[--depth]].close = pic->n_steps;
            p++;
        } else {
            st->kind = STEP_BYTE;
            st->byte = (uint8_t)*p++;
        }
        pic->n_steps++;
    }
    if (depth != 0 || count[YEAR] != 1 || count[MONTH] != 1)
        return false;
    if (period)
        return count[DAY] == 0 && count[HOUR] == 0 && count[MINUTE] == 0 && count[SECOND] == 0;
    return count[DAY] == 1 && count[HOUR] <= 1 && count[MINUTE] == count[HOUR] &&
           count[SECOND] <= count[MINUTE];
}

/* Writes v as `digits` decimal digits. */
static char *put_digits(char *o, int v, int digits)
{
    for (int i = digits - 1; i >= 0; i--) {
        o[i] = (char)('0' + v % 10);
        v /= 10;
    }
    return o + digits;
}

static size_t apply_date(const wr_picture *pic, const char *s, size_t n, char *out, size_t cap)
{
    int v[N_SLOTS] = {-1, -1, -1, -1, -1, -1};
    segment g = {0, pic->n_steps, NULL};
    if (cap < 20 || !match(pic, &g, s, s + n, v))
        return 0;
    char *o = put_digits(out, v[YEAR], 4);
    *o++ = '-';
    o = put_digits(o, v[MONTH], 2);
    if (pic->style == STYLE_DATE) {
        *o++ = '-';
        o = put_digits(o, v[DAY], 2);
        if (v[HOUR] >= 0 && v[MINUTE] >= 0) {
            *o++ = ' ';
            o = put_digits(o, v[HOUR], 2);
            *o++ = ':';
            o = put_digits(o, v[MINUTE], 2);
            if (v[SECOND] >= 0) {
                *o++ = ':';
                o = put_digits(o, v[SECOND], 2);
            }
        }
    }
    return (size_t)(o - out);
}

/* ---- money ---- */

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool compile_money(const char *pic, wr_picture *m)
{
    size_t n = strlen(pic), first = n, last = 0;
    for (size_t i = 0; i < n; i++) {
        if (is_digit(pic[i])) {
            if (first == n)
                first = i;
            last = i;
        }
    }
    if (first == n)
        return false;
    m->prefix = pic;
    m->prefix_n = first;
    m->suffix = pic + last + 1;
    m->suffix_n = n - last - 1;
    int dots = 0;
    for (size_t i = first; i <= last; i++) {
        if (is_digit(pic[i]))
            continue;
        if (pic[i] == '.')
            dots++;
        else if (!m->group || m->group == pic[i])
            m->group = pic[i];
        else
            return false;
    }
    return dots <= 1;
}

static size_t apply_money(const wr_picture *m, const char *s, size_t n, char *out, size_t cap)
{
    if (m->prefix_n && n >= m->prefix_n && memcmp(s, m->prefix, m->prefix_n) == 0) {
        s += m->prefix_n;
        n -= m->prefix_n;
    }
    if (m->suffix_n && n >= m->suffix_n && memcmp(s + n - m->suffix_n, m->suffix, m->suffix_n) == 0)
        n -= m->suffix_n;
    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n >= cap)
        return 0;
    size_t i = 0, o = 0, run = 0;
    bool grouped = false;
    for (; i < n && s[i] != '.'; i++) {
        if (is_digit(s[i])) {
            run++;
            out[o++] = s[i];
        } else if (m->group && s[i] == m->group) {
            /* 1,234,567: 1-3 digits first, then groups of exactly 3 */
            if (run == 0 || run > 3 || (grouped && run != 3))
                return 0;
            grouped = true;
            run = 0;
        } else {
            return 0;
        }
    }
    if (run == 0 || (grouped && run != 3))
        return 0;
    if (i < n) { /* the dot and the decimals */
        if (i + 1 == n)
            return 0;
        out[o++] = '.';
        for (i++; i < n; i++) {
            if (!is_digit(s[i]))
                return 0;
            out[o++] = s[i];
        }
    }
    return o;
}

bool wr_picture_compile(wr_fmt_style style, const char *text, wr_picture *pic)
{
    memset(pic, 0, sizeof *pic);
    pic->style = style;
    switch (style) {
    case STYLE_DATE:
    case STYLE_PERIOD:
        return compile_date(text, style == STYLE_PERIOD, pic);
    case STYLE_MONEY:
        return compile_money(text, pic);
    case STYLE_NONE:
        break;
    }
    return true;
}

size_t wr_picture_apply(const wr_picture *pic, const char *s, size_t n, char *out, size_t out_cap)
{
    switch (pic->style) {
    case STYLE_DATE:
    case STYLE_PERIOD:
        return apply_date(pic, s, n, out, out_cap);
    case STYLE_MONEY:
        return apply_money(pic, s, n, out, out_cap);
    case STYLE_NONE:
        break;
    }
    return 0;
}
