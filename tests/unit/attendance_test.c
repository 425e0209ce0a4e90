/* Unit tests: inputs/attendance.c, the handler's cache of the last used
 * row's bucket (D362): a row finds its day with no lookup only while its
 * project, worker and month are that row's and it sets no roster name.
 * Rows of a worker interleaved with another's, the same date on two
 * projects, a month boundary, IDs differing in one byte, punches out of
 * order, a hint of the reader (D313) after a row not used and a file of
 * the other shape (D370: the cache's words are of one shape) must each
 * drop it. Expected values by hand from RULES 4 and 4.1 and DECISIONS
 * D11, run twice: with no hint (--jobs 1) and with the reader's hint. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "core/model.h"
#include "inputs/input.h"

static wr_options opt;
static wr_model m;
static int shape_day, shape_punch; /* the handler's shapes, from headers */

/* The shape the handler is given for a header of these columns. */
static int shape_of(const char *const *names, size_t n)
{
    wr_str fields[8];
    for (size_t i = 0; i < n; i++)
        fields[i] = (wr_str){names[i], strlen(names[i])};
    wr_row header;
    memset(&header, 0, sizeof header);
    header.n_fields = n;
    header.fields = fields;
    size_t n_specs;
    int shape = -1;
    CHECK(wr_attendance_input.specs_for(&header, &n_specs, &shape) != NULL);
    return shape;
}

static void add_project(const char *id, const char *account)
{
    wr_project p = {.id = id, .name = id, .employer_id = "E", .employer_name = "E",
                    .wage_account = account, .region = "R", .client_id = "",
                    .client_name = "", .selected = true};
    CHECK(wr_model_add_project(&m, &p) == WR_ADD_OK);
}

/* The reader's hint (D313): bit i when text i is the row before's, of
 * the same file. */
static bool hints;
static char before[3][64];
static void new_file(void)
{
    memset(before, 0, sizeof before);
}

/* Handles one row: a day row (hours in 1/100 h, 0 for empty) or a punch
 * (second of the day). Texts are copied into a buffer overwritten by the
 * next row, as the reader's are. Returns the row's outcome. */
static wr_row_outcome row(int shape, const char *project, const char *worker,
                          const char *name, int y, int mo, int d, int32_t value)
{
    static char buf[256];
    const char *texts[] = {project, worker, name};
    wr_value v[5];
    memset(v, 0, sizeof v);
    memset(buf, 'x', sizeof buf);
    uint32_t same = 0;
    size_t at = 0;
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(texts[i]);
        memcpy(buf + at, texts[i], n);
        v[i].text = (wr_str){buf + at, n};
        v[i].set = n > 0;
        at += n + 1;
        if (strcmp(before[i], texts[i]) == 0)
            same |= WR_SAME_TEXT(i);
        snprintf(before[i], sizeof before[i], "%s", texts[i]);
    }
    v[A_WHEN].day = wr_day_from_ymd(y, mo, d);
    v[A_WHEN].set = true;
    if (shape == shape_punch) {
        v[A_WHEN].seconds = value;
    } else if (value > 0) {
        v[A_HOURS].num = value;
        v[A_HOURS].set = true;
    }
    m.row_same = hints ? same : 0;
    /* the reader hashes the project and worker of a row of another pair
     * than the row before's (D307) and hands the hashes over (D386) */
    uint64_t hash[2] = {wr_hash_bytes(v[0].text.p, v[0].text.n),
                        wr_hash_bytes(v[1].text.p, v[1].text.n)};
    bool pair_same = (same & (WR_SAME_TEXT(0) | WR_SAME_TEXT(1))) ==
                     (WR_SAME_TEXT(0) | WR_SAME_TEXT(1));
    m.row_hashed = hints && !pair_same ? 3 : 0;
    m.row_hash = hash;
    wr_reason reason = WR_REASON_NONE;
    int bad_spec = -1;
    return wr_attendance_input.handle(&m, shape, v, &reason, &bad_spec);
}

/* The day (project, worker, date) as folded; punches 9 when it is not an
 * attended day of its bucket. */
static wr_attday day_of(const char *project, const char *worker, int y, int mo, int d)
{
    wr_attday none = {.punches = 9};
    uint32_t pj = wr_model_find_project(&m, (wr_str){project, strlen(project)});
    uint32_t w = wr_model_find_worker(&m, (wr_str){worker, strlen(worker)});
    uint32_t pair = pj == WR_NONE || w == WR_NONE ? WR_NONE : wr_model_find_pair(&m, pj, w);
    if (pair == WR_NONE)
        return none;
    wr_day date = wr_day_from_ymd(y, mo, d);
    for (uint32_t b = WR_AT(m.pairs, wr_pair, pair)->first_bucket; b != WR_NONE;
         b = WR_AT(m.buckets, wr_bucket, b)->next_in_pair) {
        uint32_t ids[31], n = wr_model_bucket_days(&m, b, ids);
        for (uint32_t i = 0; i < n; i++) {
            wr_attday a = wr_model_day(&m, ids[i]);
            if (a.date == date && a.bucket == b)
                return a;
        }
    }
    return none;
}

static bool day_row(const char *project, const char *worker, int y, int mo, int d,
                    uint16_t centi)
{
    wr_attday a = day_of(project, worker, y, mo, d);
    return a.punches == 0 && a.day_row_centi == centi;
}

static bool punches(const char *project, const char *worker, int y, int mo, int d, uint8_t n,
                    int32_t first, int32_t last)
{
    wr_attday a = day_of(project, worker, y, mo, d);
    return a.day_row_centi == 0 && a.punches == n && a.first_punch_sec == first &&
           a.last_punch_sec == last;
}

/* The pair's roster name, "-" when it has none. */
static const char *roster(const char *project, const char *worker)
{
    uint32_t pj = wr_model_find_project(&m, (wr_str){project, strlen(project)});
    uint32_t w = wr_model_find_worker(&m, (wr_str){worker, strlen(worker)});
    uint32_t pair = wr_model_find_pair(&m, pj, w);
    if (pair == WR_NONE)
        return "?";
    const wr_pair *p = WR_AT(m.pairs, wr_pair, pair);
    CHECK(p->has_attendance);
    return p->roster_name ? p->roster_name : "-";
}

static uint32_t attended_days(void)
{
    uint32_t n = 0, ids[31];
    for (uint32_t b = 0; b < m.buckets.len; b++)
        n += wr_model_bucket_days(&m, b, ids);
    return n;
}

/* IDs: B is A but for byte 8, D is C but for its last byte, F is E (not
 * an ID number's length) but for its last byte. */
#define WA "110101199003070038"
#define WB "110101191003070038"
#define WC "11010119800101001X"
#define WD "110101198001010011"
#define WE "E12345678"
#define WF "E12345679"
#define SEC(h, mi) ((h) * 3600 + (mi) * 60)

static void run(bool with_hints)
{
    hints = with_hints;
    memset(&opt, 0, sizeof opt);
    opt.from_month = 2026 * 12 + 8; /* 2026-09 */
    opt.to_month = 2026 * 12 + 9;   /* 2026-10 */
    opt.as_of_day = wr_day_from_ymd(2026, 11, 20);
    wr_report report;
    memset(&report, 0, sizeof report);
    CHECK(wr_model_init(&m, &opt, &report));
    add_project("P1", "6222000000000000001");
    add_project("P2", "6222000000000000002");
    int day = shape_day, punch = shape_punch;

    /* Day rows (RULES 4.1: a day's hours the most of its rows, empty 8.00). */
    new_file();
    CHECK(row(day, "P1", WA, "张三", 2026, 9, 30, 1000) == ROW_USED);
    CHECK(row(day, "P1", WA, "张三", 2026, 10, 1, 0) == ROW_USED); /* next month */
    CHECK(row(day, "P2", WA, "", 2026, 10, 1, 600) == ROW_USED);   /* same date, P2 */
    CHECK(row(day, "P2", WA, "张三丰", 2026, 10, 3, 0) == ROW_USED); /* first name (D11) */
    CHECK(row(day, "P2", WA, "别名", 2026, 10, 4, 300) == ROW_USED); /* not the first */
    CHECK(row(day, "P1", WB, "李四", 2026, 10, 1, 500) == ROW_USED); /* byte 8 differs */
    CHECK(row(day, "P1", WA, "", 2026, 10, 2, 700) == ROW_USED);   /* A again */
    CHECK(row(day, "P1", WA, "", 2026, 10, 1, 900) == ROW_USED);   /* a day before */
    CHECK(row(day, "P1", WA, "", 2026, 10, 1, 850) == ROW_USED);   /* not the most */

    /* Punches (RULES 4.1: first and last of the date, out of order). */
    new_file();
    CHECK(row(punch, "P1", WC, "", 2026, 10, 5, SEC(18, 0)) == ROW_USED);
    CHECK(row(punch, "P1", WC, "", 2026, 10, 5, SEC(8, 30)) == ROW_USED);
    CHECK(row(punch, "P1", WC, "", 2026, 10, 5, SEC(12, 0)) == ROW_USED);
    CHECK(row(punch, "P1", WD, "", 2026, 10, 5, SEC(7, 0)) == ROW_USED); /* last byte */
    CHECK(row(punch, "P1", WC, "", 2026, 10, 5, SEC(19, 0)) == ROW_USED);
    CHECK(row(punch, "P1", WD, "", 2026, 10, 6, SEC(6, 0)) == ROW_USED);
    /* Not used (RULES 4: out of the run's months; 2: UNKNOWN_PROJECT):
     * the row after, its texts those of the row before, is C's, not
     * the cache's D (the hint is of a row that set no cache, D313). */
    CHECK(row(punch, "P1", WC, "", 2026, 8, 31, SEC(9, 0)) == ROW_OUT_OF_SCOPE);
    CHECK(row(punch, "P1", WC, "", 2026, 10, 6, SEC(6, 30)) == ROW_USED);
    CHECK(row(punch, "P9", WC, "", 2026, 10, 6, SEC(9, 0)) == ROW_REJECTED);
    CHECK(row(punch, "P1", WC, "", 2026, 10, 6, SEC(17, 0)) == ROW_USED);
    CHECK(row(punch, "P1", WE, "", 2026, 10, 7, SEC(9, 0)) == ROW_USED);
    CHECK(row(punch, "P1", WF, "", 2026, 10, 7, SEC(10, 0)) == ROW_USED);
    CHECK(row(punch, "P2", WF, "", 2026, 10, 7, SEC(11, 0)) == ROW_USED); /* same date, P2 */

    /* Files of the other shape after it: the first row is of the cache's
     * pair and month, but the cache's words are punches' (D370). */
    new_file();
    CHECK(row(day, "P2", WF, "", 2026, 10, 8, 400) == ROW_USED);
    CHECK(row(day, "P2", WF, "", 2026, 10, 9, 0) == ROW_USED);
    new_file();
    CHECK(row(punch, "P2", WF, "", 2026, 10, 9, SEC(9, 0)) == ROW_USED);

    /* By hand: A in P1 2026-09-30 10.00 h; 2026-10-01 the most of 8.00
     * (empty), 9.00 and 8.50; 10-02 7.00. A in P2 10-01 6.00, 10-03 8.00,
     * 10-04 3.00. B in P1 10-01 5.00. */
    CHECK(day_row("P1", WA, 2026, 9, 30, 1000));
    CHECK(day_row("P1", WA, 2026, 10, 1, 900));
    CHECK(day_row("P1", WA, 2026, 10, 2, 700));
    CHECK(day_row("P2", WA, 2026, 10, 1, 600));
    CHECK(day_row("P2", WA, 2026, 10, 3, 800));
    CHECK(day_row("P2", WA, 2026, 10, 4, 300));
    CHECK(day_row("P1", WB, 2026, 10, 1, 500));
    /* C 10-05: 08:30 to 19:00 (12:00 and 18:00 between), two punches or
     * more; 10-06 06:30 to 17:00. D 10-05 07:00 alone (8.00 h), 10-06
     * 06:00 alone. E and F 10-07 one punch each, F in P1 and P2. */
    CHECK(punches("P1", WC, 2026, 10, 5, 2, SEC(8, 30), SEC(19, 0)));
    CHECK(punches("P1", WC, 2026, 10, 6, 2, SEC(6, 30), SEC(17, 0)));
    CHECK(punches("P1", WD, 2026, 10, 5, 1, SEC(7, 0), SEC(7, 0)));
    CHECK(punches("P1", WD, 2026, 10, 6, 1, SEC(6, 0), SEC(6, 0)));
    CHECK(punches("P1", WE, 2026, 10, 7, 1, SEC(9, 0), SEC(9, 0)));
    CHECK(punches("P1", WF, 2026, 10, 7, 1, SEC(10, 0), SEC(10, 0)));
    CHECK(punches("P2", WF, 2026, 10, 7, 1, SEC(11, 0), SEC(11, 0)));
    /* F in P2: 10-08 4.00 h; 10-09 8.00 h (empty) and a punch at 09:00. */
    CHECK(day_row("P2", WF, 2026, 10, 8, 400));
    wr_attday f9 = day_of("P2", WF, 2026, 10, 9);
    CHECK(f9.day_row_centi == 800 && f9.punches == 1 && f9.first_punch_sec == SEC(9, 0));
    /* 9 day-row days and 8 punch days, one of them both, no other */
    CHECK(attended_days() == 16);
    /* D11: the first non-empty worker_name of the pair's rows. */
    CHECK(strcmp(roster("P1", WA), "张三") == 0);
    CHECK(strcmp(roster("P2", WA), "张三丰") == 0);
    CHECK(strcmp(roster("P1", WB), "李四") == 0);
    CHECK(strcmp(roster("P1", WC), "-") == 0);
    /* D386: the reader's hashes are the ones looked up: a project's or
     * worker's hash given wrong finds no project, or makes another
     * worker (with no hashes handed over, the handler makes its own). */
    if (with_hints) {
        uint64_t wrong[2] = {wr_hash_bytes("P9", 2), wr_hash_bytes("X", 1)};
        wr_value v[5];
        memset(v, 0, sizeof v);
        v[0].text = (wr_str){"P1", 2};
        v[1].text = (wr_str){WA, strlen(WA)};
        v[A_WHEN].day = wr_day_from_ymd(2026, 9, 30);
        v[A_WHEN].set = true;
        m.row_same = 0;
        m.last_attendance.pair = WR_NONE; /* no cache */
        m.row_hash = wrong;
        m.row_hashed = 1;
        wr_reason reason = WR_REASON_NONE;
        int bad_spec = -1;
        CHECK(wr_attendance_input.handle(&m, day, v, &reason, &bad_spec) == ROW_REJECTED &&
              reason == WR_UNKNOWN_PROJECT);
        size_t workers = m.workers.len;
        m.row_hashed = 2;
        CHECK(wr_attendance_input.handle(&m, day, v, &reason, &bad_spec) == ROW_USED);
        CHECK(m.workers.len == workers + 1); /* WA again, under the wrong hash */
        m.row_hashed = 0;
        m.last_attendance.pair = WR_NONE;
        CHECK(wr_attendance_input.handle(&m, day, v, &reason, &bad_spec) == ROW_USED);
        CHECK(m.workers.len == workers + 1);
    }
    wr_model_free(&m);
}

int main(void)
{
    const char *days[] = {"project_id", "worker_id", "worker_name", "date", "hours"};
    const char *times[] = {"project_id", "worker_id", "worker_name", "punch_time"};
    shape_day = shape_of(days, 5);
    shape_punch = shape_of(times, 4);
    CHECK(shape_day != shape_punch);
    run(false);
    run(true);
    return CHECK_DONE();
}
