/*
 * `wagerecon partition`: the run's input options plus --parts N; splits
 * the inputs into N parts (docs/SCALE_OUT.md). All logic is in the
 * library (wr_partition).
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static const char usage_partition[] =
    "usage: wagerecon partition --parts N --out DIR <the options of wagerecon run>\n"
    "\n"
    "Splits the inputs of one run into N self-contained parts DIR/part-0001 ...\n"
    "(zstd inputs and an `args` file), each worker in exactly one part. Run\n"
    "each part with `cd DIR/part-NNNN && wagerecon run $(cat args) --out out`,\n"
    "then `wagerecon merge --out FINAL DIR/*/out`: the merged outputs are the\n"
    "single run's, byte for byte. DIR must not exist or be empty.\n"
    "Exit: 0 done, 2 bad usage or input (nothing written).\n";

enum { O_PARTS = CLI_EXTRA_OPTION_BASE };

static const struct option partition_options[] = {
    {"parts", required_argument, 0, O_PARTS},
    {0, 0, 0, 0},
};

static int apply_parts(void *ctx, int code, const char *arg)
{
    (void)code;
    if (*(int *)ctx)
        return cli_given_twice("partition ", "parts"); /* D261 */
    char *end;
    long n = strtol(arg, &end, 10);
    if (*end || n < 1 || n > WR_MAX_PARTS)
        return cli_usage_error("partition ", "--parts wants a number 1-1024, got", arg);
    *(int *)ctx = (int)n;
    return 0;
}

int cmd_partition(int argc, char **argv)
{
    static cli_run_args c;
    int parts = 0;
    const cli_extra extra = {partition_options, apply_parts, &parts};
    const cli_command partition = {"partition", usage_partition, &extra, NULL, true, NULL, NULL};
    int rc = cli_parse_and_check(&partition, argc, argv, &c, NULL);
    if (rc != CLI_GO_ON)
        return rc;
    if (!parts)
        return cli_usage_error("partition ", "missing --parts N", NULL);
    static wr_report report;
    wr_error err;
    wr_status st = wr_partition(&c.opt, parts, &report, &err);
    if (st != WR_OK)
        fprintf(stderr, "wagerecon: %s\n", err.message);
    else if (!c.quiet) {
        cli_print_file_rows(&report);
        printf("%d parts in %s\n", parts, c.opt.out_dir);
    }
    wr_report_free(&report);
    return st;
}
