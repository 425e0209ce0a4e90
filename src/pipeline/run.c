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
#include "../io/outparts.h"
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

/* The headline's employers and workers in arrears (DECISIONS D21), from
 * the MISSING and UNDERPAID flags among `flags`, counted by their ids'
 * texts, each project's and worker's text once (D380: a worker's MISSING
 * and UNDERPAID flags were each a text in the sort). Reads the model's
 * buckets, pairs, projects and workers only, so it runs beside the flags
 * of pairs and accounts, on the buckets' flags (D459). */
static bool count_arrears(const wr_model *m, const wr_vec *flags, uint64_t *employers_in_arrears,
                          uint64_t *workers_in_arrears)
{
    size_t n_projects = m->projects.len, n_workers = m->workers.len;
    const char **employers = malloc((n_projects + 1) * sizeof *employers);
    const char **workers = malloc((n_workers + 1) * sizeof *workers);
    bool *seen = calloc(n_projects + n_workers + 1, sizeof *seen); /* projects, then workers */
    if (!employers || !workers || !seen) {
        free(employers);
        free(workers);
        free(seen);
        return false;
    }
    size_t n_employers = 0, n_arrears_workers = 0;
    for (size_t i = 0; i < flags->len; i++) {
        const wr_flag *f = WR_AT(*flags, wr_flag, i);
        if (f->kind != K_MISSING && f->kind != K_UNDERPAID)
            continue;
        const wr_pair *p = WR_AT(m->pairs, wr_pair, WR_AT(m->buckets, wr_bucket, f->ref)->pair);
        if (!seen[p->project]) {
            seen[p->project] = true;
            employers[n_employers++] = WR_AT(m->projects, wr_project, p->project)->employer_id;
        }
        if (!seen[n_projects + p->worker]) {
            seen[n_projects + p->worker] = true;
            workers[n_arrears_workers++] = WR_AT(m->workers, wr_worker, p->worker)->id;
        }
    }
    *employers_in_arrears = wr_sort_count_distinct(employers, n_employers);
    *workers_in_arrears = wr_sort_count_distinct(workers, n_arrears_workers);
    free(employers);
    free(workers);
    free(seen);
    return true;
}

/* Flag counts and the arrears total of the headline (DECISIONS D21). */
static void fill_report(wr_model *m, const wr_vec *flags, const wr_vec *ledger, wr_report *rep)
{
    for (size_t i = 0; i < flags->len; i++) {
        const wr_flag *f = WR_AT(*flags, wr_flag, i);
        rep->flags_by_kind[f->kind]++;
        rep->flags_by_severity[f->severity]++;
    }
    rep->arrears_fen = 0; /* D164: checked; an overflow stops the run (m->overflow) */
    for (size_t i = 0; i < ledger->len; i++)
        rep->arrears_fen = wr_add_fen(rep->arrears_fen,
                                      WR_AT(*ledger, wr_ledger_row, i)->arrears_fen, &m->overflow);
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

typedef struct output_queue output_queue;

typedef struct {
    wr_model *m;
    const wr_vec *flags, *ledger;
    const wr_checks *checks;
    output_queue *q; /* cases.jsonl's counts, for the files that print them */
} output_args;

/* One output file of a run: its name and its writer (false: no memory),
 * NULL for the files written in parts by the jobs below. cases.jsonl's
 * writer counts into the report what summary.json and report.html print
 * (D213): they wait for it (await_counts). */
typedef struct {
    const char *name;
    bool (*write)(FILE *f, const output_args *a);
} output_file;

static void await_counts(void *q);

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
    await_counts(a->q);
    wr_write_summary_json(f, a->m, a->checks);
    return true;
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

/* The files of a run, in the order they are created. flags.csv,
 * flags.jsonl and report.html are written in parts (their jobs below). */
enum { OUT_FLAGS_CSV, OUT_FLAGS_JSONL, OUT_LEDGER, OUT_CASES, OUT_REJECTS, OUT_SUMMARY,
       OUT_REPORT_HTML };
static size_t run_outputs(const wr_options *opt, output_file *out)
{
    size_t n = 0;
    out[n++] = (output_file){"flags.csv", NULL};
    out[n++] = (output_file){"flags.jsonl", NULL};
    out[n++] = (output_file){"ledger.csv", out_ledger_csv};
    out[n++] = (output_file){"cases.jsonl", out_cases_jsonl};
    out[n++] = (output_file){"rejects.csv", out_rejects_csv};
    out[n++] = (output_file){"summary.json", out_summary_json};
    out[n++] = (output_file){"report.html", NULL};
    if (opt->report_rows) /* a part's run: the merge checks its files (D93) */
        out[n++] = (output_file){"report_rows.json", out_report_rows};
    if (opt->part_facts)
        out[n++] = (output_file){"part_facts.csv", out_part_facts};
    out[n++] = (output_file){"run.json", out_run_json};
    return n;
}

/* A job of the outputs' queue (D300): part `part` of file[0] (and of
 * file[1] when it is not NO_FILE). */
enum { JOB_WHOLE, JOB_FLAG_LINES, JOB_REPORT_TOP, JOB_REPORT_FLAGS };
#define NO_FILE ((size_t)-1)
#define MAX_JOBS (WR_MAX_OUTPUTS + 2 * WR_PARALLEL_MAX_PARTS)
/* Tenths of the flags in the threads' first ranges (D443). */
#define FLAG_RANGES_BIG 7

typedef struct {
    int kind;
    size_t file[2];
    int part;
    size_t begin, end; /* JOB_FLAG_LINES: the flags of this part */
} output_job;

/* The files written on --jobs threads (docs/PARALLEL.md): each thread
 * takes the next job not yet taken; a file cut in parts is written in
 * part order whichever thread writes each (io/outparts.c), so its bytes
 * are those one thread writes. cases.jsonl's job is taken from the queue
 * or by the first writer that needs its counts (await_counts), whichever
 * comes first: no thread waits on a job that no thread has taken. */
struct output_queue {
    const output_file *files;
    wr_outparts *parts;  /* one per file */
    output_job jobs[MAX_JOBS];
    bool ok[MAX_JOBS];
    size_t n, cases_job;
    atomic_size_t next;
    atomic_int cases_state; /* 0 not taken, 1 being written, 2 written */
    pthread_mutex_t lock;
    pthread_cond_t counted;
    const output_args *args;
    wr_outset *out;                          /* the set the files are in */
    size_t n_files;
    atomic_bool whole[WR_MAX_OUTPUTS];       /* every part of the file written */
    atomic_bool sync_taken[WR_MAX_OUTPUTS];  /* a thread has taken its fsync */
};

static bool run_job(output_queue *q, const output_job *j)
{
    const output_args *a = q->args;
    wr_outpart p[2];
    int n = j->file[1] == NO_FILE ? 1 : 2;
    bool ok = true, began[2] = {false, false};
    for (int i = 0; i < n; i++)
        ok = ok && (began[i] = wr_outpart_begin(&q->parts[j->file[i]], j->part, &p[i]));
    if (ok) {
        switch (j->kind) {
        case JOB_WHOLE:
            ok = q->files[j->file[0]].write(p[0].f, a);
            break;
        case JOB_FLAG_LINES:
            ok = wr_write_flag_lines(p[0].f, p[1].f, a->m, a->flags, j->begin, j->end);
            break;
        case JOB_REPORT_TOP:
            ok = wr_write_report_html_top(p[0].f, a->m, a->flags, a->ledger, await_counts, q);
            break;
        default:
            ok = wr_write_report_html_flags(p[0].f, a->m, a->flags);
        }
    }
    for (int i = 0; i < n; i++)
        if (began[i]) {
            ok = wr_outpart_end(&p[i]) && ok;
            /* what the file holds so far goes to the disk beside the other
             * jobs' work, not all at the commit's fsync (D302) */
            wr_outset_writeback(q->parts[j->file[i]].fd);
            if (p[i].whole)
                atomic_store(&q->whole[j->file[i]], true);
        }
    return ok;
}

/* D444: a thread that finds no job left fsyncs the files written whole
 * that no thread has taken yet (wr_outset_sync), so the commit's fsyncs
 * are done while another thread still writes, not after it. */
static void sync_whole(output_queue *q)
{
    for (size_t i = 0; i < q->n_files; i++) {
        bool untaken = false;
        if (atomic_load(&q->whole[i]) &&
            atomic_compare_exchange_strong(&q->sync_taken[i], &untaken, true))
            wr_outset_sync(q->out, q->parts[i].f);
    }
}

/* cases.jsonl, written by whoever takes it first. */
static void write_cases(output_queue *q)
{
    int free_state = 0;
    if (!atomic_compare_exchange_strong(&q->cases_state, &free_state, 1))
        return;
    q->ok[q->cases_job] = run_job(q, &q->jobs[q->cases_job]);
    pthread_mutex_lock(&q->lock);
    atomic_store(&q->cases_state, 2);
    pthread_cond_broadcast(&q->counted);
    pthread_mutex_unlock(&q->lock);
}

/* Returns once cases.jsonl's counts are in the report: writes it here
 * when no thread has taken it yet. */
static void await_counts(void *arg)
{
    output_queue *q = arg;
    write_cases(q);
    pthread_mutex_lock(&q->lock);
    while (atomic_load(&q->cases_state) != 2)
        pthread_cond_wait(&q->counted, &q->lock);
    pthread_mutex_unlock(&q->lock);
}

static void write_queued(void *arg, int t)
{
    (void)t;
    output_queue *q = arg;
    for (size_t k; (k = atomic_fetch_add(&q->next, 1)) < q->n;) {
        if (k == q->cases_job)
            write_cases(q);
        else
            q->ok[k] = run_job(q, &q->jobs[k]);
    }
    sync_whole(q);
}

static void add_job(output_queue *q, int kind, size_t file, size_t file2, int part)
{
    q->jobs[q->n++] = (output_job){kind, {file, file2}, part, 0, 0};
}

/* The jobs, the longest first (D278, D300; callgrind's instructions per
 * file at gen 10k: report_rows.json 153 M, report.html 58 M, flags.jsonl
 * 24 M, flags.csv 17 M, the others 6 M or less). report.html's top comes
 * before cases.jsonl: it gathers its sections' flags (a third of the
 * page's time) before it needs the counts. The flags files are cut in
 * `parts` ranges of flags, each range's lines of both files one job.
 * Returns the parts of each file in nparts. */
static void queue_jobs(output_queue *q, size_t n_files, int parts, size_t n_flags,
                       int *nparts)
{
    for (size_t i = 0; i < n_files; i++)
        nparts[i] = 1;
    size_t rows = NO_FILE;
    for (size_t i = 0; i < n_files; i++)
        if (strcmp(q->files[i].name, "report_rows.json") == 0)
            rows = i;
    if (rows != NO_FILE)
        add_job(q, JOB_WHOLE, rows, NO_FILE, 0);
    add_job(q, JOB_REPORT_TOP, OUT_REPORT_HTML, NO_FILE, 0);
    q->cases_job = q->n;
    add_job(q, JOB_WHOLE, OUT_CASES, NO_FILE, 0);
    /* D443: on threads, each thread's range and then a smaller one each
     * (FLAG_RANGES_BIG tenths of the flags in the first ones), so the
     * threads end their last jobs close together and the part held in
     * memory while the range before it is written (D300) is small. */
    size_t ranges = n_flags < (size_t)parts ? 1 : (size_t)parts;
    bool tapered = parts > 1 && 2 * parts <= WR_OUTPARTS_MAX && n_flags >= 2 * (size_t)parts;
    size_t big = tapered ? n_flags * FLAG_RANGES_BIG / 10 : n_flags;
    if (tapered)
        ranges *= 2;
    nparts[OUT_FLAGS_CSV] = nparts[OUT_FLAGS_JSONL] = (int)ranges;
    nparts[OUT_REPORT_HTML] = 2;
    for (size_t r = 0; r < ranges; r++) {
        if (r == 1)
            add_job(q, JOB_REPORT_FLAGS, OUT_REPORT_HTML, NO_FILE, 1);
        add_job(q, JOB_FLAG_LINES, OUT_FLAGS_CSV, OUT_FLAGS_JSONL, (int)r);
        output_job *j = &q->jobs[q->n - 1];
        if (!tapered)
            wr_parallel_slice(n_flags, (int)ranges, (int)r, &j->begin, &j->end);
        else if (r < (size_t)parts)
            wr_parallel_slice(big, parts, (int)r, &j->begin, &j->end);
        else {
            wr_parallel_slice(n_flags - big, parts, (int)r - parts, &j->begin, &j->end);
            j->begin += big, j->end += big;
        }
    }
    if (ranges == 1)
        add_job(q, JOB_REPORT_FLAGS, OUT_REPORT_HTML, NO_FILE, 1);
    for (size_t i = 0; i < n_files; i++)
        if (q->files[i].write && i != OUT_CASES && i != rows)
            add_job(q, JOB_WHOLE, i, NO_FILE, 0);
}

/* Writes files[0..n) into fp[0..n) on `jobs` threads; written[i] false:
 * out of memory. With --jobs 1 every job runs on this thread, in the
 * queue's order (wr_parallel_run starts no thread for one part). */
static void write_at_once(wr_outset *out, const output_file *files, FILE **fp, const int *fd,
                          bool *written, size_t n, int jobs, const output_args *args)
{
    output_queue q_;
    wr_outparts parts[WR_MAX_OUTPUTS];
    output_queue *q = &q_;
    memset(q, 0, sizeof *q);
    q->files = files, q->parts = parts, q->out = out, q->n_files = n;
    for (size_t i = 0; i < n; i++) {
        atomic_init(&q->whole[i], false);
        atomic_init(&q->sync_taken[i], false);
    }
    atomic_init(&q->next, 0);
    atomic_init(&q->cases_state, 0);
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->counted, NULL);
    output_args a = *args;
    a.q = q;
    q->args = &a;
    int threads = wr_parallel_parts(jobs), nparts[WR_MAX_OUTPUTS];
    queue_jobs(q, n, threads, args->flags->len, nparts);
    for (size_t i = 0; i < n; i++)
        wr_outparts_init(&parts[i], fp[i], fd[i], nparts[i]);
    wr_parallel_run(threads < (int)q->n ? threads : (int)q->n, write_queued, q);
    for (size_t i = 0; i < n; i++)
        written[i] = true;
    for (size_t k = 0; k < q->n; k++)
        for (int i = 0; i < 2; i++)
            if (q->jobs[k].file[i] != NO_FILE && !q->ok[k])
                written[q->jobs[k].file[i]] = false;
    for (size_t i = 0; i < n; i++)
        wr_outparts_free(&parts[i]);
    pthread_mutex_destroy(&q->lock);
    pthread_cond_destroy(&q->counted);
}

/* Writes and commits the outputs into `out`; the previous set may still
 * be going when it returns (wr_outset_finish, D445). */
static wr_status write_outputs(wr_outset *out, wr_model *m, const wr_vec *flags,
                               const wr_vec *ledger, const wr_checks *checks, wr_error *err)
{
    if (!wr_outset_init(out, m->opt->out_dir, err))
        return WR_EOUTPUT;
    if (m->opt->report_rows) /* a part's run: the merge checks its files (D93) */
        wr_outset_want_digests(out);
    wr_outset_set_threads(out, m->opt->jobs); /* the previous set's removal (D418) */
    wr_outset_flush_ahead(out); /* the files flushed as they are written (D464) */
    output_args args = {m, flags, ledger, checks, NULL};
    output_file files[WR_MAX_OUTPUTS];
    FILE *fp[WR_MAX_OUTPUTS];
    int fd[WR_MAX_OUTPUTS];
    bool written[WR_MAX_OUTPUTS];
    size_t n = run_outputs(m->opt, files), failed = n; /* failed: a writer out of memory */
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++) /* all created in order, then written at once */
        if ((ok = (fp[i] = wr_outset_open(out, files[i].name, err)) != NULL))
            fd[i] = wr_outset_fd(out, fp[i]);
    if (ok) {
        write_at_once(out, files, fp, fd, written, n, m->opt->jobs, &args);
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
        ok = wr_outset_commit(out, err);
    if (!ok) {
        wr_outset_abort(out);
        return st != WR_OK ? st : WR_EOUTPUT;
    }
    return WR_OK;
}

/* The ledger and the checks of the buckets and payments, built beside
 * the flags of pairs, accounts, projects and employers (D378): they read
 * the evaluated buckets, pairs and payments only; then the headline's
 * employers and workers in arrears from the buckets' flags (D459). */
typedef struct {
    wr_model *m;
    wr_vec *ledger;
    wr_checks *checks;
    const wr_vec *flags; /* the buckets' flags while this runs */
    uint64_t employers_in_arrears, workers_in_arrears;
    bool ok, ledger_overflow, checks_overflow;
} ledger_job;

static void build_ledger(void *arg)
{
    ledger_job *j = arg;
    j->ok = wr_build_ledger(j->m, j->ledger, &j->ledger_overflow);
    wr_check_model_totals(j->m, j->checks, &j->checks_overflow);
    j->ok = j->ok && count_arrears(j->m, j->flags, &j->employers_in_arrears,
                                   &j->workers_in_arrears);
}

/* The inputs' digests, read beside the rules (D257). */
typedef struct {
    wr_report *report;
    wr_vec *taken; /* wr_digest_acc: what reading hashed (D331) */
    bool ok;
    wr_error err;
} digest_job;

static void digest_inputs(void *arg)
{
    digest_job *d = arg;
    d->ok = wr_digest_inputs(d->report, d->taken->data, d->taken->len, &d->err);
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
    wr_outset out = {0}; /* the outputs; its previous set removed by the end (D445) */
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
    digest_job digest = {report, &m.digests, true, {""}};
    wr_parallel_task digest_task;
    bool digesting = st == WR_OK && opt->jobs > 1;
    if (digesting)
        wr_parallel_start(&digest_task, digest_inputs, &digest);
    else if (st == WR_OK && !wr_digest_inputs(report, m.digests.data, m.digests.len, err))
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
    wr_checks checks;
    ledger_job lj = {.m = &m, .ledger = &ledger, .checks = &checks, .flags = &flags};
    if (st == WR_OK && ok) {
        wr_stage_begin(&clock, opt, WR_STAGE_FLAGS, NULL, NULL, 0);
        ok = wr_build_flags_beside(&m, &flags, build_ledger, &lj) && lj.ok;
        if (ok) {
            fill_report(&m, &flags, &ledger, report);
            report->employers_in_arrears = lj.employers_in_arrears;
            report->workers_in_arrears = lj.workers_in_arrears;
        }
        ok = ok && wr_supervision_summary(&m.agg_flags, report, &m.list_employers);
        m.overflow |= lj.ledger_overflow;
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
    if (st == WR_OK) {
        wr_check_arrears_totals(&m, &flags, &ledger, &checks, lj.checks_overflow);
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
        st = write_outputs(&out, &m, &flags, &ledger, &checks, err);
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
    wr_outset_finish(&out); /* D92: the run ends with the previous set gone */
    return st;
}
