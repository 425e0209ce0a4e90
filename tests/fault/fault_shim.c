/*
 * LD_PRELOAD shim for fault-injection tests: makes the Nth call of rename
 * or fsync fail, as a full or failing disk would, or slows the calls that
 * change a folder, as NFS would.
 *   FAULT_RENAME_NTH=n  the nth rename() or renameat() fails with EIO
 *   FAULT_FSYNC_NTH=n   the nth fsync() fails with ENOSPC
 *   FAULT_SLOW_MS=m     each rename, renameat, symlinkat and fsync first
 *                       sleeps m ms (commit_test: two runs interleaving)
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <time.h>

static int should_fail(const char *var, int *count)
{
    const char *v = getenv(var);
    return v && ++*count == atoi(v);
}

static void slow(void)
{
    const char *v = getenv("FAULT_SLOW_MS");
    if (v) {
        struct timespec t = {0, atoi(v) * 1000000L};
        nanosleep(&t, NULL);
    }
}

static int rename_count; /* rename and renameat: one count */

int rename(const char *from, const char *to)
{
    static int (*real)(const char *, const char *);
    slow();
    if (should_fail("FAULT_RENAME_NTH", &rename_count)) {
        errno = EIO;
        return -1;
    }
    if (!real)
        real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
    return real(from, to);
}

int renameat(int from_dir, const char *from, int to_dir, const char *to)
{
    static int (*real)(int, const char *, int, const char *);
    slow();
    if (should_fail("FAULT_RENAME_NTH", &rename_count)) {
        errno = EIO;
        return -1;
    }
    if (!real)
        real = (int (*)(int, const char *, int, const char *))dlsym(RTLD_NEXT, "renameat");
    return real(from_dir, from, to_dir, to);
}

int symlinkat(const char *target, int dir, const char *path)
{
    static int (*real)(const char *, int, const char *);
    slow();
    if (!real)
        real = (int (*)(const char *, int, const char *))dlsym(RTLD_NEXT, "symlinkat");
    return real(target, dir, path);
}

int fsync(int fd)
{
    static int count;
    static int (*real)(int);
    slow();
    if (should_fail("FAULT_FSYNC_NTH", &count)) {
        errno = ENOSPC;
        return -1;
    }
    if (!real)
        real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    return real(fd);
}
