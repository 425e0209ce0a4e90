/*
 * The merge of parts (merge.c drives; merge_flags.c and merge_ledger.c
 * combine one output each). Everything here reads wagerecon's own
 * outputs back, so a part that is missing, foreign or inconsistent is
 * told, never silently merged.
 */
#ifndef WR_MERGE_H
#define WR_MERGE_H

#include <stdio.h>

#include "../core/model.h"
#include "../outputs/outputs.h"
#include "scaleout.h"

/* What the merged flags give the other outputs. */
typedef struct {
    uint64_t by_kind[WR_N_KINDS];
    wr_vec cases;              /* wr_case_flag, flags.csv order */
    wr_vec arrears_employers;  /* const char *, of MISSING/UNDERPAID flags */
    wr_vec arrears_workers;
    int64_t arrears_fen;       /* sum of their shortfall */
    bool overflow;
} wr_merged_flags;

/* K-way merge of the parts' sorted flags.csv (and flags.jsonl, line for
 * line) into out_csv/out_jsonl. `projects` gives employer names. Returns
 * 0, WR_EINPUT (unreadable part) or WR_ECHECK (one flag in two parts);
 * err set. Strings in `mf` live in `arena`. */
int wr_merge_flags(const char *const *part_out, size_t n, FILE *out_csv, FILE *out_jsonl,
                   const wr_model *projects, wr_arena *arena, wr_merged_flags *mf,
                   wr_error *err);

/* Sums the parts' ledger.csv per (project, period): counts and money
 * add, max_days_late is the largest. Writes the merged ledger to out and
 * its arrears total to *arrears_fen. Returns 0 or WR_EINPUT (err set). */
int wr_merge_ledger(const char *const *part_out, size_t n, FILE *out, int64_t *arrears_fen,
                    bool *overflow, wr_error *err);

#endif
