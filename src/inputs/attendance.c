/* attendance: real-name attendance, day rows (date, hours) or raw punches
 * (punch_time); the shape is told by the header (RULES section 1). Each
 * in-scope row folds into its attended day (RULES 4.1); a row of the
 * last used row's bucket finds it with no lookup (D362). */
#include "../core/observer.h"
#include "input.h"

enum { SHAPE_DAY, SHAPE_PUNCH };

static const wr_col_spec day_specs[] = {
    {"project_id", COL_TEXT, true}, {"worker_id", COL_ID, true},
    {"worker_name", COL_TEXT, false}, {"date", COL_DATE, true},
    {"hours", COL_HOURS, false},
};

static const wr_col_spec punch_specs[] = {
    {"project_id", COL_TEXT, true}, {"worker_id", COL_ID, true},
    {"worker_name", COL_TEXT, false}, {"punch_time", COL_DATETIME, true},
};

static const wr_col_spec *specs_for(const wr_row *header, size_t *n, int *shape)
{
    if (wr_header_has(header, "punch_time") && !wr_header_has(header, "date")) {
        *shape = SHAPE_PUNCH;
        *n = sizeof punch_specs / sizeof punch_specs[0];
        return punch_specs;
    }
    *shape = SHAPE_DAY;
    *n = sizeof day_specs / sizeof day_specs[0];
    return day_specs;
}

/* True when the specs' texts (WR_SAME_TEXT bits) are those of the row
 * handle got before (m->row_same, D313) and that row set the cache: the
 * cache's keys are the row's, with no compare. */
static inline bool hinted(const wr_model *m, uint32_t specs)
{
    return (m->row_same & specs) == specs && m->last_attendance.is_prev; /* 0 at --jobs 1 */
}

#define PAIR_SPECS (WR_SAME_TEXT(A_PROJECT) | WR_SAME_TEXT(A_WORKER))

/* True when the row's project is the cache's (the last used row's):
 * rows come grouped by worker, so mostly; one compare instead of hashing
 * the id, none when the reader says it is the row before's. */
static inline bool cached_project(const wr_model *m, const wr_value *v)
{
    return m->last_attendance.pair != WR_NONE &&
           (hinted(m, WR_SAME_TEXT(A_PROJECT)) ||
            wr_str_eq(m->last_attendance.project_id, v[A_PROJECT].text));
}

/* The cache's worker id against a row's: an ID number's 18 bytes (16 to
 * 24) as three words that may overlap, with no branch between them
 * (D363); other lengths by wr_str_eq. */
static inline bool same_worker_id(wr_str id, wr_str row)
{
    size_t n = id.n;
    if (n != row.n)
        return false;
    if (n < 16 || n > 24)
        return wr_str_eq(id, row);
    const char *a = id.p, *b = row.p;
    return ((wr_load64(a) ^ wr_load64(b)) | (wr_load64(a + 8) ^ wr_load64(b + 8)) |
            (wr_load64(a + n - 8) ^ wr_load64(b + n - 8))) == 0;
}

/* True when the row's worker is the cache's (its project being so). */
static inline bool cached_worker(const wr_model *m, const wr_value *v)
{
    return hinted(m, PAIR_SPECS) ||
           same_worker_id(m->last_attendance.worker_id, v[A_WORKER].text);
}

/* The row's day of month - 1 when it falls in the cache's bucket: its
 * project, worker and month are the last used row's (so it is in the
 * run), it sets no roster name (D11), and the cache's words are of its
 * shape. Its day is then WR_DAY_ID(the cache's block, it), with no lookup
 * (D362), folded into the cache's words (D370); WR_NONE otherwise. */
static inline uint32_t cached_dom0(const wr_model *m, wr_day_shape shape, const wr_value *v)
{
    uint32_t dom0 = (uint32_t)(v[A_WHEN].day - m->last_attendance.month_first);
    if (dom0 >= m->last_attendance.month_days) /* another month, or no cache (0 days) */
        return WR_NONE;
    if (!m->last_attendance.named && v[A_NAME].text.n > 0)
        return WR_NONE;
    if (m->last_attendance.words_shape != shape || !m->last_attendance.words)
        return WR_NONE;
    if (!hinted(m, PAIR_SPECS) &&
        !(wr_str_eq(m->last_attendance.project_id, v[A_PROJECT].text) &&
          same_worker_id(m->last_attendance.worker_id, v[A_WORKER].text)))
        return WR_NONE;
    return dom0;
}

/* The day of a used row of `project`: its pair (the cache's when only
 * the month or the name differs), roster name (D11), bucket (RULES 4: the
 * month of its date) and day, which the cache then keeps. WR_NONE when
 * out of memory. */
static uint32_t find_day(wr_model *m, uint32_t project, wr_day_shape shape, const wr_value *v)
{
    wr_day date = v[A_WHEN].day;
    wr_month month = wr_month_of_day(date);
    uint32_t pair = m->last_attendance.pair;
    if (pair == WR_NONE || m->last_attendance.project != project || !cached_worker(m, v) ||
        (!m->last_attendance.named && v[A_NAME].text.n > 0))
        pair = wr_input_pair(m, project, v[A_WORKER].text, v[A_NAME].text);
    uint32_t bucket = pair == WR_NONE ? WR_NONE : wr_model_intern_bucket(m, pair, month);
    uint32_t day = bucket == WR_NONE ? WR_NONE : wr_model_day_id(m, bucket, date);
    void *words = day == WR_NONE ? NULL : wr_model_day_words(m, day >> 5, shape);
    if (!words) {
        m->last_attendance.pair = WR_NONE; /* no cache */
        m->last_attendance.month_days = 0;
        return WR_NONE;
    }
    wr_pair *p = WR_AT(m->pairs, wr_pair, pair);
    const wr_worker *w = WR_AT(m->workers, wr_worker, p->worker);
    p->has_attendance = true; /* once for the rows the cache then finds */
    m->last_attendance.project = project;
    m->last_attendance.project_id = wr_project_id(WR_AT(m->projects, wr_project, project));
    m->last_attendance.pair = pair;
    m->last_attendance.worker_id = (wr_str){w->id, w->id_len};
    m->last_attendance.named = p->roster_name != NULL;
    m->last_attendance.block = day >> 5;
    m->last_attendance.month_first = wr_month_first_day(month);
    m->last_attendance.month_days = (uint32_t)wr_month_days(month);
    m->last_attendance.words = words;
    m->last_attendance.words_shape = shape;
    return day;
}

/* RULES 4 and DECISIONS D8-D10: the row's project, known and selected,
 * and its date in the run. */
static inline wr_row_outcome scope(const wr_model *m, const wr_value *v, uint32_t *project,
                                   wr_reason *reason, int *bad_spec)
{
    wr_row_outcome o = ROW_USED;
    if (cached_project(m, v))
        *project = m->last_attendance.project; /* it was used, so it is selected (D9) */
    else
        o = wr_input_project(m, v[A_PROJECT].text, A_PROJECT, project, reason, bad_spec);
    if (o == ROW_USED && !wr_model_day_in_run(m, v[A_WHEN].day))
        return ROW_OUT_OF_SCOPE;
    return o;
}

wr_row_outcome wr_attendance_scope(const wr_model *m, const wr_value *v, uint32_t *project,
                                   wr_reason *reason, int *bad_spec)
{
    return scope(m, v, project, reason, bad_spec);
}

#define DEFAULT_CENTI_HOURS 800 /* RULES 4.1: an empty hours is 8.00 */

/* RULES 4.1: what the row folds into its day, the hours of a day row or
 * the second of a punch. */
static inline int32_t fold_value(int shape, const wr_value *v)
{
    if (shape == SHAPE_PUNCH)
        return v[A_WHEN].seconds;
    return v[A_HOURS].set ? (int32_t)v[A_HOURS].num : DEFAULT_CENTI_HOURS;
}

/* The row folded into the cache's words, its day's block's (D370). */
static inline void fold_cached(wr_model *m, int shape, uint32_t dom0, const wr_value *v)
{
    if (shape == SHAPE_PUNCH)
        wr_fold_punch_word(m->last_attendance.words, dom0, fold_value(shape, v));
    else
        wr_fold_row_word(m->last_attendance.words, dom0, fold_value(shape, v));
}

static inline wr_day_shape day_shape(int shape)
{
    return shape == SHAPE_DAY ? WR_DAY_FROM_ROW : WR_DAY_FROM_PUNCH;
}

/* Any row: its scope, its day found and folded, the observer told.
 * Out of line, so that handle's common row saves no registers. */
static __attribute__((noinline)) wr_row_outcome handle_any(wr_model *m, int shape,
                                                           const wr_value *v, wr_reason *reason,
                                                           int *bad_spec)
{
    uint32_t project, day;
    wr_row_outcome o = scope(m, v, &project, reason, bad_spec);
    if (o == ROW_USED && (day = find_day(m, project, day_shape(shape), v)) == WR_NONE)
        o = ROW_NOMEM;
    m->last_attendance.is_prev = o == ROW_USED; /* else the cache is an older row's */
    if (o != ROW_USED)
        return o;
    fold_cached(m, shape, day & 31, v); /* find_day made the cache's words */
    const wr_row_observer *ob = m->observer; /* explain's trace */
    if (ob && ob->on_day && !ob->on_day(ob->ctx, day, day_shape(shape), fold_value(shape, v)))
        return ROW_NOMEM;
    return ROW_USED;
}

/* A row of the cache's bucket (most rows: a worker's rows come together
 * and in date order) is folded with a few compares and no lookup. */
static wr_row_outcome handle(wr_model *m, int shape, const wr_value *v, wr_reason *reason,
                             int *bad_spec)
{
    uint32_t dom0 = m->observer ? WR_NONE : cached_dom0(m, day_shape(shape), v);
    if (dom0 == WR_NONE)
        return handle_any(m, shape, v, reason, bad_spec);
    m->last_attendance.is_prev = true;
    fold_cached(m, shape, dom0, v);
    return ROW_USED;
}

const wr_input_kind wr_attendance_input = {
    .role = "attendance", .specs_for = specs_for, .handle = handle,
    .key_worker_col = 1 + A_WORKER, .hint = wr_input_hint_pair,
    .hint_specs = WR_HINT_PAIR_SPECS, .ahead = wr_input_ahead_pair,
};
