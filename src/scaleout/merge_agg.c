/*
 * The kinds that span parts (RULES 5.3), computed by the merge of parts
 * from the facts the parts' runs wrote (part_facts.csv, --part-facts) and
 * the statement sums the partition wrote (partition/allocation.csv),
 * with the same functions a run uses (rules/supervision.c), so the
 * records are the single run's (docs/SCALE_OUT.md):
 *   UNPAID_HEADCOUNT   U and A per (project, period) are sums over parts;
 *   ALLOCATION_SHORT   owed per (project, period) is a sum over parts,
 *                      the statement's sums are the partition's;
 *   SHARED_CARD        the union of the parts' (card, payee) uses;
 *   LIST_THRESHOLD     the union of the parts' shortfall-bearing flags.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../rules/flags.h"
#include "../rules/supervision.h"
#include "../types/error.h"
#include "../types/money.h"
#include "merge.h"

typedef struct {
    uint32_t attended, missing;
    bool seen;
    wr_day due;
    int64_t owed_fen;
} period_facts;

typedef struct {
    wr_arena *arena;
    const wr_model *projects;
    wr_month from;
    uint32_t n_periods;
    period_facts **pp;      /* [project][k], NULL until a P fact */
    wr_statement **alloc;   /* [project], NULL: not covered */
    wr_vec uses, items;     /* wr_card_use, wr_shortfall_item */
    wr_vec cards, payees;   /* const char *: the uses' numbered texts (D276) */
    wr_table card_by_text, payee_by_text;
    int64_t tolerance_fen, worker_min_fen, total_min_fen;
    bool overflow;
    bool nomem;             /* a fact helper ran out of memory */
    wr_error *err;
    const char *path;
    uint64_t line;
} agg_reader;

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The fields of one fact line, split at commas (facts hold no commas). */
static size_t split(char *line, char **f, size_t max)
{
    size_t n = 0;
    for (char *p = line; n < max;) {
        f[n++] = p;
        p = strchr(p, ',');
        if (!p)
            break;
        *p++ = '\0';
    }
    return n;
}

static const char *unhex(agg_reader *r, const char *s)
{
    size_t n = strlen(s);
    if (n % 2)
        return NULL;
    char *o = wr_arena_alloc(r->arena, n / 2 + 1);
    if (!o)
        r->nomem = true;
    for (size_t i = 0; o && i < n / 2; i++) {
        int a = hex_digit(s[2 * i]), b = hex_digit(s[2 * i + 1]);
        if (a < 0 || b < 0)
            return NULL;
        o[i] = (char)(a * 16 + b);
    }
    if (o)
        o[n / 2] = '\0';
    return o;
}

static bool int_of(const char *s, int64_t *v)
{
    char *end;
    *v = strtoll(s, &end, 10);
    return *s && !*end;
}

/* The project of a hex field and the period index k; false if unknown. */
static bool project_period(agg_reader *r, const char *hex, const char *period, uint32_t *pi,
                           uint32_t *k)
{
    const char *id = unhex(r, hex);
    wr_month m;
    if (!id || !wr_parse_period_text(period, &m) || m < r->from ||
        m >= r->from + (wr_month)r->n_periods)
        return false;
    *pi = wr_model_find_project(r->projects, (wr_str){id, strlen(id)});
    *k = (uint32_t)(m - r->from);
    return *pi != WR_NONE;
}

static bool period_fact(agg_reader *r, char **f)
{
    uint32_t pi, k;
    int64_t attended, missing, owed;
    wr_day due;
    if (!project_period(r, f[1], f[2], &pi, &k) || !wr_parse_date_text(f[3], &due) ||
        !int_of(f[4], &attended) || !int_of(f[5], &missing) || !int_of(f[6], &owed))
        return false;
    if (!r->pp[pi]) {
        r->pp[pi] = wr_arena_alloc(r->arena, r->n_periods * sizeof **r->pp);
        if (!r->pp[pi])
            return !(r->nomem = true);
        memset(r->pp[pi], 0, r->n_periods * sizeof **r->pp);
    }
    period_facts *p = &r->pp[pi][k];
    p->seen = true;
    p->due = due; /* the same in every part: projects and holidays are */
    p->attended += (uint32_t)attended;
    p->missing += (uint32_t)missing;
    p->owed_fen = wr_add_fen(p->owed_fen, owed, &r->overflow);
    return true;
}

static bool text_eq(const void *ctx, uint32_t i, const void *key)
{
    return strcmp(*WR_AT(*(const wr_vec *)ctx, const char *, i), key) == 0;
}

/* The number of text s among texts (const char *), s added when new;
 * WR_NONE when s is NULL or out of memory (r->nomem). */
static uint32_t text_number(agg_reader *r, wr_table *by_text, wr_vec *texts, const char *s)
{
    if (!s)
        return WR_NONE;
    uint32_t next = (uint32_t)texts->len;
    uint32_t i = wr_table_intern(by_text, wr_hash_bytes(s, strlen(s)), s, text_eq, texts, next);
    const char **t = i == next ? wr_vec_push(texts) : NULL;
    if (t)
        *t = s;
    if (i == WR_NONE || (i == next && !t)) {
        r->nomem = true;
        return WR_NONE;
    }
    return i;
}

static bool card_fact(agg_reader *r, char **f)
{
    uint32_t pi, k;
    int64_t paid;
    wr_card_use *u = wr_vec_push(&r->uses);
    if (!u)
        return !(r->nomem = true);
    if (!project_period(r, f[1], f[2], &pi, &k) || !int_of(f[5], &paid))
        return false;
    *u = (wr_card_use){pi, text_number(r, &r->card_by_text, &r->cards, unhex(r, f[3])),
                       text_number(r, &r->payee_by_text, &r->payees, unhex(r, f[4])),
                       r->from + (wr_month)k, paid};
    return u->card != WR_NONE && u->payee != WR_NONE;
}

static bool shortfall_fact(agg_reader *r, char **f)
{
    int64_t fen;
    wr_month m;
    wr_shortfall_item *s = wr_vec_push(&r->items);
    if (!s)
        return !(r->nomem = true);
    if (!wr_parse_period_text(f[3], &m) || !int_of(f[4], &fen))
        return false;
    *s = (wr_shortfall_item){unhex(r, f[1]), unhex(r, f[2]), m, fen};
    return s->employer_id && s->worker_id;
}

static bool option_fact(agg_reader *r, char **f)
{
    return int_of(f[1], &r->tolerance_fen) && int_of(f[2], &r->worker_min_fen) &&
           int_of(f[3], &r->total_min_fen);
}

static bool alloc_fact(agg_reader *r, char **f)
{
    uint32_t pi, k;
    wr_day due;
    int64_t in, out, credit;
    if (!project_period(r, f[1], f[2], &pi, &k) || !wr_parse_date_text(f[3], &due) ||
        !int_of(f[4], &in) || !int_of(f[5], &out) || !int_of(f[6], &credit))
        return false;
    wr_statement *s = r->alloc[pi];
    if (!s) {
        uint32_t n = r->n_periods;
        s = r->alloc[pi] = wr_arena_alloc(r->arena, sizeof *s);
        int64_t *sums = wr_arena_alloc(r->arena, 2 * n * sizeof *sums);
        wr_day *dues = wr_arena_alloc(r->arena, n * sizeof *dues);
        if (!s || !sums || !dues)
            return !(r->nomem = true);
        memset(sums, 0, 2 * n * sizeof *sums);
        *s = (wr_statement){in, out, sums, sums + n, dues};
    }
    s->due[k] = due;
    s->credit_fen[k] = credit;
    return true;
}

/* Reads every fact line of path; `want` says which letters it may hold.
 * 0, WR_EINPUT or WR_ENOMEM (err set). */
static int read_facts(agg_reader *r, const char *path, const char *want)
{
    errno = 0; /* fopen's or getline's ENOMEM is not a missing or short file */
    FILE *f = fopen(path, "r");
    if (!f && errno == ENOMEM)
        return wr_errorf(r->err, WR_ENOMEM, "%s: out of memory opening it", path);
    if (!f)
        return wr_errorf(r->err, WR_EINPUT,
                         "%s: cannot read (run every part with its args, which hold "
                         "--part-facts; partitions made before need partitioning again)", path);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    bool ok = true;
    r->line = 0;
    while (ok && (len = getline(&line, &cap, f)) > 0) {
        r->line++;
        if (line[len - 1] == '\n')
            line[--len] = '\0';
        char *fld[8];
        size_t n = split(line, fld, 8);
        char t = fld[0][0];
        ok = fld[0][1] == '\0' && strchr(want, t) &&
             n == (t == 'O' ? 4u : t == 'S' ? 5u : t == 'C' ? 6u : 7u) &&
             (t == 'P'   ? period_fact(r, fld)
              : t == 'C' ? card_fact(r, fld)
              : t == 'S' ? shortfall_fact(r, fld)
              : t == 'O' ? option_fact(r, fld)
                         : alloc_fact(r, fld));
    }
    if (errno == ENOMEM)
        r->nomem = true;
    free(line);
    fclose(f);
    if (r->nomem)
        return wr_errorf(r->err, WR_ENOMEM, "%s: line %llu: out of memory", path,
                         (unsigned long long)r->line);
    return ok ? 0 : wr_errorf(r->err, WR_EINPUT, "%s: line %llu: not a wagerecon fact", path,
                              (unsigned long long)r->line);
}

int wr_merge_agg(const char *const *part_out, size_t n, const char *sidecar,
                 const wr_model *projects, wr_arena *arena, wr_day as_of, wr_month from,
                 wr_month to, wr_vec *agg, wr_report *rep, wr_error *err)
{
    size_t np = projects->projects.len;
    agg_reader r = {.arena = arena, .projects = projects, .from = from,
                    .n_periods = (uint32_t)(to - from + 1), .err = err};
    r.pp = calloc(np + 1, sizeof *r.pp);
    r.alloc = calloc(np + 1, sizeof *r.alloc);
    wr_vec_init(&r.uses, sizeof(wr_card_use));
    wr_vec_init(&r.items, sizeof(wr_shortfall_item));
    wr_vec_init(&r.cards, sizeof(const char *));
    wr_vec_init(&r.payees, sizeof(const char *));
    wr_table_init(&r.card_by_text);
    wr_table_init(&r.payee_by_text);
    int rc = r.pp && r.alloc ? 0 : wr_error_nomem(err, NULL);
    char path[4300];
    snprintf(path, sizeof path, "%s/allocation.csv", sidecar);
    if (!rc)
        rc = read_facts(&r, path, "OA");
    for (size_t i = 0; !rc && i < n; i++) {
        snprintf(path, sizeof path, "%s/part_facts.csv", part_out[i]);
        rc = read_facts(&r, path, "PCS");
    }
    bool ok = !rc;
    for (size_t pi = 0; ok && pi < np; pi++) { /* UNPAID_HEADCOUNT */
        const wr_project *p = WR_AT(projects->projects, wr_project, pi);
        for (uint32_t k = 0; ok && r.pp[pi] && k < r.n_periods; k++) {
            const period_facts *f = &r.pp[pi][k];
            if (f->missing > 0)
                ok = wr_headcount_flag(p->id, p->employer_id, from + (wr_month)k, f->due,
                                       f->missing, f->attended, arena, agg);
        }
    }
    for (size_t pi = 0; ok && pi < np; pi++) { /* ALLOCATION_SHORT */
        const wr_project *p = WR_AT(projects->projects, wr_project, pi);
        wr_statement *s = r.alloc[pi];
        if (!s)
            continue;
        rep->projects_covered++;
        for (uint32_t k = 0; r.pp[pi] && k < r.n_periods; k++)
            s->owed_fen[k] = r.pp[pi][k].owed_fen;
        wr_alloc_view v = {s->opening_in_fen, s->opening_out_fen, s->credit_fen, s->owed_fen,
                           s->due, r.n_periods, from};
        int64_t latest;
        ok = wr_allocation_flags(&v, p->id, p->employer_id, p->client_id, as_of,
                                 r.tolerance_fen, arena, agg, &latest);
    }
    ok = ok && wr_shared_card_flags(r.uses.data, r.uses.len, &projects->projects, &r.cards,
                                    arena, agg) &&
         wr_list_threshold_flags(r.items.data, r.items.len, r.worker_min_fen, r.total_min_fen,
                                 agg);
    if (!rc && !ok) /* the rules' functions fail only when out of memory */
        rc = wr_error_nomem(err, "for the merge's own flags");
    if (!rc && r.overflow)
        rc = wr_errorf(err, WR_EINPUT, "amounts too large to add exactly (a sum left int64 fen)");
    free(r.pp);
    free(r.alloc);
    wr_vec_free(&r.uses);
    wr_vec_free(&r.items);
    wr_vec_free(&r.cards);
    wr_vec_free(&r.payees);
    wr_table_free(&r.card_by_text);
    wr_table_free(&r.payee_by_text);
    return rc;
}
