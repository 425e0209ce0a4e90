/*
 * Fuzz target for the input byte stream (src/io/infile.c): plain bytes
 * come back unchanged; bytes starting with the zstd magic are decoded by
 * the streaming path and compared with zstd's one-shot decoder on the same
 * bytes: what the stream accepts, the one-shot decoder must accept with
 * the same output, and a corrupt or truncated frame must end in -1 with a
 * message naming the file, never in silently short data. Output is capped (a fuzzer can write a small bomb).
 */
#include <string.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "../../src/io/infile.h"
#include "fuzz_common.h"

#define CAP ((size_t)8 << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t *streamed, *oneshot;
    if (!streamed && (!(streamed = malloc(CAP)) || !(oneshot = malloc(CAP))))
        abort();
    const char *path = fuzz_path(data, size);
    wr_error err = {{0}};
    wr_infile *f;
    FUZZ_ASSERT(wr_infile_open(path, &f, &err) == 0 && f != NULL);
    size_t total = 0;
    ssize_t got;
    const char *chunk;
    bool capped = false;
    while ((got = wr_infile_read(f, &chunk, &err)) > 0) {
        if (total + (size_t)got > CAP) {
            capped = true;
            break;
        }
        memcpy(streamed + total, chunk, (size_t)got);
        total += (size_t)got;
    }
    FUZZ_ASSERT(wr_infile_offset(f) <= size);
    wr_infile_close(f);
    if (capped)
        return 0;
    bool zstd = wr_infile_is_zstd(data, size);
    if (!zstd) {
        FUZZ_ASSERT(got == 0 && total == size && memcmp(streamed, data, size) == 0);
        return 0;
    }
    if (got < 0) /* names the file: "FILE: cause" */
        FUZZ_ASSERT(strncmp(err.message, wr_base_name(path), strlen(wr_base_name(path))) == 0);
    size_t r = ZSTD_decompress(oneshot, CAP, data, size);
    /* What streaming accepts, the one-shot decoder must accept with the
     * same bytes (output over the cap aside). Streaming may refuse more:
     * a window over 128 MiB (bounded memory), or frames one-shot decoding
     * tolerates; that stops the run with exit 2, never changes a total. */
    if (got == 0 && !(ZSTD_isError(r) && ZSTD_getErrorCode(r) == ZSTD_error_dstSize_tooSmall))
        FUZZ_ASSERT(!ZSTD_isError(r) && r == total && memcmp(streamed, oneshot, total) == 0);
    return 0;
}
