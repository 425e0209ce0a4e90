/*
 * Arena: bump allocation for per-run data (strings, records that live as
 * long as the run), freed all at once. No per-row malloc in hot loops.
 */
#ifndef WR_ARENA_H
#define WR_ARENA_H

#include <stddef.h>

typedef struct wr_arena_block wr_arena_block;

typedef struct {
    wr_arena_block *head;
    size_t used_in_head;
    size_t bytes_total;
    /* The next full-size block, made ahead by the prefault thread (D295). */
    wr_arena_block *spare;
} wr_arena;

void wr_arena_init(wr_arena *a);
void wr_arena_free(wr_arena *a);
/* Returns 8-byte-aligned memory, NULL when out of memory. */
void *wr_arena_alloc(wr_arena *a, size_t size);
/* Copies s[0..n) plus a NUL. NULL when out of memory. */
char *wr_arena_strndup(wr_arena *a, const char *s, size_t n);

#endif
