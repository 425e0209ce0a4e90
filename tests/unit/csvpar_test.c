/* Unit tests: io/csvpar.c's hints (D307): each hint a row's parse adds
 * reaches the handler's ahead once per stage, stage 0 first, before the
 * row is applied and no earlier than its stage's distance from it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "io/csvpar.h"

#define ROWS 20000

static int dummy_state;
static uint32_t applied;                     /* rows applied so far */
static int calls[ROWS][WR_CSVPAR_AHEAD_STAGES];
static int bad_order, too_early, too_late, exact, hint_calls;

static int on_header(void *ctx, const wr_row *header)
{
    (void)ctx;
    return header->n_fields == 2 ? 0 : 1;
}

static void *thread_begin(void *ctx)
{
    (void)ctx;
    return &dummy_state;
}

static void thread_end(void *ctx, void *ts)
{
    (void)ctx;
    (void)ts;
}

/* The slot: the row's number; rows divisible by 3 hint it. */
static size_t parse(void *ts, wr_csvpar_chunk *c, const wr_row *row, bool first, void *slot)
{
    (void)ts;
    (void)first;
    uint32_t n = (uint32_t)strtoul(row->fields[0].p, NULL, 10);
    memcpy(slot, &n, sizeof n);
    wr_csvpar_hint h = {.keys = 1, .key = {n}};
    if (n % 3 == 0 && !wr_csvpar_hint_add(c, &h))
        return 0;
    return sizeof n;
}

static void ahead(void *ctx, const wr_csvpar_hint *h, int stage)
{
    (void)ctx;
    uint32_t n = (uint32_t)h->key[0];
    hint_calls++;
    if (n >= ROWS || stage < 0 || stage >= WR_CSVPAR_AHEAD_STAGES) {
        bad_order++;
        return;
    }
    if (calls[n][stage]++ || (stage > 0 && !calls[n][stage - 1]))
        bad_order++;
    if (applied + WR_CSVPAR_AHEAD_ROWS(stage) < n)
        too_early++;
    if (applied > n)
        too_late++;
    exact += applied + WR_CSVPAR_AHEAD_ROWS(stage) == n;
}

static int apply(void *ctx, const wr_row *row, const void *slot)
{
    (void)ctx;
    (void)row;
    uint32_t n;
    memcpy(&n, slot, sizeof n);
    CHECK(n == applied);
    for (int s = 0; s < WR_CSVPAR_AHEAD_STAGES && n < ROWS; s++)
        if (calls[n][s] != (n % 3 == 0))
            too_late++;
    applied++;
    return 0;
}

static size_t slot_size(void *ctx)
{
    (void)ctx;
    return sizeof(uint32_t);
}

int main(void)
{
    char path[] = "/tmp/csvpar_test_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "n,x\n");
    for (uint32_t i = 0; i < ROWS; i++)
        fprintf(f, "%u,x\n", i);
    fclose(f);
    setenv("WAGERECON_TEST_CHUNK_BYTES", "8192", 1); /* ~130 KB: many chunks */
    for (int jobs = 2; jobs <= 3; jobs++) {
        memset(calls, 0, sizeof calls);
        applied = 0;
        bad_order = too_early = too_late = exact = hint_calls = 0;
        wr_csvpar_handler h = {.on_header = on_header, .thread_begin = thread_begin,
                               .thread_end = thread_end, .parse = parse, .apply = apply,
                               .ahead = ahead, .slot_size = slot_size};
        bool serial = true;
        wr_error err;
        CHECK(wr_csv_read_parallel(path, jobs, &h, &serial, &err) == 0);
        CHECK(!serial);
        CHECK(applied == ROWS);
        int hinted = (ROWS + 2) / 3;
        CHECK(hint_calls == hinted * WR_CSVPAR_AHEAD_STAGES);
        CHECK(bad_order == 0);
        CHECK(too_early == 0);
        CHECK(too_late == 0);
        /* all but those near a chunk's start at their distance exactly */
        CHECK(exact > hint_calls * 3 / 4);
    }
    unlink(path);
    return CHECK_DONE();
}
