/*
 * What a flag_id stands for: its kind and the worker (bucket and pair
 * flags), account and txn_id (DUPLICATE_TXN, UNKNOWN_ACCOUNT) or project
 * (ALLOCATION_SHORT, UNPAID_HEADCOUNT, SHARED_CARD) whose rows explain
 * has to read.
 */
#ifndef WR_EXPLAIN_TARGET_H
#define WR_EXPLAIN_TARGET_H

#include "../rules/flags.h"

typedef struct {
    int kind;
    char *worker;           /* normalised worker_id, or NULL */
    char *account, *txn_id; /* or NULL */
    char *project;          /* RULES 5.3 kinds of a project: its id, else NULL */
} wr_flag_target;

/* 16 lower-case hex digits (DECISIONS D24)? */
bool wr_flag_id_well_formed(const char *id);

/* From a previous run's flags.csv. Returns 0, or WR_EINPUT (err set). */
int wr_flag_target_from_csv(const char *flags_csv, const char *flag_id, wr_flag_target *t,
                            wr_error *err);
/* By evaluating every input of opt. Returns 0, or WR_EINPUT (err set). */
int wr_flag_target_from_run(const wr_options *opt, const char *flag_id, wr_flag_target *t,
                            wr_error *err);
void wr_flag_target_free(wr_flag_target *t);

#endif
