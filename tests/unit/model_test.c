/* Unit tests: core/model.c, the attended days packed in their bucket's
 * day blocks (a 2-byte word per day for day rows, 5 bytes for punches,
 * issue 17, D294). */
#include <string.h>

#include "check.h"
#include "core/model.h"

int main(void)
{
    wr_options opt;
    memset(&opt, 0, sizeof opt);
    opt.from_month = 2026 * 12 + 7; /* 2026-08 */
    opt.to_month = 2026 * 12 + 9;   /* 2026-10: buckets only of the run's months */
    wr_report report;
    wr_model m;
    wr_model_init(&m, &opt, &report);
    wr_str id = {"110101199003070038", 18};
    uint32_t worker = wr_model_intern_worker(&m, id);
    uint32_t pair = wr_model_intern_pair(&m, 0, worker);
    uint32_t bucket = wr_model_intern_bucket(&m, pair, opt.to_month);
    uint32_t other = wr_model_intern_bucket(&m, pair, opt.to_month - 1); /* 2026-09 */
    CHECK(bucket != WR_NONE && other != WR_NONE && bucket != other);

    /* 2026-10-01 is day 20727 since 1970-01-01 (by hand: 56 years, 14
     * leap days, 20454 + 273 days of 2026 before October). */
    wr_day oct1 = wr_day_from_ymd(2026, 10, 1);
    CHECK(oct1 == 20727);
    uint32_t none[31];
    CHECK(wr_model_bucket_days(&m, bucket, none) == 0);

    /* Days folded out of order come back in date order; a day id is not
     * attended before a row is folded into it. */
    uint32_t d31 = wr_model_day_id(&m, bucket, oct1 + 30);
    uint32_t d1 = wr_model_day_id(&m, bucket, oct1);
    uint32_t d15 = wr_model_day_id(&m, bucket, oct1 + 14);
    CHECK(wr_model_day_id(&m, bucket, oct1 + 14) == d15); /* the same day again */
    CHECK(wr_model_fold_day(&m, d31, WR_DAY_FROM_PUNCH, 86399));
    CHECK(wr_model_bucket_days(&m, bucket, none) == 1);
    CHECK(wr_model_fold_day(&m, d1, WR_DAY_FROM_ROW, 800));
    CHECK(wr_model_fold_day(&m, d15, WR_DAY_FROM_ROW, 800));
    CHECK(wr_model_fold_day(&m, d15, WR_DAY_FROM_ROW, 700)); /* the same day again */
    uint32_t ids[31];
    CHECK(wr_model_bucket_days(&m, bucket, ids) == 3);
    CHECK(ids[0] == d1 && ids[1] == d15 && ids[2] == d31);
    /* the same as a mask (D354): the 1st and 15th by day rows, the 31st by a punch */
    CHECK(wr_model_bucket_day_mask(&m, bucket) == (1u | 1u << 14 | 1u << 30));
    CHECK(wr_model_bucket_day_mask(&m, other) == 0);

    /* A day row's hours: the most of the day's rows. */
    wr_attday a = wr_model_day(&m, d15);
    CHECK(a.bucket == bucket && a.date == oct1 + 14);
    CHECK(a.punches == 0 && a.day_row_centi == 800 && a.first_punch_sec == 0 &&
          a.last_punch_sec == 0);

    /* The widest values survive the packing: 24.00 h (the most a day row
     * may say, money.c), punches saturated at 2, 0 and 23:59:59 = 86399 s
     * as the first and last punch, in either order. */
    CHECK(wr_model_fold_day(&m, d31, WR_DAY_FROM_PUNCH, 0));
    CHECK(wr_model_fold_day(&m, d31, WR_DAY_FROM_PUNCH, 43200));
    CHECK(wr_model_fold_day(&m, d31, WR_DAY_FROM_ROW, 2400));
    a = wr_model_day(&m, d31);
    CHECK(a.date == oct1 + 30 && a.day_row_centi == 2400 && a.punches == 2);
    CHECK(a.first_punch_sec == 0 && a.last_punch_sec == 86399);
    /* One punch: first and last the same second, one punch counted. */
    CHECK(wr_model_fold_day(&m, d1, WR_DAY_FROM_PUNCH, 6 * 3600 + 55 * 60 + 24));
    a = wr_model_day(&m, d1);
    CHECK(a.day_row_centi == 800 && a.punches == 1);
    CHECK(a.first_punch_sec == 24924 && a.last_punch_sec == 24924);
    CHECK(wr_model_fold_day(&m, d1, WR_DAY_FROM_PUNCH, 17 * 3600 + 51 * 60 + 57));
    a = wr_model_day(&m, d1);
    CHECK(a.punches == 2 && a.first_punch_sec == 24924 && a.last_punch_sec == 64317);
    /* Neighbours are untouched. */
    a = wr_model_day(&m, d31);
    CHECK(a.day_row_centi == 2400 && a.last_punch_sec == 86399);
    CHECK(wr_model_bucket_days(&m, bucket, ids) == 3);
    CHECK(wr_model_bucket_days(&m, other, ids) == 0);

    /* Every day of a 31-day month, the widest values, folded from the
     * last day back: a day's punch word is stored as 8 bytes over the
     * next day's first three (D294), which must come back as they were. */
    uint32_t aug = wr_model_intern_bucket(&m, pair, opt.from_month); /* 2026-08 */
    wr_day aug1 = wr_day_from_ymd(2026, 8, 1);
    for (int d = 30; d >= 0; d--) {
        uint32_t id = wr_model_day_id(&m, aug, aug1 + d);
        CHECK(wr_model_fold_day(&m, id, WR_DAY_FROM_ROW, 2400 - d));
        CHECK(wr_model_fold_day(&m, id, WR_DAY_FROM_PUNCH, 86399 - d));
        if (d % 2)
            CHECK(wr_model_fold_day(&m, id, WR_DAY_FROM_PUNCH, d));
    }
    CHECK(wr_model_bucket_days(&m, aug, ids) == 31);
    size_t wrong = 0;
    for (int d = 0; d < 31; d++) {
        a = wr_model_day(&m, ids[d]);
        wrong += a.date != aug1 + d || a.bucket != aug || a.day_row_centi != 2400 - d ||
                 a.punches != (d % 2 ? 2 : 1) || a.last_punch_sec != 86399 - d ||
                 a.first_punch_sec != (d % 2 ? d : 86399 - d);
    }
    CHECK(wrong == 0);
    /* D455: a pair is hashed by its worker id's hash, not the worker's
     * index. The pair interned with the hash the worker table was given
     * is the one found and interned by the index alone, in its project
     * only; another worker's pair in the same project is another. */
    wr_str id2 = {"11010119900307005X", 18};
    uint32_t worker2 = wr_model_intern_worker_hashed(&m, id2, wr_hash_bytes(id2.p, id2.n));
    CHECK(worker2 != worker);
    CHECK(wr_model_find_pair(&m, 1, worker2) == WR_NONE);
    uint32_t pair2 = wr_model_intern_pair_hashed(&m, 1, worker2, wr_hash_bytes(id2.p, id2.n));
    CHECK(pair2 != WR_NONE && pair2 != pair);
    CHECK(wr_model_find_pair(&m, 1, worker2) == pair2);
    CHECK(wr_model_intern_pair(&m, 1, worker2) == pair2);
    CHECK(wr_model_find_pair(&m, 0, worker2) == WR_NONE);
    CHECK(wr_model_find_pair(&m, 1, worker) == WR_NONE);
    CHECK(wr_model_find_pair(&m, 0, WR_NONE) == WR_NONE); /* a worker not found */
    CHECK(wr_model_intern_pair_hashed(&m, 0, worker, wr_hash_bytes(id.p, id.n)) == pair);
    CHECK(wr_model_find_pair(&m, 0, worker) == pair);
    CHECK(m.pairs.len == 2);

    wr_model_free(&m);
    return CHECK_DONE();
}
