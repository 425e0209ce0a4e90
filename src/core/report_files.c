/* The report's list of input files (core/report_files.h). A run reads a
 * handful of files, so the array grows by one entry per file (a realloc
 * each, never per row). */
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

void wr_report_free(wr_report *report)
{
    if (!report)
        return;
    for (size_t i = 0; i < report->n_files; i++) {
        free(report->files[i].name);
        free(report->files[i].format_name);
    }
    free(report->files);
    memset(report, 0, sizeof *report);
}
