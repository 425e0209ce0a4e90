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
 *
 * Text speaks Chinese or English (--lang, DECISIONS D162): keys, fixed
 * phrases and printf formats are looked up in words_zh.c; JSON is the same
 * in every language (a machine output: its keys and words never change).
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
    bool zh;                /* text in Chinese */
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

/* Starts the root object; zh: text in Chinese (ignored for JSON). */
void wr_emit_begin(wr_emit *e, FILE *out, bool json, bool zh);

/* `en`, a fixed phrase or printf format of the explanation, as the text
 * shows it: its Chinese (words_zh.c) in Chinese text, else itself. */
const char *wr_emit_tr(const wr_emit *e, const char *en);

/* words_zh.c: the Chinese of a key or of a phrase or format; NULL when
 * the table has none. Each format keeps its conversions in order. */
const char *wr_explain_key_zh(const char *key);
const char *wr_explain_phrase_zh(const char *en);
/* The tables themselves, for the test that checks them. */
typedef struct {
    const char *en, *zh;
} wr_explain_word;
extern const wr_explain_word wr_explain_keys_zh[], wr_explain_phrases_zh[];
extern const size_t wr_explain_n_keys_zh, wr_explain_n_phrases_zh;
/* Ends the root object (JSON: and the line). */
void wr_emit_finish(wr_emit *e);

/* In an object `key` is the member name; in a list it is ignored. Values
 * of wr_emit_fmt pass through wr_emit_tr (the format is always fixed
 * text); wr_emit_str prints its value as given (data, or wr_emit_tr's). */
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
