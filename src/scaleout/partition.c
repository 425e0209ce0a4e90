/*
 * wr_partition: splits one run's inputs into N self-contained input sets
 * ("parts") so that `wagerecon run` on each part, merged by wr_merge, gives
 * the single run's outputs byte for byte (docs/SCALE_OUT.md).
 *
 * The inputs are read once, in the run's order (DECISIONS D1), through the
 * run's own input driver and column parsers, so every row meets the same
 * fate it meets in a run:
 *   - rejected, or out of scope: decided here, counted, and the reject
 *     recorded with its ORIGINAL file name and line; the row goes nowhere.
 *     Part 1 keeps these (partition/summary.json, partition/rejects.csv).
 *   - used: re-written (its fields joined back as CSV) into exactly one
 *     part, in read order. The part re-reads it as the same fields.
 * Routing: a worker's contract and attendance rows go to the part of
 * XXH3-64 of the normalised worker id (high 32 bits scaled to N, so the
 * parts' own hash tables, which index by the low bits, stay balanced).
 * Payments: every row of an (account, txn_id) goes to the part of the
 * payee of the pair's FIRST row read, so duplicate detection (RULES 4.5)
 * happens where the counted row is; payments to an account that is no
 * project's wage account go by the account (UNKNOWN_ACCOUNT is per
 * account). Reference inputs (projects, holidays, min_wage) are copied
 * whole into every part. Contracts keep their original line numbers
 * (blank lines fill the gaps; blank lines are not rows, D28) because
 * CONTRACT_OVERLAP names contract lines (D19).
 */
#include <dirent.h>
#include <inttypes.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/observer.h"
#include "../core/options.h"
#include "../formats/format.h"
#include "../inputs/input.h"
#include "../io/infile.h"
#include "../io/digest.h"
#include "../io/outfile.h"
#include "../io/zoutfile.h"
#include "../outputs/outputs.h"
#include "../types/buf.h"
#include "../types/error.h"
#include "../types/money.h"
#include "scaleout.h"

/* The part of the first row of a known account's (account, txn_id). */
typedef struct {
    uint32_t project; /* the account's project (accounts are unique, D4) */
    uint32_t part;
    const char *txn_id;
} txn_route;

typedef struct {
    uint32_t project;
    wr_str txn_id;
} txn_key;

typedef struct {
    wr_model m;            /* its observer is this partitioner's */
    wr_row_observer observer; /* ctx: the partitioner; on_row: note_row */
    const wr_row *row;     /* the row being handled (note_row) */
    uint32_t n_parts;
    char root[4096];       /* the partition being built, renamed at the end */
    wr_zout **out;         /* the current input's file in every part */
    uint64_t *next_line;   /* line the next byte of each part's file starts */
    bool keep_lines;       /* contracts: rows keep their original line */
    bool write_failed;
    wr_vec routes;         /* txn_route */
    wr_table route_by_key;
    wr_buf row_buf;        /* join_row's line */
    wr_error *err;
} partitioner;

/* The partitioner whose model m is: the handlers below get the model. */
static partitioner *of(const wr_model *m)
{
    return m->observer->ctx;
}

/* The row observer's on_row: the row the handler will route. */
static void note_row(void *ctx, uint32_t file, const wr_row *row)
{
    (void)file;
    ((partitioner *)ctx)->row = row;
}

/* RULES 3 ids are normalised by the parser; the part of a key. */
static uint32_t part_of(const partitioner *p, wr_str key)
{
    uint64_t h = wr_hash_bytes(key.p, key.n);
    return (uint32_t)(((h >> 32) * p->n_parts) >> 32);
}

/* ---- part files ---- */

static int open_outputs(partitioner *p, const char *name)
{
    for (uint32_t k = 0; k < p->n_parts; k++) {
        char path[4200];
        wr_part_dir(path, sizeof path, p->root, k + 1);
        size_t n = strlen(path);
        snprintf(path + n, sizeof path - n, "/%s", name);
        p->next_line[k] = 1;
        int rc = wr_zout_open(path, &p->out[k], p->err);
        if (rc)
            return rc;
    }
    return 0;
}

/* Closes the current input's file in every part: 0, or the first
 * failure's code (wr_zout_close) with its message in *err. */
static int close_outputs(partitioner *p, wr_error *err)
{
    int rc = 0;
    for (uint32_t k = 0; k < p->n_parts; k++) {
        int closed = wr_zout_close(p->out[k], rc ? &(wr_error){{0}} : err);
        rc = rc ? rc : closed;
        p->out[k] = NULL;
    }
    return rc;
}

static void write_part(partitioner *p, uint32_t k, const char *s, size_t n)
{
    if (!wr_zout_write(p->out[k], s, n))
        p->write_failed = true;
    if (p->keep_lines)
        for (const char *e = s + n; (s = memchr(s, '\n', (size_t)(e - s))) != NULL; s++)
            p->next_line[k]++;
}

/* The row's fields as one CSV line plus LF, in p->row_buf.p; its length
 * (0: out of memory). */
static size_t join_row(partitioner *p, const wr_row *row)
{
    if (!wr_buf_reserve(&p->row_buf, wr_row_csv_bound(row) + 1))
        return 0;
    size_t n = wr_row_csv(row, p->row_buf.p);
    p->row_buf.p[n++] = '\n';
    return n;
}

/* on_header of the routed inputs: every part gets the header. */
static int write_header(wr_model *m, const wr_row *header)
{
    partitioner *p = of(m);
    size_t n = join_row(p, header);
    if (!n) {
        return wr_error_nomem(p->err, NULL);
    }
    for (uint32_t k = 0; k < p->n_parts; k++)
        write_part(p, k, p->row_buf.p, n);
    return 0;
}

/* Writes the row being read into part k. */
static wr_row_outcome emit(partitioner *p, uint32_t k)
{
    const wr_row *row = p->row;
    size_t n = join_row(p, row);
    if (!n)
        return ROW_NOMEM;
    static const char blank[256] = {[0 ... 255] = '\n'}; /* GNU range: 256 line ends */
    while (p->keep_lines && p->next_line[k] < row->line) {
        uint64_t gap = row->line - p->next_line[k];
        write_part(p, k, blank, gap < sizeof blank ? (size_t)gap : sizeof blank);
    }
    write_part(p, k, p->row_buf.p, n);
    return p->write_failed ? ROW_NOMEM : ROW_USED;
}

/* ---- routing: the same scope decisions as the run's handlers ---- */

static wr_row_outcome route_contract(wr_model *m, int shape, const wr_value *v,
                                     wr_reason *reason, int *bad_spec)
{
    (void)shape;
    partitioner *p = of(m);
    uint32_t project;
    wr_row_outcome o = wr_input_project(m, v[C_PROJECT].text, C_PROJECT, &project, reason,
                                        bad_spec);
    return o == ROW_USED ? emit(p, part_of(p, v[C_WORKER].text)) : o;
}

static wr_row_outcome route_attendance(wr_model *m, int shape, const wr_value *v,
                                       wr_reason *reason, int *bad_spec)
{
    (void)shape;
    partitioner *p = of(m);
    uint32_t project;
    wr_row_outcome o = wr_attendance_scope(m, v, &project, reason, bad_spec);
    return o == ROW_USED ? emit(p, part_of(p, v[A_WORKER].text)) : o;
}

static bool route_eq(const void *ctx, uint32_t i, const void *key)
{
    const txn_route *r = WR_AT(((const partitioner *)ctx)->routes, txn_route, i);
    const txn_key *k = key;
    return r->project == k->project && wr_cstr_eq(r->txn_id, k->txn_id);
}

/* RULES 4.5: the part of the pair's first row read (its payee's part). */
static bool txn_part(partitioner *p, uint32_t project, wr_str txn_id, wr_str payee,
                     uint32_t *part)
{
    txn_key k = {project, txn_id};
    uint32_t next = (uint32_t)p->routes.len;
    uint64_t h = wr_hash_bytes(txn_id.p, txn_id.n) ^ wr_hash_u64(project);
    uint32_t i = wr_table_intern(&p->route_by_key, h, &k, route_eq, p, next);
    if (i == WR_NONE)
        return false;
    if (i == next) {
        txn_route *r = wr_vec_push(&p->routes);
        if (!r || !(r->txn_id = wr_model_strdup(&p->m, txn_id)))
            return false;
        r->project = project;
        r->part = part_of(p, payee);
    }
    *part = WR_AT(p->routes, txn_route, i)->part;
    return true;
}

static wr_row_outcome route_payment(wr_model *m, int shape, const wr_value *v,
                                    wr_reason *reason, int *bad_spec)
{
    (void)shape;
    (void)reason;
    (void)bad_spec;
    partitioner *p = of(m);
    uint32_t project, part;
    if (wr_payment_scope(m, v, &project) != ROW_USED)
        return ROW_OUT_OF_SCOPE;
    if (!wr_count_payment_status(m, v[Y_STATUS].text, v[Y_AMOUNT].num))
        return ROW_NOMEM;
    if (project == WR_NONE)
        part = part_of(p, v[Y_ACCOUNT].text); /* UNKNOWN_ACCOUNT is per account */
    else if (!txn_part(p, project, v[Y_TXN].text, v[Y_PAYEE].text, &part))
        return ROW_NOMEM;
    return emit(p, part);
}

/* Reads one routed input into the parts' file `name`. */
static int route_input(partitioner *p, const wr_input_kind *kind,
                       wr_row_outcome (*route)(wr_model *, int, const wr_value *, wr_reason *,
                                               int *),
                       const char *path, const wr_format_ref *format, const char *name)
{
    wr_input_kind k = *kind; /* same role and columns, routing handler */
    k.handle = route;
    k.on_header = write_header;
    p->keep_lines = kind == &wr_contracts_input;
    p->write_failed = false;
    int rc = open_outputs(p, name);
    if (rc) {
        close_outputs(p, &(wr_error){{0}}); /* open_outputs said why */
        return rc;
    }
    rc = wr_read_input(&p->m, &k, path, format, p->err);
    wr_error close_err;
    int closed = close_outputs(p, &close_err);
    /* a write failure explains itself better than emit's ROW_NOMEM */
    if (closed && (p->write_failed || !rc)) {
        *p->err = close_err;
        return closed;
    }
    return rc;
}

/* A reference input, byte for byte (decompressed), into every part as
 * STEM.csv.zst; its format descriptor, if any, beside it as STEM.fmt with
 * the values of its parameters written in (DECISIONS D47), so the parts
 * and merge read it alone, as the run did: its rows, rejects and counts
 * are the same in every part as here. */
static int copy_input(partitioner *p, const char *path, const wr_format_ref *format,
                      const char *stem)
{
    char name[64];
    snprintf(name, sizeof name, "%s.csv.zst", stem);
    wr_infile *in;
    int rc = wr_infile_open(path, &in, p->err);
    if (rc)
        return rc;
    p->keep_lines = false;
    p->write_failed = false;
    rc = open_outputs(p, name);
    bool ok = !rc;
    const char *data;
    ssize_t got = 0;
    while (ok && (got = wr_infile_read(in, &data, p->err)) > 0)
        for (uint32_t k = 0; k < p->n_parts; k++)
            write_part(p, k, data, (size_t)got);
    wr_infile_close(in);
    wr_error close_err;
    int closed = close_outputs(p, &close_err);
    if (rc || got < 0) /* open_outputs or wr_infile_read said why */
        return rc ? rc : (int)-got;
    if (closed) {
        *p->err = close_err;
        return closed;
    }
    if (!format->path)
        return 0;
    wr_format f;
    char *text = NULL;
    size_t len;
    rc = wr_format_load(&f, format, p->err);
    if (!rc)
        rc = wr_format_resolved_text(&f, &text, &len, p->err);
    wr_format_free(&f);
    snprintf(name, sizeof name, "%s.fmt", stem);
    for (uint32_t k = 1; !rc && k <= p->n_parts; k++) {
        char dir[4200];
        wr_part_dir(dir, sizeof dir, p->root, k);
        rc = wr_write_text_file(dir, name, text, p->err);
    }
    free(text);
    return rc;
}

/* partition/allocation.csv: the run's amounts the merge's rules need,
 * then per covered project and period of the run (RULES 4.6) its
 * statement sums; text in hex, money in fen:
 *   O,tolerance,list_worker_amount,list_total_amount
 *   A,project,YYYY-MM,project due date,opening_in,opening_out,credit */
static void write_allocation(FILE *f, const wr_model *m)
{
    fprintf(f, "O,%" PRId64 ",%" PRId64 ",%" PRId64 "\n", m->opt->tolerance_fen,
            m->list_worker_fen, m->list_total_fen);
    for (size_t i = 0; i < m->projects.len; i++) {
        const wr_project *p = WR_AT(m->projects, wr_project, i);
        const wr_statement *st = p->statement;
        for (uint32_t k = 0; st && k < m->n_periods; k++) {
            char period[8], day[11];
            wr_format_month(m->opt->from_month + (wr_month)k, period);
            wr_format_day(st->due[k], day);
            fputs("A,", f);
            wr_hex_text(f, p->id);
            fprintf(f, ",%s,%s,%" PRId64 ",%" PRId64 ",%" PRId64 "\n", period, day,
                    st->opening_in_fen, st->opening_out_fen, st->credit_fen[k]);
        }
    }
}

/* Part 1's partition/: per-file figures, payments by status, rejects,
 * and the statement's sums. */
static int write_sidecar(partitioner *p)
{
    char dir[4200];
    wr_part_dir(dir, sizeof dir, p->root, 1);
    strcat(dir, "/" WR_PART_SIDECAR);
    const wr_options *o = p->m.opt;
    wr_summary s = {
        .as_of = o->as_of_day, .from = o->from_month, .to = o->to_month,
        .report = p->m.report, .statuses = p->m.statuses.data, .n_statuses = p->m.statuses.len,
        .rejects = p->m.rejects.len,
    };
    s.checks.rows_ok = wr_rows_identity_holds(p->m.report);
    char path[4300];
    bool ok = true;
    static const char *const names[] = {"summary.json", "rejects.csv", "allocation.csv"};
    for (int i = 0; i < 3 && ok; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *f = fopen(path, "w");
        if (f && i == 2)
            write_allocation(f, &p->m);
        else if (f && i)
            wr_write_rejects_csv(f, &p->m);
        else if (f)
            wr_write_summary(f, &s);
        ok = f && !ferror(f);
        if (f && fclose(f) != 0)
            ok = false;
    }
    return ok ? 0 : wr_errorf(p->err, WR_EOUTPUT, "%s: cannot write: %s", path, strerror(errno));
}

/* A --project value goes into `args`, read by `$(cat args)`: it must
 * survive word splitting and globbing. */
static bool arg_is_plain(const char *s)
{
    return *s && !strpbrk(s, " \t\n\r*?[\\'\"");
}

/* The options of the parts' runs; *text is malloc'ed. */
static bool build_args(const wr_options *o, char **text)
{
    size_t len;
    FILE *f = open_memstream(text, &len);
    if (!f)
        return false;
    fprintf(f, "--projects projects.csv.zst%s", o->projects_format.path ? " --projects-format projects.fmt" : "");
    if (o->holidays)
        fprintf(f, " --holidays holidays.csv.zst%s",
                o->holidays_format.path ? " --holidays-format holidays.fmt" : "");
    if (o->min_wage)
        fprintf(f, " --min-wage min_wage.csv.zst%s",
                o->min_wage_format.path ? " --min-wage-format min_wage.fmt" : "");
    fprintf(f, " --contracts contracts.csv.zst");
    for (size_t i = 0; i < o->n_attendance; i++)
        fprintf(f, " --attendance attendance-%02zu.csv.zst", i + 1);
    for (size_t i = 0; i < o->n_payments; i++)
        fprintf(f, " --payments payments-%02zu.csv.zst", i + 1);
    char day[11], from[8], to[8], tol[24];
    wr_format_day(o->as_of_day, day);
    wr_format_month(o->from_month, from);
    wr_format_month(o->to_month, to);
    wr_format_fen(o->tolerance_fen, tol);
    fprintf(f, " --as-of %s", day);
    if (o->as_of_day < wr_month_last_day(o->to_month)) /* D83: accepted here, so there */
        fputs(" --allow-early-as-of", f);
    if (o->from_month == o->to_month)
        fprintf(f, " --period %s", from);
    else
        fprintf(f, " --from %s --to %s", from, to);
    fprintf(f, " --tolerance %s", tol);
    /* RULES 5.3 options, as given (the defaults when not) */
    char large[24], worker[24], total[24];
    wr_format_fen(o->large_payment_set ? o->large_payment_fen : 5000000, large);
    wr_format_fen(o->list_worker_set ? o->list_worker_fen : 500000, worker);
    wr_format_fen(o->list_total_set ? o->list_total_fen : 3000000, total);
    fprintf(f, " --large-payment %s --list-worker-amount %s --list-total-amount %s", large,
            worker, total);
    if (o->warn_days > 0)
        fprintf(f, " --warn-days %d", o->warn_days);
    for (size_t i = 0; i < o->n_project_filter; i++)
        fprintf(f, " --project %s", o->project_filter[i]);
    /* report.html's language, and the rows the merge needs to write it
     * (DECISIONS D48). */
    if (o->lang == WR_LANG_EN)
        fputs(" --lang en", f);
    /* and the facts the merge computes the kinds that span parts from */
    fputs(" --report-rows --part-facts\n", f);
    return wr_memstream_close(f, text);
}

/* Same arguments and same per-file figures: same key. */
static uint64_t partition_key(const char *args, const wr_report *rep)
{
    uint64_t h = wr_hash_bytes(args, strlen(args));
    for (size_t i = 0; i < rep->n_files; i++) {
        const wr_file_stats *s = &rep->files[i];
        h = wr_hash_u64(h ^ s->data_rows) ^ wr_hash_u64(s->used + 3 * s->rejected);
    }
    return h;
}

static int write_part_files(partitioner *p, const char *args)
{
    uint64_t key = partition_key(args, p->m.report);
    int rc = 0;
    for (uint32_t k = 1; !rc && k <= p->n_parts; k++) {
        char dir[4200];
        wr_part_dir(dir, sizeof dir, p->root, k);
        wr_part_manifest man = {key, k, p->n_parts};
        rc = wr_write_text_file(dir, "args", args, p->err);
        if (!rc)
            rc = wr_part_manifest_write(dir, &man, p->err);
    }
    return rc;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

/* --out must be absent or an empty directory; its parent must exist. */
static int check_out_dir(const char *out, wr_error *err)
{
    DIR *d = opendir(out);
    if (!d)
        return errno == ENOENT ? 0 : wr_errorf(err, WR_EINPUT, "--out %s: %s", out, strerror(errno));
    struct dirent *e;
    bool empty = true;
    while (empty && (e = readdir(d)) != NULL)
        empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    closedir(d);
    return empty ? 0
                 : wr_errorf(err, WR_EINPUT,
                             "--out %s: not empty (parts are never written over old parts)", out);
}

static bool make_dirs(partitioner *p)
{
    if (mkdir(p->root, 0777) != 0)
        return false;
    for (uint32_t k = 1; k <= p->n_parts; k++) {
        char dir[4200];
        wr_part_dir(dir, sizeof dir, p->root, k);
        if (mkdir(dir, 0777) != 0)
            return false;
        if (k == 1 && (strcat(dir, "/" WR_PART_SIDECAR), mkdir(dir, 0777) != 0))
            return false;
    }
    return true;
}

static int partition_inputs(partitioner *p, const wr_options *o)
{
    int rc = wr_read_reference_inputs(&p->m, o, p->err);
    if (!rc)
        rc = copy_input(p, o->projects, &o->projects_format, "projects");
    if (!rc && o->holidays)
        rc = copy_input(p, o->holidays, &o->holidays_format, "holidays");
    if (!rc && o->min_wage)
        rc = copy_input(p, o->min_wage, &o->min_wage_format, "min_wage");
    if (!rc)
        rc = route_input(p, &wr_contracts_input, route_contract, o->contracts,
                         &o->contracts_format, "contracts.csv.zst");
    char name[64];
    for (size_t i = 0; i < o->n_attendance && !rc; i++) {
        snprintf(name, sizeof name, "attendance-%02zu.csv.zst", i + 1);
        rc = route_input(p, &wr_attendance_input, route_attendance, o->attendance[i],
                         o->attendance_format ? &o->attendance_format[i] : NULL, name);
    }
    for (size_t i = 0; i < o->n_payments && !rc; i++) {
        snprintf(name, sizeof name, "payments-%02zu.csv.zst", i + 1);
        rc = route_input(p, &wr_payments_input, route_payment, o->payments[i],
                         o->payments_format ? &o->payments_format[i] : NULL, name);
    }
    /* The statement goes to no part: read here with the run's own reader
     * (rejects, scope, duplicates), its per-project sums written to
     * partition/allocation.csv for the merge (docs/SCALE_OUT.md). */
    for (size_t i = 0; i < o->n_account_txns && !rc; i++)
        rc = wr_read_input(&p->m, &wr_account_txns_input, o->account_txns[i],
                           o->account_txns_format ? &o->account_txns_format[i] : NULL, p->err);
    if (!rc && p->m.overflow) {
        rc = wr_errorf(p->err, WR_EINPUT,
                       "amounts too large to add exactly (a sum left int64 fen)");
    }
    return rc;
}

wr_status wr_partition(const wr_options *opt, int parts, wr_report *report, wr_error *err)
{
    wr_status checked = wr_options_begin(opt, report, err);
    if (checked != WR_OK)
        return checked;
    if (parts < 1 || parts > WR_MAX_PARTS) {
        return wr_errorf(err, WR_EINPUT, "--parts wants 1-%d", WR_MAX_PARTS);
    }
    for (size_t i = 0; i < opt->n_project_filter; i++)
        if (!arg_is_plain(opt->project_filter[i])) {
            return wr_errorf(err, WR_EINPUT,
                             "--project '%s': a part's args file cannot carry spaces, quotes "
                             "or * ? [",
                             opt->project_filter[i]);
        }
    int rc = check_out_dir(opt->out_dir, err);
    if (rc)
        return (wr_status)rc;
    partitioner *p = calloc(1, sizeof *p);
    wr_zout **out = calloc((size_t)parts, sizeof *out);
    uint64_t *next_line = calloc((size_t)parts, sizeof *next_line);
    if (!p || !out || !next_line) {
        free(p);
        free(out);
        free(next_line);
        return wr_error_nomem(err, NULL);
    }
    wr_model_init(&p->m, opt, report);
    /* rows are written out again as canonical CSV */
    p->observer = (wr_row_observer){.ctx = p, .needs_row_text = true, .on_row = note_row};
    p->m.observer = &p->observer;
    p->n_parts = (uint32_t)parts;
    p->out = out;
    p->next_line = next_line;
    p->err = err;
    wr_vec_init(&p->routes, sizeof(txn_route));
    size_t n = strlen(opt->out_dir);
    while (n > 1 && opt->out_dir[n - 1] == '/')
        n--;
    snprintf(p->root, sizeof p->root, "%.*s.partial-%d", (int)n, opt->out_dir, (int)getpid());

    char *args = NULL;
    if (!make_dirs(p)) {
        rc = wr_errorf(err, WR_EOUTPUT,
                       "--out %s: cannot create %s: %s",
                       opt->out_dir, p->root, strerror(errno));
    }
    if (!rc)
        rc = partition_inputs(p, opt);
    /* D210: the sizes and digests of the run's inputs, which the merge
     * writes into summary.json and report.html as one run would. */
    if (!rc && !wr_digest_inputs(report, NULL, 0, err))
        rc = WR_EINPUT;
    if (!rc && !build_args(opt, &args)) {
        rc = wr_error_nomem(err, NULL);
    }
    if (!rc)
        rc = write_sidecar(p);
    if (!rc)
        rc = write_part_files(p, args);
    if (!rc && rename(p->root, opt->out_dir) != 0) {
        rc = wr_errorf(err, WR_EOUTPUT,
                       "--out %s: cannot rename %s into place: %s",
                       opt->out_dir, p->root, strerror(errno));
    }
    if (rc)
        nftw(p->root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(args);
    wr_table_free(&p->route_by_key);
    wr_vec_free(&p->routes);
    wr_model_free(&p->m);
    free(p->row_buf.p);
    free(out);
    free(next_line);
    free(p);
    return (wr_status)rc;
}
