/* cases.jsonl: one case per employer with high-severity flags, the shape
 * case intake takes (DECISIONS D22). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../io/outfile.h"
#include "../types/money.h"
#include "../types/strings.h"
#include "outputs.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

typedef struct {
    const char *employer;
    uint32_t flag; /* index into flags */
} employer_flag;

static int compare_employer_flags(const void *a, const void *b)
{
    const employer_flag *x = a, *y = b;
    int c = strcmp(x->employer, y->employer);
    return c ? c : (x->flag > y->flag) - (x->flag < y->flag);
}

/* Writes sorted distinct strings as a JSON array. */
static void write_distinct(FILE *f, const char **items, size_t n)
{
    wr_sort_count_distinct(items, n); /* sorts; duplicates skipped below */
    fputc('[', f);
    for (size_t i = 0, k = 0; i < n; i++) {
        if (i && strcmp(items[i], items[i - 1]) == 0)
            continue;
        if (k++)
            fputc(',', f);
        wr_json_string(f, items[i]);
    }
    fputc(']', f);
}

static void write_case(FILE *f, const wr_model *m, const wr_vec *flags,
                       const employer_flag *ef, size_t n, const char **scratch)
{
    const wr_flag *first = WR_AT(*flags, wr_flag, ef[0].flag);
    const wr_project *p0 = WR_AT(m->projects, wr_project, wr_flag_project(m, first));
    char from[8], to[8], amount[24], case_id[17];
    wr_format_month(m->opt->from_month, from);
    wr_format_month(m->opt->to_month, to);
    size_t key_n = strlen(ef[0].employer) + 32;
    char *key = malloc(key_n);
    int len = key ? snprintf(key, key_n, "CASE|%s|%s|%s", ef[0].employer, from, to) : 0;
    snprintf(case_id, sizeof case_id, "%016" PRIx64, (uint64_t)XXH3_64bits(key, (size_t)len));
    free(key);
    int64_t sum = 0;
    bool overflow = false;
    for (size_t i = 0; i < n; i++)
        sum = wr_add_fen(sum, wr_flag_shortfall(m, WR_AT(*flags, wr_flag, ef[i].flag)), &overflow);
    wr_format_fen(sum, amount);
    fputs("{\"case_id\":", f);
    wr_json_string(f, case_id);
    fputs(",\"employer_id\":", f);
    wr_json_string(f, ef[0].employer);
    fputs(",\"employer_name\":", f);
    wr_json_string(f, p0->employer_name);
    fprintf(f, ",\"periods\":[\"%s\",\"%s\"],\"projects\":", from, to);
    for (size_t i = 0; i < n; i++)
        scratch[i] = WR_AT(m->projects, wr_project,
                           wr_flag_project(m, WR_AT(*flags, wr_flag, ef[i].flag)))->id;
    write_distinct(f, scratch, n);
    for (size_t i = 0; i < n; i++) {
        const wr_flag *fl = WR_AT(*flags, wr_flag, ef[i].flag);
        uint32_t bi = fl->ref;
        const wr_pair *pair = fl->kind <= K_RATE_BELOW_MINIMUM
                                  ? WR_AT(m->pairs, wr_pair, WR_AT(m->buckets, wr_bucket, bi)->pair)
                                  : WR_AT(m->pairs, wr_pair, bi);
        scratch[i] = WR_AT(m->workers, wr_worker, pair->worker)->id;
    }
    fprintf(f, ",\"workers\":%zu,\"amount\":\"%s\",\"flag_ids\":[", wr_sort_count_distinct(scratch, n),
            amount);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s\"%s\"", i ? "," : "", WR_AT(*flags, wr_flag, ef[i].flag)->id);
    fputs("]}\n", f);
}

bool wr_write_cases_jsonl(FILE *f, const wr_model *m, const wr_vec *flags)
{
    employer_flag *ef = malloc((flags->len + 1) * sizeof *ef);
    const char **scratch = malloc((flags->len + 1) * sizeof *scratch);
    if (!ef || !scratch) {
        free(ef);
        free(scratch);
        return false;
    }
    size_t n = 0;
    for (uint32_t i = 0; i < flags->len; i++) {
        const wr_flag *fl = WR_AT(*flags, wr_flag, i);
        uint32_t project = wr_flag_project(m, fl);
        if (project == WR_NONE || wr_kind_severity(fl->kind) != SEV_HIGH)
            continue; /* UNKNOWN_ACCOUNT names no employer (D22) */
        ef[n++] = (employer_flag){WR_AT(m->projects, wr_project, project)->employer_id, i};
    }
    qsort(ef, n, sizeof *ef, compare_employer_flags);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && strcmp(ef[j].employer, ef[i].employer) == 0)
            j++;
        write_case(f, m, flags, ef + i, j - i, scratch);
        i = j;
    }
    free(ef);
    free(scratch);
    return true;
}
