/*
 * Descriptor parameters (formats/README.md, DECISIONS D47): a column's
 * `value` may be a whole `${NAME}`, given at run time by
 * `--format-value NAME=VALUE` after the descriptor option, so one
 * descriptor serves every site of a device model (`column project_id
 * value ${project}`).
 *
 * descriptor.c finds the parameters (wr_format_param_parse) and notes
 * where each is written; wr_format_bind_values then sets each one's value
 * once, at load, so the reader sees a plain constant and pays nothing per
 * row. wr_format_resolved_text writes the values into the descriptor's
 * text for a copy that must read alone (a partition's parts).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/outfile.h"
#include "../types/error.h"
#include "../types/limits.h"
#include "format.h"

#define MAX_VALUE_BYTES 256

static bool name_char(char c, bool first)
{
    return (c >= 'a' && c <= 'z') || c == '_' || (!first && c >= '0' && c <= '9');
}

/* Length of the NAME at s ([a-z_][a-z0-9_]*), 0 when there is none. */
static size_t name_length(const char *s)
{
    size_t n = 0;
    while (name_char(s[n], n == 0))
        n++;
    return n;
}

int wr_format_param_parse(const char *word, const char **name, size_t *name_n)
{
    if (!strstr(word, "${"))
        return 0;
    if (strncmp(word, "${", 2) != 0)
        return -1; /* not a whole value: PJ-${site} */
    size_t n = name_length(word + 2);
    if (n == 0 || strcmp(word + 2 + n, "}") != 0)
        return -1;
    *name = word + 2;
    *name_n = n;
    return 1;
}

const char *wr_format_value_problem(const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq)
        return "wants NAME=VALUE";
    size_t n = name_length(arg);
    if (n == 0 || arg + n != eq)
        return "wants a NAME of a-z, 0-9 and _ (not starting with a digit) before =";
    size_t value_n = strlen(eq + 1);
    if (value_n == 0)
        return "wants a VALUE after =";
    if (value_n > MAX_VALUE_BYTES)
        return "wants a VALUE of at most 256 bytes";
    for (const char *v = eq + 1; *v; v++)
        if ((unsigned char)*v < 0x20 || *v == 0x7f)
            return "wants a VALUE without control characters (tabs, line breaks)";
    return NULL;
}

/* "DESCRIPTOR: what": WR_EINPUT. */
__attribute__((format(printf, 3, 4)))
static int fail(wr_error *err, const wr_format *f, const char *fmt, ...)
{
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return wr_errorf(err, WR_EINPUT, "%s: %s", f->path, what);
}

/* "DESCRIPTOR: out of memory": WR_ENOMEM. */
static int nomem(wr_error *err, const wr_format *f)
{
    return wr_errorf(err, WR_ENOMEM, "%s: out of memory", f->path);
}

int wr_format_bind_values(wr_format *f, const wr_format_ref *ref, wr_error *err)
{
    if (ref->n_values > WR_MAX_FORMAT_VALUES)
        return fail(err, f, "more than %d --format-value", WR_MAX_FORMAT_VALUES);
    for (size_t v = 0; v < ref->n_values; v++) {
        const char *arg = ref->values[v], *problem = wr_format_value_problem(arg);
        if (problem)
            return fail(err, f, "--format-value %s %s", arg, problem);
        int name_n = (int)(strchr(arg, '=') - arg);
        const char *value = arg + name_n + 1;
        for (size_t w = 0; w < v; w++)
            if (strncmp(ref->values[w], arg, (size_t)name_n + 1) == 0)
                return fail(err, f, "--format-value %.*s given twice", name_n, arg);
        bool used = false;
        for (uint32_t c = 0; c < f->n_columns; c++) {
            wr_fmt_column *col = &f->columns[c];
            if (!col->param || strlen(col->param) != (size_t)name_n ||
                strncmp(col->param, arg, (size_t)name_n) != 0)
                continue;
            if (!(col->value = wr_arena_strndup(&f->arena, value, strlen(value))))
                return nomem(err, f);
            used = true;
        }
        if (!used) /* DECISIONS D47: it was meant for another descriptor, or misspelt */
            return fail(err, f, "--format-value %.*s: this descriptor has no ${%.*s} (a value "
                                "belongs to the descriptor given last before it)",
                        name_n, arg, name_n, arg);
    }
    for (uint32_t c = 0; c < f->n_columns; c++) {
        const wr_fmt_column *col = &f->columns[c];
        if (col->param && !col->value)
            return fail(err, f, "line %u: ${%s} has no value (give --format-value %s=VALUE "
                                "after the descriptor)", col->line, col->param, col->param);
    }
    return 0;
}

/* The length of the line of the descriptor's text around offset at. */
static size_t line_length(const wr_format *f, size_t at)
{
    size_t from = at, to = at;
    while (from > 0 && f->text[from - 1] != '\n')
        from--;
    while (to < f->text_len && f->text[to++] != '\n')
        ;
    return to - from;
}

int wr_format_resolved_text(const wr_format *f, char **text, size_t *len, wr_error *err)
{
    FILE *out = open_memstream(text, len);
    if (!out)
        return nomem(err, f);
    size_t done = 0; /* bytes of f->text written */
    int rc = 0;
    for (uint32_t c = 0; c < f->n_columns && !rc; c++) { /* columns are in text order */
        const wr_fmt_column *col = &f->columns[c];
        if (!col->param)
            continue;
        size_t quoted = 2; /* "VALUE", a quote inside doubled (descriptor.c) */
        for (const char *v = col->value; *v; v++)
            quoted += *v == '"' ? 2 : 1;
        if (line_length(f, col->param_at) - col->param_len + quoted > WR_FMT_MAX_LINE) {
            rc = fail(err, f, "line %u: with the value of ${%s}, the line would pass %d bytes",
                      col->line, col->param, WR_FMT_MAX_LINE);
            break;
        }
        fwrite(f->text + done, 1, col->param_at - done, out);
        fputc('"', out);
        for (const char *v = col->value; *v; v++) {
            if (*v == '"')
                fputc('"', out);
            fputc(*v, out);
        }
        fputc('"', out);
        done = col->param_at + col->param_len;
    }
    fwrite(f->text + done, 1, f->text_len - done, out);
    if (!wr_memstream_close(out, text) && !rc)
        rc = nomem(err, f);
    if (rc) {
        free(*text);
        *text = NULL;
    }
    return rc;
}
