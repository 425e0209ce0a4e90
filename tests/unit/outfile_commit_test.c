/* Unit tests for the output set's write path and commit tail
 * (src/io/outfile.c, DECISIONS D416-D418, D444, D445): files larger than
 * the writeback step written through the set's streams are put on their
 * way to the disk every WR_OUTSET_WRITEBACK_BYTES and committed whole;
 * the previous set removed on two threads goes whole, and nothing else,
 * by wr_outset_finish, the lock held until then; a failed write fails
 * the commit and leaves the previous set, also when another file was
 * fsynced before the commit; a failed early fsync fails the commit; with
 * two threads a flusher fdatasyncs the files as they are written, and its
 * failure fails the commit (D464). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"
#include "io/outfile.h"

#define MIB (1 << 20)

/* Byte i of a test file: a pattern that no shifted or cut copy matches. */
static char pattern_byte(size_t i, int seed)
{
    return (char)('a' + (i * 7 + i / 4096 + (size_t)seed) % 26);
}

/* Writes n pattern bytes to f in 4096-byte fwrites, a fputc every 1000th
 * step (the stream's buffer fills and goes out whole, 64 KiB a write). */
static void write_pattern(FILE *f, size_t n, int seed)
{
    char chunk[4096];
    size_t at = 0;
    for (int step = 0; at < n; step++) {
        if (step % 1000 == 999) {
            fputc(pattern_byte(at++, seed), f);
            continue;
        }
        size_t k = n - at < sizeof chunk ? n - at : sizeof chunk;
        for (size_t i = 0; i < k; i++)
            chunk[i] = pattern_byte(at + i, seed);
        fwrite(chunk, 1, k, f);
        at += k;
    }
}

/* Whether DIR/name (through its link) holds exactly n pattern bytes. */
static bool holds_pattern(const char *dir, const char *name, size_t n, int seed)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    size_t i = 0;
    bool ok = true;
    for (int c; ok && (c = fgetc(f)) != EOF; i++)
        ok = (char)c == pattern_byte(i, seed);
    fclose(f);
    return ok && i == n;
}

/* The entries of path (not . and ..), or -1 when it cannot be read. */
static int entries(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return -1;
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

/* The set DIR/.wagerecon/current names, into buf. */
static void current(const char *dir, char *buf, size_t n)
{
    char path[512];
    snprintf(path, sizeof path, "%s/.wagerecon/current", dir);
    ssize_t r = readlink(path, buf, n - 1);
    buf[r > 0 ? r : 0] = '\0';
}

typedef struct {
    const char *name;
    size_t bytes;
} test_file;

/* One run's set: files[0..n) written with `seed`, committed with
 * `threads` removing the previous set. Returns the commit's result. */
static bool commit_set(const char *dir, const test_file *files, int n, int seed, int threads,
                       wr_error *err)
{
    wr_outset s;
    if (!wr_outset_init(&s, dir, err))
        return false;
    wr_outset_set_threads(&s, threads);
    for (int i = 0; i < n; i++) {
        FILE *f = wr_outset_open(&s, files[i].name, err);
        if (!f) {
            wr_outset_abort(&s);
            return false;
        }
        write_pattern(f, files[i].bytes, seed + i);
    }
    bool ok = wr_outset_commit(&s, err);
    if (!ok)
        wr_outset_abort(&s);
    wr_outset_finish(&s);
    return ok;
}

/* Whether DIR/.wagerecon/lock can be taken now (a second run would not
 * wait). */
static bool lock_free(const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/.wagerecon/lock", dir);
    int fd = open(path, O_RDWR | O_CLOEXEC);
    bool free_now = fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0;
    if (fd >= 0)
        close(fd); /* drops it */
    return free_now;
}

/* A new set in dir with files a and b opened: *f and *g. False (the set
 * aborted) when they cannot be. */
static bool open_pair(wr_outset *s, const char *dir, const char *a, const char *b, FILE **f,
                      FILE **g)
{
    wr_error err = {0};
    CHECK(wr_outset_init(s, dir, &err));
    *f = wr_outset_open(s, a, &err);
    *g = *f ? wr_outset_open(s, b, &err) : NULL;
    CHECK(*f && *g);
    if (!*f || !*g)
        wr_outset_abort(s);
    return *f && *g;
}

/* D416: the stream of a file of the set writes back each whole MiB as
 * it is written: 3.5 MiB written, 3 MiB begun (the stream's writes are
 * 64 KiB, sixteen to a MiB), the rest left to the commit's fsync; the
 * committed file holds every byte; its descriptor is the set's. */
static void test_writeback(const char *dir)
{
    wr_error err = {0};
    wr_outset s;
    FILE *f, *g;
    if (!open_pair(&s, dir, "flags.csv", "ledger.csv", &f, &g))
        return;
    CHECK(wr_outset_fd(&s, f) == s.file[0].fd && s.file[0].fd >= 0);
    CHECK(wr_outset_fd(&s, g) == s.file[1].fd && wr_outset_fd(&s, stdout) == -1);
    write_pattern(f, 3 * MIB + MIB / 2, 1);
    write_pattern(g, 1000, 2); /* less than the stream's buffer: nothing written yet */
    CHECK(fflush(f) == 0);
    CHECK(s.file[0].written == 3 * MIB + MIB / 2);
    CHECK(s.file[0].begun == 3 * MIB);
    CHECK(s.file[1].written == 0 && s.file[1].begun == 0);
    CHECK(wr_outset_commit(&s, &err));
    CHECK(holds_pattern(dir, "flags.csv", 3 * MIB + MIB / 2, 1));
    CHECK(holds_pattern(dir, "ledger.csv", 1000, 2));
}

/* D444: a file fsynced before the commit (wr_outset_sync) after the
 * last of its 2.5 MiB: flushed whole, its fsync's result kept, and the
 * commit publishes it whole. */
static void test_early_sync(const char *dir)
{
    wr_error err = {0};
    wr_outset s;
    FILE *f, *g;
    if (!open_pair(&s, dir, "flags.jsonl", "summary.json", &f, &g))
        return;
    write_pattern(f, 2 * MIB + MIB / 2, 3);
    write_pattern(g, 500, 4);
    wr_outset_sync(&s, f);
    CHECK(s.file[0].synced && s.file[0].sync_error == 0);
    CHECK(s.file[0].written == 2 * MIB + MIB / 2); /* the stream's last bytes flushed */
    CHECK(!s.file[1].synced && s.file[1].written == 0);
    wr_outset_sync(&s, stdout); /* not the set's: nothing */
    CHECK(wr_outset_commit(&s, &err));
    CHECK(holds_pattern(dir, "flags.jsonl", 2 * MIB + MIB / 2, 3));
    CHECK(holds_pattern(dir, "summary.json", 500, 4));
}

/* After a commit that failed on flags.csv with `cause`: the message
 * names both, DIR shows the previous set whole (flags.csv and ledger.csv
 * of `bytes` written with seeds `seed` and seed + 1) and the failed set
 * is removed. */
static void check_failed_commit(const char *dir, const wr_error *err, const char *cause,
                                size_t flags_bytes, size_t ledger_bytes, int seed)
{
    char want[128];
    snprintf(want, sizeof want, "flags.csv: write failed: %s", cause);
    CHECK(strstr(err->message, want) != NULL);
    CHECK(holds_pattern(dir, "flags.csv", flags_bytes, seed));
    CHECK(holds_pattern(dir, "ledger.csv", ledger_bytes, seed + 1));
    char path[512];
    snprintf(path, sizeof path, "%s/.wagerecon", dir);
    CHECK(entries(path) == 3); /* lock, current and the previous set */
}

/* D444: a file fsynced early and another's write failing (EFBIG past
 * RLIMIT_FSIZE): the commit fails, naming the other, and DIR shows the
 * previous set whole. Then an early fsync that failed (its error put in
 * as a failing disk's would be: an fsync reports an error once, so the
 * commit must take this one's) fails the commit with its cause. */
static void test_early_sync_failures(const char *dir)
{
    wr_error err = {0};
    const test_file before[] = {{"flags.csv", 300000}, {"ledger.csv", 4000}};
    CHECK(commit_set(dir, before, 2, 50, 2, &err));
    wr_outset s;
    FILE *ledger, *flags;
    if (!open_pair(&s, dir, "ledger.csv", "flags.csv", &ledger, &flags))
        return;
    write_pattern(ledger, 7000, 60);
    wr_outset_sync(&s, ledger);
    CHECK(s.file[0].synced && s.file[0].sync_error == 0);
    struct rlimit saved, lim;
    CHECK(getrlimit(RLIMIT_FSIZE, &saved) == 0);
    lim = saved;
    lim.rlim_cur = MIB;
    void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
    CHECK(setrlimit(RLIMIT_FSIZE, &lim) == 0);
    write_pattern(flags, 2 * MIB, 61);
    wr_outset_sync(&s, flags); /* its write failed: left to the commit, which names it */
    CHECK(!s.file[1].synced);
    bool ok = wr_outset_commit(&s, &err);
    setrlimit(RLIMIT_FSIZE, &saved);
    signal(SIGXFSZ, old_handler);
    if (ok)
        wr_outset_finish(&s);
    else
        wr_outset_abort(&s);
    CHECK(!ok);
    check_failed_commit(dir, &err, "File too large", 300000, 4000, 50);

    CHECK(wr_outset_init(&s, dir, &err));
    FILE *f = wr_outset_open(&s, "flags.csv", &err);
    CHECK(f != NULL);
    if (!f) {
        wr_outset_abort(&s);
        return;
    }
    write_pattern(f, 9000, 70);
    wr_outset_sync(&s, f);
    CHECK(s.file[0].synced);
    s.file[0].sync_error = EIO; /* what a failing disk's fsync returns */
    ok = wr_outset_commit(&s, &err);
    if (!ok)
        wr_outset_abort(&s);
    wr_outset_finish(&s);
    CHECK(!ok);
    check_failed_commit(dir, &err, "Input/output error", 300000, 4000, 50);
}

/* D445: a commit with two threads returns with the new set published
 * and the previous set's removal running or done, the lock still held;
 * wr_outset_finish returns with the previous set gone and the lock
 * dropped. A zeroed set and a second finish do nothing. */
static void test_removal_finished_later(const char *dir)
{
    wr_error err = {0};
    const test_file old_files[] = {{"flags.jsonl", 3 * MIB}, {"report.html", MIB}};
    const test_file new_files[] = {{"flags.jsonl", 1000}};
    CHECK(commit_set(dir, old_files, 2, 80, 1, &err));
    char old_set[64], new_set[64], path[512];
    current(dir, old_set, sizeof old_set);
    wr_outset s;
    CHECK(wr_outset_init(&s, dir, &err));
    wr_outset_set_threads(&s, 2);
    FILE *f = wr_outset_open(&s, new_files[0].name, &err);
    CHECK(f != NULL);
    if (!f) {
        wr_outset_abort(&s);
        return;
    }
    write_pattern(f, new_files[0].bytes, 90);
    CHECK(wr_outset_commit(&s, &err));
    current(dir, new_set, sizeof new_set);
    CHECK(strncmp(new_set, "set-", 4) == 0 && strcmp(new_set, old_set) != 0);
    CHECK(holds_pattern(dir, "flags.jsonl", 1000, 90));
    CHECK(s.removing);
    CHECK(!lock_free(dir)); /* a second run waits for the removal */
    wr_outset_finish(&s);
    CHECK(!s.removing && lock_free(dir));
    snprintf(path, sizeof path, "%s/.wagerecon/%s", dir, old_set);
    CHECK(access(path, F_OK) != 0 && errno == ENOENT);
    snprintf(path, sizeof path, "%s/.wagerecon", dir);
    CHECK(entries(path) == 3);
    snprintf(path, sizeof path, "%s/report.html", dir); /* the old set's only */
    CHECK(access(path, F_OK) != 0);
    wr_outset_finish(&s);
    wr_outset zeroed = {0};
    wr_outset_finish(&zeroed);
    CHECK(lock_free(dir));
}

/* D418: a set of many files, then one of other files removing it on two
 * threads: the old set's folder goes whole (more files than one split
 * takes: a stranger's extra files too), the new set and the user's own
 * file stay. */
static void test_two_thread_removal(const char *dir)
{
    wr_error err = {0};
    const test_file old_files[] = {
        {"flags.jsonl", 2 * MIB + 5}, {"flags.csv", MIB + 3},      {"report.html", MIB / 2},
        {"cases.jsonl", 70000},       {"report_rows.json", 12345}, {"summary.json", 10},
        {"rejects.csv", 0},
    };
    const test_file new_files[] = {
        {"flags.jsonl", MIB + 1}, {"flags.csv", 2 * MIB}, {"summary.json", 77},
    };
    CHECK(commit_set(dir, old_files, 7, 10, 1, &err));
    char old_set[64], path[512], new_set[64];
    current(dir, old_set, sizeof old_set);
    CHECK(strncmp(old_set, "set-", 4) == 0);
    /* what a stranger left in the set: 40 more files, past one split */
    for (int i = 0; i < 40; i++) {
        snprintf(path, sizeof path, "%s/.wagerecon/%s/extra-%02d", dir, old_set, i);
        FILE *f = fopen(path, "w");
        if (f) {
            fputs("x", f);
            fclose(f);
        }
    }
    snprintf(path, sizeof path, "%s/.wagerecon/%s", dir, old_set);
    CHECK(entries(path) == 47);
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    FILE *notes = fopen(path, "w");
    CHECK(notes && fputs("the user's", notes) >= 0 && fclose(notes) == 0);

    CHECK(commit_set(dir, new_files, 3, 20, 2, &err));
    current(dir, new_set, sizeof new_set);
    CHECK(strncmp(new_set, "set-", 4) == 0 && strcmp(new_set, old_set) != 0);
    snprintf(path, sizeof path, "%s/.wagerecon/%s", dir, old_set);
    CHECK(access(path, F_OK) != 0 && errno == ENOENT);
    snprintf(path, sizeof path, "%s/.wagerecon", dir);
    CHECK(entries(path) == 3); /* lock, current, the new set */
    snprintf(path, sizeof path, "%s/.wagerecon/%s", dir, new_set);
    CHECK(entries(path) == 3);
    CHECK(holds_pattern(dir, "flags.jsonl", MIB + 1, 20));
    CHECK(holds_pattern(dir, "flags.csv", 2 * MIB, 21));
    CHECK(holds_pattern(dir, "summary.json", 77, 22));
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    CHECK(access(path, F_OK) == 0);
    snprintf(path, sizeof path, "%s/report_rows.json", dir); /* the old set's only */
    CHECK(access(path, F_OK) != 0);
}

/* A write that fails (EFBIG past RLIMIT_FSIZE, SIGXFSZ ignored) fails
 * the commit, naming the file; DIR still shows the previous set. */
static void test_failed_write(const char *dir)
{
    wr_error err = {0};
    const test_file before[] = {{"flags.csv", 300000}};
    const test_file big[] = {{"flags.csv", 2 * MIB}};
    CHECK(commit_set(dir, before, 1, 30, 2, &err));
    struct rlimit saved, lim;
    CHECK(getrlimit(RLIMIT_FSIZE, &saved) == 0);
    lim = saved;
    lim.rlim_cur = MIB + MIB / 2;
    void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
    CHECK(setrlimit(RLIMIT_FSIZE, &lim) == 0);
    bool ok = commit_set(dir, big, 1, 40, 2, &err);
    setrlimit(RLIMIT_FSIZE, &saved);
    signal(SIGXFSZ, old_handler);
    CHECK(!ok);
    if (!strstr(err.message, "flags.csv: write failed: File too large"))
        fprintf(stderr, "message: %s\n", err.message);
    CHECK(strstr(err.message, "flags.csv: write failed: File too large") != NULL);
    CHECK(holds_pattern(dir, "flags.csv", 300000, 30));
    char path[512];
    snprintf(path, sizeof path, "%s/.wagerecon", dir);
    CHECK(entries(path) == 3); /* the failed set removed */
}

/* D464: fdatasync as the flusher calls it, failing with fail_fdatasync
 * when that is set (a failing disk's error); the test's definition is
 * the one outfile.c's object, linked into this program, calls. */
static int fail_fdatasync;
int fdatasync(int fd)
{
    if (fail_fdatasync) {
        errno = fail_fdatasync;
        return -1;
    }
    return (int)syscall(SYS_fdatasync, fd);
}

/* The flusher's fdatasyncs made so far. */
static unsigned flushes(wr_outset *s)
{
    pthread_mutex_lock(&s->flusher.mu);
    unsigned n = s->flusher.flushes;
    pthread_mutex_unlock(&s->flusher.mu);
    return n;
}

/* Waits up to 10 s for the flusher's first fdatasync; whether it came. */
static bool flushed(wr_outset *s)
{
    for (int i = 0; i < 1000 && flushes(s) == 0; i++)
        usleep(10000);
    return flushes(s) > 0;
}

/* D464: a flusher runs from wr_outset_flush_ahead to the commit: 9 MiB
 * written back a MiB at a time ask it twice (at 4 and 8 MiB; it may take
 * the two asks as one), and the commit publishes the file whole. A set
 * without the call has no flusher. */
static void test_flusher(const char *dir)
{
    wr_error err = {0};
    wr_outset s;
    CHECK(wr_outset_init(&s, dir, &err));
    wr_outset_flush_ahead(&s);
    CHECK(s.flusher.running);
    FILE *f = wr_outset_open(&s, "flags.jsonl", &err);
    CHECK(f != NULL);
    if (!f) {
        wr_outset_abort(&s);
        return;
    }
    CHECK(s.file[0].flusher == &s.flusher);
    write_pattern(f, 9 * MIB, 80);
    CHECK(fflush(f) == 0);
    CHECK(flushed(&s));
    CHECK(wr_outset_commit(&s, &err));
    CHECK(!s.flusher.running);
    CHECK(s.flusher.flushes >= 1 && s.flusher.flushes <= 2);
    wr_outset_finish(&s);
    CHECK(holds_pattern(dir, "flags.jsonl", 9 * MIB, 80));

    CHECK(wr_outset_init(&s, dir, &err));
    f = wr_outset_open(&s, "flags.jsonl", &err);
    CHECK(f != NULL && !s.flusher.running && s.file[0].flusher == NULL);
    if (!f) {
        wr_outset_abort(&s);
        return;
    }
    write_pattern(f, 5 * MIB, 81);
    CHECK(wr_outset_commit(&s, &err));
    CHECK(s.flusher.flushes == 0);
    wr_outset_finish(&s);
    CHECK(holds_pattern(dir, "flags.jsonl", 5 * MIB, 81));
}

/* D464: a failed fdatasync of the flusher's fails the commit with its
 * cause, though the commit's own fsync of the file succeeds (an fsync's
 * error is reported once: the flusher's took it); DIR shows the previous
 * set whole. */
static void test_flusher_failure(const char *dir)
{
    wr_error err = {0};
    const test_file before[] = {{"flags.csv", 200000}, {"ledger.csv", 3000}};
    CHECK(commit_set(dir, before, 2, 90, 2, &err));
    wr_outset s;
    CHECK(wr_outset_init(&s, dir, &err));
    wr_outset_flush_ahead(&s);
    FILE *f = wr_outset_open(&s, "flags.csv", &err);
    CHECK(f != NULL);
    if (!f) {
        wr_outset_abort(&s);
        return;
    }
    fail_fdatasync = EIO;
    write_pattern(f, 5 * MIB, 92);
    CHECK(fflush(f) == 0);
    CHECK(flushed(&s));
    fail_fdatasync = 0;
    CHECK(s.file[0].flush_error == EIO);
    bool ok = wr_outset_commit(&s, &err);
    if (!ok)
        wr_outset_abort(&s);
    wr_outset_finish(&s);
    CHECK(!ok);
    check_failed_commit(dir, &err, "Input/output error", 200000, 3000, 90);
}

int main(void)
{
    char base[] = "/tmp/outfile_commit_test.XXXXXX", dir[64];
    if (!mkdtemp(base))
        return 1;
    snprintf(dir, sizeof dir, "%s/a", base);
    test_writeback(dir);
    snprintf(dir, sizeof dir, "%s/b", base);
    test_two_thread_removal(dir);
    snprintf(dir, sizeof dir, "%s/c", base);
    test_failed_write(dir);
    snprintf(dir, sizeof dir, "%s/d", base);
    test_early_sync(dir);
    snprintf(dir, sizeof dir, "%s/e", base);
    test_early_sync_failures(dir);
    snprintf(dir, sizeof dir, "%s/f", base);
    test_removal_finished_later(dir);
    snprintf(dir, sizeof dir, "%s/g", base);
    test_flusher(dir);
    snprintf(dir, sizeof dir, "%s/h", base);
    test_flusher_failure(dir);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", base);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", base);
    return CHECK_DONE();
}
