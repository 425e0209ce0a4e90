/*
 * parse_floor: the cost no CSV-based tool can avoid. Reads every file
 * named on the command line in 1 MiB blocks and parses it with libcsv
 * (the project's CSV parser), counting fields and rows and doing nothing
 * else: no trimming, typing, hashing or rules. bench/run_bench.sh times it
 * over the same input files as `wagerecon run` (single-threaded, one file
 * after another).
 *
 *   parse_floor FILE...     prints "ROWS rows FIELDS fields"
 *
 * Build: cc -O2 bench/parse_floor.c -lcsv -o build/parse_floor
 */
#define _POSIX_C_SOURCE 200809L
#include <csv.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct {
    unsigned long long rows, fields;
} counts;

static void on_field(void *s, size_t len, void *data)
{
    (void)s;
    (void)len;
    ((counts *)data)->fields++;
}

static void on_row(int c, void *data)
{
    (void)c;
    ((counts *)data)->rows++;
}

int main(int argc, char **argv)
{
    enum { BLOCK = 1 << 20 };
    char *buf = malloc(BLOCK);
    counts n = {0, 0};
    if (!buf)
        return 1;
    for (int i = 1; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        struct csv_parser p;
        if (fd < 0 || csv_init(&p, 0) != 0) {
            fprintf(stderr, "parse_floor: cannot read %s\n", argv[i]);
            return 1;
        }
        ssize_t got;
        while ((got = read(fd, buf, BLOCK)) > 0)
            if (csv_parse(&p, buf, (size_t)got, on_field, on_row, &n) != (size_t)got) {
                fprintf(stderr, "parse_floor: %s: %s\n", argv[i], csv_strerror(csv_error(&p)));
                return 1;
            }
        csv_fini(&p, on_field, on_row, &n);
        csv_free(&p);
        close(fd);
    }
    printf("%llu rows %llu fields\n", n.rows, n.fields);
    free(buf);
    return 0;
}
