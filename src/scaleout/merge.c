/*
 * wr_merge: the outputs of `wagerecon run` on every part of a partition,
 * combined into the single run's outputs (docs/SCALE_OUT.md).
 *
 *   1. The parts: each out dir's parent is a part folder with a manifest;
 *      all must share one key, and every part 1..N must come exactly once.
 *   2. flags.csv / flags.jsonl: k-way merge (merge_flags.c).
 *   3. ledger.csv: sums per (project, period) (merge_ledger.c).
 *   4. cases.jsonl and the headline: recomputed from the merged flags,
 *      employer names from the projects file every part carries.
 *   5. rejects.csv and the per-file rows: from the partition's own record
 *      (part 1's partition/), which names the original files and lines;
 *      payments_by_status from there too (its order is first seen in read
 *      order, a property of the whole input).
 *   6. report.html: the top from the merged headline and ledger, the
 *      flags table and calendars from the rows the parts' runs rendered
 *      into report_rows.json (merge_report.c, DECISIONS D48).
 *   7. Control totals, re-checked over the merge: the row identity per
 *      file; the rows the partitioner routed = the rows the parts used; the
 *      parts' reference-file rows = the partition's; payments by status
 *      (rows, amount) = the parts' sums; counted payments = bucket paid;
 *      ledger arrears = flag shortfall; flags per kind = the parts' sums.
 *      Any failure: exit 4, nothing written.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/report_files.h"
#include "../inputs/input.h"
#include "../io/jsonread.h"
#include "../io/outfile.h"
#include "../rules/flags.h"
#include "../rules/supervision.h"
#include "../types/error.h"
#include "../types/money.h"
#include "../types/strings.h"
#include "merge.h"

typedef struct {
    wr_part_manifest man;
    char dir[4096];          /* the part folder */
    const char *out;         /* its run's output folder */
    const wr_json *summary;  /* out/summary.json */
} part_in;

typedef struct {
    wr_arena arena;
    part_in *parts;          /* by part number */
    const char **outs;       /* out folders, by part number */
    const wr_json **rows;    /* their report_rows.json, by part number */
    size_t n;
    const wr_json *partition;   /* part 1's partition/summary.json */
    char sidecar[4200];         /* part 1's partition/ */
    wr_error *err;
    bool check_failed;
    char check_msg[512];
} merger;

static int read_json(merger *g, const char *path, const wr_json **out)
{
    errno = 0;
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    size_t len = 0;
    bool ok = false, nomem = false;
    if (f) {
        FILE *mem = open_memstream(&text, &len);
        char buf[65536];
        size_t n;
        while (mem && (n = fread(buf, 1, sizeof buf, f)) > 0)
            fwrite(buf, 1, n, mem);
        nomem = !mem || !wr_memstream_close(mem, &text);
        ok = !nomem && !ferror(f);
        fclose(f);
    }
    if (!ok) {
        free(text);
        return nomem || (!f && errno == ENOMEM) ? wr_error_nomem(g->err, NULL)
                                                : wr_errorf(g->err, WR_EINPUT, "%s: cannot read", path);
    }
    int rc = wr_json_parse(text, len, &g->arena, path, out, g->err);
    free(text);
    return rc;
}

/* ---- 1. the parts ---- */

static int load_parts(merger *g, const char *const *out_dirs)
{
    wr_part_manifest first = {0};
    for (size_t i = 0; i < g->n; i++) {
        char dir[4096];
        size_t n = strlen(out_dirs[i]);
        while (n > 1 && out_dirs[i][n - 1] == '/')
            n--;
        snprintf(dir, sizeof dir, "%.*s", (int)n, out_dirs[i]);
        char *slash = strrchr(dir, '/');
        if (!slash)
            strcpy(dir, ".");
        else if (slash == dir)
            dir[1] = '\0';
        else
            *slash = '\0';
        wr_part_manifest m;
        int rc = wr_part_manifest_read(dir, &m, g->err);
        if (rc)
            return rc;
        if (i == 0)
            first = m;
        if (m.key != first.key || m.parts != first.parts)
            return wr_errorf(g->err, WR_EINPUT, "%s and %s are parts of different partitions",
                             out_dirs[0], out_dirs[i]);
        if (m.parts != g->n)
            return wr_errorf(g->err, WR_EINPUT,
                             "the partition has %u parts; %zu output folders given", m.parts,
                             g->n);
        part_in *p = &g->parts[m.part - 1];
        if (p->out)
            return wr_errorf(g->err, WR_EINPUT, "part %u given twice (%s, %s)", m.part, p->out,
                             out_dirs[i]);
        p->man = m;
        p->out = out_dirs[i];
        g->outs[m.part - 1] = out_dirs[i];
        snprintf(p->dir, sizeof p->dir, "%s", dir);
        char path[4200];
        snprintf(path, sizeof path, "%s/summary.json", out_dirs[i]);
        if ((rc = read_json(g, path, &p->summary)))
            return rc;
        snprintf(path, sizeof path, "%s/report_rows.json", out_dirs[i]);
        if (access(path, F_OK) != 0)
            return wr_errorf(g->err, WR_EINPUT,
                             "%s: no report_rows.json: run every part with its args "
                             "(`wagerecon run $(cat args) --out out`; partitions made before "
                             "wagerecon wrote --report-rows into args need partitioning again)",
                             out_dirs[i]);
        /* DECISIONS D93: the part's files are those its run wrote */
        static const char *const read_here[] = {"flags.csv", "flags.jsonl", "ledger.csv",
                                                "summary.json", "report_rows.json"};
        if (!wr_outputs_verify(out_dirs[i], read_here, sizeof read_here / sizeof read_here[0],
                               g->err))
            return WR_EINPUT;
        if ((rc = read_json(g, path, &g->rows[m.part - 1])))
            return rc;
    }
    snprintf(g->sidecar, sizeof g->sidecar, "%s/%s", g->parts[0].dir, WR_PART_SIDECAR);
    char path[4300];
    snprintf(path, sizeof path, "%s/summary.json", g->sidecar);
    return read_json(g, path, &g->partition);
}

/* ---- 7. control totals ---- */

static void check(merger *g, bool ok, const char *what)
{
    if (!ok && !g->check_failed) {
        g->check_failed = true;
        snprintf(g->check_msg, sizeof g->check_msg, "%s", what);
    }
}

static bool num(const wr_json *obj, const char *key, uint64_t *v)
{
    const wr_json *j = wr_json_get(obj, key);
    *v = j && j->type == WR_JSON_NUMBER && j->is_u64 ? j->u64 : 0;
    return j && j->type == WR_JSON_NUMBER && j->is_u64;
}

static bool money(const wr_json *obj, const char *key, int64_t *fen)
{
    const wr_json *j = wr_json_get(obj, key);
    *fen = 0;
    return j && j->type == WR_JSON_STRING && wr_parse_fen(j->text, strlen(j->text), fen);
}

static int bad_summary(merger *g, const char *dir)
{
    return wr_errorf(g->err, WR_EINPUT,
                     "%s/summary.json: not a wagerecon summary (missing or malformed fields)", dir);
}

static bool is_reference_role(const char *role)
{
    return strcmp(role, "projects") == 0 || strcmp(role, "holidays") == 0 ||
           strcmp(role, "min_wage") == 0;
}

/* Per-file rows: the partition's, checked against every part's. */
static int merge_files(merger *g, wr_report *rep)
{
    const wr_json *files = wr_json_get(g->partition, "files");
    if (!files || files->type != WR_JSON_ARRAY)
        return bad_summary(g, g->sidecar);
    const wr_json *pf[WR_MAX_PARTS];
    for (size_t k = 0; k < g->n; k++) {
        const wr_json *a = wr_json_get(g->parts[k].summary, "files");
        if (!a || a->type != WR_JSON_ARRAY)
            return bad_summary(g, g->parts[k].out);
        pf[k] = a->child;
    }
    for (const wr_json *f = files->child; f; f = f->next) {
        const wr_json *role = wr_json_get(f, "role"), *name = wr_json_get(f, "file");
        if (!role || !name || role->type != WR_JSON_STRING || name->type != WR_JSON_STRING)
            return bad_summary(g, g->sidecar);
        wr_file_stats *s = wr_report_add_file(rep, name->text);
        if (!s)
            return wr_error_nomem(g->err, NULL);
        if (!num(f, "data_rows", &s->data_rows) || !num(f, "used", &s->used) ||
            !num(f, "out_of_scope", &s->out_of_scope) || !num(f, "rejected", &s->rejected))
            return bad_summary(g, g->sidecar);
        /* The kind's own string: the report outlives the parts' parsed
         * JSON, freed when wr_merge returns (the CLI prints roles after). */
        const wr_input_kind *kind = wr_input_kind_named(role->text);
        if (!kind)
            return bad_summary(g, g->sidecar);
        s->role = kind->role;
        if (strcmp(s->role, "account_txns") == 0) {
            /* The statement goes to no part: the partition read it (its
             * sums are partition/allocation.csv). */
            if (!num(f, "duplicates", &s->duplicates))
                return bad_summary(g, g->sidecar);
            continue;
        }
        bool reference = is_reference_role(s->role);
        uint64_t used = 0;
        for (size_t k = 0; k < g->n; k++) {
            wr_file_stats p = {0};
            const wr_json *pr = pf[k] ? wr_json_get(pf[k], "role") : NULL;
            if (!pr || pr->type != WR_JSON_STRING || strcmp(pr->text, s->role) != 0 ||
                !num(pf[k], "data_rows", &p.data_rows) || !num(pf[k], "used", &p.used) ||
                !num(pf[k], "out_of_scope", &p.out_of_scope) ||
                !num(pf[k], "rejected", &p.rejected))
                return bad_summary(g, g->parts[k].out);
            pf[k] = pf[k]->next;
            if (reference)
                check(g, p.data_rows == s->data_rows && p.used == s->used &&
                             p.out_of_scope == s->out_of_scope && p.rejected == s->rejected,
                      "a part read a reference file differently from the partition");
            else
                check(g, p.out_of_scope == 0 && p.rejected == 0 && p.data_rows == p.used,
                      "a part rejected or left out rows the partition had kept");
            used += p.used;
        }
        if (!reference)
            check(g, used == s->used, "rows routed to the parts != rows the parts used");
    }
    for (size_t k = 0; k < g->n; k++)
        if (pf[k])
            return bad_summary(g, g->parts[k].out);
    return 0;
}

/* ---- D210: the data-quality figures of the whole input ---- */

/* A size and digest pair (both null when none was taken). */
static bool digest_of(const wr_json *obj, uint64_t *size, char xxh3[33])
{
    const wr_json *d = wr_json_get(obj, "xxh3"), *n = wr_json_get(obj, "size");
    xxh3[0] = '\0';
    *size = 0;
    if (d && d->type == WR_JSON_NULL && n && n->type == WR_JSON_NULL)
        return true;
    if (!d || d->type != WR_JSON_STRING || strlen(d->text) != 32 ||
        strspn(d->text, "0123456789abcdef") != 32 || !num(obj, "size", size))
        return false;
    memcpy(xxh3, d->text, 33);
    return true;
}

/* One entry of summary.json's "inputs" into the file it describes: 0,
 * or an error code (a bad summary, out of memory). */
static int input_entry(merger *g, const wr_json *e, wr_file_stats *s)
{
    const wr_json *role = wr_json_get(e, "role"), *name = wr_json_get(e, "file");
    const wr_json *fmt = wr_json_get(e, "format"), *by = wr_json_get(e, "rejected_by_reason");
    const wr_json *tr = wr_json_get(e, "trailer");
    if (!role || role->type != WR_JSON_STRING || strcmp(role->text, s->role) != 0 || !name ||
        name->type != WR_JSON_STRING || strcmp(name->text, s->name) != 0 ||
        !digest_of(e, &s->size, s->xxh3) || !fmt || !by || by->type != WR_JSON_OBJECT || !tr)
        return bad_summary(g, g->sidecar);
    if (fmt->type == WR_JSON_OBJECT) {
        const wr_json *fname = wr_json_get(fmt, "file");
        if (!fname || fname->type != WR_JSON_STRING || !fname->text[0] ||
            !digest_of(fmt, &s->format_size, s->format_xxh3))
            return bad_summary(g, g->sidecar);
        if (!wr_report_set_format_name(s, fname->text))
            return wr_error_nomem(g->err, NULL);
    } else if (fmt->type != WR_JSON_NULL) {
        return bad_summary(g, g->sidecar);
    }
    uint64_t sum = 0;
    for (const wr_json *r = by->child; r; r = r->next) {
        int k = 1;
        while (k < WR_N_REASONS && strcmp(wr_reject_reason_name(k), r->key) != 0)
            k++;
        if (k == WR_N_REASONS || r->type != WR_JSON_NUMBER || !r->is_u64 || r->u64 == 0)
            return bad_summary(g, g->sidecar);
        s->rejected_by_reason[k] = r->u64;
        sum += r->u64;
    }
    if (sum != s->rejected)
        return bad_summary(g, g->sidecar);
    if (tr->type == WR_JSON_NULL)
        return 0;
    const wr_json *checked = wr_json_get(tr, "total_checked");
    if (tr->type != WR_JSON_OBJECT || !num(tr, "rows", &s->trailer_rows) || !checked ||
        checked->type != WR_JSON_BOOL)
        return bad_summary(g, g->sidecar);
    s->trailer_has_total = wr_json_get(tr, "total") != NULL;
    if (s->trailer_has_total && !money(tr, "total", &s->trailer_total_fen))
        return bad_summary(g, g->sidecar);
    s->trailer = checked->truth || !s->trailer_has_total ? WR_TRAILER_OK
                                                         : WR_TRAILER_TOTAL_UNCHECKED;
    return 0;
}

/* summary.json's "options" (D210). */
typedef struct {
    int64_t tolerance_fen, large_payment_fen, list_worker_fen, list_total_fen;
    uint64_t warn_days;
} run_options;

static bool options_of(const wr_json *summary, run_options *o)
{
    const wr_json *j = wr_json_get(summary, "options");
    return j && money(j, "tolerance", &o->tolerance_fen) &&
           money(j, "large_payment", &o->large_payment_fen) &&
           money(j, "list_worker_amount", &o->list_worker_fen) &&
           money(j, "list_total_amount", &o->list_total_fen) &&
           num(j, "warn_days", &o->warn_days) && o->warn_days <= INT32_MAX;
}

/* The inputs as the partition read them (the parts read part files) and
 * its options. 0 or an error code. */
static int merge_quality(merger *g, wr_report *rep)
{
    const wr_json *in = wr_json_get(g->partition, "inputs"), *e = in ? in->child : NULL;
    run_options o;
    if (!in || in->type != WR_JSON_ARRAY || !options_of(g->partition, &o))
        return bad_summary(g, g->sidecar);
    for (size_t i = 0; i < rep->n_files; i++, e = e->next) {
        if (!e)
            return bad_summary(g, g->sidecar);
        int rc = input_entry(g, e, &rep->files[i]);
        if (rc)
            return rc;
    }
    if (e)
        return bad_summary(g, g->sidecar);
    rep->tolerance_fen = o.tolerance_fen;
    rep->large_payment_fen = o.large_payment_fen;
    rep->list_worker_fen = o.list_worker_fen;
    rep->list_total_fen = o.list_total_fen;
    rep->warn_days = (int)o.warn_days;
    return 0;
}

/* Every part must have run with the partition's options (D211). */
static int same_options(merger *g)
{
    run_options o, part;
    if (!options_of(g->partition, &o))
        return bad_summary(g, g->sidecar);
    for (size_t k = 0; k < g->n; k++) {
        if (!options_of(g->parts[k].summary, &part))
            return bad_summary(g, g->parts[k].out);
        if (memcmp(&part, &o, sizeof o) != 0)
            return wr_errorf(g->err, WR_EINPUT,
                             "%s: run with other options (tolerance, --large-payment, list "
                             "amounts, --warn-days) than the partition's", g->parts[k].out);
    }
    return 0;
}

/* payments_by_status: the partition's list (order = first seen); its
 * total rows and amount must be the parts' totals. */
static int merge_statuses(merger *g, wr_vec *statuses)
{
    uint64_t rows[2] = {0, 0};
    int64_t amount[2] = {0, 0};
    bool overflow = false;
    for (size_t k = 0; k <= g->n; k++) {
        const wr_json *s = k < g->n ? g->parts[k].summary : g->partition;
        const wr_json *by = wr_json_get(s, "payments_by_status");
        if (!by || by->type != WR_JSON_OBJECT)
            return bad_summary(g, k < g->n ? g->parts[k].out : g->sidecar);
        for (const wr_json *w = by->child; w; w = w->next) {
            wr_status_count c = {w->key, 0, 0};
            if (!num(w, "rows", &c.rows) || !money(w, "amount", &c.amount_fen))
                return bad_summary(g, k < g->n ? g->parts[k].out : g->sidecar);
            rows[k == g->n] += c.rows;
            amount[k == g->n] = wr_add_fen(amount[k == g->n], c.amount_fen, &overflow);
            wr_status_count *out = k == g->n ? wr_vec_push(statuses) : &c;
            if (!out)
                return wr_error_nomem(g->err, NULL);
            *out = c;
        }
    }
    check(g, rows[0] == rows[1] && amount[0] == amount[1] && !overflow,
          "payments by status: the parts' rows or amounts != the partition's");
    return 0;
}

/* Counted payments and bucket paid: sums of the parts'. */
static int merge_payments(merger *g, wr_summary *sum, bool *overflow)
{
    for (size_t k = 0; k < g->n; k++) {
        const wr_json *s = g->parts[k].summary;
        const wr_json *cp = wr_json_get(s, "counted_payments");
        const wr_json *ct = wr_json_get(s, "control_totals");
        const wr_json *matched = wr_json_get(cp, "matched"), *unmatched = wr_json_get(cp, "unmatched");
        uint64_t rows, m_rows, u_rows;
        int64_t counted, bucket, m_fen, u_fen;
        if (!num(cp, "rows", &rows) || !money(cp, "amount", &counted) ||
            !money(ct, "bucket_paid", &bucket) || !num(matched, "rows", &m_rows) ||
            !money(matched, "amount", &m_fen) || !num(unmatched, "rows", &u_rows) ||
            !money(unmatched, "amount", &u_fen))
            return bad_summary(g, g->parts[k].out);
        sum->counted_rows += rows;
        sum->checks.matched_rows += m_rows;
        sum->checks.unmatched_rows += u_rows;
        sum->checks.matched_fen = wr_add_fen(sum->checks.matched_fen, m_fen, overflow);
        sum->checks.unmatched_fen = wr_add_fen(sum->checks.unmatched_fen, u_fen, overflow);
        sum->checks.counted_fen = wr_add_fen(sum->checks.counted_fen, counted, overflow);
        sum->checks.bucket_paid_fen = wr_add_fen(sum->checks.bucket_paid_fen, bucket, overflow);
    }
    wr_checks *c = &sum->checks;
    c->payments_ok = c->counted_fen == c->bucket_paid_fen;
    c->matched_ok = c->matched_rows + c->unmatched_rows == sum->counted_rows &&
                    wr_add_fen(c->matched_fen, c->unmatched_fen, overflow) == c->counted_fen;
    return 0;
}

/* Flags per kind: counted in the merge, checked against the parts'. */
static int check_flag_counts(merger *g, const wr_merged_flags *mf, wr_report *rep)
{
    for (int k = 0; k < WR_N_KINDS; k++) {
        uint64_t parts = 0, v;
        for (size_t i = 0; i < g->n; i++) {
            if (!num(wr_json_get(g->parts[i].summary, "flags_by_kind"), wr_kind_name(k), &v))
                return bad_summary(g, g->parts[i].out);
            parts += v;
        }
        /* the kinds that span parts are the merge's own (parts have none) */
        check(g, parts == (wr_is_agg_kind(k) ? 0 : mf->by_kind[k]),
              "flags per kind != the parts' sums");
        rep->flags_by_kind[k] = mf->by_kind[k];
    }
    for (int sev = 0; sev < 3; sev++)
        rep->flags_by_severity[sev] = mf->by_severity[sev];
    return 0;
}

/* The run's period and as-of, the same in every part and the partition. */
static int run_dates(merger *g, wr_summary *sum)
{
    for (size_t k = 0; k <= g->n; k++) {
        const wr_json *s = k < g->n ? g->parts[k].summary : g->partition;
        const wr_json *as_of = wr_json_get(s, "as_of"), *periods = wr_json_get(s, "periods");
        wr_day day;
        wr_month from, to;
        if (!as_of || as_of->type != WR_JSON_STRING || !periods || !periods->child ||
            !periods->child->next || periods->child->type != WR_JSON_STRING ||
            periods->child->next->type != WR_JSON_STRING ||
            !wr_parse_date_text(as_of->text, &day) ||
            !wr_parse_period_text(periods->child->text, &from) ||
            !wr_parse_period_text(periods->child->next->text, &to))
            return bad_summary(g, k < g->n ? g->parts[k].out : g->sidecar);
        if (k > 0 && (day != sum->as_of || from != sum->from || to != sum->to))
            return wr_errorf(g->err, WR_EINPUT, "%s: a run of other dates than the partition's",
                             g->parts[k].out);
        sum->as_of = day;
        sum->from = from;
        sum->to = to;
    }
    return 0;
}

/* Part 1's copy of projects, read by the library: employer names. */
static int load_projects(merger *g, wr_model *pm)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/projects.csv.zst", g->parts[0].dir);
    char fmt[4200]; /* a descriptor the partition copied beside it, values written in */
    snprintf(fmt, sizeof fmt, "%s/projects.fmt", g->parts[0].dir);
    wr_format_ref ref = {.path = fmt};
    return wr_read_input(pm, &wr_projects_input, path, access(fmt, R_OK) == 0 ? &ref : NULL,
                         g->err);
}

/* The merge's own flags (merge_agg.c) in flags.csv order, as flags.csv
 * and flags.jsonl text in two temporary files for the k-way merge, and
 * their rows of report.html's flags table (rendered as the run renders
 * them: an agg flag's row needs nothing but the flag). */
static int compare_agg(const void *a, const void *b, void *ctx) /* ctx: the merged model */
{
    const wr_model *agg_sort_model = ctx;
    const wr_flag *x = a, *y = b;
    const wr_agg_flag_record *ra = WR_AT(agg_sort_model->agg_flags, wr_agg_flag_record, x->ref);
    const wr_agg_flag_record *rb = WR_AT(agg_sort_model->agg_flags, wr_agg_flag_record, y->ref);
    int c = strcmp(ra->project_id, rb->project_id);
    if (!c) /* worker_id is empty in every agg flag */
        c = (ra->period > rb->period) - (ra->period < rb->period);
    if (!c)
        c = strcmp(wr_kind_name(ra->kind), wr_kind_name(rb->kind));
    return c ? c : strcmp(x->id, y->id);
}

static bool agg_flags(merger *g, const wr_model *aggm, FILE *csv, FILE *jsonl,
                      wr_merged_page *page)
{
    size_t n = aggm->agg_flags.len;
    wr_flag *fl = calloc(n + 1, sizeof *fl);
    if (!fl)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        const wr_agg_flag_record *a = WR_AT(aggm->agg_flags, wr_agg_flag_record, i);
        fl[i] = (wr_flag){.kind = a->kind, .severity = a->severity, .ref = i};
        wr_agg_flag_id(a, fl[i].id);
    }
    if (n > 1)
        qsort_r(fl, n, sizeof *fl, compare_agg, (void *)aggm);
    for (int c = 0; c < WR_FLAG_COLUMNS; c++)
        fprintf(csv, "%s%s", c ? "," : "", wr_flag_column_names[c]);
    fputc('\n', csv);
    const wr_report_words *w = wr_report_words_for(page->lang);
    wr_report_flag_list l = {0};
    bool ok = true;
    wr_buf line = {0};
    for (size_t i = 0; i < n && ok; i++) {
        wr_flag_cells cells;
        wr_flag_render(aggm, &fl[i], &cells);
        line.len = 0; /* parts never run with --excel */
        if (!(ok = wr_flag_cells_csv(&line, &cells, false)))
            break;
        fwrite(line.p, 1, line.len, csv);
        line.len = 0;
        if (!(ok = wr_flag_cells_jsonl(&line, &cells)))
            break;
        fwrite(line.p, 1, line.len, jsonl);
        char *key = NULL, *html = NULL;
        size_t key_len, html_len;
        FILE *kf = open_memstream(&key, &key_len), *hf = open_memstream(&html, &html_len);
        if (kf)
            wr_report_flag_key(kf, aggm, &fl[i], &cells);
        bool row_ok = hf && wr_report_flag_row(hf, aggm, &fl[i], &cells, &l, w);
        ok = kf && row_ok;
        if (kf)
            ok = wr_memstream_close(kf, &key) && ok;
        if (hf)
            ok = wr_memstream_close(hf, &html) && ok;
        wr_page_row *row = ok ? wr_vec_push(&page->flag_rows) : NULL;
        if (row) {
            row->kind = fl[i].kind;
            row->rank = 0;
            page->flags_by_kind[fl[i].kind]++;
            row->key = wr_arena_strndup(&g->arena, key, key_len);
            row->html = wr_arena_strndup(&g->arena, html, html_len);
            ok = row->key && row->html;
        } else {
            ok = false;
        }
        free(key);
        free(html);
    }
    page->flags += n;
    free(fl);
    free(line.p);
    ok = ok && fflush(csv) == 0 && fflush(jsonl) == 0 && !ferror(csv) && !ferror(jsonl);
    rewind(csv);
    rewind(jsonl);
    return ok;
}

static int copy_file(const char *path, FILE *out, wr_error *err)
{
    errno = 0;
    FILE *f = fopen(path, "rb");
    char buf[65536];
    size_t n;
    while (f && (n = fread(buf, 1, sizeof buf, f)) > 0)
        fwrite(buf, 1, n, out);
    bool ok = f && !ferror(f);
    int e = errno;
    if (f)
        fclose(f);
    if (ok)
        return 0;
    return e == ENOMEM ? wr_error_nomem(err, "reading a part's file")
                           : wr_errorf(err, WR_EINPUT, "%s: cannot read", path);
}

static wr_status merge_into(merger *g, const char *out_dir, wr_report *rep)
{
    wr_options popt = {0};  /* no --project: every project known */
    wr_report scratch = {0};
    wr_model projects, aggm; /* aggm: the merge's own flags (agg_flags) */
    wr_model_init(&projects, &popt, &scratch);
    wr_model_init(&aggm, &popt, &scratch);
    wr_vec list_employers;
    wr_vec_init(&list_employers, sizeof(const char *));
    FILE *agg_csv = tmpfile(), *agg_jsonl = tmpfile();
    wr_summary sum = {.report = rep};
    wr_vec statuses;
    wr_merged_flags mf = {0};
    wr_merged_page page = {0};
    wr_vec ledger;
    wr_report_sup_init(&page.sup);
    mf.sup = &page.sup;
    wr_vec_init(&page.flag_rows, sizeof(wr_page_row));
    wr_vec_init(&page.calendar_rows, sizeof(wr_page_row));
    wr_vec_init(&ledger, sizeof(wr_ledger_row));
    wr_vec_init(&statuses, sizeof(wr_status_count));
    wr_vec_init(&mf.cases, sizeof(wr_case_flag));
    wr_vec_init(&mf.arrears_employers, sizeof(const char *));
    wr_vec_init(&mf.arrears_workers, sizeof(const char *));
    bool overflow = false;
    int rc = run_dates(g, &sum);
    if (!rc)
        rc = merge_files(g, rep);
    if (!rc)
        rc = merge_quality(g, rep);
    if (!rc)
        rc = merge_statuses(g, &statuses);
    if (!rc)
        rc = merge_payments(g, &sum, &overflow);
    if (!rc)
        rc = load_projects(g, &projects);
    if (!rc && !num(g->partition, "rejects", &sum.rejects))
        rc = bad_summary(g, g->sidecar);
    if (!rc)
        rc = wr_merge_page_rows(g->rows, g->outs, g->n, &page, g->err);
    if (!rc)
        rc = same_options(g);
    if (!rc)
        rc = wr_merge_agg(g->outs, g->n, g->sidecar, &projects, &g->arena, sum.as_of, sum.from,
                          sum.to, &aggm.agg_flags, rep, g->err);
    if (!rc && (!agg_csv || !agg_jsonl || !agg_flags(g, &aggm, agg_csv, agg_jsonl, &page) ||
                !wr_supervision_summary(&aggm.agg_flags, rep, &list_employers)))
        rc = wr_error_nomem(g->err, "(or no temporary file) for the merge's own flags");
    sum.list_employers = list_employers.data;
    sum.n_list_employers = list_employers.len;
    wr_status st = (wr_status)rc;
    wr_outset out;
    bool out_open = false;
    FILE *fc = NULL, *fj = NULL, *f;
    if (st == WR_OK && !(out_open = wr_outset_init(&out, out_dir, g->err)))
        st = WR_EOUTPUT;
    if (st == WR_OK && (!(fc = wr_outset_open(&out, "flags.csv", g->err)) ||
                        !(fj = wr_outset_open(&out, "flags.jsonl", g->err))))
        st = WR_EOUTPUT;
    if (st == WR_OK) {
        int rc = wr_merge_flags((const char *const *)g->outs, g->n, agg_csv, agg_jsonl, fc, fj,
                                &projects, &g->arena, &mf, g->err);
        st = rc ? (wr_status)rc : WR_OK;
    }
    if (st == WR_OK)
        st = (wr_status)check_flag_counts(g, &mf, rep);
    if (st == WR_OK && !(f = wr_outset_open(&out, "ledger.csv", g->err)))
        st = WR_EOUTPUT;
    if (st == WR_OK)
        st = (wr_status)wr_merge_ledger((const char *const *)g->outs, g->n, f,
                                        &sum.checks.ledger_arrears_fen, &overflow, &projects,
                                        &ledger, g->err);
    if (st == WR_OK && !(f = wr_outset_open(&out, "cases.jsonl", g->err)))
        st = WR_EOUTPUT;
    if (st == WR_OK && !wr_write_cases(f, sum.from, sum.to, mf.cases.data, mf.cases.len, rep)) {
        st = wr_error_nomem(g->err, "writing cases.jsonl");
    }
    char path[4300];
    snprintf(path, sizeof path, "%s/rejects.csv", g->sidecar);
    if (st == WR_OK && !(f = wr_outset_open(&out, "rejects.csv", g->err)))
        st = WR_EOUTPUT;
    if (st == WR_OK)
        st = (wr_status)copy_file(path, f, g->err);
    if (st == WR_OK) {
        /* The headline (D21) and the last control totals. */
        rep->employers_in_arrears =
            wr_sort_count_distinct(mf.arrears_employers.data, mf.arrears_employers.len);
        rep->workers_in_arrears =
            wr_sort_count_distinct(mf.arrears_workers.data, mf.arrears_workers.len);
        rep->arrears_fen = sum.checks.ledger_arrears_fen;
        sum.checks.flag_arrears_fen = mf.arrears_fen;
        sum.checks.arrears_ok = sum.checks.ledger_arrears_fen == sum.checks.flag_arrears_fen;
        sum.checks.rows_ok = wr_rows_identity_holds(rep);
        sum.statuses = statuses.data;
        sum.n_statuses = statuses.len;
        rep->as_of_day = sum.as_of;
        rep->from_month = sum.from;
        rep->to_month = sum.to;
        /* D210: what the terminal and the page show, as one run's */
        if (!wr_report_set_statuses(rep, statuses.data, statuses.len)) {
            st = wr_error_nomem(g->err, "copying the payment status words");
        } else if (overflow || mf.overflow) {
            st = wr_errorf(g->err, WR_EINPUT,
                           "amounts too large to add exactly (a sum left int64 fen)");
        }
    }
    if (st == WR_OK) {
        check(g, sum.checks.rows_ok, "rows: data != used + out of scope + rejected");
        check(g, sum.checks.payments_ok, "counted payments != bucket paid");
        check(g, sum.checks.matched_ok, "counted payments != matched + unmatched");
        check(g, sum.checks.arrears_ok, "ledger arrears != flag shortfall");
        uint64_t merged_flags = 0;
        for (int k = 0; k < WR_N_KINDS; k++)
            merged_flags += mf.by_kind[k];
        check(g, page.flags == merged_flags, "report rows: the parts' flags != the merged flags");
        if (g->check_failed) {
            st = wr_errorf(g->err, WR_ESELFCHECK,
                           "merge self-check failed: %s",
                           g->check_msg);
        }
    }
    if (st == WR_OK && !(f = wr_outset_open(&out, "summary.json", g->err)))
        st = WR_EOUTPUT;
    if (st == WR_OK)
        wr_write_summary(f, &sum);
    if (st == WR_OK && !(f = wr_outset_open(&out, "report.html", g->err)))
        st = WR_EOUTPUT;
    if (st == WR_OK) {
        const wr_report_page top = {page.lang, sum.from, sum.to, sum.as_of,
                                    page.project_filter, page.n_project_filter, rep,
                                    &projects.projects, &page.sup};
        if (!wr_write_merged_report(f, &page, &top, &ledger)) {
            st = wr_error_nomem(g->err, "writing report.html");
        }
    }
    if (st == WR_OK && !wr_outset_commit(&out, g->err))
        st = WR_EOUTPUT;
    if (st != WR_OK && out_open)
        wr_outset_abort(&out);
    wr_model_free(&projects);
    wr_model_free(&aggm);
    wr_report_free(&scratch);
    wr_vec_free(&list_employers);
    if (agg_csv)
        fclose(agg_csv);
    if (agg_jsonl)
        fclose(agg_jsonl);
    wr_vec_free(&statuses);
    wr_vec_free(&ledger);
    wr_vec_free(&page.flag_rows);
    wr_vec_free(&page.calendar_rows);
    wr_report_sup_free(&page.sup);
    wr_vec_free(&mf.cases);
    wr_vec_free(&mf.arrears_employers);
    wr_vec_free(&mf.arrears_workers);
    return st;
}

/* The real path of dir, or of its parent joined with its last name when
 * dir does not exist yet; false when neither resolves. */
static bool real_out(const char *dir, char *buf)
{
    if (realpath(dir, buf))
        return true;
    char parent[PATH_MAX], real[PATH_MAX];
    snprintf(parent, sizeof parent, "%s", dir);
    size_t n = strlen(parent);
    while (n > 1 && parent[n - 1] == '/')
        parent[--n] = '\0';
    char *slash = strrchr(parent, '/');
    const char *base = slash ? slash + 1 : parent, *up = ".";
    if (slash == parent)
        up = "/";
    else if (slash) {
        *slash = '\0';
        up = parent;
    }
    if (!realpath(up, real))
        return false;
    return snprintf(buf, PATH_MAX, "%s/%s", strcmp(real, "/") ? real : "", base) < PATH_MAX;
}

/* DECISIONS D93: --out may not be an input's out folder, its part folder
 * or anything inside them (the merge would write over what it reads). */
static int out_outside_inputs(const char *const *out_dirs, size_t n, const char *out_dir,
                              wr_error *err)
{
    char out[PATH_MAX], in[PATH_MAX];
    if (!real_out(out_dir, out))
        return 0; /* the output folder's own checks name it */
    for (size_t i = 0; i < n; i++) {
        if (!realpath(out_dirs[i], in))
            continue; /* load_parts names it */
        for (int up = 0; up < 2; up++) { /* the out folder, then its part folder */
            size_t len = strlen(in);
            if (strncmp(out, in, len) == 0 && (out[len] == '\0' || out[len] == '/' || len == 1))
                return wr_errorf(err, WR_EINPUT,
                                 "--out %s is inside the input %s; refused (DECISIONS D93)",
                                 out_dir, in);
            char *slash = strrchr(in, '/');
            if (!slash || slash == in)
                break;
            *slash = '\0';
        }
    }
    return 0;
}

wr_status wr_merge(const char *const *out_dirs, size_t n, const char *out_dir,
                   wr_report *report, wr_error *err)
{
    if (report) /* zeroed first, so wr_report_free is safe after any return */
        memset(report, 0, sizeof *report);
    if (!report || !err)
        return WR_EUSAGE;
    err->message[0] = '\0';
    if (!out_dirs || !out_dir)
        return wr_errorf(err, WR_EUSAGE, "merge: no output folders or no out_dir");
    for (size_t i = 0; i < n; i++)
        if (!out_dirs[i])
            return wr_errorf(err, WR_EUSAGE, "merge: a NULL output folder");
    if (n == 0 || n > WR_MAX_PARTS) {
        return wr_errorf(err, WR_EINPUT,
                         "give the out folders of 1-%d parts",
                         WR_MAX_PARTS);
    }
    merger g = {.n = n, .err = err};
    wr_arena_init(&g.arena);
    g.parts = calloc(n, sizeof *g.parts);
    g.outs = calloc(n, sizeof *g.outs);
    g.rows = calloc(n, sizeof *g.rows);
    wr_status st = g.parts && g.outs && g.rows ? WR_OK : wr_error_nomem(err, NULL);
    if (st == WR_OK)
        st = (wr_status)out_outside_inputs(out_dirs, n, out_dir, err);
    if (st == WR_OK)
        st = (wr_status)load_parts(&g, out_dirs);
    if (st == WR_OK)
        st = merge_into(&g, out_dir, report);
    free(g.parts);
    free(g.outs);
    free(g.rows);
    wr_arena_free(&g.arena);
    if (st == WR_OK && report->flags_by_severity[SEV_HIGH] > 0)
        st = WR_HIGH_FLAGS;
    return st;
}
