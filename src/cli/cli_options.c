/*
 * The run's input options, shared by every subcommand that reads the
 * inputs: one table, one place that applies and checks them
 * (cli_parse_and_check), and the usage error every subcommand prints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../formats/format.h"
#include "../types/date.h"
#include "cli.h"

int cli_usage_error(const char *hint_cmd, const char *msg, const char *arg)
{
    fprintf(stderr, "wagerecon: %s%s%s\nTry 'wagerecon %s--help'.\n", msg, arg ? " " : "",
            arg ? arg : "", hint_cmd ? hint_cmd : "");
    return 2;
}

int cli_given_twice(const char *hint_cmd, const char *name)
{
    char msg[96];
    snprintf(msg, sizeof msg, "--%s given twice (it takes one value)", name);
    return cli_usage_error(hint_cmd, msg, NULL);
}

int cli_getopt_error(const char *hint_cmd, char **argv, int code)
{
    if (code == ':')
        return cli_usage_error(hint_cmd, "option needs a value:", argv[optind - 1]);
    return cli_usage_error(hint_cmd, "unknown option", argv[optind - 1]);
}

enum {
    O_PROJECTS = 256, O_CONTRACTS, O_ATTENDANCE, O_PAYMENTS, O_MIN_WAGE, O_HOLIDAYS,
    O_AS_OF, O_PERIOD, O_FROM, O_TO, O_TOLERANCE, O_PROJECT, O_JOBS, O_REJECTS_RAW,
    O_QUIET, O_VERBOSE, O_OUT, O_LANG, O_HELP,
    O_PROJECTS_FORMAT, O_CONTRACTS_FORMAT, O_ATTENDANCE_FORMAT, O_PAYMENTS_FORMAT,
    O_MIN_WAGE_FORMAT, O_HOLIDAYS_FORMAT, O_FORMAT_VALUE,
    O_ACCOUNT_TXNS, O_ACCOUNT_TXNS_FORMAT, O_LARGE_PAYMENT, O_LIST_WORKER_AMOUNT,
    O_LIST_TOTAL_AMOUNT, O_WARN_DAYS, O_ALLOW_EARLY_AS_OF,
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
    {"verbose", no_argument, 0, O_VERBOSE},
    {"out", required_argument, 0, O_OUT},
    {"lang", required_argument, 0, O_LANG},
    {"help", no_argument, 0, O_HELP},
    {"projects-format", required_argument, 0, O_PROJECTS_FORMAT},
    {"contracts-format", required_argument, 0, O_CONTRACTS_FORMAT},
    {"attendance-format", required_argument, 0, O_ATTENDANCE_FORMAT},
    {"payments-format", required_argument, 0, O_PAYMENTS_FORMAT},
    {"min-wage-format", required_argument, 0, O_MIN_WAGE_FORMAT},
    {"holidays-format", required_argument, 0, O_HOLIDAYS_FORMAT},
    {"format-value", required_argument, 0, O_FORMAT_VALUE},
    {"account-txns", required_argument, 0, O_ACCOUNT_TXNS},
    {"account-txns-format", required_argument, 0, O_ACCOUNT_TXNS_FORMAT},
    {"large-payment", required_argument, 0, O_LARGE_PAYMENT},
    {"list-worker-amount", required_argument, 0, O_LIST_WORKER_AMOUNT},
    {"list-total-amount", required_argument, 0, O_LIST_TOTAL_AMOUNT},
    {"warn-days", required_argument, 0, O_WARN_DAYS},
    {"allow-early-as-of", no_argument, 0, O_ALLOW_EARLY_AS_OF},
};
#define N_RUN_OPTIONS (sizeof run_options / sizeof run_options[0])
#define MAX_EXTRA_OPTIONS 32

/* --INPUT-format DESCRIPTOR describes the --INPUT file given last before
 * it (formats/README.md); `slot` is that file's descriptor. */
static int set_format(cli_run_args *c, const char *cmd, const char *input, bool have_file,
                      wr_format_ref *slot, const char **values, const char *arg)
{
    char msg[128];
    if (!have_file) {
        snprintf(msg, sizeof msg, "--%s-format must follow the --%s FILE it describes:", input,
                 input);
        return cli_usage_error(cmd, msg, arg);
    }
    if (slot->path) {
        snprintf(msg, sizeof msg, "two --%s-format for one --%s file:", input, input);
        return cli_usage_error(cmd, msg, arg);
    }
    slot->path = arg;
    c->last_format = slot;
    c->last_values = values;
    return 0;
}

int cli_add_format_value(wr_format_ref *ref, const char **store, const char *cmd,
                         const char *arg)
{
    if (!ref)
        return cli_usage_error(cmd, "--format-value must follow the descriptor (--INPUT-format "
                                    "DESCRIPTOR) it gives a value to:", arg);
    const char *problem = wr_format_value_problem(arg);
    char msg[160];
    if (problem) {
        snprintf(msg, sizeof msg, "--format-value %s, got", problem);
        return cli_usage_error(cmd, msg, arg);
    }
    if (ref->n_values == CLI_MAX_FORMAT_VALUES)
        return cli_usage_error(cmd, "too many --format-value for one descriptor:", arg);
    store[ref->n_values++] = arg;
    ref->values = store;
    return 0;
}

/* --INPUT-format for the last of the n files of a repeated role. */
static int set_role_format(cli_run_args *c, const char *cmd, const char *input,
                           cli_role_files *files, size_t n, const char *arg)
{
    size_t last = n ? n - 1 : 0;
    return set_format(c, cmd, input, n > 0, &files->formats[last], files->values[last], arg);
}

/* DECISIONS D82: an option that takes one value may be given once; a
 * second one is a usage error, never a silent override. */
static int once(cli_run_args *c, const char *cmd, int code, const char *name)
{
    static const int single[] = {O_PROJECTS, O_CONTRACTS, O_MIN_WAGE, O_HOLIDAYS, O_AS_OF,
                                 O_PERIOD,   O_FROM,      O_TO,       O_TOLERANCE, O_JOBS,
                                 O_OUT,      O_LANG,      O_LARGE_PAYMENT, O_LIST_WORKER_AMOUNT,
                                 O_LIST_TOTAL_AMOUNT, O_WARN_DAYS};
    for (size_t i = 0; i < sizeof single / sizeof single[0]; i++) {
        if (single[i] != code)
            continue;
        uint32_t bit = 1u << i;
        if (c->seen_once & bit)
            return cli_given_twice(cmd, name);
        c->seen_once |= bit;
    }
    return 0;
}

/* Applies one run option; returns 0, or an exit code. */
static int apply(cli_run_args *c, const char *cmd, int code, const char *arg)
{
    wr_options *o = &c->opt;
    for (size_t i = 0; i < N_RUN_OPTIONS; i++) {
        int rc;
        if (run_options[i].val == code && (rc = once(c, cmd, code, run_options[i].name)))
            return rc;
    }
    switch (code) { /* what does not name an input or a run setting */
    case O_QUIET: case O_VERBOSE: case O_JOBS: case O_OUT: case O_HELP:
        break;
    case O_LANG:
        c->have_lang = true;
        break;
    default:
        if (!c->input_option)
            for (size_t i = 0; i < N_RUN_OPTIONS; i++)
                if (run_options[i].val == code)
                    c->input_option = run_options[i].name;
    }
    switch (code) { /* an input file ends the previous descriptor's values */
    case O_PROJECTS:
    case O_CONTRACTS:
    case O_MIN_WAGE:
    case O_HOLIDAYS:
    case O_ATTENDANCE:
    case O_PAYMENTS:
    case O_ACCOUNT_TXNS:
        c->last_format = NULL;
        break;
    }
    switch (code) {
    case O_PROJECTS: o->projects = arg; o->projects_format = (wr_format_ref){0}; break;
    case O_CONTRACTS: o->contracts = arg; o->contracts_format = (wr_format_ref){0}; break;
    case O_MIN_WAGE: o->min_wage = arg; o->min_wage_format = (wr_format_ref){0}; break;
    case O_HOLIDAYS: o->holidays = arg; o->holidays_format = (wr_format_ref){0}; break;
    case O_PROJECTS_FORMAT:
        return set_format(c, cmd, "projects", o->projects, &o->projects_format, c->single_values[0],
                          arg);
    case O_CONTRACTS_FORMAT:
        return set_format(c, cmd, "contracts", o->contracts, &o->contracts_format, c->single_values[1],
                          arg);
    case O_MIN_WAGE_FORMAT:
        return set_format(c, cmd, "min-wage", o->min_wage, &o->min_wage_format, c->single_values[2],
                          arg);
    case O_HOLIDAYS_FORMAT:
        return set_format(c, cmd, "holidays", o->holidays, &o->holidays_format, c->single_values[3],
                          arg);
    case O_ATTENDANCE_FORMAT:
        return set_role_format(c, cmd, "attendance", &c->attendance, o->n_attendance, arg);
    case O_PAYMENTS_FORMAT:
        return set_role_format(c, cmd, "payments", &c->payments, o->n_payments, arg);
    case O_ACCOUNT_TXNS_FORMAT:
        return set_role_format(c, cmd, "account-txns", &c->account_txns, o->n_account_txns,
                               arg);
    case O_FORMAT_VALUE:
        return cli_add_format_value(c->last_format, c->last_values, cmd, arg);
    case O_ACCOUNT_TXNS:
        if (o->n_account_txns == CLI_MAX_FILES)
            return cli_usage_error(cmd, "too many --account-txns files", NULL);
        c->account_txns.paths[o->n_account_txns++] = arg;
        break;
    case O_LARGE_PAYMENT:
        if (!wr_parse_money_text(arg, &o->large_payment_fen))
            return cli_usage_error(cmd, "--large-payment wants yuan like 50000.00, got", arg);
        o->large_payment_set = true;
        break;
    case O_LIST_WORKER_AMOUNT:
        if (!wr_parse_money_text(arg, &o->list_worker_fen))
            return cli_usage_error(cmd, "--list-worker-amount wants yuan like 5000.00, got", arg);
        o->list_worker_set = true;
        break;
    case O_LIST_TOTAL_AMOUNT:
        if (!wr_parse_money_text(arg, &o->list_total_fen))
            return cli_usage_error(cmd, "--list-total-amount wants yuan like 30000.00, got", arg);
        o->list_total_set = true;
        break;
    case O_WARN_DAYS: {
        /* RULES 5.3 DUE_SOON: N >= 1; 0 or less is a usage error. */
        char *end;
        long n = strtol(arg, &end, 10);
        if (!*arg || *end || n < 1 || n > 3660)
            return cli_usage_error(cmd, "--warn-days wants a number of days 1-3660, got", arg);
        o->warn_days = (int)n;
        break;
    }
    case O_OUT: o->out_dir = arg; break;
    case O_REJECTS_RAW: o->rejects_raw = true; break;
    case O_QUIET: c->quiet = true; break;
    case O_VERBOSE: c->verbose = true; break;
    case O_ALLOW_EARLY_AS_OF: c->allow_early_as_of = true; break;
    case O_ATTENDANCE:
        if (o->n_attendance == CLI_MAX_FILES)
            return cli_usage_error(cmd, "too many --attendance files", NULL);
        c->attendance.paths[o->n_attendance++] = arg;
        break;
    case O_PAYMENTS:
        if (o->n_payments == CLI_MAX_FILES)
            return cli_usage_error(cmd, "too many --payments files", NULL);
        c->payments.paths[o->n_payments++] = arg;
        break;
    case O_PROJECT:
        if (o->n_project_filter == CLI_MAX_PROJECTS)
            return cli_usage_error(cmd, "too many --project options", NULL);
        c->project_filter[o->n_project_filter++] = arg;
        break;
    case O_AS_OF:
        if (!wr_parse_date_text(arg, &o->as_of_day))
            return cli_usage_error(cmd, "--as-of wants a date YYYY-MM-DD, got", arg);
        c->have_as_of = true;
        break;
    case O_PERIOD:
        if (!wr_parse_period_text(arg, &o->from_month))
            return cli_usage_error(cmd, "--period wants YYYY-MM, got", arg);
        o->to_month = o->from_month;
        c->have_period = true;
        break;
    case O_FROM:
        if (!wr_parse_period_text(arg, &o->from_month))
            return cli_usage_error(cmd, "--from wants YYYY-MM, got", arg);
        c->have_from = true;
        break;
    case O_TO:
        if (!wr_parse_period_text(arg, &o->to_month))
            return cli_usage_error(cmd, "--to wants YYYY-MM, got", arg);
        c->have_to = true;
        break;
    case O_TOLERANCE:
        if (!wr_parse_money_text(arg, &o->tolerance_fen))
            return cli_usage_error(cmd, "--tolerance wants yuan like 0.50, got", arg);
        break;
    case O_LANG:
        if (strcmp(arg, "zh") == 0)
            o->lang = WR_LANG_ZH;
        else if (strcmp(arg, "en") == 0)
            o->lang = WR_LANG_EN;
        else
            return cli_usage_error(cmd, "--lang wants zh or en, got", arg);
        break;
    case O_JOBS: {
        char *end;
        long n = strtol(arg, &end, 10);
        if (*end || n < 1 || n > 64)
            return cli_usage_error(cmd, "--jobs wants a number 1-64, got", arg);
        o->jobs = (int)n;
        break;
    }
    }
    return 0;
}

/* Parses argv into `a`; returns CLI_GO_ON, 0 after --help or 2 after a
 * usage error. Operands are moved after the options (GNU getopt);
 * *first_operand is the index of the first (argc if none). */
static int parse_run_args(int argc, char **argv, const char *hint, const char *usage,
                          const cli_extra *extra, cli_run_args *a, int *first_operand)
{
    struct option all[N_RUN_OPTIONS + MAX_EXTRA_OPTIONS + 1];
    size_t n = 0;
    memcpy(all, run_options, sizeof run_options);
    n = N_RUN_OPTIONS;
    for (size_t i = 0; extra && extra->options && extra->options[i].name; i++) {
        if (n == N_RUN_OPTIONS + MAX_EXTRA_OPTIONS)
            break;
        all[n++] = extra->options[i];
    }
    memset(&all[n], 0, sizeof all[n]);

    memset(a, 0, sizeof *a);
    a->opt.jobs = 1;
    a->opt.attendance = a->attendance.paths, a->opt.attendance_format = a->attendance.formats;
    a->opt.payments = a->payments.paths, a->opt.payments_format = a->payments.formats;
    a->opt.account_txns = a->account_txns.paths;
    a->opt.account_txns_format = a->account_txns.formats;
    a->opt.project_filter = a->project_filter;
    opterr = 0;
    optind = 1;
    int code;
    while ((code = getopt_long(argc, argv, ":", all, NULL)) != -1) {
        if (code == O_HELP) {
            fputs(usage, stdout);
            return 0;
        }
        if (code == '?' || code == ':')
            return cli_getopt_error(hint, argv, code);
        int rc = code >= CLI_EXTRA_OPTION_BASE ? extra->apply(extra->ctx, code, optarg)
                                               : apply(a, hint, code, optarg);
        if (rc)
            return rc;
    }
    *first_operand = optind;
    return CLI_GO_ON;
}

/* Checks that the options a run needs are all there and agree; returns
 * CLI_GO_ON or 2. */
static int check_run_args(const cli_run_args *c, const char *hint)
{
    const wr_options *o = &c->opt;
    if (!o->projects)
        return cli_usage_error(hint, "missing --projects FILE", NULL);
    if (!o->contracts)
        return cli_usage_error(hint, "missing --contracts FILE", NULL);
    if (o->n_attendance == 0)
        return cli_usage_error(hint, "missing --attendance FILE (repeat for several files)", NULL);
    if (o->n_payments == 0)
        return cli_usage_error(hint, "missing --payments FILE (repeat for several files)", NULL);
    if (!c->have_as_of)
        return cli_usage_error(hint, "missing --as-of YYYY-MM-DD", NULL);
    if (c->have_period == (c->have_from || c->have_to))
        return cli_usage_error(hint, "give either --period YYYY-MM or --from YYYY-MM --to YYYY-MM",
                               NULL);
    if (!c->have_period && !(c->have_from && c->have_to))
        return cli_usage_error(hint, "--from and --to go together", NULL);
    if (o->from_month > o->to_month)
        return cli_usage_error(hint, "--from is after --to", NULL);
    if (o->to_month - o->from_month >= 120)
        return cli_usage_error(hint, "the run covers at most 120 months", NULL);
    /* D83: payments after as-of do not count (RULES 5.1), so an as-of
     * inside the last period would make every later payment missing. */
    wr_day period_end = wr_month_last_day(o->to_month);
    if (o->as_of_day < period_end && !c->allow_early_as_of) {
        char end[11], as_of[11], msg[200];
        wr_format_day(period_end, end);
        wr_format_day(o->as_of_day, as_of);
        snprintf(msg, sizeof msg,
                 "--as-of %s is before the last period ends (%s): payments after it would not "
                 "count; give --allow-early-as-of if that is meant",
                 as_of, end);
        return cli_usage_error(hint, msg, NULL);
    }
    return CLI_GO_ON;
}

int cli_parse_and_check(const cli_command *cmd, int argc, char **argv, cli_run_args *a,
                        const char **operand)
{
    char hint[64];
    snprintf(hint, sizeof hint, "%s ", cmd->name);
    int first_operand = 0, rc;
    if ((rc = parse_run_args(argc, argv, hint, cmd->usage, cmd->extra, a, &first_operand)) !=
        CLI_GO_ON)
        return rc;
    if (cmd->missing_operand) {
        if (first_operand >= argc)
            return cli_usage_error(hint, cmd->missing_operand, NULL);
        *operand = argv[first_operand++];
    }
    if (first_operand < argc)
        return cli_usage_error(hint, "unexpected argument", argv[first_operand]);
    if (cmd->inputs_elsewhere && *cmd->inputs_elsewhere) {
        if (a->input_option) {
            char msg[200];
            snprintf(msg, sizeof msg, "%s takes the run's inputs and options from its run.json: "
                     "give no --%s with it", cmd->elsewhere_option, a->input_option);
            return cli_usage_error(hint, msg, NULL);
        }
        return CLI_GO_ON;
    }
    if ((rc = check_run_args(a, hint)) != CLI_GO_ON)
        return rc;
    if (cmd->needs_out && !a->opt.out_dir)
        return cli_usage_error(hint, "missing --out DIR", NULL);
    return CLI_GO_ON;
}
