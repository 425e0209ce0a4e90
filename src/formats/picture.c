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
#include <stdio.h>
#include <string.h>

#include "format.h"

/* ---- dates and periods ---- */

typedef struct {
    int year, month, day, hour, minute, second; /* -1 when not in the value */
} when;

typedef struct segment {
    const char *p, *end;
    const struct segment *next;
} segment;

typedef struct {
    const char *token;
    int min_digits, max_digits;
    size_t slot; /* offset in `when` */
} date_token;

static const date_token tokens[] = {
    {"YYYY", 4, 4, offsetof(when, year)},  {"MM", 2, 2, offsetof(when, month)},
    {"M", 1, 2, offsetof(when, month)},    {"DD", 2, 2, offsetof(when, day)},
    {"D", 1, 2, offsetof(when, day)},      {"hh", 2, 2, offsetof(when, hour)},
    {"h", 1, 2, offsetof(when, hour)},     {"mm", 2, 2, offsetof(when, minute)},
    {"ss", 2, 2, offsetof(when, second)},
};
#define N_TOKENS (sizeof tokens / sizeof tokens[0])

static const date_token *token_at(const char *p, const char *end)
{
    for (size_t i = 0; i < N_TOKENS; i++) {
        size_t n = strlen(tokens[i].token);
        if ((size_t)(end - p) >= n && memcmp(p, tokens[i].token, n) == 0)
            return &tokens[i];
    }
    return NULL;
}

/* The ']' closing the '[' at p, or NULL. */
static const char *group_end(const char *p, const char *end)
{
    int depth = 0;
    for (; p < end; p++) {
        if (*p == '[')
            depth++;
        else if (*p == ']' && --depth == 0)
            return p;
    }
    return NULL;
}

/* Matches the value s..send against the segments g (a picture and what
 * follows it); an optional part is tried with, then without. */
static bool match(const segment *g, const char *s, const char *send, when *w)
{
    if (!g)
        return s == send;
    const char *p = g->p;
    if (p == g->end)
        return match(g->next, s, send, w);
    if (*p == '[') {
        const char *close = group_end(p, g->end);
        segment rest = {close + 1, g->end, g->next};
        segment inner = {p + 1, close, &rest};
        when saved = *w;
        if (match(&inner, s, send, w))
            return true;
        *w = saved;
        return match(&rest, s, send, w);
    }
    const date_token *t = token_at(p, g->end);
    if (!t) {
        segment next = {p + 1, g->end, g->next};
        return s < send && *s == *p && match(&next, s + 1, send, w);
    }
    int v = 0, n = 0;
    while (n < t->max_digits && s + n < send && s[n] >= '0' && s[n] <= '9')
        v = v * 10 + (s[n++] - '0');
    if (n < t->min_digits)
        return false;
    *(int *)((char *)w + t->slot) = v;
    segment next = {p + strlen(t->token), g->end, g->next};
    return match(&next, s + n, send, w);
}

/* Which fields a picture can fill, and whether its brackets balance. */
static bool scan_picture(const char *pic, when *has)
{
    memset(has, 0, sizeof *has);
    int depth = 0;
    const char *end = pic + strlen(pic);
    for (const char *p = pic; p < end;) {
        if (*p == '[' || *p == ']') {
            depth += *p == '[' ? 1 : -1;
            if (depth < 0)
                return false;
            p++;
            continue;
        }
        const date_token *t = token_at(p, end);
        if (t) {
            *(int *)((char *)has + t->slot) += 1;
            p += strlen(t->token);
        } else {
            p++;
        }
    }
    return depth == 0;
}

static bool date_picture_valid(const char *pic, bool period)
{
    when has;
    if (!scan_picture(pic, &has) || has.year != 1 || has.month != 1)
        return false;
    if (period)
        return has.day == 0 && has.hour == 0 && has.minute == 0 && has.second == 0;
    return has.day == 1 && has.hour <= 1 && has.minute == has.hour && has.second <= has.minute;
}

static size_t apply_date(const char *pic, const char *s, size_t n, bool period, char *out,
                         size_t cap)
{
    when w = {-1, -1, -1, -1, -1, -1};
    segment g = {pic, pic + strlen(pic), NULL};
    if (!match(&g, s, s + n, &w))
        return 0;
    int len;
    if (period)
        len = snprintf(out, cap, "%04d-%02d", w.year, w.month);
    else if (w.hour < 0 || w.minute < 0)
        len = snprintf(out, cap, "%04d-%02d-%02d", w.year, w.month, w.day);
    else if (w.second < 0)
        len = snprintf(out, cap, "%04d-%02d-%02d %02d:%02d", w.year, w.month, w.day, w.hour,
                       w.minute);
    else
        len = snprintf(out, cap, "%04d-%02d-%02d %02d:%02d:%02d", w.year, w.month, w.day, w.hour,
                       w.minute, w.second);
    return len > 0 && (size_t)len < cap ? (size_t)len : 0;
}

/* ---- money ---- */

typedef struct {
    const char *prefix, *suffix;
    size_t prefix_n, suffix_n;
    char group; /* 0: digits are not grouped */
} money_style;

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool money_style_of(const char *pic, money_style *m)
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
    *m = (money_style){pic, pic + last + 1, first, n - last - 1, 0};
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
    return dots <= 1 && m->group != '.';
}

static size_t apply_money(const char *pic, const char *s, size_t n, char *out, size_t cap)
{
    money_style m;
    if (!money_style_of(pic, &m))
        return 0;
    if (m.prefix_n && n >= m.prefix_n && memcmp(s, m.prefix, m.prefix_n) == 0) {
        s += m.prefix_n;
        n -= m.prefix_n;
    }
    if (m.suffix_n && n >= m.suffix_n && memcmp(s + n - m.suffix_n, m.suffix, m.suffix_n) == 0)
        n -= m.suffix_n;
    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    size_t i = 0, o = 0, run = 0;
    bool grouped = false;
    for (; i < n && s[i] != '.'; i++) {
        if (is_digit(s[i])) {
            run++;
        } else if (m.group && s[i] == m.group) {
            /* 1,234,567: 1-3 digits first, then groups of exactly 3 */
            if (run == 0 || run > 3 || (grouped && run != 3))
                return 0;
            grouped = true;
            run = 0;
            continue;
        } else {
            return 0;
        }
        if (o + 1 >= cap)
            return 0;
        out[o++] = s[i];
    }
    if (run == 0 || (grouped && run != 3))
        return 0;
    if (i < n) { /* the dot and the decimals */
        if (i + 1 == n || o + (n - i) >= cap)
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

bool wr_picture_valid(wr_fmt_style style, const char *picture)
{
    money_style m;
    switch (style) {
    case STYLE_DATE:
        return date_picture_valid(picture, false);
    case STYLE_PERIOD:
        return date_picture_valid(picture, true);
    case STYLE_MONEY:
        return money_style_of(picture, &m);
    case STYLE_NONE:
        break;
    }
    return true;
}

size_t wr_picture_apply(wr_fmt_style style, const char *picture, const char *s, size_t n,
                        char *out, size_t out_cap)
{
    switch (style) {
    case STYLE_DATE:
    case STYLE_PERIOD:
        return apply_date(picture, s, n, style == STYLE_PERIOD, out, out_cap);
    case STYLE_MONEY:
        return apply_money(picture, s, n, out, out_cap);
    case STYLE_NONE:
        break;
    }
    return 0;
}
