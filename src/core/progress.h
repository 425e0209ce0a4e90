/*
 * Progress and stage timings for the caller (wr_options.progress): the
 * library measures and reports, the caller decides whether and how to
 * show it (the CLI draws one line per stage on a terminal). Reports come
 * at a stage's start and end and, while a file is read, once per input
 * buffer (256 KiB), so the per-row loop never looks at a clock.
 */
#ifndef WR_PROGRESS_H
#define WR_PROGRESS_H

#include "wagerecon/wagerecon.h"

/* Monotonic nanoseconds. */
uint64_t wr_now_ns(void);

typedef struct {
    const wr_options *opt;
    wr_progress p;
    uint64_t start_ns;
} wr_stage_clock;

/* Reports the start of a stage (file and role for WR_STAGE_READ, else
 * NULL); nothing when opt has no callback. */
void wr_stage_begin(wr_stage_clock *c, const wr_options *opt, wr_stage stage, const char *file,
                    const char *role, uint64_t bytes_total);
/* While reading: bytes of the file consumed, data rows so far. */
void wr_stage_update(wr_stage_clock *c, uint64_t bytes_read, uint64_t rows);
/* Reports the end, with the elapsed time. */
void wr_stage_end(wr_stage_clock *c);

#endif
