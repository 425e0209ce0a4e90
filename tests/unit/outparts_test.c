/* Unit tests: io/outparts.c. A file in n parts holds the parts' bytes in
 * part order whatever order the parts begin and end in: every order of
 * beginnings and of ends of 4 parts (576), each part writing half its
 * bytes between its beginning and the beginnings of the others and half
 * just before its end, so a part writes while not the head, becomes the
 * head while it writes, or is done before the parts ahead of it; parts of
 * 0 bytes, of 1 and of more than the part stream's 64 KB; and 8 parts on 4 threads, each writing 300 KB in writes of 1-97
 * bytes (make check-tsan runs it under ThreadSanitizer); the same into a
 * file of an output set (io/outfile.c), whose stream writes back every
 * MiB as written (D416) while the parts' threads write back what the
 * file holds (D302), committed whole. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "io/outfile.h"
#include "io/outparts.h"
#include "types/parallel.h"

/* Byte i of part k: any bytes, different from part to part. */
static char byte_of(int k, size_t i)
{
    return (char)((i * 131 + (size_t)k * 17 + i / 251) & 0xff);
}

static void write_bytes(FILE *f, int k, size_t from, size_t to)
{
    char chunk[97];
    for (size_t i = from; i < to;) {
        size_t n = (i * 7 + (size_t)k) % sizeof chunk + 1; /* 1-97 bytes a write */
        if (n > to - i)
            n = to - i;
        for (size_t j = 0; j < n; j++)
            chunk[j] = byte_of(k, i + j);
        fwrite(chunk, 1, n, f);
        i += n;
    }
}

/* The file's bytes are part 0's, then part 1's, ... */
static bool file_holds(FILE *f, const size_t *sizes, int n)
{
    fflush(f);
    rewind(f);
    for (int k = 0; k < n; k++)
        for (size_t i = 0; i < sizes[k]; i++)
            if (fgetc(f) != (unsigned char)byte_of(k, i))
                return false;
    return fgetc(f) == EOF;
}

/* The next permutation of p[0..n) in lexical order; false after the last. */
static bool next_permutation(int *p, int n)
{
    int i = n - 2;
    while (i >= 0 && p[i] > p[i + 1])
        i--;
    if (i < 0)
        return false;
    int j = n - 1;
    while (p[j] < p[i])
        j--;
    int t = p[i];
    p[i] = p[j], p[j] = t;
    for (int a = i + 1, b = n - 1; a < b; a++, b--)
        t = p[a], p[a] = p[b], p[b] = t;
    return true;
}

/* Parts begun in the order `begins`, each writing its first half then,
 * and ended in the order `ends`, each writing its second half just
 * before. False when the file's bytes are wrong. */
static bool run_orders(const size_t *sizes, int n, const int *begins, const int *ends)
{
    FILE *f = tmpfile();
    wr_outparts o;
    wr_outparts_init(&o, f, fileno(f), n);
    wr_outpart p[WR_OUTPARTS_MAX];
    bool ok = true;
    for (int i = 0; i < n; i++) {
        int k = begins[i];
        ok = wr_outpart_begin(&o, k, &p[k]) && ok;
        write_bytes(p[k].f, k, 0, sizes[k] / 2);
    }
    for (int i = 0; i < n; i++) {
        int k = ends[i];
        write_bytes(p[k].f, k, sizes[k] / 2, sizes[k]);
        ok = wr_outpart_end(&p[k]) && ok;
        ok = ok && p[k].whole == (i == n - 1); /* D444: the last end only, whichever part */
    }
    ok = ok && file_holds(f, sizes, n);
    wr_outparts_free(&o);
    fclose(f);
    return ok;
}

typedef struct {
    wr_outparts *o;
    size_t size;
    int n_parts, threads;
    bool ok[8];
    atomic_int wholes; /* ends that saw the file whole (D444: one) */
} threaded;

static void thread_parts(void *arg, int t)
{
    threaded *c = arg;
    for (int k = t; k < c->n_parts; k += c->threads) { /* parts t, t + 4 */
        wr_outpart p;
        c->ok[k] = wr_outpart_begin(c->o, k, &p);
        write_bytes(p.f, k, 0, c->size);
        c->ok[k] = wr_outpart_end(&p) && c->ok[k];
        wr_outset_writeback(c->o->fd); /* as the output jobs do (D302) */
        if (p.whole)
            atomic_fetch_add(&c->wholes, 1);
    }
}

/* 8 parts on 4 threads into flags.jsonl of an output set in a fresh
 * folder: the commit's file holds the parts in order. */
static void set_parts(void)
{
    char dir[] = "/tmp/outparts_test.XXXXXX", path[64];
    if (!mkdtemp(dir)) {
        CHECK(!"mkdtemp");
        return;
    }
    wr_error err;
    wr_outset s;
    CHECK(wr_outset_init(&s, dir, &err));
    FILE *f = wr_outset_open(&s, "flags.jsonl", &err);
    CHECK(f != NULL);
    if (!f)
        return;
    wr_outparts o;
    wr_outparts_init(&o, f, wr_outset_fd(&s, f), 8);
    CHECK(o.fd == s.file[0].fd && o.fd >= 0);
    threaded c = {.o = &o, .size = 300000, .n_parts = 8, .threads = 4};
    wr_parallel_run(4, thread_parts, &c);
    bool all_ok = true;
    for (int k = 0; k < 8; k++)
        all_ok = all_ok && c.ok[k];
    CHECK(all_ok);
    CHECK(atomic_load(&c.wholes) == 1);
    wr_outparts_free(&o);
    CHECK(wr_outset_commit(&s, &err));
    CHECK(s.file[0].written == 8 * 300000);
    CHECK(s.file[0].begun > 8 * 300000 - (1 << 20) && s.file[0].begun <= 8 * 300000);
    snprintf(path, sizeof path, "%s/flags.jsonl", dir);
    FILE *back = fopen(path, "rb");
    size_t sizes[8] = {300000, 300000, 300000, 300000, 300000, 300000, 300000, 300000};
    CHECK(back && file_holds(back, sizes, 8));
    if (back)
        fclose(back);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
}

int main(void)
{
    static const size_t size_sets[][4] = {
        {3, 5, 7, 11}, {0, 4, 0, 9}, {1, 0, 0, 1}, {70000, 1, 150000, 65536},
    };
    for (size_t s = 0; s < sizeof size_sets / sizeof size_sets[0]; s++) {
        int begins[4] = {0, 1, 2, 3}, wrong = 0, runs = 0;
        do {
            int ends[4] = {0, 1, 2, 3};
            do {
                runs++;
                wrong += !run_orders(size_sets[s], 4, begins, ends);
            } while (next_permutation(ends, 4));
        } while (next_permutation(begins, 4));
        CHECK(runs == 576);
        CHECK(wrong == 0);
    }
    size_t one[1] = {100000};
    int order[1] = {0};
    CHECK(run_orders(one, 1, order, order)); /* one part: the file itself */

    FILE *f = tmpfile();
    wr_outparts o;
    wr_outparts_init(&o, f, fileno(f), 8);
    threaded c = {.o = &o, .size = 300000, .n_parts = 8, .threads = 4};
    wr_parallel_run(4, thread_parts, &c);
    size_t sizes[8];
    bool all_ok = true;
    for (int k = 0; k < 8; k++)
        sizes[k] = c.size, all_ok = all_ok && c.ok[k];
    CHECK(all_ok);
    CHECK(atomic_load(&c.wholes) == 1);
    CHECK(file_holds(f, sizes, 8));
    wr_outparts_free(&o);
    fclose(f);
    set_parts();
    return CHECK_DONE();
}
