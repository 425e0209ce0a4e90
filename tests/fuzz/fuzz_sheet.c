/*
 * Fuzz targets `xlsx` and `xls` for the workbook readers (src/formats/
 * sheet*.c): the fuzzer's bytes are the workbook. One source, two
 * corpora (testdata/fuzz/xlsx: zip workbooks; testdata/fuzz/xls: BIFF8
 * compound documents); the reader picks by the first bytes either way.
 *
 * Checks what sheet.h promises: the read ends in 0 or WR_EINPUT with a
 * message naming the file; rows come in increasing row order, each with
 * 1..WR_SHEET_MAX_COLUMNS cells, its last cell not empty; a NUMBER cell
 * is plain decimal digits (-?D+(.D+)?, no exponent: never a float's
 * text, DECISIONS D110); a DATE cell is a canonical date that
 * wr_parse_datetime reads; an EMPTY cell has no text; no text holds a
 * NUL. The sheet is asked for by position and by a name.
 *
 * The .xls reader runs FreeXL in a child process (DECISIONS D110), so a
 * fault inside FreeXL ends the child, which the parent reports as a
 * corrupt workbook. The harness keeps that containment (D260): in the
 * child (pthread_atfork) libFuzzer's crash handling is taken out, so a
 * sanitizer stop or a signal there ends the child as in the release
 * binary, and the parent must refuse the workbook (WR_EINPUT, the file
 * named). The child's sanitizer report is classified from its stack: a
 * fault whose first frame after the faulting one is FreeXL's (or a system
 * library's called from FreeXL) is counted and fuzzing goes on; a fault
 * on our own code's path (the child also runs read_xls, the cell texts
 * and the pipe), or a sanitizer stop with no ASan report (UBSan), fails
 * the input in the parent with the child's report.
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>

#include "../../src/formats/sheet.h"
#include "../../src/types/date.h"
#include "fuzz_common.h"

typedef struct {
    uint64_t last_row, rows;
} checker;

static bool plain_digits(wr_str s)
{
    size_t i = 0, digits = 0;
    if (i < s.n && s.p[i] == '-')
        i++;
    for (; i < s.n && s.p[i] >= '0' && s.p[i] <= '9'; i++)
        digits++;
    if (digits == 0)
        return false;
    if (i == s.n)
        return true;
    if (s.p[i++] != '.' || i == s.n)
        return false;
    for (; i < s.n; i++)
        if (s.p[i] < '0' || s.p[i] > '9')
            return false;
    return s.p[s.n - 1] != '0'; /* trailing fraction zeros are dropped */
}

static int on_row(void *ctx, uint64_t row, const wr_cell *cells, size_t n)
{
    checker *c = ctx;
    FUZZ_ASSERT(row > c->last_row);
    FUZZ_ASSERT(n >= 1 && n <= WR_SHEET_MAX_COLUMNS);
    FUZZ_ASSERT(cells[n - 1].kind != WR_CELL_EMPTY);
    for (size_t i = 0; i < n; i++) {
        const wr_cell *cell = &cells[i];
        FUZZ_ASSERT(cell->kind <= WR_CELL_DATE);
        FUZZ_ASSERT(cell->kind != WR_CELL_EMPTY || cell->text.n == 0);
        FUZZ_ASSERT(cell->kind == WR_CELL_EMPTY || cell->kind == WR_CELL_TEXT ||
                    cell->text.n > 0);
        if (cell->kind == WR_CELL_NUMBER)
            FUZZ_ASSERT(plain_digits(cell->text));
        if (cell->kind == WR_CELL_DATE) {
            wr_day day;
            int32_t sec;
            FUZZ_ASSERT(wr_parse_datetime(cell->text.p, cell->text.n, &day, &sec));
        }
    }
    c->last_row = row;
    c->rows++;
    return 0;
}

/* ---- the .xls child under the sanitizers ---- */

/* Present when a sanitizer runtime is linked (clang's or gcc's); weak, so
 * the plain replay build links without them. */
void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));
void __asan_set_error_report_callback(void (*callback)(const char *)) __attribute__((weak));

typedef struct {
    volatile int died;     /* the child stopped on a sanitizer report */
    volatile int reported; /* ... an ASan report, copied into report[] */
    char report[1 << 16];
} child_news;

static child_news *news;   /* shared with the child (MAP_SHARED) */
static char exe[4096];     /* this binary's path, as reports name it */
static uint64_t contained; /* FreeXL faults refused so far */

/* A report frame on our own code: this binary (unsymbolized) or one of
 * our sources (symbolized). */
static bool frame_is_ours(const char *line, size_t n)
{
    const char *marks[] = {exe, "/src/", "/tests/"};
    for (size_t m = 0; m < sizeof marks / sizeof marks[0]; m++)
        if (marks[m][0] && memmem(line, n, marks[m], strlen(marks[m])))
            return true;
    return false;
}

/* FreeXL's fault: walking the stack from frame #1 (frame #0 is where it
 * faulted: FreeXL, libc, or a sanitizer interceptor FreeXL called), a
 * libfreexl frame comes before any frame of ours. */
static bool fault_is_freexl(const char *report)
{
    for (const char *p = report; (p = strstr(p, "    #")) != NULL;) {
        const char *end = strchr(p, '\n');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        bool first = strncmp(p, "    #0 ", 7) == 0;
        if (memmem(p, n, "libfreexl", 9))
            return true;
        if (!first && frame_is_ours(p, n))
            return false;
        if (!end)
            break;
        p = end + 1;
    }
    return false;
}

static void child_report(const char *text)
{
    size_t n = strlen(text);
    if (n >= sizeof news->report)
        n = sizeof news->report - 1;
    memcpy(news->report, text, n);
    news->report[n] = '\0';
    news->reported = 1;
}

static void child_death(void)
{
    news->died = 1;
}

/* In the child: no libFuzzer crash handling (it would save the input as
 * a crash from the child); a signal ends the child as in the release
 * binary; the sanitizer's report is kept for the parent, not printed
 * (WR_FUZZ_CHILD_STDERR=1 keeps the child's stderr). */
static void after_fork_in_child(void)
{
    if (!news)
        return;
    __sanitizer_set_death_callback(child_death);
    __asan_set_error_report_callback(child_report);
    signal(SIGABRT, SIG_DFL);
    signal(SIGILL, SIG_DFL);
    if (!getenv("WR_FUZZ_CHILD_STDERR")) {
        int fd = open("/dev/null", O_WRONLY);
        if (fd >= 0 && dup2(fd, 2) >= 0)
            close(fd);
    }
}

static void watch_children(void)
{
    if (news || !__sanitizer_set_death_callback || !__asan_set_error_report_callback)
        return;
    void *p = mmap(NULL, sizeof *news, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (p == MAP_FAILED || n <= 0 || pthread_atfork(NULL, NULL, after_fork_in_child) != 0)
        abort();
    exe[n] = '\0';
    news = p;
}

/* After a read: a child that stopped on a sanitizer report must have been
 * FreeXL's fault, and the workbook refused. */
static void check_child(int rc)
{
    if (!news || !news->died)
        return;
    if (!news->reported || !fault_is_freexl(news->report)) {
        fprintf(stderr, "the .xls child stopped on a fault outside FreeXL:\n%s\n",
                news->reported ? news->report
                               : "(no ASan report: UBSan? replay with WR_FUZZ_CHILD_STDERR=1)");
        FUZZ_ASSERT(!"fault outside FreeXL in the .xls child");
    }
    FUZZ_ASSERT(rc == WR_EINPUT);
    contained++;
    if ((contained & (contained - 1)) == 0)
        fprintf(stderr, "fuzz_sheet: %llu FreeXL faults contained (refused as corrupt)\n",
                (unsigned long long)contained);
    news->died = news->reported = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    watch_children();
    const char *path = fuzz_path(data, size);
    static const wr_sheet_ref refs[] = {{NULL, 1}, {"\xE4\xBB\xA3\xE5\x8F\x91\xE6\x98\x8E\xE7\xBB\x86", 0}};
    for (size_t r = 0; r < sizeof refs / sizeof refs[0]; r++) {
        checker c = {0};
        wr_error err = {{0}};
        int rc = wr_sheet_read(path, "fuzz.xlsx", &refs[r], on_row, &c, &err);
        FUZZ_ASSERT(rc == 0 || (rc == WR_EINPUT && strncmp(err.message, "fuzz.xlsx: ", 11) == 0));
        check_child(rc);
    }
    return 0;
}
