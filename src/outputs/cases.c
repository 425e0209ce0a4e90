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

static const wr_case_flag *sort_flags; /* qsort has no context argument */

/* By employer_id, then flags.csv order. */
static int compare_employer_flags(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    int c = strcmp(sort_flags[x].employer_id, sort_flags[y].employer_id);
    return c ? c : (x > y) - (x < y);
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

/* One employer's case: its flags are cf[idx[0..n)], in flags.csv order. */
static void write_case(FILE *f, const char *from, const char *to, const wr_case_flag *cf,
                       const uint32_t *idx, size_t n, const char **scratch)
{
    const wr_case_flag *first = &cf[idx[0]];
    char amount[24], case_id[17];
    size_t key_n = strlen(first->employer_id) + 32;
    char *key = malloc(key_n);
    int len = key ? snprintf(key, key_n, "CASE|%s|%s|%s", first->employer_id, from, to) : 0;
    snprintf(case_id, sizeof case_id, "%016" PRIx64, (uint64_t)XXH3_64bits(key, (size_t)len));
    free(key);
    int64_t sum = 0;
    bool overflow = false;
    for (size_t i = 0; i < n; i++)
        sum = wr_add_fen(sum, cf[idx[i]].shortfall_fen, &overflow);
    wr_format_fen(sum, amount);
    fputs("{\"case_id\":", f);
    wr_json_string(f, case_id);
    fputs(",\"employer_id\":", f);
    wr_json_string(f, first->employer_id);
    fputs(",\"employer_name\":", f);
    wr_json_string(f, first->employer_name);
    fprintf(f, ",\"periods\":[\"%s\",\"%s\"],\"projects\":", from, to);
    for (size_t i = 0; i < n; i++)
        scratch[i] = cf[idx[i]].project_id;
    write_distinct(f, scratch, n);
    for (size_t i = 0; i < n; i++)
        scratch[i] = cf[idx[i]].worker_id;
    fprintf(f, ",\"workers\":%zu,\"amount\":\"%s\",\"flag_ids\":[", wr_sort_count_distinct(scratch, n),
            amount);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s\"%s\"", i ? "," : "", cf[idx[i]].flag_id);
    fputs("]}\n", f);
}

bool wr_write_cases(FILE *f, wr_month from_month, wr_month to_month, const wr_case_flag *flags,
                    size_t n)
{
    uint32_t *idx = malloc((n + 1) * sizeof *idx);
    const char **scratch = malloc((n + 1) * sizeof *scratch);
    if (!idx || !scratch) {
        free(idx);
        free(scratch);
        return false;
    }
    for (uint32_t i = 0; i < n; i++)
        idx[i] = i;
    sort_flags = flags;
    if (n > 1)
        qsort(idx, n, sizeof *idx, compare_employer_flags);
    sort_flags = NULL;
    char from[8], to[8];
    wr_format_month(from_month, from);
    wr_format_month(to_month, to);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && strcmp(flags[idx[j]].employer_id, flags[idx[i]].employer_id) == 0)
            j++;
        write_case(f, from, to, flags, idx + i, j - i, scratch);
        i = j;
    }
    free(idx);
    free(scratch);
    return true;
}

bool wr_write_cases_jsonl(FILE *f, const wr_model *m, const wr_vec *flags)
{
    wr_case_flag *cf = malloc((flags->len + 1) * sizeof *cf);
    if (!cf)
        return false;
    size_t n = 0;
    for (uint32_t i = 0; i < flags->len; i++) {
        const wr_flag *fl = WR_AT(*flags, wr_flag, i);
        uint32_t project = wr_flag_project(m, fl);
        if (project == WR_NONE || wr_kind_severity(fl->kind) != SEV_HIGH)
            continue; /* UNKNOWN_ACCOUNT names no employer (D22) */
        const wr_project *p = WR_AT(m->projects, wr_project, project);
        uint32_t pair = fl->kind <= K_RATE_BELOW_MINIMUM
                            ? WR_AT(m->buckets, wr_bucket, fl->ref)->pair
                            : fl->ref;
        cf[n++] = (wr_case_flag){
            .employer_id = p->employer_id,
            .employer_name = p->employer_name,
            .project_id = p->id,
            .worker_id = WR_AT(m->workers, wr_worker, WR_AT(m->pairs, wr_pair, pair)->worker)->id,
            .flag_id = fl->id,
            .shortfall_fen = wr_flag_shortfall(m, fl),
        };
    }
    bool ok = wr_write_cases(f, m->opt->from_month, m->opt->to_month, cf, n);
    free(cf);
    return ok;
}
