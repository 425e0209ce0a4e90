/*
 * RULES 4.6 and 5.3: the supervision signals that belong to a project,
 * a card or an employer rather than to one worker (ALLOCATION_SHORT,
 * UNPAID_HEADCOUNT, SHARED_CARD, LIST_THRESHOLD). Each is computed here
 * from plain facts, so that a run (from its model) and the merge of parts
 * (from the parts' facts, docs/SCALE_OUT.md) make the same records.
 * Records are wr_agg_flag_record (core/model.h), strings in `arena`.
 */
#ifndef WR_SUPERVISION_H
#define WR_SUPERVISION_H

#include "../core/model.h"

/* A shortfall-bearing flag (UNDERPAID, or MISSING with owed known). */
typedef struct {
    const char *employer_id, *worker_id;
    wr_month period;
    int64_t shortfall_fen;
} wr_shortfall_item;

/* The run's shortfall-bearing flags among `flags` into items (room for
 * flags->len); returns how many. */
size_t wr_shortfall_items(const wr_model *m, const wr_vec *flags, wr_shortfall_item *items);

/* RULES 5.3 LIST_THRESHOLD: one record per employer that reaches it.
 * Sorts items. False when out of memory. */
bool wr_list_threshold_flags(wr_shortfall_item *items, size_t n, int64_t worker_min_fen,
                             int64_t total_min_fen, wr_vec *out);

/* A counted payment's (project, period, card, payee), card normalised.
 * The texts are numbers, equal numbers for equal texts (DECISIONS D276):
 * `project` indexes a wr_project array, `card` a const char * array of
 * normalised cards, `payee` a worker (a run: the model's projects, cards
 * and workers). */
typedef struct {
    uint32_t project, card, payee;
    wr_month period;
    int64_t paid_fen;
} wr_card_use;

/* Room in m->card_uses for a use per counted payment, for SHARED_CARD.
 * Called after reading too: with the prefault thread the array's pages
 * are then made while the rules run, not when SHARED_CARD fills it on
 * the calling thread (D297: ~15 ms of its path at 100k workers). False
 * when out of memory. */
bool wr_reserve_card_uses(wr_model *m);

/* Counted payment i as a card use; false when it has no card. */
bool wr_card_use_of(const wr_model *m, size_t i, wr_card_use *u);

/* The last 4 characters (UTF-8) of a card: all a person may see. */
const char *wr_card_last4(const char *card);

/* RULES 5.3 SHARED_CARD: a record per (project, card, period) with two or
 * more distinct payees, in the order of the project's id, the card's text
 * and the period. projects: wr_project, cards: const char *, the texts of
 * the uses' numbers (every number below their len). False when out of
 * memory. */
bool wr_shared_card_flags(const wr_card_use *uses, size_t n, const wr_vec *projects,
                          const wr_vec *cards, wr_arena *arena, wr_vec *out);

/* The same in two steps (D378): the groups, a (project, card, period) of
 * two payees or more each, in the records' order, found without the
 * arena or `out` (so beside other work on them), then their records. */
typedef struct {
    uint32_t use, payees; /* use: one of the group's uses */
    int64_t paid_fen;
} wr_shared_group;
bool wr_shared_card_groups(const wr_card_use *uses, size_t n, const wr_vec *projects,
                           const wr_vec *cards, wr_vec *groups);
bool wr_shared_card_records(const wr_vec *groups, const wr_card_use *uses,
                            const wr_vec *projects, const wr_vec *cards, wr_arena *arena,
                            wr_vec *out);

/* RULES 5.3 UNPAID_HEADCOUNT of (project, period): U MISSING flags
 * among A buckets with attended days; due = the project due date. */
bool wr_headcount_flag(const char *project_id, const char *employer_id, wr_month period,
                       wr_day due, uint64_t unpaid, uint64_t attended, wr_arena *arena,
                       wr_vec *out);

/* RULES 4.6 of one covered project over the run's n periods (k = 0 the
 * first, `from`): per period its owed, its counted IN credits from the
 * run's first day up to its project due date, and that due date. */
typedef struct {
    int64_t opening_in_fen, opening_out_fen;
    const int64_t *credit_fen, *owed_fen;
    const wr_day *due;
    uint32_t n;
    wr_month from;
} wr_alloc_view;

/* RULES 5.3 ALLOCATION_SHORT for each period due before as_of that is
 * short; *latest_shortfall_fen gets the shortfall of the last one (0 if
 * none). False when out of memory. */
bool wr_allocation_flags(const wr_alloc_view *v, const char *project_id,
                         const char *employer_id, const char *client_id, wr_day as_of,
                         int64_t tolerance_fen, wr_arena *arena, wr_vec *out,
                         int64_t *latest_shortfall_fen);

/* The run's (project, period) records (m->project_periods): A, U, owed. */
bool wr_build_project_periods(wr_model *m);

/* RULES 5.3: the project, card and employer kinds into m->agg_flags,
 * from the model and the bucket flags built so far, in three steps, so
 * that SHARED_CARD's groups (every counted payment with a card, put in
 * order) are found on a thread of their own beside the rest (D378):
 * - wr_run_card_groups: the groups (wr_shared_group) into `groups`; it
 *   reads the model and writes m->card_uses only;
 * - wr_build_agg_flags: UNPAID_HEADCOUNT and ALLOCATION_SHORT into
 *   m->agg_flags, LIST_THRESHOLD's records into `list` (wr_agg_flag_record);
 * - wr_finish_agg_flags: SHARED_CARD's records, then `list`'s, into
 *   m->agg_flags (that order: the records' order before D378); frees
 *   m->card_uses.
 * Each false when out of memory. */
bool wr_run_card_groups(wr_model *m, wr_vec *groups);
bool wr_build_agg_flags(wr_model *m, const wr_vec *flags, wr_vec *list);
bool wr_finish_agg_flags(wr_model *m, const wr_vec *groups, const wr_vec *list);

/* The summary's lists from the agg records (DECISIONS D60): the
 * allocation headline and the employers at LIST_THRESHOLD (sorted, into
 * `employers`, const char *). */
bool wr_supervision_summary(const wr_vec *agg, wr_report *rep, wr_vec *employers);

#endif
