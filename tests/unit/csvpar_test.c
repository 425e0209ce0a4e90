/* Unit tests: io/csvpar.c's hints (D307): each hint a row's parse adds
 * reaches the handler's ahead once per stage, stage 0 first, before the
 * row is applied and no earlier than its stage's distance from it. A
 * ring kept across files (D319, D320): a file of small slots, then one
 * whose slots are larger and whose quoted fields fill the chunks' kept
 * bytes past their first block, then both again through the same ring.
 * Each also through the handler's own loops (on_chunk_row, apply_chunk:
 * csvpar.h's wr_csvpar_row and wr_csvpar_apply, D394, D396). The ring's
 * hand-off on 4 threads and ~2,000 chunks (D422). */
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
    uint32_t n;
    memcpy(&n, slot, sizeof n);
    CHECK(n == applied);
    CHECK(row->line == (uint64_t)n + 2); /* the header is line 1 */
    for (int s = 0; s < WR_CSVPAR_AHEAD_STAGES && n < ROWS; s++)
        if (calls[n][s] != (n % 3 == 0))
            too_late++;
    applied++;
    return 0;
}

/* The same parse and apply through the handler's own loops (D394,
 * D396): csvpar.h's inline wr_csvpar_row and wr_csvpar_apply. */
static int chunk_rows, chunk_applies;

static int on_chunk_row(void *chunk, const wr_row *row)
{
    __atomic_fetch_add(&chunk_rows, 1, __ATOMIC_RELAXED); /* on any parsing thread */
    return wr_csvpar_row(chunk, row, parse);
}

static int apply_chunk(void *ctx, wr_csvpar_chunk *chunk, uint64_t base)
{
    chunk_applies++;
    return wr_csvpar_apply(ctx, chunk, base, true, false, apply);
}

static size_t slot_size(void *ctx)
{
    (void)ctx;
    return sizeof(uint32_t);
}

/* ---- a ring kept across files ---- */

#define WIDE_ROWS 3000
#define WIDE_SLOT 6000 /* bytes: the narrow file's are 4; past a buffer's first 4 KiB */

static uint32_t wide_applied;
static int wide_bad;

/* The row's quoted text: (n * 37) % 700 bytes, a letter from n. */
static size_t wide_text(uint32_t n, char *out)
{
    size_t len = (n * 37u) % 700u;
    memset(out, 'a' + (int)(n % 26), len);
    return len;
}

static int wide_header(void *ctx, const wr_row *header)
{
    (void)ctx;
    return header->n_fields == 2 ? 0 : 1;
}

/* The slot: the row's number, the text kept again (as a normalised ID
 * is), then bytes from n to the slot's end, every one of them written. */
static size_t wide_parse(void *ts, wr_csvpar_chunk *c, const wr_row *row, bool first, void *slot)
{
    (void)ts;
    (void)first;
    uint32_t n = (uint32_t)strtoul(row->fields[0].p, NULL, 10);
    char *kept = wr_csvpar_keep(c, row->fields[1].p, row->fields[1].n);
    if (!kept)
        return 0;
    unsigned char *b = slot;
    memcpy(b, &n, sizeof n);
    memcpy(b + 8, &kept, sizeof kept);
    for (size_t i = 16; i < WIDE_SLOT; i++)
        b[i] = (unsigned char)(n + i);
    return WIDE_SLOT;
}

static int wide_apply(void *ctx, const wr_row *row, const void *slot)
{
    (void)ctx;
    const unsigned char *b = slot;
    uint32_t n;
    const char *kept;
    memcpy(&n, b, sizeof n);
    memcpy(&kept, b + 8, sizeof kept);
    char want[700];
    size_t len = wide_text(n, want);
    bool ok = n == wide_applied && row->n_fields == 2 && row->fields[1].n == len &&
              memcmp(row->fields[1].p, want, len) == 0 && memcmp(kept, want, len) == 0 &&
              kept[len] == '\0';
    for (size_t i = 16; i < WIDE_SLOT && ok; i++)
        ok = b[i] == (unsigned char)(n + i);
    wide_bad += !ok;
    wide_applied++;
    return 0;
}

static size_t wide_slot_size(void *ctx)
{
    (void)ctx;
    return WIDE_SLOT;
}

/* The narrow file on jobs threads through apply_row; 0: every row applied. */
static int read_rows(const char *path, wr_csvpar_ring *ring, int jobs,
                     int (*apply_row)(void *, const wr_row *, const void *))
{
    wr_csvpar_handler h = {.on_header = on_header, .thread_begin = thread_begin,
                           .thread_end = thread_end, .parse = parse, .apply = apply_row,
                           .slot_size = slot_size};
    bool serial = true;
    wr_error err;
    applied = 0;
    int rc = wr_csv_read_parallel(path, jobs, ring, &h, &serial, &err);
    return rc || serial || applied != ROWS;
}

static int read_narrow(const char *path, wr_csvpar_ring *ring)
{
    return read_rows(path, ring, 2, apply);
}

/* A handler's apply_chunk is not called when apply reads the rows'
 * fields (row_fields): its loop hands none. */
static int wide_apply_chunk(void *ctx, wr_csvpar_chunk *chunk, uint64_t base)
{
    (void)ctx;
    (void)chunk;
    (void)base;
    wide_bad++;
    return 1;
}

/* own: through on_chunk_row (wr_csvpar_row_kept: the fields kept) */
static int read_wide(const char *path, wr_csvpar_ring *ring, bool own)
{
    wr_csvpar_handler h = {.on_header = wide_header, .thread_begin = thread_begin,
                           .thread_end = thread_end, .parse = wide_parse,
                           .apply = wide_apply, .row_fields = true,
                           .on_chunk_row = own ? on_chunk_row : NULL,
                           .apply_chunk = own ? wide_apply_chunk : NULL,
                           .slot_size = wide_slot_size};
    bool serial = true;
    wr_error err;
    wide_applied = 0;
    wide_bad = 0;
    int rc = wr_csv_read_parallel(path, 2, ring, &h, &serial, &err);
    return rc || serial || wide_applied != WIDE_ROWS || wide_bad;
}

static void ring_across_files(const char *narrow)
{
    char wide[] = "/tmp/csvpar_test_wide_XXXXXX";
    int fd = mkstemp(wide);
    CHECK(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "n,text\n");
    char text[700];
    for (uint32_t i = 0; i < WIDE_ROWS; i++) {
        size_t len = wide_text(i, text);
        fprintf(f, "%u,\"%.*s\"\n", i, (int)len, text); /* quoted: libcsv's, kept */
    }
    fclose(f);
    /* 8 KiB chunks: ~1,000 bytes a row, so ~8 rows keep ~8 KB twice
     * (field and copy) in a chunk, past a first block of 4 KiB */
    wr_csvpar_ring *ring = wr_csvpar_ring_new();
    CHECK(ring != NULL);
    CHECK(read_narrow(narrow, ring) == 0);
    size_t narrow_bytes = wr_csvpar_ring_bytes(ring);
    CHECK(narrow_bytes > 0); /* the chunks stay in the ring */
    CHECK(read_wide(wide, ring, false) == 0);
    size_t wide_bytes = wr_csvpar_ring_bytes(ring);
    CHECK(wide_bytes > narrow_bytes);
    chunk_rows = 0;
    CHECK(read_wide(wide, ring, true) == 0);
    CHECK(chunk_rows > 0);
    CHECK(wr_csvpar_ring_bytes(ring) == wide_bytes); /* reused, not made again */
    CHECK(read_narrow(narrow, ring) == 0);
    /* kept (not the narrow file's alone); chunks are numbered across
     * files (D438), so a file's land in other slots than the file
     * before's, and a slot may grow to a chunk it had not held */
    size_t again = wr_csvpar_ring_bytes(ring);
    CHECK(again >= wide_bytes && again < wide_bytes + narrow_bytes);
    wr_csvpar_ring_free(ring);
    unlink(wide);
}

/* The ring's hand-off (D422): 4 threads on chunks of 64 bytes, ~2,000
 * chunks for 20,000 rows through a ring of 12 slots, each slot taken and
 * handed back ~170 times; every row applied once, in file order (apply
 * checks each row's number and line), 5 times over. The rows' sum by
 * hand: 0 + 1 + ... + 19,999 = 19,999 * 20,000 / 2. */
static uint64_t tiny_sum;

static int tiny_apply(void *ctx, const wr_row *row, const void *slot)
{
    uint32_t n;
    memcpy(&n, slot, sizeof n);
    tiny_sum += n;
    return apply(ctx, row, slot);
}

static void many_tiny_chunks(const char *path)
{
    setenv("WAGERECON_TEST_CHUNK_BYTES", "64", 1);
    for (int run = 0; run < 5; run++) {
        tiny_sum = 0;
        CHECK(read_rows(path, NULL, 4, tiny_apply) == 0); /* in order, every row */
        CHECK(tiny_sum == (uint64_t)19999 * 20000 / 2);
    }
    setenv("WAGERECON_TEST_CHUNK_BYTES", "8192", 1);
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
    for (int run = 0; run < 4; run++) {
        int jobs = 2 + run % 2;
        bool own = run >= 2; /* the handler's own loops (D394, D396) */
        memset(calls, 0, sizeof calls);
        applied = 0;
        bad_order = too_early = too_late = exact = hint_calls = 0;
        chunk_rows = chunk_applies = 0;
        wr_csvpar_handler h = {.on_header = on_header, .thread_begin = thread_begin,
                               .thread_end = thread_end, .parse = parse, .apply = apply,
                               .on_chunk_row = own ? on_chunk_row : NULL,
                               .apply_chunk = own ? apply_chunk : NULL,
                               .ahead = ahead, .slot_size = slot_size};
        bool serial = true;
        wr_error err;
        CHECK(wr_csv_read_parallel(path, jobs, NULL, &h, &serial, &err) == 0);
        CHECK(!serial);
        CHECK(applied == ROWS);
        int hinted = (ROWS + 2) / 3;
        CHECK(hint_calls == hinted * WR_CSVPAR_AHEAD_STAGES);
        CHECK(bad_order == 0);
        CHECK(too_early == 0);
        CHECK(too_late == 0);
        /* all but those near a chunk's start at their distance exactly */
        CHECK(exact > hint_calls * 3 / 4);
        CHECK(own ? chunk_rows == ROWS && chunk_applies > 10 : chunk_rows + chunk_applies == 0);
    }
    ring_across_files(path);
    many_tiny_chunks(path);
    unlink(path);
    return CHECK_DONE();
}
