/*
 * Flags (RULES section 5): built from the evaluated model, with their
 * stable flag_id, sorted as RULES section 6 says, and rendered as the
 * columns of flags.csv / flags.jsonl.
 */
#ifndef WR_FLAGS_H
#define WR_FLAGS_H

#include <stdio.h>

#include "../core/model.h"
#include "../types/buf.h"

enum {
    K_MISSING, K_UNDERPAID, K_LATE, K_OVERPAID, K_NO_CONTRACT, K_NO_ATTENDANCE,
    K_UNKNOWN_PAYEE, K_NAME_MISMATCH, K_RATE_BELOW_MINIMUM, K_INVALID_ID,
    K_CONTRACT_OVERLAP, K_DUPLICATE_TXN, K_UNKNOWN_ACCOUNT,
    /* v2 (RULES 5.3) */
    K_ALLOCATION_SHORT, K_UNPAID_HEADCOUNT, K_SHARED_CARD, K_LARGE_PAYMENT, K_LIST_THRESHOLD,
    K_DUE_SOON,
};
enum { SEV_HIGH, SEV_MEDIUM, SEV_LOW };

typedef struct {
    uint8_t kind;
    uint8_t severity; /* RULES 5.4: by kind, UNPAID_HEADCOUNT by its counts */
    uint32_t ref;  /* bucket, pair, txn, unknown-account or agg_flags index by kind */
    char id[17];
} wr_flag;

#define WR_FLAG_COLUMNS 17
extern const char *const wr_flag_column_names[WR_FLAG_COLUMNS];

/* A flag's cells; NULL where empty. Buffers live in the struct. */
typedef struct wr_flag_cells_s {
    const char *cell[WR_FLAG_COLUMNS];
    bool numeric[WR_FLAG_COLUMNS]; /* days_late, days_overdue */
    char due[11], period[8], owed[24], paid[24], on_time[24], shortfall[24];
    char days_late[16], days_overdue[16], detail[512];
} wr_flag_cells;

/* RULES 5.4 severity of a kind; UNPAID_HEADCOUNT's of a flag is
 * wr_headcount_severity. */
int wr_kind_severity(int kind);
int wr_headcount_severity(uint64_t unpaid, uint64_t attended);
/* RULES 5.4 basis text of a kind. */
const char *wr_kind_basis(int kind);
bool wr_is_bucket_kind(int kind); /* MISSING .. RATE_BELOW_MINIMUM, LARGE_PAYMENT, DUE_SOON */
bool wr_is_pair_kind(int kind);   /* INVALID_ID, CONTRACT_OVERLAP */
/* ALLOCATION_SHORT, UNPAID_HEADCOUNT, SHARED_CARD, LIST_THRESHOLD:
 * flags of a project, card or employer (wr_agg_flag_record). */
bool wr_is_agg_kind(int kind);

/* An agg flag's id (RULES 5.4) and cells. */
void wr_agg_flag_id(const wr_agg_flag_record *a, char id[17]);
struct wr_flag_cells_s;
void wr_agg_flag_render(const wr_agg_flag_record *a, const char *id,
                        struct wr_flag_cells_s *out);
/* Appends one flag's cells as a flags.csv record / a flags.jsonl line
 * to `line`, for the caller to write (D286); false when out of memory.
 * excel: the identifier columns (flag_id, project_id, employer_id,
 * worker_id, period) as text for Excel (DECISIONS D163). */
bool wr_flag_cells_csv(wr_buf *line, const struct wr_flag_cells_s *c, bool excel);
bool wr_flag_cells_jsonl(wr_buf *line, const struct wr_flag_cells_s *c);
/* The kind named `name`, or -1. */
int wr_kind_of_name(const char *name);

/* RULES 5.2 flag_id of kind|a|b|c (kind|a|b for DUPLICATE_TXN and
 * UNKNOWN_ACCOUNT): 16 lower-case hex digits plus NUL. */
void wr_flag_id(int kind, const char *a, const char *b, const char *c, char id[17]);

/* DECISIONS D19: the contract lines of the pair's first overlapping
 * contracts; false when none overlap. */
bool wr_find_contract_overlap(const wr_model *m, const wr_pair *p, uint32_t *line_a,
                              uint32_t *line_b);
const char *wr_severity_name(int sev);

/* RULES 5.3 DUE_SOON of an evaluated bucket (--warn-days). */
bool wr_bucket_due_soon(const wr_model *m, const wr_bucket *b);
/* DECISIONS D19: the account and txn_id of a DUPLICATE_TXN or
 * UNKNOWN_ACCOUNT flag from its flags.csv detail `account=A txn_id=T
 * rows=N...`: A and T may hold spaces, so each split is tried until one
 * hashes to flag_id. Both malloc'd (free them); false when none does. */
bool wr_account_detail_split(int kind, const char *detail, const char *flag_id, char **account,
                             char **txn_id);
/* DECISIONS D214: payees and paid of an UNKNOWN_ACCOUNT detail (its
 * end, ` payees=P paid=X`); false when it has none. */
bool wr_unknown_account_detail(const char *detail, uint32_t *payees, int64_t *paid_fen);
/* Builds and sorts all flags into `flags` (a vec of wr_flag): flag_set.c. */
bool wr_build_flags(wr_model *m, wr_vec *flags);
/* The same, with beside(arg) run once meanwhile: on a thread of its own
 * with --jobs 2 or more, while this thread builds the flags of pairs,
 * accounts, projects and employers (D378: the run's ledger and checks,
 * which read the buckets, pairs and payments, none of which this writes).
 * While beside runs, *flags holds the buckets' flags alone, in bucket
 * order, unchanged (every MISSING and UNDERPAID flag is one of them:
 * D459, the headline's counts), unless building them failed (false). */
bool wr_build_flags_beside(wr_model *m, wr_vec *flags, void (*beside)(void *), void *arg);
void wr_flag_render(const wr_model *m, const wr_flag *f, wr_flag_cells *out);
/* wr_flag_render's employer_id cell alone (NULL: empty). */
const char *wr_flag_employer_id(const wr_model *m, const wr_flag *f);
/* The (project, worker) pair of a bucket or pair flag; NULL for account flags. */
const wr_pair *wr_flag_pair(const wr_model *m, const wr_flag *f);
/* For cases and ledger: the project index of a flag, WR_NONE if none. */
uint32_t wr_flag_project(const wr_model *m, const wr_flag *f);
/* The shortfall of a MISSING/UNDERPAID flag (0 when owed unknown). */
int64_t wr_flag_shortfall(const wr_model *m, const wr_flag *f);

#endif
