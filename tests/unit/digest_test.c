/* Unit tests: io/digest.c's digest taken as a file is read (D331). The
 * pieces a reader hands over, in any order, overlapping or read twice,
 * give the digest of the whole file once finished; the serial reader
 * (plain and zstd) and the parallel one (chunks re-cut at a quoted line
 * end) hand over every byte, so nothing is left to read at the end. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "io/csvpar.h"
#include "io/csvread.h"
#include "io/digest.h"

#define ROWS 100000 /* ~800 KB: more than the first read of either reader */

static char bytes[2 << 20];
static size_t n_bytes;

static void write_file(const char *path, const char *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    CHECK(f && fwrite(data, 1, n, f) == n);
    CHECK(f && fclose(f) == 0);
}

/* The digest of what d holds, finished from the file at path. */
static void finish(wr_digest_acc *d, const char *path, char hex[WR_DIGEST_HEX])
{
    uint64_t size = 0;
    wr_error err;
    wr_digest_acc taken[1] = {*d};
    wr_report rep = {0};
    wr_file_stats fs = {.path = path};
    rep.files = &fs;
    rep.n_files = 1;
    CHECK(wr_digest_inputs(&rep, taken, 1, &err));
    memcpy(hex, fs.xxh3, WR_DIGEST_HEX);
    size = fs.size;
    CHECK(size == n_bytes);
    wr_digest_acc_free(taken);
    *d = (wr_digest_acc){0};
}

static void pieces(const char *path, const char *want)
{
    char hex[WR_DIGEST_HEX];
    /* in order, in pieces of 1 to 999 bytes */
    wr_digest_acc d = {0};
    for (size_t at = 0, k = 1; at < n_bytes; at += k, k = k * 7 % 1000 + 1)
        wr_digest_acc_add(&d, at, bytes + at, at + k <= n_bytes ? k : n_bytes - at);
    CHECK(d.at == n_bytes);
    finish(&d, path, hex);
    CHECK(strcmp(hex, want) == 0);
    /* overlapping: each piece starts 100 bytes before the last one ended,
     * and a read of the first 5,000 bytes again in the middle */
    for (size_t at = 0; at < n_bytes; at = at + 1000 < n_bytes ? at + 900 : n_bytes) {
        wr_digest_acc_add(&d, at, bytes + at, at + 1000 <= n_bytes ? 1000 : n_bytes - at);
        if (at == 9000)
            wr_digest_acc_add(&d, 0, bytes, 5000);
    }
    CHECK(d.at == n_bytes);
    finish(&d, path, hex);
    CHECK(strcmp(hex, want) == 0);
    /* a gap: bytes after it are not taken, finish reads the rest */
    wr_digest_acc_add(&d, 0, bytes, 4000);
    wr_digest_acc_add(&d, 6000, bytes + 6000, 3000);
    CHECK(d.at == 4000);
    finish(&d, path, hex);
    CHECK(strcmp(hex, want) == 0);
    /* nothing handed over: finish reads the whole file */
    finish(&d, path, hex);
    CHECK(strcmp(hex, want) == 0);
}

static int on_header(void *ctx, const wr_row *header)
{
    (void)ctx;
    return header->n_fields == 2 ? 0 : 1;
}

static int on_row(void *ctx, const wr_row *row)
{
    (void)row;
    ++*(size_t *)ctx;
    return 0;
}

static void *thread_begin(void *ctx)
{
    return ctx;
}

static void thread_end(void *ctx, void *ts)
{
    (void)ctx;
    (void)ts;
}

static size_t parse(void *ts, wr_csvpar_chunk *c, const wr_row *row, bool first, void *slot)
{
    (void)ts;
    (void)c;
    (void)row;
    (void)first;
    memset(slot, 0, 4);
    return 4;
}

static int apply(void *ctx, const wr_row *row, const void *slot)
{
    (void)slot;
    return on_row(ctx, row);
}

static size_t slot_size(void *ctx)
{
    (void)ctx;
    return 4;
}

int main(void)
{
    char path[] = "/tmp/digest_test_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    /* ROWS rows; every 1,000th holds a quoted field over three lines, so
     * small chunks are cut inside it and cut again */
    size_t n = (size_t)snprintf(bytes, sizeof bytes, "n,x\n");
    for (uint32_t i = 0; i < ROWS; i++)
        n += (size_t)snprintf(bytes + n, sizeof bytes - n,
                              i % 1000 == 7 ? "%u,\"a\n%u,b\nc\"\n" : "%u,x\n", i, i);
    n_bytes = n;
    write_file(path, bytes, n_bytes);
    char want[WR_DIGEST_HEX];
    uint64_t size = 0;
    fd = open(path, O_RDONLY);
    CHECK(fd >= 0 && wr_digest_fd(fd, want, &size) && size == n_bytes);
    close(fd);
    pieces(path, want);

    /* the serial reader hands over every byte */
    char hex[WR_DIGEST_HEX];
    size_t rows = 0;
    wr_digest_acc d = {0};
    wr_error err;
    wr_csv_handler h = {.on_header = on_header, .on_row = on_row, .ctx = &rows, .digest = &d};
    CHECK(wr_csv_read(path, &h, &err) == 0);
    CHECK(rows == ROWS);
    CHECK(d.at == n_bytes);
    finish(&d, path, hex);
    CHECK(strcmp(hex, want) == 0);

    /* the parallel reader too, its chunks cut again at the quoted fields */
    setenv("WAGERECON_TEST_CHUNK_BYTES", "4096", 1);
    for (int jobs = 2; jobs <= 4; jobs += 2) {
        rows = 0;
        wr_csvpar_handler ph = {.on_header = on_header, .thread_begin = thread_begin,
                                .thread_end = thread_end, .parse = parse, .apply = apply,
                                .slot_size = slot_size, .digest = &d, .ctx = &rows};
        bool serial = true;
        CHECK(wr_csv_read_parallel(path, jobs, NULL, &ph, &serial, &err) == 0);
        CHECK(!serial);
        CHECK(rows == ROWS);
        CHECK(d.at == n_bytes);
        finish(&d, path, hex);
        CHECK(strcmp(hex, want) == 0);
    }

    /* a zstd file: its compressed bytes, as read */
    char zpath[sizeof path + 4];
    snprintf(zpath, sizeof zpath, "%s.zst", path);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "zstd -q -f %s -o %s", path, zpath);
    CHECK(system(cmd) == 0);
    fd = open(zpath, O_RDONLY);
    CHECK(fd >= 0 && wr_digest_fd(fd, want, &size));
    close(fd);
    n_bytes = (size_t)size;
    rows = 0;
    h.digest = &d;
    CHECK(wr_csv_read(zpath, &h, &err) == 0);
    CHECK(rows == ROWS);
    CHECK(d.at == n_bytes);
    finish(&d, zpath, hex);
    CHECK(strcmp(hex, want) == 0);

    unlink(zpath);
    unlink(path);
    return CHECK_DONE();
}
