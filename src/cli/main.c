/*
 * The wagerecon command line: dispatches to one subcommand (cmd_*.c).
 * All logic is in the library.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* jemalloc (linked by the Makefile) reads this at start: transparent huge
 * pages for its mappings. The model's arrays and tables grow to hundreds
 * of MB on a city's month; in 4 KiB pages that is ~125,000 page faults, a
 * quarter of a run's CPU on a virtual machine (perf, issue 17); in 2 MiB
 * pages about 2,000. One arena for every thread (D321): with one per
 * thread (jemalloc's default, 4 per CPU) a thread started for a stage
 * (--jobs) took an arena of its own, and pages freed in one arena were
 * not reused by the next stage's threads. Other allocators ignore the
 * symbol. */
const char *malloc_conf = "thp:always,narenas:1";

static const char usage_main[] =
    "usage: wagerecon run [options]     reconcile wages (see: wagerecon run --help)\n"
    "       wagerecon formats check|convert DESCRIPTOR FILE\n"
    "                                   read a bank or device file through a format\n"
    "                                   descriptor (see: wagerecon formats --help)\n"
    "       wagerecon partition [options]  split a run into N parts by worker (scale-out)\n"
    "       wagerecon merge [options]      merge the parts' outputs into one run's\n"
    "       wagerecon explain FLAG_ID [options]\n"
    "                                   why a flag exists (see: wagerecon explain --help)\n"
    "       wagerecon cases list|history|changes|employers --store URL\n"
    "                                   the case store across runs (see: wagerecon cases --help)\n"
    "       wagerecon --help | --version\n";

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
} commands[] = {
    {"run", cmd_run},
    {"formats", cmd_formats},
    {"partition", cmd_partition},
    {"merge", cmd_merge},
    {"explain", cmd_explain},
    {"cases", cmd_cases},
};

/* The process exit code of a command's status (RULES section 6; README
 * "Exit codes"): the one place where library codes become exit codes. */
static int exit_code(int status)
{
    switch (status) {
    case WR_OK:
        return 0;
    case CLI_ROWS_NOT_WRITTEN:
        return 1;
    case WR_HIGH_FLAGS:
        return 3;
    case WR_ESELFCHECK:
        return 4;
    case WR_ESTORE:
        return 5;
    default: /* bad usage, unreadable input, outputs not written, out of memory */
        return 2;
    }
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(NULL, "no command given", NULL);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage_main, stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("wagerecon %s\n", WAGERECON_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return exit_code(commands[i].run(argc - 1, argv + 1));
    return cli_usage_error(NULL, "unknown command", argv[1]);
}
