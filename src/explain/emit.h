/*
 * One walk, two renderings: the explanation is emitted once as nested
 * objects, lists and fields, and this writer turns that either into one
 * JSON object or into indented text for a person, so the two cannot say
 * different things.
 *
 * Text: an object's fields one per line (`key: value`); a list's items
 * each on a line starting `- `, their fields side by side
 * (`key: value  key: value`), nested lists below; an empty list prints
 * `key: (none)`. ID numbers are masked there (first 6 + `********` +
 * last 4); JSON carries them in full (DECISIONS D42). Money is always
 * yuan with two decimals (a JSON string, as in flags.jsonl).
 */
#ifndef WR_EXPLAIN_EMIT_H
#define WR_EXPLAIN_EMIT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../types/date.h"

#define WR_EMIT_MAX_DEPTH 12

typedef struct {
    FILE *out;
    bool json;
    int depth;
    struct {
        bool list;          /* a list, else an object */
        bool item;          /* an object that is a list item */
        bool any;           /* has a member yet */
        bool line_open;     /* text: the item's line is being written */
        const char *key;    /* text: a list's key, printed at its first item */
        int indent;
    } stack[WR_EMIT_MAX_DEPTH];
} wr_emit;

/* Starts the root object. */
void wr_emit_begin(wr_emit *e, FILE *out, bool json);
/* Ends the root object (JSON: and the line). */
void wr_emit_finish(wr_emit *e);

/* In an object `key` is the member name; in a list it is ignored. */
void wr_emit_object(wr_emit *e, const char *key);
void wr_emit_list(wr_emit *e, const char *key);
void wr_emit_end(wr_emit *e);

void wr_emit_str(wr_emit *e, const char *key, const char *value); /* NULL: null */
void wr_emit_fmt(wr_emit *e, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void wr_emit_int(wr_emit *e, const char *key, int64_t v);
void wr_emit_bool(wr_emit *e, const char *key, bool v);
void wr_emit_fen(wr_emit *e, const char *key, int64_t fen);
void wr_emit_day(wr_emit *e, const char *key, wr_day d);
void wr_emit_month(wr_emit *e, const char *key, wr_month m);
/* An ID number: full in JSON, masked in text. */
void wr_emit_id(wr_emit *e, const char *key, const char *id);
/* A bank account: a project's wage account is the employer's and shows
 * in full; any other may be a worker's own card, so text shows its last
 * 4 only (JSON in full). */
void wr_emit_account(wr_emit *e, const char *key, const char *account, bool wage_account);

#endif
