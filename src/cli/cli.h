/*
 * What the subcommands share: the run's input options (run, and later
 * explain and partition take the same ones), usage errors, masking for
 * the terminal. One file per subcommand (cmd_*.c); main.c dispatches.
 */
#ifndef WR_CLI_H
#define WR_CLI_H

#include <getopt.h>
#include <stdbool.h>

#include "wagerecon/wagerecon.h"

/* Prints "wagerecon: msg arg" and a pointer to `hint_cmd --help`; returns 2. */
int cli_usage_error(const char *hint_cmd, const char *msg, const char *arg);

/* The run's options, parsed. */
typedef struct {
    wr_options opt;
    bool quiet, verbose;
    bool have_as_of, have_period, have_from, have_to;
} cli_run_args;

/* Codes for a subcommand's own options start here. */
#define CLI_EXTRA_OPTION_BASE 1024

/* A subcommand's own options: `options` (codes >= CLI_EXTRA_OPTION_BASE,
 * ending with a zero entry) applied by `apply` (returns 0 or an exit
 * code); NULL for none. */
typedef struct {
    const struct option *options;
    int (*apply)(void *ctx, int code, const char *arg);
    void *ctx;
} cli_extra;

/* Parses argv (argv[0] is the subcommand name) into `a`. Returns 0 to go
 * on, -1 when --help was printed (exit 0), or an exit code after printing
 * a usage error. Operands are moved after the options (GNU getopt);
 * *first_operand is the index of the first (argc if none). */
int cli_parse_run_args(int argc, char **argv, const char *cmd, const char *usage,
                       const cli_extra *extra, cli_run_args *a, int *first_operand);

/* Checks that the options a run needs are all there; returns 0 or 2. */
int cli_check_run_args(const cli_run_args *a, const char *cmd);

/* The human summary of a run (or merge) and its per-file rows alone;
 * file names only, never personal data. */
void cli_print_summary(const wr_report *r);
void cli_print_file_rows(const wr_report *r);

/* Progress on stderr (cli_progress.c): drawn when stderr is a terminal
 * and not --quiet; stage timings with --verbose. */
typedef struct {
    bool draw, verbose, line_open;
    uint64_t last_draw_ns;
} cli_progress;

/* Points a->opt.progress at the drawer when anything is to be shown. */
void cli_progress_attach(cli_progress *p, cli_run_args *a);

/* Subcommands: each returns the process exit code. */
int cmd_run(int argc, char **argv);
int cmd_formats(int argc, char **argv);
int cmd_partition(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_explain(int argc, char **argv);

#endif
