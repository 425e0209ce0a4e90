/* Stage clocks reporting to wr_options.progress (see progress.h). */
#include "progress.h"

#include <string.h>
#include <time.h>

uint64_t wr_now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void report(wr_stage_clock *c)
{
    c->p.elapsed_ns = wr_now_ns() - c->start_ns;
    c->opt->progress(c->opt->progress_ctx, &c->p);
}

void wr_stage_begin(wr_stage_clock *c, const wr_options *opt, wr_stage stage, const char *file,
                    const char *role, uint64_t bytes_total)
{
    memset(c, 0, sizeof *c);
    c->opt = opt;
    if (!opt->progress)
        return;
    c->p.stage = stage;
    c->p.file = file;
    c->p.role = role;
    c->p.bytes_total = bytes_total;
    c->start_ns = wr_now_ns();
    report(c);
}

void wr_stage_update(wr_stage_clock *c, uint64_t bytes_read, uint64_t rows)
{
    if (!c->opt->progress)
        return;
    c->p.bytes_read = bytes_read;
    c->p.rows = rows;
    report(c);
}

void wr_stage_end(wr_stage_clock *c)
{
    if (!c->opt->progress)
        return;
    c->p.done = true;
    report(c);
}
