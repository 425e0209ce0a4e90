/* The report's allocations (core/report_files.h). A run reads a handful
 * of files, so the files' array grows by one entry per file (a realloc
 * each, never per row); the status words are copied at once, their
 * number known. */
#include "report_files.h"

#include <stdlib.h>
#include <string.h>

wr_file_stats *wr_report_add_file(wr_report *rep, const char *name)
{
    char *copy = strdup(name);
    wr_file_stats *files = copy ? realloc(rep->files, (rep->n_files + 1) * sizeof *files) : NULL;
    if (!files) {
        free(copy);
        return NULL;
    }
    rep->files = files;
    wr_file_stats *s = &files[rep->n_files++];
    memset(s, 0, sizeof *s);
    s->name = copy;
    return s;
}

bool wr_report_set_format_name(wr_file_stats *s, const char *name)
{
    char *copy = strdup(name);
    if (!copy)
        return false;
    free(s->format_name);
    s->format_name = copy;
    return true;
}

static void free_statuses(wr_report *rep)
{
    for (size_t i = 0; i < rep->n_statuses; i++)
        free(rep->statuses[i].word);
    free(rep->statuses);
    rep->statuses = NULL;
    rep->n_statuses = 0;
}

bool wr_report_set_statuses(wr_report *rep, const wr_status_count *c, size_t n)
{
    free_statuses(rep);
    if (n == 0)
        return true;
    rep->statuses = calloc(n, sizeof *rep->statuses);
    if (!rep->statuses)
        return false;
    for (; rep->n_statuses < n; rep->n_statuses++) {
        wr_status_word *w = &rep->statuses[rep->n_statuses];
        if (!(w->word = strdup(c[rep->n_statuses].word))) {
            free_statuses(rep);
            return false;
        }
        w->rows = c[rep->n_statuses].rows;
        w->amount_fen = c[rep->n_statuses].amount_fen;
    }
    return true;
}

void wr_report_free(wr_report *report)
{
    if (!report)
        return;
    for (size_t i = 0; i < report->n_files; i++) {
        free(report->files[i].name);
        free(report->files[i].format_name);
    }
    free(report->files);
    free_statuses(report);
    memset(report, 0, sizeof *report);
}
