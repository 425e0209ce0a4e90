/*
 * The wagerecon command line: parses options into wr_options, calls
 * wr_run and prints the human summary. All logic is in the library.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../types/money.h"
#include "wagerecon/wagerecon.h"

static const char usage_main[] =
    "usage: wagerecon run [options]     reconcile wages (see: wagerecon run --help)\n"
    "       wagerecon --help | --version\n";

static const char usage_run[] =
    "usage: wagerecon run --projects FILE --contracts FILE --attendance FILE...\n"
    "                     --payments FILE... --as-of YYYY-MM-DD\n"
    "                     (--period YYYY-MM | --from YYYY-MM --to YYYY-MM) --out DIR\n"
    "                     [--min-wage FILE] [--holidays FILE] [--tolerance YUAN]\n"
    "                     [--project ID]... [--jobs N] [--rejects-raw] [--quiet]\n"
    "\n"
    "Inputs are CSV (RULES.md section 1), plain or zstd-compressed (told by magic\n"
    "bytes). --attendance and --payments repeat; attendance shape (day rows or\n"
    "punches) is told by its header. --project restricts the run to projects\n"
    "(repeatable); other rows count as out of scope. --rejects-raw copies rejected\n"
    "rows into rejects.csv: they hold personal data.\n"
    "\n"
    "Writes flags.csv flags.jsonl ledger.csv cases.jsonl summary.json rejects.csv\n"
    "into DIR (created if missing; its parent must exist), atomically.\n"
    "Exit: 0 no high-severity flag, 3 high-severity flags, 2 bad usage or input,\n"
    "4 self-check failed.\n";

static int usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "wagerecon: %s%s%s\nTry 'wagerecon run --help'.\n", msg, arg ? " " : "",
            arg ? arg : "");
    return 2;
}

enum {
    O_PROJECTS = 256, O_CONTRACTS, O_ATTENDANCE, O_PAYMENTS, O_MIN_WAGE, O_HOLIDAYS,
    O_AS_OF, O_PERIOD, O_FROM, O_TO, O_TOLERANCE, O_PROJECT, O_JOBS, O_REJECTS_RAW,
    O_QUIET, O_OUT, O_HELP,
};

static const struct option run_options[] = {
    {"projects", required_argument, 0, O_PROJECTS},
    {"contracts", required_argument, 0, O_CONTRACTS},
    {"attendance", required_argument, 0, O_ATTENDANCE},
    {"payments", required_argument, 0, O_PAYMENTS},
    {"min-wage", required_argument, 0, O_MIN_WAGE},
    {"holidays", required_argument, 0, O_HOLIDAYS},
    {"as-of", required_argument, 0, O_AS_OF},
    {"period", required_argument, 0, O_PERIOD},
    {"from", required_argument, 0, O_FROM},
    {"to", required_argument, 0, O_TO},
    {"tolerance", required_argument, 0, O_TOLERANCE},
    {"project", required_argument, 0, O_PROJECT},
    {"jobs", required_argument, 0, O_JOBS},
    {"rejects-raw", no_argument, 0, O_REJECTS_RAW},
    {"quiet", no_argument, 0, O_QUIET},
    {"out", required_argument, 0, O_OUT},
    {"help", no_argument, 0, O_HELP},
    {0, 0, 0, 0},
};

typedef struct {
    wr_options opt;
    bool quiet, have_as_of, have_period, have_from, have_to;
} cli;

/* Applies one option; returns 0, or an exit code. */
static int apply(cli *c, int code, const char *arg)
{
    wr_options *o = &c->opt;
    switch (code) {
    case O_PROJECTS: o->projects = arg; break;
    case O_CONTRACTS: o->contracts = arg; break;
    case O_MIN_WAGE: o->min_wage = arg; break;
    case O_HOLIDAYS: o->holidays = arg; break;
    case O_OUT: o->out_dir = arg; break;
    case O_REJECTS_RAW: o->rejects_raw = true; break;
    case O_QUIET: c->quiet = true; break;
    case O_ATTENDANCE:
        if (o->n_attendance == WR_MAX_FILES)
            return usage_error("too many --attendance files", NULL);
        o->attendance[o->n_attendance++] = arg;
        break;
    case O_PAYMENTS:
        if (o->n_payments == WR_MAX_FILES)
            return usage_error("too many --payments files", NULL);
        o->payments[o->n_payments++] = arg;
        break;
    case O_PROJECT:
        if (o->n_project_filter == WR_MAX_PROJECT_FILTER)
            return usage_error("too many --project options", NULL);
        o->project_filter[o->n_project_filter++] = arg;
        break;
    case O_AS_OF:
        if (!wr_parse_date_text(arg, &o->as_of_day))
            return usage_error("--as-of wants a date YYYY-MM-DD, got", arg);
        c->have_as_of = true;
        break;
    case O_PERIOD:
        if (!wr_parse_period_text(arg, &o->from_month))
            return usage_error("--period wants YYYY-MM, got", arg);
        o->to_month = o->from_month;
        c->have_period = true;
        break;
    case O_FROM:
        if (!wr_parse_period_text(arg, &o->from_month))
            return usage_error("--from wants YYYY-MM, got", arg);
        c->have_from = true;
        break;
    case O_TO:
        if (!wr_parse_period_text(arg, &o->to_month))
            return usage_error("--to wants YYYY-MM, got", arg);
        c->have_to = true;
        break;
    case O_TOLERANCE:
        if (!wr_parse_money_text(arg, &o->tolerance_fen))
            return usage_error("--tolerance wants yuan like 0.50, got", arg);
        break;
    case O_JOBS: {
        char *end;
        long n = strtol(arg, &end, 10);
        if (*end || n < 1 || n > 64)
            return usage_error("--jobs wants a number 1-64, got", arg);
        o->jobs = (int)n;
        break;
    }
    }
    return 0;
}

static int check_required(const cli *c)
{
    const wr_options *o = &c->opt;
    if (!o->projects)
        return usage_error("missing --projects FILE", NULL);
    if (!o->contracts)
        return usage_error("missing --contracts FILE", NULL);
    if (o->n_attendance == 0)
        return usage_error("missing --attendance FILE (repeat for several files)", NULL);
    if (o->n_payments == 0)
        return usage_error("missing --payments FILE (repeat for several files)", NULL);
    if (!c->have_as_of)
        return usage_error("missing --as-of YYYY-MM-DD", NULL);
    if (c->have_period == (c->have_from || c->have_to))
        return usage_error("give either --period YYYY-MM or --from YYYY-MM --to YYYY-MM", NULL);
    if (!c->have_period && !(c->have_from && c->have_to))
        return usage_error("--from and --to go together", NULL);
    if (o->from_month > o->to_month)
        return usage_error("--from is after --to", NULL);
    if (o->to_month - o->from_month >= 120)
        return usage_error("the run covers at most 120 months", NULL);
    if (!o->out_dir)
        return usage_error("missing --out DIR", NULL);
    return 0;
}

static void print_summary(const wr_report *r)
{
    char amount[24];
    printf("wagerecon: rows per file (data = used + out of scope + rejected)\n");
    for (size_t i = 0; i < r->n_files; i++) {
        const wr_file_stats *s = &r->files[i];
        printf("  %-10s %-28s %10llu = %10llu + %8llu + %6llu\n", s->role, s->name,
               (unsigned long long)s->data_rows, (unsigned long long)s->used,
               (unsigned long long)s->out_of_scope, (unsigned long long)s->rejected);
    }
    printf("flags: high %llu, medium %llu, low %llu\n",
           (unsigned long long)r->flags_by_severity[0], (unsigned long long)r->flags_by_severity[1],
           (unsigned long long)r->flags_by_severity[2]);
    for (int k = 0; k < WR_N_KINDS; k++)
        if (r->flags_by_kind[k])
            printf("  %-20s %llu\n", wr_kind_name(k), (unsigned long long)r->flags_by_kind[k]);
    wr_format_fen(r->arrears_fen, amount);
    printf("arrears (欠薪): %llu employers, %llu workers, %s yuan\n",
           (unsigned long long)r->employers_in_arrears, (unsigned long long)r->workers_in_arrears,
           amount);
}

static void on_stop_signal(int sig)
{
    wr_remove_partial_outputs();
    signal(sig, SIG_DFL);
    raise(sig);
}

static int cmd_run(int argc, char **argv)
{
    static cli c;
    memset(&c, 0, sizeof c);
    c.opt.jobs = 1;
    opterr = 0;
    optind = 1;
    int code;
    while ((code = getopt_long(argc, argv, "", run_options, NULL)) != -1) {
        if (code == O_HELP) {
            fputs(usage_run, stdout);
            return 0;
        }
        if (code == '?') {
            if (optopt)
                return usage_error("option needs a value:", argv[optind - 1]);
            return usage_error("unknown option", argv[optind - 1]);
        }
        int rc = apply(&c, code, optarg);
        if (rc)
            return rc;
    }
    if (optind < argc)
        return usage_error("unexpected argument", argv[optind]);
    int rc = check_required(&c);
    if (rc)
        return rc;
    /* Test hook only: proves the self-check can fail (exit 4). */
    c.opt.test_corrupt_ledger = getenv("WAGERECON_TEST_CORRUPT_LEDGER") != NULL;
    c.opt.test_sigterm_before_commit = getenv("WAGERECON_TEST_SIGTERM_BEFORE_COMMIT") != NULL;
    static wr_report report;
    wr_error err;
    signal(SIGINT, on_stop_signal);
    signal(SIGTERM, on_stop_signal);
    wr_status st = wr_run(&c.opt, &report, &err);
    if (st != WR_OK && st != WR_HIGH_FLAGS) {
        fprintf(stderr, "wagerecon: %s\n", err.message);
        return st;
    }
    if (!c.quiet) {
        print_summary(&report);
        printf("outputs in %s\n", c.opt.out_dir);
    }
    return st;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("no command given", NULL) ;
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage_main, stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("wagerecon %s\n", WAGERECON_VERSION);
        return 0;
    }
    if (strcmp(argv[1], "run") == 0)
        return cmd_run(argc - 1, argv + 1);
    return usage_error("unknown command", argv[1]);
}
