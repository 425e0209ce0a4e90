/*
 * What a subcommand writing outputs (run, merge) does on SIGINT or
 * SIGTERM: removes the output set being written, not yet published
 * (wr_remove_partial_outputs, async-signal-safe), then dies of
 * the same signal, so the shell sees the usual status (128 + signal) and
 * the previous outputs stay as they were.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void on_stop_signal(int sig)
{
    wr_remove_partial_outputs();
    signal(sig, SIG_DFL);
    raise(sig);
}

void cli_remove_partial_outputs_on_stop(void)
{
    signal(SIGINT, on_stop_signal);
    signal(SIGTERM, on_stop_signal);
}
