/*
 * Pictures: a descriptor writes a local style as an example of itself.
 *
 *   date/period  YYYY MM DD hh mm ss (exactly that many digits), M D h (one
 *                or two digits), [ ... ] an optional part, anything else
 *                literal: YYYYMMDD, YYYY/MM/DD, YYYY年MM月DD日,
 *                YYYY/MM/DD[ hh:mm[:ss]], YYYY年MM月.
 *   money        an amount as the file writes it: 1,234.50 (digits grouped
 *                by a separator), 1234.50元 or ¥1234.50 (a suffix or prefix
 *                that may be left out), 1234.50; or digits with implied
 *                decimals: `fen` (645000 is 6450.00 yuan), `implied:N`
 *                (N = 0-6 decimals: implied:3 reads 厘, thousandths).
 *
 * A value is rewritten into the canonical text of RULES section 1
 * (YYYY-MM-DD[ HH:MM[:SS]], YYYY-MM, yuan digits with a dot). Nothing is
 * range-checked here: the canonical parser does that, so 20261332 becomes
 * 2026-13-32 and is rejected BAD_DATE as the canonical file would be. A
 * value that does not fit the picture is passed on as written (DECISIONS
 * D37): the canonical parser accepts it only when it is canonical already.
 */
#include <string.h>

#include "../types/money.h"
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

/* The picture as written, optional parts marked: the input of expand(). */
typedef struct {
    uint8_t kind, byte, slot, min_digits, max_digits;
    uint8_t close; /* STEP_OPEN: index of its STEP_CLOSE */
} raw_step;

typedef struct {
    raw_step steps[64];
    int n;
} raw_picture;

/* Fills the fast path of alternative a when its fields are all of fixed
 * width (YYYY: 4 digits; MM DD hh mm ss: 2, what read_date assumes) and
 * it fits WR_PICTURE_MAX_STEPS bytes. */
static void fixed_template(wr_picture *pic, int a)
{
    int n = 0;
    uint8_t lit[WR_PICTURE_MAX_STEPS] = {0}, lit_mask[WR_PICTURE_MAX_STEPS] = {0};
    uint8_t digit_mask[WR_PICTURE_MAX_STEPS] = {0};
    for (int i = 0; i < pic->n_steps[a]; i++) {
        const wr_picture_step *st = &pic->steps[a][i];
        int width = st->kind == STEP_BYTE ? 1 : st->max_digits;
        if (st->kind != STEP_BYTE && st->min_digits != st->max_digits)
            return;
        if (n + width > WR_PICTURE_MAX_STEPS)
            return;
        if (st->kind != STEP_BYTE) {
            pic->fixed_fields[a].from[st->slot] = (uint8_t)n;
            pic->fixed_fields[a].n[st->slot] = (uint8_t)width;
        }
        for (int k = 0; k < width; k++, n++) {
            if (st->kind == STEP_BYTE) {
                lit[n] = st->byte;
                lit_mask[n] = 0xFF;
            } else {
                digit_mask[n] = 0xFF;
            }
        }
    }
    memcpy(pic->fixed_lit[a], lit, sizeof lit);
    memcpy(pic->fixed_lit_mask[a], lit_mask, sizeof lit_mask);
    memcpy(pic->fixed_digit_mask[a], digit_mask, sizeof digit_mask);
    pic->fixed_len[a] = (uint8_t)n;
}

/* s[0..n) as little-endian words, zero past n (n <= 32): whole words
 * loaded as such, the last part word from the 8 bytes that end at n. */
static inline __attribute__((always_inline)) void load_words(const char *s, size_t n, uint64_t w[WR_PICTURE_MAX_STEPS / 8])
{
    size_t k = 0;
    for (; 8 * k + 8 <= n; k++)
        memcpy(&w[k], s + 8 * k, 8);
    size_t rest = n - 8 * k;
    if (rest == 0)
        return;
    if (n >= 8) {
        uint64_t t;
        memcpy(&t, s + n - 8, 8);
        w[k] = t >> (8 * (8 - rest));
    } else {
        w[k] = 0;
        memcpy(&w[k], s, n);
    }
}

typedef wr_picture_fields captures;

/* The fast path: s[0..n) (n the alternative's fixed length) against
 * alternative a, eight bytes at a time; a byte b is a digit when b ^ '0'
 * is 0-9, so its high nibble is 0 and adding 6 does not reach 0x10. */
static inline __attribute__((always_inline)) bool fixed_match(const wr_picture *pic, int a, const char *s, size_t n)
{
    uint64_t w[WR_PICTURE_MAX_STEPS / 8] = {0};
    load_words(s, n, w);
    for (size_t k = 0; k * 8 < n; k++) {
        uint64_t t = (w[k] ^ 0x3030303030303030ull) & pic->fixed_digit_mask[a][k];
        if (((w[k] ^ pic->fixed_lit[a][k]) & pic->fixed_lit_mask[a][k]) ||
            (t & 0xF0F0F0F0F0F0F0F0ull) || ((t + 0x0606060606060606ull) & 0x1010101010101010ull))
            return false;
    }
    return true;
}

/* Writes every alternative of raw[i..] after the `len` steps in cur:
 * an optional part taken first, then left out (the order they are tried
 * in, so the longest reading wins). False when there are too many. */
static bool expand(const raw_picture *raw, int i, wr_picture_step *cur, int len, wr_picture *pic)
{
    for (; i < raw->n; i++) {
        const raw_step *r = &raw->steps[i];
        if (r->kind == STEP_CLOSE)
            continue;
        if (r->kind == STEP_OPEN) {
            wr_picture_step copy[WR_PICTURE_MAX_STEPS];
            memcpy(copy, cur, (size_t)len * sizeof *cur);
            return expand(raw, i + 1, cur, len, pic) && expand(raw, r->close + 1, copy, len, pic);
        }
        if (len == WR_PICTURE_MAX_STEPS)
            return false;
        cur[len++] = (wr_picture_step){r->kind, r->byte, r->slot, r->min_digits, r->max_digits};
    }
    if (pic->n_alts == WR_PICTURE_MAX_ALTS)
        return false;
    int lo = 0, hi = 0;
    for (int k = 0; k < len; k++) {
        lo += cur[k].kind == STEP_BYTE ? 1 : cur[k].min_digits;
        hi += cur[k].kind == STEP_BYTE ? 1 : cur[k].max_digits;
    }
    int a = pic->n_alts++;
    memcpy(pic->steps[a], cur, (size_t)len * sizeof *cur);
    pic->min_len[a] = (uint8_t)lo; /* at most 32 steps of at most 4 bytes */
    pic->max_len[a] = (uint8_t)hi;
    pic->n_steps[a] = (uint8_t)len;
    fixed_template(pic, a);
    return true;
}

/* Compiles a date or period picture; checks it names the fields it must
 * (in every alternative: a time of day comes whole or not at all). */
static bool compile_date(const char *text, bool period, wr_picture *pic)
{
    raw_picture raw = {.n = 0};
    uint8_t open[64];
    int depth = 0;
    for (const char *p = text; *p;) {
        if (raw.n == 64)
            return false;
        raw_step *st = &raw.steps[raw.n];
        memset(st, 0, sizeof *st);
        size_t t = 0;
        while (t < sizeof tokens / sizeof tokens[0] &&
               strncmp(p, tokens[t].token, strlen(tokens[t].token)) != 0)
            t++;
        if (t < sizeof tokens / sizeof tokens[0]) {
            *st = (raw_step){STEP_DIGITS, 0, tokens[t].slot, tokens[t].min_digits,
                             tokens[t].max_digits, 0};
            p += strlen(tokens[t].token);
        } else if (*p == '[') {
            st->kind = STEP_OPEN;
            open[depth++] = (uint8_t)raw.n;
            p++;
        } else if (*p == ']') {
            if (depth == 0)
                return false;
            st->kind = STEP_CLOSE;
            raw.steps[open[--depth]].close = (uint8_t)raw.n;
            p++;
        } else {
            st->kind = STEP_BYTE;
            st->byte = (uint8_t)*p++;
        }
        raw.n++;
    }
    wr_picture_step cur[WR_PICTURE_MAX_STEPS];
    if (depth != 0 || !expand(&raw, 0, cur, 0, pic))
        return false;
    for (int a = 0; a < pic->n_alts; a++) {
        int count[N_SLOTS] = {0};
        for (int i = 0; i < pic->n_steps[a]; i++)
            if (pic->steps[a][i].kind == STEP_DIGITS)
                count[pic->steps[a][i].slot]++;
        bool ok = count[YEAR] == 1 && count[MONTH] == 1;
        if (period)
            ok = ok && count[DAY] == 0 && count[HOUR] == 0 && count[MINUTE] == 0 &&
                 count[SECOND] == 0;
        else
            ok = ok && count[DAY] == 1 && count[HOUR] <= 1 && count[MINUTE] == count[HOUR] &&
                 count[SECOND] <= count[MINUTE];
        if (!ok)
            return false;
    }
    return true;
}

/* Matches s[0..n) against one alternative; fills c. */
static bool match(const wr_picture_step *steps, int n_steps, const char *s, size_t n, captures *c)
{
    size_t pos = 0;
    memset(c->n, 0, sizeof c->n);
    for (int i = 0; i < n_steps; i++) {
        const wr_picture_step *st = &steps[i];
        if (st->kind == STEP_BYTE) {
            if (pos == n || (uint8_t)s[pos] != st->byte)
                return false;
            pos++;
            continue;
        }
        size_t start = pos, most = n - pos < st->max_digits ? n - pos : st->max_digits;
        while (pos - start < most && (unsigned)(s[pos] - '0') <= 9)
            pos++;
        if (pos - start < st->min_digits)
            return false;
        c->from[st->slot] = (uint8_t)start; /* values are short: max_len fits a byte */
        c->n[st->slot] = (uint8_t)(pos - start);
    }
    return pos == n;
}

/* Writes a field's digits (of the value s) zero-padded to `width`. */
static char *put_field(char *o, const char *s, const captures *c, int slot, int width)
{
    for (int i = c->n[slot]; i < width; i++)
        *o++ = '0';
    memcpy(o, s + c->from[slot], c->n[slot]);
    return o + c->n[slot];
}

/* Finds the alternative s[0..n) matches, in order (a fixed one by its
 * fast path), and where its fields' digits are (in *scratch or in the
 * picture). NULL: none matches. */
static inline __attribute__((always_inline)) const captures *match_date(const wr_picture *pic, const char *s, size_t n,
                                  captures *scratch)
{
    for (int a = 0; a < pic->n_alts; a++) {
        if (n < pic->min_len[a] || n > pic->max_len[a])
            continue; /* cannot match */
        if (pic->fixed_len[a]) {
            if (fixed_match(pic, a, s, n)) /* n is its fixed length */
                return &pic->fixed_fields[a];
        } else if (match(pic->steps[a], pic->n_steps[a], s, n, scratch)) {
            return scratch;
        }
    }
    return NULL;
}

static size_t apply_date(const wr_picture *pic, const char *s, size_t n, char *out, size_t cap)
{
    captures scratch;
    const captures *c = cap < 20 ? NULL : match_date(pic, s, n, &scratch);
    if (!c)
        return 0;
    char *o = put_field(out, s, c, YEAR, 4);
    *o++ = '-';
    o = put_field(o, s, c, MONTH, 2);
    if (pic->style == STYLE_DATE) {
        *o++ = '-';
        o = put_field(o, s, c, DAY, 2);
        if (c->n[HOUR] && c->n[MINUTE]) {
            *o++ = ' ';
            o = put_field(o, s, c, HOUR, 2);
            *o++ = ':';
            o = put_field(o, s, c, MINUTE, 2);
            if (c->n[SECOND]) {
                *o++ = ':';
                o = put_field(o, s, c, SECOND, 2);
            }
        }
    }
    return (size_t)(o - out);
}

static inline int two_digits(const char *p)
{
    return (p[0] - '0') * 10 + (p[1] - '0');
}

static inline int four_digits(const char *p)
{
    return two_digits(p) * 100 + two_digits(p + 2);
}

/* A field's number: its digits, as put_field would write them. */
static inline __attribute__((always_inline)) int number(const char *s, const captures *c, int slot)
{
    const char *p = s + c->from[slot];
    switch (c->n[slot]) {
    case 0:
        return 0;
    case 2: /* the usual widths, without a loop */
        return two_digits(p);
    case 4:
        return four_digits(p);
    default: {
        int v = 0;
        for (int i = 0; i < c->n[slot]; i++)
            v = v * 10 + (p[i] - '0');
        return v;
    }
    }
}

/* apply_date's numbers instead of its text. */
static bool read_date(const wr_picture *pic, const char *s, size_t n, wr_typed *out)
{
    captures scratch;
    const captures *c = match_date(pic, s, n, &scratch);
    if (!c)
        return false;
    out->kind = pic->style == STYLE_DATE ? WR_TYPED_DATE : WR_TYPED_PERIOD;
    if (c != &scratch) { /* a fixed alternative: YYYY, then two digits a field */
        const char *p = s;
        out->year = four_digits(p + c->from[YEAR]);
        out->month = two_digits(p + c->from[MONTH]);
        if (pic->style == STYLE_DATE) {
            out->day = two_digits(p + c->from[DAY]);
            out->has_time = c->n[HOUR] && c->n[MINUTE];
            out->hour = out->has_time ? two_digits(p + c->from[HOUR]) : 0;
            out->minute = out->has_time ? two_digits(p + c->from[MINUTE]) : 0;
            out->second = c->n[SECOND] ? two_digits(p + c->from[SECOND]) : 0;
        }
        return true;
    }
    out->year = number(s, c, YEAR);
    out->month = number(s, c, MONTH);
    if (pic->style == STYLE_DATE) {
        out->day = number(s, c, DAY);
        out->has_time = c->n[HOUR] && c->n[MINUTE];
        out->hour = number(s, c, HOUR);
        out->minute = number(s, c, MINUTE);
        out->second = number(s, c, SECOND);
    }
    return true;
}

/* ---- money ---- */

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static size_t apply_money(const wr_picture *m, const char *s, size_t n, char *out, size_t cap,
                          int64_t *fen, bool *fen_ok);

/* The longest implied-decimal picture: implied:6. */
#define MAX_IMPLIED 6

static bool compile_money(const char *pic, wr_picture *m)
{
    if (strcmp(pic, "fen") == 0) {
        m->implied = 2 + 1;
        return true;
    }
    if (strncmp(pic, "implied:", 8) == 0) {
        if (pic[8] < '0' || pic[8] > '0' + MAX_IMPLIED || pic[9])
            return false;
        m->implied = (uint8_t)(pic[8] - '0' + 1);
        return true;
    }
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
    if (dots > 1)
        return false;
    /* DECISIONS D91: the picture must read as the amount it shows, so a
     * decimal comma (1.234,50) or other grouping (12,34.50) is refused
     * at load, never taken as 1,234.50 */
    char text[64];
    int64_t fen;
    bool fen_ok;
    return last - first < sizeof text &&
           apply_money(m, pic + first, last - first + 1, text, sizeof text, &fen, &fen_ok) > 0 &&
           fen_ok;
}

/* Strips the picture's prefix and suffix (either may be left out) and
 * blanks around the amount. */
static void strip_money(const wr_picture *m, const char **s, size_t *n)
{
    const char *p = *s;
    size_t len = *n;
    if (m->prefix_n && len >= m->prefix_n && memcmp(p, m->prefix, m->prefix_n) == 0) {
        p += m->prefix_n;
        len -= m->prefix_n;
    }
    if (m->suffix_n && len >= m->suffix_n && memcmp(p + len - m->suffix_n, m->suffix, m->suffix_n) == 0)
        len -= m->suffix_n;
    while (len && (*p == ' ' || *p == '\t')) {
        p++;
        len--;
    }
    while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
        len--;
    *s = p;
    *n = len;
}

/* Digits with N implied decimals (`fen`: N = 2) as yuan text: 645000 is
 * 6450.00, 5 is 0.05; leading zeros dropped (a zero-padded field), and of
 * more than two decimals the trailing zeros (implied:3 1234560 is
 * 1234.56; 1234567 stays 1234.567, which RULES section 1 rejects). */
static size_t apply_implied(const wr_picture *m, const char *s, size_t n, char *out, size_t cap,
                            int64_t *fen, bool *fen_ok)
{
    size_t dec = (size_t)m->implied - 1;
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[i]))
            return 0;
    while (n > 1 && s[0] == '0') {
        s++;
        n--;
    }
    if (n + dec + 3 > cap)
        return 0;
    char *o = out;
    if (n > dec) {
        memcpy(o, s, n - dec);
        o += n - dec;
    } else {
        *o++ = '0';
    }
    size_t keep = dec;
    while (keep > 2 && (dec - keep >= n ? '0' : s[n - 1 - (dec - keep)]) == '0')
        keep--;
    if (keep)
        *o++ = '.';
    for (size_t k = 0; k < keep; k++) /* decimal k: digit n - dec + k, or a leading 0 */
        *o++ = n + k >= dec ? s[n + k - dec] : '0';
    *fen_ok = wr_parse_fen(out, (size_t)(o - out), fen);
    return (size_t)(o - out);
}

/* Also the fen wr_parse_fen would read from the text written (*fen_ok
 * false when it would fail), found while writing it. */
static size_t apply_money(const wr_picture *m, const char *s, size_t n, char *out, size_t cap,
                          int64_t *fen, bool *fen_ok)
{
    *fen_ok = false;
    if (m->implied)
        return apply_implied(m, s, n, out, cap, fen, fen_ok);
    /* affixes and blanks are rare: one test for the usual case */
    if (m->prefix_n || m->suffix_n || (n && ((unsigned char)s[0] <= ' ' || (unsigned char)s[n - 1] <= ' ')))
        strip_money(m, &s, &n);
    if (n >= cap)
        return 0;
    const char *p = s, *end = s + n;
    char *o = out;
    uint64_t v = 0; /* unsigned: past INT64_MAX it may wrap, `big` says so */
    bool big = false, grouped = false;
    unsigned run = 0; /* digits since the start or the last group separator */
    for (; p < end; p++) {
        unsigned digit = (unsigned char)*p - '0';
        if (digit <= 9) {
            big |= v > (uint64_t)(INT64_MAX - 9) / 10;
            v = v * 10 + digit;
            *o++ = *p;
            run++;
            continue;
        }
        if (!m->group || *p != m->group)
            break;
        /* 1,234,567: 1-3 digits first, then groups of exactly 3 */
        if (run == 0 || run > 3 || (grouped && run != 3))
            return 0;
        grouped = true;
        run = 0;
    }
    if (run == 0 || (grouped && run != 3))
        return 0;
    int64_t frac = 0;
    if (p < end) { /* the dot and the decimals */
        if (*p != '.' || p + 1 == end)
            return 0;
        *o++ = '.';
        size_t decimals = (size_t)(end - p - 1);
        for (p++; p < end; p++) {
            unsigned digit = (unsigned char)*p - '0';
            if (digit > 9)
                return 0;
            *o++ = *p;
        }
        if (decimals > 2)
            big = true; /* more than two decimals: not fen */
        else
            frac = (*(end - decimals) - '0') * 10 + (decimals == 2 ? end[-1] - '0' : 0);
    }
    if (!big && v <= (uint64_t)(INT64_MAX - frac) / 100) {
        *fen = (int64_t)v * 100 + frac;
        *fen_ok = true;
    }
    return (size_t)(o - out);
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

size_t wr_picture_apply_money(const wr_picture *pic, const char *s, size_t n, char *out,
                              size_t out_cap, int64_t *fen, bool *fen_ok)
{
    *fen_ok = false;
    return pic->style == STYLE_MONEY ? apply_money(pic, s, n, out, out_cap, fen, fen_ok) : 0;
}

size_t wr_picture_apply(const wr_picture *pic, const char *s, size_t n, char *out, size_t out_cap)
{
    int64_t fen;
    bool fen_ok;
    switch (pic->style) {
    case STYLE_DATE:
    case STYLE_PERIOD:
        return apply_date(pic, s, n, out, out_cap);
    case STYLE_MONEY:
        return apply_money(pic, s, n, out, out_cap, &fen, &fen_ok);
    case STYLE_NONE:
        break;
    }
    return 0;
}

bool wr_picture_read(const wr_picture *pic, const char *s, size_t n, wr_typed *out)
{
    char text[64];
    out->kind = WR_TYPED_NONE;
    switch (pic->style) {
    case STYLE_MONEY:
        if (apply_money(pic, s, n, text, sizeof text, &out->fen, &out->readable) == 0)
            return false;
        out->kind = WR_TYPED_MONEY;
        return true;
    case STYLE_DATE:
    case STYLE_PERIOD:
        return read_date(pic, s, n, out);
    case STYLE_NONE:
        break;
    }
    return false;
}
