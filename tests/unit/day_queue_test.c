/* Unit tests: core/day_queue.c, attended days folded on their own thread
 * (DECISIONS D270): the same updates queued and folded now give the same
 * day words and attended days, with batches of the default size and of
 * one update (every push handed over, the applying thread waiting for
 * free batches). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/model.h"

enum { BUCKETS = 40, ROWS = 2000 }; /* ~1.6 rows a day: many lone punches */

/* A model with BUCKETS buckets of 2026-10 and every row's update folded:
 * by its day thread when queued, else on this thread. */
static void fold_rows(wr_model *m, const wr_options *opt, wr_report *report, bool queued)
{
    wr_model_init(m, opt, report);
    wr_day oct1 = wr_day_from_ymd(2026, 10, 1);
    for (uint32_t i = 0; i < BUCKETS; i++) {
        char id[19];
        snprintf(id, sizeof id, "11010119900307%04u", i);
        uint32_t w = wr_model_intern_worker(m, (wr_str){id, 18});
        wr_model_intern_bucket(m, wr_model_intern_pair(m, 0, w), opt->from_month);
    }
    if (queued)
        CHECK((m->day_queue = wr_day_queue_start(wr_model_fold_updates, m)) != NULL);
    srand(7);
    bool folded = true;
    for (int r = 0; r < ROWS; r++) {
        uint32_t bucket = (uint32_t)(r / (ROWS / BUCKETS)); /* rows grouped by bucket */
        uint32_t day = wr_model_day_id(m, bucket, oct1 + rand() % 31);
        bool punch = rand() % 3 != 0;
        int32_t value = punch ? rand() % 86400 : 1 + rand() % 2400;
        folded &= wr_model_fold_day(m, day, punch ? WR_DAY_FROM_PUNCH : WR_DAY_FROM_ROW, value);
    }
    CHECK(folded);
    if (queued) {
        CHECK(wr_day_queue_finish(m->day_queue));
        m->day_queue = NULL;
    }
}

/* The model's attended days, bucket by bucket. */
static uint32_t attended(const wr_model *m)
{
    uint32_t n = 0, ids[31];
    for (uint32_t b = 0; b < m->buckets.len; b++)
        n += wr_model_bucket_days(m, b, ids);
    return n;
}

static void same_days(size_t batch)
{
    char b[24];
    snprintf(b, sizeof b, "%zu", batch);
    setenv("WAGERECON_TEST_DAY_BATCH", b, 1);
    wr_options opt;
    memset(&opt, 0, sizeof opt);
    opt.from_month = opt.to_month = 2026 * 12 + 9; /* 2026-10 */
    wr_report report;
    wr_model now, queued;
    fold_rows(&now, &opt, &report, false);
    fold_rows(&queued, &opt, &report, true);
    CHECK(attended(&queued) == attended(&now) && attended(&now) > 0);
    CHECK(queued.day_blocks.len == now.day_blocks.len && now.day_blocks.len == BUCKETS);
    CHECK(queued.day_row_words.len == now.day_row_words.len &&
          queued.day_punch_words.len == now.day_punch_words.len);
    size_t differ = 0;
    for (uint32_t id = 0; id < now.day_blocks.len * 32; id++) {
        if ((id & 31) == 31)
            continue;
        wr_attday a = wr_model_day(&now, id), b = wr_model_day(&queued, id);
        differ += a.day_row_centi != b.day_row_centi || a.punches != b.punches ||
                  a.first_punch_sec != b.first_punch_sec || a.last_punch_sec != b.last_punch_sec;
    }
    CHECK(differ == 0);
    wr_model_free(&now);
    wr_model_free(&queued);
}

int main(void)
{
    same_days(16384);
    same_days(1);
    same_days(7);
    return CHECK_DONE();
}
