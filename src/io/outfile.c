#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The output set being written, for wr_remove_partial_outputs(). */
static wr_outset *volatile active_outset;

void wr_remove_partial_outputs(void)
{
    wr_outset *s = active_outset;
    for (int i = 0; s && i < s->n; i++)
        unlink(s->tmp[i]); /* async-signal-safe */
}

bool wr_outset_init(wr_outset *s, const char *dir, wr_error *err)
{
    memset(s, 0, sizeof *s);
    s->dir = dir;
    struct stat st;
    /* DECISIONS D26: the directory itself is created, its parents not. */
    if (stat(dir, &st) != 0 && mkdir(dir, 0777) != 0) {
        snprintf(err->message, sizeof err->message, "%s: cannot create output directory: %s",
                 dir, strerror(errno));
        return false;
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err->message, sizeof err->message, "%s: not a directory", dir);
        return false;
    }
    if (access(dir, W_OK) != 0) {
        snprintf(err->message, sizeof err->message, "%s: output directory is not writable", dir);
        return false;
    }
    return true;
}

FILE *wr_outset_open(wr_outset *s, const char *name, wr_error *err)
{
    int i = s->n;
    snprintf(s->final[i], sizeof s->final[i], "%s/%s", s->dir, name);
    snprintf(s->tmp[i], sizeof s->tmp[i], "%s/.%s.tmp.%ld", s->dir, name, (long)getpid());
    s->fp[i] = fopen(s->tmp[i], "w");
    if (!s->fp[i]) {
        snprintf(err->message, sizeof err->message, "%s: cannot write: %s", s->tmp[i],
                 strerror(errno));
        return NULL;
    }
    s->n++;
    active_outset = s;
    return s->fp[i];
}

bool wr_outset_commit(wr_outset *s, wr_error *err)
{
    for (int i = 0; i < s->n; i++) {
        FILE *f = s->fp[i];
        s->fp[i] = NULL;
        bool ok = fflush(f) == 0 && !ferror(f) && fsync(fileno(f)) == 0;
        ok = (fclose(f) == 0) && ok;
        if (!ok) {
            snprintf(err->message, sizeof err->message, "%s: write failed: %s", s->final[i],
                     strerror(errno));
            return false;
        }
    }
    /* Six renames are not one atomic step: keep the previous outputs as
     * hard links until all are renamed, and put them back if one fails. */
    char backup[WR_MAX_OUTPUTS][4200];
    bool had_previous[WR_MAX_OUTPUTS] = {false};
    for (int i = 0; i < s->n; i++) {
        snprintf(backup[i], sizeof backup[i], "%s.prev.%ld", s->tmp[i], (long)getpid());
        had_previous[i] = link(s->final[i], backup[i]) == 0;
    }
    int failed = -1;
    for (int i = 0; i < s->n && failed < 0; i++) {
        if (rename(s->tmp[i], s->final[i]) != 0) {
            snprintf(err->message, sizeof err->message, "%s: rename failed: %s", s->final[i],
                     strerror(errno));
            failed = i;
        }
    }
    for (int i = 0; i < s->n; i++) {
        if (failed >= 0 && i < failed) {
            if (had_previous[i])
                rename(backup[i], s->final[i]);
            else
                unlink(s->final[i]);
        }
        if (had_previous[i])
            unlink(backup[i]);
    }
    if (failed >= 0)
        return false; /* the caller's abort removes the temporary files */
    active_outset = NULL;
    int dfd = open(s->dir, O_RDONLY);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    s->n = 0;
    return true;
}

void wr_outset_abort(wr_outset *s)
{
    active_outset = NULL;
    for (int i = 0; i < s->n; i++) {
        if (s->fp[i])
            fclose(s->fp[i]);
        unlink(s->tmp[i]);
    }
    s->n = 0;
}

void wr_csv_cell(FILE *f, const char *s)
{
    wr_csv_cell_n(f, s, strlen(s));
}

void wr_csv_cell_n(FILE *f, const char *s, size_t n)
{
    bool quote = false;
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (!quote) {
        fwrite(s, 1, n, f);
        return;
    }
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            fputc('"', f);
        fputc(s[i], f);
    }
    fputc('"', f);
}

/* Length of a valid UTF-8 sequence at s, or 0. */
static int utf8_len(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    int n = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 && s[0] < 0xE0 ? 2 : 0;
    if (s[0] > 0xF4)
        return 0;
    for (int i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

void wr_json_string(FILE *f, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    fputc('"', f);
    while (*u) {
        if (*u == '"' || *u == '\\') {
            fputc('\\', f);
            fputc(*u++, f);
        } else if (*u < 0x20) {
            fprintf(f, "\\u%04x", *u++);
        } else {
            int n = utf8_len(u);
            if (n == 0) {
                fputs("\\ufffd", f);
                u++;
            } else {
                fwrite(u, 1, (size_t)n, f);
                u += n;
            }
        }
    }
    fputc('"', f);
}

void wr_html_text(FILE *f, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s, *end = u + n;
    while (u < end && *u) {
        int len = utf8_len(u);
        if (len == 0 || u + len > end) {
            fputs("\xEF\xBF\xBD", f); /* U+FFFD */
            u++;
            continue;
        }
        switch (*u) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default:
            if (*u >= 0x20 && *u != 0x7F)
                fwrite(u, 1, (size_t)len, f);
        }
        u += len;
    }
}

void wr_hex_text(FILE *f, const char *s)
{
    for (const unsigned char *u = (const unsigned char *)s; *u; u++)
        fprintf(f, "%02x", *u);
}
