/*
 * gen.c: synthetic inputs for wagerecon, with the flags they must raise.
 *
 *   gen --workers N --out DIR [--seed S]
 *
 * Writes projects.csv (with clients), contracts.csv, attendance_days.csv,
 * attendance_punches.csv, payments.csv, min_wage.csv, holidays.csv, the
 * wage accounts' statement account_txns.csv (RULES v2), the expected flags
 * in labels.csv (kind,project_id,worker_id,period, then a bucket flag's
 * due_date,owed,paid,paid_on_time,shortfall,days_late,days_overdue as
 * flags.csv fills them, RULES 6) and the `wagerecon run` options in args
 * (with --account-txns and --warn-days 5).
 *
 * How the labels are exact. Each worker is generated on its own, from a
 * pseudo-random stream seeded by (seed, worker index), into a small
 * in-memory model: per (project, worker) pair its contracts, attended days
 * (with the hours of every row) and payment rows. About 1.5% of workers per
 * flag kind get one planted violation; the rest are clean. The rows are
 * written from that model, and the model is then judged by an evaluator
 * written from RULES.md (sections 3-5) and docs/DECISIONS.md alone, which
 * produces the labels. Two checks tie construction and evaluation
 * together: a clean worker must get no label, and a planted worker must get
 * its planted kind and nothing outside what that plant may cause. A
 * disagreement is a bug here, reported on stderr with exit 1.
 * DUPLICATE_TXN and UNKNOWN_ACCOUNT are judged over the whole payments
 * file, through two hash tables filled as rows are written.
 *
 * Calendar: periods 2026-08..2026-10, as-of 2026-11-20; rows in 2026-07 and
 * 2026-11 are written too and are out of scope.
 *
 * Plants (one per planted worker; the bucket is a due one with attended days):
 *   MISSING        no row, only a failed row, or a SUCCESS row paid after as-of
 *   UNDERPAID      short by 1 fen..1/3 of owed; the rest absent, failed or after as-of
 *   LATE           owed in full, all or the last part after the due date
 *   OVERPAID       owed + 0.01..500.00, or owed paid twice, on time
 *   NO_CONTRACT    no contract at all; contract ended while work went on; work
 *                  before the contract; no contract and one due bucket unpaid
 *                  (also MISSING, owed unknown)
 *   NO_ATTENDANCE  absent for a month yet paid for it
 *   UNKNOWN_PAYEE  a stranger paid from the project's account, or the worker
 *                  paid from another project's account
 *   NAME_MISMATCH  another name, or one character wrong, on a counted row
 *   RATE_BELOW_MINIMUM  DAY/HOUR/MONTH under the region's minimum (北京 DAY
 *                  118.00 is below only from 2026-09-01)
 *   INVALID_ID     wrong check character, impossible or future birth date,
 *                  15-digit number; paid correctly
 *   CONTRACT_OVERLAP  renewal without end, overlap of two weeks, equal
 *                  valid_from (first read applies), one shared day, overlap
 *                  before the run; paid by the contract RULES 4.2 picks
 *   DUPLICATE_TXN  an in-scope row repeated once or twice at the end of the file
 *   UNKNOWN_ACCOUNT one or two rows from an account that is no project's
 * RULES v2 5.3 (see pick_violation and write_statement):
 *   UNPAID_HEADCOUNT  MISSING workers crowded on one project per 1,000
 *   SHARED_CARD    a crew leader's card paid for a crew mate (some rows with
 *                  the card in spaced groups)
 *   LARGE_PAYMENT  MONTH 70,000-90,000 yuan paid in full
 *   LIST_THRESHOLD a worker unpaid three months; the crowded projects'
 *                  employers reach ten or more workers in arrears
 *   ALLOCATION_SHORT  statements with credits on time, late, short, absent
 *   DUE_SOON       buckets due within 5 days of as-of left unpaid (project
 *                  pay days 20, 21, 25: due 0-5 days after; 26: 6, not flagged)
 * Clean variants that must not flag: payee_id with x, full-width digits or X,
 * ASCII/ideographic spaces, padding; names with U+3000, ASCII spaces, the six
 * dots, empty payee_name; failed rows and `success`; split payments; rate
 * changes and project moves mid-run; PIECE; rates exactly at the minimum;
 * valid_to < valid_from (D7); days with several rows or punches; pay days
 * clipped or moved over weekends and holidays; October not yet due (pay day
 * 20-31) and unpaid or paid after as-of; out-of-scope duplicates and
 * unknown accounts in 2026-07; workers with no card (empty cards never
 * share); a MONTH rate of exactly 50,000.00 (not above the limit); one
 * worker's card in two projects (S_MOVE: SHARED_CARD is per project).
 *
 * Speed: rows are formatted by hand into large buffers; no allocation per
 * row. Prints nothing but errors (with GEN_STATS set in the environment,
 * row counts per file go to stderr).
 *
 * Build: cc -O2 -std=c11 -Wall -Wextra bench/gen.c -lxxhash -o build/gen
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <xxhash.h>

/* ---------------------------------------------------------------- calendar */

static int days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (unsigned)((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1);
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int)doe - 719468;
}

static void civil_from_days(int z, int *yy, int *mm, int *dd)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = (int)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    *yy = y + (m <= 2);
    *mm = (int)m;
    *dd = (int)d;
}

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
static int month_days(int y, int m)
{
    static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 ? 28 + is_leap(y) : md[m - 1];
}
static int weekday(int dn) { return ((dn % 7) + 11) % 7; } /* 0 = Sunday */
static int D(int y, int m, int d) { return days_from_civil(y, m, d); }

/* Date strings and day kinds for 2023-01-01 .. 2027-12-31, precomputed. */
#define CAL_Y0 2023
#define CAL_Y1 2027
static int CAL_BASE, CAL_N;
static char (*DSTR)[11];
enum { DK_WORK, DK_SAT, DK_SUN, DK_HOLIDAY };
static unsigned char *DKIND;    /* as the holidays file makes it */
static signed char *HOLKIND;    /* 0 none, 1 HOLIDAY, 2 WORKDAY */

static const struct { int y, m, d; int kind; } HOLIDAYS[] = {
    {2026, 1, 1, 1},  {2026, 5, 1, 1},  {2026, 5, 2, 1},  {2026, 5, 3, 1},
    {2026, 5, 4, 1},  {2026, 5, 5, 1},  {2026, 9, 20, 2}, {2026, 9, 25, 1},
    {2026, 10, 1, 1}, {2026, 10, 2, 1}, {2026, 10, 3, 1}, {2026, 10, 4, 1},
    {2026, 10, 5, 1}, {2026, 10, 6, 1}, {2026, 10, 7, 1}, {2026, 10, 10, 2},
};
#define NHOL ((int)(sizeof HOLIDAYS / sizeof HOLIDAYS[0]))

static void cal_init(void)
{
    CAL_BASE = D(CAL_Y0, 1, 1);
    CAL_N = D(CAL_Y1 + 1, 1, 1) - CAL_BASE;
    DSTR = malloc((size_t)CAL_N * sizeof *DSTR);
    DKIND = malloc((size_t)CAL_N);
    HOLKIND = calloc((size_t)CAL_N, 1);
    if (!DSTR || !DKIND || !HOLKIND) { fprintf(stderr, "gen: out of memory\n"); exit(1); }
    for (int h = 0; h < NHOL; h++)
        HOLKIND[D(HOLIDAYS[h].y, HOLIDAYS[h].m, HOLIDAYS[h].d) - CAL_BASE] = (signed char)HOLIDAYS[h].kind;
    for (int i = 0; i < CAL_N; i++) {
        int y, m, d;
        civil_from_days(CAL_BASE + i, &y, &m, &d);
        snprintf(DSTR[i], 11, "%04d-%02d-%02d", y, m, d);
        int wd = weekday(CAL_BASE + i);
        int k = wd == 6 ? DK_SAT : wd == 0 ? DK_SUN : DK_WORK;
        if (HOLKIND[i] == 1) k = DK_HOLIDAY;
        if (HOLKIND[i] == 2) k = DK_WORK;
        DKIND[i] = (unsigned char)k;
    }
}
static const char *dstr(int dn)
{
    if (dn < CAL_BASE || dn >= CAL_BASE + CAL_N) { fprintf(stderr, "gen: date out of table\n"); exit(1); }
    return DSTR[dn - CAL_BASE];
}
static int month_of(int dn) { int y, m, d; civil_from_days(dn, &y, &m, &d); return y == 2026 ? m : (y < 2026 ? 0 : 13); }

/* RULES 4.4: a rest day is a Saturday or Sunday not listed WORKDAY, or a
 * listed HOLIDAY. */
static int is_rest_day(int dn)
{
    int hk = HOLKIND[dn - CAL_BASE];
    if (hk == 1) return 1;
    int wd = weekday(dn);
    return (wd == 0 || wd == 6) && hk != 2;
}

/* RULES 4.4: that day of month period+1, clipped, moved earlier over rest days. */
static int due_date(int per_month, int pay_day)
{
    int y = 2026, m = per_month + 1;
    if (m == 13) { y++; m = 1; }
    int d = pay_day < month_days(y, m) ? pay_day : month_days(y, m);
    int dn = D(y, m, d);
    while (is_rest_day(dn)) dn--;
    return dn;
}

static int AS_OF, JUL27, AUG1, OCT31, NOV6;
#define PER_FIRST 8
#define PER_LAST 10
#define OPEN INT_MAX
static int in_run(int per) { return per >= PER_FIRST && per <= PER_LAST; }

/* ---------------------------------------------------------------- random */

typedef struct { uint64_t s; } Rng;
static uint64_t rnext(Rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static uint32_t rint_(Rng *r, uint32_t n) { return (uint32_t)(((rnext(r) >> 32) * n) >> 32); }
static int rrange(Rng *r, int lo, int hi) { return lo + (int)rint_(r, (uint32_t)(hi - lo + 1)); }
static int permil(Rng *r, int pm) { return (int)rint_(r, 1000) < pm; }
static uint64_t SEED = 1;
static Rng rng_for(uint64_t a, uint64_t b)
{
    uint64_t k[2] = {a, b};
    Rng r = {XXH3_64bits_withSeed(k, sizeof k, SEED)};
    return r;
}

/* ---------------------------------------------------------------- output */

typedef struct { FILE *f; char *b; size_t n, cap; char path[4096]; } Out;
static void out_open(Out *o, const char *dir, const char *name)
{
    snprintf(o->path, sizeof o->path, "%s/%s", dir, name);
    o->f = fopen(o->path, "wb");
    if (!o->f) { fprintf(stderr, "gen: %s: %s\n", o->path, strerror(errno)); exit(1); }
    o->cap = (size_t)4 << 20;
    o->b = malloc(o->cap);
    o->n = 0;
    if (!o->b) { fprintf(stderr, "gen: out of memory\n"); exit(1); }
}
static void out_flush(Out *o)
{
    if (o->n && fwrite(o->b, 1, o->n, o->f) != o->n) { fprintf(stderr, "gen: %s: write failed: %s\n", o->path, strerror(errno)); exit(1); }
    o->n = 0;
}
static void out_close(Out *o)
{
    out_flush(o);
    if (fclose(o->f) != 0) { fprintf(stderr, "gen: %s: %s\n", o->path, strerror(errno)); exit(1); }
    free(o->b);
}
/* Every row starts with out_row(), which guarantees room for one row. */
static void out_row(Out *o) { if (o->n + 2048 > o->cap) out_flush(o); }
static void out_mem(Out *o, const char *s, size_t n) { memcpy(o->b + o->n, s, n); o->n += n; }
static void out_s(Out *o, const char *s) { out_mem(o, s, strlen(s)); }
static void out_c(Out *o, char c) { o->b[o->n++] = c; }
static void out_u(Out *o, uint64_t v)
{
    char t[24];
    int k = 0;
    do { t[k++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (k) o->b[o->n++] = t[--k];
}
static void out_2d(Out *o, int v) { out_c(o, (char)('0' + v / 10)); out_c(o, (char)('0' + v % 10)); }
/* style 0: always two decimals; 1: shortest ("350", "27.5", "27.55"). */
static void out_money(Out *o, int64_t fen, int style)
{
    out_u(o, (uint64_t)(fen / 100));
    int c = (int)(fen % 100);
    if (style == 0 || c % 10) { out_c(o, '.'); out_2d(o, c); }
    else if (c) { out_c(o, '.'); out_c(o, (char)('0' + c / 10)); }
}
static void out_hms(Out *o, int sec, int fmt)
{
    out_2d(o, sec / 3600); out_c(o, ':'); out_2d(o, sec / 60 % 60);
    if (fmt == 0) { out_c(o, ':'); out_2d(o, sec % 60); }
}
static void out_period(Out *o, int per) { out_s(o, "2026-"); out_2d(o, per); }
/* RFC 4180 field, quoted only when needed. */
static void out_field(Out *o, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) { out_s(o, s); return; }
    out_c(o, '"');
    for (; *s; s++) { if (*s == '"') out_c(o, '"'); out_c(o, *s); }
    out_c(o, '"');
}

enum { F_PROJ, F_CONTR, F_DAYS, F_PUNCH, F_PAY, F_MINW, F_HOL, F_STMT, F_LABELS, F_ARGS, NFILES };
static Out OUT[NFILES];
static uint64_t ROWS[NFILES];

/* ---------------------------------------------------------------- kinds */

enum { K_MISSING, K_UNDERPAID, K_LATE, K_OVERPAID, K_NO_CONTRACT, K_NO_ATTENDANCE,
       K_UNKNOWN_PAYEE, K_NAME_MISMATCH, K_RATE_BELOW_MINIMUM, K_INVALID_ID,
       K_CONTRACT_OVERLAP, K_DUPLICATE_TXN, K_UNKNOWN_ACCOUNT,
       /* RULES v2 5.3 */
       K_ALLOCATION_SHORT, K_UNPAID_HEADCOUNT, K_SHARED_CARD, K_LARGE_PAYMENT, K_LIST_THRESHOLD,
       K_DUE_SOON, NKIND };
static const char *KIND[NKIND] = {"MISSING", "UNDERPAID", "LATE", "OVERPAID", "NO_CONTRACT",
    "NO_ATTENDANCE", "UNKNOWN_PAYEE", "NAME_MISMATCH", "RATE_BELOW_MINIMUM", "INVALID_ID",
    "CONTRACT_OVERLAP", "DUPLICATE_TXN", "UNKNOWN_ACCOUNT", "ALLOCATION_SHORT",
    "UNPAID_HEADCOUNT", "SHARED_CARD", "LARGE_PAYMENT", "LIST_THRESHOLD", "DUE_SOON"};
#define BIT(k) (1u << (k))

typedef struct {
    int kind, proj, per; char wid[24];   /* proj -1 / per 0: empty */
    /* a bucket flag's columns of flags.csv (RULES 6), when bucket is set:
     * due date, owed (known), paid, paid on time, and LATE's days late */
    int bucket, due, known, days_late;
    int64_t owed, paid, pot;
} Label;
static Label *LABELS;
static size_t NLAB, CAPLAB;
static void add_label(int kind, int proj, const char *wid, int per)
{
    if (NLAB == CAPLAB) {
        CAPLAB = CAPLAB ? CAPLAB * 2 : 4096;
        LABELS = realloc(LABELS, CAPLAB * sizeof *LABELS);
        if (!LABELS) { fprintf(stderr, "gen: out of memory\n"); exit(1); }
    }
    Label *l = &LABELS[NLAB++];
    memset(l, 0, sizeof *l);
    l->kind = kind; l->proj = proj; l->per = per;
    snprintf(l->wid, sizeof l->wid, "%s", wid ? wid : "");
}

/* ---------------------------------------------------------------- hash sets */

typedef struct { uint64_t *key; uint32_t *cnt; size_t mask; } HSet;
static void hs_init(HSet *h, size_t want)
{
    size_t cap = 1024;
    while (cap < want * 2) cap <<= 1;
    h->key = calloc(cap, sizeof *h->key);
    h->cnt = calloc(cap, sizeof *h->cnt);
    h->mask = cap - 1;
    if (!h->key || !h->cnt) { fprintf(stderr, "gen: out of memory\n"); exit(1); }
}
/* Adds one occurrence; returns the new count. */
static uint32_t hs_add(HSet *h, const void *s, size_t n)
{
    uint64_t k = XXH3_64bits(s, n) | 1;
    size_t i = (size_t)k & h->mask;
    while (h->key[i] && h->key[i] != k) i = (i + 1) & h->mask;
    h->key[i] = k;
    return ++h->cnt[i];
}

static HSet IDSET;      /* every worker id made, to keep them distinct */
static HSet TXNSET;     /* in-scope (account, txn_id) rows: DUPLICATE_TXN */
static HSet UNKACCT;    /* in-scope accounts that are no project's: UNKNOWN_ACCOUNT */

/* ---------------------------------------------------------------- text */

static int u8len(unsigned char c) { return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; }
static unsigned u8dec(const char *s, int *len)
{
    const unsigned char *p = (const unsigned char *)s;
    int n = u8len(p[0]);
    unsigned cp = n == 1 ? p[0] : n == 2 ? p[0] & 0x1Fu : n == 3 ? p[0] & 0x0Fu : p[0] & 0x07u;
    for (int i = 1; i < n; i++) cp = (cp << 6) | (p[i] & 0x3Fu);
    *len = n;
    return cp;
}
static char *u8enc(char *o, unsigned cp)
{
    if (cp < 0x80) *o++ = (char)cp;
    else if (cp < 0x800) { *o++ = (char)(0xC0 | (cp >> 6)); *o++ = (char)(0x80 | (cp & 0x3F)); }
    else if (cp < 0x10000) { *o++ = (char)(0xE0 | (cp >> 12)); *o++ = (char)(0x80 | ((cp >> 6) & 0x3F)); *o++ = (char)(0x80 | (cp & 0x3F)); }
    else { *o++ = (char)(0xF0 | (cp >> 18)); *o++ = (char)(0x80 | ((cp >> 12) & 0x3F)); *o++ = (char)(0x80 | ((cp >> 6) & 0x3F)); *o++ = (char)(0x80 | (cp & 0x3F)); }
    return o;
}
/* D2 trim of ASCII spaces and tabs. */
static void trim(const char *s, const char **b, const char **e)
{
    const char *x = s, *y = s + strlen(s);
    while (x < y && (*x == ' ' || *x == '\t')) x++;
    while (y > x && (y[-1] == ' ' || y[-1] == '\t')) y--;
    *b = x; *e = y;
}
/* RULES 3, names for comparison. */
static void norm_name(const char *s, char *out)
{
    const char *p, *e;
    trim(s, &p, &e);
    char *o = out;
    while (p < e) {
        int n;
        unsigned cp = u8dec(p, &n);
        p += n;
        if (cp == 0x20 || cp == 0x3000) continue;
        if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;
        if (cp == 0xB7 || cp == 0x2022 || cp == 0x30FB || cp == 0xFF0E || cp == 0x2027) cp = '.';
        if (cp >= 'a' && cp <= 'z') cp -= 32;
        o = u8enc(o, cp);
    }
    *o = 0;
}
/* RULES 3, IDs. */
static void norm_id(const char *s, char *out)
{
    const char *p, *e;
    trim(s, &p, &e);
    char *o = out;
    while (p < e) {
        int n;
        unsigned cp = u8dec(p, &n);
        p += n;
        if (cp == 0x20 || cp == 0x3000) continue;
        if (cp >= 0xFF10 && cp <= 0xFF19) cp = '0' + (cp - 0xFF10);
        if (cp == 0xFF38 || cp == 0xFF58 || cp == 'x') cp = 'X';
        o = u8enc(o, cp);
    }
    *o = 0;
}

static const int IDW[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
static const char IDCHK[] = "10X98765432";
static char id_check(const char *body17)
{
    int s = 0;
    for (int i = 0; i < 17; i++) s += (body17[i] - '0') * IDW[i];
    return IDCHK[s % 11];
}
/* D15: 18 characters, 17 digits, check character, real birth date in
 * 1900-01-01 .. as-of. */
static int id_valid(const char *id)
{
    if (strlen(id) != 18) return 0;
    for (int i = 0; i < 17; i++) if (id[i] < '0' || id[i] > '9') return 0;
    if (id[17] != id_check(id)) return 0;
    int y = (id[6] - '0') * 1000 + (id[7] - '0') * 100 + (id[8] - '0') * 10 + (id[9] - '0');
    int m = (id[10] - '0') * 10 + (id[11] - '0');
    int d = (id[12] - '0') * 10 + (id[13] - '0');
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > month_days(y, m)) return 0;
    return D(y, m, d) <= AS_OF;
}

/* ---------------------------------------------------------------- reference data */

static const char *REGION[] = {"上海", "北京", "广州", ""};
enum { R_SH, R_BJ, R_GZ, R_NONE };
/* min_wage.csv; 北京 2026-09-01 is made up, to move a threshold inside the run. */
static const struct { int region; int y, m, d; int64_t monthly, hourly; } MINW[] = {
    {R_SH, 2023, 7, 1, 269000, 2400}, {R_SH, 2025, 7, 1, 274000, 2400},
    {R_BJ, 2025, 9, 1, 254000, 2770}, {R_BJ, 2026, 9, 1, 262000, 2860},
    {R_GZ, 2025, 3, 1, 250000, -1},
};
#define NMINW ((int)(sizeof MINW / sizeof MINW[0]))
static int MINW_DN[NMINW];
/* The row in force: region equal, latest effective_from <= date. */
static int minw_row(int region, int date)
{
    int best = -1;
    for (int i = 0; i < NMINW; i++)
        if (MINW[i].region == region && MINW_DN[i] <= date && (best < 0 || MINW_DN[i] > MINW_DN[best])) best = i;
    return best;
}

enum { RT_DAY, RT_HOUR, RT_MONTH, RT_PIECE };
static const char *RT[] = {"DAY", "HOUR", "MONTH", "PIECE"};

/* RULES 5.2 RATE_BELOW_MINIMUM, exact fractions as D13 says. */
static int rate_below(int type, int64_t rate, int region, int date)
{
    if (type == RT_PIECE || region == R_NONE) return 0;
    int i = minw_row(region, date);
    if (i < 0) return 0;
    int64_t mo = MINW[i].monthly, hr = MINW[i].hourly;
    if (type == RT_MONTH) return rate < mo;
    if (type == RT_DAY) return rate * 2175 < mo * 100;
    if (hr >= 0) return rate < hr;
    return rate * 2175 * 8 < mo * 100;
}

static const char *SURNAME[] = {"王","李","张","刘","陈","杨","黄","赵","吴","周","徐","孙","马","朱","胡","郭","何","高","林","罗","郑","梁","谢","宋","唐","许","韩","冯","邓","曹","彭","曾","肖","田","董","袁","潘","于","蒋","蔡","余","杜","叶","程","苏","魏","吕","丁","任","沈","姚","卢","姜","崔","钟","谭","陆","汪","范","金","石","廖","贾","夏","韦","付","方","白","邹","孟","熊","秦","邱","江","尹","薛","闫","段","雷","侯","龙","史","陶","黎","贺","顾","毛","郝","龚","邵","万","钱","严","覃","武","戴","莫","孔","向","汤","欧阳","司马","诸葛"};
static const char *GIVEN[] = {"伟","强","军","勇","杰","涛","斌","明","辉","建","华","国","平","刚","飞","鹏","超","波","磊","洪","亮","志","文","学","林","海","峰","东","春","生","宝","德","福","贵","荣","发","庆","友","才","祥","成","兵","顺","利","全","金","山","红","玉","英","兰","芳","秀","永","长","新","正","光","中","云","忠","安","胜","宏","元","江","大","小"};
static const char *UYGHUR[] = {"买买提","艾力","阿卜杜拉","艾尔肯","努尔","吐尔洪","阿不都","热合曼","吾守尔","伊力哈木","艾买提","亚森","麦麦提","肉孜","阿迪力","卡德尔","依明","托合提"};
#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))
static const char *IDREGION[] = {"511621","511623","510821","411323","411522","412727","341221","341222","340827","430621","431228","433130","522121","520221","360721","360781","421181","421125","620523","500228","500237","450821","530381","371526","130529","320882","362427","513030","622421","612427","653101","652101","650102"};
#define N_XJ 3   /* the last three region codes are in Xinjiang */

/* A name is two parts: surname + given, or (minority) given · father's. */
typedef struct Name_ { char a[32], b[48]; int minority; } Name;
static void name_make(Rng *r, Name *n, int minority)
{
    n->minority = minority;
    if (minority) {
        int i = (int)rint_(r, NELEM(UYGHUR)), j = (int)rint_(r, NELEM(UYGHUR));
        if (j == i) j = (j + 1) % NELEM(UYGHUR);
        snprintf(n->a, sizeof n->a, "%s", UYGHUR[i]);
        snprintf(n->b, sizeof n->b, "%s", UYGHUR[j]);
        return;
    }
    snprintf(n->a, sizeof n->a, "%s", SURNAME[rint_(r, NELEM(SURNAME))]);
    if (permil(r, 350)) snprintf(n->b, sizeof n->b, "%s", GIVEN[rint_(r, NELEM(GIVEN))]);
    else snprintf(n->b, sizeof n->b, "%s%s", GIVEN[rint_(r, NELEM(GIVEN))], GIVEN[rint_(r, NELEM(GIVEN))]);
}
static int name_chars(const Name *n)
{
    int c = 0;
    for (const char *p = n->a; *p; p += u8len((unsigned char)*p)) c++;
    for (const char *p = n->b; *p; p += u8len((unsigned char)*p)) c++;
    return c;
}
/* Spellings of one name that compare equal under RULES 3.
 * Han: 0 plain, 1 U+3000 between every character, 2 ASCII space after the
 * surname. Minority: the dot as one of the dots RULES 3 merges. */
static void name_render(const Name *n, int style, char *out, size_t cap)
{
    if (n->minority) {
        static const char *DOT[] = {"·", ".", "•", "・", "．", "‧", " · ", "　·　"};
        snprintf(out, cap, "%s%s%s", n->a, DOT[style % NELEM(DOT)], n->b);
        return;
    }
    if (style == 2) { snprintf(out, cap, "%s %s", n->a, n->b); return; }
    if (style != 1) { snprintf(out, cap, "%s%s", n->a, n->b); return; }
    char whole[96];
    snprintf(whole, sizeof whole, "%s%s", n->a, n->b);
    char *o = out;
    for (const char *p = whole; *p;) {
        int l = u8len((unsigned char)*p);
        if (p != whole) { memcpy(o, "\xE3\x80\x80", 3); o += 3; }
        memcpy(o, p, (size_t)l); o += l; p += l;
    }
    *o = 0;
}
/* A different person's name, or the same with one character wrong. */
static void name_other1(Rng *r, const Name *n, char *out, size_t cap);
static void name_other(Rng *r, const Name *n, char *out, size_t cap)
{
    char a[256], b[256], orig[96];
    name_render(n, 0, orig, sizeof orig);
    norm_name(orig, a);
    do {
        name_other1(r, n, out, cap);
        norm_name(out, b);
    } while (!strcmp(a, b));
}
static void name_other1(Rng *r, const Name *n, char *out, size_t cap)
{
    Name m = *n;
    if (permil(r, 500)) {
        name_make(r, &m, n->minority);
    } else if (n->minority) {
        int j = (int)rint_(r, NELEM(UYGHUR));
        if (!strcmp(UYGHUR[j], m.b)) j = (j + 1) % NELEM(UYGHUR);
        snprintf(m.b, sizeof m.b, "%s", UYGHUR[j]);
    } else {
        /* replace the last given character */
        size_t L = strlen(m.b);
        size_t last = 0;
        for (size_t k = 0; k < L; k += (size_t)u8len((unsigned char)m.b[k])) last = k;
        const char *g = GIVEN[rint_(r, NELEM(GIVEN))];
        if (!strcmp(g, m.b + last)) g = !strcmp(g, "伟") ? "炜" : "伟";
        snprintf(m.b + last, sizeof m.b - last, "%s", g);
    }
    name_render(&m, 0, out, cap);
}

/* ---------------------------------------------------------------- projects */

typedef struct {
    char id[16], name[192], emp_id[24], emp_name[128], acct[24];
    char client_id[24], client_name[128]; /* v2, empty for some projects */
    int pay_day, region, emp;
} Project;
static Project *PROJ;
static int NPROJ;       /* projects workers are put on */
static int NPROJ_ALL;   /* plus one without workers */
static int PROJ_W = 5;

static void uscc(Rng *r, char *out)
{
    static const char CS[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static const int WT[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    static const char *ADM[] = {"310115", "310112", "110105", "110108", "440106", "320602"};
    char s[19];
    memcpy(s, "91", 2);
    memcpy(s + 2, ADM[rint_(r, NELEM(ADM))], 6);
    for (int i = 8; i < 17; i++) s[i] = CS[i < 16 ? rint_(r, 10) : rint_(r, 31)];
    int sum = 0;
    for (int i = 0; i < 17; i++) sum += (int)(strchr(CS, s[i]) - CS) * WT[i];
    int c = 31 - sum % 31;
    s[17] = CS[c == 31 ? 0 : c];
    s[18] = 0;
    memcpy(out, s, 19);
}

static void make_projects(void)
{
    static const char *DIST[4][7] = {
        {"浦东新区", "闵行区", "嘉定区", "松江区", "青浦区", "宝山区", "奉贤区"},
        {"朝阳区", "海淀区", "丰台区", "通州区", "大兴区", "顺义区", "昌平区"},
        {"天河区", "黄埔区", "番禺区", "白云区", "南沙区", "海珠区", "增城区"},
        {"苏州工业园区", "昆山市", "嘉兴南湖区", "南通崇川区", "无锡新吴区", "太仓市", "常熟市"}};
    static const char *PLACE[] = {"张江", "前滩", "临港", "望京", "亦庄", "金桥", "翠湖", "滨江", "科学城", "商务区", "新城", "北站", "中央公园"};
    static const char *KINDP[] = {"安置房项目", "住宅项目", "商业综合体项目", "地铁站点工程", "学校新建工程", "医院扩建工程", "道路改造工程", "产业园工程"};
    static const char *PHASE[] = {"一期", "二期", "三期", ""};
    static const char *EMP[] = {"中建八局第一", "中建三局第二", "上海建工四", "北京城建五", "广州建筑第六", "中铁十五局集团第二", "中交第三航务", "江苏南通二建", "浙江宝业", "龙信", "北京住总第三", "上海宝冶第一"};
    static const int PAYDAYS[] = {5, 5, 8, 10, 10, 10, 12, 15, 15, 15, 20, 21, 25, 26, 28, 31};
    int nemp = NPROJ / 3 + 1;
    char digits[16];
    int nd = snprintf(digits, sizeof digits, "%d", NPROJ_ALL);
    PROJ_W = nd > 5 ? nd : 5;
    for (int i = 0; i < NPROJ_ALL; i++) {
        Project *p = &PROJ[i];
        Rng r = rng_for(0x50524f4aULL, (uint64_t)i);
        snprintf(p->id, sizeof p->id, "PJ%0*d", PROJ_W, i + 1);
        int rp = (int)rint_(&r, 100);
        p->region = i == 0 ? R_SH : rp < 45 ? R_SH : rp < 80 ? R_BJ : rp < 92 ? R_GZ : R_NONE;
        char pn[160];
        snprintf(pn, sizeof pn, "%s%s%02d-%02d地块%s%s", DIST[p->region][rint_(&r, 7)],
                 PLACE[rint_(&r, NELEM(PLACE))], rrange(&r, 1, 30), rrange(&r, 1, 20),
                 KINDP[rint_(&r, NELEM(KINDP))], PHASE[rint_(&r, NELEM(PHASE))]);
        int q = (int)rint_(&r, 100);
        if (q < 5) snprintf(p->name, sizeof p->name, "%s,二标段", pn);              /* quoted in the CSV */
        else if (q < 7) snprintf(p->name, sizeof p->name, "%s(\"样板\"工地)", pn); /* doubled quotes */
        else snprintf(p->name, sizeof p->name, "%s", pn);
        p->emp = (int)rint_(&r, (uint32_t)nemp);
        Rng re = rng_for(0x454d50ULL, (uint64_t)p->emp);
        uscc(&re, p->emp_id);
        if (p->emp < NELEM(EMP)) snprintf(p->emp_name, sizeof p->emp_name, "%s建设有限公司", EMP[p->emp]);
        else snprintf(p->emp_name, sizeof p->emp_name, "%s建设有限公司第%d分公司", EMP[p->emp % NELEM(EMP)], p->emp / NELEM(EMP));
        snprintf(p->acct, sizeof p->acct, "3105016160%09u", (unsigned)(i * 7919u + 100003u));
        p->pay_day = permil(&r, 150) ? 0 : PAYDAYS[rint_(&r, NELEM(PAYDAYS))];
        if (permil(&r, 800)) {   /* the client (建设单位), shared by two projects */
            static const char *CLI[] = {"城投置业", "地产开发", "轨道交通建设", "教育发展", "卫生健康投资", "产业园区开发"};
            Rng rc = rng_for(0x434c49ULL, (uint64_t)(i / 2));
            uscc(&rc, p->client_id);
            snprintf(p->client_name, sizeof p->client_name, "%s%s有限公司", DIST[p->region][rint_(&rc, 7)],
                     CLI[rint_(&rc, NELEM(CLI))]);
        }
    }
}

/* RULES v2 4.4a: the project due date, from the project's pay_day alone. */
static int pdue(int p, int per) { return due_date(per, PROJ[p].pay_day ? PROJ[p].pay_day : 15); }

/* ---------------------------------------------------------------- the model */

typedef struct {
    int vf, vt;          /* day numbers; vt OPEN for an empty valid_to */
    int type, pay_day;   /* pay_day 0: empty */
    int64_t rate;        /* fen */
    int rate_style;
    char wid_raw[80];
    char name[96];
} Contract;

typedef struct {
    int date;
    int centi;           /* RULES 4.1 hours of the attended day, 1/100 h */
    int nday, dayc[2], dayfmt[2];  /* day-shape rows; dayc -1 = empty hours */
    int npunch, punch[3], punch_fmt;
} ADay;

typedef struct {
    int proj;            /* project whose account pays; -1: an account that is no project's */
    int per;             /* period month of 2026 */
    int64_t amount;
    int paid_at, paid_sec, paid_fmt;   /* paid_sec -1: date only */
    int status;          /* 0 SUCCESS */
    int amt_style, remark;
    int dup_extra;       /* identical rows appended at the end of the file */
    char txn[40], acct[24], payee_raw[96], name[96], card[24];
} Pay;

#define MAXC 6
#define MAXD 160
#define MAXP 40
typedef struct {
    int proj;
    char wid[24];        /* normalised id */
    const struct Name_ *nm; /* the person's name (the worker's, or a crew mate's) */
    char att_wid[96], att_name[96];
    int shape;           /* 0 day rows, 1 punches */
    Contract c[MAXC]; int nc;
    ADay d[MAXD]; int nd;
    Pay p[MAXP]; int np;
} Pair;

typedef struct {
    uint32_t idx;
    char id[24];
    int region_idx, minority;
    Name name;
    char card[24];
    uint32_t txn_seq;
} Worker;

static Worker W;
static Pair PR[4];
static int NPR;
static Pay *DUPS;
static size_t NDUPS, CAPDUPS;

/* ---------------------------------------------------------------- evaluation */

/* RULES 4.2: latest valid_from among those valid on the date; ties: first read. */
static int applicable(const Pair *pr, int date)
{
    int best = -1;
    for (int i = 0; i < pr->nc; i++) {
        const Contract *c = &pr->c[i];
        if (c->vf <= date && date <= c->vt && (best < 0 || c->vf > pr->c[best].vf)) best = i;
    }
    return best;
}

typedef struct {
    int nd, nocontract_days, piece_days;
    int64_t owed;
    int known, due, isdue;
} BInfo;

/* RULES 4.3 owed and 4.4 due date of the bucket (pair, period). */
static void bucket_info(const Pair *pr, int per, BInfo *b)
{
    int days[MAXC] = {0};
    int64_t centi_rate[MAXC] = {0};
    memset(b, 0, sizeof *b);
    int last_ci = -1;
    for (int k = 0; k < pr->nd; k++) {
        const ADay *d = &pr->d[k];
        if (month_of(d->date) != per) continue;
        b->nd++;
        int ci = applicable(pr, d->date);
        if (ci < 0) { b->nocontract_days++; continue; }
        last_ci = ci;   /* days are in date order: the last one wins */
        if (pr->c[ci].type == RT_PIECE) { b->piece_days++; continue; }
        days[ci]++;
        centi_rate[ci] += (int64_t)d->centi * pr->c[ci].rate;
    }
    for (int i = 0; i < pr->nc; i++) {
        if (!days[i]) continue;
        const Contract *c = &pr->c[i];
        int64_t o;
        if (c->type == RT_DAY) o = c->rate * days[i];
        else if (c->type == RT_HOUR) o = (centi_rate[i] + 50) / 100;
        else {
            int64_t x = c->rate * days[i] * 100;           /* / 2175, half up */
            o = (2 * x + 2175) / 4350;
            if (o > c->rate) o = c->rate;
        }
        b->owed += o;
    }
    b->known = b->nocontract_days == 0 && b->piece_days == 0;
    int pd = 0;
    if (last_ci >= 0) pd = pr->c[last_ci].pay_day;
    if (!pd) pd = PROJ[pr->proj].pay_day;
    if (!pd) pd = 15;
    b->due = due_date(per, pd);
    b->isdue = b->due < AS_OF;
}

/* ---- RULES v2 5.3 over the whole run (labels of the kinds that span
 * workers): UNPAID_HEADCOUNT, SHARED_CARD, LIST_THRESHOLD. */
#define LARGE_PAYMENT_FEN 5000000   /* --large-payment default 50000.00 */
#define LIST_WORKER_FEN 500000      /* --list-worker-amount default */
#define LIST_TOTAL_FEN 3000000      /* --list-total-amount default */
#define WARN_DAYS 5                 /* --warn-days in args */
static int64_t *V2_OWED;  /* [proj * 16 + per]: RULES 4.6 owed of the project's period */
typedef struct { int proj, per; } V2Plant;
static V2Plant *SCPLANT; static size_t NSC, CAPSC;   /* crew plants: (project, period) */
typedef struct { int proj, per; char wid[24]; int64_t fen; } V2Short;
typedef struct { int proj, per; char card[24], wid[24]; } V2Card;
static int *V2_MISSING;   /* [proj * 16 + per] */
static V2Short *V2S; static size_t NV2S, CAPV2S;
static V2Card *V2C; static size_t NV2C, CAPV2C;
static void *grow(void *p, size_t *cap, size_t n, size_t size)
{
    if (n < *cap) return p;
    *cap = *cap ? *cap * 2 : 4096;
    p = realloc(p, *cap * size);
    if (!p) { fprintf(stderr, "gen: out of memory\n"); exit(1); }
    return p;
}
static void v2_missing(int proj, int per) { V2_MISSING[proj * 16 + per]++; }
static void v2_shortfall(int proj, const char *wid, int per, int64_t fen)
{
    V2S = grow(V2S, &CAPV2S, NV2S, sizeof *V2S);
    V2Short *s = &V2S[NV2S++];
    s->proj = proj; s->per = per; s->fen = fen;
    snprintf(s->wid, sizeof s->wid, "%s", wid);
}
static void v2_card(int proj, const char *card, const char *wid, int per)
{
    char c[24]; size_t n = 0;
    for (const char *q = card; *q && n + 1 < sizeof c; q++) if (*q != ' ') c[n++] = *q;
    c[n] = 0;
    if (!n) return;   /* an empty card never matches */
    V2C = grow(V2C, &CAPV2C, NV2C, sizeof *V2C);
    V2Card *v = &V2C[NV2C++];
    v->proj = proj; v->per = per;
    memcpy(v->card, c, n + 1);
    snprintf(v->wid, sizeof v->wid, "%s", wid);
}

static int counted(const Pair *pr, const Pay *p)
{
    return p->proj >= 0 && p->proj == pr->proj && p->status == 0 && p->paid_at <= AS_OF && in_run(p->per);
}

/* All flags of one (project, worker) pair, RULES 5, except DUPLICATE_TXN
 * and UNKNOWN_ACCOUNT. Returns the kinds raised as a bit mask. */
static unsigned eval_pair(const Pair *pr)
{
    unsigned mask = 0;
    const Project *pj = &PROJ[pr->proj];
    char wid[96];
    for (int i = 0; i < pr->nc; i++) {
        norm_id(pr->c[i].wid_raw, wid);
        if (strcmp(wid, pr->wid)) { fprintf(stderr, "gen: bug: contract id %s\n", pr->c[i].wid_raw); exit(1); }
    }
    if (pr->nd) { norm_id(pr->att_wid, wid); if (strcmp(wid, pr->wid)) { fprintf(stderr, "gen: bug: attendance id\n"); exit(1); } }
    for (int i = 0; i < pr->np; i++) {
        if (pr->p[i].proj < 0) continue;
        norm_id(pr->p[i].payee_raw, wid);
        if (strcmp(wid, pr->wid) || pr->p[i].proj != pr->proj) { fprintf(stderr, "gen: bug: payee id %s\n", pr->p[i].payee_raw); exit(1); }
    }

    int att_in = 0;
    for (int k = 0; k < pr->nd; k++) att_in += in_run(month_of(pr->d[k].date));
    /* D11: first contract name, else first in-scope attendance name. */
    const char *roster = pr->nc ? pr->c[0].name : att_in ? pr->att_name : "";
    char nroster[256], npay[256];
    norm_name(roster, nroster);
    int any_counted = 0;

    for (int per = PER_FIRST; per <= PER_LAST; per++) {
        BInfo b;
        bucket_info(pr, per, &b);
        int64_t paid = 0, pot = 0;
        int mismatch = 0;
        for (int i = 0; i < pr->np; i++) {
            const Pay *p = &pr->p[i];
            if (p->per != per || !counted(pr, p)) continue;
            any_counted = 1;
            paid += p->amount;
            if (p->paid_at <= b.due) pot += p->amount;
            if (p->name[0] && roster[0]) {
                norm_name(p->name, npay);
                if (npay[0] && strcmp(npay, nroster)) mismatch = 1;
            }
        }
        unsigned m = 0;
        if (b.isdue && b.nd) {                                   /* 5.1 */
            if (paid == 0) m |= BIT(K_MISSING);
            else if (!b.known || pot >= b.owed) {}
            else if (paid >= b.owed) m |= BIT(K_LATE);
            else m |= BIT(K_UNDERPAID);
            if (b.known && paid > b.owed) m |= BIT(K_OVERPAID);
        }
        if (b.nocontract_days) m |= BIT(K_NO_CONTRACT);
        if (paid > LARGE_PAYMENT_FEN) m |= BIT(K_LARGE_PAYMENT);                 /* 5.3 */
        if (!b.isdue && b.nd && b.due - AS_OF <= WARN_DAYS && (paid == 0 || (b.known && paid < b.owed)))
            m |= BIT(K_DUE_SOON);
        if (b.nd && b.known) V2_OWED[pr->proj * 16 + per] += b.owed;           /* 4.6 cum_owed */
        if (paid > 0 && !b.nd && (pr->nc || att_in)) m |= BIT(K_NO_ATTENDANCE);
        if (paid > 0 && !pr->nc && !att_in) m |= BIT(K_UNKNOWN_PAYEE);
        if (mismatch) m |= BIT(K_NAME_MISMATCH);
        for (int k = 0; k < pr->nd; k++) {
            const ADay *d = &pr->d[k];
            if (month_of(d->date) != per) continue;
            int ci = applicable(pr, d->date);
            if (ci >= 0 && rate_below(pr->c[ci].type, pr->c[ci].rate, pj->region, d->date)) { m |= BIT(K_RATE_BELOW_MINIMUM); break; }
        }
        /* RULES 5.1 LATE: the day the running sum of counted payments, by
         * paid_at (ties: read order, the same day), first reaches owed. */
        int late_day = 0;
        if (m & BIT(K_LATE)) {
            int64_t run = 0;
            for (int day = b.due + 1; day <= AS_OF && !late_day; day++)
                for (int i = 0; i < pr->np; i++) {
                    const Pay *p = &pr->p[i];
                    if (p->per == per && counted(pr, p) && p->paid_at == day) run += p->amount;
                    if (run + pot >= b.owed) { late_day = day; break; }
                }
        }
        for (int k = 0; k < NKIND; k++) if (m & BIT(k)) {
            add_label(k, pr->proj, pr->wid, per);
            Label *l = &LABELS[NLAB - 1];
            l->bucket = 1; l->due = b.due; l->known = b.known; l->owed = b.owed;
            l->paid = paid; l->pot = pot; l->days_late = late_day ? late_day - b.due : 0;
        }
        mask |= m;
        /* RULES v2 5.3, judged over the whole run in write_labels: U per
         * project-period, shortfalls per employer, cards per project. */
        if (m & BIT(K_MISSING)) v2_missing(pr->proj, per);
        if ((m & BIT(K_MISSING)) && b.known) v2_shortfall(pr->proj, pr->wid, per, b.owed);
        if (m & BIT(K_UNDERPAID)) v2_shortfall(pr->proj, pr->wid, per, b.owed - paid);
        for (int i = 0; i < pr->np; i++) {
            const Pay *p = &pr->p[i];
            if (p->per == per && counted(pr, p)) v2_card(pr->proj, p->card, pr->wid, per);
        }
    }
    if ((pr->nc || att_in || any_counted) && !id_valid(pr->wid)) {
        add_label(K_INVALID_ID, pr->proj, pr->wid, 0);
        mask |= BIT(K_INVALID_ID);
    }
    for (int i = 0; i < pr->nc; i++)
        for (int j = i + 1; j < pr->nc; j++) {
            const Contract *a = &pr->c[i], *c = &pr->c[j];
            if (a->vt < a->vf || c->vt < c->vf) continue;   /* D7 */
            if ((a->vf > c->vf ? a->vf : c->vf) <= (a->vt < c->vt ? a->vt : c->vt)) {
                if (!(mask & BIT(K_CONTRACT_OVERLAP))) add_label(K_CONTRACT_OVERLAP, pr->proj, pr->wid, 0);
                mask |= BIT(K_CONTRACT_OVERLAP);
            }
        }
    return mask;
}

/* ---------------------------------------------------------------- generation */

static void make_id(Rng *r, char *out, int *region_idx, int invalid)
{
    for (;;) {
        int ri = (int)rint_(r, NELEM(IDREGION));
        int b = rrange(r, D(1966, 1, 1), D(2004, 12, 31));
        int y, m, d;
        civil_from_days(b, &y, &m, &d);
        int seq = (int)rint_(r, 1000);
        if (permil(r, 900)) seq |= 1;
        char body[32];
        int kind = invalid ? (int)rint_(r, 4) : -1;
        if (kind == 1) {   /* not on the calendar */
            static const char *BAD[] = {"0230", "0931", "0431", "1301", "0000", "0632"};
            y = 1987;
            snprintf(body, sizeof body, "%s%04d%s%03d", IDREGION[ri], y, BAD[rint_(r, NELEM(BAD))], seq);
        } else if (kind == 2) {   /* born after the as-of date */
            snprintf(body, sizeof body, "%s%04d%02d%02d%03d", IDREGION[ri], rrange(r, 2027, 2030), m, d > 28 ? 28 : d, seq);
        } else {
            snprintf(body, sizeof body, "%s%04d%02d%02d%03d", IDREGION[ri], y, m, d, seq);
        }
        if (kind == 3) {          /* first-generation 15-digit number */
            snprintf(out, 24, "%.6s%.6s%.3s", body, body + 8, body + 14);
        } else {
            memcpy(out, body, 17);
            char c = id_check(body);
            if (kind == 0) c = IDCHK[(strchr(IDCHK, c) - IDCHK + 1 + (int)rint_(r, 10)) % 11];
            out[17] = c;
            out[18] = 0;
        }
        if (hs_add(&IDSET, out, strlen(out)) == 1) { if (region_idx) *region_idx = ri; return; }
    }
}

static void make_card(Rng *r, char *out)
{
    static const char *BIN[] = {"621700", "622202", "622848", "621483", "623668", "622908"};
    char s[20];
    memcpy(s, BIN[rint_(r, NELEM(BIN))], 6);
    for (int i = 6; i < 18; i++) s[i] = (char)('0' + rint_(r, 10));
    int sum = 0;   /* Luhn */
    for (int i = 17, dbl = 1; i >= 0; i--, dbl ^= 1) {
        int v = s[i] - '0';
        if (dbl) { v *= 2; if (v > 9) v -= 9; }
        sum += v;
    }
    s[18] = (char)('0' + (10 - sum % 10) % 10);
    s[19] = 0;
    memcpy(out, s, 20);
}

/* An ID as some source writes it; equal to id under RULES 3. */
static void id_variant(Rng *r, const char *id, char *out, int rich)
{
    int q = (int)rint_(r, 1000);
    int x = id[17] == 'X';
    if (!rich || strlen(id) != 18 || q >= 160) { strcpy(out, id); return; }
    char *o = out;
    if (q < 40) {                   /* 6 8 4 groups, ASCII or ideographic spaces */
        const char *sp = q < 30 ? " " : "\xE3\x80\x80";
        o += sprintf(o, "%.6s%s%.8s%s%.4s", id, sp, id + 6, sp, id + 14);
    } else if (q < 80) {            /* full-width digits */
        for (int i = 0; i < 18; i++) {
            if (id[i] == 'X') o = u8enc(o, rint_(r, 2) ? 0xFF38 : 'X');
            else o = u8enc(o, 0xFF10 + (unsigned)(id[i] - '0'));
        }
        *o = 0;
    } else if (q < 100) {           /* padded */
        o += sprintf(o, " %s ", id);
    } else if (x) {                 /* lower-case or full-width x */
        memcpy(out, id, 17);
        o = u8enc(out + 17, q < 140 ? 'x' : q < 150 ? 0xFF58 : 0xFF38);
        *o = 0;
    } else {
        strcpy(out, id);
    }
}

static void pair_init(Pair *pr, int proj, const char *wid, int shape, Rng *r, int rich, const Name *nm)
{
    pr->proj = proj;
    snprintf(pr->wid, sizeof pr->wid, "%s", wid);
    pr->nc = pr->nd = pr->np = 0;
    pr->shape = shape;
    if (rich && wid[17] == 'X' && permil(r, 300)) { memcpy(pr->att_wid, wid, 17); strcpy(pr->att_wid + 17, "x"); }
    else strcpy(pr->att_wid, wid);
    pr->nm = nm;
    name_render(pr->nm, pr->nm->minority ? 0 : (permil(r, 100) ? 1 : 0), pr->att_name, sizeof pr->att_name);
}

static int64_t rate_for(Rng *r, int type)
{
    switch (type) {
    case RT_DAY: return (int64_t)rrange(r, 20, 48) * 1000 + (permil(r, 100) ? 50 : 0);
    case RT_HOUR: return (int64_t)rrange(r, 60, 130) * 50;
    case RT_MONTH: return permil(r, 50) ? (int64_t)rrange(r, 500000, 1300000) : (int64_t)rrange(r, 50, 130) * 10000;
    default: return (int64_t)rrange(r, 120, 8000);
    }
}
static int type_for(Rng *r, int no_piece)
{
    int q = (int)rint_(r, 100);
    int t = q < 70 ? RT_DAY : q < 82 ? RT_HOUR : q < 97 ? RT_MONTH : RT_PIECE;
    if (t == RT_PIECE && no_piece) t = RT_DAY;
    return t;
}

static Contract *add_contract(Pair *pr, Rng *r, int vf, int vt, int type, int64_t rate, int rich)
{
    if (pr->nc == MAXC) { fprintf(stderr, "gen: bug: contracts\n"); exit(1); }
    Contract *c = &pr->c[pr->nc++];
    c->vf = vf; c->vt = vt; c->type = type; c->rate = rate;
    static const int CPD[] = {5, 10, 15, 20, 25};
    c->pay_day = permil(r, 100) ? CPD[rint_(r, NELEM(CPD))] : 0;
    c->rate_style = (int)rint_(r, 2);
    if (rich && W.id[17] == 'X' && permil(r, 300)) { memcpy(c->wid_raw, W.id, 17); strcpy(c->wid_raw + 17, "x"); }
    else strcpy(c->wid_raw, pr->wid);
    int two = !pr->nm->minority && name_chars(pr->nm) == 2;
    name_render(pr->nm, two && permil(r, 250) ? 1 : 0, c->name, sizeof c->name);
    return c;
}

static const int HOURS[] = {800, 850, 900, 950, 1000, 1050, 1100, 750, 825, 1200, 875};

/* Attendance on dates lo..hi (inclusive), none in month `absent`. */
static void gen_days(Pair *pr, Rng *r, int lo, int hi, int absent)
{
    for (int dn = lo; dn <= hi; dn++) {
        int k = DKIND[dn - CAL_BASE];
        int pm = k == DK_WORK ? 950 : k == DK_SAT ? 250 : k == DK_SUN ? 30 : 400;
        if (!permil(r, pm) || month_of(dn) == absent) continue;
        if (pr->nd == MAXD) { fprintf(stderr, "gen: bug: days\n"); exit(1); }
        ADay *d = &pr->d[pr->nd++];
        d->date = dn;
        d->nday = d->npunch = 0;
        int hc = -1;
        if (pr->shape == 0 || permil(r, 10)) {   /* day rows (a punch worker's manual correction) */
            d->nday = pr->shape == 0 && permil(r, 20) ? 2 : 1;
            for (int j = 0; j < d->nday; j++) {
                d->dayc[j] = permil(r, 550) ? -1 : HOURS[rint_(r, NELEM(HOURS))];
                d->dayfmt[j] = (int)rint_(r, 2);
                int h = d->dayc[j] < 0 ? 800 : d->dayc[j];
                if (h > hc) hc = h;
            }
        }
        if (pr->shape == 1) {
            d->punch_fmt = permil(r, 200);
            int in = 6 * 3600 + 1800 + (int)rint_(r, 5400);
            int out = in + 8 * 3600 + (int)rint_(r, 3 * 3600);
            if (d->punch_fmt) { in -= in % 60; out -= out % 60; }
            int q = (int)rint_(r, 1000);
            if (q < 40) { d->npunch = 1; d->punch[0] = q < 20 ? in : out; }
            else if (q < 60) { d->npunch = 3; d->punch[0] = in; d->punch[1] = 12 * 3600 + (d->punch_fmt ? 0 : 17); d->punch[2] = out; }
            else { d->npunch = 2; d->punch[0] = in; d->punch[1] = out; }
            int h = d->npunch == 1 ? 800 : (d->punch[d->npunch - 1] - d->punch[0]) * 100 / 3600;  /* D16 */
            if (h > hc) hc = h;
        }
        d->centi = hc;
    }
}

static const char *STATUS[] = {"SUCCESS", "FAILED", "RETURNED", "PENDING", "success"};
static const char *REMARK[] = {"代发工资", "工资", "", "农民工工资"};

static Pay *add_pay(Pair *pr, Rng *r, int proj, int per, int64_t amount, int paid_at, int status, const char *name)
{
    if (pr->np == MAXP) { fprintf(stderr, "gen: bug: pays\n"); exit(1); }
    Pay *p = &pr->p[pr->np++];
    p->proj = proj; p->per = per; p->amount = amount; p->paid_at = paid_at; p->status = status;
    int q = (int)rint_(r, 100);
    p->paid_sec = q < 40 ? -1 : (int)rrange(r, 8 * 3600, 18 * 3600);
    p->paid_fmt = q >= 85;
    p->amt_style = (int)rint_(r, 2);
    p->remark = (int)rint_(r, NELEM(REMARK));
    p->dup_extra = 0;
    snprintf(p->txn, sizeof p->txn, "HX%.4s%.2s%.2s%08u%03u", dstr(paid_at), dstr(paid_at) + 5,
             dstr(paid_at) + 8, W.idx, W.txn_seq++);
    if (proj >= 0) strcpy(p->acct, PROJ[proj].acct);
    else snprintf(p->acct, sizeof p->acct, "3105016199%09u", W.idx);
    if (!strcmp(pr->wid, W.id)) { id_variant(r, W.id, p->payee_raw, id_valid(W.id)); strcpy(p->card, W.card); }
    else { strcpy(p->payee_raw, pr->wid); make_card(r, p->card); }
    if (name) snprintf(p->name, sizeof p->name, "%s", name);
    else if (permil(r, 40)) p->name[0] = 0;
    else {
        int st = pr->nm->minority ? (permil(r, 500) ? 0 : (int)rrange(r, 1, 7)) : (permil(r, 900) ? 0 : (int)rrange(r, 1, 2));
        name_render(pr->nm, st, p->name, sizeof p->name);
    }
    return p;
}

static int first_of_next(int per) { return per == 12 ? D(2027, 1, 1) : D(2026, per + 1, 1); }
/* A pay date on or before the due date (and on or before as-of). */
static int on_time(Rng *r, int per, int due)
{
    int first = first_of_next(per);
    int d = due < first ? due : due - (int)rint_(r, 6);
    if (d < first && due >= first) d = first;
    if (d > AS_OF) d = AS_OF - (int)rint_(r, 3);
    return d;
}
static int64_t some_amount(Rng *r, int nd) { return (int64_t)nd * rrange(r, 250, 420) * 100; }

/* A bucket paid as the rules want: owed in full by the due date. */
static void pay_clean(Pair *pr, Rng *r, int per, const BInfo *b)
{
    if (!b->nd) return;
    int64_t amt = b->known ? b->owed : some_amount(r, b->nd);
    int when = on_time(r, per, b->due);
    if (!b->isdue) {                       /* not yet due: anything goes */
        int q = (int)rint_(r, 4);
        if (q == 2) return;
        if (q == 3) when = rrange(r, AS_OF + 1, b->due > AS_OF ? b->due : AS_OF + 1);
    }
    if (permil(r, 30)) add_pay(pr, r, pr->proj, per, amt, when - (int)rint_(r, 2), (int)rrange(r, 1, 4), NULL);
    if (permil(r, 80) && amt >= 20000) {
        int64_t a1 = amt * rrange(r, 40, 70) / 100 / 100 * 100;
        add_pay(pr, r, pr->proj, per, a1, when - (int)rint_(r, 2), 0, NULL);
        add_pay(pr, r, pr->proj, per, amt - a1, when, 0, NULL);
    } else {
        add_pay(pr, r, pr->proj, per, amt, when, 0, NULL);
    }
}

static void pay_planted(Pair *pr, Rng *r, int per, const BInfo *b, int v)
{
    int64_t O = b->owed;
    int when = on_time(r, per, b->due);
    int late = v == K_LATE ? rrange(r, b->due + 1, AS_OF) : 0;
    int q = (int)rint_(r, 3);
    char other[96];
    switch (v) {
    case K_MISSING:
        if (q == 1) add_pay(pr, r, pr->proj, per, b->known ? O : some_amount(r, b->nd), when, (int)rrange(r, 1, 4), NULL);
        if (q == 2) add_pay(pr, r, pr->proj, per, b->known ? O : some_amount(r, b->nd), rrange(r, AS_OF + 1, AS_OF + 10), 0, NULL);
        break;
    case K_UNDERPAID: {
        int64_t d = permil(r, 150) ? 1 : 1 + (int64_t)rint_(r, (uint32_t)(O / 3));
        if (q == 0) add_pay(pr, r, pr->proj, per, O - d, when, 0, NULL);
        else if (q == 1) { add_pay(pr, r, pr->proj, per, O - d, when, 0, NULL); add_pay(pr, r, pr->proj, per, d, when, (int)rrange(r, 1, 4), NULL); }
        else { add_pay(pr, r, pr->proj, per, O - d, when, 0, NULL); add_pay(pr, r, pr->proj, per, d, rrange(r, AS_OF + 1, AS_OF + 9), 0, NULL); }
        break;
    }
    case K_LATE:
        if (q == 0) add_pay(pr, r, pr->proj, per, O, late, 0, NULL);
        else {
            int64_t d = q == 1 ? 1 : 1 + (int64_t)rint_(r, (uint32_t)(O / 2));
            add_pay(pr, r, pr->proj, per, O - d, when, 0, NULL);
            add_pay(pr, r, pr->proj, per, d, late, 0, NULL);
        }
        break;
    case K_OVERPAID:
        if (q == 0) add_pay(pr, r, pr->proj, per, O + 1 + (int64_t)rint_(r, 50000), when, 0, NULL);
        else { add_pay(pr, r, pr->proj, per, O, when, 0, NULL); add_pay(pr, r, pr->proj, per, O, when, 0, NULL); }
        break;
    case K_NAME_MISMATCH:
        name_other(r, &W.name, other, sizeof other);
        add_pay(pr, r, pr->proj, per, b->known ? O : some_amount(r, b->nd), when, 0, other);
        break;
    }
}

/* The planted kind of worker i, or -1: 1.5% of workers per plant, and
 * workers 7, 18, 29, ... one of each so that small runs cover all. The v1
 * kinds are planted per worker; of the v2 kinds that span workers (RULES
 * 5.3) the plant is a worker who makes one:
 *   UNPAID_HEADCOUNT  a MISSING bucket on the "troubled" project of the
 *                     worker's block of 1,000 (about 15 unpaid workers on
 *                     one project: an employer with ten or more, 5.3 (b))
 *   SHARED_CARD       a crew leader: a crew mate's pay goes to his card
 *   LARGE_PAYMENT     a MONTH rate of 70,000-90,000 yuan, paid in full
 *   LIST_THRESHOLD    unpaid three months (MISSING in 2026-08, -09, -10:
 *                     one worker, three periods, 5.3 (a))
 * ALLOCATION_SHORT is planted per project (the statement, write_statement)
 * and DUE_SOON comes from the buckets not yet due that are left unpaid. */
static const int PLANTS[] = {K_MISSING, K_UNDERPAID, K_LATE, K_OVERPAID, K_NO_CONTRACT,
    K_NO_ATTENDANCE, K_UNKNOWN_PAYEE, K_NAME_MISMATCH, K_RATE_BELOW_MINIMUM, K_INVALID_ID,
    K_CONTRACT_OVERLAP, K_DUPLICATE_TXN, K_UNKNOWN_ACCOUNT, K_UNPAID_HEADCOUNT, K_SHARED_CARD,
    K_LARGE_PAYMENT, K_LIST_THRESHOLD};
#define NPLANT NELEM(PLANTS)
static int pick_violation(uint32_t i)
{
    for (int k = 0; k < NPLANT; k++)
        if (i == (uint32_t)(7 + 11 * k)) return PLANTS[k];
    uint64_t key[2] = {0x56494f4cULL, i};
    uint32_t h = (uint32_t)(XXH3_64bits_withSeed(key, sizeof key, SEED) % 1000);
    return h < 15 * (uint32_t)NPLANT ? PLANTS[h / 15] : -1;
}

static void write_pay_row(const Pay *p)
{
    Out *o = &OUT[F_PAY];
    out_row(o);
    out_s(o, p->txn); out_c(o, ',');
    out_s(o, p->acct); out_c(o, ',');
    out_s(o, p->name); out_c(o, ',');
    out_s(o, p->payee_raw); out_c(o, ',');
    out_s(o, p->card); out_c(o, ',');
    out_money(o, p->amount, p->amt_style); out_c(o, ',');
    out_s(o, dstr(p->paid_at));
    if (p->paid_sec >= 0) { out_c(o, ' '); out_hms(o, p->paid_sec, p->paid_fmt); }
    out_c(o, ',');
    out_period(o, p->per); out_c(o, ',');
    out_s(o, STATUS[p->status]); out_c(o, ',');
    out_s(o, REMARK[p->remark]);
    out_mem(o, "\r\n", 2);
    ROWS[F_PAY]++;
    if (in_run(p->per)) {   /* RULES 4: out-of-period rows take no part in duplicate detection */
        char key[80];
        int n = snprintf(key, sizeof key, "%s|%s", p->acct, p->txn);
        hs_add(&TXNSET, key, (size_t)n);
        if (p->proj < 0) hs_add(&UNKACCT, p->acct, strlen(p->acct));
    }
}

static void write_pair(const Pair *pr)
{
    const char *pid = PROJ[pr->proj].id;
    for (int i = 0; i < pr->nc; i++) {
        const Contract *c = &pr->c[i];
        Out *o = &OUT[F_CONTR];
        out_row(o);
        out_s(o, pid); out_c(o, ',');
        out_s(o, c->wid_raw); out_c(o, ',');
        out_s(o, c->name); out_c(o, ',');
        out_s(o, RT[c->type]); out_c(o, ',');
        out_money(o, c->rate, c->rate_style); out_c(o, ',');
        out_s(o, dstr(c->vf)); out_c(o, ',');
        if (c->vt != OPEN) out_s(o, dstr(c->vt));
        out_c(o, ',');
        if (c->pay_day) out_u(o, (uint64_t)c->pay_day);
        out_c(o, '\n');
        ROWS[F_CONTR]++;
    }
    for (int k = 0; k < pr->nd; k++) {
        const ADay *d = &pr->d[k];
        for (int j = 0; j < d->nday; j++) {
            Out *o = &OUT[F_DAYS];
            out_row(o);
            out_s(o, pid); out_c(o, ',');
            out_s(o, pr->att_wid); out_c(o, ',');
            out_s(o, pr->att_name); out_c(o, ',');
            out_s(o, dstr(d->date)); out_c(o, ',');
            if (d->dayc[j] >= 0) out_money(o, d->dayc[j], d->dayfmt[j]);
            out_c(o, '\n');
            ROWS[F_DAYS]++;
        }
        for (int j = 0; j < d->npunch; j++) {
            Out *o = &OUT[F_PUNCH];
            out_row(o);
            out_s(o, pid); out_c(o, ',');
            out_s(o, pr->att_wid); out_c(o, ',');
            out_s(o, pr->att_name); out_c(o, ',');
            out_s(o, dstr(d->date)); out_c(o, ' ');
            out_hms(o, d->punch[j], d->punch_fmt);
            out_c(o, '\n');
            ROWS[F_PUNCH]++;
        }
    }
    for (int i = 0; i < pr->np; i++) {
        const Pay *p = &pr->p[i];
        write_pay_row(p);
        for (int k = 0; k < p->dup_extra; k++) {
            if (NDUPS == CAPDUPS) {
                CAPDUPS = CAPDUPS ? CAPDUPS * 2 : 1024;
                DUPS = realloc(DUPS, CAPDUPS * sizeof *DUPS);
                if (!DUPS) { fprintf(stderr, "gen: out of memory\n"); exit(1); }
            }
            DUPS[NDUPS++] = *p;
        }
    }
}

enum { S_STD, S_START, S_END, S_RATECHANGE, S_MOVE };

static void gen_worker(uint32_t i)
{
    Rng r = rng_for(0x574f524bULL, i);
    int v = pick_violation(i);
    W.idx = i;
    W.txn_seq = 0;
    int p = (int)rint_(&r, (uint32_t)NPROJ);
    if (v == K_RATE_BELOW_MINIMUM) while (PROJ[p].region == R_NONE) p = (p + 1) % NPROJ;
    if (v == K_UNPAID_HEADCOUNT) p = (int)((uint64_t)(i / 1000) * 7 % (uint64_t)NPROJ);
    if (v == K_LIST_THRESHOLD) {   /* October must be due too: a project pay day before the 20th */
        int tries = 0;
        while (tries++ < NPROJ && !(pdue(p, PER_LAST) < AS_OF)) p = (p + 1) % NPROJ;
        if (!(pdue(p, PER_LAST) < AS_OF)) v = K_MISSING;
    }
    make_id(&r, W.id, &W.region_idx, v == K_INVALID_ID);
    W.minority = W.region_idx >= NELEM(IDREGION) - N_XJ && permil(&r, 600);
    name_make(&r, &W.name, W.minority);
    make_card(&r, W.card);
    if (v < 0 && permil(&r, 10)) W.card[0] = 0;   /* no card on file: empty cards never match */
    int rich = v < 0 && id_valid(W.id);     /* spelling variants only on clean workers */
    int shape = (int)rint_(&r, 2);
    int lo = permil(&r, 200) ? JUL27 : AUG1;
    int hi = permil(&r, 200) ? NOV6 : OCT31;
    int no_piece = v == K_UNDERPAID || v == K_LATE || v == K_OVERPAID || v == K_UNPAID_HEADCOUNT ||
                   v == K_LARGE_PAYMENT || v == K_LIST_THRESHOLD;
    int std_vf = rrange(&r, D(2025, 10, 1), D(2026, 7, 20));
    int std_vt = permil(&r, 600) ? OPEN : permil(&r, 600) ? D(2026, 12, 31) : D(2027, 6, 30);
    unsigned allowed = 0;   /* kinds this worker may raise */
    int nc_variant = -1, absent = 0, structure = S_STD;

    NPR = 1;
    Pair *A = &PR[0];
    pair_init(A, p, W.id, shape, &r, rich, &W.name);

    if (v == K_CONTRACT_OVERLAP) {
        int t = type_for(&r, 1);
        int64_t r1 = rate_for(&r, t), r2 = r1 + (int64_t)rrange(&r, 1, 10) * (t == RT_MONTH ? 10000 : t == RT_DAY ? 1000 : 50);
        switch (rint_(&r, 5)) {
        case 0: add_contract(A, &r, std_vf, OPEN, t, r1, 0); add_contract(A, &r, D(2026, 9, 1), OPEN, t, r2, 0); break;
        case 1: add_contract(A, &r, std_vf, D(2026, 9, 30), t, r1, 0); add_contract(A, &r, D(2026, 9, 16), OPEN, t, r2, 0); break;
        case 2: add_contract(A, &r, std_vf, OPEN, t, r1, 0); add_contract(A, &r, std_vf, OPEN, t, r2, 0); break;  /* tie: first read */
        case 3: add_contract(A, &r, std_vf, D(2026, 8, 31), t, r1, 0); add_contract(A, &r, D(2026, 8, 31), OPEN, t, r2, 0); break;
        default: add_contract(A, &r, D(2025, 1, 1), D(2025, 12, 31), t, r1, 0); add_contract(A, &r, D(2025, 12, 1), OPEN, t, r2, 0); break;
        }
        gen_days(A, &r, lo, hi, 0);
    } else if (v == K_NO_CONTRACT) {
        nc_variant = (int)rint_(&r, 4);
        int t = type_for(&r, 0);
        if (nc_variant == 0 || nc_variant == 2) {          /* no contract at all */
            gen_days(A, &r, rrange(&r, AUG1, D(2026, 8, 20)), hi, 0);
        } else if (nc_variant == 1) {                      /* contract ended, work went on */
            add_contract(A, &r, std_vf, rrange(&r, D(2026, 9, 10), D(2026, 10, 20)), t, rate_for(&r, t), 0);
            gen_days(A, &r, lo > std_vf ? lo : std_vf, hi, 0);
        } else {                                           /* work began before the contract */
            add_contract(A, &r, rrange(&r, D(2026, 8, 10), D(2026, 9, 20)), OPEN, t, rate_for(&r, t), 0);
            gen_days(A, &r, AUG1, hi, 0);
        }
        allowed |= BIT(K_MISSING);   /* variant 2 leaves one bucket unpaid */
    } else if (v == K_RATE_BELOW_MINIMUM) {
        int reg = PROJ[p].region, t;
        int64_t rate;
        int q = (int)rint_(&r, 3);
        if (reg == R_SH) { t = q == 0 ? RT_DAY : q == 1 ? RT_HOUR : RT_MONTH; rate = t == RT_DAY ? rrange(&r, 10000, 12597) : t == RT_HOUR ? rrange(&r, 1800, 2399) : rrange(&r, 250000, 273999); }
        else if (reg == R_BJ) { t = q == 2 ? RT_HOUR : RT_DAY; rate = t == RT_DAY ? (q == 0 ? 11800 : rrange(&r, 10000, 11600)) : rrange(&r, 2000, 2769); }
        else { t = q == 0 ? RT_DAY : RT_HOUR; rate = t == RT_DAY ? rrange(&r, 10000, 11400) : rrange(&r, 1200, 1436); }
        add_contract(A, &r, std_vf, std_vt, t, rate, 0);
        gen_days(A, &r, lo, hi < std_vt ? hi : std_vt, 0);
    } else {
        int q = (int)rint_(&r, 1000);
        structure = v < 0 && NPROJ >= 2 && q < 30 ? S_MOVE : q < 110 ? S_RATECHANGE : q < 170 ? S_START : q < 230 ? S_END : S_STD;
        if (v == K_NO_ATTENDANCE) { structure = S_STD; std_vt = OPEN; absent = PER_FIRST + (int)rint_(&r, 3); }
        else if (v == K_LARGE_PAYMENT || v == K_LIST_THRESHOLD || v == K_SHARED_CARD) { structure = S_STD; std_vt = OPEN; }
        else if (v < 0 && structure == S_STD && permil(&r, 20)) absent = PER_FIRST + (int)rint_(&r, 3);
        int t = type_for(&r, no_piece);
        int64_t rate = rate_for(&r, t);
        if (structure == S_STD) {
            int reg = PROJ[p].region;
            if (v < 0 && permil(&r, 15) && reg != R_NONE) {   /* exactly at the minimum: not below */
                int k = (int)rint_(&r, 2);
                if (reg == R_SH) { t = k ? RT_MONTH : RT_HOUR; rate = k ? 274000 : 2400; }
                else if (reg == R_BJ) { t = k ? RT_DAY : RT_HOUR; rate = k ? 12046 : 2860; }
                else { t = k ? RT_DAY : RT_HOUR; rate = k ? 11495 : 1437; }
            } else if (v == K_LARGE_PAYMENT) {
                t = RT_MONTH; rate = (int64_t)rrange(&r, 70000, 90000) * 100;
            } else if (v < 0 && permil(&r, 5)) {   /* 50000.00 a month: paid at most the limit */
                t = RT_MONTH; rate = LARGE_PAYMENT_FEN;
            }
            add_contract(A, &r, std_vf, std_vt, t, rate, rich);
            if (v == K_LIST_THRESHOLD) A->c[A->nc - 1].pay_day = 0;   /* the project's, before the 20th */
            if (v < 0 && permil(&r, 5)) add_contract(A, &r, D(2026, 10, 1), D(2026, 9, 1), t, rate, rich);  /* D7 */
            gen_days(A, &r, lo, hi < std_vt ? hi : std_vt, absent);
        } else if (structure == S_START) {
            int vf = rrange(&r, D(2026, 8, 3), D(2026, 9, 30));
            add_contract(A, &r, vf, OPEN, t, rate, rich);
            gen_days(A, &r, vf, hi, 0);
        } else if (structure == S_END) {
            int vt = rrange(&r, D(2026, 8, 20), D(2026, 10, 28));
            add_contract(A, &r, std_vf, vt, t, rate, rich);
            gen_days(A, &r, lo, vt, 0);
        } else if (structure == S_RATECHANGE) {
            int cut = rrange(&r, D(2026, 8, 5), D(2026, 10, 25));
            int t2 = permil(&r, 800) ? t : type_for(&r, 1);
            int64_t rate2 = t2 == t ? rate + rate / 10 : rate_for(&r, t2);
            add_contract(A, &r, std_vf, cut, t, rate, rich);
            add_contract(A, &r, cut + 1, permil(&r, 500) ? OPEN : D(2026, 12, 31), t2, rate2, rich);
            gen_days(A, &r, lo, hi, 0);
        } else {   /* S_MOVE to another project */
            int q2 = (p + 1 + (int)rint_(&r, (uint32_t)(NPROJ - 1))) % NPROJ;
            int cut = permil(&r, 400) ? D(2026, 8, 31) : permil(&r, 500) ? D(2026, 9, 30) : rrange(&r, D(2026, 8, 10), D(2026, 10, 20));
            add_contract(A, &r, std_vf, cut, t, rate, rich);
            gen_days(A, &r, lo, cut, 0);
            Pair *B = &PR[NPR++];
            pair_init(B, q2, W.id, (int)rint_(&r, 2), &r, rich, &W.name);
            int t2 = type_for(&r, 0);
            add_contract(B, &r, cut + 1, OPEN, t2, rate_for(&r, t2), rich);
            gen_days(B, &r, cut + 1, hi, 0);
        }
    }

    static Name crew;
    if (v == K_SHARED_CARD) {   /* a crew mate on the same project, paid to this worker's card */
        char cid[24];
        make_id(&r, cid, NULL, 0);
        name_make(&r, &crew, 0);
        Pair *B = &PR[NPR++];
        pair_init(B, p, cid, (int)rint_(&r, 2), &r, 0, &crew);
        int tb = type_for(&r, 0);
        add_contract(B, &r, std_vf, OPEN, tb, rate_for(&r, tb), 0);
        gen_days(B, &r, AUG1, OCT31, 0);
    }

    /* Pick the bucket a status plant goes to. */
    BInfo bi[4][PER_LAST + 1];
    for (int k = 0; k < NPR; k++)
        for (int per = PER_FIRST; per <= PER_LAST; per++) bucket_info(&PR[k], per, &bi[k][per]);
    int target = 0;
    if (v == K_MISSING || v == K_UNDERPAID || v == K_LATE || v == K_OVERPAID || v == K_NAME_MISMATCH ||
        v == K_UNPAID_HEADCOUNT || (v == K_NO_CONTRACT && nc_variant == 2)) {
        int cand[3], nc = 0;
        for (int per = PER_FIRST; per <= PER_LAST; per++) {
            const BInfo *b = &bi[0][per];
            if (!b->nd || !b->isdue) continue;
            if ((v == K_UNDERPAID || v == K_LATE || v == K_OVERPAID) && (!b->known || b->owed < 3)) continue;
            cand[nc++] = per;
        }
        if (nc) target = cand[rint_(&r, (uint32_t)nc)];
        else if (v != K_NO_CONTRACT) v = -1;   /* nowhere to plant it: the worker stays clean */
    }

    /* Payments, pair by pair, bucket by bucket. */
    for (int k = 0; k < NPR; k++) {
        Pair *pr = &PR[k];
        if (pr->nc && pr->c[0].vf <= D(2026, 7, 31) && permil(&r, 500))   /* July: out of scope */
            add_pay(pr, &r, pr->proj, 7, some_amount(&r, 21), rrange(&r, D(2026, 8, 5), D(2026, 8, 15)), 0, NULL);
        for (int per = PER_FIRST; per <= PER_LAST; per++) {
            const BInfo *b = &bi[k][per];
            if (k == 0 && per == target && v != K_NO_CONTRACT) pay_planted(pr, &r, per, b, v == K_UNPAID_HEADCOUNT ? K_MISSING : v);
            else if (k == 0 && v == K_LIST_THRESHOLD) pay_planted(pr, &r, per, b, K_MISSING);
            else if (k == 0 && per == target) {}   /* NO_CONTRACT variant 2: unpaid */
            else if (k == 0 && v == K_NO_ATTENDANCE && per == absent)
                add_pay(pr, &r, pr->proj, per, (int64_t)rrange(&r, 2000, 6000) * 100, rrange(&r, first_of_next(per), first_of_next(per) + 14), 0, NULL);
            else pay_clean(pr, &r, per, b);
        }
    }
    if (v == K_SHARED_CARD) {   /* the crew mate's pay to the leader's card, some rows spaced */
        Pair *B = &PR[1];
        for (int k = 0; k < B->np; k++) {
            if (permil(&r, 300)) snprintf(B->p[k].card, sizeof B->p[k].card, "%.4s %.4s %.4s %.4s %.3s", W.card,
                                         W.card + 4, W.card + 8, W.card + 12, W.card + 16);
            else strcpy(B->p[k].card, W.card);
        }
        int per_found = 0;   /* a period where both are counted: the flag the plant must make */
        for (int per = PER_FIRST; per <= PER_LAST && !per_found; per++) {
            int a = 0, b = 0;
            for (int k = 0; k < A->np; k++) a |= A->p[k].per == per && counted(A, &A->p[k]);
            for (int k = 0; k < B->np; k++) b |= B->p[k].per == per && counted(B, &B->p[k]);
            if (a && b) per_found = per;
        }
        if (!per_found) { fprintf(stderr, "gen: bug: worker %u: crew plant with no common period\n", i); exit(1); }
        SCPLANT = grow(SCPLANT, &CAPSC, NSC, sizeof *SCPLANT);
        SCPLANT[NSC].proj = p; SCPLANT[NSC].per = per_found; NSC++;
    }
    if (v == K_UNKNOWN_PAYEE) {
        Pair *B = &PR[NPR++];
        int per = PER_FIRST + (int)rint_(&r, 3);
        char name[96];
        if (NPROJ >= 2 && permil(&r, 500)) {   /* this worker, paid from another project's account */
            int q2 = (p + 1 + (int)rint_(&r, (uint32_t)(NPROJ - 1))) % NPROJ;
            pair_init(B, q2, W.id, 0, &r, 0, &W.name);
            name_render(&W.name, 0, name, sizeof name);
        } else {                                /* a stranger paid from this project's account */
            char sid[24];
            make_id(&r, sid, NULL, 0);
            pair_init(B, p, sid, 0, &r, 0, &W.name);
            Name other;
            name_make(&r, &other, 0);
            name_render(&other, 0, name, sizeof name);
        }
        add_pay(B, &r, B->proj, per, (int64_t)rrange(&r, 500, 8000) * 100, rrange(&r, first_of_next(per), first_of_next(per) + 14), 0, name);
    }
    if (v == K_UNKNOWN_ACCOUNT || (v < 0 && permil(&r, 3))) {   /* the clean case: period 2026-07, out of scope */
        int n = permil(&r, 300) ? 2 : 1;
        for (int k = 0; k < n; k++) {
            int per = v < 0 ? 7 : PER_FIRST + (int)rint_(&r, 3);
            add_pay(A, &r, -1, per, (int64_t)rrange(&r, 500, 8000) * 100, rrange(&r, first_of_next(per), first_of_next(per) + 14), (int)rint_(&r, 2) ? 0 : 1, NULL);
        }
    }
    if (v == K_DUPLICATE_TXN || (v < 0 && permil(&r, 3))) {     /* the clean case: a July row, out of scope */
        int cand[MAXP], nc = 0;
        for (int k = 0; k < A->np; k++)
            if (A->p[k].proj >= 0 && (v < 0 ? A->p[k].per == 7 : in_run(A->p[k].per))) cand[nc++] = k;
        if (nc) A->p[cand[rint_(&r, (uint32_t)nc)]].dup_extra = permil(&r, 800) ? 1 : 2;
    }

    for (int k = 0; k < NPR; k++) write_pair(&PR[k]);

    unsigned mask = 0;
    size_t lab0 = NLAB;
    for (int k = 0; k < NPR; k++) mask |= eval_pair(&PR[k]);
    allowed |= BIT(K_DUE_SOON);   /* any bucket not yet due may be unpaid */
    if (v >= 0 && v != K_DUPLICATE_TXN && v != K_UNKNOWN_ACCOUNT && v != K_SHARED_CARD) {
        int want = v == K_UNPAID_HEADCOUNT || v == K_LIST_THRESHOLD ? K_MISSING : v;
        allowed |= BIT(want);
        if (!(mask & BIT(want))) { fprintf(stderr, "gen: bug: worker %u planted %s, not raised\n", i, KIND[v]); exit(1); }
    }
    if (v == K_LIST_THRESHOLD) {   /* unpaid three months */
        int n = 0;
        for (size_t k = lab0; k < NLAB; k++) n += LABELS[k].kind == K_MISSING;
        if (n != 3) { fprintf(stderr, "gen: bug: worker %u unpaid in %d periods, not 3\n", i, n); exit(1); }
    }
    if (mask & ~allowed) {
        for (int k = 0; k < NKIND; k++)
            if (mask & ~allowed & BIT(k)) fprintf(stderr, "gen: bug: worker %u (plant %s, structure %d) raises %s\n", i, v >= 0 ? KIND[v] : "none", structure, KIND[k]);
        exit(1);
    }
}

/* ---------------------------------------------------------------- the statement */

/* account_txns.csv (RULES v2 1, 4, 4.6), written after every worker from
 * each project's owed per period (V2_OWED, summed by eval_pair). Each
 * project gets one variant:
 * (projects 1-5 late, short, on time, opening, absent at their edges: a
 * day late, 0.01 short, credits on the due date itself; 6-10 the same
 * variants at random, the rest drawn)
 *   absent    no in-scope row (maybe one posted after as-of): not checked
 *   on time   per period a credit of owed rounded up to 100 yuan, posted
 *             on the project due date or up to 11 days before
 *   late      the credit of one due period posted a day (or up to 11
 *             days) after its project due date
 *   short     the credit of one due period 0.01 yuan .. a fifth short
 *   opening   an IN and an OUT before the run (opening = IN - OUT, or 0
 *             when negative, as on project 9); August's credit less a
 *             positive opening (on project 4 less 0.01 more: short)
 * and noise that must change nothing: payroll debits (OUT) in the run, a
 * credit posted after as-of, a row of an account that is no project's, a
 * re-sent row at the end of the file, and an IN row reusing an OUT row's
 * txn_id (first read counts, IN and OUT alike). The rows are then judged
 * by RULES 4.6 alone (judge_statement), which makes the ALLOCATION_SHORT
 * labels; a variant that gives other flags than planted is a bug here. */
typedef struct { int proj, other_acct, posted, sec, dir; int64_t amt; char txn[32]; } SRow;
static SRow *STMT; static size_t NSTMT, CAPSTMT;
enum { SV_ABSENT, SV_ON_TIME, SV_LATE, SV_SHORT, SV_OPENING, SV_OPENING_SHORT };
enum { DIR_IN, DIR_OUT };

static SRow *srow(int p, int posted, int dir, int64_t amt, Rng *r, unsigned *seq)
{
    STMT = grow(STMT, &CAPSTMT, NSTMT, sizeof *STMT);
    SRow *s = &STMT[NSTMT++];
    s->proj = p; s->other_acct = 0; s->posted = posted; s->dir = dir; s->amt = amt;
    s->sec = permil(r, 500) ? -1 : (int)rrange(r, 8 * 3600, 17 * 3600);
    snprintf(s->txn, sizeof s->txn, "LS%.4s%.2s%.2s%05u", dstr(posted), dstr(posted) + 5,
             dstr(posted) + 8, (*seq)++);
    return s;
}

static void write_srow(const SRow *s)
{
    const Project *pj = &PROJ[s->proj];
    Out *o = &OUT[F_STMT];
    out_row(o);
    if (s->other_acct) { out_s(o, "3105016177"); out_u(o, 100000000u + (unsigned)s->proj); }
    else out_s(o, pj->acct);
    out_c(o, ','); out_s(o, s->txn); out_c(o, ',');
    out_s(o, dstr(s->posted));
    if (s->sec >= 0) { out_c(o, ' '); out_hms(o, s->sec, 0); }
    out_s(o, s->dir == DIR_IN ? ",IN," : ",OUT,");
    out_money(o, s->amt, s->sec & 1);
    out_c(o, ',');
    if (s->dir == DIR_IN) {
        out_s(o, "3100223300"); out_u(o, 100000000u + (unsigned)s->proj); out_c(o, ',');
        out_field(o, pj->client_name[0] ? pj->client_name : "建设单位"); out_s(o, ",人工费用拨付");
    } else {
        out_s(o, ",,代发工资");
    }
    out_c(o, '\n');
    ROWS[F_STMT]++;
}

/* RULES 4.6 and 5.3 ALLOCATION_SHORT over the rows in file order. */
static void judge_statement(const int *variant, const int *target)
{
    HSet seen;
    hs_init(&seen, NSTMT + 16);
    int64_t *open_in = calloc((size_t)NPROJ_ALL, sizeof *open_in), *open_out = calloc((size_t)NPROJ_ALL, sizeof *open_out);
    int64_t *credit = calloc((size_t)NPROJ_ALL * 16, sizeof *credit);
    char *covered = calloc((size_t)NPROJ_ALL, 1);
    if (!open_in || !open_out || !credit || !covered) { fprintf(stderr, "gen: out of memory\n"); exit(1); }
    for (size_t i = 0; i < NSTMT; i++) {
        const SRow *s = &STMT[i];
        if (s->other_acct || s->posted > AS_OF) continue;          /* out of scope (RULES 4) */
        char key[64];
        int n = snprintf(key, sizeof key, "%s|%s", PROJ[s->proj].acct, s->txn);
        covered[s->proj] = 1;
        if (hs_add(&seen, key, (size_t)n) > 1) continue;           /* only the first read counts */
        if (s->posted < AUG1) {
            if (s->dir == DIR_IN) open_in[s->proj] += s->amt; else open_out[s->proj] += s->amt;
            continue;
        }
        if (s->dir != DIR_IN) continue;
        for (int per = PER_FIRST; per <= PER_LAST; per++)
            if (s->posted <= pdue(s->proj, per)) credit[s->proj * 16 + per] += s->amt;
    }
    for (int p = 0; p < NPROJ_ALL; p++) {
        if (!covered[p]) {
            if (variant[p] != SV_ABSENT) { fprintf(stderr, "gen: bug: %s not covered\n", PROJ[p].id); exit(1); }
            continue;
        }
        int64_t opening = open_in[p] - open_out[p], cum_owed = 0;
        if (opening < 0) opening = 0;
        int flagged = 0;
        for (int per = PER_FIRST; per <= PER_LAST; per++) {
            cum_owed += V2_OWED[p * 16 + per];
            int64_t cum_alloc = opening + credit[p * 16 + per];
            if (pdue(p, per) < AS_OF && cum_owed > 0 && cum_alloc < cum_owed) {
                add_label(K_ALLOCATION_SHORT, p, "", per);
                flagged |= 1 << per;
            }
        }
        int want = variant[p] == SV_LATE || variant[p] == SV_SHORT || variant[p] == SV_OPENING_SHORT;
        if (want ? !(flagged & (1 << target[p])) : flagged != 0) {
            fprintf(stderr, "gen: bug: %s statement variant %d, flags %x\n", PROJ[p].id, variant[p], (unsigned)flagged);
            exit(1);
        }
    }
    free(seen.key); free(seen.cnt); free(open_in); free(open_out); free(credit); free(covered);
}

static void write_statement(void)
{
    int *variant = calloc((size_t)NPROJ_ALL, sizeof *variant), *target = calloc((size_t)NPROJ_ALL, sizeof *target);
    size_t *resend = calloc((size_t)NPROJ_ALL, sizeof *resend);
    if (!variant || !target || !resend) { fprintf(stderr, "gen: out of memory\n"); exit(1); }
    out_s(&OUT[F_STMT], "account,txn_id,posted_at,direction,amount,counterparty_account,counterparty_name,purpose\n");
    size_t nresend = 0;
    for (int p = 0; p < NPROJ_ALL; p++) {
        Rng r = rng_for(0x53544d54ULL, (uint64_t)p);
        const int64_t *owed = &V2_OWED[p * 16];
        unsigned seq = 0;
        int q = (int)rint_(&r, 100);
        int v = q < 20 ? SV_ABSENT : q < 55 ? SV_ON_TIME : q < 70 ? SV_LATE : q < 85 ? SV_SHORT : SV_OPENING;
        static const int FIRST[5] = {SV_LATE, SV_SHORT, SV_ON_TIME, SV_OPENING_SHORT, SV_ABSENT};
        int edge = p < 5;   /* the first projects: each variant once, at its edge */
        if (p < 10) v = FIRST[p % 5];
        int cand[3], nc = 0;
        for (int per = PER_FIRST; per <= PER_LAST; per++)
            if (pdue(p, per) < AS_OF && owed[per] > 0) cand[nc++] = per;
        if ((v == SV_LATE || v == SV_SHORT) && !nc) v = SV_ON_TIME;
        if (v == SV_OPENING_SHORT && !(nc && cand[0] == PER_FIRST)) v = SV_OPENING;
        int T = v == SV_OPENING_SHORT ? PER_FIRST : nc ? cand[rint_(&r, (uint32_t)nc)] : 0;
        variant[p] = v; target[p] = T;
        size_t first = NSTMT;
        if (v == SV_ABSENT) {
            if (permil(&r, 300)) srow(p, AS_OF + 1 + (int)rint_(&r, 9), DIR_IN, owed[PER_FIRST] + 100, &r, &seq);
            continue;
        }
        int64_t opening = 0;
        size_t tcredit = SIZE_MAX;
        if (v == SV_OPENING || v == SV_OPENING_SHORT) {
            int64_t in = (owed[PER_FIRST] + 100000) * rrange(&r, 20, 120) / 100;
            int64_t out = (owed[PER_FIRST] + 100000) * rrange(&r, 20, 120) / 100;
            if (p == 8) out = in + 1;                     /* IN - OUT < 0: the opening is 0 */
            if (v == SV_OPENING_SHORT) out = in / 2;      /* the OUT before the run counts */
            srow(p, rrange(&r, D(2026, 7, 1), D(2026, 7, 25)), DIR_IN, in, &r, &seq);
            srow(p, rrange(&r, D(2026, 7, 26), D(2026, 7, 31)), DIR_OUT, out, &r, &seq);
            opening = in > out ? in - out : 0;
        }
        for (int per = PER_FIRST; per <= PER_LAST; per++) {
            int64_t c = owed[per];
            int d = pdue(p, per);
            int when = d - (edge || permil(&r, 250) ? 0 : (int)rint_(&r, 12));   /* on the due date itself, or before */
            if (v == SV_ON_TIME) c = (c + 9999) / 10000 * 10000;
            if ((v == SV_OPENING || v == SV_OPENING_SHORT) && per == PER_FIRST) c -= opening < c ? opening : c;
            if (v == SV_OPENING_SHORT && per == PER_FIRST) c -= 1;   /* opening + credit 0.01 short */
            if (v == SV_LATE && per == T) when = d + 1 + (edge || permil(&r, 500) ? 0 : (int)rint_(&r, 11));
            if (v == SV_SHORT && per == T) c -= edge || permil(&r, 200) ? 1 : 1 + (int64_t)rint_(&r, (uint32_t)(c / 5 + 1));
            if (c > 0 && per == T) tcredit = NSTMT;
            if (c > 0) srow(p, when, DIR_IN, c, &r, &seq);
            if (owed[per] > 0 && (edge || permil(&r, 700)))   /* the payroll batch: an OUT row in the run */
                srow(p, d - (int)rint_(&r, 4), DIR_OUT, owed[per], &r, &seq);
        }
        if (permil(&r, 300)) srow(p, AS_OF + 1 + (int)rint_(&r, 9), DIR_IN, owed[PER_LAST] + 100, &r, &seq);
        if (permil(&r, 150)) srow(p, rrange(&r, AUG1, AS_OF), DIR_IN, 5000000, &r, &seq)->other_acct = 1;
        size_t last = NSTMT;
        for (size_t k = first; k < last && (edge || permil(&r, 250)); k++)   /* an IN reusing an OUT row's txn_id */
            if (STMT[k].dir == DIR_OUT && STMT[k].posted <= AS_OF) {
                SRow *s = srow(p, STMT[k].posted, DIR_IN, 9999900, &r, &seq);
                memcpy(s->txn, STMT[k].txn, sizeof s->txn);
                break;
            }
        if (edge && tcredit != SIZE_MAX) {   /* the credit that is late or short, re-sent */
            resend[nresend++] = tcredit;
        } else if (last > first && permil(&r, 200)) {
            resend[nresend++] = first + rint_(&r, (uint32_t)(last - first));
        }
        int in_scope = 0;   /* a project with nothing owed may have no row at all */
        for (size_t k = first; k < NSTMT; k++) in_scope |= !STMT[k].other_acct && STMT[k].posted <= AS_OF;
        if (!in_scope) variant[p] = SV_ABSENT;
    }
    for (size_t k = 0; k < nresend; k++) {   /* a re-sent statement page at the end */
        STMT = grow(STMT, &CAPSTMT, NSTMT, sizeof *STMT);
        STMT[NSTMT] = STMT[resend[k]];
        NSTMT++;
    }
    for (size_t i = 0; i < NSTMT; i++) write_srow(&STMT[i]);
    judge_statement(variant, target);
    free(variant); free(target); free(resend);
}

/* ---------------------------------------------------------------- files */

static void write_reference(void)
{
    Out *o = &OUT[F_PROJ];
    out_s(o, "project_id,project_name,employer_id,employer_name,wage_account,pay_day,region,client_id,client_name\n");
    for (int i = 0; i < NPROJ_ALL; i++) {
        const Project *p = &PROJ[i];
        out_row(o);
        out_s(o, p->id); out_c(o, ',');
        out_field(o, p->name); out_c(o, ',');
        out_s(o, p->emp_id); out_c(o, ',');
        out_field(o, p->emp_name); out_c(o, ',');
        out_s(o, p->acct); out_c(o, ',');
        if (p->pay_day) out_u(o, (uint64_t)p->pay_day);
        out_c(o, ',');
        out_s(o, REGION[p->region]); out_c(o, ',');
        out_s(o, p->client_id); out_c(o, ',');
        out_field(o, p->client_name);
        out_c(o, '\n');
        ROWS[F_PROJ]++;
    }
    o = &OUT[F_MINW];
    out_s(o, "region,effective_from,monthly,hourly\n");
    for (int i = 0; i < NMINW; i++) {
        out_row(o);
        out_s(o, REGION[MINW[i].region]); out_c(o, ',');
        out_s(o, dstr(MINW_DN[i])); out_c(o, ',');
        out_money(o, MINW[i].monthly, 1); out_c(o, ',');
        if (MINW[i].hourly >= 0) out_money(o, MINW[i].hourly, 0);
        out_c(o, '\n');
        ROWS[F_MINW]++;
    }
    o = &OUT[F_HOL];
    out_s(o, "date,kind\n");
    for (int i = 0; i < NHOL; i++) {
        out_s(o, dstr(D(HOLIDAYS[i].y, HOLIDAYS[i].m, HOLIDAYS[i].d)));
        out_s(o, HOLIDAYS[i].kind == 1 ? ",HOLIDAY\n" : ",WORKDAY\n");
        ROWS[F_HOL]++;
    }
    out_s(&OUT[F_CONTR], "project_id,worker_id,worker_name,rate_type,rate,valid_from,valid_to,pay_day\n");
    out_s(&OUT[F_DAYS], "project_id,worker_id,worker_name,date,hours\n");
    out_s(&OUT[F_PUNCH], "project_id,worker_id,worker_name,punch_time\n");
    out_s(&OUT[F_PAY], "txn_id,account,payee_name,payee_id,payee_card,amount,paid_at,period,status,remark\r\n");
    out_s(&OUT[F_ARGS], "--projects projects.csv --contracts contracts.csv --attendance attendance_days.csv "
                        "--attendance attendance_punches.csv --payments payments.csv --min-wage min_wage.csv "
                        "--holidays holidays.csv --account-txns account_txns.csv --from 2026-08 --to 2026-10 "
                        "--as-of 2026-11-20 --warn-days 5\n");
}

static const char *label_pid(const Label *l) { return l->proj < 0 ? "" : PROJ[l->proj].id; }
static int label_cmp(const void *a, const void *b)
{
    const Label *x = a, *y = b;
    int c = strcmp(label_pid(x), label_pid(y));
    if (c) return c;
    if ((c = strcmp(x->wid, y->wid))) return c;
    if (x->per != y->per) return x->per < y->per ? -1 : 1;   /* empty, then 2026-MM in order */
    return strcmp(KIND[x->kind], KIND[y->kind]);
}

static int v2s_cmp(const void *a, const void *b)
{
    const V2Short *x = a, *y = b;
    int c = strcmp(PROJ[x->proj].emp_id, PROJ[y->proj].emp_id);
    if (!c) c = strcmp(x->wid, y->wid);
    return c ? c : x->per - y->per;
}
static int v2c_cmp(const void *a, const void *b)
{
    const V2Card *x = a, *y = b;
    int c = x->proj - y->proj;
    if (!c) c = strcmp(x->card, y->card);
    if (!c) c = x->per - y->per;
    return c ? c : strcmp(x->wid, y->wid);
}

/* RULES v2 5.3: the labels of the kinds that span workers. */
static void v2_labels(void)
{
    for (int p = 0; p < NPROJ_ALL; p++)           /* UNPAID_HEADCOUNT */
        for (int per = PER_FIRST; per <= PER_LAST; per++)
            if (V2_MISSING[p * 16 + per]) add_label(K_UNPAID_HEADCOUNT, p, "", per);
    if (NV2C) qsort(V2C, NV2C, sizeof *V2C, v2c_cmp);   /* SHARED_CARD */
    for (size_t i = 0, j; i < NV2C; i = j) {
        int payees = 0;
        for (j = i; j < NV2C && V2C[j].proj == V2C[i].proj && V2C[j].per == V2C[i].per &&
                    !strcmp(V2C[j].card, V2C[i].card); j++)
            if (j == i || strcmp(V2C[j].wid, V2C[j - 1].wid)) payees++;
        if (payees >= 2) add_label(K_SHARED_CARD, V2C[i].proj, "", V2C[i].per);
    }
    for (size_t k = 0; k < NSC; k++) {   /* every crew plant made its flag */
        size_t j = 0;
        while (j < NLAB && !(LABELS[j].kind == K_SHARED_CARD && LABELS[j].proj == SCPLANT[k].proj &&
                             LABELS[j].per == SCPLANT[k].per)) j++;
        if (j == NLAB) { fprintf(stderr, "gen: bug: crew plant on %s %d raised no SHARED_CARD\n", PROJ[SCPLANT[k].proj].id, SCPLANT[k].per); exit(1); }
    }
    if (NV2S) qsort(V2S, NV2S, sizeof *V2S, v2s_cmp);   /* LIST_THRESHOLD */
    for (size_t i = 0, j; i < NV2S; i = j) {
        int workers = 0, a = 0;
        int64_t total = 0;
        for (j = i; j < NV2S && !strcmp(PROJ[V2S[j].proj].emp_id, PROJ[V2S[i].proj].emp_id);) {
            size_t w = j;
            int periods = 0;
            int64_t sum = 0;
            for (; j < NV2S && !strcmp(PROJ[V2S[j].proj].emp_id, PROJ[V2S[w].proj].emp_id) &&
                   !strcmp(V2S[j].wid, V2S[w].wid); j++) {
                if (j == w || V2S[j].per != V2S[j - 1].per) periods++;
                sum += V2S[j].fen;
            }
            workers++;
            total += sum;
            if (periods >= 3 && sum >= LIST_WORKER_FEN) a = 1;
        }
        if (a || (workers >= 10 && total >= LIST_TOTAL_FEN)) add_label(K_LIST_THRESHOLD, -1, "", 0);
    }
}

/* A bucket flag's columns as flags.csv fills them (RULES 6): due_date,
 * owed (empty unless known), paid, paid_on_time for every bucket flag;
 * shortfall and days_overdue for MISSING and UNDERPAID (MISSING's
 * shortfall is owed, empty unless known); days_late for LATE. */
static void label_bucket_columns(Out *o, const Label *l)
{
    if (!l->bucket) { out_s(o, ",,,,,,,"); return; }
    int y, mo, d;
    civil_from_days(l->due, &y, &mo, &d);
    out_c(o, ','); out_u(o, (uint64_t)y); out_c(o, '-'); out_2d(o, mo); out_c(o, '-'); out_2d(o, d);
    out_c(o, ','); if (l->known) out_money(o, l->owed, 0);
    out_c(o, ','); out_money(o, l->paid, 0);
    out_c(o, ','); out_money(o, l->pot, 0);
    int arrears = l->kind == K_MISSING || l->kind == K_UNDERPAID;
    out_c(o, ',');
    if (arrears && l->known) out_money(o, l->owed - l->paid, 0);
    out_c(o, ',');
    if (l->kind == K_LATE) out_u(o, (uint64_t)l->days_late);
    out_c(o, ',');
    if (arrears) out_u(o, (uint64_t)(AS_OF - l->due));
}

static void write_labels(void)
{
    v2_labels();
    /* Whole-file kinds: one DUPLICATE_TXN per pair seen more than once in
     * scope, one UNKNOWN_ACCOUNT per unknown account. */
    for (size_t i = 0; i <= TXNSET.mask; i++)
        if (TXNSET.key[i] && TXNSET.cnt[i] > 1) add_label(K_DUPLICATE_TXN, -1, "", 0);
    for (size_t i = 0; i <= UNKACCT.mask; i++)
        if (UNKACCT.key[i]) add_label(K_UNKNOWN_ACCOUNT, -1, "", 0);
    qsort(LABELS, NLAB, sizeof *LABELS, label_cmp);
    Out *o = &OUT[F_LABELS];
    out_s(o, "kind,project_id,worker_id,period,due_date,owed,paid,paid_on_time,shortfall,"
             "days_late,days_overdue\n");
    for (size_t i = 0; i < NLAB; i++) {
        const Label *l = &LABELS[i];
        out_row(o);
        out_s(o, KIND[l->kind]); out_c(o, ',');
        out_s(o, label_pid(l)); out_c(o, ',');
        out_s(o, l->wid); out_c(o, ',');
        if (l->per) out_period(o, l->per);
        label_bucket_columns(o, l);
        out_c(o, '\n');
        ROWS[F_LABELS]++;
    }
}

/* ---------------------------------------------------------------- self test */

static void check(int ok, const char *what)
{
    if (!ok) { fprintf(stderr, "gen: self-test failed: %s\n", what); exit(1); }
}
static void self_test(void)
{
    check(id_valid("11010519491231002X"), "GB 11643 example");
    check(!id_valid("110105194912310021"), "bad check character");
    check(due_date(9, 5) == D(2026, 9, 30), "due 2026-09 day 5 moves over the National Day holiday");
    check(due_date(9, 10) == D(2026, 10, 10), "due on a WORKDAY Saturday stays");
    check(due_date(8, 20) == D(2026, 9, 20), "due on a WORKDAY Sunday stays");
    check(due_date(8, 25) == D(2026, 9, 24), "due on a HOLIDAY Friday moves to Thursday");
    check(due_date(10, 15) == D(2026, 11, 13), "due on a Sunday moves to Friday");
    check(due_date(8, 31) == D(2026, 9, 30), "pay_day 31 clipped to September 30");
    check(due_date(9, 31) == D(2026, 10, 30), "clipped to a Saturday, moved to Friday");
    check(!(due_date(10, 21) < AS_OF), "Saturday 11-21 moves to the as-of date: not due");
    check(due_date(10, 20) == AS_OF, "due on the as-of date");
    Pair *t = &PR[0];
    W.minority = 0;
    snprintf(W.name.a, sizeof W.name.a, "王");
    snprintf(W.name.b, sizeof W.name.b, "伟");
    NPR = 1;
    t->proj = 0; t->nc = 0; t->nd = 0; t->np = 0;
    t->c[0] = (Contract){.vf = D(2026, 1, 1), .vt = OPEN, .type = RT_MONTH, .rate = 600000};
    t->nc = 1;
    for (int k = 0; k < 10; k++) t->d[t->nd++] = (ADay){.date = D(2026, 8, 3 + k), .centi = 800};
    BInfo b;
    bucket_info(t, 8, &b);
    check(b.owed == 275862, "MONTH 6000.00 x 10 / 21.75 = 2758.62");
    for (int k = 10; k < 23; k++) t->d[t->nd++] = (ADay){.date = D(2026, 8, 3 + k), .centi = 800};
    bucket_info(t, 8, &b);
    check(b.owed == 600000, "MONTH capped at the rate");
    t->c[0].type = RT_HOUR; t->c[0].rate = 4530; t->nd = 1; t->d[0].centi = 825;
    bucket_info(t, 8, &b);
    check(b.owed == 37373, "HOUR 8.25 h x 45.30 = 373.725, half up");
    t->c[1] = (Contract){.vf = D(2026, 1, 1), .vt = OPEN, .type = RT_DAY, .rate = 100};
    t->nc = 2;
    bucket_info(t, 8, &b);
    check(b.owed == 37373, "equal valid_from: first read applies");
    check(rate_below(RT_DAY, 12597, R_SH, D(2026, 8, 3)) && !rate_below(RT_DAY, 12598, R_SH, D(2026, 8, 3)), "DAY threshold 2740/21.75");
    check(!rate_below(RT_DAY, 11800, R_BJ, D(2026, 8, 31)) && rate_below(RT_DAY, 11800, R_BJ, D(2026, 9, 1)), "minimum in force by date");
    check(rate_below(RT_HOUR, 1436, R_GZ, D(2026, 8, 3)) && !rate_below(RT_HOUR, 1437, R_GZ, D(2026, 8, 3)), "HOUR without hourly");
    char a[128], c[128];
    norm_name("买买提·艾力", a); norm_name(" 买买提．艾力", c);
    check(!strcmp(a, c), "minority dots");
    norm_name("王\xE3\x80\x80伟", a); norm_name("王伟", c);
    check(!strcmp(a, c), "ideographic space");
    norm_id("\xEF\xBC\x91\xEF\xBC\x90 x", a);
    check(!strcmp(a, "10X"), "full-width id");
    NLAB = 0;
}

/* ---------------------------------------------------------------- main */

static void usage(void)
{
    fprintf(stderr, "usage: gen --workers N --out DIR [--seed S]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    long long nw = -1;
    const char *dir = NULL;
    for (int i = 1; i < argc; i++) {
        char *end;
        if (!strcmp(argv[i], "--workers") && i + 1 < argc) {
            nw = strtoll(argv[++i], &end, 10);
            if (*end || nw < 1 || nw > 20000000) usage();
        } else if (!strcmp(argv[i], "--out") && i + 1 < argc) {
            dir = argv[++i];
        } else if (!strcmp(argv[i], "--seed") && i + 1 < argc) {
            SEED = strtoull(argv[++i], &end, 10);
            if (*end) usage();
        } else usage();
    }
    if (nw < 0 || !dir) usage();
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) { fprintf(stderr, "gen: %s: %s\n", dir, strerror(errno)); return 1; }

    cal_init();
    AS_OF = D(2026, 11, 20);
    JUL27 = D(2026, 7, 27); AUG1 = D(2026, 8, 1); OCT31 = D(2026, 10, 31); NOV6 = D(2026, 11, 6);
    for (int i = 0; i < NMINW; i++) MINW_DN[i] = D(MINW[i].y, MINW[i].m, MINW[i].d);

    NPROJ = (int)(nw / 200) > 1 ? (int)(nw / 200) : 1;
    NPROJ_ALL = NPROJ + (nw >= 1000);
    PROJ = calloc((size_t)NPROJ_ALL, sizeof *PROJ);
    V2_MISSING = calloc((size_t)NPROJ_ALL * 16, sizeof *V2_MISSING);
    V2_OWED = calloc((size_t)NPROJ_ALL * 16, sizeof *V2_OWED);
    if (!V2_MISSING || !V2_OWED) { fprintf(stderr, "gen: out of memory\n"); return 1; }
    if (!PROJ) { fprintf(stderr, "gen: out of memory\n"); return 1; }
    make_projects();
    hs_init(&IDSET, (size_t)nw * 2 + 1024);
    hs_init(&TXNSET, (size_t)nw * 8 + 1024);
    hs_init(&UNKACCT, (size_t)nw / 10 + 1024);
    self_test();

    static const char *NAMES[NFILES] = {"projects.csv", "contracts.csv", "attendance_days.csv",
        "attendance_punches.csv", "payments.csv", "min_wage.csv", "holidays.csv", "account_txns.csv",
        "labels.csv", "args"};
    for (int f = 0; f < NFILES; f++) out_open(&OUT[f], dir, NAMES[f]);
    write_reference();
    for (uint32_t i = 0; i < (uint32_t)nw; i++) gen_worker(i);
    for (size_t k = 0; k < NDUPS; k++) write_pay_row(&DUPS[k]);   /* a re-sent batch */
    write_statement();
    write_labels();
    for (int f = 0; f < NFILES; f++) out_close(&OUT[f]);
    if (getenv("GEN_STATS")) {
        uint64_t tot = 0;
        for (int f = 0; f < NFILES; f++) { fprintf(stderr, "%s %llu\n", NAMES[f], (unsigned long long)ROWS[f]); tot += ROWS[f]; }
        fprintf(stderr, "total %llu\n", (unsigned long long)tot);
    }
    return 0;
}
