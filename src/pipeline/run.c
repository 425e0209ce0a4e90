/*
 * wr_run: the pipeline, one way through. Read (projects, holidays,
 * min_wage, contracts, attendance, payments: DECISIONS D1) -> evaluate
 * buckets -> build flags and ledger -> self-check -> write atomically.
 */
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/options.h"
#include "../core/progress.h"
#include "../core/report_files.h"
#include "../core/testhooks.h"
#include "../inputs/input.h"
#include "../io/digest.h"
#include "../io/outfile.h"
#include "../outputs/outputs.h"
#include "../outputs/report_html.h"
#include "../rules/flags.h"
#include "../rules/rules.h"
#include "../rules/supervision.h"
#include "../store/store.h"
#include "../types/error.h"
#include "../types/money.h"
#include "../types/parallel.h"
#include "../types/prefault.h"
#include "../types/strings.h"

bool wr_parse_date_text(const char *s, int32_t *day)
{
    return wr_parse_date(s, strlen(s), day);
}

bool wr_parse_period_text(const char *s, int32_t *month)
{
    return wr_parse_period(s, strlen(s), month);
}

bool wr_parse_money_text(const char *s, int64_t *fen)
{
    return wr_parse_fen(s, strlen(s), fen);
}

/* Flag counts and the headline (DECISIONS D21). */
static bool fill_report(wr_model *m, const wr_vec *flags, const wr_vec *ledger,
                        wr_report *rep)
{
    const char **employers = malloc((flags->len + 1) * sizeof *employers);
    const char **workers = malloc((flags->len + 1) * sizeof *workers);
    if (!employers || !workers) {
        free(employers);
        free(workers);
        return false;
    }
    size_t n = 0;
    for (size_t i = 0; i < flags->len; i++) {
        const wr_flag *f = WR_AT(*flags, wr_flag, i);
        rep->flags_by_kind[f->kind]++;
        rep->flags_by_severity[f->severity]++;
        if (f->kind != K_MISSING && f->kind != K_UNDERPAID)
            continue;
        const wr_pair *p = WR_AT(m->pairs, wr_pair, WR_AT(m->buckets, wr_bucket, f->ref)->pair);
        employers[n] = WR_AT(m->projects, wr_project, p->project)->employer_id;
        workers[n++] = WR_AT(m->workers, wr_worker, p->worker)->id;
    }
    rep->employers_in_arrears = wr_sort_count_distinct(employers, n);
    rep->workers_in_arrears = wr_sort_count_distinct(workers, n);
    rep->arrears_fen = 0; /* D164: checked; an overflow stops the run (m->overflow) */
    for (size_t i = 0; i < ledger->len; i++)
        rep->arrears_fen = wr_add_fen(rep->arrears_fen,
                                      WR_AT(*ledger, wr_ledger_row, i)->arrears_fen, &m->overflow);
    free(employers);
    free(workers);
    return true;
}

/* DECISIONS D81 --strict: what the run would otherwise count and show
 * (rejects, status words other than SUCCESS, a trailer total left
 * unchecked) stops it. Returns WR_OK or WR_EINPUT with err set. */
static wr_status strict_check(const wr_model *m, const wr_report *rep, wr_error *err)
{
    if (m->rejects.len > 0) {
        const wr_reject *j = WR_AT(m->rejects, wr_reject, 0);
        return wr_errorf(err, WR_EINPUT,
                         "--strict: %zu rows rejected (first: %s line %llu%s%s %s; see the run "
                         "without --strict, rejects.csv)",
                         m->rejects.len, rep->files[j->file].name, (unsigned long long)j->line,
                         j->column[0] ? " column " : "", j->column, wr_reason_name(j->reason));
    }
    for (size_t i = 0; i < rep->n_statuses; i++) {
        const wr_status_word *w = &rep->statuses[i];
        if (strcmp(w->word, "SUCCESS") != 0) {
            char amount[40];
            wr_format_fen_grouped(w->amount_fen, amount);
            return wr_errorf(err, WR_EINPUT,
                             "--strict: %llu payment rows with status `%s` (%s yuan), which "
                             "RULES does not count as paid",
                             (unsigned long long)w->rows, w->word, amount);
        }
    }
    for (size_t i = 0; i < rep->n_files; i++)
        if (rep->files[i].trailer == WR_TRAILER_TOTAL_UNCHECKED) {
            return wr_errorf(err, WR_EINPUT,
                             "--strict: %s: the trailer's total could not be checked (unreadable "
                             "amounts)",
                             rep->files[i].name);
        }
    return WR_OK;
}

/* ---- the output files ---- */

typedef struct {
    wr_model *m;
    const wr_vec *flags, *ledger;
    const wr_checks *checks;
} output_args;

/* One output file of a run: its name and its writer (false: no memory).
 * `counts`: its writer counts into the report what others print
 * (cases.jsonl's cases, D213, in summary.json and report.html), so it is
 * written before them. */
typedef struct {
    const char *name;
    bool (*write)(FILE *f, const output_args *a);
    bool counts;
    int weight; /* its writing's length, in order (D278): the longest taken first */
} output_file;

static bool out_flags_csv(FILE *f, const output_args *a)
{
    return wr_write_flags_csv(f, a->m, a->flags);
}

static bool out_flags_jsonl(FILE *f, const output_args *a)
{
    return wr_write_flags_jsonl(f, a->m, a->flags);
}

static bool out_ledger_csv(FILE *f, const output_args *a)
{
    wr_write_ledger_csv(f, a->m, a->ledger);
    return true;
}

static bool out_cases_jsonl(FILE *f, const output_args *a)
{
    return wr_write_cases_jsonl(f, a->m, a->flags);
}

static bool out_rejects_csv(FILE *f, const output_args *a)
{
    wr_write_rejects_csv(f, a->m);
    return true;
}

static bool out_summary_json(FILE *f, const output_args *a)
{
    wr_write_summary_json(f, a->m, a->checks);
    return true;
}

static bool out_report_html(FILE *f, const output_args *a)
{
    return wr_write_report_html(f, a->m, a->flags, a->ledger);
}

static bool out_report_rows(FILE *f, const output_args *a)
{
    return wr_write_report_rows(f, a->m, a->flags);
}

static bool out_part_facts(FILE *f, const output_args *a)
{
    return wr_write_part_facts(f, a->m, a->flags);
}

static bool out_run_json(FILE *f, const output_args *a)
{
    wr_write_run_json(f, a->m);
    return true;
}

/* The files of a run, in the order they are created. The weights follow
 * callgrind's instructions per file (gen 10k, D278, D279, D286):
 * report_rows.json 153 M, report.html 58 M, flags.jsonl 24 M, flags.csv
 * 17 M, the others 6 M or less. */
static size_t run_outputs(const wr_options *opt, output_file *out)
{
    size_t n = 0;
    out[n++] = (output_file){"flags.csv", out_flags_csv, false, 1};
    out[n++] = (output_file){"flags.jsonl", out_flags_jsonl, false, 2};
    out[n++] = (output_file){"ledger.csv", out_ledger_csv, false, 0};
    out[n++] = (output_file){"cases.jsonl", out_cases_jsonl, true, 0};
    out[n++] = (output_file){"rejects.csv", out_rejects_csv, false, 0};
    out[n++] = (output_file){"summary.json", out_summary_json, false, 0};
    out[n++] = (output_file){"report.html", out_report_html, false, 3};
    if (opt->report_rows) /* a part's run: the merge checks its files (D93) */
        out[n++] = (output_file){"report_rows.json", out_report_rows, false, 4};
    if (opt->part_facts)
        out[n++] = (output_file){"part_facts.csv", out_part_facts, false, 0};
    out[n++] = (output_file){"run.json", out_run_json, false, 0};
    return n;
}

/* The files written on --jobs threads (docs/PARALLEL.md): each thread
 * takes the next file not yet taken and writes it whole, so a file's
 * bytes are those one thread writes, whichever thread it is. */
typedef struct {
    const output_file *files;
    FILE **fp;
    bool *written;
    size_t order[WR_MAX_OUTPUTS], n; /* the files to take, in order */
    atomic_size_t next;
    const output_args *args;
} output_queue;

static void write_queued(void *arg, int t)
{
    (void)t;
    output_queue *q = arg;
    for (size_t k; (k = atomic_fetch_add(&q->next, 1)) < q->n;)
        q->written[q->order[k]] = q->files[q->order[k]].write(q->fp[q->order[k]], q->args);
}

/* Writes files[0..n) into fp[0..n) on `jobs` threads, those that count
 * first (on this thread), then the others at once; written[i] false:
 * out of memory. With --jobs 1 every file is written on this thread,
 * in the queue's order (wr_parallel_run starts no thread for one part). */
static void write_at_once(const output_file *files, FILE **fp, bool *written, size_t n,
                          int jobs, const output_args *args)
{
    output_queue q = {.files = files, .fp = fp, .written = written, .args = args};
    atomic_init(&q.next, 0);
    for (size_t i = 0; i < n; i++)
        if (files[i].counts)
            written[i] = files[i].write(fp[i], args);
    for (size_t i = 0; i < n; i++) { /* the longest first; equal weights in file order */
        if (files[i].counts)
            continue;
        size_t k = q.n++;
        for (; k > 0 && files[q.order[k - 1]].weight < files[i].weight; k--)
            q.order[k] = q.order[k - 1];
        q.order[k] = i;
    }
    int parts = wr_parallel_parts(jobs);
    wr_parallel_run(parts < (int)q.n ? parts : (int)q.n, write_queued, &q);
}

static wr_status write_outputs(wr_model *m, const wr_vec *flags, const wr_vec *ledger,
                               const wr_checks *checks, wr_error *err)
{
    wr_outset out;
    if (!wr_outset_init(&out, m->opt->out_dir, err))
        return WR_EOUTPUT;
    if (m->opt->report_rows) /* a part's run: the merge checks its files (D93) */
        wr_outset_want_digests(&out);
    output_args args = {m, flags, ledger, checks};
    output_file files[WR_MAX_OUTPUTS];
    FILE *fp[WR_MAX_OUTPUTS];
    bool written[WR_MAX_OUTPUTS];
    size_t n = run_outputs(m->opt, files), failed = n; /* failed: a writer out of memory */
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++) /* all created in order, then written at once */
        ok = (fp[i] = wr_outset_open(&out, files[i].name, err)) != NULL;
    if (ok) {
        write_at_once(files, fp, written, n, m->opt->jobs, &args);
        for (size_t i = 0; ok && i < n; i++)
            if (!(ok = written[i]))
                failed = i;
    }
    wr_status st = WR_OK; /* WR_ENOMEM when a writer ran out of memory */
    if (failed < n) {
        char what[80];
        snprintf(what, sizeof what, "writing %s", files[failed].name);
        st = wr_error_nomem(err, what);
    }
    if (ok && wr_test_hook(WR_HOOK_SIGTERM_BEFORE_COMMIT)) {
        fflush(NULL);
        raise(SIGTERM);
    }
    if (ok)
        ok = wr_outset_commit(&out, err);
    if (!ok) {
        wr_outset_abort(&out);
        return st != WR_OK ? st : WR_EOUTPUT;
    }
    return WR_OK;
}

/* The inputs' digests, read beside the rules (D257). */
typedef struct {
    wr_report *report;
    bool ok;
    wr_error err;
} digest_job;

static void digest_inputs(void *arg)
{
    digest_job *d = arg;
    d->ok = wr_digest_inputs(d->report, &d->err);
}

/* A store that failed: an earlier as-of (WR_EINPUT) stops the run (*st,
 * err); anything else leaves the run going without the store (D71). */
static wr_store *drop_store(wr_store *store, wr_status store_st, wr_status *st,
                            const wr_error *store_err, wr_error *err)
{
    wr_store_close(store);
    if (store_st == WR_EINPUT) {
        *st = WR_EINPUT;
        *err = *store_err;
    }
    return NULL;
}

wr_status wr_run(const wr_options *opt, wr_report *report, wr_error *err)
{
    wr_model m;
    wr_vec flags, ledger;
    wr_status checked = wr_options_begin(opt, report, err);
    if (checked != WR_OK)
        return checked;
    /* D295: with --jobs 2 or more a thread makes the pages the arrays,
     * tables and arena are about to touch; with one, no thread. */
    if (opt->jobs > 1)
        wr_prefault_start();
    wr_model_init(&m, opt, report);
    wr_vec_init(&flags, sizeof(wr_flag));
    wr_vec_init(&ledger, sizeof(wr_ledger_row));
    /* DECISIONS D71: the store is opened (and an earlier as-of refused,
     * exit 2) before any input is read. Any other store failure is kept in
     * store_st/store_err: the run goes on and writes its outputs (without
     * the store's counts when the diff was not made), then exits 5. */
    wr_store *store = NULL;
    wr_status st = WR_OK, store_st = WR_OK;
    wr_error store_err = {""};
    if (opt->store_url && (store_st = wr_store_open_for_run(opt, &store, &store_err)) != WR_OK)
        store = drop_store(store, store_st, &st, &store_err, err);
    if (st == WR_OK)
        st = (wr_status)wr_read_inputs(&m, err);
    /* D297: SHARED_CARD's uses reserved now, made by the prefault thread
     * while the rules run. */
    if (st == WR_OK && !opt->part_facts && !wr_reserve_card_uses(&m))
        st = wr_error_nomem(err, NULL);
    /* D160: each input's size and digest, for run.json and the store's
     * run key; a file that cannot be read again (a pipe) stops the run.
     * With --jobs 2 or more they are read on a thread of their own while
     * the rules run (D257), and joined before anything reads them. */
    digest_job digest = {report, true, {""}};
    wr_parallel_task digest_task;
    bool digesting = st == WR_OK && opt->jobs > 1;
    if (digesting)
        wr_parallel_start(&digest_task, digest_inputs, &digest);
    else if (st == WR_OK && !wr_digest_inputs(report, err))
        st = WR_EINPUT;
    if (st == WR_OK) {
        if (!wr_report_set_statuses(report, m.statuses.data, m.statuses.len))
            st = (wr_status)wr_error_nomem(err, "copying the payment status words");
        if (st == WR_OK && opt->strict)
            st = strict_check(&m, report, err);
    }
    if (st == WR_OK && wr_test_hook(WR_HOOK_LOSE_PAYMENT) && m.payments.len > 0)
        m.payments.len--; /* test hook: a counted payment's record goes missing */
    if (st == WR_OK && wr_test_hook(WR_HOOK_SKEW_ROWS) && report->n_files > 0)
        report->files[0].used++; /* test hook: a row counted twice */
    if (st == WR_OK && wr_test_hook(WR_HOOK_SKEW_BUCKET_PAID) && m.buckets.len > 0)
        WR_AT(m.buckets, wr_bucket, 0)->paid_fen++; /* test hook: a fen from nowhere */
    wr_stage_clock clock;
    bool ok = true;
    if (st == WR_OK) {
        wr_stage_begin(&clock, opt, WR_STAGE_EVALUATE, NULL, NULL, 0);
        ok = wr_evaluate_buckets(&m);
        wr_stage_end(&clock);
    }
    if (st == WR_OK && ok) {
        wr_stage_begin(&clock, opt, WR_STAGE_FLAGS, NULL, NULL, 0);
        ok = wr_build_flags(&m, &flags) && wr_build_ledger(&m, &ledger) &&
             fill_report(&m, &flags, &ledger, report) &&
             wr_supervision_summary(&m.agg_flags, report, &m.list_employers);
        wr_stage_end(&clock);
    }
    if (st == WR_OK && !ok)
        st = wr_error_nomem(err, NULL);
    if (digesting) { /* its failure comes first, as with one thread */
        wr_parallel_join(&digest_task);
        if (!digest.ok) {
            st = WR_EINPUT;
            *err = digest.err;
        }
    }
    if (st == WR_OK && m.overflow)
        st = wr_errorf(err, WR_EINPUT,
                       "amounts too large to add exactly (a sum left int64 fen)");
    wr_checks checks;
    if (st == WR_OK) {
        wr_compute_checks(&m, &flags, &ledger, &checks);
        if (!checks.rows_ok || !checks.payments_ok || !checks.matched_ok || !checks.arrears_ok) {
            st = wr_errorf(err, WR_ESELFCHECK,
                           "self-check failed: rows %s, counted payments %s, matched + "
                           "unmatched %s, ledger arrears %s",
                           checks.rows_ok ? "ok" : "MISMATCH",
                           checks.payments_ok ? "ok" : "MISMATCH",
                           checks.matched_ok ? "ok" : "MISMATCH",
                           checks.arrears_ok ? "ok" : "MISMATCH");
        }
    }
    if (st == WR_OK && store) { /* under the store's write lock from here to its commit */
        wr_stage_begin(&clock, opt, WR_STAGE_STORE_DIFF, NULL, NULL, 0);
        if ((store_st = wr_store_diff(store, &m, &flags, &store_err)) != WR_OK)
            store = drop_store(store, store_st, &st, &store_err, err);
        else
            wr_stage_end(&clock);
        m.store = store;
    }
    if (st == WR_OK) {
        wr_stage_begin(&clock, opt, WR_STAGE_OUTPUTS, NULL, NULL, 0);
        st = write_outputs(&m, &flags, &ledger, &checks, err);
        if (st == WR_OK)
            wr_stage_end(&clock);
    }
    /* D71: the outputs are in place; a store failure now keeps them. */
    if (st == WR_OK && store) {
        wr_stage_begin(&clock, opt, WR_STAGE_STORE_WRITE, NULL, NULL, 0);
        if ((store_st = wr_store_write(store, &m, &flags, &store_err)) == WR_OK)
            wr_stage_end(&clock);
    }
    wr_store_close(store);
    if (st == WR_OK && report->flags_by_severity[SEV_HIGH] > 0)
        st = WR_HIGH_FLAGS;
    if ((st == WR_OK || st == WR_HIGH_FLAGS) && store_st != WR_OK) { /* D71: outputs kept */
        *err = store_err;
        report->store_failed = true;
        st = WR_ESTORE;
    }
    wr_vec_free(&flags);
    wr_vec_free(&ledger);
    wr_model_free(&m);
    if (opt->jobs > 1)
        wr_prefault_stop();
    return st;
}
