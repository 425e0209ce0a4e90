/* Unit tests: inputs/columns.c, a row's fields typed by a layout's plan
 * (D350). The reference is the parse as it was before D350 (spec by
 * spec: memset, header_index, the switch, the ID check out of line):
 * every row must give the same reason, bad spec and values, the values
 * after a bad spec left as they were, at wr_layout_parse and at
 * wr_layout_parse_changed. Expected values by hand for a few rows. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "inputs/columns.h"
#include "types/ident.h"
#include "types/money.h"

/* ---- the reference: columns.c before D350 ---- */

static bool ref_pay_day(wr_str t, int64_t *out)
{
    if (t.n == 0 || t.n > 2)
        return false;
    int v = 0;
    for (size_t i = 0; i < t.n; i++) {
        if (t.p[i] < '0' || t.p[i] > '9')
            return false;
        v = v * 10 + (t.p[i] - '0');
    }
    if (v < 1 || v > 31)
        return false;
    *out = v;
    return true;
}

static bool ref_enum(wr_str t, const char *const *words, size_t n, int64_t *out)
{
    for (size_t i = 0; i < n; i++) {
        if (wr_str_is(t, words[i])) {
            *out = (int64_t)i;
            return true;
        }
    }
    return false;
}

static wr_reason ref_typed_value(wr_col_type type, const wr_typed *t, wr_value *v)
{
    switch (type) {
    case COL_MONEY:
        v->num = t->fen;
        return t->readable ? WR_REASON_NONE : WR_BAD_MONEY;
    case COL_DATE:
        return !t->has_time && wr_day_from_parts(t->year, t->month, t->day, &v->day)
                   ? WR_REASON_NONE
                   : WR_BAD_DATE;
    case COL_DATETIME:
        return wr_typed_datetime(t, &v->day, &v->seconds) ? WR_REASON_NONE : WR_BAD_DATE;
    case COL_PERIOD:
        return wr_month_from_parts(t->year, t->month, &v->month) ? WR_REASON_NONE : WR_BAD_PERIOD;
    default:
        return WR_REASON_NONE;
    }
}

static const wr_typed *ref_typed_at(const wr_typed *typed, size_t field)
{
    return typed && typed[field].kind != WR_TYPED_NONE ? &typed[field] : NULL;
}

static wr_reason ref_value(wr_layout *L, wr_col_type type, wr_str t, wr_value *v,
                           const wr_typed *typed, size_t field)
{
    static const char *const rate_words[] = {"DAY", "HOUR", "MONTH", "PIECE"};
    static const char *const kind_words[] = {"HOLIDAY", "WORKDAY"};
    static const char *const direction_words[] = {"IN", "OUT"};
    int32_t centi;
    switch (type) {
    case COL_TEXT:
        return WR_REASON_NONE;
    case COL_ID:
        if (wr_id_is_normal_any_length(t.p, t.n)) /* the old wr_id_is_normal */
            return WR_REASON_NONE;
        if (!wr_buf_reserve(&L->id_scratch, t.n))
            return WR_MISSING_VALUE;
        v->text.p = L->id_scratch.p;
        v->text.n = wr_normalise_id(t.p, t.n, L->id_scratch.p);
        return v->text.n ? WR_REASON_NONE : WR_MISSING_VALUE;
    case COL_DATE:
        if (ref_typed_at(typed, field))
            return ref_typed_value(type, &typed[field], v);
        return wr_parse_date(t.p, t.n, &v->day) ? WR_REASON_NONE : WR_BAD_DATE;
    case COL_DATETIME:
        if (ref_typed_at(typed, field))
            return ref_typed_value(type, &typed[field], v);
        return wr_parse_datetime(t.p, t.n, &v->day, &v->seconds) ? WR_REASON_NONE : WR_BAD_DATE;
    case COL_MONEY: {
        wr_reason r = ref_typed_at(typed, field) ? ref_typed_value(type, &typed[field], v)
                      : wr_parse_fen(t.p, t.n, &v->num) ? WR_REASON_NONE
                                                         : WR_BAD_MONEY;
        return r == WR_REASON_NONE && v->num > WR_MAX_ROW_FEN ? WR_BAD_MONEY : r;
    }
    case COL_HOURS:
        if (!wr_parse_centi_hours(t.p, t.n, &centi))
            return WR_BAD_HOURS;
        v->num = centi;
        return WR_REASON_NONE;
    case COL_RATE_TYPE:
        return ref_enum(t, rate_words, 4, &v->num) ? WR_REASON_NONE : WR_BAD_ENUM;
    case COL_DAY_KIND:
        return ref_enum(t, kind_words, 2, &v->num) ? WR_REASON_NONE : WR_BAD_ENUM;
    case COL_PERIOD:
        if (ref_typed_at(typed, field))
            return ref_typed_value(type, &typed[field], v);
        return wr_parse_period(t.p, t.n, &v->month) ? WR_REASON_NONE : WR_BAD_PERIOD;
    case COL_PAY_DAY:
        return ref_pay_day(t, &v->num) ? WR_REASON_NONE : WR_BAD_NUMBER;
    case COL_DIRECTION:
        return ref_enum(t, direction_words, 2, &v->num) ? WR_REASON_NONE : WR_BAD_ENUM;
    }
    return WR_REASON_NONE;
}

static wr_reason ref_spec(wr_layout *L, const wr_row *row, size_t s, wr_value *values, int *bad_spec)
{
    wr_value *v = &values[s];
    memset(v, 0, sizeof *v);
    if (L->header_index[s] < 0)
        return WR_REASON_NONE;
    v->text = row->fields[L->header_index[s]];
    if (v->text.n == 0) {
        if (L->specs[s].required) {
            *bad_spec = (int)s;
            return WR_MISSING_VALUE;
        }
        return WR_REASON_NONE;
    }
    wr_reason r = ref_value(L, L->specs[s].type, v->text, v, row->typed, (size_t)L->header_index[s]);
    if (r != WR_REASON_NONE) {
        *bad_spec = (int)s;
        return r;
    }
    v->set = true;
    return WR_REASON_NONE;
}

/* the old wr_layout_parse_changed; same 0 is the old wr_layout_parse */
static wr_reason ref_parse(wr_layout *L, const wr_row *row, uint32_t same, wr_value *values,
                           int *bad_spec)
{
    *bad_spec = -1;
    if (row->n_fields != L->n_header_fields)
        return WR_FIELD_COUNT;
    for (uint32_t m = ~same & (uint32_t)((1ull << L->n_specs) - 1); m; m &= m - 1) {
        wr_reason r = ref_spec(L, row, (size_t)__builtin_ctz(m), values, bad_spec);
        if (r != WR_REASON_NONE)
            return r;
    }
    return WR_REASON_NONE;
}

/* ---- the comparison ---- */

/* A value of each side alike: the same text (in the row, or each in its
 * layout's ID scratch with the same bytes, or the same old pointer), the
 * same union bytes and set. */
static bool same_value(const wr_value *a, const wr_layout *La, const wr_value *b, const wr_layout *Lb)
{
    bool a_scratch = La->id_scratch.p && a->text.p == La->id_scratch.p;
    bool b_scratch = Lb->id_scratch.p && b->text.p == Lb->id_scratch.p;
    if (a_scratch != b_scratch || a->text.n != b->text.n || a->set != b->set)
        return false;
    if (a_scratch ? memcmp(a->text.p, b->text.p, a->text.n) != 0 : a->text.p != b->text.p)
        return false;
    return memcmp(&a->num, &b->num, sizeof a->num) == 0;
}

/* Values as a row before left them: bytes no parse writes (set kept a
 * bool, for UBSan), so a value left as it was shows. */
static void spoil(wr_value *v, size_t n)
{
    memset(v, 0xA5, n * sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i].set = i & 1;
}

static unsigned long long rng = 88172645463325252ull;
static unsigned next(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* Texts of each column type, good ones first, then bad ones and empty
 * ones; a field mostly gets one of its column's type, else any. */
static const char *const text_pool[][12] = {
    [COL_TEXT] = {"PJ00009", "\xE9\x99\xB6\xE4\xBC\x9F", "a", "x y", ""},
    /* normal, lower-case x, spaces, full-width, 15 digits; only spaces (D6) */
    [COL_ID] = {"371526199401237495", "11010519491231002X", "110105491231002", "11010519491231002x",
                "110105 19491231002X", "\xEF\xBC\x91\xEF\xBC\x91" "0105194912310021",
                "1234567890123456x8", "12345678901234567\xC3", "x", " ", "\xE3\x80\x80 ", ""},
    [COL_DATE] = {"2026-09-08", "2024-02-29", "2026-02-30", "2026-9-8", "2026-08-01 06:51", ""},
    [COL_DATETIME] = {"2026-08-01 06:51:09", "2026-10-31 23:59:59", "2026-08-01 06:51",
                      "2026-08-01", "2026-08-01 24:00", "2026-13-01 00:00", ""},
    [COL_MONEY] = {"12.50", "-3", "0", "100000000.00", "100000000.01", "99999999999", "1e5", ""},
    [COL_HOURS] = {"8", "8.25", "0", "24.001", "-1", "h", ""},
    [COL_RATE_TYPE] = {"DAY", "HOUR", "MONTH", "PIECE", "day", "DAYS", ""},
    [COL_DAY_KIND] = {"HOLIDAY", "WORKDAY", "holiday", "WORK", ""},
    [COL_PERIOD] = {"2026-08", "0001-01", "2026-13", "2026-8", ""},
    [COL_PAY_DAY] = {"1", "31", "05", "0", "32", "123", "a", ""},
    [COL_DIRECTION] = {"IN", "OUT", "in", "OUTS", ""},
};

static const char *random_text(wr_col_type type)
{
    if (next(4) == 0) /* any type's */
        type = (wr_col_type)next(COL_DIRECTION + 1);
    size_t n = 0;
    while (n < 12 && text_pool[type][n])
        n++;
    /* a good one mostly, so rows go on to later specs */
    return next(3) ? text_pool[type][next(n > 3 ? 3 : 1)] : text_pool[type][next((unsigned)n)];
}

/* A typed value of any kind, good or not (a decoder's, on any field). */
static wr_typed random_typed(void)
{
    wr_typed t = {.kind = (uint8_t)next(4), .readable = next(4) != 0, .has_time = next(2),
                  .fen = (int64_t)next(3) * 6000000000 - 7, .year = 2020 + (int)next(10),
                  .month = (int)next(14), .day = (int)next(33), .hour = (int)next(26),
                  .minute = (int)next(62), .second = (int)next(62)};
    return t;
}

enum { MAX_FIELDS = WR_MAX_COLUMNS + 4, ROUNDS = 400, ROWS = 300 };
static int differ;
static long outcomes[WR_REASON_END]; /* rows by reason: the test's reach */

/* One layout of random specs over a header with them in a random order,
 * some optional ones absent and columns no spec reads; random rows
 * (sometimes with typed values, fewer or more fields) parsed by both,
 * whole and as what changed since the row before. */
static void compare_layouts(void)
{
    static const wr_col_type types[] = {COL_TEXT, COL_ID, COL_DATE, COL_DATETIME, COL_MONEY,
                                        COL_HOURS, COL_RATE_TYPE, COL_DAY_KIND, COL_PERIOD,
                                        COL_PAY_DAY, COL_DIRECTION};
    static const char *const names[] = {"c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7",
                                        "c8", "c9", "c10", "c11", "c12", "c13", "c14", "c15"};
    wr_col_spec specs[WR_MAX_COLUMNS];
    size_t n_specs = 1 + next(WR_MAX_COLUMNS);
    for (size_t s = 0; s < n_specs; s++)
        specs[s] = (wr_col_spec){names[s], types[next(sizeof types / sizeof types[0])], next(2)};
    /* the header: the specs present (required always) and extra columns, shuffled */
    wr_str header_fields[MAX_FIELDS];
    size_t nh = 0;
    for (size_t s = 0; s < n_specs; s++)
        if (specs[s].required || next(3))
            header_fields[nh++] = (wr_str){names[s], strlen(names[s])};
    for (size_t e = next(3); e; e--)
        header_fields[nh++] = (wr_str){"extra", 5};
    for (size_t i = nh; i > 1; i--) {
        size_t j = next((unsigned)i);
        wr_str x = header_fields[i - 1];
        header_fields[i - 1] = header_fields[j];
        header_fields[j] = x;
    }
    wr_row header = {.line = 1, .n_fields = nh, .fields = header_fields};
    wr_col_type field_type[MAX_FIELDS];
    for (size_t i = 0; i < nh; i++) {
        field_type[i] = COL_TEXT;
        for (size_t s = 0; s < n_specs; s++)
            if (wr_str_is(header_fields[i], specs[s].name))
                field_type[i] = specs[s].type;
    }
    wr_layout a, b;
    wr_error err = {0};
    bool ia = wr_layout_init(&a, specs, n_specs, &header, "t.csv", &err);
    CHECK(ia);
    if (!ia)
        return;
    b = a; /* the reference reads the same header_index and specs */
    b.id_scratch = (wr_buf){0};

    wr_value va[WR_MAX_COLUMNS], vb[WR_MAX_COLUMNS];
    spoil(va, WR_MAX_COLUMNS);
    spoil(vb, WR_MAX_COLUMNS);
    for (int row_i = 0; row_i < ROWS; row_i++) {
        wr_str fields[MAX_FIELDS];
        wr_typed typed[MAX_FIELDS];
        size_t nf = next(20) ? nh : next(MAX_FIELDS + 1); /* sometimes fewer or more */
        for (size_t i = 0; i < nf; i++) {
            const char *t = random_text(i < nh ? field_type[i] : COL_TEXT);
            fields[i] = (wr_str){t, strlen(t)};
            typed[i] = random_typed();
        }
        wr_row row = {.line = 2, .n_fields = nf, .fields = fields,
                      .typed = next(5) ? NULL : typed};
        /* same: any specs (the parsing thread's, D305: absent specs in it
         * after the first row), or none for a whole parse */
        uint32_t same = next(3) ? (uint32_t)next(1u << n_specs) | (next(2) ? a.absent : 0) : 0;
        int bad_a = 99, bad_b = 99;
        wr_reason ra = same ? wr_layout_parse_changed(&a, &row, same, va, &bad_a)
                            : wr_layout_parse(&a, &row, va, &bad_a);
        wr_reason rb = ref_parse(&b, &row, same, vb, &bad_b);
        bool alike = ra == rb && bad_a == bad_b;
        for (size_t s = 0; s < n_specs; s++)
            alike = alike && same_value(&va[s], &a, &vb[s], &b);
        if (!alike && differ++ < 5) {
            fprintf(stderr, "differ: %zu specs, same %#x, reason %d/%d, bad spec %d/%d\n", n_specs,
                    same, (int)ra, (int)rb, bad_a, bad_b);
        }
        CHECK(alike);
        outcomes[ra]++;
    }
    wr_layout_free(&a);
    wr_layout_free(&b);
}

static wr_str S(const char *s)
{
    return (wr_str){s, strlen(s)};
}

/* A few rows by hand: the day-attendance layout (attendance.c). */
static void by_hand(void)
{
    static const wr_col_spec specs[] = {
        {"project_id", COL_TEXT, true}, {"worker_id", COL_ID, true},
        {"worker_name", COL_TEXT, false}, {"date", COL_DATE, true},
        {"hours", COL_HOURS, false}, {"note", COL_TEXT, false},
    };
    /* note absent, one column no spec reads, the rest out of order */
    wr_str hf[] = {S("worker_id"), S("date"), S("extra"), S("project_id"), S("hours"),
                   S("worker_name")};
    wr_row header = {.line = 1, .n_fields = 6, .fields = hf};
    wr_layout L;
    wr_error err = {0};
    CHECK(wr_layout_init(&L, specs, 6, &header, "a.csv", &err));
    CHECK(L.n_plan == 5 && L.present == 0x1F && L.absent == 0x20);
    wr_value v[6];
    int bad;

    wr_str r1[] = {S("11010519491231002x"), S("2026-09-08"), S("z"), S("PJ1"), S("8.25"), S("")};
    wr_row row = {.line = 2, .n_fields = 6, .fields = r1};
    spoil(v, 6);
    CHECK(wr_layout_parse(&L, &row, v, &bad) == WR_REASON_NONE && bad == -1);
    CHECK(v[0].text.p == r1[3].p && v[0].text.n == 3 && v[0].set && v[0].num == 0);
    CHECK(v[1].set && v[1].text.n == 18 && memcmp(v[1].text.p, "11010519491231002X", 18) == 0);
    CHECK(v[2].text.p == r1[5].p && v[2].text.n == 0 && !v[2].set && v[2].num == 0);
    CHECK(v[3].set && v[3].day == wr_day_from_ymd(2026, 9, 8) && v[3].seconds == 0);
    CHECK(v[4].set && v[4].num == 825);
    CHECK(v[5].text.p == NULL && v[5].text.n == 0 && !v[5].set && v[5].num == 0); /* absent */

    /* the first bad field in spec order: hours and date bad, date reported;
     * hours (after it) left as it was */
    wr_str r2[] = {S("371526199401237495"), S("2026-02-30"), S(""), S("PJ1"), S("x"), S("N")};
    row.fields = r2;
    spoil(v, 6);
    CHECK(wr_layout_parse(&L, &row, v, &bad) == WR_BAD_DATE && bad == 3);
    CHECK(v[3].text.p == r2[1].p && !v[3].set);
    CHECK(v[2].text.p == r2[5].p && v[2].set);
    CHECK(v[4].text.p != r2[4].p && v[5].text.p != NULL); /* not reached */

    /* an empty required field; an ID of spaces only (D6) */
    wr_str r3[] = {S(""), S("2026-09-08"), S(""), S("PJ1"), S(""), S("")};
    row.fields = r3;
    CHECK(wr_layout_parse(&L, &row, v, &bad) == WR_MISSING_VALUE && bad == 1);
    r3[0] = S(" \xE3\x80\x80 ");
    CHECK(wr_layout_parse(&L, &row, v, &bad) == WR_MISSING_VALUE && bad == 1);
    r3[0] = S("371526199401237495");
    CHECK(wr_layout_parse(&L, &row, v, &bad) == WR_REASON_NONE && bad == -1 && !v[4].set);
    r3[3] = S("");
    CHECK(wr_layout_parse(&L, &row, v, &bad) == WR_MISSING_VALUE && bad == 0);

    /* fewer or more fields than the header: no column named */
    row.n_fields = 5;
    CHECK(wr_layout_parse(&L, &row, v, &bad) == WR_FIELD_COUNT && bad == -1);
    row.n_fields = 7;
    CHECK(wr_layout_parse_changed(&L, &row, 0x1F, v, &bad) == WR_FIELD_COUNT && bad == -1);

    /* what changed: only the specs not in same are written */
    wr_str r4[] = {S("371526199401237495"), S("2026-10-01"), S(""), S("PJ2"), S("7"), S("")};
    row.fields = r4;
    row.n_fields = 6;
    spoil(v, 6);
    CHECK(wr_layout_parse_changed(&L, &row, 0x17 | 0x20, v, &bad) == WR_REASON_NONE && bad == -1);
    CHECK(v[3].set && v[3].day == wr_day_from_ymd(2026, 10, 1));
    CHECK(v[0].text.p != r4[3].p && v[4].text.p != r4[4].p && v[5].text.p != NULL);
    wr_layout_free(&L);
}

int main(void)
{
    by_hand();
    for (int i = 0; i < ROUNDS; i++)
        compare_layouts();
    for (int r = 0; r < WR_REASON_END; r++)
        if (outcomes[r])
            printf("%s %ld; ", r ? wr_reason_name((wr_reason)r) : "none", outcomes[r]);
    printf("\n");
    return CHECK_DONE();
}
