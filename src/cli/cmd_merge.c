/*
 * `wagerecon merge --out DIR PART_OUT...`: combines the outputs of
 * `wagerecon run` on every part of a partition (docs/SCALE_OUT.md). All
 * logic is in the library (wr_merge).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage_merge[] =
    "usage: wagerecon merge --out DIR [--quiet] PART/out...\n"
    "\n"
    "Merges the outputs of `wagerecon run` on every part written by\n"
    "`wagerecon partition` (give each part's output folder, e.g. parts/*/out)\n"
    "into DIR: flags.csv flags.jsonl ledger.csv cases.jsonl summary.json\n"
    "rejects.csv report.html, byte-identical to one run on the whole input (each\n"
    "part run with its args, which hold --report-rows). Checks that the\n"
    "folders are all the parts of one partition and re-checks the control\n"
    "totals over the merge before writing (atomically, like run).\n"
    "Exit: 0 no high-severity flag, 3 high-severity flags, 2 bad usage or parts,\n"
    "4 self-check failed.\n";

static const struct option merge_options[] = {
    {"out", required_argument, 0, 'o'},
    {"quiet", no_argument, 0, 'q'},
    {"help", no_argument, 0, 'h'},
    {0, 0, 0, 0},
};

int cmd_merge(int argc, char **argv)
{
    const char *out = NULL;
    bool quiet = false;
    int code;
    opterr = 0;
    optind = 1;
    while ((code = getopt_long(argc, argv, ":", merge_options, NULL)) != -1) {
        switch (code) {
        case 'o':
            if (out)
                return cli_given_twice("merge ", "out"); /* D261 */
            out = optarg;
            break;
        case 'q': quiet = true; break;
        case 'h': fputs(usage_merge, stdout); return 0;
        default:
            return cli_getopt_error("merge ", argv, code);
        }
    }
    if (!out)
        return cli_usage_error("merge ", "missing --out DIR", NULL);
    if (optind == argc)
        return cli_usage_error("merge ", "give the parts' output folders (e.g. parts/*/out)",
                               NULL);
    static wr_report report;
    wr_error err;
    cli_remove_partial_outputs_on_stop();
    wr_status st = wr_merge((const char *const *)argv + optind, (size_t)(argc - optind), out,
                            &report, &err);
    if (st != WR_OK && st != WR_HIGH_FLAGS)
        fprintf(stderr, "wagerecon: %s\n", err.message);
    else if (!quiet) {
        cli_print_summary(&report);
        printf("outputs in %s\n", out);
    }
    wr_report_free(&report);
    return st;
}
