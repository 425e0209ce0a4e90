#include "jsonread.h"

#include <stdio.h>
#include <string.h>

#include "../types/error.h"

typedef struct {
    const char *s, *end;
    wr_arena *a;
    int depth;
    bool oom; /* the arena ran out: not bad JSON */
} json_parser;

static void skip_ws(json_parser *p)
{
    while (p->s < p->end && (*p->s == ' ' || *p->s == '\n' || *p->s == '\r' || *p->s == '\t'))
        p->s++;
}

static int hex4(const char *s)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

static char *put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        *o++ = (char)cp;
    } else if (cp < 0x800) {
        *o++ = (char)(0xC0 | cp >> 6);
        *o++ = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *o++ = (char)(0xE0 | cp >> 12);
        *o++ = (char)(0x80 | (cp >> 6 & 0x3F));
        *o++ = (char)(0x80 | (cp & 0x3F));
    } else {
        *o++ = (char)(0xF0 | cp >> 18);
        *o++ = (char)(0x80 | (cp >> 12 & 0x3F));
        *o++ = (char)(0x80 | (cp >> 6 & 0x3F));
        *o++ = (char)(0x80 | (cp & 0x3F));
    }
    return o;
}

/* At an opening quote; returns the unescaped string in the arena. */
static const char *parse_string(json_parser *p)
{
    const char *s = ++p->s;
    while (s < p->end && *s != '"')
        s += *s == '\\' ? 2 : 1;
    if (s >= p->end)
        return NULL;
    char *out = wr_arena_alloc(p->a, (size_t)(s - p->s) + 1), *o = out;
    if (!out)
        return p->oom = true, NULL;
    while (p->s < s) {
        char c = *p->s++;
        if ((unsigned char)c < 0x20)
            return NULL;
        if (c != '\\') {
            *o++ = c;
            continue;
        }
        c = *p->s++;
        switch (c) {
        case '"': case '\\': case '/': *o++ = c; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u': {
            int cp = s - p->s >= 4 ? hex4(p->s) : -1;
            if (cp < 0)
                return NULL;
            p->s += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && s - p->s >= 6 && p->s[0] == '\\' &&
                p->s[1] == 'u') {
                int lo = hex4(p->s + 2);
                if (lo >= 0xDC00 && lo < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    p->s += 6;
                }
            }
            o = put_utf8(o, (unsigned)cp);
            break;
        }
        default:
            return NULL;
        }
    }
    *o = '\0';
    p->s = s + 1;
    return out;
}

static wr_json *parse_value(json_parser *p);

/* Arrays and objects: members chained through `next`. */
static bool parse_members(json_parser *p, wr_json *v, char close)
{
    wr_json **tail = &v->child;
    p->s++;
    skip_ws(p);
    if (p->s < p->end && *p->s == close) {
        p->s++;
        return true;
    }
    for (;;) {
        const char *key = NULL;
        skip_ws(p);
        if (close == '}') {
            if (p->s >= p->end || *p->s != '"' || !(key = parse_string(p)))
                return false;
            skip_ws(p);
            if (p->s >= p->end || *p->s++ != ':')
                return false;
        }
        wr_json *m = parse_value(p);
        if (!m)
            return false;
        m->key = key;
        *tail = m;
        tail = &m->next;
        skip_ws(p);
        if (p->s < p->end && *p->s == ',') {
            p->s++;
            continue;
        }
        if (p->s < p->end && *p->s == close) {
            p->s++;
            return true;
        }
        return false;
    }
}

static bool literal(json_parser *p, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(p->end - p->s) < n || memcmp(p->s, word, n) != 0)
        return false;
    p->s += n;
    return true;
}

static wr_json *parse_value(json_parser *p)
{
    skip_ws(p);
    if (p->s >= p->end || ++p->depth > 64)
        return NULL;
    wr_json *v = wr_arena_alloc(p->a, sizeof *v);
    if (!v)
        return p->oom = true, NULL;
    memset(v, 0, sizeof *v);
    bool ok = true;
    char c = *p->s;
    if (c == '{' || c == '[') {
        v->type = c == '{' ? WR_JSON_OBJECT : WR_JSON_ARRAY;
        ok = parse_members(p, v, c == '{' ? '}' : ']');
    } else if (c == '"') {
        v->type = WR_JSON_STRING;
        ok = (v->text = parse_string(p)) != NULL;
    } else if (c == 't' || c == 'f') {
        v->type = WR_JSON_BOOL;
        v->truth = c == 't';
        ok = literal(p, v->truth ? "true" : "false");
    } else if (c == 'n') {
        ok = literal(p, "null");
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        const char *start = p->s;
        v->type = WR_JSON_NUMBER;
        v->is_u64 = c != '-';
        if (c == '-')
            p->s++;
        for (; p->s < p->end && strchr("0123456789.eE+-", *p->s); p->s++) {
            if (*p->s < '0' || *p->s > '9')
                v->is_u64 = false;
            else if (v->is_u64)
                v->is_u64 = v->u64 <= (UINT64_MAX - 9) / 10 &&
                            (v->u64 = v->u64 * 10 + (uint64_t)(*p->s - '0'), true);
        }
        ok = (v->text = wr_arena_strndup(p->a, start, (size_t)(p->s - start))) != NULL;
        p->oom |= !ok;
    } else {
        ok = false;
    }
    p->depth--;
    return ok ? v : NULL;
}

int wr_json_parse(const char *text, size_t n, wr_arena *a, const char *name,
                  const wr_json **out, wr_error *err)
{
    json_parser p = {text, text + n, a, 0, false};
    wr_json *v = parse_value(&p);
    skip_ws(&p);
    *out = v && p.s == p.end ? v : NULL;
    if (p.oom)
        return wr_errorf(err, WR_ENOMEM, "%s: out of memory", name);
    if (!*out)
        return wr_errorf(err, WR_EINPUT, "%s: bad JSON at byte %zu", name, (size_t)(p.s - text));
    return 0;
}

const wr_json *wr_json_get(const wr_json *obj, const char *key)
{
    if (!obj || obj->type != WR_JSON_OBJECT)
        return NULL;
    for (const wr_json *m = obj->child; m; m = m->next)
        if (strcmp(m->key, key) == 0)
            return m;
    return NULL;
}
