/*
 * Output files written atomically (RULES section 6): each goes to a
 * temporary name in the output directory; only when every one is complete
 * and fsynced are they renamed into place, so a failed run leaves the
 * previous outputs untouched.
 */
#ifndef WR_OUTFILE_H
#define WR_OUTFILE_H

#include <stdio.h>

#include "wagerecon/wagerecon.h"

#define WR_MAX_OUTPUTS 8

typedef struct {
    const char *dir;
    char tmp[WR_MAX_OUTPUTS][4096], final[WR_MAX_OUTPUTS][4096];
    FILE *fp[WR_MAX_OUTPUTS];
    int n;
} wr_outset;

/* Checks the directory exists and is writable. */
bool wr_outset_init(wr_outset *s, const char *dir, wr_error *err);
/* Opens the temporary file for `name`; NULL with err set on failure. */
FILE *wr_outset_open(wr_outset *s, const char *name, wr_error *err);
/* Flushes, fsyncs and renames every file into place. */
bool wr_outset_commit(wr_outset *s, wr_error *err);
/* Removes the temporary files. */
void wr_outset_abort(wr_outset *s);

/* Writers shared by the outputs. */
void wr_csv_cell(FILE *f, const char *s);   /* quoted only when needed (D17) */
void wr_csv_cell_n(FILE *f, const char *s, size_t n); /* the same, for s[0..n) */
void wr_json_string(FILE *f, const char *s); /* escaped, invalid UTF-8 -> U+FFFD */
/* HTML text or attribute value: & < > " ' as entities, control characters
 * dropped, invalid UTF-8 -> U+FFFD. Writes n bytes of s (stops at NUL). */
void wr_html_text(FILE *f, const char *s, size_t n);
/* Every byte of s as two lower-case hex digits: any bytes, kept exactly,
 * in an ASCII text, and in the same byte order (strcmp) as s. */
void wr_hex_text(FILE *f, const char *s);

#endif
