/* flags.csv and flags.jsonl of the merge: every flag lives in exactly one
 * part (a worker's flags in the worker's part, DUPLICATE_TXN in the pair's,
 * UNKNOWN_ACCOUNT in the account's), and each part's flags are already in
 * the order of RULES section 6, so a k-way merge on (project_id,
 * worker_id, period, kind, flag_id) gives the single run's order. Records
 * are copied byte for byte; flags.jsonl follows line for line (one JSON
 * line per flags.csv record). Two equal keys mean a flag in two parts: the
 * partition invariant is broken, and the merge says so. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../rules/flags.h"
#include "../types/buf.h"
#include "../types/error.h"
#include "../types/money.h"
#include "merge.h"

enum { F_ID = 0, F_KIND = 1, F_SEVERITY = 2, F_PROJECT = 3, F_EMPLOYER = 4, F_WORKER = 5,
       F_PERIOD = 7, F_SHORTFALL = 12, F_DETAIL = 15 };

typedef struct {
    FILE *csv, *jsonl;
    char *line;          /* getline buffer */
    size_t line_cap;
    wr_buf rec;          /* the current record, raw, without its LF */
    wr_buf fld;          /* its fields, unescaped, NUL-separated */
    const char *f[WR_FLAG_COLUMNS];
    size_t n_fields;
    char *jl;            /* the current flags.jsonl line */
    size_t jl_cap;
    ssize_t jl_len;
} flag_stream;

/* One CSV record of our own output (D17): lines joined while a quote is open. */
static int read_record(flag_stream *s)
{
    s->rec.len = 0;
    bool quoted = false;
    for (;;) {
        ssize_t n = getline(&s->line, &s->line_cap, s->csv);
        if (n < 0)
            return s->rec.len ? -2 : -1;
        for (ssize_t i = 0; i < n; i++)
            if (s->line[i] == '"')
                quoted = !quoted;
        if (!wr_buf_reserve(&s->rec, s->rec.len + (size_t)n + 1))
            return -3;
        memcpy(s->rec.p + s->rec.len, s->line, (size_t)n);
        s->rec.len += (size_t)n;
        if (!quoted)
            break;
    }
    if (s->rec.len && s->rec.p[s->rec.len - 1] == '\n')
        s->rec.len--;
    s->rec.p[s->rec.len] = '\0';
    return 0;
}

/* Splits s->rec into unescaped fields. */
static bool split_record(flag_stream *s)
{
    if (!wr_buf_reserve(&s->fld, s->rec.len + 1))
        return false;
    char *o = s->fld.p;
    const char *p = s->rec.p, *end = s->rec.p + s->rec.len;
    s->n_fields = 0;
    for (;;) {
        if (s->n_fields == WR_FLAG_COLUMNS)
            return false;
        s->f[s->n_fields++] = o;
        if (p < end && *p == '"') {
            for (p++; p < end; p++) {
                if (*p == '"' && (p + 1 == end || p[1] != '"')) {
                    p++;
                    break;
                }
                if (*p == '"')
                    p++;
                *o++ = *p;
            }
        }
        while (p < end && *p != ',')
            *o++ = *p++;
        *o++ = '\0';
        if (p == end)
            break;
        p++;
    }
    return s->n_fields == WR_FLAG_COLUMNS;
}

static int compare_keys(const char *const *a, const char *const *b)
{
    static const int order[] = {F_PROJECT, F_WORKER, F_PERIOD, F_KIND, F_ID};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        int c = strcmp(a[order[i]], b[order[i]]);
        if (c)
            return c;
    }
    return 0;
}

/* ---- a binary min-heap of streams ---- */

static bool heap_less(const flag_stream *st, uint32_t a, uint32_t b)
{
    int c = compare_keys(st[a].f, st[b].f);
    return c < 0 || (c == 0 && a < b);
}

static void heap_down(const flag_stream *st, uint32_t *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, m = i;
        if (l < n && heap_less(st, h[l], h[m]))
            m = l;
        if (l + 1 < n && heap_less(st, h[l + 1], h[m]))
            m = l + 1;
        if (m == i)
            return;
        uint32_t t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

/* ---- what the other outputs need of each flag ---- */

static int kind_index(const char *name)
{
    for (int k = 0; k < WR_N_KINDS; k++)
        if (strcmp(wr_kind_name(k), name) == 0)
            return k;
    return -1;
}

/* An UNKNOWN_ACCOUNT flag's case (D214): the account, payees and paid
 * from its detail. */
static int account_case(const flag_stream *s, wr_arena *a, wr_merged_flags *mf, wr_error *err)
{
    char *account, *txn_id;
    wr_case_flag *c = wr_vec_push(&mf->cases);
    if (!c)
        return wr_error_nomem(err, NULL);
    *c = (wr_case_flag){.kind = K_UNKNOWN_ACCOUNT, .employer_id = "", .employer_name = "",
                        .project_id = "", .worker_id = "", .client_id = "", .client_name = "",
                        .period = -1};
    bool split = wr_account_detail_split(K_UNKNOWN_ACCOUNT, s->f[F_DETAIL], s->f[F_ID], &account,
                                         &txn_id);
    bool ok = split && wr_unknown_account_detail(s->f[F_DETAIL], &c->payees, &c->paid_fen);
    c->account = ok ? wr_arena_strndup(a, account, strlen(account)) : NULL;
    c->flag_id = wr_arena_strndup(a, s->f[F_ID], strlen(s->f[F_ID]));
    if (split) {
        free(account);
        free(txn_id);
    }
    if (!c->account || !c->flag_id)
        return wr_errorf(err, WR_EINPUT, "flags.csv: bad flag %s", s->f[F_ID]);
    return 0;
}

/* 0, or WR_EINPUT or WR_ENOMEM with err set. */
static int note_flag(const flag_stream *s, const wr_model *projects, wr_arena *a,
                     wr_merged_flags *mf, wr_error *err)
{
    int kind = kind_index(s->f[F_KIND]);
    if (kind < 0)
        return wr_errorf(err, WR_EINPUT, "flags.csv: unknown kind %s", s->f[F_KIND]);
    mf->by_kind[kind]++;
    int severity = strcmp(s->f[F_SEVERITY], "high") == 0     ? SEV_HIGH
                   : strcmp(s->f[F_SEVERITY], "medium") == 0 ? SEV_MEDIUM
                                                              : SEV_LOW;
    mf->by_severity[severity]++;
    if (mf->sup && (!wr_report_sup_add(mf->sup, kind, s->f, a) ||
                    !wr_report_employers_add(mf->sup, kind, s->f, a)))
        return wr_error_nomem(err, NULL);
    const char *project = s->f[F_PROJECT];
    if (kind == K_UNKNOWN_ACCOUNT) /* its account's case (D214) */
        return account_case(s, a, mf, err);
    if (severity != SEV_HIGH || !s->f[F_EMPLOYER][0])
        return 0; /* cases and headline take high flags of an employer (D21, D22, D66) */
    wr_case_flag *c = wr_vec_push(&mf->cases);
    uint32_t pi = project[0] ? wr_model_find_project(projects, (wr_str){project, strlen(project)})
                             : WR_NONE;
    if (!c)
        return wr_error_nomem(err, NULL);
    if (project[0] && pi == WR_NONE)
        return wr_errorf(err, WR_EINPUT, "flags.csv: project %s is not in the part's projects",
                         project);
    const wr_project *p = pi == WR_NONE ? NULL : WR_AT(projects->projects, wr_project, pi);
    const char *sf = s->f[F_SHORTFALL];
    *c = (wr_case_flag){.kind = kind, .employer_name = p ? p->employer_name : "",
                        .project_id = p ? p->id : "", .client_id = "", .client_name = "",
                        .period = -1, .account = ""};
    c->employer_id = wr_arena_strndup(a, s->f[F_EMPLOYER], strlen(s->f[F_EMPLOYER]));
    c->worker_id = wr_arena_strndup(a, s->f[F_WORKER], strlen(s->f[F_WORKER]));
    c->flag_id = wr_arena_strndup(a, s->f[F_ID], strlen(s->f[F_ID]));
    int64_t shortfall = 0;
    if (!c->employer_id || !c->worker_id || !c->flag_id)
        return wr_error_nomem(err, NULL);
    if (sf[0] && !wr_parse_fen(sf, strlen(sf), &shortfall))
        return wr_errorf(err, WR_EINPUT, "flags.csv: bad flag %s", s->f[F_ID]);
    if (kind == K_MISSING || kind == K_UNDERPAID)
        c->shortfall_fen = shortfall;
    if (kind == K_ALLOCATION_SHORT && p && p->client_id[0]) { /* the client's case (D66) */
        c->client_id = p->client_id;
        c->client_name = p->client_name;
        c->alloc_shortfall_fen = shortfall;
        if (!wr_parse_period_text(s->f[F_PERIOD], &c->period))
            return wr_errorf(err, WR_EINPUT, "flags.csv: bad flag %s", s->f[F_ID]);
    }
    if (kind == K_MISSING || kind == K_UNDERPAID) {
        const char **e = wr_vec_push(&mf->arrears_employers);
        const char **w = wr_vec_push(&mf->arrears_workers);
        if (!e || !w)
            return wr_error_nomem(err, NULL);
        *e = c->employer_id;
        *w = c->worker_id;
        mf->arrears_fen = wr_add_fen(mf->arrears_fen, c->shortfall_fen, &mf->overflow);
    }
    return 0;
}

/* Reads the stream's next flag; 1 got one, 0 at the end, or -WR_EINPUT or
 * -WR_ENOMEM with err set. */
static int advance(flag_stream *s, const char *path, wr_error *err)
{
    errno = 0; /* getline's and split_record's ENOMEM is not a bad file */
    int r = read_record(s);
    s->jl_len = getline(&s->jl, &s->jl_cap, s->jsonl);
    if (r == -1 && s->jl_len < 0 && errno != ENOMEM)
        return 0;
    if (r == 0 && s->jl_len > 0 && split_record(s))
        return 1;
    if (r == -3 || errno == ENOMEM)
        return -wr_errorf(err, WR_ENOMEM, "%s: out of memory", path);
    return -wr_errorf(err, WR_EINPUT, "%s/flags.csv and flags.jsonl: not a wagerecon flags pair "
                                      "(record and line counts differ?)", path);
}

static bool header_ok(flag_stream *s)
{
    if (read_record(s) != 0 || !split_record(s))
        return false;
    for (int c = 0; c < WR_FLAG_COLUMNS; c++)
        if (strcmp(s->f[c], wr_flag_column_names[c]) != 0)
            return false;
    return true;
}

int wr_merge_flags(const char *const *part_out, size_t n, FILE *extra_csv, FILE *extra_jsonl,
                   FILE *out_csv, FILE *out_jsonl, const wr_model *projects, wr_arena *arena,
                   wr_merged_flags *mf, wr_error *err)
{
    size_t n_streams = n + (extra_csv != NULL);
    flag_stream *st = calloc(n_streams, sizeof *st);
    uint32_t *heap = calloc(n_streams, sizeof *heap);
    int rc = st && heap ? 0 : wr_error_nomem(err, NULL);
    size_t live = 0;
    for (size_t i = 0; i < n_streams && !rc; i++) {
        char path[4200];
        const char *name = i < n ? part_out[i] : "the merge's own flags";
        errno = 0; /* fopen's, getline's and split_record's ENOMEM is not a bad file */
        if (i < n) {
            snprintf(path, sizeof path, "%s/flags.csv", part_out[i]);
            st[i].csv = fopen(path, "r");
            snprintf(path, sizeof path, "%s/flags.jsonl", part_out[i]);
            st[i].jsonl = fopen(path, "r");
        } else {
            st[i].csv = extra_csv;
            st[i].jsonl = extra_jsonl;
        }
        if (!st[i].csv || !st[i].jsonl || !header_ok(&st[i])) {
            rc = errno == ENOMEM ? wr_errorf(err, WR_ENOMEM, "%s: out of memory reading its flags", name)
                                 : wr_errorf(err, WR_EINPUT,
                           "%s: no readable flags.csv with wagerecon's header and flags.jsonl",
                           name);
            break;
        }
        int r = advance(&st[i], name, err);
        if (r < 0)
            rc = -r;
        else if (r > 0)
            heap[live++] = (uint32_t)i;
    }
    for (int c = 0; c < WR_FLAG_COLUMNS && !rc; c++)
        fprintf(out_csv, "%s%s", c ? "," : "", wr_flag_column_names[c]);
    if (!rc)
        fputc('\n', out_csv);
    for (size_t i = live; i-- > 0;)
        heap_down(st, heap, live, i);
    wr_buf prev = {0}; /* key of the last flag written, for the invariant */
    const char *prev_f[WR_FLAG_COLUMNS];
    while (live > 0 && !rc) {
        flag_stream *s = &st[heap[0]];
        if (prev.p && compare_keys(prev_f, s->f) == 0) {
            rc = wr_errorf(err, WR_ESELFCHECK,
                           "flag %s %s appears in two parts: the parts are not one partition",
                           s->f[F_ID], s->f[F_KIND]);
            break;
        }
        fwrite(s->rec.p, 1, s->rec.len, out_csv);
        fputc('\n', out_csv);
        fwrite(s->jl, 1, (size_t)s->jl_len, out_jsonl);
        if ((rc = note_flag(s, projects, arena, mf, err)))
            break;
        if (!wr_buf_reserve(&prev, s->rec.len + 1)) { /* remember this key */
            rc = wr_error_nomem(err, NULL);
            break;
        }
        memcpy(prev.p, s->fld.p, s->rec.len + 1);
        for (int c = 0; c < WR_FLAG_COLUMNS; c++)
            prev_f[c] = prev.p + (s->f[c] - s->fld.p);
        int r = advance(s, heap[0] < n ? part_out[heap[0]] : "the merge's own flags", err);
        if (r < 0)
            rc = -r;
        else if (r == 0)
            heap[0] = heap[--live];
        heap_down(st, heap, live, 0);
    }
    for (size_t i = 0; st && i < n_streams; i++) {
        if (st[i].csv && i < n)
            fclose(st[i].csv);
        if (st[i].jsonl && i < n)
            fclose(st[i].jsonl);
        free(st[i].line);
        free(st[i].rec.p);
        free(st[i].fld.p);
        free(st[i].jl);
    }
    free(prev.p);
    free(st);
    free(heap);
    return rc;
}
