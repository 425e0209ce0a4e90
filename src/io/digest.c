#include "digest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxh_x86dispatch.h>
#include <xxhash.h>

#include "../types/error.h"

/* XXH3's widest vector code this CPU runs (AVX2 or AVX-512; SSE2 is all
 * the library's plain entry points use on x86-64): the same digest. */
static bool update(XXH3_state_t *st, const void *p, size_t n)
{
    return XXH3_128bits_update_dispatch(st, p, n) != XXH_ERROR;
}

void wr_digest_acc_add(wr_digest_acc *d, uint64_t offset, const void *bytes, size_t n)
{
    if (offset > d->at || offset + n <= d->at)
        return; /* a gap before these bytes, or all hashed already */
    if (!d->state && (!(d->state = XXH3_createState()) ||
                      XXH3_128bits_reset(d->state) == XXH_ERROR)) {
        wr_digest_acc_free(d); /* no memory: finish reads the whole file */
        return;
    }
    size_t skip = (size_t)(d->at - offset);
    if (update(d->state, (const char *)bytes + skip, n - skip))
        d->at = offset + n;
    else
        wr_digest_acc_free(d);
}

void wr_digest_acc_free(wr_digest_acc *d)
{
    XXH3_freeState(d->state);
    d->state = NULL;
    d->at = 0;
}

/* Hashes fd's bytes from d->at to its end into d, then writes the digest
 * of all d holds. */
static bool finish(wr_digest_acc *d, int fd, char hex[WR_DIGEST_HEX], uint64_t *size)
{
    if (!d->state) {
        d->at = 0;
        if (!(d->state = XXH3_createState()) || XXH3_128bits_reset(d->state) == XXH_ERROR)
            return false;
    }
    char buf[1 << 16];
    bool ok = true;
    ssize_t r = 0;
    while (ok && (r = pread(fd, buf, sizeof buf, (off_t)d->at)) != 0) {
        if (r < 0 && errno == EINTR)
            continue;
        ok = r > 0 && update(d->state, buf, (size_t)r);
        d->at += r > 0 ? (uint64_t)r : 0;
    }
    if (ok) {
        XXH128_canonical_t c;
        XXH128_canonicalFromHash(&c, XXH3_128bits_digest(d->state));
        for (int i = 0; i < 16; i++)
            snprintf(hex + 2 * i, 3, "%02x", c.digest[i]);
        *size = d->at;
    }
    return ok;
}

bool wr_digest_fd(int fd, char hex[WR_DIGEST_HEX], uint64_t *size)
{
    wr_digest_acc d = {0};
    bool ok = finish(&d, fd, hex, size);
    wr_digest_acc_free(&d);
    return ok;
}

/* The digest of the regular file at path, going on from what d holds. */
static bool digest_path_from(wr_digest_acc *d, const char *path, char hex[WR_DIGEST_HEX],
                             uint64_t *size, wr_error *err)
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
    else if (!finish(d, fd, hex, size))
        why = "read failed", e = errno;
    if (fd >= 0)
        close(fd);
    if (why)
        wr_errorf(err, WR_EINPUT, "%.900s: %s%s%s", path, why, e ? ": " : "",
                  e ? strerror(e) : "");
    return !why;
}

bool wr_digest_path(const char *path, char hex[WR_DIGEST_HEX], uint64_t *size, wr_error *err)
{
    wr_digest_acc d = {0};
    bool ok = digest_path_from(&d, path, hex, size, err);
    wr_digest_acc_free(&d);
    return ok;
}

/* A file that is not a regular file (a pipe, read once) keeps xxh3 "":
 * run.json records it without a digest and explain --run refuses it. */
static bool digest_input(wr_digest_acc *d, const char *path, char hex[WR_DIGEST_HEX],
                         uint64_t *size, wr_error *err)
{
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        hex[0] = '\0';
        *size = 0;
        return true;
    }
    return digest_path_from(d, path, hex, size, err);
}

bool wr_digest_inputs(wr_report *rep, wr_digest_acc *taken, size_t n_taken, wr_error *err)
{
    for (size_t i = 0; i < rep->n_files; i++) {
        wr_file_stats *f = &rep->files[i];
        wr_digest_acc fresh = {0}, format = {0};
        bool ok = (!f->path || digest_input(i < n_taken ? &taken[i] : &fresh, f->path, f->xxh3,
                                            &f->size, err)) &&
                  (!f->format || digest_input(&format, f->format->path, f->format_xxh3,
                                              &f->format_size, err));
        wr_digest_acc_free(&fresh);
        wr_digest_acc_free(&format);
        if (!ok)
            return false;
    }
    return true;
}
