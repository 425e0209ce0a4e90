/*
 * The options of an earlier run, read back from its run.json (DECISIONS
 * D160), for `wagerecon explain FLAG_ID --run DIR`: no option typed
 * again. The set DIR shows is taken once (DIR/.wagerecon/current, D92),
 * so run.json and flags.csv come from the same run even while another
 * run publishes. Every input file (and descriptor) must still have the
 * size and XXH3 digest the run recorded: an explanation from changed
 * inputs would not be the evidence of that run's flag.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../io/digest.h"
#include "../io/jsonread.h"
#include "../types/arena.h"
#include "../types/buf.h"
#include "../types/error.h"
#include "../types/limits.h"
#include "wagerecon/explain.h"

/* The arrays opt points at (DECISIONS D242: the caller owns them), in
 * the arena, each with room for every input of run.json (D243: no cap). */
typedef struct {
    const char **paths;
    wr_format_ref *formats;
} role_files;

struct wr_run_record {
    wr_options opt;
    role_files attendance, payments, account_txns;
    const char *project_filter[WR_MAX_PROJECT_FILTER];
    wr_arena arena;
    char out_dir[4100];   /* as given, for messages */
    char dir[4200];       /* where run.json and flags.csv are read */
    char flags_csv[4300];
};

static wr_status bad(wr_run_record *r, wr_error *err, const char *what)
{
    return wr_errorf(err, WR_EINPUT, "%.300s/run.json: %.700s", r->out_dir, what);
}

/* DIR/.wagerecon/<the set current names> when DIR is a published output
 * folder (D92), else DIR itself (a copy made with cp -L). */
static void resolve_set(const char *out_dir, char *dir, size_t n)
{
    char link[4200], target[64];
    snprintf(link, sizeof link, "%s/.wagerecon/current", out_dir);
    ssize_t len = readlink(link, target, sizeof target - 1);
    if (len > 4 && strncmp(target, "set-", 4) == 0 && !memchr(target, '/', (size_t)len)) {
        target[len] = '\0';
        snprintf(dir, n, "%s/.wagerecon/%s", out_dir, target);
    } else {
        snprintf(dir, n, "%s", out_dir);
    }
}

static const char *text_of(const wr_json *obj, const char *key)
{
    const wr_json *v = wr_json_get(obj, key);
    return v && v->type == WR_JSON_STRING ? v->text : NULL;
}

/* Checks a recorded file against the file now: size and digest. */
static wr_status check_file(wr_run_record *r, const wr_json *entry, const char *role,
                            const char **path, wr_error *err)
{
    char msg[900], hex[WR_DIGEST_HEX];
    const char *want = text_of(entry, "xxh3");
    const wr_json *size = wr_json_get(entry, "size");
    *path = text_of(entry, "path");
    if (!*path)
        return bad(r, err, "an input without a path");
    if (!want || !size || !size->is_u64) {
        snprintf(msg, sizeof msg, "%s %.300s was not a regular file when the run read it (a "
                 "pipe): it cannot be checked; give the run's options instead of --run", role,
                 *path);
        return bad(r, err, msg);
    }
    uint64_t got_size;
    wr_error e;
    if (!wr_digest_path(*path, hex, &got_size, &e)) {
        snprintf(msg, sizeof msg, "%s input of the run: %.600s", role, e.message);
        return bad(r, err, msg);
    }
    if (got_size != size->u64 || strcmp(hex, want) != 0) {
        snprintf(msg, sizeof msg,
                 "%s input %.300s changed since the run (recorded: size %llu, XXH3 %.32s; "
                 "now size %llu, XXH3 %s): the run's flags may not be what it gives now; run "
                 "again (DECISIONS D160)",
                 role, *path, (unsigned long long)size->u64, want, (unsigned long long)got_size,
                 hex);
        return bad(r, err, msg);
    }
    return WR_OK;
}

/* One inputs[] entry into the options, in read order (D1). */
static wr_status add_input(wr_run_record *r, const wr_json *entry, wr_error *err)
{
    wr_options *o = &r->opt;
    const char *role = text_of(entry, "role"), *path;
    if (!role)
        return bad(r, err, "an input without a role");
    wr_status st = check_file(r, entry, role, &path, err);
    if (st != WR_OK)
        return st;
    wr_format_ref *fmt = NULL;
    if (strcmp(role, "projects") == 0)
        o->projects = path, fmt = &o->projects_format;
    else if (strcmp(role, "contracts") == 0)
        o->contracts = path, fmt = &o->contracts_format;
    else if (strcmp(role, "min_wage") == 0)
        o->min_wage = path, fmt = &o->min_wage_format;
    else if (strcmp(role, "holidays") == 0)
        o->holidays = path, fmt = &o->holidays_format;
    else if (strcmp(role, "attendance") == 0)
        fmt = &r->attendance.formats[o->n_attendance],
        r->attendance.paths[o->n_attendance++] = path;
    else if (strcmp(role, "payments") == 0)
        fmt = &r->payments.formats[o->n_payments], r->payments.paths[o->n_payments++] = path;
    else if (strcmp(role, "account_txns") == 0)
        fmt = &r->account_txns.formats[o->n_account_txns],
        r->account_txns.paths[o->n_account_txns++] = path;
    else
        return bad(r, err, "an input of an unknown role");
    const wr_json *f = wr_json_get(entry, "format");
    if (!f || f->type == WR_JSON_NULL)
        return WR_OK;
    if ((st = check_file(r, f, "descriptor", &fmt->path, err)) != WR_OK)
        return st;
    const wr_json *values = wr_json_get(f, "values");
    size_t n = 0;
    for (const wr_json *v = values ? values->child : NULL; v; v = v->next)
        n++;
    if (n > WR_MAX_FORMAT_VALUES)
        return bad(r, err, "bad descriptor values");
    const char **vals = n ? wr_arena_alloc(&r->arena, n * sizeof *vals) : NULL;
    if (n && !vals)
        return wr_errorf(err, WR_ENOMEM, "out of memory");
    for (const wr_json *v = values ? values->child : NULL; v; v = v->next) {
        if (v->type != WR_JSON_STRING)
            return bad(r, err, "bad descriptor values");
        vals[fmt->n_values++] = v->text;
    }
    fmt->values = vals;
    return WR_OK;
}

static bool money_of(const wr_json *obj, const char *key, int64_t *fen)
{
    const char *t = text_of(obj, key);
    return t && wr_parse_money_text(t, fen);
}

static bool flag_of(const wr_json *obj, const char *key)
{
    const wr_json *v = wr_json_get(obj, key);
    return v && v->type == WR_JSON_BOOL && v->truth;
}

static wr_status read_options(wr_run_record *r, const wr_json *root, wr_error *err)
{
    wr_options *o = &r->opt;
    const wr_json *opts = wr_json_get(root, "options");
    const wr_json *periods = opts ? wr_json_get(opts, "periods") : NULL;
    const wr_json *projects = opts ? wr_json_get(opts, "projects") : NULL;
    const wr_json *warn = opts ? wr_json_get(opts, "warn_days") : NULL;
    const char *as_of = opts ? text_of(opts, "as_of") : NULL, *lang;
    if (!as_of || !wr_parse_date_text(as_of, &o->as_of_day) || !periods || !periods->child ||
        !periods->child->next || periods->child->type != WR_JSON_STRING ||
        periods->child->next->type != WR_JSON_STRING ||
        !wr_parse_period_text(periods->child->text, &o->from_month) ||
        !wr_parse_period_text(periods->child->next->text, &o->to_month) ||
        !money_of(opts, "tolerance", &o->tolerance_fen) ||
        !money_of(opts, "large_payment", &o->large_payment_fen) ||
        !money_of(opts, "list_worker_amount", &o->list_worker_fen) ||
        !money_of(opts, "list_total_amount", &o->list_total_fen) || !warn || !warn->is_u64 ||
        warn->u64 > 3660 || !projects || projects->type != WR_JSON_ARRAY ||
        !(lang = text_of(opts, "lang")))
        return bad(r, err, "options missing or malformed");
    o->large_payment_set = o->list_worker_set = o->list_total_set = true;
    o->warn_days = (int)warn->u64;
    o->lang = strcmp(lang, "en") == 0 ? WR_LANG_EN : WR_LANG_ZH;
    o->rejects_raw = flag_of(opts, "rejects_raw");
    o->report_rows = flag_of(opts, "report_rows");
    o->part_facts = flag_of(opts, "part_facts");
    o->csv_bom = flag_of(opts, "csv_bom");
    o->excel = flag_of(opts, "excel");
    for (const wr_json *p = projects->child; p; p = p->next) {
        if (p->type != WR_JSON_STRING || o->n_project_filter == WR_MAX_PROJECT_FILTER)
            return bad(r, err, "bad options.projects");
        r->project_filter[o->n_project_filter++] = p->text;
    }
    return WR_OK;
}

/* Room in each role's arrays for every input run.json lists. */
static wr_status alloc_roles(wr_run_record *r, const wr_json *inputs, wr_error *err)
{
    size_t n = 0;
    for (const wr_json *e = inputs ? inputs->child : NULL; e; e = e->next)
        n++;
    role_files *roles[] = {&r->attendance, &r->payments, &r->account_txns};
    for (size_t i = 0; i < 3; i++) {
        role_files *f = roles[i];
        f->paths = wr_arena_alloc(&r->arena, (n ? n : 1) * sizeof *f->paths);
        f->formats = wr_arena_alloc(&r->arena, (n ? n : 1) * sizeof *f->formats);
        if (!f->paths || !f->formats)
            return wr_errorf(err, WR_ENOMEM, "out of memory");
        memset(f->formats, 0, (n ? n : 1) * sizeof *f->formats);
    }
    r->opt.attendance = r->attendance.paths, r->opt.attendance_format = r->attendance.formats;
    r->opt.payments = r->payments.paths, r->opt.payments_format = r->payments.formats;
    r->opt.account_txns = r->account_txns.paths;
    r->opt.account_txns_format = r->account_txns.formats;
    return WR_OK;
}

wr_status wr_run_record_open(const char *out_dir, wr_run_record **out, wr_error *err)
{
    *out = NULL;
    wr_run_record *r = calloc(1, sizeof *r);
    if (!r)
        return wr_errorf(err, WR_ENOMEM, "out of memory");
    wr_arena_init(&r->arena);
    r->opt.project_filter = r->project_filter;
    snprintf(r->out_dir, sizeof r->out_dir, "%s", out_dir);
    resolve_set(out_dir, r->dir, sizeof r->dir);
    snprintf(r->flags_csv, sizeof r->flags_csv, "%s/flags.csv", r->dir);
    char path[4300];
    snprintf(path, sizeof path, "%s/run.json", r->dir);
    wr_status st = WR_OK;
    FILE *f = fopen(path, "rb");
    int e = errno;
    wr_buf text = {0};
    if (!f && e == ENOMEM) { /* fopen's own memory (D244) */
        st = wr_errorf(err, WR_ENOMEM, "%.300s/run.json: cannot open: %s", out_dir, strerror(e));
    } else if (!f) {
        st = wr_errorf(err, WR_EINPUT,
                       "%.300s/run.json: cannot open: %s (the --out folder of a `wagerecon run` of "
                       "this version? a merge of parts writes none)",
                       out_dir, strerror(e));
    }
    while (st == WR_OK) { /* the whole file: a few KiB */
        if (!wr_buf_reserve(&text, text.len + 4096)) {
            st = wr_errorf(err, WR_ENOMEM, "%.300s/run.json: out of memory", r->out_dir);
            break;
        }
        size_t got = fread(text.p + text.len, 1, text.cap - text.len, f);
        text.len += got;
        if (got == 0)
            break;
    }
    if (f)
        fclose(f);
    const wr_json *root = NULL;
    if (st == WR_OK)
        st = wr_json_parse(text.p, text.len, &r->arena, "run.json", &root, err);
    const wr_json *version = root ? wr_json_get(root, "run_json") : NULL;
    if (st == WR_OK && (!version || !version->is_u64 || version->u64 != 1))
        st = bad(r, err, "not a run.json of version 1");
    if (st == WR_OK)
        st = read_options(r, root, err);
    const wr_json *inputs = root ? wr_json_get(root, "inputs") : NULL;
    if (st == WR_OK)
        st = alloc_roles(r, inputs, err);
    for (const wr_json *e = inputs ? inputs->child : NULL; st == WR_OK && e; e = e->next)
        st = add_input(r, e, err);
    if (st == WR_OK && (!r->opt.projects || !r->opt.contracts || !r->opt.n_attendance ||
                        !r->opt.n_payments))
        st = bad(r, err, "inputs incomplete (projects, contracts, attendance, payments)");
    free(text.p);
    if (st != WR_OK) {
        wr_run_record_close(r);
        return st;
    }
    r->opt.jobs = 1;
    *out = r;
    return WR_OK;
}

const wr_options *wr_run_record_options(const wr_run_record *r)
{
    return &r->opt;
}

const char *wr_run_record_flags_csv(const wr_run_record *r)
{
    return r->flags_csv;
}

void wr_run_record_close(wr_run_record *r)
{
    if (!r)
        return;
    wr_arena_free(&r->arena);
    free(r);
}
