/*
 * `wagerecon explain FLAG_ID`: the evidence behind one flag, as text for
 * a person (IDs masked) or, with --json, one JSON object for a case file.
 * Takes the run's input options; --flags names the flags.csv of the run
 * that raised it, so only that worker's (or account's) rows are parsed.
 * All logic is in the library (wagerecon/explain.h).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "wagerecon/explain.h"

static const char usage_explain[] =
    "usage: wagerecon explain FLAG_ID [--flags FLAGS.CSV] [--json]\n"
    "                         (the options of the run that raised the flag:)\n"
    "                         --projects FILE --contracts FILE --attendance FILE...\n"
    "                         --payments FILE... --as-of YYYY-MM-DD\n"
    "                         (--period YYYY-MM | --from YYYY-MM --to YYYY-MM)\n"
    "                         [--min-wage FILE] [--holidays FILE] [--tolerance YUAN]\n"
    "                         [--project ID]... [--quiet] [--verbose]\n"
    "                         [--INPUT-format DESCRIPTOR [--format-value NAME=VALUE]...]...\n"
    "\n"
    "Prints why flag FLAG_ID (from flags.csv) exists: the worker and project, each\n"
    "attended day with its source file:line, the contract, the owed arithmetic,\n"
    "the due date step by step, each payment and whether it counts, and the\n"
    "status. ID numbers are masked; --json prints one JSON object for a case file\n"
    "(full IDs, as flags.jsonl). --flags FLAGS.CSV (the run's flags.csv) finds the\n"
    "flag there and reads only its worker's rows; without it every row is\n"
    "evaluated first. --out is accepted and not used.\n"
    "Exit: 0 explained, 2 bad usage, unreadable input or no such flag.\n";

typedef struct {
    const char *flags_csv;
    bool json;
} explain_args;

enum { O_FLAGS = CLI_EXTRA_OPTION_BASE, O_JSON };

static const struct option explain_options[] = {
    {"flags", required_argument, 0, O_FLAGS},
    {"json", no_argument, 0, O_JSON},
    {0, 0, 0, 0},
};

static int apply_explain(void *ctx, int code, const char *arg)
{
    explain_args *a = ctx;
    if (code == O_FLAGS)
        a->flags_csv = arg;
    else
        a->json = true;
    return 0;
}

int cmd_explain(int argc, char **argv)
{
    static cli_run_args c;
    explain_args ea = {0};
    const cli_extra extra = {explain_options, apply_explain, &ea};
    /* --out is accepted and not used (usage_explain). */
    const cli_command explain = {"explain", usage_explain, &extra,
                                 "missing FLAG_ID (the flag_id column of flags.csv)", false};
    const char *flag_id;
    int rc = cli_parse_and_check(&explain, argc, argv, &c, &flag_id);
    if (rc != CLI_GO_ON)
        return rc;
    wr_error err;
    wr_explanation *x;
    static cli_progress progress;
    cli_progress_attach(&progress, &c);
    if (wr_explain_open(&c.opt, flag_id, ea.flags_csv, &x, &err) != WR_OK) {
        fprintf(stderr, "wagerecon: %s\n", err.message);
        return WR_EINPUT;
    }
    wr_explain_write(x, ea.json ? WR_EXPLAIN_JSON : WR_EXPLAIN_TEXT, stdout);
    if (c.verbose) {
        uint64_t read, skipped;
        wr_explain_rows(x, &read, &skipped);
        fprintf(stderr, "explain: %llu rows read, %llu of other workers or accounts skipped "
                "unparsed\n", (unsigned long long)read, (unsigned long long)skipped);
    }
    wr_explain_close(x);
    return 0;
}
