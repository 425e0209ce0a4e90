/*
 * flag_ids: the peer's flags.csv has, in its first column, the text that
 * RULES 5.2 hashes (`kind|project_id|worker_id|period`, ...); SQL engines
 * have no XXH3, so this filter replaces that text with flag_id: 16
 * lower-case hex digits of XXH3-64, seed 0 (D24). Reads stdin, writes
 * stdout; the header line passes through. The key is everything up to the
 * first comma (bench data has no comma in IDs, accounts or txn_ids).
 *
 * Build: cc -O2 bench/flag_ids.c -lxxhash -o build/flag_ids
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

int main(void)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    for (unsigned long no = 1; (n = getline(&line, &cap, stdin)) > 0; no++) {
        char *comma = strchr(line, ',');
        if (no == 1 || !comma) {
            fputs(line, stdout);
            continue;
        }
        printf("%016llx%s", (unsigned long long)XXH3_64bits(line, (size_t)(comma - line)), comma);
    }
    free(line);
    return ferror(stdout) ? 1 : 0;
}
