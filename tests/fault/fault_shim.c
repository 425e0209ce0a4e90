/*
 * LD_PRELOAD shim for fault-injection tests: makes the Nth call of rename
 * or fsync fail, as a full or failing disk would, or slows the calls that
 * change a folder, as NFS would.
 *   FAULT_RENAME_NTH=n  the nth rename() or renameat() fails with EIO
 *   FAULT_FSYNC_NTH=n   the nth fsync() fails with ENOSPC
 *   FAULT_WRITE_NTH=n   the nth write() fails with ENOSPC, counted over
 *                       every thread (an output set's streams call write
 *                       themselves, D416; stdio's own writes are not seen)
 *   FAULT_SLOW_MS=m     each rename, renameat, symlinkat and fsync first
 *                       sleeps m ms (commit_test: two runs interleaving)
 *   FAULT_MALLOC_NTH=k  the kth call of malloc, calloc or realloc (one
 *                       count, from the process's start, the C library's
 *                       own calls too) fails with ENOMEM, as out of memory
 *                       would (oom_test); the others go to the C library
 *   FAULT_MALLOC_COUNT=1  at exit, writes "mallocs N" to stderr: the calls
 *                       of a whole run, for the range of k
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
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

ssize_t write(int fd, const void *p, size_t n)
{
    static int count;
    static ssize_t (*real)(int, const void *, size_t);
    const char *v = getenv("FAULT_WRITE_NTH");
    if (v && __atomic_add_fetch(&count, 1, __ATOMIC_RELAXED) == atoi(v)) {
        errno = ENOSPC;
        return -1;
    }
    if (!real)
        real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    return real(fd, p, n);
}

/* malloc, calloc and realloc: the next library's (jemalloc's, as the
 * program links it, or the C library's), found by dlsym, which does not
 * allocate when it succeeds; a call while it runs would abort. */
static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static int resolving;

static void resolve(void)
{
    if (real_malloc)
        return;
    if (resolving)
        abort();
    resolving = 1;
    real_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
    real_calloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
    real_realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
    resolving = 0;
}

static long malloc_nth = -1; /* -1: not read yet; 0: no fault */
static long malloc_count;

static int malloc_fails(void)
{
    if (malloc_nth < 0) {
        const char *v = getenv("FAULT_MALLOC_NTH");
        malloc_nth = v ? atol(v) : 0;
    }
    if (++malloc_count != malloc_nth)
        return 0;
    errno = ENOMEM;
    return 1;
}

void *malloc(size_t n)
{
    resolve();
    return malloc_fails() ? NULL : real_malloc(n);
}

void *calloc(size_t n, size_t size)
{
    resolve();
    return malloc_fails() ? NULL : real_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
    resolve();
    return malloc_fails() ? NULL : real_realloc(p, n);
}

__attribute__((destructor)) static void report_mallocs(void)
{
    if (getenv("FAULT_MALLOC_COUNT")) {
        char line[40];
        int n = snprintf(line, sizeof line, "mallocs %ld\n", malloc_count);
        if (write(2, line, (size_t)n) < 0)
            return;
    }
}
