/*
 * Progress on the terminal: the library reports stages and bytes read
 * (wr_options.progress); this draws them. On a terminal (stderr is a tty)
 * and without --quiet, each stage gets one line on stderr that updates in
 * place (file, MB read of its size, rows, rows/s, ETA from bytes read /
 * file size) at most five times a second, and stays with its timing when
 * the stage ends. With --verbose the stage timings are printed even when
 * stderr is not a terminal. Otherwise nothing is printed.
 */
#include <stdio.h>
#include <unistd.h>

#include "../core/progress.h"
#include "cli.h"

#define REDRAW_NS 200000000u /* at most 5 redraws a second */

static const char *stage_name(wr_stage s)
{
    static const char *const names[] = {"read", "evaluate", "flags", "outputs", "store diff",
                                        "store write"};
    return names[s];
}

static void print_line(const wr_progress *p)
{
    double secs = (double)p->elapsed_ns / 1e9;
    if (p->stage != WR_STAGE_READ) {
        if (p->done)
            fprintf(stderr, "%-8s %.2f s", stage_name(p->stage), secs);
        else
            fprintf(stderr, "%-8s ...", stage_name(p->stage));
        return;
    }
    double mb = (double)p->bytes_read / 1e6, total_mb = (double)p->bytes_total / 1e6;
    double rate = secs > 0 ? (double)p->rows / secs : 0;
    fprintf(stderr, "read     %-28.28s ", p->file);
    if (p->done) {
        fprintf(stderr, "%.1f MB  %llu rows  %.2f s  (%.0f rows/s)", mb,
                (unsigned long long)p->rows, secs, rate);
        return;
    }
    if (p->bytes_total)
        fprintf(stderr, "%.1f/%.1f MB", mb, total_mb);
    else
        fprintf(stderr, "%.1f MB", mb);
    fprintf(stderr, "  %llu rows  %.0f rows/s", (unsigned long long)p->rows, rate);
    if (p->bytes_total && p->bytes_read > 0 && p->bytes_read <= p->bytes_total)
        fprintf(stderr, "  ETA %.0f s",
                secs * (double)(p->bytes_total - p->bytes_read) / (double)p->bytes_read);
}

static void on_progress(void *ctx, const wr_progress *p)
{
    cli_progress *c = ctx;
    if (!p->done) {
        uint64_t t = wr_now_ns();
        if (!c->draw || (c->line_open && t - c->last_draw_ns < REDRAW_NS))
            return;
        c->last_draw_ns = t;
        fputs("\r\033[K", stderr);
        print_line(p);
        c->line_open = true;
        return;
    }
    if (c->draw)
        fputs("\r\033[K", stderr);
    if (c->draw || c->verbose) {
        print_line(p);
        fputc('\n', stderr);
    }
    c->line_open = false;
}

void cli_progress_attach(cli_progress *p, cli_run_args *a)
{
    p->draw = !a->quiet && isatty(STDERR_FILENO);
    p->verbose = a->verbose;
    p->line_open = false;
    p->last_draw_ns = 0;
    if (p->draw || p->verbose) {
        a->opt.progress = on_progress;
        a->opt.progress_ctx = p;
    }
}
