/*
 * io/zoutfile.c (DECISIONS D244): the stream written reads back through
 * io/infile.c byte for byte, and closing gives the failure's code with
 * its message, not a bool: a write that failed is WR_EOUTPUT (here
 * /dev/full's ENOSPC, found at close since errors are sticky), a file
 * that cannot be created WR_EOUTPUT from open.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/io/infile.h"
#include "../../src/io/zoutfile.h"
#include "check.h"

int main(void)
{
    char dir[] = "/tmp/zoutfile_test.XXXXXX", path[64];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/a.csv.zst", dir);

    /* 3 x 100,000 bytes: more than the 128 KiB input buffer, so the
     * frame is compressed in several steps */
    static char text[300000];
    for (size_t i = 0; i < sizeof text; i++)
        text[i] = i % 61 == 60 ? '\n' : (char)('a' + i % 26);
    wr_zout *z;
    wr_error err = {{0}};
    CHECK(wr_zout_open(path, &z, &err) == 0 && z);
    for (size_t i = 0; z && i < 3; i++)
        CHECK(wr_zout_write(z, text + i * 100000, 100000));
    CHECK(wr_zout_close(z, &err) == 0);
    wr_infile *in;
    CHECK(wr_infile_open(path, &in, &err) == 0);
    size_t got = 0;
    bool same = true;
    const char *data;
    ssize_t n;
    while ((n = wr_infile_read(in, &data, &err)) > 0) {
        same = same && got + (size_t)n <= sizeof text && memcmp(data, text + got, (size_t)n) == 0;
        got += (size_t)n;
    }
    CHECK(n == 0 && same && got == sizeof text);
    wr_infile_close(in);

    /* a write that fails: the code and the file's name and cause */
    CHECK(wr_zout_open("/dev/full", &z, &err) == 0 && z);
    for (size_t i = 0; z && i < 3; i++)
        wr_zout_write(z, text + i * 100000, 100000);
    err.message[0] = '\0';
    CHECK(wr_zout_close(z, &err) == WR_EOUTPUT);
    CHECK(strstr(err.message, "/dev/full: write failed: No space left on device") != NULL);

    /* a file that cannot be created */
    snprintf(path, sizeof path, "%s/no/such/dir.zst", dir);
    CHECK(wr_zout_open(path, &z, &err) == WR_EOUTPUT && !z);
    CHECK(strstr(err.message, "cannot create") != NULL);
    CHECK(wr_zout_close(NULL, &err) == 0);

    snprintf(path, sizeof path, "%s/a.csv.zst", dir);
    unlink(path);
    rmdir(dir);
    return CHECK_DONE();
}
