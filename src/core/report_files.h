/*
 * The report's allocations (DECISIONS D243, D264): wr_report.files and
 * the names in it, grown one entry per file as the inputs are read (or,
 * in a merge, as the partition's summary lists them), and the payment
 * status words, copied once at the end of the reading; all freed by
 * wr_report_free (wagerecon.h).
 */
#ifndef WR_REPORT_FILES_H
#define WR_REPORT_FILES_H

#include <stdbool.h>

#include "model.h"
#include "wagerecon/wagerecon.h"

/* Appends a zeroed entry for the file `name` (a copy, the report's), its
 * format_name NULL. Returns it, or NULL when out of memory (the report
 * unchanged). The array may move: hold indices across a call, not
 * pointers. */
wr_file_stats *wr_report_add_file(wr_report *rep, const char *name);

/* A copy of name as s's format_name (the report's); false when out of
 * memory (s unchanged). */
bool wr_report_set_format_name(wr_file_stats *s, const char *name);

/* The payment status words (D29: in-scope rows, first seen first) into
 * the report, each word copied whole, for the terminal, the page and
 * --strict; the run gives its model's, the merge of parts the
 * partition's. Words the report held before are freed. False when out
 * of memory (the report then holds no words). */
bool wr_report_set_statuses(wr_report *rep, const wr_status_count *c, size_t n);

#endif
