#include "digest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "../types/error.h"

bool wr_digest_fd(int fd, char hex[WR_DIGEST_HEX], uint64_t *size)
{
    XXH3_state_t *st = XXH3_createState();
    char buf[1 << 16];
    bool ok = st && XXH3_128bits_reset(st) != XXH_ERROR;
    off_t at = 0;
    ssize_t r = 0;
    while (ok && (r = pread(fd, buf, sizeof buf, at)) != 0) {
        if (r < 0 && errno == EINTR)
            continue;
        ok = r > 0 && XXH3_128bits_update(st, buf, (size_t)r) != XXH_ERROR;
        at += r > 0 ? r : 0;
    }
    if (ok) {
        XXH128_canonical_t c;
        XXH128_canonicalFromHash(&c, XXH3_128bits_digest(st));
        for (int i = 0; i < 16; i++)
            snprintf(hex + 2 * i, 3, "%02x", c.digest[i]);
        *size = (uint64_t)at;
    }
    XXH3_freeState(st);
    return ok;
}

bool wr_digest_path(const char *path, char hex[WR_DIGEST_HEX], uint64_t *size, wr_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    const char *why = NULL;
    int e = 0;
    if (fd < 0)
        why = "cannot open", e = errno;
    else if (fstat(fd, &st) != 0)
        why = "cannot stat", e = errno;
    else if (!S_ISREG(st.st_mode))
        why = "not a regular file (a pipe is read once: no digest)";
    else if (!wr_digest_fd(fd, hex, size))
        why = "read failed", e = errno;
    if (fd >= 0)
        close(fd);
    if (why)
        wr_errorf(err, WR_EINPUT, "%.900s: %s%s%s", path, why, e ? ": " : "",
                  e ? strerror(e) : "");
    return !why;
}

/* A file that is not a regular file (a pipe, read once) keeps xxh3 "":
 * run.json records it without a digest and explain --run refuses it. */
static bool digest_input(const char *path, char hex[WR_DIGEST_HEX], uint64_t *size,
                         wr_error *err)
{
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        hex[0] = '\0';
        *size = 0;
        return true;
    }
    return wr_digest_path(path, hex, size, err);
}

bool wr_digest_inputs(wr_report *rep, wr_error *err)
{
    for (size_t i = 0; i < rep->n_files; i++) {
        wr_file_stats *f = &rep->files[i];
        if (f->path && !digest_input(f->path, f->xxh3, &f->size, err))
            return false;
        if (f->format && !digest_input(f->format->path, f->format_xxh3, &f->format_size, err))
            return false;
    }
    return true;
}
