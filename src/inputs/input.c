#include "input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../formats/format.h"
#include "../io/csvpar.h"
#include "../io/csvread.h"
#include "../io/infile.h"
#include "../core/progress.h"
#include "../core/observer.h"
#include "../core/report_files.h"
#include "../types/error.h"
#include "../types/utf8.h"
#include "columns_parse.h"

typedef struct {
    wr_model *m;
    const wr_input_kind *kind;
    const char *name;        /* base name */
    uint32_t file_index;
    wr_file_stats *stats;
    wr_layout layout;
    bool have_layout;
    int shape;
    wr_value values[WR_MAX_COLUMNS];
    wr_error *err;
    wr_stage_clock clock;    /* progress of this file */
    bool canonical;          /* read as canonical CSV (no descriptor): must be UTF-8 */
} file_reader;

static void on_progress(void *ctx, size_t bytes_read)
{
    file_reader *r = ctx;
    wr_stage_update(&r->clock, bytes_read, r->stats->data_rows);
}

/* The option that takes a descriptor for this kind: "payments" ->
 * "--payments-format", "min_wage" -> "--min-wage-format". */
static void format_option(const wr_input_kind *kind, char *out, size_t cap)
{
    snprintf(out, cap, "--%s-format", kind->role);
    for (char *p = out; *p; p++)
        if (*p == '_')
            *p = '-';
}

/* DECISIONS D80: a canonical CSV input is UTF-8 text. Its first bytes
 * tell a workbook, an archive or a file in another encoding, given
 * without the descriptor that reads it: refused, naming what it looks
 * like and the option that takes a descriptor. */
static int on_start(void *ctx, const char *data, size_t n)
{
    file_reader *r = ctx;
    char opt[40];
    format_option(r->kind, opt, sizeof opt);
    const char *looks = NULL;
    static const char ole[8] = {'\xD0', '\xCF', '\x11', '\xE0', '\xA1', '\xB1', '\x1A', '\xE1'};
    if (n >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
        looks = memmem(data, n, "xl/", 3) || memmem(data, n, "[Content_Types].xml", 19)
                    ? "an Excel workbook (.xlsx)"
                    : "a zip archive";
    else if (n >= 8 && memcmp(data, ole, 8) == 0)
        looks = "an Excel workbook (.xls)";
    if (looks) {
        return wr_errorf(r->err, WR_EINPUT,
                         "%s: not CSV: looks like %s: give a descriptor (%s, formats/README.md) "
                         "or save it as CSV UTF-8",
                         r->name, looks, opt);
    }
    size_t bad = wr_utf8_invalid_at(data, n, true);
    if (bad == n)
        return 0;
    unsigned long long line = 1;
    for (const char *p = data; (p = memchr(p, '\n', (size_t)(data + bad - p))) != NULL; p++)
        line++;
    return wr_errorf(r->err, WR_EINPUT,
                     "%s: line %llu: not UTF-8%s: give a descriptor (%s, formats/README.md) "
                     "or save it as CSV UTF-8",
                     r->name, line, wr_looks_gbk(data, n) ? "; looks like GBK" : "", opt);
}

/* Whether the row's fields lie in order in one buffer, one ASCII byte
 * apart (the CSV readers' buffers: a NUL after each field): then
 * *start..*end is one span to check. */
static bool fields_span(const wr_row *row, const char **start, const char **end)
{
    if (row->span) { /* the reader's word for it */
        *start = row->span;
        *end = row->span + row->span_n;
        return true;
    }
    if (row->n_fields == 0)
        return false;
    const char *s = row->fields[0].p;
    if (!s) /* before any arithmetic on it: NULL + 0 is undefined in C */
        return false;
    const char *e = s + row->fields[0].n;
    for (size_t i = 1; i < row->n_fields; i++) {
        if (row->fields[i].p != e + 1 || (unsigned char)*e >= 0x80)
            return false;
        e = row->fields[i].p + row->fields[i].n;
    }
    *start = s;
    *end = e;
    return true;
}

/* Whether a row the CSV reader split (high_known) is valid UTF-8: the
 * reader saw where its bytes >= 0x80 are (D346), so a row with none is
 * ASCII, and otherwise only span[high_from..high_to) is checked: the
 * bytes around it are ASCII, and a UTF-8 sequence cannot run across an
 * ASCII byte (one cut at high_to, cut_ok false, is as invalid as one that
 * ran into the ASCII byte after it). */
static inline bool high_bytes_valid(const wr_row *row)
{
    return !row->high_to ||
           wr_utf8_invalid_from(row->span, row->high_from, row->high_to, false) == row->high_to;
}

/* field_not_utf8 but for a row the reader split whose high bytes are
 * UTF-8: out of line, so the usual row costs its caller no saved
 * registers (D347). */
__attribute__((noinline)) static int field_not_utf8_slow(const wr_row *row)
{
    const char *start, *end;
    if (!row->high_known && fields_span(row, &start, &end) &&
        wr_utf8_invalid_at(start, (size_t)(end - start), false) == (size_t)(end - start))
        return -1;
    for (size_t i = 0; i < row->n_fields; i++)
        if (wr_utf8_invalid_at(row->fields[i].p, row->fields[i].n, false) != row->fields[i].n)
            return (int)i;
    return -1;
}

/* The first field of a canonical row holding bytes that are not UTF-8
 * (D80), or -1. A UTF-8 sequence cannot run across an ASCII byte, so a
 * span of fields with ASCII between them is valid exactly when each field
 * is: one pass over the row instead of one call per field (issue 17), or
 * over its high bytes only when the reader saw where they are (D346). */
static inline int field_not_utf8(const wr_row *row)
{
    if (row->high_known && high_bytes_valid(row))
        return -1;
    return field_not_utf8_slow(row);
}

/* As field_not_utf8, for a row whose specs in same have the texts of
 * fields checked in the row before: only the other fields are checked
 * (D305). The first bad field is the one field_not_utf8 finds. */
static int changed_field_not_utf8(const wr_layout *L, const wr_row *row, uint32_t same)
{
    if (row->n_fields > 64)
        return field_not_utf8(row);
    uint64_t checked = 0;
    for (uint32_t m = same; m; m &= m - 1) {
        long i = L->header_index[__builtin_ctz(m)];
        if (i >= 0)
            checked |= (uint64_t)1 << i;
    }
    for (size_t i = 0; i < row->n_fields; i++)
        if (!(checked >> i & 1) &&
            wr_utf8_invalid_at(row->fields[i].p, row->fields[i].n, false) != row->fields[i].n)
            return (int)i;
    return -1;
}

/* The kind's columns for this header (attendance: of its shape). */
static const wr_col_spec *kind_specs(const wr_input_kind *kind, const wr_row *header,
                                     size_t *n_specs, int *shape)
{
    *n_specs = kind->n_specs;
    *shape = 0;
    return kind->specs_for ? kind->specs_for(header, n_specs, shape) : kind->specs;
}

bool wr_input_layout_init(const wr_input_kind *kind, const wr_row *header, wr_layout *L,
                          int *shape, const char *file, wr_error *err)
{
    size_t n_specs;
    const wr_col_spec *specs = kind_specs(kind, header, &n_specs, shape);
    return wr_layout_init(L, specs, n_specs, header, file, err);
}

static int on_header(void *ctx, const wr_row *header)
{
    file_reader *r = ctx;
    if (!wr_input_layout_init(r->kind, header, &r->layout, &r->shape, r->name, r->err))
        return WR_EINPUT;
    r->have_layout = true;
    return r->kind->on_header ? r->kind->on_header(r->m, header) : 0;
}

/* A descriptor's picture may hand a value typed, unless the row's
 * canonical text is needed as a whole: rejects.csv's raw column, or a
 * partition writing the row out again. */
static bool takes_typed(void *ctx, size_t field, wr_typed_kind kind)
{
    file_reader *r = ctx;
    const wr_row_observer *o = r->m->observer;
    return r->have_layout && !r->m->opt->rejects_raw && !(o && o->needs_row_text) &&
           wr_layout_takes_typed(&r->layout, field, kind);
}

size_t wr_row_csv_bound(const wr_row *row)
{
    size_t n = 1;
    for (size_t i = 0; i < row->n_fields; i++)
        n += row->fields[i].n * 2 + 3;
    return n;
}

size_t wr_row_csv(const wr_row *row, char *out)
{
    char *o = out;
    for (size_t i = 0; i < row->n_fields; i++) {
        wr_str f = row->fields[i];
        if (i)
            *o++ = ',';
        bool quote = memchr(f.p, ',', f.n) || memchr(f.p, '"', f.n) ||
                     memchr(f.p, '\n', f.n) || memchr(f.p, '\r', f.n);
        if (quote)
            *o++ = '"';
        for (size_t j = 0; j < f.n; j++) {
            if (f.p[j] == '"')
                *o++ = '"';
            *o++ = f.p[j];
        }
        if (quote)
            *o++ = '"';
    }
    *o = '\0';
    return (size_t)(o - out);
}

/* The row's fields joined back as one CSV line (for --rejects-raw). */
static const char *raw_row(wr_model *m, const wr_row *row)
{
    char *out = wr_arena_alloc(&m->arena, wr_row_csv_bound(row));
    if (out)
        wr_row_csv(row, out);
    return out;
}

static int reject(file_reader *r, const wr_row *row, wr_reason reason, int bad_spec)
{
    wr_reject *j = wr_vec_push(&r->m->rejects);
    if (!j)
        return wr_errorf(r->err, WR_ENOMEM,
                         "%s: out of memory at line %llu", r->name,
                         (unsigned long long)row->line);
    j->file = r->file_index;
    j->line = row->line;
    j->column = bad_spec >= 0 ? r->layout.specs[bad_spec].name : "";
    j->reason = reason;
    if (r->m->opt->rejects_raw && !(j->raw = raw_row(r->m, row)))
        return wr_errorf(r->err, WR_ENOMEM,
                         "%s: out of memory at line %llu", r->name,
                         (unsigned long long)row->line);
    r->stats->rejected++;
    r->stats->rejected_by_reason[reason]++;
    return 0;
}

/* The spec read from a row field, -1 if none. */
static int spec_of_field(const wr_layout *L, int field)
{
    for (size_t s = 0; field >= 0 && s < L->n_specs; s++)
        if (L->header_index[s] == field)
            return (int)s;
    return -1;
}

/* The raw (trimmed) field of spec col - 1; n == 0 when the row lacks it
 * (such a row is a FIELD_COUNT reject: it takes part in no rule). */
static wr_str raw_field(const file_reader *r, const wr_row *row, int col)
{
    long i = r->layout.header_index[col - 1];
    if (i < 0 || (size_t)i >= row->n_fields)
        return (wr_str){"", 0};
    return row->fields[i];
}

/* The observer's keep_row (explain: the rows of one worker or account),
 * asked before the row is parsed. */
static bool keeps_row(const file_reader *r, const wr_row *row)
{
    const wr_row_observer *o = r->m->observer;
    const wr_input_kind *k = r->kind;
    wr_row_keys keys = {.has_worker = k->key_worker_col != 0,
                        .has_account = k->key_account_col != 0};
    if (keys.has_worker)
        keys.worker = raw_field(r, row, k->key_worker_col);
    if (keys.has_account) {
        keys.account = raw_field(r, row, k->key_account_col);
        keys.txn_id = raw_field(r, row, k->key_txn_col);
    }
    return o->keep_row(o->ctx, &keys);
}

/* Parses a row's fields: UTF-8 of a canonical row (D80, past the first
 * bytes, row by row), then the typed columns. WR_REASON_NONE or the
 * reject's reason with *bad_spec. */
static wr_reason parse_fields(wr_layout *L, bool canonical, const wr_row *row, wr_value *values,
                              int *bad_spec)
{
    int bad_field = canonical ? field_not_utf8(row) : -1;
    if (bad_field >= 0) {
        *bad_spec = spec_of_field(L, bad_field);
        return WR_BAD_ENCODING;
    }
    return wr_layout_parse_inline(L, row, values, bad_spec); /* D375 */
}

/* Uses a parsed row (reason: parse_fields's): the reject, or the handler.
 * Inline in par_apply, on the applying thread's path a row (D371). */
static inline __attribute__((always_inline)) int use_row(file_reader *r, const wr_row *row, const wr_value *values, wr_reason reason,
                   int bad_spec, uint32_t same)
{
    if (reason != WR_REASON_NONE)
        return reject(r, row, reason, bad_spec);
    r->m->current_line = row->line;
    r->m->row_same = same;
    const wr_row_observer *o = r->m->observer;
    if (o && o->on_row)
        o->on_row(o->ctx, r->file_index, row);
    switch (r->kind->handle(r->m, r->shape, values, &reason, &bad_spec)) {
    case ROW_USED:
        r->stats->used++;
        return 0;
    case ROW_OUT_OF_SCOPE:
        r->stats->out_of_scope++;
        return 0;
    case ROW_REJECTED:
        return reject(r, row, reason, bad_spec);
    case ROW_NOMEM:
        break;
    }
    return wr_errorf(r->err, WR_ENOMEM,
                     "%s: out of memory at line %llu",
                     r->name, (unsigned long long)row->line);
}

static int on_row(void *ctx, const wr_row *row)
{
    file_reader *r = ctx;
    r->stats->data_rows++;
    const wr_row_observer *o = r->m->observer;
    if (o && o->keep_row && !keeps_row(r, row)) {
        r->stats->out_of_scope++;
        return 0;
    }
    if (row->defect) /* a descriptor's decoder could not produce the row */
        return reject(r, row, (wr_reason)row->defect, spec_of_field(&r->layout, row->defect_field));
    int bad_spec;
    wr_reason reason = parse_fields(&r->layout, r->canonical, row, r->values, &bad_spec);
    r->m->row_hashed = 0;
    return use_row(r, row, r->values, reason, bad_spec, 0);
}

/* ---- --jobs N: a canonical file parsed on N threads (io/csvpar.h) ----
 * Each parsing thread has its own copy of the layout (its ID scratch);
 * a row's slot holds its reason and the values that differ from the row
 * before's (D305: a worker's rows come together, so mostly the date and
 * the hours), applied in file order by use_row, as on_row applies them. */

typedef struct {
    uint8_t reason;    /* wr_reason */
    int8_t bad_spec;
    uint8_t hashed;    /* bit k: the hint's key[k] follows the values (D386) */
    uint8_t unused;
    /* Bit h: the values' half h (WR_VALUE_HALF bytes at h * WR_VALUE_HALF:
     * spec h / 2's text when h is even, its number and set when odd) is
     * in the slot (D388). A spec whose value is the row before's has
     * neither; another has its text when it is a text or ID (its number
     * is none and its set is never read, D449: handlers test text.n), its
     * number and set when it is typed (its text is never read); a derived
     * value (D448) has both. */
    uint32_t halves;
    /* the halves, in order; then key[0..] of the hint up to its highest
     * in hashed */
    char values[];
} par_slot;

#define WR_VALUE_HALF 16
_Static_assert(sizeof(par_slot) == 8 && WR_REASON_END < 256 && WR_MAX_COLUMNS <= 16 &&
                   sizeof(wr_value) == 2 * WR_VALUE_HALF &&
                   offsetof(wr_value, num) == WR_VALUE_HALF &&
                   offsetof(wr_value, set) > WR_VALUE_HALF,
               "par_slot's halves");

/* The halves of a layout's specs (bit 2s, 2s + 1: spec s's text, number):
 * a text or ID spec's text only (D449), a typed one's number only; a
 * derived value's (D448, after the specs) both, its set telling the
 * handler it was made. */
static uint32_t value_halves(const wr_layout *L, size_t n_derived)
{
    uint32_t h = 0;
    for (size_t s = 0; s < L->n_specs; s++)
        h |= (L->specs[s].type == COL_TEXT || L->specs[s].type == COL_ID ? 1u : 2u) << 2 * s;
    for (size_t j = 0; j < n_derived; j++)
        h |= 3u << 2 * (L->n_specs + j);
    return h;
}

/* Bit b of a byte at bit 2b, for spread_bits (D434: two loads instead of
 * the four shift-and-mask steps, ~14 instructions a row). */
#define SPREAD1(x)                                                                       \
    (((x) & 1) | ((x) & 2) << 1 | ((x) & 4) << 2 | ((x) & 8) << 3 | ((x) & 16) << 4 | \
     ((x) & 32) << 5 | ((x) & 64) << 6 | ((x) & 128) << 7)
#define SPREAD4(x) SPREAD1(x), SPREAD1((x) + 1), SPREAD1((x) + 2), SPREAD1((x) + 3)
#define SPREAD16(x) SPREAD4(x), SPREAD4((x) + 4), SPREAD4((x) + 8), SPREAD4((x) + 12)
#define SPREAD64(x) SPREAD16(x), SPREAD16((x) + 16), SPREAD16((x) + 32), SPREAD16((x) + 48)
static const uint16_t spread_byte[256] = {SPREAD64(0), SPREAD64(64), SPREAD64(128),
                                          SPREAD64(192)};
#undef SPREAD64
#undef SPREAD16
#undef SPREAD4
#undef SPREAD1

/* Bit s of specs (< 2^16) at bit 2s. */
static inline uint32_t spread_bits(uint32_t x)
{
    return spread_byte[x & 0xff] | (uint32_t)spread_byte[x >> 8 & 0xff] << 16;
}

typedef struct {
    wr_layout L;
    const wr_input_kind *kind;
    /* the specs the kind's derived values come from (D448; 0: none), and
     * those and its hint's: a row with one of them changed goes on */
    uint32_t derive_specs, later_specs;
    uint64_t unread;            /* the header's fields no spec reads (<= 64) */
    uint32_t halves;            /* value_halves */
    uint32_t id_specs;          /* bit s: spec s is an ID (D429) */
    bool have_prev;             /* prev: the last row of this chunk parsed whole */
    /* By spec, that row's field's text (D433): its value's in cur (a
     * value's text is its field's, kept by parse), or for an ID (whose
     * value's may be normalised) prev_id's. A reject leaves cur not
     * that row's: the row after it is parsed whole. */
    const wr_str *prev[WR_MAX_COLUMNS];
    wr_str prev_id[WR_MAX_COLUMNS];
    wr_value cur[WR_MAX_COLUMNS];
    /* That row's line (D382): its span, length and commas (pcm: ~0 when
     * it is not a line of one step with the header's fields); by the
     * comma positions of tab_cm (~0: none yet), the specs of the field a
     * comma ends (spec_at), those of the last field (last_specs), the
     * ends of the fields no spec reads (unread_ends, unread_last). */
    const char *pline;
    size_t plen;
    uint64_t pcm, tab_cm, unread_ends;
    uint32_t last_specs;
    bool unread_last;
    uint32_t field_specs[64]; /* by field: its specs' bits */
    uint32_t spec_at[64];
} par_thread;

/* No row before to compare with, by fields (prev) or by line (pcm, D382):
 * at a chunk's first row, and after a reject (D433). */
static inline void forget_prev(par_thread *t)
{
    t->have_prev = false;
    t->pcm = ~(uint64_t)0;
}

static void *par_begin(void *ctx)
{
    file_reader *r = ctx;
    par_thread *t = malloc(sizeof *t);
    if (t) {
        t->L = r->layout;
        t->L.id_scratch = (wr_buf){0};
        t->kind = r->kind;
        t->derive_specs = r->kind->derive ? r->kind->derive_specs : 0;
        t->later_specs = t->derive_specs | r->kind->hint_specs;
        t->have_prev = false;
        t->halves = value_halves(&t->L, t->kind->derive ? t->kind->n_derived : 0);
        t->id_specs = 0;
        for (size_t s = 0; s < t->L.n_specs; s++) {
            bool id = t->L.specs[s].type == COL_ID;
            t->id_specs |= (uint32_t)id << s;
            t->prev[s] = id ? &t->prev_id[s] : &t->cur[s].text;
        }
        t->unread = 0;
        for (size_t i = 0; i < t->L.n_header_fields && i < 64; i++)
            t->unread |= (uint64_t)1 << i;
        for (size_t s = 0; s < t->L.n_specs; s++)
            if (t->L.header_index[s] >= 0 && t->L.header_index[s] < 64)
                t->unread &= ~((uint64_t)1 << t->L.header_index[s]);
        t->pline = NULL;
        t->pcm = t->tab_cm = ~(uint64_t)0;
        memset(t->field_specs, 0, sizeof t->field_specs);
        for (size_t i = 0; i < t->L.n_plan; i++) {
            size_t f = t->L.plan[i].field_at / sizeof(wr_str);
            if (f < 64)
                t->field_specs[f] |= t->L.plan[i].bit;
        }
    }
    return t;
}

static void par_end(void *ctx, void *ts)
{
    (void)ctx;
    par_thread *t = ts;
    wr_layout_free(&t->L);
    free(t);
}

/* wr_str_eq for a field and the row before's: 8 to 32 bytes in two looks
 * that may overlap, no loop and one branch (D374). */
static inline bool same_text(wr_str a, wr_str b)
{
    size_t n = a.n;
    if (n != b.n)
        return false;
#ifdef __SSE2__
    if (n > 16 && n <= 32) {
        __m128i x = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)a.p),
                                   _mm_loadu_si128((const __m128i *)(const void *)b.p));
        __m128i y = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(a.p + n - 16)),
                                   _mm_loadu_si128((const __m128i *)(const void *)(b.p + n - 16)));
        return _mm_movemask_epi8(_mm_and_si128(x, y)) == 0xffff;
    }
#endif
    if (n >= 8 && n <= 16)
        return ((wr_load64(a.p) ^ wr_load64(b.p)) |
                (wr_load64(a.p + n - 8) ^ wr_load64(b.p + n - 8))) == 0;
    return wr_str_eq(a, b);
}

/* The specs (bit s for spec s) whose field is the text *t->prev[s], and
 * those the file lacks, into *same (0 when the row has not the header's
 * count of fields); returns the first field not UTF-8, or -1. One pass
 * over the specs (D316, was wr_layout_same then changed_field_not_utf8):
 * each other spec's field (most short and ASCII, told so inline: D348)
 * and each field no spec reads is checked; only when one is bad is the
 * first bad field looked for, as changed_field_not_utf8 (or
 * field_not_utf8: none the same) finds it. */
static int same_and_utf8(const par_thread *t, const wr_row *row, uint32_t *same)
{
    const wr_layout *L = &t->L;
    *same = 0;
    if (row->n_fields != L->n_header_fields || row->n_fields > 64)
        return field_not_utf8(row);
    uint32_t sm = L->absent;
    bool bad = false;
    const char *fields = (const char *)row->fields;
    for (const wr_col_step *st = L->plan, *end = L->plan + L->n_plan; st < end; st++) {
        wr_str f;
        memcpy(&f, fields + st->field_at, sizeof f);
        if (same_text(*t->prev[st->value_at / sizeof(wr_value)], f))
            sm |= st->bit;
        else if (!wr_utf8_short_ascii(f.p, f.n) && wr_utf8_invalid_at(f.p, f.n, false) != f.n)
            bad = true;
    }
    for (uint64_t u = t->unread; u && !bad; u &= u - 1) {
        size_t i = (size_t)__builtin_ctzll(u);
        bad = wr_utf8_invalid_at(row->fields[i].p, row->fields[i].n, false) != row->fields[i].n;
    }
    *same = sm;
    if (!bad)
        return -1;
    return sm ? changed_field_not_utf8(L, row, sm) : field_not_utf8(row);
}

#ifdef __SSE2__
/* A 64-byte line: its four sixteen-byte looks. */
typedef struct {
    __m128i b[4];
} line64;

/* Bit k: byte k of the line satisfies the compare's mask m0..m3. */
static inline uint64_t line_mask(__m128i m0, __m128i m1, __m128i m2, __m128i m3)
{
    return (uint64_t)(uint32_t)_mm_movemask_epi8(m0) |
           (uint64_t)(uint32_t)_mm_movemask_epi8(m1) << 16 |
           (uint64_t)(uint32_t)_mm_movemask_epi8(m2) << 32 |
           (uint64_t)(uint32_t)_mm_movemask_epi8(m3) << 48;
}

static inline line64 line_load(const char *p)
{
    const __m128i *v = (const __m128i *)(const void *)p;
    return (line64){{_mm_loadu_si128(v), _mm_loadu_si128(v + 1), _mm_loadu_si128(v + 2),
                     _mm_loadu_si128(v + 3)}};
}

/* spec_at, last_specs and unread_ends for the commas cm. */
static void line_table(par_thread *t, uint64_t cm)
{
    for (uint64_t m = t->tab_cm == ~(uint64_t)0 ? 0 : t->tab_cm; m; m &= m - 1)
        t->spec_at[__builtin_ctzll(m)] = 0;
    if (t->tab_cm == ~(uint64_t)0)
        memset(t->spec_at, 0, sizeof t->spec_at);
    size_t f = 0;
    t->unread_ends = 0;
    for (uint64_t m = cm; m; m &= m - 1, f++) {
        unsigned at = (unsigned)__builtin_ctzll(m);
        t->spec_at[at] = t->field_specs[f];
        if (t->unread >> f & 1)
            t->unread_ends |= (uint64_t)1 << at;
    }
    t->last_specs = t->field_specs[f];
    t->unread_last = t->unread >> f & 1;
    t->tab_cm = cm;
}

/* same_and_utf8 for a line of one step (wr_row.commas, the reader's
 * commas) whose commas are the row before's (pcm, D382): its bytes
 * against that row's line, 64 at once. A field's text follows from its
 * bytes between its commas as split (a NUL over its end, or over its
 * first trailing blank with its end's byte left: csvread.c put_field),
 * so a field whose bytes there, its end's included, are the row
 * before's has its text (the last field if the lengths are equal too;
 * blanks that differ make a field changed even when its text is not).
 * -1 with *same; -2 when a changed field or one no spec reads holds a
 * byte >= 0x80: then same_and_utf8 checks the row. */
static inline int same_by_line(par_thread *t, const wr_row *row, uint64_t cm, uint32_t *same)
{
    size_t len = row->span_n;
    uint64_t incl = ((uint64_t)2 << len) - 1, last = (uint64_t)1 << len, ends = cm | last;
    line64 x = line_load(row->span), y = line_load(t->pline);
    uint64_t diff = ~line_mask(_mm_cmpeq_epi8(x.b[0], y.b[0]), _mm_cmpeq_epi8(x.b[1], y.b[1]),
                               _mm_cmpeq_epi8(x.b[2], y.b[2]), _mm_cmpeq_epi8(x.b[3], y.b[3])) &
                    incl;
    uint64_t high = line_mask(x.b[0], x.b[1], x.b[2], x.b[3]) & incl;
    /* the ends of the fields holding a differing byte: its carry runs to
     * the field's end bit (a field's run of ~ends is ended by a 0) */
    uint64_t changed = ((~ends + (diff & ~ends)) & ends) | (diff & ends);
    if (len != t->plen)
        changed |= last;
    if (cm != t->tab_cm)
        line_table(t, cm);
    if (high && ((~ends + high) & ends & (changed | t->unread_ends | (t->unread_last ? last : 0))))
        return -2;
    uint32_t ch = changed & last ? t->last_specs : 0;
    for (uint64_t m = changed & ~last; m; m &= m - 1)
        ch |= t->spec_at[__builtin_ctzll(m)];
    *same = t->L.absent | (t->L.present & ~ch);
    return -1;
}
#endif

/* A derived value's text kept in the chunk (D448): as long as the row's. */
static char *keep_in_chunk(void *chunk, const char *p, size_t n)
{
    return wr_csvpar_keep(chunk, p, n);
}

/* par_parse's derived values (D448): those the kind made again have
 * their halves added to hd's and stored at `at`, after the specs'; the
 * end of the stored halves, NULL when out of memory. Out of line: a
 * kind without derive pays a test a row. */
__attribute__((noinline)) static char *par_derive(par_thread *t, wr_csvpar_chunk *c,
                                                  uint32_t same, par_slot *hd, char *at)
{
    uint32_t made = 0;
    if (!t->kind->derive(t->cur, same, keep_in_chunk, c, &made))
        return NULL;
    uint32_t halves = spread_bits(made) * 3 & t->halves;
    hd->halves |= halves;
    for (uint32_t m = halves; m; m &= m - 1, at += WR_VALUE_HALF)
        wr_csvpar_store(at, (const char *)t->cur + __builtin_ctz(m) * WR_VALUE_HALF,
                        WR_VALUE_HALF);
    return at;
}

/* The slot is in the chunk's records: written with wr_csvpar_store, the
 * head last, never read back (D333). Called directly by par_chunk_row;
 * inline there it cost more (D395). */
static size_t par_parse(void *ts, wr_csvpar_chunk *c, const wr_row *row, bool first, void *slot)
{
    par_thread *t = ts;
    wr_layout *L = &t->L;
    par_slot *s = slot;
    par_slot hd = {.bad_spec = -1};
    int bad_spec = -1;
    uint32_t same = 0;
    wr_reason reason;
    if (first)
        forget_prev(t);
    /* A field that is the row before's text again is neither checked nor
     * typed again: the row before's was, with the same outcome. */
#ifdef __SSE2__
    uint64_t cm = row->commas;
    int bad_field = -2;
    if (cm == t->pcm && row->span_n < 63)
        bad_field = same_by_line(t, row, cm, &same);
    if (bad_field == -2)
        bad_field = t->have_prev ? same_and_utf8(t, row, &same) : field_not_utf8(row);
#else
    int bad_field = t->have_prev ? same_and_utf8(t, row, &same) : field_not_utf8(row);
#endif
    if (bad_field >= 0) {
        bad_spec = spec_of_field(L, bad_field);
        reason = WR_BAD_ENCODING;
        same = 0;
    } else {
        /* inline (D375): a chunk's rows are a CSV's, typed values none */
        reason = row->typed ? wr_layout_parse_changed(L, row, same, t->cur, &bad_spec)
                            : wr_layout_parse_changed_text(L, row, same, t->cur, &bad_spec);
    }
    hd.reason = (uint8_t)reason;
    hd.bad_spec = (int8_t)bad_spec;
    /* A reject's values are not read (par_apply leaves r->values as it
     * is) but have overwritten some of cur's: the next row is parsed
     * whole (D433; rejects are rare). */
    if (hd.reason != WR_REASON_NONE) {
        forget_prev(t);
        wr_csvpar_store(s, &hd, sizeof hd);
        return sizeof hd;
    }
    /* the specs whose text is not prev[i]'s, in spec order; an ID's field
     * text kept (another's is its value's: D433) */
    uint32_t changed = ~same & (uint32_t)((1ull << L->n_specs) - 1);
    const char *fields = (const char *)row->fields;
    for (uint32_t m = changed & L->present & t->id_specs; m; m &= m - 1) { /* by masks (D429) */
        size_t i = (size_t)__builtin_ctz(m);
        memcpy(&t->prev_id[i], fields + L->steps[i].field_at, sizeof t->prev_id[i]);
    }
    /* a normalised ID lives in the thread's scratch: into the chunk */
    for (uint32_t m = changed & t->id_specs; m; m &= m - 1) {
        wr_value *v = &t->cur[__builtin_ctz(m)];
        if (v->set && v->text.p == L->id_scratch.p &&
            !(v->text.p = wr_csvpar_keep(c, v->text.p, v->text.n)))
            return 0;
    }
    /* their halves (D388) */
    hd.halves = spread_bits(changed) * 3 & t->halves;
    char *at = s->values;
    for (uint32_t m = hd.halves; m; m &= m - 1, at += WR_VALUE_HALF)
        wr_csvpar_store(at, (const char *)t->cur + __builtin_ctz(m) * WR_VALUE_HALF,
                        WR_VALUE_HALF);
    t->have_prev = true;
#ifdef __SSE2__
    t->pline = row->span;
    t->plen = row->span_n;
    if (cm != t->pcm || row->span_n >= 63) /* else a line of the row before's commas */
        t->pcm = cm && row->span_n < 63 && row->n_fields == L->n_header_fields ? cm : ~(uint64_t)0;
#endif
    /* the values the kind makes from the row's (D448), their halves after
     * the specs', then the hint (D307): one test a row for both */
    if (~same & t->later_specs) {
        if ((~same & t->derive_specs) && !(at = par_derive(t, c, same, &hd, at)))
            return 0;
        if (~same & t->kind->hint_specs) {
            wr_csvpar_hint hint;
            t->kind->hint(t->cur, same, &hint);
            if (!wr_csvpar_hint_add(c, &hint))
                return 0;
            /* its hashes for the handler too (D386) */
            hd.hashed = (uint8_t)hint.keys;
            size_t n_keys = hint.keys ? 32 - (size_t)__builtin_clz(hint.keys) : 0;
            wr_csvpar_store(at, hint.key, n_keys * sizeof hint.key[0]);
            at += n_keys * sizeof hint.key[0];
        }
    }
    wr_csvpar_store(s, &hd, sizeof hd);
    return (size_t)(at - (char *)s);
}

/* The chunk reader's on_row: par_parse inline, no call of csvpar's
 * between the reader and it (D394). */
static int par_chunk_row(void *chunk, const wr_row *row)
{
    return wr_csvpar_row(chunk, row, par_parse);
}

/* How far ahead of its row the applying thread fetches the records:
 * written past the caches (D306), they are read from memory (D371). */
#define PAR_APPLY_AHEAD_BYTES 512

__attribute__((always_inline)) static inline int par_apply(void *ctx, const wr_row *row, const void *slot)
{
    file_reader *r = ctx;
    const par_slot *s = slot;
    __builtin_prefetch((const char *)slot + PAR_APPLY_AHEAD_BYTES);
    r->stats->data_rows++;
    if (s->reason == WR_REASON_NONE) {
        /* r->values holds the row before's values: the slot's halves
         * over them (D388) */
        const char *p = s->values;
        for (uint32_t m = s->halves; m; m &= m - 1, p += WR_VALUE_HALF)
            memcpy((char *)r->values + __builtin_ctz(m) * WR_VALUE_HALF, p, WR_VALUE_HALF);
        r->m->row_hashed = s->hashed;
        r->m->row_hash = (const uint64_t *)(const void *)p;
    }
    /* the texts not in the slot: those of the last row parsed whole, the
     * row handle got before (a reject's are not read, par_parse) */
    return use_row(r, row, r->values, (wr_reason)s->reason, s->bad_spec, ~s->halves);
}

/* A chunk's rows: par_apply called directly from the loop (D396). */
static int par_apply_chunk(void *ctx, wr_csvpar_chunk *chunk, uint64_t base)
{
    file_reader *r = ctx;
    return wr_csvpar_apply(ctx, chunk, base, r->kind->ahead != NULL, false, par_apply);
}

static void par_ahead(void *ctx, const wr_csvpar_hint *hint, int stage)
{
    file_reader *r = ctx;
    r->kind->ahead(r->m, hint, stage);
}

static size_t par_slot_size(void *ctx)
{
    file_reader *r = ctx;
    size_t derived = r->kind->derive ? r->kind->n_derived : 0;
    return sizeof(par_slot) + (r->layout.n_specs + derived) * sizeof(wr_value) +
           sizeof(((wr_csvpar_hint *)0)->key);
}

/* An input file of a run: its kind, path and descriptor (NULL or no
 * path: canonical CSV). */
typedef struct {
    const wr_input_kind *kind;
    const char *path;
    const wr_format_ref *format;
} input_file;

/* A canonical file read on threads: its reader and the handler csvpar
 * holds (both live until the file is closed), and its digest (D331), in
 * m->digests once it is read. Opened ahead (D438) while the file before
 * it is applied, its on_start and on_header report to ahead_err, never
 * shown: a file that fails there is opened again in its turn and fails
 * then, as it would have. */
typedef struct {
    file_reader r;
    wr_csvpar_handler ph;
    wr_csvpar_file *f;
    wr_digest_acc digest;
    wr_error ahead_err;
} threaded_read;

/* Opens a canonical file on m->opt->jobs threads (ring's); t->f NULL when
 * it must be read by wr_csv_read instead (see wr_csvpar_open). */
static int open_threaded(threaded_read *t, const char *path, wr_csvpar_ring *ring, bool progress,
                         wr_error *err)
{
    file_reader *r = &t->r;
    t->ph = (wr_csvpar_handler){
        .on_start = on_start, .on_header = on_header, .thread_begin = par_begin,
        .thread_end = par_end, .parse = par_parse, .on_chunk_row = par_chunk_row,
        .apply = par_apply, .apply_chunk = par_apply_chunk,
        .ahead = r->kind->ahead ? par_ahead : NULL,
        .on_progress = progress ? on_progress : NULL, .slot_size = par_slot_size,
        .digest = &t->digest, .ctx = r,
        /* a reject's raw text (the handler's rejects too), an observer's row */
        .row_fields = r->m->opt->rejects_raw || (r->m->observer && r->m->observer->on_row)};
    return wr_csvpar_open(ring, path, r->m->opt->jobs, &t->ph, &t->f, err);
}

/* A threaded_read's reader's layout and digest freed (after its file is
 * closed), and the read itself. */
static void threaded_read_free(threaded_read *t)
{
    if (!t)
        return;
    if (t->r.have_layout)
        wr_layout_free(&t->r.layout);
    wr_digest_acc_free(&t->digest);
    free(t);
}

/* The file after the one being read, opened on ring's threads so that
 * its first chunks are parsed while that one's last are applied (D438);
 * NULL when it is not to be read on threads, or its opening failed (it is
 * opened again in its turn). Nothing of the model is touched. */
static threaded_read *open_ahead(wr_model *m, const input_file *in, wr_csvpar_ring *ring)
{
    if ((in->format && in->format->path) || in->kind->on_header)
        return NULL;
    threaded_read *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->r = (file_reader){.m = m, .kind = in->kind, .name = wr_base_name(in->path),
                         .err = &t->ahead_err, .canonical = true};
    if (open_threaded(t, in->path, ring, m->opt->progress, &t->ahead_err) || !t->f) {
        threaded_read_free(t);
        return NULL;
    }
    return t;
}

/* Reads one input: `pre` when it was opened ahead (read_input takes it),
 * else opened now; on ring's threads when it can be (NULL ring: one of
 * its own), opening `next` ahead (into *ahead) while it is applied. */
static int read_input(wr_model *m, const input_file *in, wr_csvpar_ring *ring,
                      threaded_read *pre, const input_file *next, threaded_read **ahead,
                      wr_error *err)
{
    const wr_input_kind *kind = in->kind;
    const char *path = in->path;
    const wr_format_ref *format = in->format;
    wr_report *rep = m->report;
    threaded_read own = {0}, *t = pre ? pre : &own;
    file_reader *r = &t->r;
    if (!pre)
        *r = (file_reader){.m = m, .kind = kind, .name = wr_base_name(path)};
    r->err = err;
    r->file_index = (uint32_t)rep->n_files;
    /* the file's entry: no other is added while it is read, so r->stats stays put */
    if (!(r->stats = wr_report_add_file(rep, r->name)))
        return wr_error_nomem(err, NULL);
    m->current_file = r->file_index;
    r->stats->role = kind->role;
    r->stats->path = path;
    r->stats->format = format && format->path ? format : NULL;
    if (r->stats->format && !wr_report_set_format_name(r->stats, wr_base_name(format->path)))
        return wr_error_nomem(err, NULL);
    wr_csv_handler h = {.on_header = on_header, .on_row = on_row, .takes_typed = takes_typed, .ctx = r};
    /* the file's digest, taken as it is read (D331) */
    while (m->digests.len <= r->file_index)
        if (!wr_vec_push(&m->digests))
            return wr_error_nomem(err, NULL);
    h.digest = &t->digest;
    struct stat st;
    if (kind->sized && stat(path, &st) == 0 && S_ISREG(st.st_mode))
        kind->sized(m, (uint64_t)st.st_size);
    if (m->opt->progress) {
        h.on_progress = on_progress;
        wr_stage_begin(&r->clock, m->opt, WR_STAGE_READ, r->name, kind->role,
                       stat(path, &st) == 0 && S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0);
    }
    int rc = 0;
    if (format && format->path) {
        wr_format f;
        rc = wr_format_load(&f, format, err);
        if (!rc)
            rc = wr_input_check_format(kind, &f, err);
        wr_format_totals totals = {0};
        if (!rc)
            rc = wr_format_read(&f, path, &h, &totals, err);
        if (!rc && f.trailer) { /* a mismatch stopped the read (D39) */
            r->stats->trailer = totals.total_checked || !f.trailer_total_field
                                    ? WR_TRAILER_OK
                                    : WR_TRAILER_TOTAL_UNCHECKED;
            r->stats->trailer_has_total = f.trailer_total_field != 0;
            r->stats->trailer_rows = totals.trailer_rows;
            r->stats->trailer_total_fen = totals.trailer_total_fen;
        }
        wr_format_free(&f);
    } else {
        r->canonical = true;
        h.on_start = on_start;
        /* explain's keep_row skips rows before parsing: one thread */
        bool keeps = m->observer && m->observer->keep_row;
        wr_csvpar_ring *own_ring = NULL;
        if (!t->f && m->opt->jobs > 1 && !keeps) {
            if (!ring && !(ring = own_ring = wr_csvpar_ring_new()))
                rc = wr_error_nomem(err, NULL);
            else
                rc = open_threaded(t, path, ring, m->opt->progress, err);
        }
        if (t->f) {
            if (next && !own_ring)
                *ahead = open_ahead(m, next, ring);
            rc = wr_csvpar_read(t->f, err);
            t->f = NULL;
        } else if (!rc) {
            rc = wr_csv_read(path, &h, err);
        }
        wr_csvpar_ring_free(own_ring);
    }
    m->row_hashed = 0; /* its hashes point into the file's chunks */
    /* the digest into the run's, the reader's layout freed */
    *(wr_digest_acc *)wr_vec_at(&m->digests, r->file_index) = t->digest;
    t->digest = (wr_digest_acc){0};
    if (r->have_layout)
        wr_layout_free(&r->layout);
    r->have_layout = false;
    if (m->opt->progress && !rc) {
        r->clock.p.rows = r->stats->data_rows;
        wr_stage_end(&r->clock);
    }
    return rc;
}

int wr_read_input(wr_model *m, const wr_input_kind *kind, const char *path,
                  const wr_format_ref *format, wr_error *err)
{
    input_file in = {kind, path, format};
    return read_input(m, &in, NULL, NULL, NULL, NULL, err);
}

/* Every --project names a project of the projects file. */
static int check_project_filter(const wr_model *m, const wr_options *o, wr_error *err)
{
    for (size_t i = 0; i < o->n_project_filter; i++) {
        wr_str id = {o->project_filter[i], strlen(o->project_filter[i])};
        if (wr_model_find_project(m, id) == WR_NONE) {
            return wr_errorf(err, WR_EINPUT, "--project %s: no such project_id in %s",
                             o->project_filter[i], o->projects);
        }
    }
    return 0;
}

/* The run's inputs in the order of DECISIONS D1 (the reference inputs,
 * contracts, attendance, payments, then the v2 account statements, D60),
 * or its reference inputs alone, into files (room for all); returns their
 * count. */
static size_t list_inputs(const wr_options *o, bool reference_only, input_file *files)
{
    size_t n = 0;
    files[n++] = (input_file){&wr_projects_input, o->projects, &o->projects_format};
    if (o->holidays)
        files[n++] = (input_file){&wr_holidays_input, o->holidays, &o->holidays_format};
    if (o->min_wage)
        files[n++] = (input_file){&wr_min_wage_input, o->min_wage, &o->min_wage_format};
    if (reference_only)
        return n;
    files[n++] = (input_file){&wr_contracts_input, o->contracts, &o->contracts_format};
    for (size_t i = 0; i < o->n_attendance; i++)
        files[n++] = (input_file){&wr_attendance_input, o->attendance[i],
                                  o->attendance_format ? &o->attendance_format[i] : NULL};
    for (size_t i = 0; i < o->n_payments; i++)
        files[n++] = (input_file){&wr_payments_input, o->payments[i],
                                  o->payments_format ? &o->payments_format[i] : NULL};
    for (size_t i = 0; i < o->n_account_txns; i++)
        files[n++] = (input_file){&wr_account_txns_input, o->account_txns[i],
                                  o->account_txns_format ? &o->account_txns_format[i] : NULL};
    return n;
}

int wr_read_reference_inputs(wr_model *m, const wr_options *o, wr_error *err)
{
    input_file files[3];
    size_t n = list_inputs(o, true, files);
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        rc = read_input(m, &files[i], NULL, NULL, NULL, NULL, err);
        if (!rc && i == 0)
            rc = check_project_filter(m, o, err);
    }
    return rc;
}

wr_row_outcome wr_input_project(const wr_model *m, wr_str project_id, int project_spec,
                                uint32_t *project, wr_reason *reason, int *bad_spec)
{
    /* key 0 of wr_input_hint_pair */
    *project = wr_model_find_project_hashed(m, project_id, wr_model_row_hash(m, 0, project_id));
    if (*project == WR_NONE) {
        *reason = WR_UNKNOWN_PROJECT;
        *bad_spec = project_spec;
        return ROW_REJECTED;
    }
    if (!WR_AT(m->projects, wr_project, *project)->selected)
        return ROW_OUT_OF_SCOPE; /* DECISIONS D9 */
    return ROW_USED;
}

uint32_t wr_input_pair(wr_model *m, uint32_t project, wr_str worker_id, wr_str name)
{
    /* key 1 of wr_input_hint_pair */
    return wr_input_pair_hashed(m, project, worker_id, wr_model_row_hash(m, 1, worker_id), name);
}

uint32_t wr_input_pair_hashed(wr_model *m, uint32_t project, wr_str worker_id,
                              uint64_t worker_hash, wr_str name)
{
    uint32_t worker = wr_model_intern_worker_hashed(m, worker_id, worker_hash);
    if (worker == WR_NONE)
        return WR_NONE;
    uint32_t pair = wr_model_intern_pair_hashed(m, project, worker, worker_hash);
    if (pair == WR_NONE)
        return WR_NONE;
    wr_pair *p = WR_AT(m->pairs, wr_pair, pair);
    if (!p->roster_name && name.n > 0 && !(p->roster_name = wr_model_strdup(m, name)))
        return WR_NONE;
    return pair;
}

_Static_assert(C_PROJECT == 0 && C_WORKER == 1 && A_PROJECT == 0 && A_WORKER == 1,
               "WR_HINT_PAIR_SPECS");

void wr_input_hint_pair(const wr_value *v, uint32_t same, wr_csvpar_hint *hint)
{
    (void)same;
    hint->keys = 3;
    hint->key[0] = wr_hash_bytes(v[0].text.p, v[0].text.n);
    hint->key[1] = wr_hash_bytes(v[1].text.p, v[1].text.n);
}

void wr_input_ahead_pair(const wr_model *m, const wr_csvpar_hint *hint, int stage)
{
    wr_model_ahead_pair(m, hint->key[0], false, hint->key[1], stage);
}

wr_row_outcome wr_input_added(wr_add_result added, int dup_spec, int dup_second_spec,
                              wr_reason *reason, int *bad_spec)
{
    switch (added) {
    case WR_ADD_OK:
        return ROW_USED;
    case WR_ADD_DUPLICATE:
    case WR_ADD_DUPLICATE_SECOND:
        *reason = WR_DUPLICATE_KEY;
        *bad_spec = added == WR_ADD_DUPLICATE ? dup_spec : dup_second_spec;
        return ROW_REJECTED;
    case WR_ADD_NOMEM:
        break;
    }
    return ROW_NOMEM;
}

const wr_input_kind *wr_input_kind_named(const char *role)
{
    static const wr_input_kind *const kinds[] = {
        &wr_projects_input,   &wr_contracts_input, &wr_attendance_input,
        &wr_payments_input,   &wr_min_wage_input,  &wr_holidays_input,
        &wr_account_txns_input,
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i]->role, role) == 0)
            return kinds[i];
    return NULL;
}

/* The kind's columns for a descriptor: its column names as the header
 * (for attendance, the shape they make). */
static const wr_col_spec *format_specs(const wr_input_kind *kind, const wr_format *f,
                                       size_t *n_specs)
{
    wr_str names[WR_FMT_MAX_COLUMNS];
    for (uint32_t c = 0; c < f->n_columns; c++)
        names[c] = (wr_str){f->columns[c].name, strlen(f->columns[c].name)};
    wr_row header = {.line = 1, .n_fields = f->n_columns, .fields = names};
    int shape;
    return kind_specs(kind, &header, n_specs, &shape);
}

int wr_input_check_format(const wr_input_kind *kind, wr_format *f, wr_error *err)
{
    if (strcmp(f->input, kind->role) != 0) {
        return wr_errorf(err, WR_EINPUT,
                         "%s: describes %s, not %s", f->path,
                         f->input, kind->role);
    }
    size_t n_specs;
    const wr_col_spec *specs = format_specs(kind, f, &n_specs);
    for (uint32_t c = 0; c < f->n_columns; c++) {
        size_t s = 0;
        while (s < n_specs && strcmp(specs[s].name, f->columns[c].name) != 0)
            s++;
        if (s == n_specs) {
            return wr_errorf(err, WR_EINPUT,
                             "%s: line %u: %s has no column %s",
                             f->path, f->columns[c].line, kind->role, f->columns[c].name);
        }
        f->columns[c].number = specs[s].type == COL_MONEY || specs[s].type == COL_HOURS ||
                               specs[s].type == COL_PAY_DAY;
    }
    return 0;
}

int wr_read_inputs(wr_model *m, wr_error *err)
{
    const wr_options *o = m->opt;
    input_file *files = calloc(4 + o->n_attendance + o->n_payments + o->n_account_txns,
                               sizeof *files);
    /* One ring of chunks and threads for every file read on threads
     * (D319, D438), freed after the last. */
    wr_csvpar_ring *ring = NULL;
    if (!files || (o->jobs > 1 && !(ring = wr_csvpar_ring_new()))) {
        free(files);
        return wr_error_nomem(err, NULL);
    }
    size_t n = list_inputs(o, false, files);
    /* ahead: the next file, opened while the one before it is read;
     * failed: the one whose read failed, freed after the ring closes its
     * file */
    threaded_read *ahead = NULL, *failed = NULL;
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        threaded_read *pre = ahead;
        ahead = NULL;
        rc = read_input(m, &files[i], ring, pre, i + 1 < n ? &files[i + 1] : NULL, &ahead, err);
        if (!rc && files[i].kind == &wr_projects_input)
            rc = check_project_filter(m, o, err);
        if (rc)
            failed = pre;
        else
            threaded_read_free(pre);
    }
    wr_csvpar_ring_free(ring); /* closes a file opened ahead and not read */
    threaded_read_free(failed);
    threaded_read_free(ahead);
    free(files);
    return rc;
}
