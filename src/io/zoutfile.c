#include "zoutfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "../types/error.h"
#include "infile.h"

/* Parts are intermediate data read once: the fastest level. */
#define ZOUT_LEVEL 1
#define ZOUT_IN_SIZE ((size_t)1 << 17)

struct wr_zout {
    FILE *f;
    char *path;
    ZSTD_CCtx *cctx;
    char *in, *out;
    size_t in_len, out_cap;
    int error; /* first errno, or -1 for a zstd error (zstd_error) */
    size_t zstd_error;
};

static void compress(wr_zout *z, ZSTD_EndDirective mode)
{
    ZSTD_inBuffer in = {z->in, z->in_len, 0};
    size_t left;
    do {
        ZSTD_outBuffer out = {z->out, z->out_cap, 0};
        left = ZSTD_compressStream2(z->cctx, &out, &in, mode);
        if (ZSTD_isError(left)) {
            z->error = -1;
            z->zstd_error = left;
            return;
        }
        errno = 0;
        if (out.pos && fwrite(z->out, 1, out.pos, z->f) != out.pos) {
            z->error = errno ? errno : EIO;
            return;
        }
    } while (mode == ZSTD_e_end ? left != 0 : in.pos < in.size);
    z->in_len = 0;
}

int wr_zout_open(const char *path, wr_zout **out, wr_error *err)
{
    *out = NULL;
    wr_zout *z = calloc(1, sizeof *z);
    if (z) {
        z->out_cap = ZSTD_CStreamOutSize();
        z->in = malloc(ZOUT_IN_SIZE);
        z->out = malloc(z->out_cap);
        z->path = strdup(path);
        z->cctx = ZSTD_createCCtx();
    }
    if (!z || !z->in || !z->out || !z->path || !z->cctx) {
        wr_zout_close(z, &(wr_error){{0}});
        return wr_errorf(err, WR_ENOMEM, "%s: out of memory", wr_base_name(path));
    }
    ZSTD_CCtx_setParameter(z->cctx, ZSTD_c_compressionLevel, ZOUT_LEVEL);
    if (!(z->f = fopen(path, "wb"))) {
        int e = errno;
        wr_zout_close(z, &(wr_error){{0}});
        return wr_errorf(err, WR_EOUTPUT, "%s: cannot create: %s", path, strerror(e));
    }
    *out = z;
    return 0;
}

bool wr_zout_write(wr_zout *z, const void *p, size_t n)
{
    const char *s = p;
    while (n > 0 && !z->error) {
        size_t room = ZOUT_IN_SIZE - z->in_len;
        size_t k = n < room ? n : room;
        memcpy(z->in + z->in_len, s, k);
        z->in_len += k;
        s += k;
        n -= k;
        if (z->in_len == ZOUT_IN_SIZE)
            compress(z, ZSTD_e_continue);
    }
    return !z->error;
}

int wr_zout_close(wr_zout *z, wr_error *err)
{
    if (!z)
        return 0;
    int rc = 0;
    if (z->f) {
        if (!z->error)
            compress(z, ZSTD_e_end);
        if (fclose(z->f) != 0 && !z->error)
            z->error = errno ? errno : EIO;
        /* zstd's own allocation is the library's memory; a write stdio
         * could not do (its ENOMEM included) is an output not written (D244) */
        if (z->error < 0 && ZSTD_getErrorCode(z->zstd_error) == ZSTD_error_memory_allocation)
            rc = wr_errorf(err, WR_ENOMEM, "%s: out of memory writing it", z->path);
        else if (z->error)
            rc = wr_errorf(err, WR_EOUTPUT, "%s: write failed: %s", z->path,
                           z->error > 0 ? strerror(z->error) : ZSTD_getErrorName(z->zstd_error));
    }
    ZSTD_freeCCtx(z->cctx);
    free(z->in);
    free(z->out);
    free(z->path);
    free(z);
    return rc;
}
