#include "arena.h"
#include "prefault.h"
#include "vec.h"

#include <stdlib.h>
#include <string.h>

#define BLOCK_SIZE ((size_t)1 << 20)
#define FIRST_BLOCK_SIZE ((size_t)64 << 10) /* blocks double up to BLOCK_SIZE */

struct wr_arena_block {
    wr_arena_block *next;
    size_t size;
    _Alignas(8) unsigned char data[];
};

void wr_arena_init(wr_arena *a)
{
    memset(a, 0, sizeof *a);
}

/* The bytes of a full-size block: whole huge pages (D290). */
static size_t full_block_bytes(void)
{
    return wr_big_size(sizeof(wr_arena_block) + BLOCK_SIZE);
}

/* With the prefault thread, the next full-size block asked for now
 * unless it is already. */
static void ask_spare(wr_arena *a)
{
    size_t bytes = full_block_bytes();
    if (!a->spare && wr_big_mapped(bytes) && wr_prefault_on() && (a->spare = wr_big_alloc(bytes)))
        wr_prefault_ask(a->spare, bytes);
}

/* A block of `bytes`: the spare when it is one, and with the prefault
 * thread a new spare asked for when a full-size block is taken, so the
 * next one's huge page is made by then (D295: at 100k workers the
 * arena's first touches were ~30 ms of the calling thread's path). */
__attribute__((noinline)) /* off the bump path */
static wr_arena_block *new_block(wr_arena *a, size_t bytes, size_t total_after)
{
    if (bytes != full_block_bytes() || !wr_big_mapped(bytes)) {
        wr_arena_block *b = wr_big_alloc(bytes);
        /* the first full-size block is asked for with the last smaller
         * one, as the later ones with the block before them: not made
         * by the calling thread's first touch (D456: at --jobs 2 a fault
         * of 4-7 ms in contracts' worker ids, one run in two) */
        if (b && total_after >= BLOCK_SIZE)
            ask_spare(a);
        return b;
    }
    wr_arena_block *b = a->spare ? a->spare : wr_big_alloc(bytes);
    a->spare = NULL;
    if (b)
        ask_spare(a);
    return b;
}

void wr_arena_free(wr_arena *a)
{
    if (a->spare)
        wr_big_free(a->spare, full_block_bytes());
    wr_arena_block *b = a->head;
    while (b) {
        wr_arena_block *next = b->next;
        wr_big_free(b, sizeof *b + b->size);
        b = next;
    }
    wr_arena_init(a);
}

void *wr_arena_alloc(wr_arena *a, size_t size)
{
    size = (size + 7) & ~(size_t)7;
    if (!a->head || a->used_in_head + size > a->head->size) {
        /* Large requests get a block of their own; the others a block as
         * large as all before it (a small run stays small), at most
         * BLOCK_SIZE and never smaller than the request. */
        size_t block = a->bytes_total < FIRST_BLOCK_SIZE ? FIRST_BLOCK_SIZE
                       : a->bytes_total < BLOCK_SIZE     ? a->bytes_total
                                                         : BLOCK_SIZE;
        if (size > BLOCK_SIZE / 4 || size > block)
            block = size;
        /* From 1 MiB a block is whole huge pages, all of it used (D290:
         * malloc's blocks were ~930 page faults of 4 KiB at 100k workers). */
        size_t bytes = wr_big_size(sizeof(wr_arena_block) + block);
        wr_arena_block *b = new_block(a, bytes, a->bytes_total + bytes - sizeof(wr_arena_block));
        if (!b)
            return NULL;
        b->size = block = bytes - sizeof *b;
        if (a->head && size > BLOCK_SIZE / 4) {
            /* Keep filling the current block after this one-off. */
            b->next = a->head->next;
            a->head->next = b;
            a->bytes_total += block;
            return b->data;
        }
        b->next = a->head;
        a->head = b;
        a->used_in_head = 0;
        a->bytes_total += block;
    }
    void *p = a->head->data + a->used_in_head;
    a->used_in_head += size;
    return p;
}

char *wr_arena_strndup(wr_arena *a, const char *s, size_t n)
{
    char *p = wr_arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    if (n > 0) /* s may be NULL for an absent optional column */
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}
