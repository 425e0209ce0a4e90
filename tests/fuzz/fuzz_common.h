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

/* The path of a file holding exactly data[0..size). A target that needs
 * two files at once (e.g. a descriptor and the file it describes) uses
 * slots 0 and 1; each slot is one memfd, rewritten per input. */
static inline const char *fuzz_path_slot(int slot, const uint8_t *data, size_t size)
{
    static int fd[2] = {-1, -1};
    static char path[2][64];
    if (slot < 0 || slot > 1)
        abort();
    if (fd[slot] < 0) {
        if ((fd[slot] = memfd_create("wr_fuzz_input", 0)) < 0)
            abort();
        snprintf(path[slot], sizeof path[slot], "/proc/self/fd/%d", fd[slot]);
    }
    if (ftruncate(fd[slot], 0) != 0 ||
        (size && pwrite(fd[slot], data, size, 0) != (ssize_t)size))
        abort();
    return path[slot];
}

static inline const char *fuzz_path(const uint8_t *data, size_t size)
{
    return fuzz_path_slot(0, data, size);
}

#endif
