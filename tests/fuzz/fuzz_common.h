/*
 * Shared by the fuzz targets: the fuzzer's bytes as a file path, so each
 * target drives the library's real reading path (open, magic-byte check,
 * read) with no test-only entry point. The bytes go into one memfd
 * (created once, rewritten per input) named /proc/self/fd/N: no disk I/O,
 * a few system calls per input.
 */
#ifndef WR_FUZZ_COMMON_H
#define WR_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Fails the input loudly: libFuzzer saves it as a crash. */
#define FUZZ_ASSERT(cond)                                                          \
    do {                                                                           \
        if (!(cond)) {                                                             \
            fprintf(stderr, "fuzz invariant failed: %s (%s:%d)\n", #cond, __FILE__, \
                    __LINE__);                                                     \
            abort();                                                               \
        }                                                                          \
    } while (0)

/* The path of a file holding exactly data[0..size). */
static inline const char *fuzz_path(const uint8_t *data, size_t size)
{
    static int fd = -1;
    static char path[64];
    if (fd < 0) {
        if ((fd = memfd_create("wr_fuzz_input", 0)) < 0)
            abort();
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    }
    if (ftruncate(fd, 0) != 0 || (size && pwrite(fd, data, size, 0) != (ssize_t)size))
        abort();
    return path;
}

#endif
