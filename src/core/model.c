#include "model.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

bool wr_model_init(wr_model *m, const wr_options *opt, wr_report *report)
{
    memset(m, 0, sizeof *m);
    m->opt = opt;
    m->report = report;
    m->last_attendance.pair = WR_NONE;
    m->last_payment.pair = WR_NONE;
    m->last_payment.card = WR_NONE;
    m->last_payment.account_n = m->last_payment.card_text_n = UINT32_MAX; /* none kept */
    m->last_payment.status_n = m->last_payment.name_n = UINT32_MAX;
    m->run_first_day = wr_month_first_day(opt->from_month);
    m->run_last_day = wr_month_last_day(opt->to_month);
    wr_arena_init(&m->arena);
    wr_vec_init(&m->projects, sizeof(wr_project));
    wr_vec_init(&m->digests, sizeof(wr_digest_acc));
    wr_vec_init(&m->workers, sizeof(wr_worker));
    wr_vec_init(&m->pairs, sizeof(wr_pair));
    wr_vec_init(&m->contracts, sizeof(wr_contract));
    wr_vec_init(&m->buckets, sizeof(wr_bucket));
    wr_vec_init(&m->payments, sizeof(wr_payment));
    wr_vec_init(&m->txns, sizeof(wr_txn));
    wr_vec_init(&m->unknown_accounts, sizeof(wr_unknown_account));
    wr_vec_init(&m->unknown_payees, sizeof(wr_unknown_payee));
    wr_vec_init(&m->min_wages, sizeof(wr_min_wage));
    wr_vec_init(&m->holidays, sizeof(wr_holiday));
    wr_vec_init(&m->rejects, sizeof(wr_reject));
    wr_vec_init(&m->statuses, sizeof(wr_status_count));
    wr_vec_init(&m->day_blocks, sizeof(wr_day_block));
    wr_vec_init(&m->row_words_of, sizeof(uint32_t));
    wr_vec_init(&m->punch_words_of, sizeof(uint32_t));
    wr_vec_init(&m->day_row_words, sizeof(wr_day_row_words));
    wr_vec_init(&m->day_punch_words, sizeof(wr_day_punch_words));
    wr_vec_init(&m->cards, sizeof(const char *));
    wr_vec_init(&m->stmt_txns, sizeof(wr_stmt_txn));
    wr_vec_init(&m->project_periods, sizeof(wr_project_period));
    wr_vec_init(&m->agg_flags, sizeof(wr_agg_flag_record));
    wr_vec_init(&m->list_employers, sizeof(const char *));
    /* RULES 5.3 defaults: 50000.00, 5000.00, 30000.00 yuan. */
    m->large_payment_fen = opt->large_payment_set ? opt->large_payment_fen : 5000000;
    m->list_worker_fen = opt->list_worker_set ? opt->list_worker_fen : 500000;
    m->list_total_fen = opt->list_total_set ? opt->list_total_fen : 3000000;
    m->n_periods = (uint32_t)(opt->to_month - opt->from_month + 1);
    /* D210: what the summary, the terminal and the page show of them. */
    report->as_of_day = opt->as_of_day;
    report->from_month = opt->from_month;
    report->to_month = opt->to_month;
    report->tolerance_fen = opt->tolerance_fen;
    report->large_payment_fen = m->large_payment_fen;
    report->list_worker_fen = m->list_worker_fen;
    report->list_total_fen = m->list_total_fen;
    report->warn_days = opt->warn_days;
    return true;
}

void wr_model_free(wr_model *m)
{
    for (size_t i = 0; i < m->digests.len; i++)
        wr_digest_acc_free(wr_vec_at(&m->digests, i));
    wr_vec *vecs[] = {&m->projects, &m->workers, &m->pairs, &m->contracts,
                      &m->buckets, &m->payments, &m->txns, &m->unknown_accounts,
                      &m->unknown_payees,
                      &m->min_wages, &m->holidays, &m->rejects, &m->statuses,
                      &m->day_blocks, &m->row_words_of, &m->punch_words_of,
                      &m->day_row_words, &m->day_punch_words, &m->cards, &m->card_uses,
                      &m->stmt_txns, &m->digests,
                      &m->project_periods,
                      &m->agg_flags, &m->list_employers};
    for (size_t i = 0; i < sizeof vecs / sizeof vecs[0]; i++)
        wr_vec_free(vecs[i]);
    wr_table *tables[] = {&m->project_by_id, &m->project_by_account, &m->worker_by_id,
                          &m->pair_by_key,
                          &m->txn_by_key, &m->unknown_by_account, &m->unknown_payee_by_key,
                          &m->holiday_by_date,
                          &m->min_wage_by_key, &m->card_by_text, &m->stmt_txn_by_key};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
        wr_table_free(tables[i]);
    free(m->project_period_index);
    wr_arena_free(&m->arena);
}

const char *wr_model_strdup(wr_model *m, wr_str s)
{
    return wr_arena_strndup(&m->arena, s.p, s.n);
}

/* ---- key equality callbacks: ctx is the model ---- */

static bool project_id_eq(const void *ctx, uint32_t i, const void *key)
{
    return wr_str_eq(wr_project_id(WR_AT(((const wr_model *)ctx)->projects, wr_project, i)),
                     *(const wr_str *)key);
}

static bool project_account_eq(const void *ctx, uint32_t i, const void *key)
{
    const wr_project *p = WR_AT(((const wr_model *)ctx)->projects, wr_project, i);
    return wr_str_eq((wr_str){p->wage_account, p->wage_account_len}, *(const wr_str *)key);
}

static bool worker_eq(const void *ctx, uint32_t i, const void *key)
{
    const wr_worker *w = WR_AT(((const wr_model *)ctx)->workers, wr_worker, i);
    const wr_str *k = key;
    return w->id_len == k->n && memcmp(w->id, k->p, k->n) == 0;
}

typedef struct {
    uint32_t a, b;
} pair_key;

static bool pair_eq(const void *ctx, uint32_t i, const void *key)
{
    const wr_pair *p = WR_AT(((const wr_model *)ctx)->pairs, wr_pair, i);
    const pair_key *k = key;
    return p->project == k->a && p->worker == k->b;
}

static bool holiday_eq(const void *ctx, uint32_t i, const void *key)
{
    return WR_AT(((const wr_model *)ctx)->holidays, wr_holiday, i)->date == *(const wr_day *)key;
}

/* ---- lookups ---- */

uint32_t wr_model_find_project_hashed(const wr_model *m, wr_str id, uint64_t hash)
{
    return wr_table_find(&m->project_by_id, hash, &id, project_id_eq, m);
}

uint32_t wr_model_find_project(const wr_model *m, wr_str id)
{
    return wr_model_find_project_hashed(m, id, wr_hash_bytes(id.p, id.n));
}

uint32_t wr_model_find_account_hashed(const wr_model *m, wr_str account, uint64_t hash)
{
    return wr_table_find(&m->project_by_account, hash, &account, project_account_eq, m);
}

uint32_t wr_model_find_account(const wr_model *m, wr_str account)
{
    return wr_model_find_account_hashed(m, account, wr_hash_bytes(account.p, account.n));
}

uint32_t wr_model_find_worker(const wr_model *m, wr_str id)
{
    return wr_table_find(&m->worker_by_id, wr_hash_bytes(id.p, id.n), &id, worker_eq, m);
}

/* A pair is hashed by its project's index and its worker id's hash (the
 * worker table's, wr_hash_bytes of the id), not the worker's index: a
 * row's pair slot can then be fetched ahead before its worker is interned,
 * also when the worker is new (D455). The id's XXH3 is mixed already: the
 * project's index, spread by a multiply (Fibonacci hashing), is xored in
 * without hashing again. Keys still compare by indexes. */
static inline uint64_t pair_hash(uint32_t project, uint64_t worker_hash)
{
    return worker_hash ^ (uint64_t)project * 0x9E3779B97F4A7C15u;
}

static uint64_t worker_hash_of(const wr_model *m, uint32_t worker)
{
    const wr_worker *w = WR_AT(m->workers, wr_worker, worker);
    return wr_hash_bytes(w->id, w->id_len);
}

uint32_t wr_model_find_pair(const wr_model *m, uint32_t project, uint32_t worker)
{
    if (worker >= m->workers.len) /* WR_NONE from a lookup: no record to hash */
        return WR_NONE;
    pair_key k = {project, worker};
    return wr_table_find(&m->pair_by_key, pair_hash(project, worker_hash_of(m, worker)), &k,
                         pair_eq, m);
}

int wr_model_day_kind(const wr_model *m, wr_day date)
{
    uint32_t i = wr_table_find(&m->holiday_by_date, wr_hash_u64((uint32_t)date), &date,
                               holiday_eq, m);
    return i == WR_NONE ? 0 : 1 + WR_AT(m->holidays, wr_holiday, i)->kind;
}

/* ---- find-or-create ---- */

uint32_t wr_model_intern_worker(wr_model *m, wr_str id)
{
    return wr_model_intern_worker_hashed(m, id, wr_hash_bytes(id.p, id.n));
}

uint32_t wr_model_intern_worker_hashed(wr_model *m, wr_str id, uint64_t hash)
{
    uint32_t next = (uint32_t)m->workers.len;
    uint32_t i = wr_table_intern(&m->worker_by_id, hash, &id, worker_eq, m, next);
    if (i != next)
        return i;
    wr_worker *w = wr_vec_push(&m->workers);
    const char *copy = wr_model_strdup(m, id);
    if (!w || !copy)
        return WR_NONE;
    w->id = copy;
    w->id_len = (uint32_t)id.n;
    w->valid = -1;
    return i;
}

uint32_t wr_model_intern_pair(wr_model *m, uint32_t project, uint32_t worker)
{
    return wr_model_intern_pair_hashed(m, project, worker, worker_hash_of(m, worker));
}

uint32_t wr_model_intern_pair_hashed(wr_model *m, uint32_t project, uint32_t worker,
                                     uint64_t worker_hash)
{
    pair_key k = {project, worker};
    uint32_t next = (uint32_t)m->pairs.len;
    uint32_t i = wr_table_intern(&m->pair_by_key, pair_hash(project, worker_hash), &k, pair_eq,
                                 m, next);
    if (i != next)
        return i;
    wr_pair *p = wr_vec_push(&m->pairs);
    if (!p)
        return WR_NONE;
    p->project = project;
    p->worker = worker;
    p->first_contract = p->last_contract = WR_NONE;
    p->first_bucket = WR_NONE;
    return i;
}

/* A pair has a bucket per period it was seen in, at most the run's
 * periods: its list is short, and its records mostly adjacent (a worker's
 * rows come together), so no table is needed (issue 17). */
uint32_t wr_model_intern_bucket(wr_model *m, uint32_t pair, wr_month period)
{
    assert(wr_model_month_in_run(m, period)); /* the project periods' index needs it */
    wr_pair *p = WR_AT(m->pairs, wr_pair, pair);
    /* D368: the list runs newest first, and a pair's buckets were mostly
     * made one after another (attendance by worker, then month): the two
     * records before the head are fetched with it, not one miss after
     * another (a bank file's row of a new worker walked three). */
    if (p->first_bucket != WR_NONE && p->first_bucket >= 2) {
        const wr_bucket *head = wr_vec_at(&m->buckets, p->first_bucket);
        __builtin_prefetch(head - 1);
        __builtin_prefetch(head - 2);
    }
    for (uint32_t i = p->first_bucket; i != WR_NONE;) {
        const wr_bucket *b = WR_AT(m->buckets, wr_bucket, i);
        if (b->period == period)
            return i;
        i = b->next_in_pair;
    }
    uint32_t i = (uint32_t)m->buckets.len;
    wr_bucket *b = wr_vec_push(&m->buckets);
    if (!b)
        return WR_NONE;
    b->pair = pair;
    b->period = period;
    b->day_block = WR_NONE;
    b->next_in_pair = p->first_bucket;
    p->first_bucket = i;
    return i;
}

static bool card_eq(const void *ctx, uint32_t i, const void *key)
{
    return wr_cstr_eq(*WR_AT(((const wr_model *)ctx)->cards, const char *, i),
                      *(const wr_str *)key);
}

uint32_t wr_model_intern_card(wr_model *m, wr_str card)
{
    return wr_model_intern_card_hashed(m, card, wr_hash_bytes(card.p, card.n));
}

uint32_t wr_model_intern_card_hashed(wr_model *m, wr_str card, uint64_t hash)
{
    uint32_t next = (uint32_t)m->cards.len;
    uint32_t i = wr_table_intern(&m->card_by_text, hash, &card, card_eq, m, next);
    if (i != next)
        return i;
    const char **c = wr_vec_push(&m->cards);
    if (!c || !(*c = wr_model_strdup(m, card)))
        return WR_NONE;
    return i;
}

/* ---- looking up ahead (D307) ---- */

void wr_model_ahead_pair(const wr_model *m, uint64_t project_hash, bool by_account,
                         uint64_t worker_hash, int stage)
{
    /* the projects' table is small: its slot is in the cache */
    uint32_t project =
        wr_table_peek(by_account ? &m->project_by_account : &m->project_by_id, project_hash);
    if (stage == 0) { /* the worker's slot, the pair's (also of a new worker, D455) */
        wr_table_prefetch(&m->worker_by_id, worker_hash);
        if (project != WR_NONE)
            wr_table_prefetch(&m->pair_by_key, pair_hash(project, worker_hash));
        return;
    }
    /* the records the slots point to: the worker's compared, the pair's */
    uint32_t worker = wr_table_peek(&m->worker_by_id, worker_hash);
    if (worker < m->workers.len)
        __builtin_prefetch(wr_vec_at(&m->workers, worker));
    uint32_t pair = project == WR_NONE ? WR_NONE
                                       : wr_table_peek(&m->pair_by_key,
                                                       pair_hash(project, worker_hash));
    if (pair < m->pairs.len)
        __builtin_prefetch(wr_vec_at(&m->pairs, pair));
}

void wr_model_ahead_card(const wr_model *m, uint64_t card_hash, int stage)
{
    if (stage == 0) {
        wr_table_prefetch(&m->card_by_text, card_hash);
        return;
    }
    uint32_t card = wr_table_peek(&m->card_by_text, card_hash);
    if (card < m->cards.len)
        __builtin_prefetch(wr_vec_at(&m->cards, card));
}

uint32_t wr_model_intern_project_period(wr_model *m, uint32_t project, wr_month period)
{
    size_t n = m->projects.len * m->n_periods;
    if (!m->project_period_index) {
        if (!(m->project_period_index = malloc((n ? n : 1) * sizeof(uint32_t))))
            return WR_NONE;
        memset(m->project_period_index, 0xFF, n * sizeof(uint32_t)); /* WR_NONE */
    }
    assert(project < m->projects.len && wr_model_month_in_run(m, period));
    uint32_t *slot = &m->project_period_index[(size_t)project * m->n_periods +
                                              (size_t)(period - m->opt->from_month)];
    if (*slot != WR_NONE)
        return *slot;
    wr_project_period *pp = wr_vec_push(&m->project_periods);
    if (!pp)
        return WR_NONE;
    pp->project = project;
    pp->period = period;
    return *slot = (uint32_t)(m->project_periods.len - 1);
}

/* The date must lie in the bucket's period (RULES 4: attendance falls in
 * the month of its date). */
uint32_t wr_model_day_id(wr_model *m, uint32_t bucket, wr_day date)
{
    wr_bucket *b = WR_AT(m->buckets, wr_bucket, bucket);
    if (b->day_block == WR_NONE) {
        wr_day_block *blk = wr_vec_push(&m->day_blocks);
        if (!blk)
            return WR_NONE;
        blk->bucket = bucket;
        blk->month_start = wr_month_first_day(b->period);
        b->day_block = (uint32_t)(m->day_blocks.len - 1);
    }
    const wr_day_block *blk = WR_AT(m->day_blocks, wr_day_block, b->day_block);
    uint32_t dom0 = (uint32_t)(date - blk->month_start);
    assert(dom0 < 31); /* the caller's date lies in the bucket's period */
    return WR_DAY_ID(b->day_block, dom0);
}

static_assert(31 * WR_PUNCH_BYTES + 8 - WR_PUNCH_BYTES <= sizeof(wr_day_punch_words),
              "the last day's punch word is read as 8 bytes inside its block");

/* Day dom0's punch word, in the low 40 bits (the bytes above are the
 * next day's: masked off by the caller). */
static inline uint64_t load_punch(const wr_day_punch_words *words, uint32_t dom0)
{
    uint64_t w;
    memcpy(&w, words->day + dom0 * WR_PUNCH_BYTES, sizeof w);
    return w;
}

/* A block's words of one shape: `of` (by block) holds their index in
 * `words`, made zeroed on the block's first row of that shape. NULL when
 * out of memory. */
static void *make_words(wr_vec *of, wr_vec *words, uint32_t block)
{
    while (of->len <= block) {
        uint32_t *none = wr_vec_push(of);
        if (!none)
            return NULL;
        *none = WR_NONE;
    }
    uint32_t *at = wr_vec_at(of, block);
    if (*at == WR_NONE) {
        if (!wr_vec_push(words))
            return NULL;
        *at = (uint32_t)(words->len - 1);
    }
    return wr_vec_at(words, *at);
}

/* Block's words of one shape, NULL when it has none. */
static inline void *words_of(const wr_vec *of, const wr_vec *words, uint32_t block)
{
    if (block >= of->len)
        return NULL;
    uint32_t at = ((const uint32_t *)of->data)[block];
    return at == WR_NONE ? NULL : (char *)words->data + (size_t)at * words->elem_size;
}

static inline uint16_t row_word(const wr_model *m, uint32_t block, uint32_t dom0)
{
    const wr_day_row_words *w = words_of(&m->row_words_of, &m->day_row_words, block);
    return w ? w->day[dom0] : 0;
}

static inline uint64_t punch_word(const wr_model *m, uint32_t block, uint32_t dom0)
{
    const wr_day_punch_words *w = words_of(&m->punch_words_of, &m->day_punch_words, block);
    return w ? load_punch(w, dom0) & WR_PUNCH_MASK : 0;
}

void *wr_model_day_words(wr_model *m, uint32_t block, wr_day_shape shape)
{
    bool row = shape == WR_DAY_FROM_ROW;
    wr_vec *of = row ? &m->row_words_of : &m->punch_words_of;
    wr_vec *words = row ? &m->day_row_words : &m->day_punch_words;
    void *w = words_of(of, words, block);
    if (w)
        return w;
    m->last_attendance.words = NULL; /* the arrays may move */
    return make_words(of, words, block);
}

bool wr_model_fold_day(wr_model *m, uint32_t day, wr_day_shape shape, int32_t value)
{
    void *w = wr_model_day_words(m, day >> 5, shape);
    if (!w)
        return false;
    if (shape == WR_DAY_FROM_ROW) {
        assert(value > 0 && value <= 2400); /* money.c: the day is attended */
        wr_fold_row_word(w, day & 31, value);
    } else {
        wr_fold_punch_word(w, day & 31, value);
    }
    return true;
}

wr_attday wr_model_day(const wr_model *m, uint32_t day)
{
    uint32_t block = day >> 5, dom0 = day & 31;
    const wr_day_block *blk = WR_AT(m->day_blocks, wr_day_block, block);
    uint64_t p = punch_word(m, block, dom0);
    return (wr_attday){
        .bucket = blk->bucket,
        .date = blk->month_start + (wr_day)dom0,
        .punches = (uint8_t)(p & 3),
        .day_row_centi = row_word(m, block, dom0),
        .first_punch_sec = (int32_t)(p >> 2 & WR_PUNCH_SEC_MASK),
        .last_punch_sec = (int32_t)(p >> 19 & WR_PUNCH_SEC_MASK),
    };
}

/* Bit i set when day row word i is not 0. */
static uint32_t row_day_mask(const wr_day_row_words *rows)
{
#ifdef __SSE2__
    /* the 32 words eight at a time, compared with 0, packed to bytes */
    const __m128i zero = _mm_setzero_si128();
    uint32_t zeros = 0;
    for (int k = 0; k < 2; k++) {
        __m128i a = _mm_loadu_si128((const __m128i *)(rows->day + 16 * k));
        __m128i b = _mm_loadu_si128((const __m128i *)(rows->day + 16 * k + 8));
        __m128i eq = _mm_packs_epi16(_mm_cmpeq_epi16(a, zero), _mm_cmpeq_epi16(b, zero));
        zeros |= (uint32_t)_mm_movemask_epi8(eq) << 16 * k;
    }
    return ~zeros & 0x7FFFFFFFu; /* the 32nd word pads */
#else
    uint32_t mask = 0;
    for (uint32_t i = 0; i < 31; i++)
        mask |= (uint32_t)(rows->day[i] != 0) << i;
    return mask;
#endif
}

uint32_t wr_model_bucket_day_mask(const wr_model *m, uint32_t bucket)
{
    uint32_t block = WR_AT(m->buckets, wr_bucket, bucket)->day_block, mask = 0;
    if (block == WR_NONE)
        return 0;
    const wr_day_row_words *rows = words_of(&m->row_words_of, &m->day_row_words, block);
    const wr_day_punch_words *punches =
        words_of(&m->punch_words_of, &m->day_punch_words, block);
    if (rows)
        mask = row_day_mask(rows);
    if (punches)
        for (uint32_t i = 0; i < 31; i++)
            mask |= (uint32_t)((load_punch(punches, i) & WR_PUNCH_MASK) != 0) << i;
    return mask;
}

uint32_t wr_model_bucket_days(const wr_model *m, uint32_t bucket, uint32_t ids[31])
{
    uint32_t block = WR_AT(m->buckets, wr_bucket, bucket)->day_block, n = 0;
    for (uint32_t mask = wr_model_bucket_day_mask(m, bucket); mask; mask &= mask - 1)
        ids[n++] = WR_DAY_ID(block, (uint32_t)__builtin_ctz(mask));
    return n;
}

/* ---- reference data, with repeated keys refused (DECISIONS D4) ---- */

wr_add_result wr_model_add_project(wr_model *m, const wr_project *p)
{
    wr_str id = {p->id, strlen(p->id)}, account = {p->wage_account, strlen(p->wage_account)};
    if (wr_model_find_project(m, id) != WR_NONE)
        return WR_ADD_DUPLICATE;
    if (wr_model_find_account(m, account) != WR_NONE)
        return WR_ADD_DUPLICATE_SECOND;
    uint32_t next = (uint32_t)m->projects.len;
    wr_project *slot = wr_vec_push(&m->projects);
    if (!slot)
        return WR_ADD_NOMEM;
    *slot = *p;
    slot->id_len = (uint32_t)id.n;
    slot->wage_account_len = (uint32_t)account.n;
    if (wr_table_intern(&m->project_by_id, wr_hash_bytes(id.p, id.n), &id, project_id_eq, m,
                        next) == WR_NONE ||
        wr_table_intern(&m->project_by_account, wr_hash_bytes(account.p, account.n), &account,
                        project_account_eq, m, next) == WR_NONE)
        return WR_ADD_NOMEM;
    return WR_ADD_OK;
}

wr_add_result wr_model_add_holiday(wr_model *m, wr_day date, uint8_t kind)
{
    uint32_t next = (uint32_t)m->holidays.len;
    uint32_t i = wr_table_intern(&m->holiday_by_date, wr_hash_u64((uint32_t)date), &date,
                                 holiday_eq, m, next);
    if (i == WR_NONE)
        return WR_ADD_NOMEM;
    if (i != next)
        return WR_ADD_DUPLICATE;
    wr_holiday *h = wr_vec_push(&m->holidays);
    if (!h)
        return WR_ADD_NOMEM;
    h->date = date;
    h->kind = kind;
    return WR_ADD_OK;
}

typedef struct {
    wr_str region;
    wr_day from;
} min_wage_key;

static bool min_wage_eq(const void *ctx, uint32_t i, const void *key)
{
    const wr_min_wage *w = WR_AT(((const wr_model *)ctx)->min_wages, wr_min_wage, i);
    const min_wage_key *k = key;
    return w->effective_from == k->from && wr_cstr_eq(w->region, k->region);
}

wr_add_result wr_model_add_min_wage(wr_model *m, const wr_min_wage *w)
{
    min_wage_key k = {{w->region, strlen(w->region)}, w->effective_from};
    uint64_t h = wr_hash_bytes(k.region.p, k.region.n) ^ wr_hash_u64((uint32_t)k.from);
    uint32_t next = (uint32_t)m->min_wages.len;
    uint32_t i = wr_table_intern(&m->min_wage_by_key, h, &k, min_wage_eq, m, next);
    if (i == WR_NONE)
        return WR_ADD_NOMEM;
    if (i != next)
        return WR_ADD_DUPLICATE;
    wr_min_wage *slot = wr_vec_push(&m->min_wages);
    if (!slot)
        return WR_ADD_NOMEM;
    *slot = *w;
    return WR_ADD_OK;
}

void wr_model_link_contract(wr_model *m, uint32_t index)
{
    wr_contract *c = WR_AT(m->contracts, wr_contract, index);
    wr_pair *p = WR_AT(m->pairs, wr_pair, c->pair);
    c->next = WR_NONE;
    if (p->last_contract == WR_NONE)
        p->first_contract = index;
    else
        WR_AT(m->contracts, wr_contract, p->last_contract)->next = index;
    p->last_contract = index;
    p->has_contract = true;
}
