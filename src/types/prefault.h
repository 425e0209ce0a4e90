/*
 * Pages made ahead of use on a thread of their own (issue 17, D295).
 *
 * On this kind of VM a page's first touch is dear (a 2 MiB huge page
 * ~0.1-4 ms: the kernel zeroes it, and the host may have to back it
 * first), and at --jobs 2 the calling thread, which applies every row in
 * file order, took ~0.2 s of such faults in its growing arrays, tables
 * and arena (docs/PARALLEL.md). With the prefault thread started, those
 * structures ask it to populate (madvise MADV_POPULATE_WRITE) the next
 * huge page before they reach it. Populating writes no byte (a fresh
 * page reads as zeros either way), so the asker and the thread share no
 * data, only the page tables, which the kernel keeps consistent.
 *
 * What the asker must do: before it unmaps or moves (mremap) memory it
 * asked for, call wr_prefault_forget, which drops the asks over it and
 * waits for a populate running there; an address reused by another
 * mapping is then never populated for nothing.
 *
 * Without the thread (--jobs 1, or a kernel before 5.14: EINVAL, after
 * which asks are ignored) every call is a no-op but for one atomic load.
 */
#ifndef WR_PREFAULT_H
#define WR_PREFAULT_H

#include <stdbool.h>
#include <stddef.h>

/* Starts the thread (counted: each start is followed by one stop; the
 * first starts it). False when it could not be started: asks are then
 * ignored. */
bool wr_prefault_start(void);
/* The last stop drops the asks left and joins the thread. */
void wr_prefault_stop(void);
/* True while asks are served (the thread runs and the kernel has
 * MADV_POPULATE_WRITE). */
bool wr_prefault_on(void);
/* Asks for [p, p + n) (whole pages) to be populated, in the order asked;
 * dropped when the queue is full or the thread is off. */
void wr_prefault_ask(void *p, size_t n);
/* Before [p, p + n) is unmapped or moved: drops the asks that overlap it
 * and waits while a populate overlapping it runs (at most one huge page). */
void wr_prefault_forget(const void *p, size_t n);

#endif
