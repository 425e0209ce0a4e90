/*
 * `wagerecon explain FLAG_ID`: the evidence behind one flag, as text for
 * a person (IDs masked) or, with --json, one JSON object for a case file.
 * Takes the run's input options, or --run DIR: the run.json of that run's
 * --out folder (DECISIONS D160); --flags names the flags.csv of the run
 * that raised it, so only that worker's (or account's) rows are parsed.
 * All logic is in the library (wagerecon/explain.h).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "wagerecon/explain.h"

static const char usage_explain[] =
    "usage: wagerecon explain FLAG_ID --run DIR [--json] [--lang zh|en]\n"
    "       wagerecon explain FLAG_ID [--flags FLAGS.CSV] [--json] [--lang zh|en]\n"
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
    "(full IDs, as flags.jsonl; its keys and words are the same in every language).\n"
    "--run DIR (the run's --out folder) takes the inputs and options from its\n"
    "run.json and the flag from its flags.csv: type none of them again; an input\n"
    "changed since that run (its XXH3 digest differs) is refused.\n"
    "Without --run: --flags FLAGS.CSV (the run's flags.csv) finds the flag there\n"
    "and reads only its worker's rows; without it every row is evaluated first.\n"
    "--lang zh (Chinese, the default, as report.html) or en: the text's language;\n"
    "with --run the default is the language of that run's report (its --lang).\n"
    "--out is accepted and not used.\n"
    "Exit: 0 explained, 2 bad usage, unreadable or changed input or no such flag.\n";

typedef struct {
    const char *flags_csv;
    const char *run_dir;
    bool json, have_run;
} explain_args;

enum { O_FLAGS = CLI_EXTRA_OPTION_BASE, O_JSON, O_RUN };

static const struct option explain_options[] = {
    {"flags", required_argument, 0, O_FLAGS},
    {"json", no_argument, 0, O_JSON},
    {"run", required_argument, 0, O_RUN},
    {0, 0, 0, 0},
};

static int apply_explain(void *ctx, int code, const char *arg)
{
    explain_args *a = ctx;
    if ((code == O_FLAGS && a->flags_csv) || (code == O_RUN && a->run_dir))
        return cli_given_twice("explain ", code == O_RUN ? "run" : "flags");
    if (code == O_FLAGS)
        a->flags_csv = arg;
    else if (code == O_RUN)
        a->run_dir = arg, a->have_run = true;
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
                                 "missing FLAG_ID (the flag_id column of flags.csv)", false,
                                 &ea.have_run, "--run DIR"};
    const char *flag_id;
    int rc = cli_parse_and_check(&explain, argc, argv, &c, &flag_id);
    if (rc != CLI_GO_ON)
        return rc;
    if (ea.run_dir && ea.flags_csv)
        return cli_usage_error("explain ", "--run DIR reads the flag from DIR's flags.csv: give "
                                           "no --flags with it", NULL);
    wr_error err;
    wr_run_record *record = NULL;
    const char *flags_csv = ea.flags_csv;
    if (ea.run_dir) { /* DECISIONS D160: the options of that run, its inputs unchanged */
        if (wr_run_record_open(ea.run_dir, &record, &err) != WR_OK) {
            fprintf(stderr, "wagerecon: %s\n", err.message);
            return WR_EINPUT;
        }
        wr_lang lang = c.opt.lang;
        c.opt = *wr_run_record_options(record);
        if (c.have_lang) /* else the language of that run's report */
            c.opt.lang = lang;
        flags_csv = wr_run_record_flags_csv(record);
    }
    wr_explanation *x;
    static cli_progress progress;
    cli_progress_attach(&progress, &c);
    rc = 0;
    if (wr_explain_open(&c.opt, flag_id, flags_csv, &x, &err) != WR_OK) {
        fprintf(stderr, "wagerecon: %s\n", err.message);
        rc = WR_EINPUT;
    } else {
        wr_explain_write(x, ea.json ? WR_EXPLAIN_JSON : WR_EXPLAIN_TEXT, stdout);
        if (c.verbose) {
            uint64_t read, skipped;
            wr_explain_rows(x, &read, &skipped);
            fprintf(stderr, "explain: %llu rows read, %llu of other workers or accounts "
                    "skipped unparsed\n", (unsigned long long)read, (unsigned long long)skipped);
        }
        wr_explain_close(x);
    }
    wr_run_record_close(record);
    return rc;
}
