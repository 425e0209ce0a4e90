/*
 * run.json: the run's manifest (issue 15.3, DECISIONS D160), written into
 * the output set with the other outputs, so it is published with them or
 * not at all (D92). It records what decides the outputs: the program and
 * rules version, the options (as-of, periods, tolerance, the --project
 * scope, the v2 thresholds) and every input file in read order (D1) with
 * its absolute path, size and XXH3-128 digest, and its descriptor's.
 * `wagerecon explain FLAG_ID --run DIR` reads it back (explain/run_record.c)
 * instead of the options typed again, and refuses an input whose digest
 * changed. Schema: docs/schema/run.schema.json.
 */
#include <limits.h>
#include <stdlib.h>

#include "../io/infile.h"
#include "../io/outfile.h"
#include "../types/money.h"
#include "outputs.h"

static void money_member(FILE *f, const char *name, int64_t fen)
{
    char buf[24];
    wr_format_fen(fen, buf);
    fprintf(f, ",\"%s\":\"%s\"", name, buf);
}

/* The absolute path of a file the run read, so explain can find it from
 * any folder; the path as given when it cannot be resolved. */
static void path_member(FILE *f, const char *path)
{
    char abs[PATH_MAX]; /* not realpath's malloc: out of memory would be a relative path */
    fputs(",\"path\":", f);
    wr_json_string(f, realpath(path, abs) ? abs : path);
}

void wr_json_digest_members(FILE *f, uint64_t size, const char *xxh3)
{
    if (xxh3[0])
        fprintf(f, ",\"size\":%llu,\"xxh3\":\"%s\"", (unsigned long long)size, xxh3);
    else /* not a regular file (a pipe): nothing to check later */
        fputs(",\"size\":null,\"xxh3\":null", f);
}

static void input_entry(FILE *f, const wr_file_stats *s, bool comma)
{
    fprintf(f, "%s\n {\"role\":\"%s\",\"file\":", comma ? "," : "", s->role);
    wr_json_string(f, s->name);
    path_member(f, s->path);
    wr_json_digest_members(f, s->size, s->xxh3);
    fputs(",\"format\":", f);
    if (!s->format) {
        fputs("null}", f);
        return;
    }
    fputs("{\"file\":", f);
    wr_json_string(f, wr_base_name(s->format->path));
    path_member(f, s->format->path);
    wr_json_digest_members(f, s->format_size, s->format_xxh3);
    fputs(",\"values\":[", f);
    for (size_t i = 0; i < s->format->n_values; i++) {
        if (i)
            fputc(',', f);
        wr_json_string(f, s->format->values[i]);
    }
    fputs("]}}", f);
}

void wr_write_run_json(FILE *f, const wr_model *m)
{
    const wr_options *o = m->opt;
    char as_of[11], from[8], to[8];
    wr_format_day(o->as_of_day, as_of);
    wr_format_month(o->from_month, from);
    wr_format_month(o->to_month, to);
    fprintf(f, "{\"run_json\":1,\"program\":\"wagerecon\",\"version\":\"%s\",\"rules\":\"RULES v2\",\n",
            WAGERECON_VERSION);
    fprintf(f, "\"options\":{\"as_of\":\"%s\",\"periods\":[\"%s\",\"%s\"]", as_of, from, to);
    money_member(f, "tolerance", o->tolerance_fen);
    fputs(",\"projects\":[", f); /* empty: every project */
    for (size_t i = 0; i < o->n_project_filter; i++) {
        if (i)
            fputc(',', f);
        wr_json_string(f, o->project_filter[i]);
    }
    /* D83: an as-of before the last period's end ran only when allowed */
    fprintf(f, "],\"allow_early_as_of\":%s",
            o->as_of_day < wr_month_last_day(o->to_month) ? "true" : "false");
    money_member(f, "large_payment", m->large_payment_fen);
    money_member(f, "list_worker_amount", m->list_worker_fen);
    money_member(f, "list_total_amount", m->list_total_fen);
    fprintf(f, ",\"warn_days\":%d,\"lang\":\"%s\",\"strict\":%s,\"rejects_raw\":%s,"
               "\"report_rows\":%s,\"part_facts\":%s,\"csv_bom\":%s,\"excel\":%s},\n",
            o->warn_days, o->lang == WR_LANG_EN ? "en" : "zh", o->strict ? "true" : "false",
            o->rejects_raw ? "true" : "false", o->report_rows ? "true" : "false",
            o->part_facts ? "true" : "false", o->csv_bom ? "true" : "false",
            o->excel ? "true" : "false");
    fputs("\"inputs\":[", f);
    for (size_t i = 0; i < m->report->n_files; i++)
        input_entry(f, &m->report->files[i], i > 0);
    fputs("\n]}\n", f);
}
