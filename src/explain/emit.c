/* Text and JSON rendering of one walk (see emit.h). */
#include "emit.h"

#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "../io/outfile.h"
#include "../types/ident.h"
#include "../types/money.h"

#define TOP(e) (&(e)->stack[(e)->depth])

const char *wr_emit_tr(const wr_emit *e, const char *en)
{
    const char *zh = e->zh && !e->json ? wr_explain_phrase_zh(en) : NULL;
    return zh ? zh : en;
}

/* A member's name as the text shows it. */
static const char *label(const wr_emit *e, const char *key)
{
    const char *zh = e->zh && key ? wr_explain_key_zh(key) : NULL;
    return zh ? zh : key;
}

static void indent(const wr_emit *e, int n)
{
    for (int i = 0; i < n; i++)
        fputc(' ', e->out);
}

/* Text: before a member of the top frame is written. */
static void text_open_member(wr_emit *e)
{
    if (TOP(e)->list && !TOP(e)->any && TOP(e)->key) {
        indent(e, TOP(e)->indent);
        fprintf(e->out, "%s:\n", label(e, TOP(e)->key));
    }
}

/* JSON: the comma and member name. */
static void json_member(wr_emit *e, const char *key)
{
    if (TOP(e)->any)
        fputc(',', e->out);
    if (!TOP(e)->list) {
        wr_json_string(e->out, key);
        fputc(':', e->out);
    }
}

/* Text: a nested list or object starts inside an item: end its line. */
static void text_break_item(wr_emit *e)
{
    if (TOP(e)->item && !TOP(e)->any) {
        indent(e, TOP(e)->indent);
        fputs("-\n", e->out);
    } else if (TOP(e)->line_open) {
        fputc('\n', e->out);
    }
    TOP(e)->line_open = false;
}

/* Text: where the top frame's members go (an item's nested members sit
 * under its first line). */
static int member_indent(const wr_emit *e)
{
    return TOP(e)->indent + (TOP(e)->item ? 2 : 0);
}

static void push(wr_emit *e, const char *key, bool list)
{
    bool parent_list = TOP(e)->list;
    int ind;
    if (e->json) {
        json_member(e, key);
        fputc(list ? '[' : '{', e->out);
        ind = 0;
    } else {
        text_open_member(e);
        text_break_item(e);
        if (parent_list) {
            ind = TOP(e)->indent + 2; /* an item: "- " under the list's key */
        } else if (list) {
            ind = member_indent(e); /* its key is printed at its first item */
        } else {
            indent(e, member_indent(e));
            fprintf(e->out, "%s:\n", label(e, key));
            ind = member_indent(e) + 2;
        }
    }
    TOP(e)->any = true;
    if (e->depth + 1 >= WR_EMIT_MAX_DEPTH)
        return; /* the walk is shallower: never reached */
    e->depth++;
    memset(TOP(e), 0, sizeof *TOP(e));
    TOP(e)->list = list;
    TOP(e)->item = parent_list && !list;
    TOP(e)->key = key;
    TOP(e)->indent = ind;
}

void wr_emit_begin(wr_emit *e, FILE *out, bool json, bool zh)
{
    memset(e, 0, sizeof *e);
    e->out = out;
    e->json = json;
    e->zh = zh && !json;
    if (json)
        fputc('{', out);
}

void wr_emit_finish(wr_emit *e)
{
    if (e->json)
        fputs("}\n", e->out);
}

void wr_emit_object(wr_emit *e, const char *key)
{
    push(e, key, false);
}

void wr_emit_list(wr_emit *e, const char *key)
{
    push(e, key, true);
}

void wr_emit_end(wr_emit *e)
{
    if (e->json) {
        fputc(TOP(e)->list ? ']' : '}', e->out);
    } else if (TOP(e)->list && !TOP(e)->any) {
        indent(e, TOP(e)->indent);
        fprintf(e->out, "%s: %s\n", label(e, TOP(e)->key), e->zh ? "（无）" : "(none)");
    } else if (TOP(e)->line_open) {
        fputc('\n', e->out);
    }
    if (e->depth > 0)
        e->depth--;
}

/* One scalar: `text` as shown to a person; in JSON a string unless
 * `json_token` (a number, true, false or null). */
static void scalar(wr_emit *e, const char *key, const char *text, bool json_token)
{
    if (e->json) {
        json_member(e, key);
        if (json_token)
            fputs(text, e->out);
        else
            wr_json_string(e->out, text);
        TOP(e)->any = true;
        return;
    }
    text_open_member(e);
    if (TOP(e)->list) {
        indent(e, TOP(e)->indent + 2);
        fprintf(e->out, "- %s\n", text);
    } else if (TOP(e)->item) {
        if (!TOP(e)->line_open) {
            indent(e, TOP(e)->indent);
            fprintf(e->out, "- %s: %s", label(e, key), text);
            TOP(e)->line_open = true;
        } else {
            fprintf(e->out, "  %s: %s", label(e, key), text);
        }
    } else {
        indent(e, member_indent(e));
        fprintf(e->out, "%s: %s\n", label(e, key), text);
    }
    TOP(e)->any = true;
}

void wr_emit_str(wr_emit *e, const char *key, const char *value)
{
    if (!value)
        scalar(e, key, e->json ? "null" : "-", true);
    else
        scalar(e, key, value, false);
}

void wr_emit_fmt(wr_emit *e, const char *key, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, wr_emit_tr(e, fmt), ap); /* same conversions: words_zh.c */
    va_end(ap);
    scalar(e, key, buf, false);
}

void wr_emit_int(wr_emit *e, const char *key, int64_t v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%" PRId64, v);
    scalar(e, key, buf, true);
}

void wr_emit_bool(wr_emit *e, const char *key, bool v)
{
    scalar(e, key, e->json ? (v ? "true" : "false") : wr_emit_tr(e, v ? "yes" : "no"), true);
}

void wr_emit_fen(wr_emit *e, const char *key, int64_t fen)
{
    char buf[24];
    wr_format_fen(fen, buf);
    scalar(e, key, buf, false);
}

void wr_emit_day(wr_emit *e, const char *key, wr_day d)
{
    char buf[11];
    wr_format_day(d, buf);
    scalar(e, key, buf, false);
}

void wr_emit_month(wr_emit *e, const char *key, wr_month m)
{
    char buf[8];
    wr_format_month(m, buf);
    scalar(e, key, buf, false);
}

void wr_emit_id(wr_emit *e, const char *key, const char *id)
{
    if (e->json) {
        scalar(e, key, id, false);
        return;
    }
    char masked[24];
    wr_mask_id(id, strlen(id), masked);
    scalar(e, key, masked, false);
}

void wr_emit_account(wr_emit *e, const char *key, const char *account, bool wage_account)
{
    size_t n = strlen(account);
    if (e->json || wage_account || n <= 4) {
        scalar(e, key, account, false);
        return;
    }
    char buf[16];
    snprintf(buf, sizeof buf, "****%s", account + n - 4);
    scalar(e, key, buf, false);
}
