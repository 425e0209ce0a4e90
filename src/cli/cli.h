/*
 * What the subcommands share: the run's input options (run, explain and
 * partition take the same ones, through cli_parse_and_check), usage
 * errors, masking for the terminal. One file per subcommand (cmd_*.c);
 * main.c dispatches.
 */
#ifndef WR_CLI_H
#define WR_CLI_H

#include <getopt.h>
#include <stdbool.h>

#include "wagerecon/wagerecon.h"

/* Prints "wagerecon: msg arg" and a pointer to `hint_cmd --help`; returns 2. */
int cli_usage_error(const char *hint_cmd, const char *msg, const char *arg);

/* After getopt_long (optstring ":", opterr = 0) returned code ':' (an
 * option without its value) or '?' (an unknown option): the usage error
 * for the option at argv[optind - 1]; returns 2. */
int cli_getopt_error(const char *hint_cmd, char **argv, int code);

/* DECISIONS D82, D261: an option that takes one value, given a second
 * time: "wagerecon: --NAME given twice (it takes one value)" (`name`
 * without the dashes); returns 2. Never a silent override. */
int cli_given_twice(const char *hint_cmd, const char *name);

/* The CLI's own limits (DECISIONS D242): wr_options has no fixed arrays;
 * the CLI keeps these for the arrays it owns and passes, and refuses more
 * in its own words. */
#define CLI_MAX_FILES 64          /* --attendance, --payments, --account-txns each */
#define CLI_MAX_FORMAT_VALUES 8   /* --format-value per descriptor */
#define CLI_MAX_PROJECTS 256      /* --project */

/* The files of one repeated role, with their descriptors and values. */
typedef struct {
    const char *paths[CLI_MAX_FILES];
    wr_format_ref formats[CLI_MAX_FILES];
    const char *values[CLI_MAX_FILES][CLI_MAX_FORMAT_VALUES];
} cli_role_files;

/* The run's options, parsed; opt points into the arrays below. */
typedef struct {
    wr_options opt;
    cli_role_files attendance, payments, account_txns;
    /* --format-value of projects, contracts, min-wage, holidays */
    const char *single_values[4][CLI_MAX_FORMAT_VALUES];
    const char *project_filter[CLI_MAX_PROJECTS];
    bool quiet, verbose;
    bool have_as_of, have_period, have_from, have_to;
    bool allow_early_as_of;  /* D83 */
    bool have_lang;          /* --lang given */
    const char *input_option; /* the first option naming an input or run setting */
    uint32_t seen_once;      /* single-valued options given so far (D82) */
    wr_format_ref *last_format; /* the descriptor a --format-value goes to (D47) */
    const char **last_values;   /* and the storage of its values */
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

/* A subcommand that takes the run's input options. */
typedef struct {
    const char *name;            /* "run": usage errors say `Try 'wagerecon run --help'.` */
    const char *usage;           /* printed on stdout by --help */
    const cli_extra *extra;      /* its own options, or NULL */
    const char *missing_operand; /* it takes one operand, and this is the usage error when
                                    none is given; NULL: it takes no operand */
    bool needs_out;              /* --out DIR is required */
    /* When set and *inputs_elsewhere is true once parsed (explain --run),
     * the inputs and settings come from elsewhere: giving any is a usage
     * error naming `elsewhere_option`, and none is required. */
    const bool *inputs_elsewhere;
    const char *elsewhere_option;
} cli_command;

/* `formats convert`'s status when some rows were not written (exit 1,
 * its usage text): a CLI outcome, not a library code; no wr_status is 1. */
#define CLI_ROWS_NOT_WRITTEN 1

/* cli_parse_and_check's "no exit yet: the subcommand goes on". */
#define CLI_GO_ON (-1)

/* The preamble every subcommand taking the run's inputs shares. Parses
 * argv (argv[0] is the subcommand name) into `a`: --help prints the usage
 * and stops (exit 0); an unknown option, a missing value or a bad value
 * (dates, months, --jobs, --tolerance, --lang, --INPUT-format placement,
 * and the extra options' own apply) is a usage error. Then, in this
 * order: the operand when cmd->missing_operand is set (operands may sit
 * among the options: GNU getopt moves them after), no further operand
 * ("unexpected argument"), the run options complete and consistent
 * (--projects, --contracts, --attendance, --payments, --as-of, --period
 * or --from/--to, at most 120 months), --out DIR when cmd->needs_out.
 * Each usage error is "wagerecon: ..." plus a pointer to `wagerecon NAME
 * --help` on stderr. Returns CLI_GO_ON (with *operand set to the operand
 * when cmd->missing_operand is set; `operand` is unused, and may be NULL,
 * otherwise), or the exit code to stop with: 0 after --help, 2 after a
 * usage error.
 * The caller still decides what is its own: whether its own options are
 * all given (partition: --parts), what the operand must look like
 * (explain: a flag id), and everything the run does after. */
int cli_parse_and_check(const cli_command *cmd, int argc, char **argv, cli_run_args *a,
                        const char **operand);

/* --format-value NAME=VALUE for the descriptor `ref` (NULL: none given
 * before it, a usage error), kept in `store` (CLI_MAX_FORMAT_VALUES
 * entries, the caller's; ref->values points at it); returns 0 or 2.
 * `hint_cmd` as for cli_usage_error. */
int cli_add_format_value(wr_format_ref *ref, const char **store, const char *hint_cmd,
                         const char *arg);

/* The human summary of a run (or merge) and its per-file rows alone;
 * file names only, never personal data. */
void cli_print_summary(const wr_report *r);
void cli_print_file_rows(const wr_report *r);
/* Payment status words other than SUCCESS, with rows and amounts. */
void cli_print_status_words(const wr_report *r);

/* Progress on stderr (cli_progress.c): drawn when stderr is a terminal
 * and not --quiet; stage timings with --verbose. */
typedef struct {
    bool draw, verbose, line_open;
    uint64_t last_draw_ns;
} cli_progress;

/* Points a->opt.progress at the drawer when anything is to be shown. */
void cli_progress_attach(cli_progress *p, cli_run_args *a);

/* SIGINT and SIGTERM remove the temporary files of the outputs being
 * written, then stop the process by that signal (cli_signals.c). */
void cli_remove_partial_outputs_on_stop(void);

/* Subcommands: each returns the process exit code. */
int cmd_run(int argc, char **argv);
int cmd_formats(int argc, char **argv);
int cmd_partition(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_cases(int argc, char **argv);

#endif
