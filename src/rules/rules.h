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

/* RULES 4.4: the due date of a period's wages at the given pay day,
 * clipped to month end and moved back over rest days and holidays. */
wr_day wr_due_date(const wr_model *m, wr_month period, int pay_day);

/* RULES 5.2 RATE_BELOW_MINIMUM for one attended day under contract c. */
bool wr_rate_below_minimum(const wr_model *m, const wr_contract *c, uint32_t project, wr_day date);

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
