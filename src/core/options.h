/*
 * The library's own check of wr_options (issue 19): every entry point
 * (wr_run, wr_partition, wr_explain_open) calls wr_options_check first,
 * so a NULL or inconsistent option is WR_EUSAGE with a message, never a
 * crash, whoever the caller. The CLI checks the same things earlier with
 * its own words (cli/cli_options.c); this is the library's floor.
 */
#ifndef WR_OPTIONS_H
#define WR_OPTIONS_H

#include <stdbool.h>

#include "wagerecon/wagerecon.h"

/* Checks o (NULL included); with needs_out, out_dir must be set too.
 * Returns WR_OK, or WR_EUSAGE with err set (err may be NULL). */
wr_status wr_options_check(const wr_options *o, bool needs_out, wr_error *err);

/* The start of wr_run and wr_partition: report is zeroed (when set),
 * report and err must be set (else WR_EUSAGE), err emptied, then o
 * checked with an out_dir. Returns WR_OK or WR_EUSAGE. */
wr_status wr_options_begin(const wr_options *o, wr_report *report, wr_error *err);

#endif
