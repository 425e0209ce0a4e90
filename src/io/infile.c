#include "infile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "../types/error.h"
#include "digest.h"

#define IN_BUF_SIZE ((size_t)1 << 18)

struct wr_infile {
    int fd;
    const char *path;
    unsigned char *in;       /* raw file bytes */
    size_t in_cap;           /* IN_BUF_SIZE, or less for a small file */
    size_t in_len, in_pos;   /* valid bytes in `in`, consumed so far */
    size_t offset;           /* raw bytes read from the file */
    bool eof;
    ZSTD_DCtx *zstd;         /* NULL for plain files */
    unsigned char *out;      /* decompressed bytes (zstd only) */
    size_t out_cap;
    size_t frame_state;      /* last ZSTD_decompressStream hint: 0 = frame ended */
    bool zstd_started;
    wr_digest_acc *digest;   /* the raw bytes read go to it too (D331) */
};

const char *wr_base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* WR_ENOMEM naming the file: ours or zstd's allocation failed. */
static int out_of_memory(wr_error *err, const char *path)
{
    return wr_errorf(err, WR_ENOMEM, "%s: out of memory", wr_base_name(path));
}

static bool fill(wr_infile *f, wr_error *err)
{
    f->in_len = 0;
    f->in_pos = 0;
    while (f->in_len < f->in_cap) {
        ssize_t r = read(f->fd, f->in + f->in_len, f->in_cap - f->in_len);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            wr_errorf(err, WR_EINPUT, "%s: read failed: %s", wr_base_name(f->path),
                      strerror(errno));
            return false;
        }
        if (r == 0) {
            f->eof = true;
            break;
        }
        if (f->digest)
            wr_digest_acc_add(f->digest, f->offset, f->in + f->in_len, (size_t)r);
        f->in_len += (size_t)r;
        f->offset += (size_t)r;
        if (f->in_len >= 4)
            break;
    }
    return true;
}

bool wr_infile_is_zstd(const void *bytes, size_t n)
{
    static const unsigned char frame[4] = {0x28, 0xB5, 0x2F, 0xFD};
    const unsigned char *b = bytes;
    return n >= 4 && (memcmp(b, frame, 4) == 0 ||
                      ((b[0] & 0xF0) == 0x50 && b[1] == 0x2A && b[2] == 0x4D && b[3] == 0x18));
}

int wr_infile_open(const char *path, wr_infile **out, wr_error *err)
{
    *out = NULL;
    wr_infile *f = calloc(1, sizeof *f);
    if (!f)
        return out_of_memory(err, path);
    f->path = path;
    f->fd = open(path, O_RDONLY);
    if (f->fd < 0) {
        int e = errno;
        free(f);
        return wr_errorf(err, WR_EINPUT, "%s: cannot open: %s", wr_base_name(path), strerror(e));
    }
    /* A small regular file needs no more buffer than its size (+1 to see
     * the end in one read); anything else gets IN_BUF_SIZE. */
    struct stat st;
    f->in_cap = IN_BUF_SIZE;
    if (fstat(f->fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size < IN_BUF_SIZE)
        f->in_cap = (size_t)st.st_size + 1;
    if (!(f->in = malloc(f->in_cap))) {
        wr_infile_close(f);
        return out_of_memory(err, path);
    }
    if (!fill(f, err)) {
        wr_infile_close(f);
        return WR_EINPUT;
    }
    if (wr_infile_is_zstd(f->in, f->in_len)) {
        f->zstd = ZSTD_createDCtx();
        f->out_cap = ZSTD_DStreamOutSize() * 4;
        f->out = malloc(f->out_cap);
        if (!f->zstd || !f->out) {
            wr_infile_close(f);
            return out_of_memory(err, path);
        }
    }
    *out = f;
    return 0;
}

static ssize_t read_plain(wr_infile *f, const char **data, wr_error *err)
{
    if (f->in_pos == f->in_len) {
        if (f->eof || !fill(f, err))
            return f->eof ? 0 : -WR_EINPUT;
    }
    *data = (const char *)f->in + f->in_pos;
    size_t n = f->in_len - f->in_pos;
    f->in_pos = f->in_len;
    return (ssize_t)n;
}

static ssize_t read_zstd(wr_infile *f, const char **data, wr_error *err)
{
    for (;;) {
        if (f->in_pos == f->in_len && !f->eof && !fill(f, err))
            return -WR_EINPUT;
        if (f->in_pos == f->in_len && f->eof) {
            if (f->zstd_started && f->frame_state != 0) {
                return -wr_errorf(err, WR_EINPUT, "%s: corrupt zstd input: truncated frame",
                                  wr_base_name(f->path));
            }
            return 0;
        }
        ZSTD_inBuffer in = {f->in, f->in_len, f->in_pos};
        ZSTD_outBuffer out = {f->out, f->out_cap, 0};
        size_t r = ZSTD_decompressStream(f->zstd, &out, &in);
        f->in_pos = in.pos;
        f->zstd_started = true;
        if (ZSTD_isError(r) && ZSTD_getErrorCode(r) == ZSTD_error_memory_allocation)
            return -out_of_memory(err, f->path);
        if (ZSTD_isError(r)) {
            return -wr_errorf(err, WR_EINPUT, "%s: corrupt zstd input: %s",
                              wr_base_name(f->path), ZSTD_getErrorName(r));
        }
        f->frame_state = r;
        if (out.pos > 0) {
            *data = (const char *)f->out;
            return (ssize_t)out.pos;
        }
    }
}

ssize_t wr_infile_read(wr_infile *f, const char **data, wr_error *err)
{
    return f->zstd ? read_zstd(f, data, err) : read_plain(f, data, err);
}

void wr_infile_digest(wr_infile *f, wr_digest_acc *d)
{
    f->digest = d;
    wr_digest_acc_add(d, f->offset - f->in_len, f->in, f->in_len); /* read by open */
}

size_t wr_infile_offset(const wr_infile *f)
{
    return f->offset;
}

void wr_infile_close(wr_infile *f)
{
    if (!f)
        return;
    if (f->fd >= 0)
        close(f->fd);
    ZSTD_freeDCtx(f->zstd);
    free(f->out);
    free(f->in);
    free(f);
}
