/* attendance: real-name attendance, day rows (date, hours) or raw punches
 * (punch_time); the shape is told by the header (RULES section 1). Each
 * in-scope row folds into its attended day (RULES 4.1). */
#include <string.h>

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

/* True when the specs' texts are those of the row handle got before
 * (m->row_same, D313) and that row set the cache: the cache's keys are
 * the row's, with no compare. */
static bool hinted(const wr_model *m, uint32_t specs)
{
    return (m->row_same & specs) == specs && m->last_attendance.is_prev; /* 0 at --jobs 1 */
}

#define PAIR_SPECS (1u << A_PROJECT | 1u << A_WORKER)

/* True when the row's project and worker are the previous row's. */
static bool cached_pair(const wr_model *m, uint32_t project, wr_str worker_id, uint32_t *pair)
{
    if (m->last_attendance.pair == WR_NONE || m->last_attendance.project != project)
        return false;
    if (hinted(m, PAIR_SPECS)) {
        *pair = m->last_attendance.pair;
        return true;
    }
    const wr_pair *p = WR_AT(m->pairs, wr_pair, m->last_attendance.pair);
    const wr_worker *w = WR_AT(m->workers, wr_worker, p->worker);
    if (w->id_len != worker_id.n || memcmp(w->id, worker_id.p, worker_id.n) != 0)
        return false;
    *pair = m->last_attendance.pair;
    return true;
}

/* The month of date (RULES 4), through the model's one-month cache. */
static wr_month month_of(wr_model *m, wr_day date)
{
    if (date < m->last_attendance.month_first || date > m->last_attendance.month_last) {
        wr_month month = wr_month_of_day(date);
        m->last_attendance.date_month = month;
        m->last_attendance.month_first = wr_month_first_day(month);
        m->last_attendance.month_last = wr_month_last_day(month);
    }
    return m->last_attendance.date_month;
}

#define DEFAULT_CENTI_HOURS 800 /* RULES 4.1: an empty hours is 8.00 */

wr_row_outcome wr_attendance_scope(const wr_model *m, const wr_value *v, uint32_t *project,
                                   wr_reason *reason, int *bad_spec)
{
    /* Rows come grouped by worker, so mostly the last used row's project:
     * one compare instead of hashing the id. */
    uint32_t last = m->last_attendance.project;
    wr_row_outcome o;
    if (m->last_attendance.pair != WR_NONE &&
        (hinted(m, 1u << A_PROJECT) ||
         wr_str_eq(wr_project_id(WR_AT(m->projects, wr_project, last)), v[A_PROJECT].text))) {
        *project = last; /* it was used, so it is selected (DECISIONS D9) */
        o = ROW_USED;
    } else {
        o = wr_input_project(m, v[A_PROJECT].text, A_PROJECT, project, reason, bad_spec);
    }
    if (o == ROW_USED && !wr_model_day_in_run(m, v[A_WHEN].day))
        return ROW_OUT_OF_SCOPE;
    return o;
}

/* The observer's on_day (explain's trace); false when out of memory. */
static bool observe_day(const wr_model *m, uint32_t day, wr_day_shape shape, int32_t value)
{
    const wr_row_observer *o = m->observer;
    return !o || !o->on_day || o->on_day(o->ctx, day, shape, value);
}

static wr_row_outcome handle(wr_model *m, int shape, const wr_value *v, wr_reason *reason,
                             int *bad_spec)
{
    uint32_t project;
    wr_row_outcome o = wr_attendance_scope(m, v, &project, reason, bad_spec);
    if (o != ROW_USED) {
        m->last_attendance.is_prev = false; /* the cache is an older row's */
        return o;
    }
    wr_day date = v[A_WHEN].day;
    wr_month month = month_of(m, date);
    uint32_t pair, bucket;
    if (!cached_pair(m, project, v[A_WORKER].text, &pair))
        pair = wr_input_pair(m, project, v[A_WORKER].text, v[A_NAME].text);
    else if (!WR_AT(m->pairs, wr_pair, pair)->roster_name && v[A_NAME].text.n > 0)
        pair = wr_input_pair(m, project, v[A_WORKER].text, v[A_NAME].text); /* sets the name */
    if (pair != WR_NONE && pair == m->last_attendance.pair && month == m->last_attendance.month)
        bucket = m->last_attendance.bucket;
    else
        bucket = pair == WR_NONE ? WR_NONE : wr_model_intern_bucket(m, pair, month);
    m->last_attendance.project = project;
    m->last_attendance.pair = pair;
    m->last_attendance.month = month;
    m->last_attendance.bucket = bucket;
    m->last_attendance.is_prev = true;
    uint32_t day = bucket == WR_NONE ? WR_NONE : wr_model_day_id(m, bucket, date);
    if (day == WR_NONE)
        return ROW_NOMEM;
    WR_AT(m->pairs, wr_pair, pair)->has_attendance = true;
    wr_day_shape how = shape == SHAPE_DAY ? WR_DAY_FROM_ROW : WR_DAY_FROM_PUNCH;
    int32_t value = shape == SHAPE_PUNCH ? v[A_WHEN].seconds
                    : v[A_HOURS].set     ? (int32_t)v[A_HOURS].num
                                         : DEFAULT_CENTI_HOURS;
    if (!wr_model_fold_day(m, day, how, value) || !observe_day(m, day, how, value))
        return ROW_NOMEM;
    return ROW_USED;
}

const wr_input_kind wr_attendance_input = {
    .role = "attendance", .specs_for = specs_for, .handle = handle,
    .key_worker_col = 1 + A_WORKER, .hint = wr_input_hint_pair,
    .hint_specs = WR_HINT_PAIR_SPECS, .ahead = wr_input_ahead_pair,
};
