/*
 * The rules stage (RULES sections 4 and 5.1): from the model the readers
 * built, computes each bucket's attended days, owed, due date, paid,
 * status and the per-bucket conditions the flags need.
 */
#ifndef WR_RULES_H
#define WR_RULES_H

#include "../core/model.h"

/* RULES 4.1: the hours of an attended day, 1/100 h. */
int32_t wr_attday_centi_hours(const wr_attday *d);

/* RULES 4.2: the contract of `pair` applicable on `date`, or WR_NONE. */
uint32_t wr_applicable_contract(const wr_model *m, uint32_t pair, wr_day date);
/* The same, and *until (> date): the first later date on which a contract
 * of the pair starts or ends its validity (INT32_MAX: none), before which
 * every date has the same answer; evaluate asks once per run of days, not
 * per day (D354). */
uint32_t wr_applicable_contract_run(const wr_model *m, uint32_t pair, wr_day date,
                                    wr_day *until);

/* RULES 4.4: the due date of a period's wages at the given pay day
 * (0: the default 15), clipped to month end and moved back over rest
 * days and holidays. */
wr_day wr_due_date(const wr_model *m, wr_month period, int pay_day);

/* The same, with each step kept for `explain`. */
#define WR_DUE_MAX_MOVES 32
typedef enum { DUE_MOVED_WEEKEND, DUE_MOVED_HOLIDAY } wr_due_move;
typedef struct {
    int pay_day;          /* the one used (15 when none was set) */
    int days_in_month;    /* of month period + 1 */
    wr_day start;         /* pay_day of month period + 1, clipped */
    uint32_t n_moves;     /* days moved back; the first WR_DUE_MAX_MOVES kept */
    struct {
        wr_day from;
        uint8_t why;      /* wr_due_move */
    } moves[WR_DUE_MAX_MOVES];
} wr_due_steps;
wr_day wr_due_date_steps(const wr_model *m, wr_month period, int pay_day, wr_due_steps *steps);

/* RULES 4.3: owed for `days` attended days (with `centi_fen` = the sum of
 * hours x rate, 1/100 h x fen) under contract c; 0 for PIECE. */
int64_t wr_contract_owed_fen(const wr_contract *c, int64_t days, __int128 centi_fen,
                             bool *overflow);

/* The min_wage row in force for region on date (latest effective_from
 * <= date), or NULL. */
const wr_min_wage *wr_min_wage_in_force(const wr_model *m, const char *region, wr_day date);

/* wr_min_wage_in_force's answer for one region and the days [from,
 * until) over which it holds: asked again for a day in them, with the
 * same region pointer, it is that answer without a scan (the scan's
 * strcmp per row of min_wage was ~5% of a run when evaluate asked for
 * every attended day, issue 17; it asks once a stretch now, D355, with
 * a memo of its thread's per project and month). Zeroed: holds nothing. */
typedef struct {
    const char *region;
    wr_day from, until;
    const wr_min_wage *w;
} wr_min_wage_memo;

/* RULES 5.2 RATE_BELOW_MINIMUM for one attended day under contract c;
 * memo (or NULL) remembers the minimum in force between calls. */
bool wr_rate_below_minimum(const wr_model *m, wr_min_wage_memo *memo, const wr_contract *c,
                           uint32_t project, wr_day date);
/* The same, and *until (> date): the first later date on which a min_wage
 * row of the project's region takes effect (INT32_MAX: none, or the
 * project has no region, or c is PIECE), before which every date has the
 * same answer under c (D355). memo: as above, not NULL. */
bool wr_rate_below_minimum_run(const wr_model *m, wr_min_wage_memo *memo, const wr_contract *c,
                               uint32_t project, wr_day date, wr_day *until);
/* A RATE_BELOW_MINIMUM bucket's first attended day whose contract rate is
 * below the minimum in force, that contract and that minimum (explain and
 * report.html's detail); false when no day is. */
typedef struct {
    wr_day day;
    uint32_t contract;
    const wr_min_wage *min_wage;
} wr_below_minimum;
bool wr_bucket_first_below_minimum(const wr_model *m, uint32_t bucket, wr_below_minimum *out);
/* Its rate against the minimum, RULES 5.2's comparison in words:
 * "DAY 100.00 < monthly 2690.00 / 21.75 (100.00 x 21.75 < 2690.00)". */
void wr_below_minimum_comparison(const wr_model *m, const wr_below_minimum *b, char buf[160]);

/* Evaluates every bucket. False when out of memory. */
bool wr_evaluate_buckets(wr_model *m);

/* Index of items grouped by bucket: items of bucket b are
 * order[start[b] .. start[b + 1]), in their original order. */
typedef struct {
    uint32_t *start; /* n_buckets + 1 */
    uint32_t *order;
} wr_grouping;

bool wr_group_by_bucket(const wr_vec *items, size_t bucket_offset, size_t n_buckets,
                        wr_grouping *g);
void wr_grouping_free(wr_grouping *g);

#endif
