#include "outfile.h"

#include "digest.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "../types/error.h"

/*
 * The commit protocol (docs/RELIABILITY.md, DECISIONS D92). In DIR (--out):
 *
 *   DIR/.wagerecon/             the run's own folder (the user's, 0755)
 *   DIR/.wagerecon/lock         flock: one run at a time commits here
 *   DIR/.wagerecon/current      symlink -> set-<random>: THE published set
 *   DIR/.wagerecon/set-<random> a complete output set (or one being written)
 *   DIR/flags.csv ...           symlinks -> .wagerecon/current/flags.csv
 *
 * Each output is written into a fresh set (names created O_EXCL|O_NOFOLLOW),
 * fsynced, and the set is published by renaming a new `current` link over
 * the old one: one atomic step, so a reader of DIR/NAME sees the old set or
 * the new one whole, whatever stops the run. The previous set is removed
 * only after the swap; what a killed run leaves (sets `current` does not
 * name, link temporaries) is removed by the next run, under the lock.
 */

/* Every name a run or a merge writes: what DIR/NAME may hold from an
 * older wagerecon (a regular file, DECISIONS D92's migration). */
static const char *const managed_names[] = {
    "flags.csv",   "flags.jsonl", "ledger.csv",       "cases.jsonl",      "rejects.csv",
    "summary.json", "report.html", "report_rows.json", "part_facts.csv", WR_OUTPUT_DIGESTS,
    "run.json",
};
#define N_MANAGED (sizeof managed_names / sizeof managed_names[0])
#define META ".wagerecon"
#define LINK_PREFIX ".wagerecon-link-"

/* The output set being written, for wr_remove_partial_outputs(): only
 * while files are written; the commit blocks the stop signals. */
static wr_outset *volatile active_outset;

void wr_remove_partial_outputs(void)
{
    wr_outset *s = active_outset;
    if (!s)
        return;
    for (int i = 0; i < s->n; i++)
        unlinkat(s->set_fd, s->name[i], 0); /* async-signal-safe */
    unlinkat(s->meta_fd, s->set_name, AT_REMOVEDIR);
}

static bool fail(wr_error *err, const char *dir, const char *what, int e)
{
    wr_errorf(err, WR_EOUTPUT, "%.600s: %.300s%s%.80s", dir, what, e ? ": " : "",
              e ? strerror(e) : "");
    return false;
}

/* prefix + 16 hex digits of getrandom(): a name nobody can guess. */
static bool random_name(char *buf, size_t n, const char *prefix)
{
    unsigned char r[8];
    if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
        return false;
    snprintf(buf, n, "%s%02x%02x%02x%02x%02x%02x%02x%02x", prefix, r[0], r[1], r[2], r[3], r[4],
             r[5], r[6], r[7]);
    return true;
}

/* Test hook: WAGERECON_TEST_COMMIT_STEP=k raises SIGKILL (or SIGTERM with
 * WAGERECON_TEST_COMMIT_SIGNAL=TERM) just before step k of the commit, so
 * a test can stop it at every step (tests/e2e/commit_test.sh). Read from
 * the environment at each commit, never from the public API (D231). */
static int step_count;
static void step(void)
{
    const char *k = getenv("WAGERECON_TEST_COMMIT_STEP");
    const char *sig = getenv("WAGERECON_TEST_COMMIT_SIGNAL");
    if (k && atoi(k) > 0 && ++step_count == atoi(k))
        raise(sig && strcmp(sig, "TERM") == 0 ? SIGTERM : SIGKILL);
}

/* At most this many files of a set are split between two threads (a set
 * holds WR_MAX_OUTPUTS files; what a stranger put there goes on one). */
#define REMOVE_SPLIT_MAX 32

typedef struct {
    int dir_fd, n;
    const char *name[REMOVE_SPLIT_MAX];
} unlink_list;

static void *unlink_listed(void *arg)
{
    const unlink_list *l = arg;
    for (int i = 0; i < l->n; i++)
        unlinkat(l->dir_fd, l->name[i], 0);
    return NULL;
}

/* D418: the next files of d unlinked on two threads, this one and one
 * more, the largest first each to the side with fewer blocks so far
 * (unlinking a file frees its blocks: the large files are the time). The
 * other thread inherits this one's signal mask: the commit's stop
 * signals stay blocked. */
static void unlink_split(DIR *d)
{
    char names[REMOVE_SPLIT_MAX][256];
    long long blocks[REMOVE_SPLIT_MAX], side_blocks[2] = {0, 0};
    int n = 0;
    struct dirent *e;
    while (n < REMOVE_SPLIT_MAX && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        struct stat st;
        snprintf(names[n], sizeof names[n], "%s", e->d_name);
        blocks[n] = fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 ? st.st_blocks : 0;
        int k = n++; /* kept in order of blocks, the largest first */
        for (; k > 0 && blocks[k - 1] < blocks[k]; k--) {
            long long b = blocks[k];
            blocks[k] = blocks[k - 1], blocks[k - 1] = b;
            char t[256];
            memcpy(t, names[k], sizeof t);
            memcpy(names[k], names[k - 1], sizeof t);
            memcpy(names[k - 1], t, sizeof t);
        }
    }
    unlink_list side[2] = {{.dir_fd = dirfd(d)}, {.dir_fd = dirfd(d)}};
    for (int i = 0; i < n; i++) {
        int to = side_blocks[1] < side_blocks[0];
        side[to].name[side[to].n++] = names[i];
        side_blocks[to] += blocks[i];
    }
    pthread_t other;
    bool started = side[1].n > 0 && pthread_create(&other, NULL, unlink_listed, &side[1]) == 0;
    unlink_listed(&side[0]);
    if (started)
        pthread_join(other, NULL);
    else
        unlink_listed(&side[1]);
}

/* Removes set `name` in meta_fd: its files (on `threads` threads, 1 or 2),
 * then the folder. Only what the user owns is touched; nothing is
 * followed. */
static void remove_set(int meta_fd, const char *name, int threads)
{
    int fd = openat(meta_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return;
    struct stat st;
    DIR *d = fstat(fd, &st) == 0 && st.st_uid == geteuid() ? fdopendir(fd) : NULL;
    if (!d) {
        close(fd);
        return;
    }
    if (threads > 1)
        unlink_split(d);
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            unlinkat(dirfd(d), e->d_name, 0);
    closedir(d);
    unlinkat(meta_fd, name, AT_REMOVEDIR);
}

/* The set `current` names ("" when none). */
static void current_set(int meta_fd, char *buf, size_t n)
{
    ssize_t r = readlinkat(meta_fd, "current", buf, n - 1);
    buf[r > 0 ? r : 0] = '\0';
    if (strchr(buf, '/') || strncmp(buf, "set-", 4) != 0)
        buf[0] = '\0';
}

/* Whether an entry of DIR named `name` is a leftover temporary of a killed
 * run: an older wagerecon's `.NAME.tmp.PID[.prev.PID]` or a link
 * temporary of this protocol. */
static bool is_leftover(const char *name)
{
    if (strncmp(name, LINK_PREFIX, strlen(LINK_PREFIX)) == 0)
        return true;
    const char *t = name[0] == '.' ? strstr(name, ".tmp.") : NULL;
    if (!t || t == name)
        return false;
    const char *p = t + 5;
    if (!*p)
        return false;
    while (*p >= '0' && *p <= '9')
        p++;
    if (strncmp(p, ".prev.", 6) == 0)
        for (p += 6; *p >= '0' && *p <= '9';)
            p++;
    return *p == '\0';
}

/* Under the lock: removes what killed runs left, the user's own only. */
static void clean_leftovers(wr_outset *s)
{
    char cur[64];
    current_set(s->meta_fd, cur, sizeof cur);
    int fd = dup(s->meta_fd);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (strncmp(e->d_name, "set-", 4) == 0 && strcmp(e->d_name, cur) != 0)
            remove_set(s->meta_fd, e->d_name, 1);
        else if (strncmp(e->d_name, "link-", 5) == 0)
            unlinkat(s->meta_fd, e->d_name, 0);
    }
    if (d)
        closedir(d);
    else if (fd >= 0)
        close(fd);
    fd = dup(s->dir_fd);
    d = fd >= 0 ? fdopendir(fd) : NULL;
    struct stat st;
    while (d && (e = readdir(d)))
        if (is_leftover(e->d_name) &&
            fstatat(s->dir_fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
            st.st_uid == geteuid() && (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)))
            unlinkat(s->dir_fd, e->d_name, 0);
    if (d)
        closedir(d);
    else if (fd >= 0)
        close(fd);
}

/* What DIR/NAME holds now. */
enum { NAME_ABSENT, NAME_LINKED, NAME_LEGACY };

static int name_state(const wr_outset *s, const char *name, wr_error *err, bool *ok)
{
    struct stat st;
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", s->dir, name);
    if (fstatat(s->dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno != ENOENT)
            *ok = fail(err, path, "cannot inspect", errno);
        return NAME_ABSENT;
    }
    /* DECISIONS D92: nothing of another user's is replaced or written through */
    if (st.st_uid != geteuid()) {
        *ok = fail(err, path, "belongs to another user; outputs are not written over it", 0);
        return NAME_ABSENT;
    }
    if (S_ISLNK(st.st_mode)) {
        char target[256], want[256];
        ssize_t r = readlinkat(s->dir_fd, name, target, sizeof target - 1);
        target[r > 0 ? r : 0] = '\0';
        snprintf(want, sizeof want, META "/current/%s", name);
        return strcmp(target, want) == 0 ? NAME_LINKED : NAME_LEGACY;
    }
    if (!S_ISREG(st.st_mode)) {
        *ok = fail(err, path, "not a regular file where an output goes", 0);
        return NAME_ABSENT;
    }
    return NAME_LEGACY;
}

/* Opens (creating) DIR/.wagerecon and its lock, and takes the lock. */
static bool open_meta(wr_outset *s, wr_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/" META, s->dir);
    if (mkdirat(s->dir_fd, META, 0755) != 0 && errno != EEXIST)
        return fail(err, path, "cannot create", errno);
    s->meta_fd = openat(s->dir_fd, META, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (s->meta_fd < 0)
        return fail(err, path, "cannot open (not a folder of this user's?)", errno);
    struct stat st;
    if (fstat(s->meta_fd, &st) != 0 || st.st_uid != geteuid())
        return fail(err, path, "belongs to another user; refused (DECISIONS D92)", 0);
    if (st.st_mode & (S_IWGRP | S_IWOTH))
        fchmod(s->meta_fd, st.st_mode & 07755); /* only its owner writes in it */
    s->lock_fd = openat(s->meta_fd, "lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (s->lock_fd < 0)
        return fail(err, path, "cannot open its lock", errno);
    /* A second run into DIR waits here until the first has committed or
     * died (the kernel drops a dead process's lock). */
    while (flock(s->lock_fd, LOCK_EX) != 0)
        if (errno != EINTR)
            return fail(err, path, "cannot lock", errno);
    return true;
}

bool wr_outset_init(wr_outset *s, const char *dir, wr_error *err)
{
    memset(s, 0, sizeof *s);
    s->dir = dir;
    s->dir_fd = s->meta_fd = s->set_fd = s->lock_fd = -1;
    s->remove_threads = 1;
    struct stat st;
    if (lstat(dir, &st) == 0 && S_ISLNK(st.st_mode) && stat(dir, &st) != 0) {
        char target[512];
        ssize_t r = readlink(dir, target, sizeof target - 1);
        target[r > 0 ? r : 0] = '\0';
        wr_errorf(err, WR_EOUTPUT, "%s: a symbolic link to %s, which does not exist", dir, target);
        return false;
    }
    /* DECISIONS D26: the directory itself is created, its parents not. */
    if (stat(dir, &st) != 0 && mkdir(dir, 0777) != 0)
        return fail(err, dir, "cannot create output directory", errno);
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return fail(err, dir, "not a directory", 0);
    if (access(dir, W_OK) != 0)
        return fail(err, dir, "output directory is not writable", 0);
    /* DECISIONS D92: in a folder every user may write, another user could
     * replace what a run made; the sticky bit (as /tmp) stops that. */
    if ((st.st_mode & S_IWOTH) && !(st.st_mode & S_ISVTX))
        return fail(err, dir, "output directory is writable by every user and not sticky "
                              "(chmod o-w or +t); refused (DECISIONS D92)", 0);
    s->dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (s->dir_fd < 0)
        return fail(err, dir, "cannot open output directory", errno);
    /* the names checked before anything is made, and again under the lock */
    bool ok = true;
    for (int pass = 0; pass < 2 && ok; pass++) {
        for (size_t i = 0; ok && i < N_MANAGED; i++)
            s->state[i] = (unsigned char)name_state(s, managed_names[i], err, &ok);
        if (ok && pass == 0)
            ok = open_meta(s, err);
    }
    if (ok) {
        clean_leftovers(s);
        ok = random_name(s->set_name, sizeof s->set_name, "set-") &&
             mkdirat(s->meta_fd, s->set_name, 0755) == 0;
        if (!ok)
            fail(err, dir, "cannot create a new output set in " META, errno);
    }
    if (ok) {
        s->set_fd = openat(s->meta_fd, s->set_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        ok = s->set_fd >= 0 || fail(err, dir, "cannot open the new output set", errno);
    }
    if (!ok)
        wr_outset_abort(s);
    return ok;
}

/* D464: the flusher's thread. A file wanted is fdatasynced outside the
 * lock; its descriptor stays open until the flusher is stopped (the
 * commit and abort stop it before they close the files). */
static void *flusher_main(void *arg)
{
    wr_outset_flusher *fl = arg;
    pthread_mutex_lock(&fl->mu);
    while (!fl->stop) {
        wr_outset_file *f = fl->want;
        if (!f) {
            pthread_cond_wait(&fl->wake, &fl->mu);
            continue;
        }
        fl->want = NULL;
        pthread_mutex_unlock(&fl->mu);
        int e = fdatasync(f->fd) == 0 ? 0 : errno;
        pthread_mutex_lock(&fl->mu);
        if (e && !f->flush_error)
            f->flush_error = e; /* the commit's: an fsync reports an error once */
        fl->flushes++;
    }
    pthread_mutex_unlock(&fl->mu);
    return NULL;
}

/* n more bytes of f put on their way to the disk: once WR_OUTSET_FLUSH_BYTES
 * of the set's are, f is the flusher's next fdatasync. */
static void flush_ask(wr_outset_flusher *fl, wr_outset_file *f, long long n)
{
    pthread_mutex_lock(&fl->mu);
    fl->pending += n;
    if (fl->pending >= WR_OUTSET_FLUSH_BYTES) {
        fl->pending = 0;
        fl->want = f;
        pthread_cond_signal(&fl->wake);
    }
    pthread_mutex_unlock(&fl->mu);
}

void wr_outset_flush_ahead(wr_outset *s)
{
    wr_outset_flusher *fl = &s->flusher;
    if (fl->running)
        return;
    *fl = (wr_outset_flusher){0};
    if (pthread_mutex_init(&fl->mu, NULL) != 0)
        return;
    if (pthread_cond_init(&fl->wake, NULL) != 0) {
        pthread_mutex_destroy(&fl->mu);
        return;
    }
    fl->running = pthread_create(&fl->thread, NULL, flusher_main, fl) == 0;
    if (!fl->running) {
        pthread_cond_destroy(&fl->wake);
        pthread_mutex_destroy(&fl->mu);
    }
}

/* Stops s's flusher, if it runs: after its last fdatasync, before the
 * files are closed. */
static void flusher_stop(wr_outset *s)
{
    wr_outset_flusher *fl = &s->flusher;
    if (!fl->running)
        return;
    pthread_mutex_lock(&fl->mu);
    fl->stop = true;
    pthread_cond_signal(&fl->wake);
    pthread_mutex_unlock(&fl->mu);
    pthread_join(fl->thread, NULL);
    pthread_cond_destroy(&fl->wake);
    pthread_mutex_destroy(&fl->mu);
    fl->running = false;
    for (int i = 0; i < s->n; i++)
        s->file[i].flusher = NULL;
}

/* The stream of a file of the set (fopencookie): every write goes to the
 * file whole, and each WR_OUTSET_WRITEBACK_BYTES written are put on their
 * way to the disk without waiting, so the commit's fsync finds little
 * left to write (D416). A failed write returns -1 with errno kept: the
 * stream's error flag, which fails the commit; sync_file_range's own
 * errors are the fsync's to report. */
static ssize_t set_file_write(void *cookie, const char *p, size_t n)
{
    wr_outset_file *f = cookie;
    for (size_t done = 0; done < n;) {
        ssize_t w = write(f->fd, p + done, n - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (!f->error)
                f->error = w < 0 ? errno : EIO;
            return -1;
        }
        done += (size_t)w;
    }
    f->written += (long long)n;
    if (f->written - f->begun >= WR_OUTSET_WRITEBACK_BYTES) {
        int saved = errno;
        sync_file_range(f->fd, f->begun, f->written - f->begun, SYNC_FILE_RANGE_WRITE);
        errno = saved;
        if (f->flusher)
            flush_ask(f->flusher, f, f->written - f->begun);
        f->begun = f->written;
    }
    return (ssize_t)n;
}

static int set_file_close(void *cookie)
{
    wr_outset_file *f = cookie;
    int r = close(f->fd);
    f->fd = -1;
    return r;
}

/* The stream's buffer: stdio's for a stream with no descriptor would be
 * BUFSIZ (8 KB); a file's own stream had st_blksize (4 KB). */
#define SET_FILE_BUFFER_BYTES (64 * 1024)

FILE *wr_outset_open(wr_outset *s, const char *name, wr_error *err)
{
    int i = s->n;
    if (i == WR_MAX_OUTPUTS || strlen(name) >= sizeof s->name[i]) {
        fail(err, name, "too many outputs", 0);
        return NULL;
    }
    snprintf(s->name[i], sizeof s->name[i], "%s", name);
    int fd = openat(s->set_fd, name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    s->file[i] = (wr_outset_file){.fd = fd, .flusher = s->flusher.running ? &s->flusher : NULL};
    s->fp[i] = fd >= 0 ? fopencookie(&s->file[i], "w",
                                     (cookie_io_functions_t){.write = set_file_write,
                                                             .close = set_file_close})
                       : NULL;
    if (!s->fp[i]) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", s->dir, name);
        fail(err, path, "cannot write", errno);
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    /* One thread at a time writes a file (D258: each whole by one thread,
     * the commit after the join), so stdio need not lock it: a lock and
     * an unlock per fputc/fwrite was a sixth of writing flags.csv at
     * --jobs 2 (D285). */
    __fsetlocking(s->fp[i], FSETLOCKING_BYCALLER);
    setvbuf(s->fp[i], NULL, _IOFBF, SET_FILE_BUFFER_BYTES);
    s->n++;
    active_outset = s;
    return s->fp[i];
}

int wr_outset_fd(const wr_outset *s, FILE *f)
{
    for (int i = 0; i < s->n; i++)
        if (s->fp[i] == f)
            return s->file[i].fd;
    return -1;
}

void wr_outset_set_threads(wr_outset *s, int threads)
{
    s->remove_threads = threads > 1 ? 2 : 1;
}

/* Points `current` at set `name` ("" : removes it): a new link renamed
 * over the old one, then the folder fsynced. */
static bool swap_current(wr_outset *s, const char *name, wr_error *err)
{
    char tmp[40];
    if (!name[0]) {
        step();
        unlinkat(s->meta_fd, "current", 0);
        return true;
    }
    if (!random_name(tmp, sizeof tmp, "link-"))
        return fail(err, s->dir, "no random name", errno);
    step();
    if (symlinkat(name, s->meta_fd, tmp) != 0)
        return fail(err, s->dir, "cannot create the link to the new outputs", errno);
    step();
    if (renameat(s->meta_fd, tmp, s->meta_fd, "current") != 0) {
        int e = errno;
        unlinkat(s->meta_fd, tmp, 0);
        return fail(err, s->dir, "rename failed", e);
    }
    return true;
}

/* fsync of DIR/.wagerecon after a swap; when it fails, `current` goes
 * back to `previous` (the swap may not be on disk: the run fails). */
static bool swap_durable(wr_outset *s, const char *previous, wr_error *err)
{
    step();
    if (fsync(s->meta_fd) == 0)
        return true;
    int e = errno;
    wr_error ignored;
    swap_current(s, previous, &ignored);
    return fail(err, s->dir, "fsync failed", e);
}

/* Makes DIR/NAME the link .wagerecon/current/NAME: created, or renamed
 * over an older wagerecon's file (whose content `current` holds). */
static bool link_name(wr_outset *s, const char *name, bool replace, wr_error *err)
{
    char target[256], tmp[64], path[4200];
    snprintf(target, sizeof target, META "/current/%s", name);
    snprintf(path, sizeof path, "%s/%s", s->dir, name);
    if (!replace) {
        step();
        return symlinkat(target, s->dir_fd, name) == 0 || fail(err, path, "cannot link", errno);
    }
    if (!random_name(tmp, sizeof tmp, LINK_PREFIX))
        return fail(err, path, "no random name", errno);
    step();
    if (symlinkat(target, s->dir_fd, tmp) != 0)
        return fail(err, path, "cannot link", errno);
    step();
    if (renameat(s->dir_fd, tmp, s->dir_fd, name) != 0) {
        int e = errno;
        unlinkat(s->dir_fd, tmp, 0);
        return fail(err, path, "rename failed", e);
    }
    return true;
}

/* DECISIONS D92 migration: DIR holds an older wagerecon's regular files.
 * First `current` becomes a set of hard links to what DIR shows, then each
 * file is replaced by its link (same content): DIR never changes. */
static bool adopt_legacy(wr_outset *s, char *old_set, size_t old_set_size, wr_error *err)
{
    char snap[32];
    if (!random_name(snap, sizeof snap, "set-"))
        return fail(err, s->dir, "no random name", errno);
    step();
    if (mkdirat(s->meta_fd, snap, 0755) != 0)
        return fail(err, s->dir, "cannot keep the previous outputs", errno);
    int fd = openat(s->meta_fd, snap, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    bool ok = fd >= 0;
    for (size_t i = 0; ok && i < N_MANAGED; i++) {
        char from[96];
        const char *n = managed_names[i];
        int from_fd = s->dir_fd;
        if (s->state[i] == NAME_LINKED && old_set[0]) {
            snprintf(from, sizeof from, "%s/%s", old_set, n);
            from_fd = s->meta_fd;
            n = from;
        } else if (s->state[i] != NAME_LEGACY) {
            continue;
        }
        step(); /* a link the user made: the file it names is kept */
        ok = linkat(from_fd, n, fd, managed_names[i], AT_SYMLINK_FOLLOW) == 0 || errno == ENOENT;
    }
    step();
    ok = ok && fsync(fd) == 0;
    if (fd >= 0)
        close(fd);
    if (!ok) {
        fail(err, s->dir, "cannot keep the previous outputs", errno);
        remove_set(s->meta_fd, snap, 1);
        return false;
    }
    if (!swap_current(s, snap, err) || !swap_durable(s, old_set, err))
        return false;
    for (size_t i = 0; i < N_MANAGED; i++) {
        if (s->state[i] == NAME_LEGACY && !link_name(s, managed_names[i], true, err))
            return false;
        if (s->state[i] == NAME_LEGACY)
            s->state[i] = NAME_LINKED;
    }
    remove_set(s->meta_fd, old_set, 1);
    snprintf(old_set, old_set_size, "%s", snap);
    return true;
}

/* D445: the previous set removed on threads of its own while the run
 * ends (frees, a store's write), joined by wr_outset_finish. Started
 * inside the commit's blocked stop signals, it keeps them blocked; the
 * lock and DIR/.wagerecon stay open until it ends. */
static void *removal_main(void *arg)
{
    wr_outset *s = arg;
    remove_set(s->meta_fd, s->old_set, 2);
    return NULL;
}

void wr_outset_finish(wr_outset *s)
{
    if (!s->removing)
        return;
    step(); /* a kill here stops the removal part way (commit_test) */
    pthread_join(s->remover, NULL);
    s->removing = false;
    wr_outset_abort(s); /* the lock, at last */
}

static bool written(const wr_outset *s, const char *name)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->name[i], name) == 0)
            return true;
    return false;
}

static bool publish(wr_outset *s, wr_error *err)
{
    char old_set[64];
    current_set(s->meta_fd, old_set, sizeof old_set);
    bool legacy = false;
    for (size_t i = 0; i < N_MANAGED; i++)
        legacy |= s->state[i] == NAME_LEGACY;
    if (legacy && !adopt_legacy(s, old_set, sizeof old_set, err))
        return false;
    /* a name the old set lacked: its link points at nothing until the swap */
    for (size_t i = 0; i < N_MANAGED; i++)
        if (s->state[i] == NAME_ABSENT && written(s, managed_names[i]) &&
            !link_name(s, managed_names[i], false, err))
            return false;
    /* THE step: old set -> new set */
    if (!swap_current(s, s->set_name, err) || !swap_durable(s, old_set, err))
        return false;
    step();
    fsync(s->dir_fd); /* the links made above; they were right either way */
    /* After: what the new set lacks, and the previous set. */
    for (size_t i = 0; i < N_MANAGED; i++)
        if (s->state[i] == NAME_LINKED && !written(s, managed_names[i])) {
            step();
            unlinkat(s->dir_fd, managed_names[i], 0);
        }
    step();
    if (old_set[0] && s->remove_threads > 1) { /* D445: beside what the run has left */
        snprintf(s->old_set, sizeof s->old_set, "%s", old_set);
        s->removing = pthread_create(&s->remover, NULL, removal_main, s) == 0;
    }
    if (old_set[0] && !s->removing)
        remove_set(s->meta_fd, old_set, s->remove_threads);
    return true;
}

static bool write_digests(wr_outset *s, wr_error *err);

void wr_outset_writeback(int fd)
{
    int saved = errno;
    sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
    errno = saved;
}

void wr_outset_sync(wr_outset *s, FILE *f)
{
    for (int i = 0; i < s->n; i++)
        if (s->fp[i] == f && !s->file[i].synced) {
            int saved = errno;
            if (fflush(f) == 0 && !ferror(f)) {
                s->file[i].sync_error = fsync(s->file[i].fd) == 0 ? 0 : errno;
                s->file[i].synced = true;
            }
            errno = saved;
        }
}

bool wr_outset_commit(wr_outset *s, wr_error *err)
{
    step_count = 0;
    sigset_t stop, saved;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    flusher_stop(s); /* the writers are done: its last fdatasync, then the files close */
    bool ok = !s->digests || write_digests(s, err);
    for (int i = 0; i < s->n; i++) {
        FILE *f = s->fp[i];
        s->fp[i] = NULL;
        step();
        /* a file fsynced whole before (D444): that fsync's result; a
         * failed fdatasync of the flusher's (D464) fails it first */
        const wr_outset_file *w = &s->file[i];
        bool good = fflush(f) == 0 && !ferror(f) && (errno = w->flush_error) == 0 &&
                    (w->synced ? (errno = w->sync_error) == 0 : fsync(w->fd) == 0);
        /* the cause: the first failed write's, else this failure's (not
         * what fclose leaves in errno) */
        int e = w->error ? w->error : errno;
        if (fclose(f) != 0 && good)
            good = false, e = errno;
        if (!good && ok) {
            char path[4200];
            snprintf(path, sizeof path, "%s/%s", s->dir, s->name[i]);
            ok = fail(err, path, "write failed", e);
        }
    }
    step();
    ok = ok && (fsync(s->set_fd) == 0 || fail(err, s->dir, "fsync failed", errno));
    /* A stop signal now waits for the commit: the handler would otherwise
     * remove a set that may already be the published one. */
    sigprocmask(SIG_BLOCK, &stop, &saved);
    active_outset = NULL;
    ok = ok && publish(s, err);
    if (ok) {
        close(s->set_fd);
        s->set_fd = -1;
        s->n = 0;
    }
    wr_outset_abort(s); /* a failed commit: its new set goes; always: the lock */
    sigprocmask(SIG_SETMASK, &saved, NULL);
    return ok;
}

void wr_outset_abort(wr_outset *s)
{
    flusher_stop(s);
    active_outset = NULL;
    for (int i = 0; i < s->n; i++)
        if (s->fp[i])
            fclose(s->fp[i]);
    if (s->set_fd >= 0) {
        close(s->set_fd);
        char cur[64];
        current_set(s->meta_fd, cur, sizeof cur);
        if (strcmp(cur, s->set_name) != 0)
            remove_set(s->meta_fd, s->set_name, 1);
    }
    if (!s->removing) { /* else the removal's, until wr_outset_finish */
        if (s->lock_fd >= 0)
            close(s->lock_fd); /* drops the lock */
        if (s->meta_fd >= 0)
            close(s->meta_fd);
        s->lock_fd = s->meta_fd = -1;
    }
    if (s->dir_fd >= 0)
        close(s->dir_fd);
    s->n = 0;
    s->set_fd = s->dir_fd = -1;
}

/* ---- Cells and strings escaped into memory (D286) ----
 * Each escaper writes whole characters of its input at out while there
 * is room before end for the longest escape of one character, and
 * returns the new end of what it wrote, *s advanced past what it took.
 * The FILE writers call one over a buffer on the stack, chunk by chunk;
 * the line writers (wr_buf) once, with room for the whole input.
 *
 * D358: the bytes a format leaves as they are go out by runs: a scan
 * finds the next byte the format must look at (sixteen bytes a step with
 * SSE2, then a table a byte) and the run before it is one memcpy; a
 * UTF-8 name's characters are checked and copied one after another
 * without going back to the scan. What goes out is what the byte-by-byte
 * escapers of D286 wrote (tests/unit/outfile_escapes_test.c keeps them
 * and compares every byte at every place). */

#define CSV_CHAR_MAX 2   /* " -> "" */
#define EXCEL_CHAR_MAX 4 /* " -> """" inside ="..." */
#define JSON_CHAR_MAX 6  /* \u001f, \ufffd */
#define HTML_CHAR_MAX 6  /* &quot; */

/* The bytes each format looks at; the others go out as they are. JSON:
 * control characters, " and \, and every byte >= 0x80 (invalid UTF-8 is
 * replaced); HTML: the same but \ and with DEL and & < > '; a CSV cell is
 * quoted when it holds one of , " CR LF. */
enum { LOOK_JSON = 1, LOOK_HTML = 2, LOOK_CSV = 4 };
static const unsigned char look_at[256] = {
    [0x00 ... 0x09] = LOOK_JSON | LOOK_HTML,
    ['\n'] = LOOK_JSON | LOOK_HTML | LOOK_CSV,
    [0x0B ... 0x0C] = LOOK_JSON | LOOK_HTML,
    ['\r'] = LOOK_JSON | LOOK_HTML | LOOK_CSV,
    [0x0E ... 0x1F] = LOOK_JSON | LOOK_HTML,
    ['"'] = LOOK_JSON | LOOK_HTML | LOOK_CSV,
    [','] = LOOK_CSV,
    ['\\'] = LOOK_JSON,
    ['&'] = LOOK_HTML,
    ['<'] = LOOK_HTML,
    ['>'] = LOOK_HTML,
    ['\''] = LOOK_HTML,
    [0x7F] = LOOK_HTML,
    [0x80 ... 0xFF] = LOOK_JSON | LOOK_HTML,
};

#ifdef __SSE2__
#define EQ(v, c) _mm_cmpeq_epi8(v, _mm_set1_epi8(c))
/* The bytes of v a format looks at, one bit each (as look_at). A signed
 * compare below 0x20 takes the control characters and every byte >=
 * 0x80 at once. */
static inline __attribute__((always_inline)) unsigned look_mask(__m128i v, int format)
{
    __m128i x;
    if (format == LOOK_CSV) {
        x = _mm_or_si128(_mm_or_si128(EQ(v, ','), EQ(v, '"')),
                         _mm_or_si128(EQ(v, '\r'), EQ(v, '\n')));
    } else {
        x = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)), EQ(v, '"'));
        if (format == LOOK_JSON)
            x = _mm_or_si128(x, EQ(v, '\\'));
        else
            x = _mm_or_si128(_mm_or_si128(x, _mm_or_si128(EQ(v, '&'), EQ(v, '\''))),
                             _mm_or_si128(_mm_or_si128(EQ(v, '<'), EQ(v, '>')), EQ(v, 0x7F)));
    }
    return (unsigned)_mm_movemask_epi8(x);
}
#undef EQ
#endif

/* How many bytes s[0..n) starts with that `format` leaves as they are.
 * With SSE2 every byte is looked at in vectors, never past s[n - 1]: a
 * text of 16 bytes or more by blocks of 16, the last block ending at n
 * (its bytes before were looked at already, without a hit, so its first
 * hit is past them); 4-15 bytes as their first and last 8 (or 4) bytes,
 * which overlap the same way. Cells are mostly that short. */
static inline __attribute__((always_inline)) size_t plain_run(const unsigned char *s, size_t n,
                                                               int format)
{
#ifdef __SSE2__
    unsigned m;
    if (n >= 16) {
        size_t i = 0;
        for (; i + 16 <= n; i += 16)
            if ((m = look_mask(_mm_loadu_si128((const __m128i *)(const void *)(s + i)), format)))
                return i + (size_t)__builtin_ctz(m);
        if (i == n)
            return n;
        m = look_mask(_mm_loadu_si128((const __m128i *)(const void *)(s + n - 16)), format);
        return m ? n - 16 + (size_t)__builtin_ctz(m) : n;
    }
    if (n >= 8) {
        __m128i v = _mm_unpacklo_epi64(_mm_loadl_epi64((const __m128i *)(const void *)s),
                                       _mm_loadl_epi64((const __m128i *)(const void *)(s + n - 8)));
        m = look_mask(v, format);
        return m ? (m & 0xFF ? (size_t)__builtin_ctz(m) : n - 16 + (size_t)__builtin_ctz(m)) : n;
    }
    if (n >= 4) {
        uint32_t head, tail;
        memcpy(&head, s, 4);
        memcpy(&tail, s + n - 4, 4);
        __m128i v = _mm_unpacklo_epi32(_mm_cvtsi32_si128((int)head), _mm_cvtsi32_si128((int)tail));
        m = look_mask(v, format) & 0xFF; /* the 8 zero bytes above are no text */
        return m ? (m & 0xF ? (size_t)__builtin_ctz(m) : n - 8 + (size_t)__builtin_ctz(m)) : n;
    }
#endif
    size_t i = 0;
    while (i < n && !(look_at[s[i]] & format))
        i++;
    return i;
}

static inline __attribute__((always_inline)) bool csv_needs_quotes(const char *s, size_t n)
{
    return plain_run((const unsigned char *)s, n, LOOK_CSV) < n;
}

/* s[0..s_end) with each " doubled (D17). */
static char *csv_doubled(const char **s, const char *s_end, char *out, const char *end)
{
    const char *p = *s;
    while (p < s_end && end - out >= CSV_CHAR_MAX) {
        size_t room = (size_t)(end - out) - 1, left = (size_t)(s_end - p);
        const char *q = memchr(p, '"', left < room ? left : room);
        if (!q) { /* room - 1 bytes at least: a " after them still fits */
            size_t k = left < room ? left : room;
            out = mempcpy(out, p, k);
            p += k;
            continue;
        }
        out = mempcpy(out, p, (size_t)(q - p + 1));
        *out++ = '"';
        p = q + 1;
    }
    *s = p;
    return out;
}

/* s up to its NUL as the string inside an Excel formula ="s", CSV-quoted:
 * each " as """" (D163). */
static char *excel_doubled(const char **s, char *out, const char *end)
{
    const char *p = *s;
    for (; *p && end - out >= EXCEL_CHAR_MAX; p++) {
        if (*p == '"') {
            memcpy(out, "\"\"\"\"", 4);
            out += 4;
        } else {
            *out++ = *p;
        }
    }
    *s = p;
    return out;
}

/* Length of the UTF-8 sequence at s[0..s_end) (any lead C2-F4 with its
 * continuation bytes, as D286's check: overlong E0/F0 forms and
 * surrogates pass), or 0 when there is none, the end cutting it. */
static inline int utf8_len(const unsigned char *s, const unsigned char *s_end)
{
    if (s[0] < 0x80)
        return 1;
    int n = s[0] >= 0xF0 && s[0] <= 0xF4   ? 4
            : s[0] >= 0xE0 && s[0] < 0xF0 ? 3
            : s[0] >= 0xC2 && s[0] < 0xE0 ? 2
                                          : 0;
    if (n == 0 || s_end - s < n)
        return 0;
    for (int i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

/* The run of whole UTF-8 characters >= U+0080 at u[0..u_end) copied to
 * out (one memcpy) while room holds `reserve` more bytes after each
 * character (it does before the first); *u advanced (not at all when u
 * starts no whole character). Three-byte characters (Chinese names and
 * words) are checked first, their bytes as one number. */
static inline char *utf8_run(const unsigned char **u, const unsigned char *u_end, char *out,
                             const char *end, size_t reserve)
{
    const unsigned char *s = *u;
    size_t k = 0, n = (size_t)(u_end - s), last = (size_t)(end - out) - reserve;
    while (k <= last && k < n && s[k] >= 0x80) {
        if (n - k >= 3) {
            uint32_t three = s[k] | (uint32_t)s[k + 1] << 8 | (uint32_t)s[k + 2] << 16;
            if ((three & 0xC0C0F0) == 0x8080E0) {
                k += 3;
                continue;
            }
        }
        int len = utf8_len(s + k, u_end);
        if (len == 0)
            break;
        k += (size_t)len;
    }
    *u = s + k;
    return mempcpy(out, s, k);
}

/* utf8_run, or when u starts no whole character, `replacement` (its n
 * bytes) for its first byte: invalid UTF-8 as U+FFFD, in the format's
 * own way. */
static inline char *utf8_run_or_replaced(const unsigned char **u, const unsigned char *u_end,
                                         char *out, const char *end, size_t reserve,
                                         const char *replacement, size_t n)
{
    const unsigned char *at = *u;
    out = utf8_run(u, u_end, out, end, reserve);
    if (*u == at) {
        out = mempcpy(out, replacement, n);
        ++*u;
    }
    return out;
}

/* The run of bytes at u[0..u_end) that `format` leaves as they are,
 * copied to out as far as room goes (one memcpy); *u advanced. */
static inline __attribute__((always_inline)) char *plain_copied(const unsigned char **u,
                                                                const unsigned char *u_end,
                                                                char *out, const char *end,
                                                                int format)
{
    size_t room = (size_t)(end - out), left = (size_t)(u_end - *u);
    size_t plain = plain_run(*u, left < room ? left : room, format);
    out = mempcpy(out, *u, plain);
    *u += plain;
    return out;
}

/* s[0..s_end) inside a JSON string: " and \ escaped, control characters
 * as \u00XX, invalid UTF-8 as \ufffd. */
static char *json_escaped(const unsigned char **s, const unsigned char *s_end, char *out,
                          const char *end)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = *s;
    while (u < s_end && end - out >= JSON_CHAR_MAX) {
        out = plain_copied(&u, s_end, out, end, LOOK_JSON);
        if (u == s_end || end - out < JSON_CHAR_MAX)
            break;
        if (*u == '"' || *u == '\\') {
            *out++ = '\\';
            *out++ = (char)*u++;
        } else if (*u < 0x20) {
            memcpy(out, "\\u00", 4);
            out[4] = hex[*u >> 4];
            out[5] = hex[*u & 15];
            out += 6;
            u++;
        } else {
            out = utf8_run_or_replaced(&u, s_end, out, end, JSON_CHAR_MAX, "\\ufffd", 6);
        }
    }
    *s = u;
    return out;
}

/* s[0..n) as a JSON string, quotes included, at out (room for 6 n + 2):
 * its plain start copied here, the escaper called only past it. */
static inline char *json_quoted(const char *s, size_t n, char *out)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t plain = plain_run(u, n, LOOK_JSON);
    *out++ = '"';
    memcpy(out, u, plain);
    out += plain;
    if (plain < n) {
        u += plain;
        out = json_escaped(&u, u + (n - plain), out, out + JSON_CHAR_MAX * (n - plain));
    }
    *out++ = '"';
    return out;
}

void wr_csv_cell(FILE *f, const char *s)
{
    wr_csv_cell_n(f, s, strlen(s));
}

void wr_csv_cell_n(FILE *f, const char *s, size_t n)
{
    if (!csv_needs_quotes(s, n)) {
        fwrite(s, 1, n, f);
        return;
    }
    char chunk[256];
    fputc('"', f);
    for (const char *end = s + n; s < end;)
        fwrite(chunk, 1, (size_t)(csv_doubled(&s, end, chunk, chunk + sizeof chunk) - chunk), f);
    fputc('"', f);
}

void wr_csv_begin(FILE *f, const wr_options *o)
{
    if (o->csv_bom || o->excel)
        fputs("\xEF\xBB\xBF", f);
}

void wr_csv_id_cell(FILE *f, const char *s, bool excel)
{
    if (!excel || !*s) {
        wr_csv_cell(f, s);
        return;
    }
    char chunk[256];
    fputs("\"=\"\"", f); /* the cell ="s", quoted: "=""s""" */
    while (*s)
        fwrite(chunk, 1, (size_t)(excel_doubled(&s, chunk, chunk + sizeof chunk) - chunk), f);
    fputs("\"\"\"", f);
}

void wr_json_string(FILE *f, const char *s)
{
    const unsigned char *u = (const unsigned char *)s, *u_end = u + strlen(s);
    char chunk[512];
    fputc('"', f);
    while (u < u_end)
        fwrite(chunk, 1, (size_t)(json_escaped(&u, u_end, chunk, chunk + sizeof chunk) - chunk), f);
    fputc('"', f);
}

bool wr_buf_csv_cell(wr_buf *b, const char *s, size_t n)
{
    if (!csv_needs_quotes(s, n))
        return wr_buf_append(b, s, n);
    if (!wr_buf_reserve(b, b->len + CSV_CHAR_MAX * n + 2))
        return false;
    char *out = b->p + b->len;
    *out++ = '"';
    out = csv_doubled(&s, s + n, out, out + CSV_CHAR_MAX * n);
    *out++ = '"';
    b->len = (size_t)(out - b->p);
    return true;
}

bool wr_buf_csv_id_cell(wr_buf *b, const char *s, bool excel)
{
    if (!excel || !*s)
        return wr_buf_csv_cell(b, s, strlen(s));
    size_t n = strlen(s);
    if (!wr_buf_reserve(b, b->len + EXCEL_CHAR_MAX * n + 7))
        return false;
    char *out = b->p + b->len;
    memcpy(out, "\"=\"\"", 4);
    out = excel_doubled(&s, out + 4, out + 4 + EXCEL_CHAR_MAX * n);
    memcpy(out, "\"\"\"", 3);
    b->len = (size_t)(out + 3 - b->p);
    return true;
}

bool wr_buf_json_string(wr_buf *b, const char *s)
{
    size_t n = strlen(s);
    if (!wr_buf_reserve(b, b->len + JSON_CHAR_MAX * n + 2))
        return false;
    b->len = (size_t)(json_quoted(s, n, b->p + b->len) - b->p);
    return true;
}

bool wr_buf_csv_record(wr_buf *b, const char *const *cells, size_t n, uint32_t id_cells,
                       bool excel)
{
    size_t len[32], all = 0;
    if (n > 32)
        return false;
    for (size_t i = 0; i < n; i++)
        all += len[i] = cells[i] ? strlen(cells[i]) : 0;
    /* a cell: 2 len + 2 quoted, 4 len + 7 as an Excel identifier */
    if (!wr_buf_reserve(b, b->len + EXCEL_CHAR_MAX * all + 8 * n + 1))
        return false;
    char *out = b->p + b->len;
    for (size_t i = 0; i < n; i++) {
        const char *s = cells[i];
        if (i)
            *out++ = ',';
        if (!s || !len[i])
            continue;
        if (excel && (id_cells >> i & 1)) {
            memcpy(out, "\"=\"\"", 4);
            out = excel_doubled(&s, out + 4, out + 4 + EXCEL_CHAR_MAX * len[i]);
            out = mempcpy(out, "\"\"\"", 3);
        } else if (!csv_needs_quotes(s, len[i])) {
            out = mempcpy(out, s, len[i]);
        } else {
            *out++ = '"';
            out = csv_doubled(&s, s + len[i], out, out + CSV_CHAR_MAX * len[i]);
            *out++ = '"';
        }
    }
    *out++ = '\n';
    b->len = (size_t)(out - b->p);
    return true;
}

bool wr_buf_json_line(wr_buf *b, const wr_json_key *keys, const char *const *cells,
                      const bool *numeric, size_t n)
{
    size_t len[32], all = 0;
    if (n == 0 || n > 32)
        return false;
    for (size_t i = 0; i < n; i++)
        all += keys[i].len + (len[i] = cells[i] ? strlen(cells[i]) : 0);
    /* a value: null, or 6 len + 2 as a string; a key is copied whole
     * (WR_JSON_KEY_MAX bytes, a fixed-size copy) and counted by its len */
    if (!wr_buf_reserve(b, b->len + JSON_CHAR_MAX * all + 4 * n + 3 + WR_JSON_KEY_MAX))
        return false;
    char *out = b->p + b->len;
    *out++ = '{';
    memcpy(out, keys[0].text + 1, WR_JSON_KEY_MAX - 1);
    out += keys[0].len - 1;
    for (size_t i = 0; i < n; i++) {
        if (i) {
            memcpy(out, keys[i].text, WR_JSON_KEY_MAX);
            out += keys[i].len;
        }
        if (!cells[i]) {
            memcpy(out, "null", 4);
            out += 4;
        } else if (numeric[i]) {
            memcpy(out, cells[i], len[i]);
            out += len[i];
        } else {
            out = json_quoted(cells[i], len[i], out);
        }
    }
    memcpy(out, "}\n", 2);
    out += 2;
    b->len = (size_t)(out - b->p);
    return true;
}

/* s[0..s_end), up to a NUL, as HTML text: & < > " ' as entities,
 * control characters left out, a byte that does not start a whole
 * character as U+FFFD. Stops at a NUL, *s left on it. */
static char *html_escaped(const unsigned char **s, const unsigned char *s_end, char *out,
                          const char *end)
{
    const unsigned char *u = *s;
    while (u < s_end && end - out >= HTML_CHAR_MAX) {
        out = plain_copied(&u, s_end, out, end, LOOK_HTML);
        if (u == s_end || end - out < HTML_CHAR_MAX || !*u)
            break;
        if (*u >= 0x80) {
            out = utf8_run_or_replaced(&u, s_end, out, end, HTML_CHAR_MAX, "\xEF\xBF\xBD", 3);
            continue;
        }
        switch (*u++) {
        case '&': out = mempcpy(out, "&amp;", 5); break;
        case '<': out = mempcpy(out, "&lt;", 4); break;
        case '>': out = mempcpy(out, "&gt;", 4); break;
        case '"': out = mempcpy(out, "&quot;", 6); break;
        case '\'': out = mempcpy(out, "&#39;", 5); break;
        default: break; /* a control character: left out */
        }
    }
    *s = u;
    return out;
}

bool wr_buf_html_text(wr_buf *b, const char *s, size_t n)
{
    if (n == 0)
        return true; /* b->p may still be NULL */
    if (!wr_buf_reserve(b, b->len + HTML_CHAR_MAX * n))
        return false;
    const unsigned char *u = (const unsigned char *)s;
    char *out = b->p + b->len;
    out = html_escaped(&u, u + n, out, out + HTML_CHAR_MAX * n);
    b->len = (size_t)(out - b->p);
    return true;
}

void wr_html_text(FILE *f, const char *s, size_t n)
{
    wr_html_wrapped(f, "", s, n, "");
}

/* One fwrite for the whole when it fits the chunk (D287: report.html's
 * cells, 16 a flag row, were ~7 stdio calls each). */
void wr_html_wrapped(FILE *f, const char *before, const char *s, size_t n, const char *after)
{
    char chunk[512];
    const char *chunk_end = chunk + sizeof chunk;
    size_t b = strlen(before), a = strlen(after);
    char *out = chunk;
    if (b > sizeof chunk / 4)
        fputs(before, f);
    else
        out = mempcpy(out, before, b);
    const unsigned char *u = (const unsigned char *)s, *end = u + n;
    for (;;) {
        out = html_escaped(&u, end, out, chunk_end);
        if (u >= end || !*u)
            break;
        fwrite(chunk, 1, (size_t)(out - chunk), f);
        out = chunk;
    }
    if (a > (size_t)(chunk_end - out)) {
        fwrite(chunk, 1, (size_t)(out - chunk), f);
        out = chunk;
    }
    if (a > sizeof chunk) {
        fputs(after, f);
        a = 0;
    }
    out = mempcpy(out, after, a);
    fwrite(chunk, 1, (size_t)(out - chunk), f);
}

void wr_hex_text(FILE *f, const char *s)
{
    for (const unsigned char *u = (const unsigned char *)s; *u; u++)
        fprintf(f, "%02x", *u);
}

/* ---- XXH3 digests of a set (D93) ---- */

void wr_outset_want_digests(wr_outset *s)
{
    s->digests = true;
}

/* Writes WR_OUTPUT_DIGESTS into the set: `xxhsum -H2` lines ("HEX  NAME"),
 * so `xxhsum -c` can check a part by hand. */
static bool write_digests(wr_outset *s, wr_error *err)
{
    char hex[WR_MAX_OUTPUTS][WR_DIGEST_HEX];
    uint64_t size;
    int n = s->n;
    for (int i = 0; i < n; i++)
        if (fflush(s->fp[i]) != 0 || !wr_digest_fd(s->file[i].fd, hex[i], &size))
            return fail(err, s->name[i], "cannot read back for its digest", errno);
    FILE *f = wr_outset_open(s, WR_OUTPUT_DIGESTS, err);
    if (!f)
        return false;
    for (int i = 0; i < n; i++)
        fprintf(f, "%s  %s\n", hex[i], s->name[i]);
    return fflush(f) == 0 || fail(err, s->dir, "write failed", errno);
}

bool wr_outputs_verify(const char *dir, const char *const *names, size_t n, wr_error *err)
{
    char path[4200], line[512];
    snprintf(path, sizeof path, "%s/" WR_OUTPUT_DIGESTS, dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return fail(err, path, "cannot open (a part must be run with its args, which write it)",
                    errno);
    size_t found = 0;
    bool ok = true;
    while (ok && fgets(line, sizeof line, f)) {
        char want[WR_DIGEST_HEX], name[256], got[WR_DIGEST_HEX];
        uint64_t size;
        if (sscanf(line, "%32[0-9a-f]  %255[^\n]", want, name) != 2 || strlen(want) != 32 ||
            strchr(name, '/')) {
            ok = fail(err, path, "malformed line", 0);
            break;
        }
        snprintf(path, sizeof path, "%s/%s", dir, name);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0 || !wr_digest_fd(fd, got, &size))
            ok = fail(err, path, "cannot read", errno);
        else if (strcmp(got, want) != 0)
            ok = fail(err, path, "does not match its XXH3 digest in " WR_OUTPUT_DIGESTS
                                 " (changed after its run); refused (DECISIONS D93)", 0);
        if (fd >= 0)
            close(fd);
        for (size_t i = 0; ok && i < n; i++)
            found += strcmp(names[i], name) == 0;
        snprintf(path, sizeof path, "%s/" WR_OUTPUT_DIGESTS, dir);
    }
    fclose(f);
    if (ok && found != n)
        ok = fail(err, path, "does not list every output the merge reads", 0);
    return ok;
}

bool wr_memstream_close(FILE *f, char **text)
{
    bool ok = !ferror(f);
    ok = fclose(f) == 0 && ok;
    return ok && *text != NULL;
}
