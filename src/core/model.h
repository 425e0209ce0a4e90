/*
 * The run's in-memory model: what the readers build and the rules read.
 * Records live in growable arrays addressed by uint32 index; hash tables
 * (types/table.h) map normalised keys to those indices. Memory is bounded
 * by projects + contracts + (project, worker) pairs + buckets + attended
 * days + counted payments of the chosen periods, never by file size.
 */
#ifndef WR_MODEL_H
#define WR_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "../io/digest.h"
#include "../types/arena.h"
#include "../types/date.h"
#include "../types/reason.h"
#include "../types/row.h"
#include "../types/table.h"
#include "../types/vec.h"
#include "observer.h"
#include "wagerecon/wagerecon.h"

struct wr_store;

#define WR_OPEN_END INT32_MAX /* valid_to of an open-ended contract */

/* A covered project's statement (RULES 4.6), per period k of the run
 * (0 = the run's first). */
typedef struct {
    int64_t opening_in_fen, opening_out_fen; /* counted rows posted before the run */
    int64_t *credit_fen;  /* [k]: counted IN rows from the run's first day to due[k] */
    int64_t *owed_fen;    /* [k]: owed of the project's buckets of period k (4.6) */
    wr_day *due;          /* [k]: the project due date of period k (4.4a) */
} wr_statement;

typedef struct {
    const char *id, *name, *employer_id, *employer_name, *wage_account, *region;
    const char *client_id, *client_name; /* v2, "" when not given */
    int pay_day;    /* 0 when not set */
    bool selected;  /* chosen by --project (all when no --project) */
    wr_statement *statement; /* NULL: not covered (no in-scope statement row) */
    uint32_t id_len, wage_account_len; /* set by wr_model_add_project */
} wr_project;

static inline wr_str wr_project_id(const wr_project *p)
{
    return (wr_str){p->id, p->id_len};
}

typedef struct {
    const char *id; /* normalised */
    uint32_t id_len;
    int8_t valid;   /* GB 11643: -1 unknown yet, 0 no, 1 yes */
} wr_worker;

typedef struct {
    uint32_t project, worker;
    const char *roster_name;       /* RULES 4 / DECISIONS D11; NULL if none */
    const char *first_payee_name;  /* first counted payment's, for worker_name */
    uint32_t first_contract, last_contract; /* read-order list, WR_NONE */
    uint32_t first_bucket; /* the pair's buckets, newest first (next_in_pair); WR_NONE */
    bool has_contract, has_attendance;
} wr_pair;

typedef struct {
    uint32_t pair;
    uint32_t next;        /* next contract of the pair in read order */
    uint32_t line;        /* line in the contracts file */
    uint8_t rate_type;    /* wr_rate_type */
    uint8_t pay_day;      /* 0 when not set */
    int64_t rate_fen;
    wr_day valid_from, valid_to;
} wr_contract;

/* One attended (worker, project, date): RULES 4.1, as the rules read it.
 * Stored packed in its bucket's day block (wr_day_block); a day is named
 * by its id, block index x 32 + day of the month - 1. */
typedef struct {
    uint32_t bucket;
    wr_day date;
    uint16_t day_row_centi;  /* max hours of day-shape rows; 0 none */
    uint8_t punches;         /* punch rows, saturating at 2 */
    int32_t first_punch_sec, last_punch_sec;
} wr_attday;

/* A bucket's attended days by day of the month: its block's header here
 * (the day's id is the block's index x 32 + day of the month - 1), and
 * for each shape of row folded into it a block of words, one a day, 0
 * where no row of that shape was folded. Finding a row's day is one array
 * access, with no hashing and no table to grow, and the days come out in
 * date order. Issue 17: the days were a 20-byte record each in one
 * growing array, then 8-byte words in 256-byte blocks, then 6-byte words
 * (D291); now a day-row word is 2 bytes (the most 1/100 h, at most 2400;
 * a day row has hours > 0) and a punch word 5 (bits 0-1 punches, 2-18
 * first punch second, 19-35 last), a block of each made only for a
 * bucket with rows of that shape (D294). A day is attended when either
 * word is not 0. Header and words are apart: a bucket has words of a
 * shape only when rows of that shape fold into it, and the attendance
 * handler folds a row through its cache's pointer to the words (D370;
 * D270's day thread folded them until then). */
typedef struct {
    uint32_t bucket;
    wr_day month_start; /* first day of the bucket's period */
} wr_day_block;

typedef struct {
    uint16_t day[32]; /* the 32nd pads the block to one cache line */
} wr_day_row_words;

typedef struct {
    /* 31 words of 5 bytes, padded to 160: the last word is read and
     * written as 8 bytes (model.c). */
    unsigned char day[160];
} wr_day_punch_words;

#define WR_DAY_ID(block, dom0) ((uint32_t)(block) << 5 | (uint32_t)(dom0))

typedef enum { ST_NONE, ST_MISSING, ST_LATE, ST_UNDERPAID } wr_bucket_status;

typedef struct {
    uint32_t pair;
    wr_month period;
    uint32_t next_in_pair;        /* the pair's bucket made before this one; WR_NONE */
    uint32_t day_block;           /* in day_blocks; WR_NONE before the first day */
    int64_t paid_fen;             /* counted payments (RULES 4.5) */
    uint32_t counted_payments;
    /* Filled by the rules stage (fields ordered for a 64-byte record). */
    wr_day due_date;
    int64_t owed_fen, paid_on_time_fen;
    int32_t days_late;
    uint8_t n_days, no_contract_days; /* of a month: at most 31 */
    bool name_mismatch;           /* read */
    bool owed_known, due, below_minimum, overpaid;
    uint8_t status;               /* wr_bucket_status */
} wr_bucket;

_Static_assert(sizeof(wr_bucket) <= 64, "a bucket record fits a cache line (issue 17)");

/* A counted payment (RULES 4.5), in read order. */
typedef struct {
    uint32_t bucket;
    wr_day paid_at;
    int64_t amount_fen;
    char card_tail[4]; /* last 4 characters of payee_card (report.html); NUL-padded */
    uint32_t card;     /* the normalised payee_card in m->cards; WR_NONE when empty */
} wr_payment;

/* A (project, period) of the run with buckets: RULES 4.6 and 5.3. */
typedef struct {
    uint32_t project;
    wr_month period;
    uint32_t attended;  /* buckets with attended days, due or not (A) */
    uint32_t missing;   /* MISSING buckets (U) */
    int64_t owed_fen;   /* owed of buckets with attended days and owed_known */
} wr_project_period;

/* A flag of a project, card or employer rather than of a bucket or
 * pair (RULES 5.3): ALLOCATION_SHORT, UNPAID_HEADCOUNT, SHARED_CARD,
 * LIST_THRESHOLD. The run builds them from its model, the merge of parts
 * from the parts' facts; one renderer writes both (rules/flags.c). */
typedef struct {
    uint8_t kind, severity;
    const char *project_id, *employer_id; /* "" when none */
    const char *card;     /* SHARED_CARD: the normalised card (flag_id); else "" */
    wr_month period;      /* -1 none */
    wr_day due;           /* valid when has_due */
    bool has_due, has_owed, has_paid, has_shortfall, has_overdue;
    int64_t owed_fen, paid_fen, shortfall_fen;
    int32_t days_overdue;
    const char *detail;   /* "" when none */
} wr_agg_flag_record;

/* A statement (account_txns) row's (account, txn_id), first of in-scope rows. */
typedef struct {
    const char *account, *txn_id;
} wr_stmt_txn;

/* An in-scope (account, txn_id) pair, first row and repeats. */
typedef struct {
    const char *account, *txn_id;
    uint32_t rows;
} wr_txn;

/* An account that is no project's wage account. Of its rows (the first
 * of each (account, txn_id), any status): the distinct normalised
 * payee_ids and the first row's payee; paid_fen sums those with status
 * SUCCESS paid on or before as-of, what would have counted as paid from a
 * wage account (DECISIONS D214). */
typedef struct {
    const char *account, *first_txn_id;
    uint32_t rows; /* distinct (account, txn_id) first rows */
    uint32_t payees;
    const char *first_payee_id, *first_payee_name; /* name "" when not given */
    int64_t paid_fen;
} wr_unknown_account;

/* One (unknown account, payee) pair, for counting payees once. */
typedef struct {
    uint32_t account;
    const char *payee_id;
} wr_unknown_payee;

typedef struct {
    const char *region;
    wr_day effective_from;
    int64_t monthly_fen, hourly_fen; /* hourly_fen < 0 when not given */
} wr_min_wage;

typedef struct {
    wr_day date;
    uint8_t kind; /* wr_day_kind */
} wr_holiday;

typedef struct {
    uint32_t file;    /* index into report files */
    uint64_t line;
    const char *column; /* static spec name, "" for FIELD_COUNT */
    wr_reason reason;
    const char *raw;    /* only with --rejects-raw */
} wr_reject;

typedef struct {
    const char *word;
    uint64_t rows;
    int64_t amount_fen;
} wr_status_count;

typedef struct wr_model {
    const wr_options *opt;
    wr_report *report;
    wr_arena arena;
    wr_vec projects, workers, pairs, contracts, buckets, payments;
    wr_vec txns, unknown_accounts, min_wages, holidays, rejects, statuses;
    wr_vec unknown_payees; /* wr_unknown_payee */
    wr_vec day_blocks; /* wr_day_block, for wr_model_day_id */
    /* The words of the day blocks (D294): row_words_of and
     * punch_words_of give a block's index in day_row_words
     * (wr_day_row_words) and day_punch_words (wr_day_punch_words), WR_NONE
     * when none. */
    wr_vec row_words_of, punch_words_of; /* uint32_t, by block */
    wr_vec day_row_words, day_punch_words;
    wr_vec cards;      /* const char *: normalised payee cards (SHARED_CARD) */
    wr_vec card_uses;  /* wr_card_use (rules/supervision.h): reserved after reading (D297) */
    wr_vec stmt_txns;  /* wr_stmt_txn */
    wr_vec project_periods; /* wr_project_period, built by the rules stage */
    wr_vec agg_flags;  /* wr_agg_flag_record */
    wr_vec list_employers; /* const char *: employers at LIST_THRESHOLD, sorted */
    wr_table card_by_text, stmt_txn_by_key;
    /* project x n_periods + (period - from): the index in project_periods,
     * WR_NONE; made on first use, after reading (D292: the hash table it
     * replaces took ~57 M instructions at 100k workers). */
    uint32_t *project_period_index;
    /* RULES 5.3 thresholds in effect (the options or their defaults). */
    int64_t large_payment_fen, list_worker_fen, list_total_fen;
    uint32_t n_periods; /* of the run */
    wr_table project_by_id, project_by_account, worker_by_id, pair_by_key;
    wr_table txn_by_key, unknown_by_account, unknown_payee_by_key;
    wr_table holiday_by_date, min_wage_by_key;
    wr_day run_first_day, run_last_day; /* first and last day of the run's periods */
    int64_t counted_total_fen;   /* control total, summed as rows are read */
    uint64_t counted_rows;
    bool overflow;               /* an amount sum left int64 */
    uint64_t current_line;       /* line of the row being handled */
    /* Set by the reader before the handler gets a row (D313): bit
     * WR_SAME_TEXT(i) of a text or ID spec i, its text is that of the row
     * the handler got before, from the same file; 0 where not known
     * (--jobs 1). Other bits mean nothing (D388: the slot's halves). */
    uint32_t row_same;
#define WR_SAME_TEXT(spec) (1u << 2 * (spec))
    /* Set with row_same (D386): bit k, row_hash[k] is the hash the parsing
     * thread made of the row's key k for its hint (wr_csvpar_hint.key[k],
     * the kind's order), so the handler does not hash it again; 0 where
     * none was made (--jobs 1, a row of the row before's keys). */
    uint32_t row_hashed;
    const uint64_t *row_hash;
    uint32_t current_file;       /* its file: index into report files */
    /* wr_digest_acc by file index: each input's digest as far as its
     * reading took it (D331); wr_digest_inputs reads the rest. */
    wr_vec digests;
    /* Who watches the readers (core/observer.h), NULL in a run: explain's
     * trace, the partitioner. */
    const struct wr_row_observer *observer;
    /* With --store (store/store.h): this run against the store, for
     * report.html's marks; NULL otherwise. */
    const struct wr_store *store;
    /* Attendance rows come grouped by worker, in date order: the last
     * used row's pair and the block of its bucket (pair, month), so that
     * a row of the same pair and month finds its day with one ID compare
     * and no lookup (D362). No cache: pair WR_NONE and month_days 0. */
    struct {
        uint32_t project, pair;
        wr_str project_id, worker_id; /* theirs (in the arena) */
        bool named;           /* the pair had its roster name (D11) */
        uint32_t block;       /* the bucket's day block */
        wr_day month_first;   /* the bucket's period: its first day, */
        uint32_t month_days;  /* and its days */
        /* The block's words of the shape words_shape (D370): the row's
         * day folds into them with no lookup. Set with the block; made
         * NULL when words are made for any block (their array moves). */
        void *words;
        wr_day_shape words_shape;
        /* The cache is the row the handler got before's (D313): false
         * once a row was not used. */
        bool is_prev;
    } last_attendance;
    /* The same for counted payments: a bank file lists a worker's rows
     * together more often than not. */
    struct {
        uint32_t project, pair, bucket;
        wr_month period;
        uint32_t card; /* the last row's normalised card, WR_NONE */
        /* D322: the last payment row's account as read, its project
         * (WR_NONE: no wage account) and hash; and the last counted row's
         * card as read and its id (card above's, WR_NONE when empty). A
         * length past the buffer: none kept. */
        uint32_t account_n, account_project, card_text_n, card_text_id;
        uint64_t account_hash;
        char account[32], card_text[32];
        /* the last in-scope row's status as read, its record in statuses */
        uint32_t status_n, status_index;
        char status[16];
        /* D366: the last counted row's payee name as read (a length past
         * the buffer: none kept), the roster name it was compared with
         * (the pair's, in the arena) and whether the two differ. */
        const char *name_roster;
        uint32_t name_n;
        bool name_differs;
        char name[48];
    } last_payment;
} wr_model;

/* Element i of vec as a `type` (asserted: i < len, and type the vec's
 * element size). */
#define WR_AT(vec, type, i) \
    (assert((vec).elem_size == sizeof(type)), (type *)wr_vec_at(&(vec), (i)))

bool wr_model_init(wr_model *m, const wr_options *opt, wr_report *report);
void wr_model_free(wr_model *m);

/* Lookups; WR_NONE when absent. */
uint32_t wr_model_find_project(const wr_model *m, wr_str id);
uint32_t wr_model_find_account(const wr_model *m, wr_str account);
/* The same with the key's wr_hash_bytes given (D386). */
uint32_t wr_model_find_project_hashed(const wr_model *m, wr_str id, uint64_t hash);
uint32_t wr_model_find_account_hashed(const wr_model *m, wr_str account, uint64_t hash);
uint32_t wr_model_find_worker(const wr_model *m, wr_str id);
uint32_t wr_model_find_pair(const wr_model *m, uint32_t project, uint32_t worker);

/* Find-or-create; WR_NONE only when out of memory. */
uint32_t wr_model_intern_worker(wr_model *m, wr_str id);
uint32_t wr_model_intern_worker_hashed(wr_model *m, wr_str id, uint64_t hash);
uint32_t wr_model_intern_pair(wr_model *m, uint32_t project, uint32_t worker);
/* The same with wr_hash_bytes of the worker's id given (the worker
 * table's hash of it, D455). */
uint32_t wr_model_intern_pair_hashed(wr_model *m, uint32_t project, uint32_t worker,
                                     uint64_t worker_hash);
uint32_t wr_model_intern_bucket(wr_model *m, uint32_t pair, wr_month period);
/* The id of the day (bucket, date), its bucket's block made on its
 * first day; the day is attended once a row is folded into it. */
uint32_t wr_model_day_id(wr_model *m, uint32_t bucket, wr_day date);
/* A normalised card (RULES 5.3 SHARED_CARD), non-empty. */
uint32_t wr_model_intern_card(wr_model *m, wr_str card);
uint32_t wr_model_intern_card_hashed(wr_model *m, wr_str card, uint64_t hash);

/* The hash of the row's key k (text): the parsing thread's when it made
 * one (D386), else made here. */
static inline uint64_t wr_model_row_hash(const wr_model *m, unsigned k, wr_str text)
{
    return m->row_hashed >> k & 1 ? m->row_hash[k] : wr_hash_bytes(text.p, text.n);
}
/* Looking up ahead (D307, inputs/input.h's hint and ahead): stage 0 of
 * what a lookup will read fetches the table's slot, stage 1 (rows later)
 * reads it and fetches the record it points to. The hashes are
 * wr_hash_bytes of the key's bytes (a normalised worker id, a project_id,
 * an account, a normalised card), as the lookups hash them; fetches
 * only, nothing changes. */
/* wr_input_pair of the worker of worker_hash in the project of
 * project_hash (by its project_id, or by_account its wage account). */
void wr_model_ahead_pair(const wr_model *m, uint64_t project_hash, bool by_account,
                         uint64_t worker_hash, int stage);
void wr_model_ahead_card(const wr_model *m, uint64_t card_hash, int stage);

/* The (project, period) record of the rules stage; period one of the
 * run's, and no project added after the first call. */
uint32_t wr_model_intern_project_period(wr_model *m, uint32_t project, wr_month period);

/* RULES 4.1: a day row's 1/100 hours folded into its day's word (the
 * most of the day's rows; 0 < centi <= 2400, money.c). */
static inline void wr_fold_row_word(wr_day_row_words *w, uint32_t dom0, int32_t centi)
{
    if ((uint16_t)centi > w->day[dom0])
        w->day[dom0] = (uint16_t)centi;
}

#define WR_PUNCH_SEC_MASK 0x1FFFFu /* seconds of the day are below 2^17 (86400) */
#define WR_PUNCH_MASK (((uint64_t)1 << 40) - 1)
#define WR_PUNCH_BYTES 5

/* RULES 4.1: a punch's second of the day folded into its day's 5-byte
 * word (bits 0-1 punches up to 2, 2-18 the first, 19-35 the last), read
 * and written as 8 bytes: the 3 above are the next day's, kept. */
static inline void wr_fold_punch_word(wr_day_punch_words *w, uint32_t dom0, int32_t second)
{
    unsigned char *at = w->day + dom0 * WR_PUNCH_BYTES;
    uint64_t v = (uint32_t)second, old8;
    memcpy(&old8, at, sizeof old8);
    uint64_t old = old8 & WR_PUNCH_MASK, punches = old & 3;
    uint64_t first = old >> 2 & WR_PUNCH_SEC_MASK, last = old >> 19; /* bits 36-39 are 0 */
    if (punches == 0 || v < first)
        first = v;
    if (v > last) /* no punch yet: last is 0, and v, if 0, is already it */
        last = v;
    punches += punches < 2;
    old8 += (punches | first << 2 | last << 19) - old; /* the low 40 bits replaced */
    memcpy(at, &old8, sizeof old8);
}

/* The words of a shape of day block `block` (a wr_day_row_words or a
 * wr_day_punch_words), made zeroed when it has none; NULL when out of
 * memory. The pointer holds until words are made for another block
 * (the arrays grow): the attendance cache keeps it for its block (D370). */
void *wr_model_day_words(wr_model *m, uint32_t block, wr_day_shape shape);

/* Folds an attendance row into its day (RULES 4.1), marking it
 * attended: a day row's 1/100 hours (the most of the day's rows), or a
 * punch's second of the day (the first and the last, punches counted up
 * to 2). False when out of memory. */
bool wr_model_fold_day(wr_model *m, uint32_t day, wr_day_shape shape, int32_t value);

/* An attended day by id, unpacked. */
wr_attday wr_model_day(const wr_model *m, uint32_t day);

/* A bucket's attended days in date order: their ids into ids[31];
 * returns how many. */
uint32_t wr_model_bucket_days(const wr_model *m, uint32_t bucket, uint32_t ids[31]);
/* The same as a mask: bit dom0 set when day dom0 + 1 of the bucket's
 * month is attended (its id WR_DAY_ID(its day_block, dom0)). The rules
 * count a contract's days in a month with one popcount (D354). */
uint32_t wr_model_bucket_day_mask(const wr_model *m, uint32_t bucket);

typedef enum {
    WR_ADD_OK,
    WR_ADD_DUPLICATE,        /* the key was already read */
    WR_ADD_DUPLICATE_SECOND, /* projects: the wage_account was already read */
    WR_ADD_NOMEM,
} wr_add_result;

/* Reference rows: the first row of a key wins (DECISIONS D4). Strings in
 * the records must already live in the arena. */
wr_add_result wr_model_add_project(wr_model *m, const wr_project *p);
wr_add_result wr_model_add_holiday(wr_model *m, wr_day date, uint8_t kind);
wr_add_result wr_model_add_min_wage(wr_model *m, const wr_min_wage *w);

/* Appends contract `index` to its pair's read-order list. */
void wr_model_link_contract(wr_model *m, uint32_t index);

/* A holiday kind for date: 0 none, 1 + wr_day_kind otherwise. */
int wr_model_day_kind(const wr_model *m, wr_day date);

/* RULES 4: is a month one of the run's periods? */
static inline bool wr_model_month_in_run(const wr_model *m, wr_month month)
{
    return month >= m->opt->from_month && month <= m->opt->to_month;
}

/* The same for a date: is its month one of the run's periods? */
static inline bool wr_model_day_in_run(const wr_model *m, wr_day day)
{
    return day >= m->run_first_day && day <= m->run_last_day;
}

/* A pair's worker name (RULES 4, DECISIONS D11): the roster's, else the
 * first counted payment's payee_name, else "". */
static inline const char *wr_pair_worker_name(const wr_pair *p)
{
    if (p->roster_name)
        return p->roster_name;
    return p->first_payee_name ? p->first_payee_name : "";
}

/* Copies text into the run's arena; NULL when out of memory. */
const char *wr_model_strdup(wr_model *m, wr_str s);

#endif
