/*
 * LD_PRELOAD shim for fault-injection tests: makes the Nth call of rename
 * or fsync fail, as a full or failing disk would.
 *   FAULT_RENAME_NTH=n  the nth rename() fails with EIO
 *   FAULT_FSYNC_NTH=n   the nth fsync() fails with ENOSPC
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>

static int should_fail(const char *var, int *count)
{
    const char *v = getenv(var);
    return v && ++*count == atoi(v);
}

int rename(const char *from, const char *to)
{
    static int count;
    static int (*real)(const char *, const char *);
    if (should_fail("FAULT_RENAME_NTH", &count)) {
        errno = EIO;
        return -1;
    }
    if (!real)
        real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
    return real(from, to);
}

int fsync(int fd)
{
    static int count;
    static int (*real)(int);
    if (should_fail("FAULT_FSYNC_NTH", &count)) {
        errno = ENOSPC;
        return -1;
    }
    if (!real)
        real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    return real(fd);
}
